"""Cell text -> quantities with exact spans, values as written and canonical values.

A numeral is read whole or not at all: the grammar (rules/quantities/grammar.yaml) only matches
well-formed numerals and never starts inside one; here a match is dropped when its numeral runs on
into more numeral characters (3万5 of 3万5千元 would be a wrong value) or when a unit is followed
by a bare numeral nothing claims (1米8, 三个一百). Where a reading is uncertain, nothing is emitted.

The few characters written in this module (负 a sign, 半 a half, 分之 a fraction, 成/折 tenths, 第 an
ordinal, 万/亿 sections) are not vocabulary but the grammar's own structure: each is what a named
group of rules/quantities/grammar.yaml matches, and the code here gives that group its meaning.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, replace

import regex

from .budget import check
from .clean import normalize_chars
from .grammar import pattern
from .numerals import denominator, in_words, is_numeral_at, parse_numeral
from .rules import compile_rx, load_yaml, rules_dir, rx
from .units import canonical, currency_symbols, multipliers, qualifiable, symbols

# time budget of the grammar per cell: a fixed part plus a part per character, so a 1 MB cell of
# dense figures still fits while a pathological cell stops with QuantityTimeout
BUDGET_SECONDS = 2.0
BUDGET_PER_CHAR = 50e-6


class QuantityTimeout(RuntimeError):
    """The grammar ran past its time budget on one cell; callers may turn this into a warning."""


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float  # as written (lower bound of a range), signed: 负0.2千米 -> -0.2, 增长-3.2% -> -3.2
    unit: str  # as written, multiplier kept: 万亩, 亿元, %, 个百分点, 成, 前/第 for ranks
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
    never = frozenset(data.get("never_alone", []))
    ordinal = compile_rx(rf"^(?:{data['ordinal_nouns']})", f"{where}: ordinal_nouns")
    return blocks, lone, never, ordinal


def plain_numbers(text: str) -> list[tuple[int, int, float]]:
    """Numbers written without a unit, as (start, end, value): 1,200 -> 1200.0; -5 -> -5.0."""
    text = normalize_chars(text)
    return [(m.start("plain"), m.end("plain"), float(m.group("plain").replace(",", "")))
            for m in pattern("plain_number").finditer(text)]


class _Blocked:
    """The spans of rules/quantities/not_quantities.yaml blocks, merged and sorted: one bisect per match."""

    def __init__(self, text: str, timeout: float):
        blocks = _filters()[0]
        spans = sorted(s for b in blocks for s in (m.span() for m in b.finditer(text, timeout=timeout)) if s[1] > s[0])
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.ends, start + 1)  # first span ending after start
        return i < len(self.starts) and self.starts[i] < end


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in one cell, in order; spans index the text as passed in. Cached: the layout
    reader, the target and progress readers and the pairing ask about the same cells, and each
    distinct text is read once a run."""
    return list(_cached(text)) if len(text) <= _CACHED_CHARS else _find(text)


_CACHED_CHARS = 4096  # longer cells are read each time they are asked for, not kept


@functools.lru_cache(maxsize=16384)
def _cached(text: str) -> tuple[Quantity, ...]:
    return tuple(_find(text))


def _find(text: str) -> list[Quantity]:
    """All quantities in one cell, in order; spans index the text as passed in.

    Full-width forms and traditional characters are read as their plain twins (a one-for-one map,
    so offsets hold); spaces inside a numeral written spaced out (一 百 五 十 个 百 分 点) are read
    past. Never raises on odd text, except QuantityTimeout past the time budget.
    """
    if not text:
        return []
    raw, text = text, normalize_chars(text)
    same = raw == text
    timeout = BUDGET_SECONDS + BUDGET_PER_CHAR * len(text)
    try:
        text, where = _compact(text, timeout)
        blocked = _Blocked(text, timeout)
        out: list[Quantity] = []
        for n, m in enumerate(pattern().finditer(text, timeout=timeout)):
            if not n % 256:
                check()  # the row's own budget (extract/budget.py), when the pipeline set one
            start, end = m.span()
            if start and text[start - 1] == "第" and not m.group("rankword"):
                continue  # an ordinal (第二批) that is not a rank
            if start > 1 and text[start - 1] == " " and text[start - 2].isdigit() and text[start].isdigit():
                continue  # 7 2折: digits spaced apart, one number or two; unsure
            if start > 1 and text[start - 2].isascii() and text[start - 2].isdigit() and _comma_group(text, start - 1):
                continue  # 1，234元: 234 may be the tail of 1,234
            if blocked.overlaps(start, end):
                continue
            q = _build(m, text)
            if q is None or not _stands_alone(text, q):
                continue
            if where is not None or not same:
                a, b = (where[q.start], where[q.end - 1] + 1) if where is not None else (q.start, q.end)
                q = replace(q, start=a, end=b, text=raw[a:b])
            out.append(q)
        return out
    except TimeoutError:
        raise QuantityTimeout(f"quantity grammar ran past {timeout:.1f} s on a cell of {len(text)} characters "
                              f"(starting {text[:40]!r})") from None


