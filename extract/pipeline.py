"""One table -> records. Only wiring: a row's targets (targets.py), what its reporting cells say and
which figure measures each target (match.py), the ratio and the status (status.py), one record each.
Pure: rows in, records out; no files, no globals written.
"""
from __future__ import annotations

import logging

from .budget import RowTimeout, budget
from .match import Pair, pair_row, reports_of
from .quantities import json_number
from .records import COLUMNS, Record
from .rules import RULES
from .status import ratio, ratio_check, status
from .table import Row, Table
from .targets import row_targets

log = logging.getLogger("extract")


def extract_rows(table: Table) -> list[Record]:
    """Every row yields at least one record; a defect met on one row is reported, not fatal."""
    out: list[Record] = []
    limits = RULES.pieces.limits
    for row in table.rows:
        size = len(row.target) + len(row.target_value) + sum(len(c.text) for c in row.reports)
        try:
            with budget(limits.row_seconds + limits.row_seconds_per_char * size):
                out.extend(extract_row(row, table.part_year, table.layout.year if table.layout else None))
        except RowTimeout:
            log.warning("%s table %s row %s: kept without targets: its cells (%d characters) took longer to read "
                        "than the row's time budget", row.source, row.table, row.serial, size)
            out.append(none_record(row))
        except Exception as exc:  # odd text must never lose the row (STYLE: quiet on text)
            log.warning("%s table %s row %s: kept without targets (%s: %s)", row.source, row.table, row.serial,
                        type(exc).__name__, exc)
            out.append(none_record(row))
    return out


def none_record(row: Row) -> Record:
    """A row without a quantitative target still reaches the output (CONTRACT.md: kind none)."""
    empty = dict.fromkeys(COLUMNS)
    empty.update(source=row.source, table=row.table, row=row.serial, category=row.category,
                 lead_unit=row.lead_unit, indicator="", kind="none", estimate=False, status="none", line=row.line,
                 target_cell_text=row.target or row.item or None, achieved_cell_text=row.progress or None)
    return Record(**empty)


def extract_row(row: Row, document_part_year: bool, year: int | None = None) -> list[Record]:
    targets = row_targets(row)
    if not targets:
        return [none_record(row)]
    return [_record(row, pair, document_part_year) for pair in pair_row(targets, row, reports_of(row), year)]


def _record(row: Row, pair: Pair, document_part_year: bool) -> Record:
    t, f, stated = pair.target, pair.figure, pair.stated
    q, fq = t.quantity, (f.quantity if f is not None else None)
    r = ratio(t.kind, q.norm_value, pair.norm_achieved)
    period = f.period if f is not None else (stated.period if stated else "")
    stated_value = stated.value if stated else None
    cell = row.reports[f.cell] if f is not None else None
    return Record(
        source=row.source, table=row.table, row=row.serial, category=row.category, lead_unit=row.lead_unit,
        indicator=t.indicator, kind=t.kind, comparator=t.comparator, tier=t.tier,
        target_text=t.text, target_start=t.start, target_end=t.end,
        target_value=json_number(q.value), target_unit=q.unit, norm_target=json_number(q.norm_value),
        norm_unit=q.norm_unit, classifier=q.classifier,
        achieved_text=fq.text if fq else None, achieved_start=fq.start if fq else None,
        achieved_end=fq.end if fq else None, achieved_value=json_number(fq.value) if fq else None,
        achieved_unit=fq.unit if fq else None,
        norm_achieved=json_number(pair.norm_achieved) if pair.norm_achieved is not None else None,
        period=period or None, estimate=bool(f and f.estimate),
        stated_ratio=round(stated_value, 6) if stated_value is not None else None,
        ratio=round(r, 4) if r is not None else None,
        ratio_check=ratio_check(r, stated_value, stated.half_unit if stated else None) or None,
        status=status(t.kind, t.comparator, q.norm_value, pair.norm_achieved, period, document_part_year,
                      stated_value, pair.done, pair.pending),
        line=row.line, target_cell=t.cell, achieved_cell=cell.role if cell else None,
        target_cell_text=row.target_value if t.cell == "target_value" else row.target,
        achieved_cell_text=cell.text if cell else None, rule=pair.rule or None,
    )
