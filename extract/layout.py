"""Raw lines of one table -> its layout and its data rows.

Three steps, one module each: the header (extract/header.py: titles, header lines, column names),
the column roles (extract/columns.py: header words and cell content, for the whole table at once),
the rows (extract/rows.py: serials, sections, merged cells, realigned rows). The document's period
is read here from the title and the reporting columns' headers.
"""
from __future__ import annotations

from dataclasses import replace

from .clean import clean_cell
from .columns import read_columns
from .header import Header, is_header_line, read_header, split_merged_serials
from .read import RawTable
from .rows import build_rows
from .rules import RULES
from .table import Layout, Table

L = RULES.layout


def clean_lines(raw: RawTable) -> list[list[str]]:
    lines = [[clean_cell(c) for c in line] for line in raw.lines]
    for cells in lines:
        while cells and not cells[-1]:
            cells.pop()
    return lines


def read_layout(raw: RawTable) -> tuple[Layout, Header, list[list[str]], list[list[str]]]:
    """The layout, and the data lines below the header: cleaned and as printed."""
    lines = clean_lines(raw)
    header = read_header(lines)
    header, split = split_merged_serials(header, lines)
    data = split[header.data_start:]
    if split is lines:
        printed = [list(line) for line in raw.lines[header.data_start:]]
    else:  # serials split out of a merged column are printed as they were read
        printed = [list(line) for line in data]
    sample = [c for c in data if sum(1 for x in c if x) >= 2 and not is_header_line(c)]
    columns, confidence, warnings = read_columns(header, sample or data)
    titles = [t for t in header.titles if not L.attachment.match(t)]
    reporting = [c.header for c in columns if c.role in {"progress", "achieved"}]
    period_text = " ".join(header.titles + tuple(reporting))
    found = L.part_year.search(period_text)
    year = next((int(m.group("year")) for m in map(L.title_year.search, header.titles) if m), None)
    layout = Layout(title=titles[0] if titles else (header.titles[0] if header.titles else ""),
                    header_lines=header.lines, columns=columns, confidence=round(confidence, 2),
                    serial_source="", period=found.group() if found else "", part_year=bool(found),
                    warnings=warnings, year=year)
    return layout, header, data, printed


def build_table(raw: RawTable) -> Table:
    layout, header, data, printed = read_layout(raw)
    rows, serial_source = build_rows(raw.source, raw.name, data, printed, header, layout.columns)
    layout = replace(layout, serial_source=serial_source)
    return Table(raw.source, raw.name, layout.title, layout.part_year, layout, rows)
