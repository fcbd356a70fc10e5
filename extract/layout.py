"""Raw lines of one table -> data rows with named cells.

Finds the title and the header by column meaning (rules/columns.yaml), skips titles and headers
repeated at page breaks, fills merged serial and category cells down, and realigns rows whose cells
are missing or shifted by what the text *is* (a progress cell reports; a category is a slogan
repeated down the table), never by row number.
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field, replace

import regex

from .clean import clean_cell
from .read import RawTable
from .rules import RULES

L = RULES.layout
_SERIAL = L.serial
_LEAD = L.organisation
_BRACKET_UNIT = L.bracket_unit
_UNIT_CELL = L.unit_cell


@dataclass(frozen=True)
class Row:
    source: str
    table: str
    line: int  # 1-based data line within the table
    serial: str
    category: str
    lead_unit: str
    target: str  # the target cell (cleaned)
    progress: str  # the progress cell (cleaned)
    item: str = ""  # item name when the target number has a column of its own
    unit: str = ""  # 单位 column
    target_value: str = ""
    achieved: str = ""
    ratio: str = ""
    note: str = ""


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    title: str
    part_year: bool  # the document's own period is part of the year
    roles: dict = field(default_factory=dict)  # column index -> role
    rows: tuple[Row, ...] = ()


_HEADER_YEAR = L.header_year


def column_role(header_cell: str) -> str | None:
    """The meaning of a header cell; 2023年目标值 and 目标值(万元) read as 目标值."""
    name = regex.sub(r"\s+", "", header_cell)
    name = _HEADER_YEAR.sub("", _BRACKET_UNIT.sub("", name) or name)
    if not name:
        return None
    cols = L.columns
    for role in cols["priority"]:
        if name in cols[role].exact:
            return role
    for role in cols["priority"]:
        if cols[role].pattern is not None and cols[role].pattern.fullmatch(name):
            return role
    for role in cols["priority"]:
        if any(word in name for word in cols[role].contains):
            return role
    return None


def _header_roles(cells: list[str]) -> dict[int, str] | None:
    roles = {i: column_role(c) for i, c in enumerate(cells)}
    roles = {i: r for i, r in roles.items() if r}
    kinds = set(roles.values())
    if list(roles.values()).count("target_value") >= 2:
        return roles  # the second header line of a matrix
    figures = kinds & {"progress", "target_value", "achieved"}
    if kinds & {"serial", "region"} and (figures or "target" in kinds):
        return roles
    if "target" in kinds and figures:
        return roles
    return None


def _settle_roles(roles: dict[int, str], data: list[list[str]]) -> dict[int, str]:
    """目标任务 names a column of numbers in one table and of prose in another: look at the cells."""
    out = dict(roles)
    targets = sorted(i for i, r in roles.items() if r == "target")
    for i in targets[:-1]:  # 重点工作 | 具体目标任务: the broader heading is the category
        out[i] = "category"
    for i, role in roles.items():
        if role != "target_value":
            continue
        cells = [c[i] for c in data if i < len(c) and c[i]]
        prose = sum(1 for c in cells if len(c) > 12 or not L.numeral.search(c))
        if cells and prose > len(cells) / 2:
            for j, r in out.items():
                if r == "target":
                    out[j] = "category"  # 项目名称 | 年度目标(prose): the name heads the target
            out[i] = "target"
    return out


def _matrix_groups(roles: dict[int, str]) -> list[list[int]] | None:
    """Column groups of a matrix header (目标任务 | 进度 | 完成比例, repeated), or None."""
    value_cols = sorted(i for i, r in roles.items() if r in {"target_value"})
    if len(value_cols) < 2:
        return None
    bounds = value_cols + [max(roles) + 1]
    return [[i for i in range(a, b) if roles.get(i) in {"target_value", "achieved", "ratio", "progress", "unit"}]
            for a, b in zip(bounds, bounds[1:])]


def build_table(raw: RawTable) -> Table:
    lines = [[clean_cell(c) for c in line] for line in raw.lines]
    for cells in lines:
        while cells and not cells[-1]:
            cells.pop()
    header_at, roles = None, None
    for i, cells in enumerate(lines):
        roles = _header_roles(cells)
        if roles:
            header_at = i
            break
    if header_at is None:  # no header: serial | target | progress
        roles, header_at = {0: "serial", 1: "target", 2: "progress"}, -1
    # the lines above the header (附件1, the title, a date line) name the document and its period
    above = [c[0] for c in lines[:max(header_at, 0)] if len(c) == 1 and c[0]]
    title = next((t for t in above if not L.attachment.match(t)), above[0] if above else "")
    header = lines[header_at] if header_at >= 0 else []
    roles = _settle_roles(roles, lines[header_at + 1:])
    period_text = " ".join(above) + " " + " ".join(header[i] for i, r in roles.items()
                                         if r in {"progress", "achieved"} and i < len(header))
    part_year = bool(L.part_year.search(period_text))
    # the serial / region is kept as printed (CONTRACT.md: row), the other cells as cleaned
    data = [(c, (raw.lines[i][0].strip() if raw.lines[i] else "")) for i, c in enumerate(lines) if i > header_at]
    groups = _matrix_groups(roles)
    if groups:
        name_line = lines[header_at - 1] if header_at > 0 else []
        names = _group_names(name_line, groups, header)
        for i, cell in enumerate(name_line):  # the region column is named on the first header line
            if column_role(cell) in {"region", "serial"} and i not in roles:
                roles = {**roles, i: column_role(cell)}
        rows = _matrix_rows(raw, set(above), header, roles, groups, names, data)
    else:
        rows = _rows(raw, set(above), header, roles, data)
    return Table(raw.source, raw.name, title, part_year, roles, tuple(rows))


def _group_names(above: list[str], groups: list[list[int]], header: list[str]) -> list[str]:
    """Indicator names from the line above the header; merged cells leave blanks to the right."""
    filled, last = [], ""
    for i in range(max(len(above), max(g[-1] for g in groups) + 1)):
        last = (above[i] if i < len(above) else "") or last
        filled.append(last)
    return [filled[g[0]] if g and g[0] < len(filled) else f"指标{n + 1}" for n, g in enumerate(groups)]




def _matrix_rows(raw, titles, header, roles, groups, names, data) -> list[Row]:
    """One row per region and indicator: row = the region as printed, item = the indicator."""
    key_cols = [i for i, r in roles.items() if r in {"region", "serial"}]
    region_col = next((i for i, r in roles.items() if r == "region"), key_cols[0] if key_cols else 0)
    rows: list[Row] = []
    for n, (cells, printed) in enumerate(data, 1):
        if _is_repeat(cells, titles, header) or not any(cells[g[0]] if g[0] < len(cells) else "" for g in groups):
            continue
        region = (printed if region_col == 0 else cells[region_col]) if region_col < len(cells) else ""
        for name, group in zip(names, groups):
            get = {roles[i]: (cells[i] if i < len(cells) else "") for i in group}
            unit = get.get("unit", "")
            if not unit:
                written = [name] + [header[i] for i in group if i < len(header)]
                m = next((m for m in map(_BRACKET_UNIT.search, written) if m), None)
                unit = m.group(1) if m else ""
            item = _BRACKET_UNIT.sub("", name)
            rows.append(Row(raw.source, raw.name, n, region, "", "", target=item, progress=get.get("progress", ""),
                            item=item, unit=unit, target_value=get.get("target_value", ""),
                            achieved=get.get("achieved", ""), ratio=get.get("ratio", "")))
    return rows


def _is_repeat(cells: list[str], titles: set[str], header: list[str]) -> bool:
    if not any(cells):
        return True
    if cells == header or _header_roles(cells):
        return True
    nonempty = [c for c in cells if c]
    if len(nonempty) == 1 and not _SERIAL.match(cells[0] or "x"):
        text = nonempty[0]
        return text in titles or bool(L.title_like.search(text))
    return False


def _rows(raw: RawTable, titles: set[str], header: list[str], roles: dict[int, str], data) -> list[Row]:
    by_role: dict[str, list[int]] = {}
    for i, r in sorted(roles.items()):
        by_role.setdefault(r, []).append(i)
    structured = "target_value" in by_role or "achieved" in by_role
    cells_only = [c for c, _ in data]
    categories = _categories(cells_only, by_role)
    has_serial = by_role.get("serial") == [0]
    # 目标值(万元): a unit written in the header of the target-number column
    header_unit = next((m.group(1) for i in by_role.get("target_value", []) if i < len(header)
                        for m in [_BRACKET_UNIT.search(header[i])] if m), "")
    arabic = [c[0] for c in cells_only if c and _SERIAL.match(c[0]) and c[0][:1].isdigit()]
    rows: list[Row] = []
    serial, category, item = "", "", ""
    for cells, printed in data:
        if _is_repeat(cells, titles, header):
            continue
        first = cells[0] if cells else ""
        if has_serial and first and not _SERIAL.match(first) and len(cells) == 1:
            continue  # a stray single cell: a footnote or a page title
        texts = [c for c in cells[1:] if c]
        if (has_serial and len(arabic) >= 3 and _SERIAL.match(first or "x") and not first[:1].isdigit()
                and len(texts) == 1):
            category = texts[0]  # 一、就业和社会保障: a section heading among numbered rows
            continue
        if not has_serial:
            serial = str(len(rows) + 1)
        elif first and _SERIAL.match(first):
            serial, item = printed, ""
        rest = cells[1:] if has_serial else cells
        offset = 1 if has_serial else 0
        if structured:
            row, item = _structured(raw, len(rows) + 1, serial, item, rest, offset, by_role, header_unit)
        else:
            row = _free(raw, len(rows) + 1, serial, category, rest, offset, by_role, categories)
        if row.category:
            category = row.category
        else:
            row = replace(row, category=category)
        rows.append(row)
    return rows


def _categories(data: list[list[str]], by_role: dict[str, list[int]]) -> set[str]:
    """Values of the category column that are categories: seen beside both a target and a progress
    cell, or repeated down the table (a shifted target in that column is neither)."""
    cols = by_role.get("category", [])
    seen = Counter(c for cells in data for c in cells if c)
    out = set()
    for cells in data:
        for i in cols:
            if i < len(cells) and cells[i]:
                filled = sum(1 for j, c in enumerate(cells) if c and j > i)
                if filled >= 2 or seen[cells[i]] >= 2:
                    out.add(cells[i])
    return out


def _cells_of(cells: list[str], columns: list[int], offset: int) -> str:
    """The non-empty cells at these header columns (shifted by offset), joined."""
    return " ".join(cells[i - offset] for i in columns if 0 <= i - offset < len(cells) and cells[i - offset])


def _progress_like(text: str) -> bool:
    return bool(text) and bool(L.progress_like.search(text))


def _free(raw, line, serial, category, rest, offset, by_role, categories) -> Row:
    """Target and progress in free text; shifted rows realigned by content."""
    lead = _cells_of(rest, by_role.get("lead_unit", []), offset)
    ratio = _cells_of(rest, by_role.get("ratio", []), offset)
    apart = {i - offset for r in ("lead_unit", "ratio") for i in by_role.get(r, [])}
    texts = [c for i, c in enumerate(rest) if c and i not in apart]
    has_category = "category" in by_role
    cat, target, progress = "", "", ""
    if not has_category:
        # no category column to shift things: cells are where their header says; a column of no
        # known meaning (备注, 说明) adds to the progress text
        known = {i - offset for r in ("target", "progress", "lead_unit", "ratio", "serial") for i in by_role.get(r, [])}
        extra = [c for i, c in enumerate(rest) if c and i not in known]
        target = _cells_of(rest, by_role.get("target", []), offset)
        progress = " ".join(x for x in [_cells_of(rest, by_role.get("progress", []), offset)] + extra if x)
    elif len(texts) == 1:
        only = texts[0]
        col = rest.index(only) + offset
        if by_role.get("progress") and col in by_role["progress"] and _progress_like(only):
            progress = only
        else:
            target = only
    elif len(texts) == 2:
        if texts[0] in categories and not _progress_like(texts[1]):
            cat, target = texts  # a category in the target column, the target in the progress column
        else:
            target, progress = texts
    elif len(texts) == 3:
        if not _progress_like(texts[2]) and len(texts[1]) <= 12 and not regex.search(r"\d", texts[1]):
            cat, target = texts[0], texts[2]  # category, sub-category, target; no progress
        else:
            cat, target, progress = texts
    elif texts:
        cat, target, progress = texts[0], texts[-2], texts[-1]
    if cat and cat not in categories and len(cat) <= 12 and category:
        cat = category  # a short sub-heading, not a category of its own
    return Row(raw.source, raw.name, line, serial, cat, lead, target, progress, ratio=ratio)


def _structured(raw, line, serial, item, rest, offset, by_role, header_unit=""):
    """Target number in its own column (目标任务 | 单位 | 已完成数 | 完成率).

    Returns the row and the item name to carry to continuation lines. A sub-item (a line of its own
    under a merged item name) may sit in a cell inserted before the lead unit, or in the 单位 column.
    """
    cells, sub = _without_inserted_cell(list(rest), offset, by_role.get("lead_unit", []))

    def get(role):
        return _cells_of(cells, by_role.get(role, []), offset)

    name, unit = get("target"), get("unit")
    if unit and not _UNIT_CELL.match(unit):
        sub, unit = unit, ""  # a sub-item written in the 单位 column
    if not (rest and rest[0]) and not name:
        name = sub or item  # a continuation line under a merged item name
    name = name or sub
    lead, note = get("lead_unit"), get("note")
    if note and not lead and _LEAD.match(note):
        lead, note = note, ""  # 备注 holding the responsible unit
    row = Row(raw.source, raw.name, line, serial, get("category"), lead,
              target=sub or name, progress=get("progress"), item=name or item, unit=unit or header_unit,
              target_value=get("target_value"), achieved=get("achieved"), ratio=get("ratio"), note=note)
    return row, name or item


def _without_inserted_cell(cells: list[str], offset: int, lead_cols: list[int]) -> tuple[list[str], str]:
    """A cell inserted before the lead unit pushes the row right: take it out, return it as sub-item."""
    if not lead_cols:
        return cells, ""
    lead_at = lead_cols[0] - offset
    for shift in (1, 2):
        j = lead_at + shift
        if 0 <= lead_at and j < len(cells) and _LEAD.match(cells[j] or "") and not _LEAD.match(cells[lead_at] or "x"):
            sub = " ".join(c for c in cells[lead_at:j] if c)
            return cells[:lead_at] + cells[j:], sub
    return cells, ""
