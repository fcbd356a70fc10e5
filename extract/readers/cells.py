"""Spreadsheet cell values as the text a person sees in them."""
from __future__ import annotations

import datetime as dt
import math


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # 3000.0 is how .xls stores 3000
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def sparse_lines(values: dict[tuple[int, int], str]) -> list[list[str]]:
    """Lines from {(row, col): text}, 1-based; each line as long as its last non-empty cell. A sheet
    whose recorded dimension is far larger than its content costs nothing."""
    if not values:
        return []
    last_row = max(r for r, _ in values)
    lines: list[list[str]] = [[] for _ in range(last_row)]
    for (r, c), text in sorted(values.items()):
        line = lines[r - 1]
        while len(line) < c - 1:
            line.append("")
        line.append(text)
    return lines