def find_in_raw(raw: str) -> list[Quantity]:
    """The quantities of a caller's text, cleaned as table cells are (clean.py: HTML, entities,
    full-width forms, traditional characters, whitespace), with spans and texts in `raw` itself."""
    from .clean import clean_with_offsets

    text, offsets = clean_with_offsets(raw)
    out = []
    for q in find_quantities(text):
        a, b = offsets[q.start], offsets[q.end - 1] + 1
        out.append(replace(q, start=a, end=b, text=raw[a:b]))
    return out


def _compact(text: str, timeout: float) -> tuple[str, list[int] | None]:
    """The text without the spaces that sit inside a numeral or a percentage word (四点 五, 百 分 之 2),
    and where each remaining character was; (text, None) when there are none."""
    if " " not in text and "\t" not in text:
        return text, None
    cuts = [m.span() for m in pattern("spaced_joint").finditer(text, timeout=timeout)]
    if not cuts:
        return text, None
    keep, where, last = [], [], 0
    for a, b in cuts:
        keep.append(text[last:a])
        where.extend(range(last, a))
        last = b
    keep.append(text[last:])
    where.extend(range(last, len(text)))
    return "".join(keep), where


# --- whole or nothing -------------------------------------------------------------------------

def _runs_on(text: str, end: int) -> bool:
    """The numeral that ends at `end` goes on: more digits, 点五, 半, 分之, 15k, 百分之五 十."""
    if end >= len(text):
        return False
    c = text[end]
    if is_numeral_at(text, end):
        return not pattern("not_numeral_words").match(text, end)
    if c in ".,点" and is_numeral_at(text, end + 1):
        return True
    if c == "半" or text.startswith("分之", end):
        return True
    if _comma_group(text, end):
        return True  # 1，234: thousands typed with a Chinese comma, or a list; unsure
    # 15k, 2e5, 52.5 k: a number in another notation
    return text[end - 1].isascii() and text[end - 1].isdigit() and (
        (c.isascii() and c.isalpha()) or (c == " " and end + 1 < len(text) and text[end + 1].isascii()
                                          and text[end + 1].isalnum()))


def _comma_group(text: str, i: int) -> bool:
    """text[i] is a full-width comma after an ASCII digit and before exactly three digits."""
    return (text[i:i + 1] == "，" and i > 0 and text[i - 1].isascii() and text[i - 1].isdigit()
            and text[i + 1:i + 4].isdigit() and text[i + 1:i + 4].isascii()
            and not text[i + 4:i + 5].isdigit())


def _stands_alone(text: str, q: Quantity) -> bool:
    """Whole or nothing at the right edge: the match is not a head of a longer numeral, and a unit is
    not followed by a bare numeral that belongs to it (1米8, 三个一百, 七成六)."""
    end = q.end
    if end >= len(text):
        return True
    if is_numeral_at(text, end - 1) and q.rule not in {"percent", "percentage_point"}:
        return not _runs_on(text, end)
    if not is_numeral_at(text, end) or pattern("not_numeral_words").match(text, end):
        return True
    if pattern().match(text, end):
        return True  # another quantity starts there: 5亿元3个 is two
    run_end = end
    while run_end < len(text) and is_numeral_at(text, run_end):
        run_end += 1
    # 3所2023年, 3所2.改造: a date or a list number, not a part of this amount
    return bool(rx("quantities/not_quantities.yaml", "attached_after").match(text[run_end:run_end + 3]))


def _lone_word(numtext: str) -> bool:
    """伍 of 入伍, 陆 of 陆地, 拾 of 拾起: one everyday-word numeral character with nothing beside it."""
    body = numtext.lstrip("-负")
    return len(body) == 1 and body in in_words()


# --- building a quantity from a match -----------------------------------------------------------

def _value(numtext: str | None) -> float | None:
    return parse_numeral(numtext) if numtext else None


