"""Column roles from the header and from what each column holds, decided for the whole table at once.

For every column and role, the evidence is added up (rules/layout.yaml): a known header name, the
header's morphemes, and the column's content features (shares of its cells that are serials,
organisation names, figures, commitments, reports …) times the role's weights. Roles are then
assigned best evidence first, `single` roles to one column only. Each column keeps its evidence and
its margin over the next best role; the smallest margin among the key columns is the table's
confidence, and a weak one is reported, never silently guessed.
"""
from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, replace

import regex

from .header import Header, normalise
from .quantities import find_quantities
from .rules import RULES
from .table import Column

L = RULES.layout
_SPACE = regex.compile(r"\s+")
_DIGIT = regex.compile(r"\d")
# the roles that hold what a row is about; their margins make the table's confidence
KEY_ROLES = ("target", "target_value", "progress", "achieved")
NUMERIC = ("target_value", "achieved", "ratio")
NO_TARGET_COLUMN = "no column can be read as targets"


def features(cells: list[str], index: int = 0) -> dict[str, float]:
    """Shares (0..1) of a column's non-empty cells with each property (rules/layout.yaml `content`)."""
    n = len(cells)
    filled = [c for c in cells if c]
    leftmost = L.leftmost[index] if index < len(L.leftmost) else 0.0
    if not filled:
        return {"sparse": 1.0, "leftmost": leftmost}
    counts = Counter(filled)
    share = lambda pred: sum(1 for c in filled if pred(c)) / len(filled)  # noqa: E731
    merged = sum(1 for i, c in enumerate(cells) if not c and any(cells[:i])) / n  # blanks below a cell
    return {
        "serial": share(lambda c: bool(L.serial.match(c) or L.total.match(c))) * _sequence(filled),
        "organisation": share(lambda c: bool(L.organisation.match(c))),
        "place": share(lambda c: bool(L.place.match(c))),
        "unit": share(is_unit),
        "number": share(lambda c: bool(L.figure_cell.match(c))),
        "percent": share(lambda c: bool(L.percent_cell.match(c))),
        "quantity": share(lambda c: bool(find_quantities(c))),
        "commitment": share(lambda c: bool(L.commitment.search(c))),
        "reporting": share(lambda c: bool(L.progress_like.search(c))),
        "prose": share(lambda c: not (L.figure_cell.match(c) or L.percent_cell.match(c))),
        "long": share(lambda c: len(c) > L.long_cell),
        "short_text": share(lambda c: len(c) <= L.short_cell and not _DIGIT.search(c)),
        "repeated": max(share(lambda c: counts[c] > 1), merged),
        "sparse": 1 - len(filled) / n,
        "yes_no": share(lambda c: bool(L.yes_no.match(c))),
        "person": share(_is_person),
        "leftmost": leftmost,
    }




def _ordinal(cell: str) -> int | None:
    """The number a serial counts: 3, (三) -> 3, ③ -> 3; None when the cell holds none."""
    from .numerals import parse_chinese

    m = L.serial_number.search(cell)
    if not m:
        return None
    text = m.group()
    if text.isdigit():
        return int(text)
    if "①" <= text <= "⑳":
        return ord(text) - ord("①") + 1
    value = parse_chinese(text)
    return int(value) if value else None


def _sequence(cells: list[str]) -> float:
    """How much a column counts up as serials do: each next number is one more, the same (a sub-row),
    or a restart at 1. Figures (143, 44, 71) do not."""
    numbers = [n for n in map(_ordinal, cells) if n is not None]
    if 0 in numbers:
        return 0.0  # serials count from 1
    if len(numbers) < 2:
        return 1.0 if numbers == [1] else 0.0
    steps = sum(1 for a, b in itertools.pairwise(numbers) if b in (a, a + 1, 1))
    return steps / (len(numbers) - 1)


_PERSON = regex.compile(r"^\p{Han}{2,3}$")
_NAME_LIST = regex.compile(r"[、,，/ ]+")


