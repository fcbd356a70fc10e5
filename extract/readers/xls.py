"""Excel 97-2003 workbooks (.xls) through xlrd: every sheet, merged cells kept once (top-left)."""
from __future__ import annotations

import io

from .base import MAX_CELLS, InputError, has_text, number_tables
from .cells import cell_text, formatted, sparse_lines


def read_xls(data: bytes, name: str, path: str) -> list:
    import xlrd

    log = io.StringIO()  # xlrd writes warnings to a log file; keep them off the user's terminal
    try:
        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=log)
        except NotImplementedError:  # formatting is only read from BIFF8 (Excel 97 and later)
            book = xlrd.open_workbook(file_contents=data, logfile=log)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise InputError(f"{path}: password-protected workbook; save an unprotected copy") from None
        raise InputError(f"{path}: not a readable .xls workbook ({exc})") from None
    except Exception as exc:
        raise InputError(f"{path}: not a readable .xls workbook ({type(exc).__name__}: {exc})") from None
    tables = []
    for sheet in book.sheets():
        if sheet.nrows * sheet.ncols > MAX_CELLS:
            raise InputError(f"{path}: refused: sheet {sheet.name} spans more than {MAX_CELLS:,} cells")
        values = {}
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                text = _value(sheet.cell(r, c), book, xlrd)
                if text != "":
                    values[(r + 1, c + 1)] = text
        lines = sparse_lines(values)
        if has_text(lines):
            tables.append((sheet.name, lines))
    if not tables:
        raise InputError(f"{path}: no table in the workbook (every sheet is empty)")
    return number_tables(name, tables)


def _value(cell, book, xlrd) -> str:
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except Exception:
            return cell_text(cell.value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if kind == xlrd.XL_CELL_NUMBER and book.formatting_info:
        try:
            fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
        except (KeyError, IndexError, AttributeError, TypeError):
            fmt = None
        return formatted(cell.value, fmt)  # 139.1%, not 1.391
    return cell_text(cell.value)