def _split_value(numtext: str) -> tuple[float | None, str]:
    """一亿二千万元: a section word closing a Chinese numeral is kept with the unit as written, the value
    counted in it (12000, 万元), as 1.2万元 would be."""
    whole = parse_numeral(numtext)
    if whole is None:
        return None, ""
    if numtext[-1] not in "万亿萬億":
        return whole, ""
    mults = multipliers()
    for m in _section_multipliers():
        if numtext.endswith(m) and len(numtext.lstrip("-负")) > len(m):
            return whole / mults[m], m
    return whole, ""


@functools.lru_cache(maxsize=1)
def _section_multipliers() -> tuple[str, ...]:
    return tuple(sorted((m for m in multipliers() if all(c in "万亿萬億" for c in m)), key=len, reverse=True))


class _Groups:
    """Named groups read on demand and kept (a groupdict of the whole grammar per match costs more than
    the rest; each group is asked for several times)."""
    __slots__ = ("m", "seen")

    def __init__(self, m: regex.Match):
        self.m, self.seen = m, {}

    def __getitem__(self, name: str):
        try:
            return self.seen[name]
        except KeyError:
            value = self.seen[name] = self.m.group(name)
            return value

    def get(self, name: str, default=None):
        return self[name] or default


def _build(m: regex.Match, text: str) -> Quantity | None:
    g = _Groups(m)
    start, end = m.span()
    approx = bool(g.get("approx_pre") or g.get("approx_post"))
    if g.get("den"):
        return _fraction(m, g)
    if g.get("cur"):
        return _currency_first(m, g)
    if g.get("tenth"):
        return _tenths(m, g)
    if g.get("discount"):
        return _discount(m, g)
    if g.get("num") and g["num"][0] in "半对":
        return None
    if g.get("ranknum"):
        return _rank(m, g, text)
    if g.get("pct") or g.get("pp") or g.get("unit") or g.get("symbol"):
        return _measured(m, g, text, approx)
    if g.get("mult") and g.get("num"):  # 1000万 and nothing after it: a count
        value = _value(g["num"])
        factor = canonical(f"{g['mult']}count_unit")
        if value is None or factor is None:
            return None
        return Quantity(start, end, m.group(), value, g["mult"], value * factor.factor, "count",
                        approx=approx, rule="bare_multiplier")
    return None


def _fraction(m, g) -> Quantity | None:
    den, value = denominator(g["den"]), _value(g["num"])
    if not den or value is None:
        return None
    unit = {100: "%", 1000: "‰", 10000: "‱"}.get(int(den), g["den"] + "分之")
    return Quantity(m.start(), m.end(), m.group(), value, unit, value * 100 / den, "%", rule="percent_words")


def _currency_first(m, g) -> Quantity | None:
    name = currency_symbols()[g["cur"]]
    if g.get("unit") and canonical(g["unit"]) != canonical(name):
        return None  # 人民币5美元: the sign and the unit disagree
    value, mult = _value(g["num"]), g.get("mult") or ""
    canon = canonical(mult + name)
    if value is None or canon is None:
        return None
    return Quantity(m.start(), m.end(), m.group(), value, g["cur"] + mult + (g.get("unit") or ""),
                    value * canon.factor, canon.norm_unit, approx=bool(g.get("approx_post")), rule="currency_sign")


def _tenths(m, g) -> Quantity | None:
    if _lone_word(g["num"]):
        return None
    value = 0.5 if g["num"] == "半" else _value(g["num"])
    if value is None:
        return None
    value += 0.5 if g.get("half") else 0
    if not 0 < value <= 10:
        return None
    return Quantity(m.start(), m.end(), m.group(), value, "成", value * 10, "%",
                    approx=bool(g.get("approx_pre")), rule="tenths")


def _discount(m, g) -> Quantity | None:
    """八折 = 80 %, 9.9折 = 99 %, 75折 / 七五折 = 75 %, 打对折 / 半折 = 50 %; 十折 is no discount."""
    num = g["num"]
    if _lone_word(num):
        return None
    digits = load_yaml("quantities/numerals.yaml")["digits"]
    if num in {"对", "半"}:
        value, norm = 5.0, 50.0
    elif len(num) == 2 and all(c in digits for c in num):
        value = norm = float(digits[num[0]] * 10 + digits[num[1]])
    else:
        value = _value(num)
        if value is None:
            return None
        if 0 < value < 10:
            norm = value * 10
        elif 10 < value < 100 and value == int(value):
            norm = value
        else:
            return None
    return Quantity(m.start(), m.end(), m.group(), value, "折", norm, "%", rule="discount")


