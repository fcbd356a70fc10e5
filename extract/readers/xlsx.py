"""Excel workbooks (.xlsx/.xlsm) through openpyxl: every sheet, merged cells kept once (top-left)."""
from __future__ import annotations

import io
import warnings

from .base import MAX_CELLS, InputError, has_text, number_tables
from .cells import formatted, sparse_lines
from .containers import open_zip


def read_xlsx(data: bytes, name: str, path: str) -> list:
    open_zip(data, path, ".xlsx workbook")  # refuses bombs and entity declarations before openpyxl parses
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "unsupported extension" notes about styles and validation
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: "
                         f"{str(exc).splitlines()[0][:160] if str(exc) else 'damaged'})") from None
    tables = []
    for sheet in book.worksheets:
        values = {}
        for (r, c), cell in sheet._cells.items():  # only the cells that exist, however large the dimension
            text = formatted(cell.value, cell.number_format)  # 139.1%, not 1.391
            if text != "":
                values[(r, c)] = text
        if len(values) > MAX_CELLS:
            raise InputError(f"{path}: refused: sheet {sheet.title} holds more than {MAX_CELLS:,} cells")
        lines = sparse_lines(values)
        if has_text(lines):
            tables.append((sheet.title, lines))
    if not tables:
        raise InputError(f"{path}: no table in the workbook (every sheet is empty)")
    return number_tables(name, tables)
