"""Pairs each target of a row with the achieved figure that measures it."""
from __future__ import annotations

import regex
from dataclasses import dataclass

from .indicators import amounts, similarity
from .progress import Figure, Progress
from .rules import RULES
from .targets import Target


@dataclass(frozen=True)
class Pair:
    target: Target
    figure: Figure | None
    norm_achieved: float | None


_GROUPS = tuple(frozenset(g) for g in RULES.pairing.classifier_groups)


def classifiers_compatible(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    return any(a in g and b in g for g in _GROUPS)


def _scope(text: str) -> str:
    m = RULES.pairing.rank_scopes.search(text)
    return m.group() if m else ""


def compatible(t: Target, f: Figure) -> bool:
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
    if f.started and not RULES.pairing.starts_target.search(t.text + t.indicator):
        return False  # 12个已全部开工 does not measure 改造12个
    if ("/" in q.unit) != ("/" in fq.unit) and fq.rule != "column":
        return False  # 300元/人 is not measured by a total in 元
    if q.norm_unit in {"%", "pp"}:
        if t.kind == "growth" and not (f.growth or f.negative):
            return False
        if t.kind == "level" and (f.growth or f.negative):
            return False
        if t.kind == "decrease" and not (f.negative or f.growth):
            return False
    return True


def achieved_value(t: Target, f: Figure) -> float:
    v = f.quantity.norm_value
    if t.kind == "growth" and f.negative:
        return -v
    if t.kind == "decrease" and f.growth and not f.negative:
        return -v
    return v


def score(t: Target, f: Figure) -> float:
    local = similarity(t.indicator, f.local)
    wide = similarity(t.indicator, f.context)
    s = 0.6 * local + 0.4 * wide
    restated = abs(f.quantity.norm_value - t.quantity.norm_value) < 1e-9
    if restated:
        s += 0.1  # the progress text names the target's own figure
    if f.cumulative:
        s += 0.15
    if t.quantity.classifier and t.quantity.classifier == f.quantity.classifier:
        s += 0.1
    if f.quantity.approx:
        s -= 0.02
    if f.period and RULES.progress.periods.full_year.match(f.period):
        s += 0.05  # the full-year figure before a part-year one
    a, b = amounts(t.indicator), amounts(f.local)
    if a and not a & b:
        s -= 0.5  # 50亿元以上项目 is not measured by a count of 亿元以上项目
    stock, flow = RULES.pairing.stock, RULES.pairing.flow
    if (stock.search(t.indicator) and flow.search(f.local) and not stock.search(f.local)) or (
            flow.search(t.indicator) and stock.search(f.local) and not flow.search(f.local)):
        s -= 0.4
    if RULES.progress.part.search(f.lead) and not regex.search("其中", t.text) and not restated \
            and not f.finished_part:
        s -= 0.2  # a 其中 part is not the whole
    return s


def threshold(t: Target, f: Figure, n_targets: int, n_candidates: int, sole: bool = False) -> float:
    """sole: the figure is compatible with this target only."""
    if t.quantity.norm_unit == "%" and n_candidates == 1 and sole and RULES.progress.subjectless.match(
            f.lead):
        return 0.0  # the only rate in the cell, said of nothing else: 预计达到2.65%左右
    if t.quantity.norm_unit == "rank" and n_candidates == 1:
        return 0.15  # the one position reported in the same scope (全省前十 / 位居全省第6位)
    if t.quantity.norm_unit in {"%", "pp", "rank"}:
        return 0.45
    if n_candidates == 1 and (n_targets == 1 or sole):
        # one target, one figure of its kind, reported as done: 已完成1个(50%)
        same_kind = t.quantity.norm_unit != "count" or t.quantity.classifier == f.quantity.classifier
        if same_kind and (RULES.progress.actual.search(f.local) or f.stated is not None):
            return 0.0
        return 0.2
    return 0.3


def _part_of_a_sum(ti: int, fi: int, targets: list[Target], progress: Progress, cand_lists) -> bool:
    """新建公厕8座、改建公厕15座 against 新建改建公厕30座: one target, and a 、 list of several figures
    that each speak of it, are parts of a sum the text does not state (CONTRACT.md: they stay unpaired).
    A list whose members are claimed by targets of their own (“链主工厂”1家、“智能工厂”5家) is parallel."""
    f = progress.figures[fi]
    if f.cumulative:
        return False
    members = [j for j, g in enumerate(progress.figures) if g.list_start == f.list_start and j in cand_lists[ti]]
    if len(members) < 2 or sum(1 for c in cand_lists if any(j in c for j in members)) > 1:
        return False
    t = targets[ti]
    return sum(similarity(t.indicator, progress.figures[j].local) >= 0.3 for j in members) >= 2


def pair_row(targets: list[Target], progress: Progress) -> list[Pair]:
    """Greedy best-first assignment: each target gets at most one figure, each figure one target."""
    options = []
    cand_lists = [[fi for fi, f in enumerate(progress.figures) if compatible(t, f)] for t in targets]
    for ti, t in enumerate(targets):
        cands = cand_lists[ti]
        # as many figures as targets of one unit, in the same order: 分别 lists, parallel enumerations
        same = [j for j, u in enumerate(targets) if u.quantity.norm_unit == t.quantity.norm_unit
                and u.indicator != t.indicator or j == ti]
        parallel = len(same) > 1 and len(cands) == len(same) and all(cand_lists[j] == cands for j in same)
        for fi in cands:
            f = progress.figures[fi]
            s = score(t, f)
            if parallel and cands.index(fi) == same.index(ti):
                s += 0.3
            sole = sum(fi in c for c in cand_lists) == 1
            if s >= threshold(t, f, len(targets), len(cands), sole):
                # later figures (the latest period) win ties
                options.append((s + 0.001 * fi, ti, fi))
    options = [o for o in options if not _part_of_a_sum(o[1], o[2], targets, progress, cand_lists)]
    chosen: dict[int, int] = {}
    used: set[tuple[int, str]] = set()
    for s, ti, fi in sorted(options, reverse=True):
        # one figure measures one indicator; the stretch and floor tiers of it share the figure
        key = (fi, targets[ti].indicator)
        if ti in chosen or any(u[0] == fi and u != key for u in used):
            continue
        chosen[ti] = fi
        used.add(key)
    out = []
    for ti, t in enumerate(targets):
        if ti in chosen:
            f = progress.figures[chosen[ti]]
            out.append(Pair(t, f, achieved_value(t, f)))
        else:
            out.append(Pair(t, None, None))
    return out