def _is_person(cell: str) -> bool:
    """One or more person names: 徐国江, 张三、李四 (a common surname and one or two characters)."""
    names = [n for n in _NAME_LIST.split(cell) if n]
    return bool(names) and all(_PERSON.match(n) and n[0] in L.surnames for n in names)


def is_unit(cell: str) -> bool:
    """A known unit as a 单位 column writes it: 亿元, 万人, %, 元/月/人, 微克/立方米."""
    from .units import canonical

    return bool(L.unit_cell.match(cell)) and (canonical(cell) is not None or "/" in cell or cell in {"%", "‰"})


def looks_like_unit(cell: str) -> bool:
    """A cell a 单位 column may hold: a known unit, or a short word without digits (天, 个百分点)."""
    return bool(L.unit_cell.match(cell)) and not _DIGIT.search(cell)


def header_evidence(name: str) -> dict[str, tuple[float, list[str]]]:
    """Per role: the header's score and what it is made of (a known name, morphemes)."""
    out: dict[str, tuple[float, list[str]]] = {}
    parts = [p for p in name.split("/") if p] or [""]
    for role in L.roles:
        score, why = 0.0, []
        names, pattern = L.names.get(role, ()), L.name_patterns.get(role)
        for part in parts:
            bare = normalise(part)
            if bare and (bare in names or (pattern is not None and pattern.fullmatch(bare))):
                score, why = L.name_weight, [f"header name {bare}"]
            elif bare and score < L.suffix_weight:
                suffix = max((n for n in names if len(n) >= 2 and bare.endswith(n)), key=len, default="")
                if suffix:
                    score, why = L.suffix_weight, [f"header ends with name {suffix}"]
        found = sorted((w, m) for m, w in L.morphemes.get(role, {}).items() if m in normalise(name.replace("/", "")))
        if found:
            best, rest = found[-1], found[:-1]
            score += best[0] + L.morpheme_extra * len(rest)
            why.append("header word " + "、".join(m for _, m in reversed(found)))
        if role in L.percent_header and ("%" in name or "％" in name):
            score += L.percent_header[role]
            why.append("per cent sign in the header")
        out[role] = (score, why)
    return out


@dataclass(frozen=True)
class _Scored:
    index: int
    header: str
    scores: dict[str, float]
    evidence: dict[str, list[str]]
    features: dict[str, float]
    header_scores: dict[str, float]


def column_features(data: list[list[str]], width: int) -> list[dict[str, float]]:
    return [features([line[i] if i < len(line) else "" for line in data], i) for i in range(width)]


def score_columns(names: tuple[str, ...], data: list[list[str]],
                  feats_by_column: list[dict[str, float]] | None = None) -> list[_Scored]:
    """Every column's evidence for every role. The content features do not depend on the header and
    may be passed in, computed once for several readings of the header."""
    width = max([len(names)] + [len(c) for c in data])
    if feats_by_column is None or len(feats_by_column) < width:
        feats_by_column = column_features(data, width)
    out = []
    for i in range(width):
        feats = feats_by_column[i]
        head = header_evidence(names[i] if i < len(names) else "")
        scores, evidence = {}, {}
        for role in L.roles:
            h, why = head[role]
            weights = L.content.get(role, {})
            content = sum(w * feats.get(f, 0.0) for f, w in weights.items())
            scores[role] = L.base.get(role, 0.0) + h + content
            parts = [f"{f} {feats[f]:.2f}×{w:g}" for f, w in weights.items() if feats.get(f)]
            evidence[role] = why + (["cells: " + ", ".join(parts)] if parts else [])
        out.append(_Scored(i, names[i] if i < len(names) else "", scores, evidence, feats,
                           {r: head[r][0] for r in L.roles}))
    return out


def _total(roles: dict[int, str], scored: list[_Scored]) -> float:
    return sum(scored[i].scores[r] for i, r in roles.items())


def _free_best(i: int, roles: dict[int, str], scored: list[_Scored]) -> str:
    """Column i's best role among those still free to it."""
    taken = {r for j, r in roles.items() if j != i and r in L.single}
    return max((r for r in L.roles if r not in taken), key=lambda r: scored[i].scores[r])


