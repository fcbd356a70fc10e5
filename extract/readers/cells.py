"""Spreadsheet cell values as the text a person sees in them."""
from __future__ import annotations

import datetime as dt
import math

import regex


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


_NUMBER_FORMAT = regex.compile(r'^(?P<pre>(?:"[^"]*")?)(?P<num>[#0,]*0(?:\.(?P<dec>0+))?)(?P<pct>%?)'
                               r'(?P<post>(?:"[^"]*")?)$')


def formatted(value, number_format: str | None) -> str:
    """A number as the cell shows it, for the plain number formats (0.00, #,##0, 0.0%, "0.00"万元);
    other formats (General, dates, text) give cell_text(value)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not number_format:
        return cell_text(value)
    fmt = number_format.split(";")[0].replace("\\", "")
    fmt = regex.sub(r"\[[^\]]*\]", "", fmt)  # [Red], [$-804] locale and colour codes
    m = _NUMBER_FORMAT.match(fmt)
    if not m or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return cell_text(value)
    x = value * 100 if m["pct"] else value
    decimals = len(m["dec"] or "")
    text = f"{x:,.{decimals}f}" if "," in m["num"] else f"{x:.{decimals}f}"
    return m["pre"].strip('"') + text + m["pct"] + m["post"].strip('"')
