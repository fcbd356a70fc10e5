"""Cell text -> quantities with exact spans, values as written and canonical values."""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import regex

from .grammar import pattern
from .numerals import parse_chinese
from .rules import compile_rx, load_yaml, rules_dir, rx
from .units import canonical, multipliers


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float  # as written (lower bound of a range)
    unit: str  # as written, multiplier kept: 万亩, 亿元, %, 个百分点, 前/第 for ranks
    norm_value: float
    norm_unit: str  # CONTRACT.md canonical unit
    classifier: str = ""  # the measure word of a count
    approx: bool = False  # 近10亿元, 10余所, 超百亿元: the stated number, flagged
    upper: float | None = None  # the upper bound of a range (6.5%-7%)
    rule: str = "measured"  # which grammar branch matched

    def as_json(self, line: int | None = None) -> dict:
        d = {"line": line} if line is not None else {}
        d.update(
            text=self.text, start=self.start, end=self.end, value=json_number(self.value), unit=self.unit,
            norm_value=json_number(self.norm_value), norm_unit=self.norm_unit, classifier=self.classifier,
        )
        return d


def json_number(x: float) -> float | int:
    """JSON numbers: integers without .0, floats rounded to 4 decimals."""
    r = round(x, 4)
    return int(r) if r == int(r) and abs(r) < 1e15 else r


@functools.lru_cache(maxsize=1)
def _filters():
    data = load_yaml("quantities/not_quantities.yaml")
    where = rules_dir() / "quantities/not_quantities.yaml"
    blocks = [compile_rx(e["pattern"], f"{where}: blocks") for e in data.get("blocks", [])]
    lone = frozenset(data.get("lone_numerals", []))
    ordinal = compile_rx(rf"^(?:{data['ordinal_nouns']})", f"{where}: ordinal_nouns")
    return blocks, lone, ordinal


def plain_numbers(text: str) -> list[tuple[int, int, float]]:
    """Numbers written without a unit, as (start, end, value): 1,200 -> 1200.0; -5 -> -5.0."""
    return [(m.start("plain"), m.end("plain"), float(m.group("plain").replace(",", "")))
            for m in pattern("plain_number").finditer(text)]


def _number(text: str) -> float | None:
    if not text:
        return None
    value = float(text.replace(",", "")) if text[0].isdigit() else parse_chinese(text)
    return value if value is not None and math.isfinite(value) else None


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    blocks, _, _ = _filters()
    spans = []
    for block in blocks:
        spans.extend(m.span() for m in block.finditer(text))
    return spans


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in one cleaned cell, in order; never raises on odd text."""
    if not text:
        return []
    blocked = _blocked_spans(text)
    _, lone, ordinal = _filters()
    out: list[Quantity] = []
    for m in pattern().finditer(text):
        start, end = m.span()
        # a number glued to digits or a decimal point on its left is a piece of something else
        if start and (text[start - 1].isdigit() or text[start - 1] in ".第"):
            continue  # a piece of a longer number, or an ordinal (第二批) that is not a rank
        if any(s < end and start < e for s, e in blocked):
            continue
        q = _build(m, text, lone, ordinal)
        if q is not None:
            out.append(q)
    return out


def _build(m: regex.Match, text: str, lone, ordinal) -> Quantity | None:
    g = m.groupdict()
    start, end = m.span()
    approx = bool(g.get("approx_pre") or g.get("approx_post"))
    if g.get("pctnum"):
        value = _number(g["pctnum"])
        if value is None:
            return None
        return Quantity(start, end, m.group(), value, "%", value, "%", rule="percent_words")
    if g.get("ranknum"):
        if ordinal.match(text[end:end + 4]) or (end < len(text) and (text[end].isdigit() or text[end] in "%.")):
            return None
        if g["rankword"] == "第" and not rx("quantities/not_quantities.yaml", "rank_context").search(text[max(0, start - 12):start]):
            return None
        value = _number(g["ranknum"])
        if value is None:
            return None
        return Quantity(start, end, m.group(), value, g["rankword"], value, "rank", rule="rank")
    if g.get("num2"):
        value = _number(g["num2"])
        mult = g["mult2"]
        unit = mult
        factor = canonical(f"{mult}count_unit")
        if value is None or factor is None:
            return None
        return Quantity(start, end, m.group(), value, unit, value * factor.factor, "count",
                        approx=approx, rule="bare_multiplier")
    numtext = g.get("num") or g.get("cnnum")
    if g.get("cnnum") and g["cnnum"] in lone and not g.get("mult") and not g.get("pp") and not (
            rx("quantities/not_quantities.yaml", "lone_numeral_verbs").search(text[max(0, start - 4):start])):
        return None
    value = _number(numtext)
    if value is None:
        return None
    upper = _number(g.get("upto") or g.get("upto_pct") or "")
    mult = g.get("mult") or ""
    if g.get("cnnum") and mult and regex.search("[亿億万萬]", g["cnnum"]):
        # 一亿二千万元: the multiplier closes the numeral's last section; value is in units of it
        whole = _number(g["cnnum"] + mult)
        value = whole / multipliers()[mult] if whole is not None else value
    if g.get("pct"):
        if mult:
            return None
        norm = value / 10 if g["pct"] == "‰" else value  # ‰ is a tenth of a percent
        return Quantity(start, end, m.group(), value, g["pct"], norm, "%", approx=approx, upper=upper,
                        rule="percent")
    if g.get("pp"):
        return Quantity(start, end, m.group(), value, mult + g["pp"], value, "pp", approx=approx, upper=upper,
                        rule="percentage_point")
    unit = g.get("unit") or ""
    written = mult + unit
    canon = canonical(written)
    if canon is None:
        return None
    classifier = unit if canon.norm_unit == "count" else ""
    unit_written = mult + unit + text[m.end("unit"):end]  # 元/人 keeps its per-suffix
    return Quantity(start, end, m.group(), value, unit_written, value * canon.factor, canon.norm_unit,
                    classifier=classifier, approx=approx, upper=upper, rule="measured")
