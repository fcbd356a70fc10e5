"""Write one table (lines of raw cells, as a tab-separated export holds them) in every input format.

Title lines (the one-cell lines above the first line of two or more cells) become paragraphs above
the table in Word, HTML and PDF, and one-cell rows in spreadsheets, as real documents have them.
Used by the format tests; every writer is a well-kept library (openpyxl, xlwt, python-docx,
reportlab) or the standard library.
"""
from __future__ import annotations

import csv
import html
from pathlib import Path


def read_txt(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.split("\n")][: -1 if text.endswith("\n") else None]


def split_title(lines: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    k = next((i for i, line in enumerate(lines) if sum(1 for c in line if c.strip()) >= 2), len(lines))
    titles = [line[0] for line in lines[:k] if line and line[0].strip()]
    return titles, lines[k:]


def _square(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=1)
    return [list(r) + [""] * (width - len(r)) for r in rows]


def write_csv(lines, path: Path, encoding="utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(lines)
    return path


def write_tsv(lines, path: Path, encoding="utf-8") -> Path:
    path.write_bytes("".join("\t".join(line) + "\n" for line in lines).encode(encoding))
    return path


def write_xlsx(lines, path: Path, merges=()) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for r, line in enumerate(lines, 1):
        for c, value in enumerate(line, 1):
            if value != "":
                sheet.cell(r, c, value).data_type = "s"
    for rng in merges:
        sheet.merge_cells(rng)
    book.save(path)
    return path


def write_xls(lines, path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            if value != "":
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_docx(lines, path: Path) -> Path:
    import docx

    titles, rows = split_title(lines)
    document = docx.Document()
    for t in titles:
        document.add_paragraph(t)
    rows = _square(rows)
    table = document.add_table(rows=len(rows), cols=len(rows[0]) if rows else 1)
    for r, line in enumerate(rows):
        cells = table.rows[r].cells
        for c, value in enumerate(line):
            if value:
                cells[c].text = value
    document.save(path)
    return path


def html_page(lines) -> str:
    titles, rows = split_title(lines)
    body = "".join(f"<p>{html.escape(t)}</p>\n" for t in titles)
    body += "<table border=1>\n" + "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line) + "</tr>\n" for line in rows) + "</table>\n"
    return f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>t</title></head><body>\n{body}</body></html>\n"


def write_html(lines, path: Path, encoding="utf-8") -> Path:
    page = html_page(lines)
    if encoding != "utf-8":
        page = page.replace('charset="utf-8"', f'charset="{encoding}"')
    path.write_bytes(page.encode(encoding))
    return path


def write_pdf(lines, path: Path, ruled=True) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    titles, rows = split_title(lines)
    rows = _square(rows)
    width = landscape(A4)[0] - 60
    lengths = [max(len(r[c]) for r in rows) ** 0.5 + 2 for c in range(len(rows[0]))]
    col_widths = [max(40, width * n / sum(lengths)) for n in lengths]
    scale = width / sum(col_widths)
    col_widths = [w * scale for w in col_widths]

    def para(text):
        return Paragraph(html.escape(text).replace("\n", "<br/>"), style) if text else ""

    story = [para(t) for t in titles]
    table = Table([[para(c) for c in line] for line in rows], colWidths=col_widths, repeatRows=1)
    if ruled:
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    else:
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=30, rightMargin=30, topMargin=30,
                      bottomMargin=30).build(story)
    return path


WRITERS = {".csv": write_csv, ".tsv": write_tsv, ".xlsx": write_xlsx, ".xls": write_xls, ".docx": write_docx,
           ".html": write_html, ".pdf": write_pdf}
