"""One table -> records. Pure: rows of cells in, records out; no files, no globals written."""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import regex

from .table import Row, Table
from .match import Pair, pair_row
from .progress import Figure, Progress, StatedRatio, analyse, rate
from .quantities import Quantity, find_quantities, json_number, plain_numbers
from .records import COLUMNS, Record
from .status import ratio, ratio_check, status
from .targets import Target, find_targets, value_target
from .indicators import similarity



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
    """A row without a quantitative target still reaches the output (CONTRACT.md: kind none)."""
    empty = dict.fromkeys(COLUMNS)
    empty.update(source=row.source, table=row.table, row=row.serial, category=row.category,
                 lead_unit=row.lead_unit, indicator="", kind="none", estimate=False, status="none", line=row.line,
                 target_cell_text=row.target or row.item or None, achieved_cell_text=row.progress or None)
    return Record(**empty)


def _bare_number(cell: str) -> tuple[int, int, float] | None:
    """The cell is one number and nothing else (7.23, 1,200), as (start, end, value)."""
    found = plain_numbers(cell or "")
    return found[0] if len(found) == 1 and not (cell[:found[0][0]] + cell[found[0][1]:]).strip() else None


def _ratio_cell(text: str) -> StatedRatio | None:
    """A completion rate in a column of its own: 139.1%, or a bare number (a spreadsheet's 1.083
    formatted as a percentage, or 108.3 written without the sign)."""
    text = (text or "").strip()
    found = _bare_number(text.rstrip("%").rstrip())
    if found is None:
        return None
    start, end, value = found
    digits = text[start:end].replace(",", "")
    percent = text.endswith("%") or value > 5  # 108.3 means percent; 1.083 is already a fraction
    return StatedRatio(start, len(text), *rate(digits, percent), 0)


def _column_figure(cell: str, t: Target) -> Figure | None:
    """An achieved number in a column of its own: bare (in the target's unit) or with a unit."""
    found = [q for q in find_quantities(cell or "") if q.norm_unit == t.quantity.norm_unit]
    if found:
        q = found[0]
    else:
        # the one number without a unit is in the target's unit: 4385, 提高1.6 (单位: 个百分点)
        numbers = plain_numbers(cell or "")
        if len(numbers) != 1:
            return None
        start, end, value = numbers[0]
        factor = t.quantity.norm_value / t.quantity.value if t.quantity.value else 1.0
        q = Quantity(start, end, cell[start:end], value, t.quantity.unit, value * factor, t.quantity.norm_unit,
                     classifier=t.quantity.classifier, rule="column")
    negative = bool(regex.search(r"下降|减少|降低", cell[:q.start])) and t.kind == "growth"
    return Figure(q, 0, "", False, False, False, negative, cell, cell)


def _row_targets(row: Row) -> tuple[list[Target], bool]:
    """The row's targets, and whether the achieved figure is to be read from a column of its own."""
    if not row.target_value:
        return find_targets(row.target), False
    in_value = find_quantities(row.target_value)
    t = value_target(row.target_value, row.unit, row.target or row.item)
    item_targets = find_targets(row.target) if row.target else []
    if t is not None and t.quantity.norm_unit == "%" and any(x.quantity.norm_unit != "%" for x in item_targets):
        # 目标任务 "100%" beside an item naming amounts (分别达到300元/人、140元/人): the amounts are the targets
        return [x for x in item_targets if x.quantity.norm_unit != "%"], False
    if len(in_value) > 1:  # 标准不低于3480元/年,人均救助水平不低于185元/月 in the 目标任务 cell
        return [replace(x, cell="target_value") for x in find_targets(row.target_value, in_value)], False
    return ([t] if t is not None else []), True


@dataclass(frozen=True)
class _Reading:
    """What the row's reporting cells say: pairs, the analysed text, and which cell the figures are in."""
    pairs: list[Pair]
    progress: Progress
    text: str
    cell: str


