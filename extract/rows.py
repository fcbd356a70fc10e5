"""Data lines + column roles -> rows with named cells.

Skips repeated headers and titles between pages, turns section headings (一、…) into categories,
fills merged serial, category and item cells down, reads the serial from its column, from the start
of the item name (1.增加值, with #… sub-lines under the item above), from a column naming rows
(regions, classes) or else by position, and realigns rows whose cells are missing or shifted by what
the cells hold, never by row number.
"""
from __future__ import annotations

from dataclasses import dataclass

from .columns import is_unit, looks_like_unit
from .header import Header, is_header_line
from .quantities import find_quantities, is_one_figure
from .rules import RULES
from .table import Cell, Column, Row

L = RULES.layout
REPORT_ROLES = ("achieved", "ratio", "progress", "note")
_TEXT_ROLES = ("category", "target", "progress")


@dataclass(frozen=True)
class _Context:
    """What every line of one table is read against."""
    source: str
    table: str
    header: Header
    columns: tuple[Column, ...]
    serial_source: str  # column | item | label | position

    def cols(self, role: str, group: int | None = None) -> list[Column]:
        return [c for c in self.columns if c.role == role and (group is None or c.group == group)]

    def col(self, role: str) -> Column | None:
        found = self.cols(role)
        return found[0] if found else None


