"""Target cells -> targets: kind, comparator, tier, indicator and span for each quantity committed to."""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import regex

from .budget import check
from .indicators import clean_indicator
from .quantities import Quantity, find_quantities, plain_numbers
from .rules import RULES, load_yaml
from .spans import WINDOW, blank_closed_brackets, clause_bounds, fill_closed_brackets, last_of
from .units import canonical, multipliers

T = RULES.targets
NEAR = RULES.pieces.limits.near  # the characters around a figure its neighbouring words are read in
# X(确保Y): a bracket opening with a floor word after a figure (and its hedge) makes X the stretch
_FLOOR_BRACKET = regex.compile(rf"^(?:{T.tiers.hedge.pattern})?\((?:{T.tiers.floor.pattern})")
# the gap between two tiers of one measure: X(确保Y), X(力争Y), 确保X、力争Y, X左右,力争Y
_TIERS = T.tiers.stretch.pattern + "|" + T.tiers.floor.pattern
_TIER_PAIR_GAP = regex.compile(rf"(?:{T.tiers.hedge.pattern})?(?:\((?:{_TIERS})?|[、,;]\s*(?:{_TIERS}))"
                               rf"(?:{T.tiers.pair_verbs.pattern})?")
_CLAUSE_END = RULES.pieces.chars.target_clause_ends
_KIND_SCOPE_END = RULES.pieces.chars.kind_scope_ends



@dataclass(frozen=True)
class Target:
    quantity: Quantity
    start: int  # span of the target in its cell
    end: int
    text: str
    indicator: str
    kind: str  # level | growth | decrease | rank | cap
    comparator: str  # >= | <= | =
    tier: str  # base | stretch | floor
    cell: str  # which cell the span refers to: "target" or "target_value"
    per_head: bool = False  # an amount per person, household or month (300元/人, 每人每月680元)


def tier_of(cell: str, q: Quantity) -> str:
    """A tier word governs the quantities after it to the end of its sentence (。 or ;)."""
    sentence_start = last_of(cell, T.tiers.reach_ends, q.start)
    before = blank_closed_brackets(cell[sentence_start:q.start])  # their tier words do not reach past them
    stretch, floor = T.tiers.stretch, T.tiers.floor
    last = max(((m.end(), "stretch") for m in stretch.finditer(before)), default=(-1, "base"))
    last = max(last, max(((m.end(), "floor") for m in floor.finditer(before)), default=(-1, "base")))
    after = cell[q.end:q.end + NEAR]
    if _FLOOR_BRACKET.match(after):
        return "stretch"  # X(确保Y): X is the stretch figure
    return last[1]


def kind_of(cell: str, q: Quantity) -> tuple[str, str]:
    if q.norm_unit == "rank":
        return "rank", "<="
    c_start, c_end = clause_bounds(cell, q.start, q.end, _KIND_SCOPE_END)
    before, after = cell[c_start:q.start], cell[q.end:c_end]
    k = T.kinds
    # 不超过12人: the finder reads 超过12人 as one approximate figure, so its first words count too
    if k.cap_before.search(before + cell[q.start:q.start + 3]) or k.cap_after.search(after):
        return "cap", "<="
    if k.decrease_before.search(before):
        return "decrease", ">="
    if q.norm_unit == "%" and k.cap_indicators.search(before):
        return "cap", "<="
    if q.norm_unit == "%" and not k.level_after_growth.search(before) and (
            k.growth_before.search(before) or k.growth_after.search(after)):
        return "growth", ">="
    # 保持在X (=), but 保持在X以上 (>=)
    eq = k.equal.search(before) and not k.not_equal_after.search(after)
    return "level", "=" if eq else ">="


def indicator_of(cell: str, q: Quantity) -> tuple[str, int]:
    """The measured thing: the clause around the number without it (新增学位3000个, 1.5万盏路灯节能改造).
    A bracketed note that closes before the figure does not end its clause (居民消费价格指数(100)涨幅);
    the figure's own bracket ((目标10.5%), 力争6%(确保5.5%)) does."""
    ws = max(0, q.start - WINDOW)
    local = fill_closed_brackets(cell[ws:q.start]) + cell[q.start:q.end + WINDOW]
    start, end = clause_bounds(local, q.start - ws, q.end - ws, _CLAUSE_END)
    start, end = start + ws, end + ws
    after = cell[q.end:end]
    m = T.trailing.match(after)
    after = after[m.end():] if m else after
    ind = (clean_indicator(cell[start:q.start]) + clean_indicator(after)).strip()
    while start < q.start and cell[start] == " ":
        start += 1
    return ind, start


