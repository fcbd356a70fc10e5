"""Pairs each target of a row with the achieved figure that measures it, and decides what else the
row's reporting cells say of it: a stated completion rate, a done or a pending marker.

Every pairing decision lives here, and every weight and threshold in rules/pairing.yaml. Figures
come from two kinds of cells: a figure column (完成数, 绝对值, 增幅: the whole cell is one figure,
the table's own statement for the row) is paired first; then figures written in prose (进展情况,
备注) compete by how well their wording matches the target's indicator.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from .budget import check
from .indicators import amounts, clean_indicator, similarity
from .progress import Figure, Progress, StatedRatio, analyse, rate
from .quantities import Quantity, bare_number, find_quantities, is_one_figure, plain_numbers
from .rules import RULES
from .table import Cell, Row
from .units import canonical

M = RULES.pairing
P = RULES.progress
T = RULES.targets
_GROUPS = tuple(frozenset(g) for g in M.classifier_groups)
TEXT_ROLES = ("progress", "note", "achieved")


@dataclass(frozen=True)
class Report:
    """One reporting cell of a row and what it says."""
    index: int  # position in Row.reports
    cell: Cell
    progress: Progress


@dataclass(frozen=True)
class Pair:
    target: object  # targets.Target
    figure: Figure | None
    norm_achieved: float | None
    stated: StatedRatio | None = None
    done: bool = False
    pending: bool = False
    rule: str = ""  # which decision paired it or set its status, for `explain` and auditors


def reports_of(row: Row) -> list[Report]:
    """The row's reporting cells, each analysed once (extract/progress.py caches by text)."""
    return [Report(i, c, analyse(c.text)) for i, c in enumerate(row.reports) if c.role in TEXT_ROLES]


# ---- compatibility and scores --------------------------------------------------------------------