def _rank(m, g, text) -> Quantity | None:
    start, end = m.span()
    _, _, _, ordinal = _filters()
    if ordinal.match(text[end:end + 4]) or (end < len(text) and (text[end].isdigit() or text[end] in "%.")):
        return None
    ranking = rx("quantities/not_quantities.yaml", "rank_context")
    if g["rankword"] == "第" and not ranking.search(text[max(0, start - 12):start]):
        return None
    value = _value(g["ranknum"])
    if value is None:
        return None
    return Quantity(start, end, m.group(), value, g["rankword"], value, "rank", rule="rank")


def _measured(m, g, text, approx) -> Quantity | None:
    start, end = m.span()
    _, lone, never, _ = _filters()
    numtext = g["num"]
    body = numtext.lstrip("-负")
    mult = g.get("mult") or ""
    if mult:
        value = _value(numtext)
    else:
        value, mult = _split_value(numtext)
    if value is None:
        return None
    if body in never or _lone_word(numtext):
        return None  # 参 alone is a verb, 零 alone no amount, 陆 of 登陆 no number
    upper = _value(g.get("upto") or g.get("upto_pct") or "")
    if g.get("upto") and upper is None:
        return None
    if "负" in text[max(0, start - 5):start] and pattern("negative_before").search(text, max(0, start - 5), start) \
            and (g.get("pct") or g.get("pp")):
        value, upper = -value, (-upper if upper is not None else None)  # 负增长3.2%: a growth of -3.2
    if g.get("pct"):
        if mult:
            return None
        norm = {"‰": value / 10, "‱": value / 100}.get(g["pct"], value)
        return Quantity(start, end, m.group(), value, g["pct"], norm, "%", approx=approx, upper=upper, rule="percent")
    if g.get("pp"):
        factor = multipliers()[mult] if mult else 1.0
        return Quantity(start, end, m.group(), value, mult + g["pp"], value * factor, "pp", approx=approx,
                        upper=upper, rule="percentage_point")
    if g.get("symbol"):
        unit_name, unit_written = symbols()[g["symbol"]], g["symbol"]
    else:
        unit_name = unit_written = g["unit"]
    canon = canonical(mult + unit_name)
    if canon is None:
        return None
    count = canon.norm_unit == "count"
    if count and body in lone and not mult and not (
            rx("quantities/not_quantities.yaml", "lone_numeral_verbs").search(text[max(0, start - 4):start])):
        return None  # 一个, 一件事: an article, not a number
    if count and " " in text[m.end("num"):m.start("unit") if g.get("unit") else end]:
        return None  # 3 个: a count is written against its measure word
    if g.get("half"):
        if count:
            return None  # 三个半小时 is not 3.5 of anything counted
        value += 0.5
    subs = m.captures("sub") if g.get("subunit") else []
    if subs:
        if mult:
            return None
        for sub, subunit in zip(subs, m.captures("subunit")):
            sub_value, sub_canon = _value(sub), canonical(subunit)
            if sub_value is None or sub_canon is None or sub_canon.norm_unit != canon.norm_unit \
                    or sub_canon.factor >= canon.factor:
                return None  # a tail that is not a smaller unit of the same kind: unsure, drop
            value += sub_value * sub_canon.factor / canon.factor
    per = text[m.end("unit"):end] if g.get("unit") and not subs and not g.get("half") else ""
    if (per or text[end:end + 1] == "/") and not qualifiable(canon.norm_unit):
        if not per:
            return None  # 5吨/ followed by something the grammar did not read: unsure, drop
        # 35微克/立方米, 500公斤/亩: a rate outside the canonical table keeps its value and unit as
        # written (CONTRACT.md: no conversion, never an amount of its first unit alone)
        written = mult + unit_written + per
        return Quantity(start, end, m.group(), value, written, value, written, approx=approx, upper=upper,
                        rule="rate")
    classifier = unit_name if count else ""
    return Quantity(start, end, m.group(), value, mult + unit_written + per, value * canon.factor, canon.norm_unit,
                    classifier=classifier, approx=approx, upper=upper,
                    rule="measured")


# --- a cell that is one figure ---------------------------------------------------------------

def bare_number(cell: str) -> tuple[int, int, float] | None:
    """The cell is one number and nothing else (7.23, 1,200), as (start, end, value)."""
    found = plain_numbers(cell or "")
    return found[0] if len(found) == 1 and not (cell[:found[0][0]] + cell[found[0][1]:]).strip() else None


def is_one_figure(text: str) -> bool:
    """The whole cell is one number or one quantity: a figure in a column of its own."""
    if not text:
        return False
    if bare_number(text):
        return True
    found = find_quantities(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(text.rstrip("。. "))