def _respectively(cell: str, targets: list[Target]) -> list[Target]:
    """A、B…分别达到X、Y: the i-th amount measures the i-th named thing."""
    out = list(targets)
    for i, t in enumerate(targets):
        sentence_start = last_of(cell, RULES.pieces.chars.sentence_ends, t.quantity.start)
        head = cell[sentence_start:t.quantity.start]
        m = T.respectively.search(head)
        if not m:
            continue
        names = [n for n in T.name_separator.split(head[:m.start()]) if n]
        run = [t]
        for nxt in targets[i + 1:]:
            if T.list_joiner.fullmatch(cell[run[-1].end:nxt.quantity.start]):
                run.append(nxt)
            else:
                break
        if len(run) == len(names) > 1:
            for j, (name, member) in enumerate(zip(names, run)):
                out[i + j] = replace(member, indicator=clean_indicator(name))
    return out


def _is_commitment(cell: str, q: Quantity) -> bool:
    after = cell[q.end:q.end + NEAR]
    before = cell[max(0, q.start - NEAR):q.start]
    if q.norm_unit == "count" and T.structural_after.search(after):
        return False
    if q.norm_unit in _money_units() and T.attribute_after.search(after):
        return False
    if T.scope_before.search(before):
        return False  # 总投资12亿元, 年度计划投资3.5亿元: the project's size is scope, the year's share the target
    # 从每人每月200元提高到220元: 200 is where it starts
    return not (T.baseline_before.search(before) and T.baseline_after.search(after))


@functools.lru_cache(maxsize=1)
def _money_units() -> frozenset[str]:
    """The canonical units that are currencies (from rules/quantities/canonical.yaml, whatever is added there)."""
    from .units import registry

    ureg = registry()
    return frozenset(name for name, expr in load_yaml("quantities/canonical.yaml").items()
                     if any(str(d).startswith("[currency") for d in ureg.parse_units(str(expr)).dimensionality))


def _tier_pair(gap: str) -> bool:
    """X(确保Y), X(力争Y), 确保X、力争Y, X左右,力争Y: Y is another tier of X's measure."""
    return bool(_TIER_PAIR_GAP.fullmatch(gap))


def find_targets(cell: str, quantities: list[Quantity] | None = None) -> list[Target]:
    out: list[Target] = []
    for q in quantities if quantities is not None else find_quantities(cell):
        check()
        if not _is_commitment(cell, q):
            continue
        indicator, start = indicator_of(cell, q)
        kind, comparator = kind_of(cell, q)
        m = T.trailing.match(cell[q.end:])
        end = q.end + m.end() if m else q.end
        tier = tier_of(cell, q)
        prev = out[-1] if out else None
        if prev and _tier_pair(cell[prev.quantity.end:q.start]) and prev.quantity.norm_unit == q.norm_unit:
            indicator, kind, comparator = prev.indicator, prev.kind, prev.comparator
            start = last_of(cell, T.tiers.pair_starts, q.start)
        per_head = "/" in q.unit or bool(T.per_head.search(cell[start:q.start]))
        out.append(Target(q, start, end, cell[start:end], indicator, kind, comparator, tier, "target", per_head))
    # 320宗、1.5万亩低效工业用地: a list of amounts shares the noun written after the last one
    for i in range(len(out) - 2, -1, -1):
        gap = cell[out[i].quantity.end:out[i + 1].quantity.start]
        if not out[i].indicator and out[i + 1].indicator and T.list_joiner.fullmatch(gap):
            out[i] = replace(out[i], indicator=out[i + 1].indicator)
    return _respectively(cell, out)


def value_target(value_cell: str, unit_cell: str, item: str) -> Target | None:
    """A target number in a column of its own: 5.2 with 万人 in 单位, 1300人, 不低于60元, 10000万."""
    q = _column_quantity(value_cell, unit_cell, item)
    if q is None:
        return None
    name = item
    for other in reversed(find_quantities(item)):  # totals named inside the item are not its measure
        name = name[:other.start] + name[other.end:]
    # the item names the measure and the value cell may add 不低于 / 控制在…以内: read them as one text
    joined = name + " " + value_cell
    shifted = replace(q, start=len(name) + 1 + q.start, end=len(name) + 1 + q.end)
    kind, comparator = kind_of(joined, shifted)
    if kind == "level" and q.norm_unit == "%" and not T.kinds.level_after_growth.search(joined) and (
            T.amount_indicator.search(name) and not T.share_indicator.search(name)):
        kind = "growth"  # 规模以上工业总产值 | % | 8: a bare percentage of an amount is its growth
    indicator = clean_indicator(T.item_noise.sub("", name))
    tier = tier_of(joined, shifted)
    per_head = "/" in q.unit or bool(T.per_head.search(name))
    return Target(q, q.start, q.end, q.text, indicator, kind, comparator, tier, "target_value", per_head)