def assign(scored: list[_Scored]) -> dict[int, str]:
    """Roles for the whole table: best evidence first, then single moves while the total evidence
    grows (a column taking a `single` role displaces its holder to the holder's next best role)."""
    options = sorted(((s.scores[r], -s.index, s.index, r) for s in scored for r in L.roles), reverse=True)
    roles: dict[int, str] = {}
    taken: set[str] = set()
    for _, _, i, role in options:
        if i in roles or (role in L.single and role in taken):
            continue
        roles[i] = role
        taken.add(role)
    for _ in range(4 * len(scored)):
        best, best_total = None, _total(roles, scored)
        for s in scored:
            for role in L.roles:
                if role == roles[s.index]:
                    continue
                candidate = dict(roles)
                candidate[s.index] = role
                holder = next((j for j, r in roles.items() if r == role and j != s.index), None)
                if role in L.single and holder is not None:
                    candidate[holder] = _free_best(holder, candidate, scored)
                total = _total(candidate, scored)
                if total > best_total + 1e-9:
                    best, best_total = candidate, total
        if best is None:
            break
        roles = best
    return roles


def _end_month(header: str) -> int:
    """The last month a header's period covers (1-10月 -> 10, 上半年 -> 6), 0 when it names none."""
    m = L.period_months.search(header)
    if m:
        return int(m.group("m"))
    found = [month for word, month in L.period_end_month.items() if word in header]
    return max(found, default=0)


def _settle(roles: dict[int, str], scored: list[_Scored]) -> dict[int, str]:
    """Structural fixes the evidence alone does not make (read_columns notes the columns they place)."""
    out = dict(roles)
    # several progress columns for successive periods (1-10月推进情况 | 1-11月推进情况): the latest reports
    months = {i: _end_month(scored[i].header) for i, r in out.items() if r == "progress"}
    dated = [i for i, m in months.items() if m]
    if len(dated) > 1:
        latest = max(dated, key=lambda i: (months[i], i))
        for i in dated:
            if i != latest:
                out[i] = "other"
    # columns under one group name (城镇老旧小区改造(个)/目标任务 | …/进度 | …/完成比例): one target
    # number per group, the column that leans most to it; the group's other numbers are achieved
    tops: dict[str, list[int]] = {}
    for s in scored:
        if "/" in s.header and out[s.index] in NUMERIC:
            tops.setdefault(s.header.split("/")[0], []).append(s.index)
    for members in tops.values():
        for role in ("target_value", "ratio"):
            holders = [i for i in members if out[i] == role]
            if len(holders) < 2:
                continue
            keep = max(holders, key=lambda i, r=role: (scored[i].scores[r] - scored[i].scores["achieved"], -i))
            for i in holders:
                if i != keep:
                    out[i] = "achieved"
    # 指标 | 年度目标 where 年度目标 holds prose (增长6%左右, 稳定在580万吨以上): the prose is the target
    # cell and the column beside it names the item
    for s in scored:
        if out[s.index] == "target_value" and s.features.get("prose", 0) > L.structure_share["prose_target"]:
            for i, r in out.items():
                if r == "target":
                    out[i] = "item"
            out[s.index] = "target"
            break
    # 指标名称 | … | 全年目标 (增长6%): a column left of the target column that its header names as the
    # item and whose cells hold no figures, read as progress or other by its content, is the item
    target_at = next((i for i in sorted(out) if out[i] == "target"), None)
    if target_at is not None and "item" not in out.values():
        for s in scored[:target_at]:
            if (out[s.index] in {"progress", "other"} and s.header_scores.get("target", 0) >= L.suffix_weight
                    and s.features.get("quantity", 1) < L.structure_share["item_quantities"]):
                out[s.index] = "item"
                break
    # no prose target column but target numbers in columns: the first text column names the rows
    # (合计, 产业项目, 长沙市); with no serial it is the rows' label, and it names the item either way
    if "target" not in out.values() and "target_value" in out.values():
        for i in sorted(out):
            if out[i] in {"category", "label"}:
                out[i] = "label" if "serial" not in out.values() else "target"
                break
    return out