def _at(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and 0 <= i < len(cells) else ""


def serial_source(columns: tuple[Column, ...], data: list[list[str]]) -> str:
    """Where a row's serial comes from: its column, the item name's start, a column naming rows, position."""
    if any(c.role == "serial" for c in columns):
        return "column"
    item = next((c for c in columns if c.role == "item"), None) or next(
        (c for c in columns if c.role == "target"), None)
    if item is not None:
        cells = [_at(line, item.index) for line in data]
        cells = [c for c in cells if c]
        numbered = sum(1 for c in cells if L.item_serial.match(c) or L.sub_item.match(c))
        if cells and numbered / len(cells) >= L.structure_share["numbered_items"]:
            return "item"
    if any(c.role == "label" for c in columns):
        return "label"
    return "position"


def _is_repeat(cells: list[str], ctx: _Context, raw_header: list[list[str]]) -> bool:
    """A header repeated at a page break, or a title line between pages."""
    filled = [c for c in cells if c]
    if not filled:
        return True
    if any(cells == h for h in raw_header) or (is_header_line(cells) and len(filled) >= 2 and sum(
            1 for i, c in enumerate(cells) if c and i < len(ctx.header.names) and c in ctx.header.names[i]) >= 2):
        return True
    if len(filled) == 1 and L.page_number.match(filled[0]):
        return True  # — 2 —, 第3页 共5页: a page break of the export
    if len(filled) == 1 and not (L.serial.match(filled[0]) or L.total.match(filled[0])):
        text = filled[0]
        return text in ctx.header.titles or bool(L.title_like.search(text))
    return False


def _section_heading(cells: list[str], ctx: _Context) -> str | None:
    """一、就业和社会保障 / (一) | 工业经济: a heading among numbered rows, with no target of its own."""
    serial = ctx.col("serial")
    filled = [(i, c) for i, c in enumerate(cells) if c]
    head = _at(cells, serial.index) if serial else ""
    texts = [c for i, c in filled if serial is None or i != serial.index]
    if not texts and head:  # 一、经济发展 written whole in the serial column, the rest blank
        m = L.section_serial.match(head)
        return head[m.end():].strip() or head if m and len(head) > m.end() else None
    if len(texts) != 1 or find_quantities(texts[0]) or len(texts[0]) > L.long_cell:
        return None
    if head and L.section_serial.match(head) and not L.item_serial.match(head + "x"):
        return texts[0]
    if not head and L.section_serial.match(texts[0]) and len(filled) == 1:
        return texts[0]
    return None


def build_rows(source: str, table: str, lines: list[list[str]], printed: list[list[str]], header: Header,
               columns: tuple[Column, ...]) -> tuple[tuple[Row, ...], str]:
    """`lines` are cleaned cells of the data lines (below the header), `printed` the same lines as
    written (serials are kept as printed). Returns the rows and where their serials came from."""
    source_of_serial = serial_source(columns, lines)
    ctx = _Context(source, table, header, columns, source_of_serial)
    raw_header = [list(header.names)]
    groups = sorted({c.group for c in columns if c.group})
    rows: list[Row] = []
    state = {"serial": "", "category": "", "item": "", "categories": categories(lines, columns)}
    n = 0  # data lines so far: the `line` of a row
    for cells, raw in zip(lines, printed):
        if _is_repeat(cells, ctx, raw_header):
            continue
        heading = _section_heading(cells, ctx)
        if heading is not None:
            state["category"] = heading
            continue
        if groups:
            found = _group_rows(cells, ctx, groups, _serial(cells, raw, ctx, state, n + 1), n + 1, state)
            n += bool(found)
            rows.extend(found)
            continue
        n += 1
        rows.append(_row(cells, ctx, _serial(cells, raw, ctx, state, n), n, state))
    return tuple(rows), source_of_serial


def _serial(cells: list[str], raw: list[str], ctx: _Context, state: dict, position: int) -> str:
    source = ctx.serial_source
    if source == "column":
        col = ctx.col("serial")
        printed = _at(raw, col.index).strip()
        if printed:
            state["serial"] = printed
        else:  # a total row leaves the serial blank and names itself in another cell: 合计, 全省
            total = next((c for c in cells[:3] if c and L.total.match(c)), "")
            if total:
                return total
        return state["serial"] or str(position)
    if source == "item":
        item = _at(cells, (ctx.col("item") or ctx.col("target")).index)
        m = L.item_serial.match(item)
        if m:
            state["serial"] = m.group().strip().rstrip(".、．").strip()
        elif not state["serial"]:  # lines before the first numbered item
            state["serial"] = str(position)
        return state["serial"]  # an unnumbered line (#…, 其中) carries the serial above
    if source == "label":
        label = _at(raw, ctx.col("label").index).strip()
        if label:
            state["serial"] = label
        return state["serial"] or str(position)
    return str(position)


def _reports(cells: list[str], columns: list[Column]) -> tuple[Cell, ...]:
    return tuple(Cell(c.role, _at(cells, c.index), c.header, c.unit, c.growth, c.started)
                 for c in sorted(columns, key=lambda c: c.index) if _at(cells, c.index))


def _item_name(text: str) -> str:
    """The item name without its printed serial, sub-line mark or unit: 1.增加值 -> 增加值,
    地区生产总值(亿元) -> 地区生产总值."""
    m = L.item_serial.match(text) or L.sub_item.match(text)
    name = text[m.end():].strip() if m else text
    unit = L.bracket_unit.search(name)
    return name[:unit.start()].rstrip() if unit and is_unit(unit.group(1)) else name


def _row(cells: list[str], ctx: _Context, serial: str, line: int, state: dict) -> Row:
    numeric = bool(ctx.cols("target_value") or ctx.cols("achieved"))
    if numeric:
        return _structured(cells, ctx, serial, line, state)
    return _free(cells, ctx, serial, line, state)


def _texts(cells: list[str], ctx: _Context, role: str) -> str:
    return " ".join(_at(cells, c.index) for c in ctx.cols(role) if _at(cells, c.index))


def _free(cells: list[str], ctx: _Context, serial: str, line: int, state: dict) -> Row:
    """Target and progress in free text; a row shifted by a missing cell is realigned by content."""
    lead = _texts(cells, ctx, "lead_unit")
    category = _texts(cells, ctx, "category")
    target = _texts(cells, ctx, "target")
    reports = list(_reports(cells, [c for c in ctx.columns if c.role in REPORT_ROLES]))
    cat_col, target_col = ctx.col("category"), ctx.col("target")
    progress_cols = ctx.cols("progress")
    if cat_col is not None and target_col is not None and progress_cols:
        category, target, progress = _realign(cells, ctx, state)
        reports = [r for r in reports if r.role != "progress"]
        if progress:
            reports.insert(0, Cell("progress", progress, progress_cols[0].header))
    if category:
        state["category"] = category
    item = _item_name(_texts(cells, ctx, "item"))
    return Row(ctx.source, ctx.table, line, serial, state["category"], lead, target, item=item,
               reports=tuple(reports))


def _progress_like(text: str) -> bool:
    return bool(text) and bool(L.progress_like.search(text))


def categories(lines: list[list[str]], columns: tuple[Column, ...]) -> frozenset[str]:
    """Values of the category column that are categories: seen beside both a target and a progress
    cell, or repeated down the table (a shifted target in that column is neither)."""
    cols = [c.index for c in columns if c.role == "category"]
    seen: dict[str, int] = {}
    for cells in lines:
        for c in cells:
            if c:
                seen[c] = seen.get(c, 0) + 1
    out = set()
    for cells in lines:
        for i in cols:
            if _at(cells, i):
                filled = sum(1 for j, c in enumerate(cells) if c and j > i)
                if filled >= 2 or seen[cells[i]] >= 2:
                    out.add(cells[i])
    return frozenset(out)


def _realign(cells: list[str], ctx: _Context, state: dict) -> tuple[str, str, str]:
    """category | target | progress when a cell is missing or shifted (a merged category exported
    into the target column, a target written in the progress column)."""
    apart = {c.index for c in ctx.columns if c.role not in _TEXT_ROLES}  # notes and lead units stay put
    texts = [c for i, c in enumerate(cells) if c and i not in apart]
    progress_cols = {c.index for c in ctx.cols("progress")}
    cats = state["categories"]
    cat, target, progress = "", "", ""
    if len(texts) == 1:
        only = texts[0]
        col = next(i for i, c in enumerate(cells) if c == only and i not in apart)
        if col in progress_cols and _progress_like(only):
            progress = only
        else:
            target = only
    elif len(texts) == 2:
        if texts[0] in cats and not _progress_like(texts[1]):
            cat, target = texts  # a category in the target column, the target in the progress column
        else:
            target, progress = texts
    elif len(texts) == 3:
        if not _progress_like(texts[2]) and len(texts[1]) <= L.short_cell and not L.numeral.search(texts[1]):
            cat, target = texts[0], texts[2]  # category, sub-category, target; no progress
        else:
            cat, target, progress = texts
    elif texts:
        cat, target, progress = texts[0], texts[-2], texts[-1]
    if cat and cat not in cats and len(cat) <= L.short_cell and state["category"]:
        cat = state["category"]  # a short sub-heading, not a category of its own
    return cat, target, progress


def _fits(text: str, role: str) -> bool:
    """Whether a cell's content suits a column role (for realigning a row that is a cell short)."""
    if not text:
        return True
    if role == "unit":
        return looks_like_unit(text)
    if role in {"target_value", "achieved"}:
        return bool(L.figure_cell.match(text) or L.percent_cell.match(text) or is_one_figure(text))
    if role == "ratio":
        return bool(L.percent_cell.match(text) or L.figure_cell.match(text))
    if role == "lead_unit":
        return bool(L.organisation.match(text))
    if role == "serial":
        return bool(L.serial.match(text) or L.total.match(text))
    return True


def _shift_short(cells: list[str], ctx: _Context) -> list[str]:
    """A row a cell short of the header: insert a blank where it makes the cells fit their columns."""
    width = max(c.index for c in ctx.columns) + 1
    if len(cells) >= width:
        return cells
    role = {c.index: c.role for c in ctx.columns}

    def fit(candidate: list[str]) -> int:
        return sum(_fits(c, role.get(i, "other")) for i, c in enumerate(candidate) if c)

    best, best_fit = cells, fit(cells)
    for at in range(len(cells), 0, -1):  # a cell missing at the end is the commonest
        candidate = cells[:at] + [""] + cells[at:]
        if fit(candidate) > best_fit:
            best, best_fit = candidate, fit(candidate)
    return best


def _structured(cells: list[str], ctx: _Context, serial: str, line: int, state: dict) -> Row:
    """Target number in its own column (指标 | 单位 | 目标 | 完成数 | 完成率)."""
    cells, sub = _without_inserted_cell(_shift_short(list(cells), ctx), ctx)
    name, unit = _texts(cells, ctx, "target"), _texts(cells, ctx, "unit")
    value, prose = _texts(cells, ctx, "target_value"), ""
    if ctx.col("item") is not None:  # 指标 | 全年目标 (增长6% or 8000) | 完成 | 增幅
        written, name = name, _texts(cells, ctx, "item")
        if _fits(written, "target_value") and not value:
            value, written = written, ""  # a figure: the item names it
        prose = written
    if unit and not _fits(unit, "unit"):
        sub, unit = unit, ""  # a sub-item written in the 单位 column
    first = ctx.columns[0].role if ctx.columns else ""
    if not name and not (first == "serial" and _at(cells, 0)):
        name = sub or state["item"]  # a continuation line under a merged item name
    name = name or sub
    if name and not L.sub_item.match(name):
        state["item"] = name
    lead, note = _texts(cells, ctx, "lead_unit"), _texts(cells, ctx, "note")
    reports = list(_reports(cells, [c for c in ctx.columns if c.role in REPORT_ROLES]))
    if note and not lead and L.organisation.match(note):
        lead = note  # 备注 holding the responsible unit
        reports = [r for r in reports if r.role != "note"]
    category = _texts(cells, ctx, "category")
    if category:
        state["category"] = category
    if not name and ctx.col("target") is None:
        name = _texts(cells, ctx, "label")  # 合计 | 300 | … : the label names the row's item
    value_col = ctx.col("target_value")
    header_unit = value_col.unit if value_col is not None else ""
    item_unit = L.bracket_unit.search(name or "")  # 新增养老床位(张), but not 空白村(平江17、汩罗4)
    unit = unit or header_unit or (item_unit.group(1) if item_unit and is_unit(item_unit.group(1)) else "")
    item = _item_name(name or state["item"])
    if name and L.sub_item.match(name) and state["item"]:  # #制造业 under 规模工业增加值 measures the same
        item = _item_name(state["item"]) + item
    # a prose target cell beside the item: its targets are read there, measuring the item
    target = prose or sub or name
    return Row(ctx.source, ctx.table, line, serial, state["category"], lead, target=target,
               item=item, unit=unit, target_value=value, reports=tuple(reports))


def _without_inserted_cell(cells: list[str], ctx: _Context) -> tuple[list[str], str]:
    """A cell inserted before the lead unit pushes the row right: take it out, return it as sub-item."""
    lead_col = ctx.col("lead_unit")
    if lead_col is None:
        return cells, ""
    lead_at = lead_col.index
    for shift in (1, 2):
        j = lead_at + shift
        if j < len(cells) and L.organisation.match(cells[j] or "") and not L.organisation.match(cells[lead_at] or "x"):
            sub = " ".join(c for c in cells[lead_at:j] if c)
            return cells[:lead_at] + cells[j:], sub
    return cells, ""


def _group_rows(cells: list[str], ctx: _Context, groups: list[int], serial: str, line: int,
                state: dict) -> list[Row]:
    """One row per indicator group: row = the serial, else the region as printed; item = the group's name."""
    if not any(_at(cells, c.index) for c in ctx.columns if c.group):
        return []
    label = _texts(cells, ctx, "label")
    key = serial if ctx.serial_source in {"column", "item"} else (label or serial)
    lead = _texts(cells, ctx, "lead_unit")
    out = []
    for g in groups:
        value = next(c for c in ctx.cols("target_value", g))
        name = value.header.split("/")[0] if "/" in value.header else value.header
        item = L.bracket_unit.sub("", name) or name
        members = [c for c in ctx.columns if c.group == g and c.role in REPORT_ROLES]
        out.append(Row(ctx.source, ctx.table, line, key, state["category"], lead, target=item, item=item,
                       unit=value.unit, target_value=_at(cells, value.index), reports=_reports(cells, members)))
    return out