def _column_quantity(value_cell: str, unit_cell: str, item: str) -> Quantity | None:
    found = find_quantities(value_cell)
    if found and found[0].rule != "bare_multiplier":
        return found[0]  # the cell writes its own unit: 1300人, 不低于60元
    numbers = plain_numbers(value_cell)
    if not numbers:
        return None
    n_start, n_end, value = numbers[0]
    unit = _borrow_unit(value_cell, unit_cell, item, value)
    canon = canonical(unit) if unit else None
    if canon is None and found:
        return found[0]  # 1000万 and nothing to say what: a count
    # a unit the canonical table lacks (微克/立方米) stays as written; no unit at all is a count
    norm_unit, factor = (canon.norm_unit, canon.factor) if canon else ((unit, 1.0) if unit else ("count", 1.0))
    base = regex.sub(r"/.*$", "", unit)
    base = base[len(_multiplier_prefix(base)):]
    classifier = base if norm_unit == "count" else ""
    end = found[0].end if found else n_end
    return Quantity(n_start, end, value_cell[n_start:end], value, unit, value * factor, norm_unit,
                    classifier=classifier, rule="column")


def _multiplier_prefix(text: str) -> str:
    """The multiplier word (万, 亿 …, from rules/quantities/units.txt) a unit or a number cell starts or ends with."""
    return next((m for m in sorted(multipliers(), key=len, reverse=True) if text.startswith(m)), "")


def _borrow_unit(value_cell: str, unit_cell: str, item: str, value: float) -> str:
    cell = value_cell.strip()
    mult = next((m for m in sorted(multipliers(), key=len, reverse=True) if cell.endswith(m)), "")  # 10000万
    if unit_cell:
        return mult + unit_cell
    for q in find_quantities(item):
        if abs(q.value - value) < 1e-9 and q.norm_unit not in {"%", "rank"}:
            return q.unit
    return mult


def _with_item(t: Target, item: str) -> Target:
    """A target read from a cell beside its item name (指标 | 预期目标: 地区生产总值增长 | 6.5%左右,力争7%)
    measures the item: the indicator names it, and a bare percentage of it is a growth rate when the
    item says growth or names an amount, a cap when it names a lower-is-better measure."""
    out = t if item in t.indicator else replace(t, indicator=item + t.indicator)
    if t.kind != "level" or t.quantity.norm_unit != "%" or T.kinds.level_after_growth.search(t.text):
        return out
    name = T.item_noise.sub("", item)
    if T.kinds.cap_indicators.search(name):
        return replace(out, kind="cap", comparator="<=")
    if T.kinds.growth_before.search(name) or (T.amount_indicator.search(name) and not T.share_indicator.search(name)):
        return replace(out, kind="growth", comparator=">=")
    return out


def row_targets(row) -> list[Target]:
    """The row's targets: from its target cell, or from its target-number column (extract/table.py Row)."""
    if not row.target_value:
        found = find_targets(row.target)
        return [_with_item(t, row.item) for t in found] if row.item else found
    in_value = find_quantities(row.target_value)
    t = value_target(row.target_value, row.unit, row.item or row.target)
    item_targets = find_targets(row.target) if row.target else []
    if t is not None and t.quantity.norm_unit == "%" and any(x.quantity.norm_unit != "%" for x in item_targets):
        # 目标任务 "100%" beside an item naming amounts (分别达到300元/人、140元/人): the amounts are the targets
        return [x for x in item_targets if x.quantity.norm_unit != "%"]
    if len(in_value) > 1:  # 标准不低于3480元/年,人均救助水平不低于185元/月 in the 目标任务 cell
        found = [replace(x, cell="target_value") for x in find_targets(row.target_value, in_value)]
        return [_with_item(x, row.item) for x in found] if row.item else found
    return [t] if t is not None else []
