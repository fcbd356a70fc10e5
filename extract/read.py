"""File -> tables of raw cells. The only module that opens input files.

Text exports (.txt, .tsv, .csv) are decoded by BOM, then UTF-8, then GB18030 (a superset of GBK
and GB2312); .xlsx sheets are read with openpyxl through pandas, one table per sheet.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """Input that cannot be read; str() is a one-line message naming the file."""


@dataclass(frozen=True)
class RawTable:
    source: str  # base name of the file
    name: str  # "1", or the sheet name
    lines: tuple[tuple[str, ...], ...]  # raw cells, as in the file


def _looks_like_text(text: str) -> bool:
    good = sum(1 for c in text if c.isprintable() or c in "\t\r\n")
    return bool(text) and ("\n" in text or "\t" in text) and good / len(text) > 0.97


def decode(data: bytes, path: str) -> str:
    """BOM first, then UTF-8, UTF-16 without BOM (NUL bytes), GB18030; binary data is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
        raise InputError(f"{path}: binary file, not a text table")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8, UTF-16 or GB18030 text") from None


def read_tables(path: str | Path) -> list[RawTable]:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a table file")
    suffix = p.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(p)
    if suffix == ".docx":
        return _read_docx(p)
    if suffix in {".xls", ".doc", ".pdf", ".wps", ".et"}:
        raise InputError(f"{p}: {suffix} is not supported; save it as .docx, .xlsx, .csv or tab-separated .txt")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    text = decode(data, str(p))
    if suffix == ".csv":
        lines = [tuple(r) for r in csv.reader(io.StringIO(text))]
    else:
        lines = [tuple(line.split("\t")) for line in text.splitlines()]
    if not any(any(c.strip() for c in line) for line in lines):
        raise InputError(f"{p}: empty file")
    return [RawTable(p.name, "1", tuple(lines))]


def _read_xlsx(p: Path) -> list[RawTable]:
    import pandas as pd

    try:
        sheets = pd.read_excel(p, sheet_name=None, header=None, dtype=str, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputError(f"{p}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    tables = []
    for name, frame in sheets.items():
        lines = tuple(tuple("" if v is None or v != v else str(v) for v in row)  # v != v: NaN, an empty cell
                      for row in frame.itertuples(index=False))
        if lines:
            tables.append(RawTable(p.name, str(name) if len(sheets) > 1 else "1", lines))
    if not tables:
        raise InputError(f"{p}: workbook has no cells")
    return tables


def _read_docx(p: Path) -> list[RawTable]:
    """Every table of a Word document; paragraphs before a table become its title lines.

    A merged cell comes back once per grid cell it covers: a horizontal repeat is blanked (one value
    per merged range), a vertical repeat is kept only in its first row, as a spreadsheet export does.
    """
    import docx

    try:
        document = docx.Document(str(p))
    except Exception as exc:  # python-docx raises several types for broken files
        raise InputError(f"{p}: not a readable .docx document ({type(exc).__name__})") from None
    tables, title = [], []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip()
            if text:
                title = (title + [text])[-3:]
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            lines, above = [tuple([t]) for t in title], None
            for row in table.rows:
                cells = [c for c in row.cells]
                values = []
                for i, cell in enumerate(cells):
                    same_left = i > 0 and cells[i - 1]._tc is cell._tc
                    same_above = above is not None and i < len(above) and above[i]._tc is cell._tc
                    values.append("" if same_left or same_above else cell.text)
                lines.append(tuple(values))
                above = cells
            tables.append(RawTable(p.name, str(len(tables) + 1), tuple(lines)))
            title = []
    if not tables:
        raise InputError(f"{p}: no table in the document")
    if len(tables) == 1:
        tables[0] = RawTable(p.name, "1", tables[0].lines)
    return tables
