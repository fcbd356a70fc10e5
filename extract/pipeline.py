"""One table -> records. Pure: rows of cells in, records out; no files, no globals written."""
from __future__ import annotations

import logging
from dataclasses import replace

import regex

from .layout import Row, Table
from .match import Pair, pair_row
from .progress import Figure, Progress, StatedRatio, analyse
from .quantities import Quantity, _num, find_quantities
from .records import Record
from .status import ratio, ratio_check, status
from .targets import Target, find_targets, value_target
from .indicators import similarity

_BARE_NUMBER = regex.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")
_PERCENT_CELL = regex.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_FIRST_NUMBER = regex.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")


log = logging.getLogger("extract")


def extract_rows(table: Table) -> list[Record]:
    """Every row yields at least one record; a defect met on one row is reported, not fatal."""
    out: list[Record] = []
    for row in table.rows:
        try:
            out.extend(extract_row(row, table.part_year))
        except Exception as exc:  # odd text must never lose the row (STYLE: quiet on text)
            log.warning("%s table %s row %s: kept without targets (%s: %s)", row.source, row.table, row.serial,
                        type(exc).__name__, exc)
            out.append(_none_record(row))
    return out


def _none_record(row: Row) -> Record:
    return Record(row.source, row.table, row.serial, row.category, row.lead_unit, "", "none", None, None,
                  None, None, None, None, None, None, None, None, None, None, None, None, None, None, None,
                  False, None, None, None, "none", row.line, None, None, row.target or row.item or None,
                  row.progress or None)


def _ratio_cell(text: str) -> StatedRatio | None:
    """A completion rate in a column of its own: 139.1%, or a bare number (a spreadsheet's 1.083
    formatted as a percentage, or 108.3 written without the sign)."""
    m = _PERCENT_CELL.match(text or "") or _BARE_NUMBER.match(text or "")
    if not m:
        return None
    digits = m.group(1)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits)
    if "%" in m.group() or value > 5:  # 108.3 means percent; 1.083 is already a fraction
        return StatedRatio(m.start(1), m.end(), value / 100, 0.5 * 10 ** -decimals / 100, 0)
    return StatedRatio(m.start(1), m.end(), value, 0.5 * 10 ** -decimals, 0)


def _column_figure(cell: str, t: Target) -> Figure | None:
    """An achieved number in a column of its own: bare (in the target's unit) or with a unit."""
    found = [q for q in find_quantities(cell or "") if q.norm_unit == t.quantity.norm_unit]
    if found:
        q = found[0]
    else:
        # a number without a unit is in the target's unit: 4385, 提高1.6 (单位: 个百分点)
        m = _BARE_NUMBER.match(cell or "") or _FIRST_NUMBER.search(cell or "")
        if m is None or len(_FIRST_NUMBER.findall(cell)) > 1:
            return None
        value = float(m.group(1))
        factor = t.quantity.norm_value / t.quantity.value if t.quantity.value else 1.0
        q = Quantity(m.start(1), m.end(1), m.group(1), value, t.quantity.unit, value * factor, t.quantity.norm_unit,
                     classifier=t.quantity.classifier, rule="column")
    negative = bool(regex.search(r"下降|减少|降低", cell[:q.start])) and t.kind == "growth"
    return Figure(q, 0, "", False, False, False, negative, cell, cell)