def classifiers_compatible(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    return any(a in g and b in g for g in _GROUPS)


def _scope(text: str) -> str:
    m = M.rank_scopes.search(text)
    return m.group() if m else ""


def compatible(t, f: Figure) -> bool:
    q, fq = t.quantity, f.quantity
    if q.norm_unit != fq.norm_unit:
        return False
    if q.norm_unit == "rank":
        a, b = _scope(t.text), _scope(f.local)
        if a and b and a != b:
            return False
    if q.norm_unit == "count" and not classifiers_compatible(q.classifier, fq.classifier):
        return False
    if f.delta and q.norm_unit not in {"%", "pp"} and t.kind == "level":
        return False  # 比上年增加3.1万吨 is not the 580万吨 reached
    if f.started and not f.column and not M.starts_target.search(t.text + t.indicator):
        return False  # 12个已全部开工 does not measure 改造12个
    if f.begun and M.finish_target.search(t.text + t.indicator):
        return False  # 已开工8个 does not measure 建成8个 (but 开工606万套 does measure 改造600万套)
    if q.norm_unit not in {"%", "pp", "rank"} and fq.rule != "column" and t.per_head != f.per_head:
        return False  # 300元/人 or 每月680元 is not measured by a total in 元 (but by 每人每月75元)
    if q.norm_unit == "%":  # 提升4个百分点 / 提升3.89个百分点: a change in points is one either way
        if t.kind == "growth" and not (f.growth or f.negative):
            return False
        if t.kind == "level" and (f.growth or f.negative):
            return False
        if t.kind == "decrease" and not (f.negative or f.growth):
            return False
    return True


def achieved_value(t, f: Figure) -> float:
    v = f.quantity.norm_value
    if t.kind == "growth" and f.negative:
        return -abs(v)
    if t.kind == "decrease":
        return abs(v) if f.negative else (-v if f.growth else v)  # -3.1 or 下降3.1: a fall of 3.1
    return v


def score(t, f: Figure) -> float:
    w = M.score
    s = w.local * similarity(t.indicator, f.local) + w.segment * similarity(t.indicator, f.context)
    restated = abs(f.quantity.norm_value - t.quantity.norm_value) < 1e-9
    if restated:
        s += w.restated
    if f.cumulative:
        s += w.cumulative
    if t.quantity.classifier and t.quantity.classifier == f.quantity.classifier:
        s += w.same_classifier
    if f.quantity.approx:
        s += w.approximate
    if f.period and P.periods.full_year.match(f.period):
        s += w.full_year
    a, b = amounts(t.indicator), amounts(f.local)
    if a and not a & b:  # 50亿元以上项目 against a figure of 亿元以上项目, or of projects of no size said
        s += w.other_size if b else w.size_unsaid
    if (M.stock.search(t.indicator) and M.flow.search(f.local) and not M.stock.search(f.local)) or (
            M.flow.search(t.indicator) and M.stock.search(f.local) and not M.flow.search(f.local)):
        s += w.stock_flow
    if P.part.search(f.lead) and not M.part_word.search(t.text) and not restated and not f.finished_part:
        s += w.part
    if f.single_month:
        s += w.single_month
    if f.last_year:
        s += w.last_year
    return s


def threshold(t, f: Figure, n_targets: int, n_candidates: int, sole: bool = False) -> float:
    """sole: the figure is compatible with this target only."""
    th, unit = M.threshold, t.quantity.norm_unit
    if unit in {"%", "pp"} and n_candidates == 1 and sole and P.subjectless.match(f.lead):
        return th.sole_rate
    if unit == "rank" and n_candidates == 1:
        return th.sole_rank
    if unit in {"%", "pp", "rank"}:
        return th.rate
    if n_candidates == 1 and (n_targets == 1 or sole):
        same_kind = unit != "count" or t.quantity.classifier == f.quantity.classifier
        if same_kind and (P.actual.search(f.local) or f.stated is not None):
            return th.sole_done
        return th.sole
    return th.default


# ---- figures written in a column of their own ----------------------------------------------------

def measures_growth(t) -> bool:
    """The target is a rate of change: a growth target, or a cap on a percentage of an amount
    (居民消费价格 ≤3: the rise of prices), not on a share or a rate (失业率 ≤4.5)."""
    if t.kind in {"growth", "decrease"} and t.quantity.norm_unit in {"%", "pp"}:
        return True  # a growth or a fall in per cent: the growth column measures it (下降2.5% ↔ -3.1)
    return (t.kind == "cap" and t.quantity.norm_unit == "%" and bool(T.amount_indicator.search(t.indicator))
            and not T.share_indicator.search(t.indicator))


def column_figure(cell: Cell, t, index: int, declared: bool = False) -> Figure | None:
    """An achieved number in a column of its own: with its unit, or bare in the column header's unit
    (绝对值(亿元)) or else the target's; a growth rate when the header says so (增幅) or when the target
    is one and the cell is a percentage."""
    text = cell.text
    found = [q for q in find_quantities(text) if q.norm_unit == t.quantity.norm_unit]
    if found:
        q = found[0]
    else:
        numbers = plain_numbers(text)
        if len(numbers) != 1 or find_quantities(text):
            return None  # one number written without a unit (4385, 提高1.6); 100% is not a count
        start, end, value = numbers[0]
        canon = canonical(cell.unit) if cell.unit else None
        if canon is not None and cell.unit not in {"%", "％"}:
            unit, norm_unit, factor = cell.unit, canon.norm_unit, canon.factor
        else:
            factor = t.quantity.norm_value / t.quantity.value if t.quantity.value else 1.0
            unit, norm_unit = t.quantity.unit, t.quantity.norm_unit
        q = Quantity(start, end, text[start:end], value, unit, value * factor, norm_unit,
                     classifier=t.quantity.classifier if norm_unit == t.quantity.norm_unit else "", rule="column")
    # a rate in the row's own column measures what the target measures: the growth of a growth target
    # (unless written as a fall: 下降, -3.2), the size of the fall of a decrease target
    falls = bool(P.negative_growth.search(text[:q.start] + " ")) or q.value < 0
    # `declared`: another figure column of the row says it holds the growth (绝对值 | 增幅): this one does not
    rate = q.norm_unit in {"%", "pp"}
    if t.kind == "decrease" and rate and not cell.growth:
        growth, negative = False, True  # 排放量下降 | % | 2.5 | 2.83: the column gives the size of the fall
    else:
        growth = cell.growth or (not declared and measures_growth(t) and rate)
        negative = falls and growth
    return Figure(quantity=q, segment=0, period="", estimate=False, cumulative=False, growth=growth,
                  negative=negative, local=cell.header + text, context=text, started=cell.started,
                  cell=index, column=True, per_head=t.per_head)  # the row's own column measures its measure


def _column_pairs(targets: list, reports: list[Report], alone: bool) -> dict[int, Figure]:
    """Targets met by a figure column: the first compatible column for each target, in column order.
    A prose progress cell that is one figure (完成情况: 4385) counts as a column when the row has one
    target."""
    columns = [r for r in reports if r.cell.role == "achieved" or (alone and is_one_figure(r.cell.text))]
    declared = any(r.cell.growth and is_one_figure(r.cell.text) for r in columns)  # this row fills it
    chosen: dict[int, Figure] = {}
    used: dict[int, str] = {}
    for ti, t in enumerate(targets):
        for r in columns:
            f = column_figure(r.cell, t, r.index, declared)
            if f is None or not compatible(t, f):
                continue
            if declared and t.quantity.norm_unit == "%" and f.growth != measures_growth(t):
                continue  # 绝对值 | 增幅: a growth target reads the growth column, a share the other
            if r.index in used and used[r.index] != t.indicator:
                continue  # one column cell measures one indicator (its tiers share it)
            chosen[ti] = f
            used[r.index] = t.indicator
            break
    return chosen


# ---- figures written in prose --------------------------------------------------------------------

def _text_figures(reports: list[Report]) -> list[Figure]:
    return [replace(f, cell=r.index) for r in reports if r.cell.role != "achieved" or not is_one_figure(r.cell.text)
            for f in r.progress.figures]


def _candidates(targets: list, figures: list[Figure], skip: set[int]) -> list[list[int]]:
    """The figures each target may be paired with. A row with more target-figure pairs than
    `limits.pairs` (a pasted paragraph of hundreds) gives each target only the `limits.nearest`
    figures on either side of its own place in the list, so pairing stays linear."""
    limits = RULES.pieces.limits
    n_t, n_f = len(targets), len(figures)
    windowed = n_t * n_f > limits.pairs
    out = []
    for ti, t in enumerate(targets):
        check()
        if ti in skip:
            out.append([])
            continue
        if windowed:
            centre = ti * n_f // max(n_t, 1)
            span = range(max(0, centre - limits.nearest), min(n_f, centre + limits.nearest + 1))
        else:
            span = range(n_f)
        out.append([fi for fi in span if compatible(t, figures[fi])])
    return out


def _sum_parts(targets: list, figures: list[Figure], cand_lists: list[list[int]]):
    """新建公厕8座、改建公厕15座 against 新建改建公厕30座: one target, and a 、 list of several figures
    that each speak of it, are parts of a sum the text does not state (CONTRACT.md: they stay unpaired).
    A list whose members are claimed by targets of their own (“链主工厂”1家、“智能工厂”5家) is parallel.
    Returns a test part(ti, fi); lists are grouped once, so the test costs the size of one list."""
    lists: dict[tuple[int, int], list[int]] = {}
    for j, g in enumerate(figures):
        lists.setdefault((g.cell, g.list_start), []).append(j)
    claimed: dict[int, set[str]] = {}
    for ti, cands in enumerate(cand_lists):
        for j in cands:
            claimed.setdefault(j, set()).add(targets[ti].indicator)
    cand_sets = [set(c) for c in cand_lists]

    def part(ti: int, fi: int) -> bool:
        f = figures[fi]
        if f.cumulative:
            return False
        group = lists[(f.cell, f.list_start)]
        if len(group) > 2 * RULES.pieces.limits.nearest:
            return False  # a list that long is no sum of a few parts
        members = [j for j in group if j in cand_sets[ti]]
        claimants = set().union(*(claimed.get(j, set()) for j in members)) if members else set()
        if len(members) < 2 or len(claimants) > 1:  # the tiers of one measure are one claimant
            return False
        t = targets[ti]
        return sum(similarity(t.indicator, figures[j].local) >= M.sum_part for j in members) >= 2
    return part


@dataclass(frozen=True)
class Option:
    """One prose figure weighed against one target: its score, the threshold it had to reach, and why."""
    target: int
    figure: int
    score: float
    threshold: float
    why: str  # parallel | sole | best


def options(targets: list, figures: list[Figure], skip: set[int]) -> tuple[list[list[int]], list[Option]]:
    """Every compatible target-figure pair, scored against its threshold (extract/explain.py shows them)."""
    cand_lists = _candidates(targets, figures, skip)
    # the tiers of one indicator are one claimant and one target (力争10个（确保8个）)
    claims = Counter(fi for fi, _ in {(fi, targets[ti].indicator) for ti, c in enumerate(cand_lists) for fi in c})
    n_measures = len({t.indicator for t in targets})
    by_unit: dict[str, list[int]] = {}
    for j, u in enumerate(targets):
        if j not in skip:
            by_unit.setdefault(u.quantity.norm_unit, []).append(j)
    same_indicator = Counter((u.quantity.norm_unit, u.indicator) for j, u in enumerate(targets) if j not in skip)
    out = []
    for ti, t in enumerate(targets):
        check()
        cands = cand_lists[ti]
        if not cands:
            continue
        # as many figures as targets of one unit, in the same order: 分别 lists, parallel enumerations
        # (the tiers of one indicator count once)
        unit = t.quantity.norm_unit
        n_same = len(by_unit[unit]) - same_indicator[(unit, t.indicator)] + 1
        parallel = False
        if n_same > 1 and len(cands) == n_same:
            same = [j for j in by_unit[unit] if targets[j].indicator != t.indicator or j == ti]
            parallel = all(cand_lists[j] == cands for j in same)
            place = same.index(ti)
        # parts (其中…) and last year's figures do not compete with this year's whole
        wholes = sum(1 for j in cands if not (P.part.search(figures[j].lead) or figures[j].last_year)) or 1
        for k, fi in enumerate(cands):
            f = figures[fi]
            s = score(t, f)
            if parallel and k == place:
                s += M.score.parallel
            sole = claims[fi] == 1
            why = "parallel" if parallel else ("sole" if sole else "best")
            out.append(Option(ti, fi, s, threshold(t, f, n_measures, wholes, sole), why))
    return cand_lists, out


def _text_pairs(targets: list, figures: list[Figure], skip: set[int]) -> dict[int, tuple[Figure, str]]:
    """Greedy best-first assignment: each target gets at most one figure, each figure one indicator."""
    cand_lists, weighed = options(targets, figures, skip)
    ranked = [(o.score + M.score.later * o.figure, o.target, o.figure, o.why)
              for o in weighed if o.score >= o.threshold]
    part = _sum_parts(targets, figures, cand_lists)
    chosen: dict[int, tuple[Figure, str]] = {}
    used: dict[int, str] = {}  # figure -> the indicator it measures
    for _, ti, fi, why in sorted(ranked, reverse=True):
        # one figure measures one indicator; the stretch and floor tiers of it share the figure
        if ti in chosen or used.get(fi, targets[ti].indicator) != targets[ti].indicator or part(ti, fi):
            continue
        chosen[ti] = (figures[fi], why)
        used[fi] = targets[ti].indicator
    return chosen


# ---- rates, done and pending ---------------------------------------------------------------------

def ratio_cell(text: str) -> StatedRatio | None:
    """A completion rate in a column of its own: 139.1%, or a bare number (a spreadsheet's 1.083
    formatted as a percentage, or 108.3 written without the sign)."""
    text = (text or "").strip()
    found = bare_number(text.rstrip("%").rstrip())
    if found is None:
        return None
    start, _, value = found
    digits = text[start:found[1]].replace(",", "")
    percent = text.endswith("%") or value > M.fraction_limit
    return StatedRatio(start, len(text), *rate(digits, percent), 0)


def _names(t, r: Report, segs, need: float, alone: bool, whole_cell: bool = False) -> bool:
    """Whether one of these segments of a report speaks of this target: by indicator similarity, or
    because the target is the row's only one (alone), or because the cell is one sentence meant for
    every target (推进中。)."""
    if not segs:
        return False
    p = r.progress
    if alone or (whole_cell and len(p.segments) == 1):
        return True
    return any(similarity(t.indicator, p.text[slice(*p.segments[i])]) >= need for i in segs)


def _deferral_names(t, reports: list[Report]) -> float:
    """How clearly a deferral (年度数据, 尚未公布) speaks of this target: the best similarity of its
    indicator to a sentence that defers, when that reaches `done_similarity`, else 0."""
    best = 0.0
    for r in reports:
        p = r.progress
        for i in p.pending_segments:
            best = max(best, similarity(t.indicator, p.text[slice(*p.segments[i])]))
    return best if best >= M.done_similarity else 0.0


def _bare_ratio(t, reports: list[Report], n_targets: int) -> tuple[StatedRatio, Report] | None:
    for r in reports:
        for ratio in r.progress.bare_ratios:
            seg = r.progress.text[slice(*r.progress.segments[ratio.segment])]
            if n_targets == 1 or similarity(t.indicator, seg) >= M.bare_ratio_similarity:
                return replace(ratio, cell=r.index), r
    return None


def _column_ratio(t, row: Row, targets: list) -> StatedRatio | None:
    """A ratio column states the completion of the row's amount: it belongs to the row's one level
    target (a growth target's 进度 column measures the amount beside it, not the growth)."""
    cells = [(i, c) for i, c in enumerate(row.reports) if c.role == "ratio"]
    if not cells:
        return None
    amounts_ = [u for u in targets if u.kind in {"level", "decrease"}]
    if (len(targets) > 1 and not (len(amounts_) == 1 and amounts_[0] is t)) or t.kind not in {"level", "decrease"}:
        return None
    for i, c in cells:
        r = ratio_cell(c.text)
        if r is not None:
            return replace(r, cell=i)
    return None


# ---- targets that name nothing -------------------------------------------------------------------

def borrow_measure(targets: list, figures: list[Figure]) -> list:
    """A target that names nothing ((目标10.5%) beside a progress cell that names the measure) measures
    what the row's one figure of its unit measures: it takes that figure's wording as its indicator,
    and its kind when the wording says so (增长: a growth rate; a lower-is-better measure: a cap)."""
    by_unit: dict[str, list[Figure]] = {}
    for f in figures:
        by_unit.setdefault(f.quantity.norm_unit, []).append(f)
    out = []
    for t in targets:
        same = by_unit.get(t.quantity.norm_unit, [])
        if t.indicator or t.cell != "target" or len(same) != 1:
            out.append(t)
            continue
        f = same[0]
        indicator = clean_indicator(P.periods.pattern.sub("", f.lead))
        kind, comparator = t.kind, t.comparator
        if t.kind == "level" and t.quantity.norm_unit == "%":
            if T.kinds.cap_indicators.search(f.local):
                kind, comparator = "cap", "<="
            elif f.growth or f.negative:
                kind = "growth"
        out.append(replace(t, indicator=indicator, kind=kind, comparator=comparator))
    return out


# ---- the row -------------------------------------------------------------------------------------

def prepare(targets: list, reports: list[Report], year: int | None) -> tuple[list, list[Figure], dict[int, Figure]]:
    """What pairing works on: the targets (those naming nothing take their measure from the row), the
    prose figures that may achieve them, and the targets a figure column already meets."""
    deferred = any(r.progress.pending for r in reports)
    if year is None and deferred:  # no year in the title: the latest year the reports write is theirs
        written = [int(m.group("year")) for r in reports for m in P.figure_year.finditer(r.progress.text)]
        year = max(written, default=None)
    # last year's figure (2022年度…第4位) while this year's is said not to be out yet: not an achievement
    figures = [f for f in _text_figures(reports) if not (deferred and year and f.year and f.year < year)]
    targets = borrow_measure(targets, figures)
    return targets, figures, _column_pairs(targets, reports, len(targets) == 1)


def pair_row(targets: list, row: Row, reports: list[Report] | None = None, year: int | None = None) -> list[Pair]:
    """Every target of the row with its figure (or none), stated rate, and done / pending markers.
    `year`: the document's own year, read from its title."""
    reports = reports_of(row) if reports is None else reports
    alone = len(targets) == 1
    deferred = any(r.progress.pending for r in reports)
    targets, figures, columns = prepare(targets, reports, year)
    texts = _text_pairs(targets, figures, set(columns))
    prose = [r for r in reports if not is_one_figure(r.cell.text)]  # a figure column may hold words too
    out = []
    for ti, t in enumerate(targets):
        f, rule = (columns[ti], "column") if ti in columns else texts.get(ti, (None, ""))
        if f is not None and rule != "column" and _deferral_names(t, prose) > similarity(t.indicator, f.local):
            f, rule = None, ""  # 粮食播种面积为年度数据: the text defers this target; 早稻种植面积 is another
        stated = f.stated if f is not None else None
        rule_parts = [f"figure:{rule}"] if f is not None else []
        if stated is None:
            stated = _column_ratio(t, row, targets)
            if stated is not None:
                rule_parts.append("rate:column")
        if stated is None and f is None:
            found = _bare_ratio(t, prose, len(targets))
            if found is not None:
                stated = found[0]
                rule_parts.append("rate:text")
        elif f is not None and f.stated is not None:
            rule_parts.append("rate:figure")
        done = f is None and any(_names(t, r, r.progress.done_segments, M.done_similarity, alone,
                                        whole_cell=not r.progress.figures) for r in prose)
        underway = any(_names(t, r, r.progress.underway_segments, M.underway_similarity, False, whole_cell=True)
                       for r in prose)
        pending = deferred or underway
        if done:
            rule_parts.append("marker:done")
        elif f is None and pending:
            rule_parts.append("marker:deferred" if deferred else "marker:under_way")
        out.append(Pair(t, f, achieved_value(t, f) if f is not None else None, stated, done, pending,
                        " ".join(rule_parts)))
    return out