def _read_progress(row: Row, targets: list[Target], structured: bool) -> _Reading:
    column_fig = _column_figure(row.achieved, targets[0]) if structured and row.achieved else None
    if column_fig is None and len(targets) == 1 and _is_one_figure(row.progress):
        column_fig = _column_figure(row.progress, targets[0])  # 完成情况 holding 4385 or 430套
        structured = False
    if column_fig is not None and len(targets) == 1:
        rest = " ".join(x for x in (row.progress, row.note) if x) if structured else ""
        return _Reading([Pair(targets[0], column_fig, column_fig.quantity.norm_value)], analyse(rest),
                        row.achieved if structured else row.progress, "achieved" if structured else "progress")
    # the figures may be anywhere in the row's reporting cells: 已完成数, 进展情况, 备注
    text = " ".join(x for x in (row.achieved, row.progress, row.note) if x)
    progress = analyse(text)
    cell = "achieved" if row.achieved else ("progress" if row.progress else "note")
    return _Reading(pair_row(targets, progress), progress, text, cell)


def _is_one_figure(cell: str) -> bool:
    """The whole cell is one number or one quantity: a figure in a column of its own."""
    if not cell or _bare_number(cell):
        return bool(cell)
    found = find_quantities(cell)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(cell.rstrip("。. "))


def extract_row(row: Row, document_part_year: bool) -> list[Record]:
    targets, structured = _row_targets(row)
    if not targets:
        return [_none_record(row)]
    reading = _read_progress(row, targets, structured)
    marker_text = " ".join(x for x in (row.achieved, row.progress, row.note) if x)
    markers = reading.progress if marker_text == reading.text else (analyse(marker_text) if marker_text else None)
    column_ratio = _ratio_cell(row.ratio)
    progress, alone = reading.progress, len(targets) == 1
    out = []
    for pair in reading.pairs:
        t, f = pair.target, pair.figure
        stated = f.stated if f is not None else None
        if stated is None and alone:
            stated = column_ratio  # a completion rate in a column of its own
        if stated is None and f is None:
            stated = _bare_ratio_for(t, progress, len(targets))
        done = f is None and _segment_names(t, progress, progress.done_segments, need=0.5, alone=alone)
        # under-way words need only name the target loosely; a deferral (年度数据) covers the whole row
        pending = markers is not None and (markers.pending or _segment_names(
            t, markers, markers.underway_segments, need=0.3, one_sentence_for_all=True))
        out.append(_record(row, t, f, pair.norm_achieved, stated, done, pending, document_part_year, reading))
    return out


def _record(row: Row, t: Target, f: Figure | None, achieved: float | None, stated: StatedRatio | None,
            done: bool, pending: bool, document_part_year: bool, reading: _Reading) -> Record:
    q, fq = t.quantity, (f.quantity if f is not None else None)
    r = ratio(t.kind, q.norm_value, achieved)
    period = f.period if f is not None else (stated.period if stated else "")
    stated_value = stated.value if stated else None
    return Record(
        source=row.source, table=row.table, row=row.serial, category=row.category, lead_unit=row.lead_unit,
        indicator=t.indicator, kind=t.kind, comparator=t.comparator, tier=t.tier,
        target_text=t.text, target_start=t.start, target_end=t.end,
        target_value=json_number(q.value), target_unit=q.unit, norm_target=json_number(q.norm_value),
        norm_unit=q.norm_unit,
        classifier=q.classifier,
        achieved_text=fq.text if fq else None, achieved_start=fq.start if fq else None,
        achieved_end=fq.end if fq else None, achieved_value=json_number(fq.value) if fq else None,
        achieved_unit=fq.unit if fq else None, norm_achieved=json_number(achieved) if achieved is not None else None,
        period=period or None, estimate=bool(f and f.estimate),
        stated_ratio=round(stated_value, 6) if stated_value is not None else None,
        ratio=round(r, 4) if r is not None else None,
        ratio_check=ratio_check(r, stated_value, stated.half_unit if stated else None) or None,
        status=status(t.kind, t.comparator, q.norm_value, achieved, period, document_part_year, stated_value,
                      done, pending),
        line=row.line, target_cell=t.cell, achieved_cell=reading.cell if fq else None,
        target_cell_text=row.target_value if t.cell == "target_value" else row.target,
        achieved_cell_text=reading.text if fq else None,
    )


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