def _read_roles(names: tuple[str, ...], data: list[list[str]], feats: list[dict[str, float]]):
    """The scored columns, the roles the evidence gives, and the roles after the structural rules."""
    scored = score_columns(names, data, feats)
    evidence = assign(scored)
    return scored, evidence, _settle(evidence, scored)


def _best_alignment(names: tuple[str, ...], data: list[list[str]]):
    """Roles as the header says; but when every data line is narrower than the header, a header cell
    may have no column of its own (two header cells over one merged data column): the header is
    read without the cell whose removal fits the content best, if that is clearly better."""
    width = max((len(c) for c in data), default=0)
    feats = column_features(data, max(width, len(names)))  # the same cells under every reading
    best = _read_roles(names, data, feats)
    if not width or len(names) <= width:
        return best
    def kept(reading) -> float:  # the evidence of the roles of the columns the data fills
        return _total({i: r for i, r in reading[2].items() if i < width}, reading[0])

    best_total = kept(best) + L.shift_gain
    for p in range(1, len(names)):
        reading = _read_roles(names[:p] + names[p + 1:], data, feats)
        if kept(reading) > best_total:
            best, best_total = reading, kept(reading)
    return best


def read_columns(header: Header, data: list[list[str]]) -> tuple[tuple[Column, ...], float, tuple[str, ...]]:
    """The columns with their roles, the table's confidence (0..1) and warnings."""
    scored, raw, roles = _best_alignment(header.names, data)
    columns, warnings = [], []
    for s in scored:
        role = roles[s.index]
        others = [(v, r) for r, v in s.scores.items() if r != role]
        best_other, runner_up = max(others) if others else (0.0, "")
        evidence = tuple(s.evidence[role])
        margin = round(s.scores[role] - best_other, 2)
        if role != raw.get(s.index):  # placed by the table's structure (a group's one target number …)
            evidence += (f"placed by the table's structure (the evidence alone said {raw.get(s.index)})",)
            margin = max(margin, L.uncertain_margin)
        parts = reversed(_SPACE.sub("", s.header).split("/"))  # the sub-header's unit first, then the group's
        bracket = next((m for m in map(L.bracket_unit.search, parts) if m), None)
        columns.append(Column(
            index=s.index, header=s.header, role=role, score=round(s.scores[role], 2),
            margin=margin, runner_up=runner_up, evidence=evidence,
            unit=bracket.group(1) if bracket else "",
            growth=bool(L.growth_header.search(s.header)), started=bool(L.started_header.search(s.header))))
    columns = _groups(columns)
    # the key columns: headed, or filled in most lines (a headless straggler of shifted rows is not one)
    filled = {s.index: 1 - s.features.get("sparse", 0.0) for s in scored}
    key = [c for c in columns if c.role in KEY_ROLES
           and (c.header or filled[c.index] >= L.structure_share["key_column_fill"])]
    targets = [c for c in columns if c.role in {"target", "target_value"}]
    if not targets or max(c.score for c in targets) < L.min_target_score:
        warnings.append(NO_TARGET_COLUMN)
    margin = min((c.margin for c in key), default=0.0)
    confidence = max(0.0, min(1.0, margin / (2 * L.uncertain_margin)))
    weak = [c for c in key if c.margin < L.uncertain_margin]
    if weak and not warnings:
        warnings.append("column roles uncertain: " + "; ".join(
            f"column {c.index + 1} '{c.header or '(no header)'}' read as {c.role}, nearly {c.runner_up}"
            for c in weak))
    return tuple(columns), confidence, tuple(warnings)


def _groups(columns: list[Column]) -> list[Column]:
    """Target-number columns that repeat start one indicator group each (a matrix, or 计划数 | 完成数 |
    计划投资 | 完成投资): the columns up to the next one belong to its group."""
    values = [c.index for c in columns if c.role == "target_value"]
    if len(values) < 2:
        return columns
    out = []
    for c in columns:
        group = sum(1 for v in values if v <= c.index)
        out.append(replace(c, group=group) if c.role in L.grouped and group else c)
    return out
