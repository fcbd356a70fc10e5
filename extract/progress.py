"""Progress cells -> achieved figures (period, estimate, growth, stated rate) and the cell's markers."""
from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass, replace

from .budget import check
from .quantities import Quantity, find_quantities
from .rules import RULES
from .spans import WINDOW, blank_closed_brackets, clause_bounds, last_of

P = RULES.progress
_CLAUSE_ENDS = RULES.pieces.chars.clause_ends


@dataclass(frozen=True)
class StatedRatio:
    start: int
    end: int
    value: float  # a fraction: 153% -> 1.53
    half_unit: float  # half a unit of the last printed digit, as a fraction
    segment: int
    period: str = ""  # as written before it in its sentence
    cell: int = 0  # which reporting cell of the row it is written in (Row.reports)


@dataclass(frozen=True)
class Figure:
    quantity: Quantity
    segment: int
    period: str  # as written before it in its segment, else ""
    estimate: bool
    cumulative: bool
    growth: bool  # written as a growth rate (增长, 增速, 同比)
    negative: bool  # written as a fall (下降, 减少): a growth rate below zero
    local: str  # its clause (a 、 list item)
    context: str  # its segment up to the end of its clause
    lead: str = ""  # the text before it back to the last , ; 。 or (
    started: bool = False  # counts works started (已全部开工) or under way (正在装修), not finished
    finished_part: bool = False  # the 其中 part of started works that is finished (其中完工5个)
    list_start: int = -1  # where its clause starts: figures of one 、 list share it
    delta: bool = False  # a change against last year in the target's unit (比上年增加3.1万吨)
    stated: StatedRatio | None = None
    cell: int = 0  # which reporting cell of the row it is written in (Row.reports)
    column: bool = False  # the whole cell of a figure column (完成数, 增幅), not a figure in prose
    begun: bool = False  # written as works started (已开工8个): does not measure a target to finish them
    single_month: bool = False  # one month alone (10月当月), not a running total
    last_year: bool = False  # said of last year (去年增长6.6%)
    per_head: bool = False  # an amount per person, household or month (644元/月, 每人每月75元)
    year: int | None = None  # a year written before it in its sentence (2022年度…第4位)


@dataclass(frozen=True)
class Progress:
    text: str
    figures: tuple[Figure, ...]
    bare_ratios: tuple[StatedRatio, ...]  # completion rates written without a figure of their own
    segments: tuple[tuple[int, int], ...]
    pending: bool  # a deferral for the whole row (年度数据)
    done_segments: tuple[int, ...]
    underway_segments: tuple[int, ...]
    pending_segments: tuple[int, ...] = ()  # the segments that carry a deferral


def segments(text: str) -> list[tuple[int, int]]:
    cuts = sorted({0, len(text), *(m.start() for m in P.segment.finditer(text))})
    return [(a, b) for a, b in itertools.pairwise(cuts) if text[a:b].strip()] or [(0, len(text))]


def _segment_of(segs, pos) -> int:
    """The segment holding pos (segments are sorted and contiguous)."""
    i = bisect.bisect_right(segs, (pos, float("inf"))) - 1
    return min(max(i, 0), len(segs) - 1)


def rate(digits: str, percent: bool = True) -> tuple[float, float]:
    """A printed completion rate as a fraction and half a unit of its last printed digit:
    "153" (%) -> (1.53, 0.005); "1.083" as a fraction -> (1.083, 0.0005)."""
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = 100 if percent else 1
    return float(digits) / scale, 0.5 * 10 ** -decimals / scale


def stated_ratios(text: str, segs) -> list[StatedRatio]:
    out: list[StatedRatio] = []
    covered: set[int] = set()
    for pat in P.stated_ratio:
        for m in pat.finditer(text):
            s, e = m.span("r")
            if s in covered:
                continue
            covered.update(range(s, e + 2))
            si = _segment_of(segs, s)
            period = _period_before(blank_closed_brackets(text[_sentence_start(text, segs, si):s]))
            out.append(StatedRatio(s, e + 1, *rate(m.group("r")), si, period))
    return sorted(out, key=lambda r: r.start)


