"""Word documents (.docx) through python-docx: every table; paragraphs above a table are its title lines.

A merged cell comes back once per grid cell it covers: a horizontal repeat is blanked (one value per
merged range), a vertical repeat is kept only in its first row, as a spreadsheet export does.
"""
from __future__ import annotations

import io

from .base import InputError, number_tables
from .containers import open_zip


def read_docx(data: bytes, name: str, path: str) -> list:
    open_zip(data, path, ".docx document")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise InputError(f"{path}: not a readable .docx document ({type(exc).__name__})") from None
    tables, title = [], []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if isinstance(t.tag, str) and t.tag.endswith("}t"))
            text = text.strip()
            if text:
                title = (title + [text])[-3:]
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            lines, above = [[t] for t in title], None
            for row in table.rows:
                cells = list(row.cells)
                values = []
                for i, cell in enumerate(cells):
                    same_left = i > 0 and cells[i - 1]._tc is cell._tc
                    same_above = above is not None and i < len(above) and above[i]._tc is cell._tc
                    values.append("" if same_left or same_above else cell.text)
                lines.append(values)
                above = cells
            tables.append((str(len(tables) + 1), lines))
            title = []
    if not tables:
        raise InputError(f"{path}: no table in the document (only paragraphs)")
    return number_tables(name, tables)