def extract_row(row: Row, document_part_year: bool) -> list[Record]:
    structured = bool(row.target_value)
    targets: list[Target] = []
    if structured:
        in_value = find_quantities(row.target_value)
        t = value_target(row.target_value, row.unit, row.target or row.item)
        item_targets = find_targets(row.target) if row.target else []
        if t is not None and t.quantity.norm_unit == "%" and any(x.quantity.norm_unit != "%" for x in item_targets):
            targets = [x for x in item_targets if x.quantity.norm_unit != "%"]
            structured = False
        elif len(in_value) > 1:
            targets = [replace(x, cell="target_value") for x in find_targets(row.target_value, in_value)]
            structured = False
        elif t is not None:
            targets = [t]
    else:
        targets = find_targets(row.target)
    if not targets:
        return [_none_record(row)]

    column_ratio = _ratio_cell(row.ratio)
    progress_text = row.progress
    achieved_cell_name = "progress"
    pairs: list[Pair]
    column_fig = _column_figure(row.achieved, targets[0]) if structured and row.achieved else None
    if column_fig is None and not structured and len(targets) == 1 and _BARE_NUMBER.match(row.progress or ""):
        column_fig = _column_figure(row.progress, targets[0])
    if column_fig is not None and len(targets) == 1:
        pairs = [Pair(targets[0], column_fig, column_fig.quantity.norm_value, 1.0)]
        achieved_cell_name = "achieved" if structured else "progress"
        progress = analyse(" ".join(x for x in (row.progress, row.note) if x) if structured else "")
        progress_text = row.achieved if structured else row.progress
    else:
        # the figures may be anywhere in the row's reporting cells: 已完成数, 进展情况, 备注
        progress_text = " ".join(x for x in (row.achieved, row.progress, row.note) if x)
        achieved_cell_name = "achieved" if row.achieved else ("progress" if row.progress else "note")
        progress = analyse(progress_text)
        pairs = pair_row(targets, progress)
    marker_text = " ".join(x for x in (row.achieved, row.progress, row.note) if x)
    markers = analyse(marker_text) if marker_text else None

    out = []
    for pair in pairs:
        t, f = pair.target, pair.figure
        q = t.quantity
        stated = f.stated if f is not None else None
        if stated is None and len(targets) == 1:
            stated = column_ratio  # a completion rate in a column of its own
        if stated is None and f is None:
            stated = _bare_ratio_for(t, progress, len(targets))
        done = f is None and _segment_names(t, progress, progress.done_segments, need=0.5, alone=len(targets) == 1)
        # under-way words need only name the target loosely; a deferral (年度数据) covers the whole row
        pending = markers is not None and (markers.pending or _segment_names(
            t, markers, markers.underway_segments, need=0.3, one_sentence_for_all=True))
        achieved_norm = pair.norm_achieved
        r = ratio(t.kind, q.norm_value, achieved_norm)
        period = f.period if f is not None else (stated.period if stated else "")
        st = status(t.kind, t.comparator, q.norm_value, achieved_norm, period, document_part_year,
                    stated.value if stated else None, done, pending)
        fq = f.quantity if f is not None else None
        out.append(Record(
            row.source, row.table, row.serial, row.category, row.lead_unit, t.indicator, t.kind, t.comparator,
            t.tier, t.text, t.start, t.end, _num(q.value), q.unit, _num(q.norm_value), q.norm_unit, q.classifier,
            fq.text if fq else None, fq.start if fq else None, fq.end if fq else None,
            _num(fq.value) if fq else None, fq.unit if fq else None,
            _num(achieved_norm) if achieved_norm is not None else None,
            period or None, bool(f and f.estimate), round(stated.value, 6) if stated else None,
            round(r, 4) if r is not None else None, ratio_check(r, stated.value if stated else None,
                                                              stated.half_unit if stated else None) or None,
            st, row.line, t.cell, achieved_cell_name if fq else None,
            row.target_value if t.cell == "target_value" else row.target,
            progress_text if fq else None,
        ))
    return out


def _segment_names(t: Target, progress: Progress, segs: tuple[int, ...], *, need: float, alone: bool = False,
                   one_sentence_for_all: bool = False) -> bool:
    """Whether one of these segments speaks of this target: by indicator similarity, or because the
    target is the row's only one (alone), or because the cell is one sentence meant for every target
    (推进中。)."""
    if not segs:
        return False
    if alone or (one_sentence_for_all and len(progress.segments) == 1):
        return True
    return any(similarity(t.indicator, progress.text[slice(*progress.segments[i])]) >= need for i in segs)


def _bare_ratio_for(t: Target, progress: Progress, n_targets: int) -> StatedRatio | None:
    for r in progress.bare_ratios:
        if n_targets == 1 or similarity(t.indicator, progress.text[slice(*progress.segments[r.segment])]) >= 0.5:
            return r
    return None