def _sentence_start(text: str, segs, si: int) -> int:
    """Periods reach over ; but not over 。 or a numbered item: 1-10月…增速13.3%;…营收达到711.91亿元"""
    i, floor = si, segs[si][0] - WINDOW
    while i > 0 and segs[i][0] > floor and text[max(0, segs[i][0] - 8):segs[i][0]].rstrip().endswith(";"):
        i -= 1
    return max(segs[i][0], floor, 0)


def _is_estimate(lead: str, earlier: list[Figure], segment: int) -> bool:
    """预计 in the figure's clause; a 其中 part of an estimate is an estimate too."""
    if P.estimate.search(lead):
        return True
    prev = earlier[-1] if earlier else None
    return bool(prev and prev.segment == segment and prev.estimate and P.part.search(lead))


def _is_label(text: str, q: Quantity, seg_end: int) -> bool:
    colon = text.find(":", q.end, seg_end)
    return colon != -1 and not P.label_end.search(text[q.end:colon]) and bool(text[colon + 1:seg_end].strip())


def _label(text: str, seg_start: int, pos: int) -> str:
    """The label of an enumerated item (停车位: …) belongs to every clause after it."""
    colon = text.rfind(":", max(seg_start, pos - WINDOW), pos)
    if colon == -1:
        return ""
    start = last_of(text, RULES.pieces.chars.sentence_ends, colon, seg_start)
    return text[max(start, seg_start):colon] + ":"


def _year_before(before: str) -> int | None:
    found = None
    for m in P.figure_year.finditer(before):
        found = m
    return int(found.group("year")) if found else None


def _period_before(before: str) -> str:
    """The last period written in the text before a figure."""
    found = None
    for m in P.periods.pattern.finditer(before):
        found = m
    return found.group().strip() if found else ""


def _not_an_achievement(before: str, after: str) -> bool:
    """A preparatory step (立项, 选址), what is left (剩余3处), a scope (6个站点中), a baseline (由620元提高至
    680元: the 620), a target restated (全年目标调整为4500户) or a project's size (总投资56亿元)."""
    t = RULES.targets
    return bool(P.preparatory.search(before) or P.preparatory_after.search(after) or P.remainder.search(before)
                or P.scope_after.search(after) or (t.baseline_before.search(before) and t.baseline_after.search(after))
                or P.restated_before.search(before) or t.scope_before.search(before))


def _figure(text: str, q: Quantity, segs, earlier: list[Figure]) -> Figure | None:
    """One quantity of a progress cell as an achieved figure, or None when it reports something else."""
    si = _segment_of(segs, q.start)
    seg_start, seg_end = segs[si]
    if _is_label(text, q, seg_end):
        return None  # 4. 提升改造公路4条:已完成… restates the target before the colon
    c_start, c_end = clause_bounds(text, q.start, q.end, _CLAUSE_ENDS, seg_start)
    before, after = text[c_start:q.start], text[q.end:q.end + RULES.pieces.limits.near]
    lead_start = last_of(text, RULES.pieces.chars.lead_ends, q.start, seg_start)
    lead = text[lead_start:q.start]  # the clause up to the figure, across 、 lists
    own = lead  # before a subjectless clause borrows the one before it
    if _not_an_achievement(before, after):
        return None
    local = _label(text, seg_start, q.start) + text[c_start:c_end]
    prev = earlier[-1] if earlier and earlier[-1].segment == si else None
    finished_part = bool(prev and prev.started and P.part.search(lead))
    restating = prev is not None and text[prev.quantity.end:c_start] == "("
    if prev and ((restating and not P.part.search(lead)) or finished_part):
        # 56个(预计全年62个): the bracket restates the same measure; 12个已全部开工,其中完工5个:
        # the part finished is measured as the whole that started
        local = prev.local + local
    elif P.subjectless.match(P.periods.pattern.sub("", before)) and c_start > seg_start:
        # 完成一般公共预算收入326.4亿元,同口径增长7.9%: the clause speaks of the one before
        p_start, _ = clause_bounds(text, c_start - 1, c_start - 1, _CLAUSE_ENDS, seg_start)
        local = text[p_start:c_start] + local
        lead = text[p_start:c_start] + lead
    sentence = text[_sentence_start(text, segs, si):q.start]
    return Figure(
        quantity=q, segment=si,
        period=_period_before(blank_closed_brackets(sentence)),
        estimate=_is_estimate(lead, earlier, si),
        cumulative=bool(P.cumulative.search(lead)),
        growth=bool(P.growth_figure.search(before)),
        delta=bool(P.delta.search(before)),
        negative=bool(P.negative_growth.search(before)),
        local=local, context=text[max(seg_start, q.start - WINDOW):c_end], lead=lead, list_start=lead_start,
        started=bool(P.started_after.search(after) or P.underway_after.search(after)
                     or P.underway_before.search(before)),
        begun=bool(P.started_before.search(before)),
        single_month=bool(P.single_month.search(own)),
        last_year=bool(P.last_year.search(own)),
        per_head="/" in q.unit or bool(RULES.targets.per_head.search(lead)),
        year=_year_before(sentence),
        finished_part=finished_part,
    )


def _started_then_finished(figures: list[Figure]) -> list[Figure]:
    """已开工98个,其中已完工41个: the first counts works started, the second the finished part."""
    out = list(figures)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (a.segment == b.segment and not a.started and P.started_lead.search(a.lead)
                and P.finished_part.search(b.lead)):
            out[i] = replace(a, started=True)
            out[i + 1] = replace(b, finished_part=True, local=a.local + b.local)
    return out


@functools.lru_cache(maxsize=4096)
def analyse(text: str) -> Progress:
    """Everything a reporting cell says; cached, so each distinct cell text is analysed once a run."""
    segs = segments(text)
    ratios = stated_ratios(text, segs)
    figures: list[Figure] = []
    in_ratio = {i for r in ratios for i in range(r.start, r.end)}
    for q in find_quantities(text):
        check()
        if q.start in in_ratio:
            continue  # the percentage of a stated completion rate is not a figure
        f = _figure(text, q, segs, figures)
        if f is not None:
            figures.append(f)
    figures = _started_then_finished(figures)
    # a stated rate belongs to the nearest figure before it in its segment (完成15.256公里,完成率153%)
    attached: set[int] = set()
    used: set[int] = set()
    ends = [f.quantity.end for f in figures]
    for r in ratios:
        owner = None
        last = bisect.bisect_right(ends, r.start) - 1
        for i in range(last, max(-1, last - RULES.pieces.limits.nearest), -1):  # back from the rate
            f = figures[i]
            if f.segment != r.segment or f.started:
                break  # 4个项目全部开工,投资进度52%: the rate is the works' progress, not an earlier figure's
            if f.quantity.norm_unit not in {"%", "pp"}:
                owner = i
                break
        if owner is not None and owner not in used:
            used.add(owner)
            figures[owner] = replace(figures[owner], stated=r)
            attached.add(r.start)
    bare = tuple(r for r in ratios if r.start not in attached)
    done = tuple(i for i, (a, b) in enumerate(segs) if P.done.search(text[a:b]))
    underway = tuple(i for i, (a, b) in enumerate(segs) if P.underway.search(text[a:b]))
    deferred = tuple(i for i, (a, b) in enumerate(segs) if P.pending.search(text[a:b]))
    return Progress(text, tuple(figures), bare, tuple(segs), bool(deferred), done, underway, deferred)
