"""PDF attachments through pdfplumber: every table on every page.

Ruled tables are found by their lines; a document with no ruled table is read for tables aligned by
whitespace. A table that runs on over a page break (the first table of a page, with no title of its
own above it, as many columns as the last table of the page before) is joined to that table; a header
row repeated at the top of the continuation is dropped, and a row cut by the break (first cell empty,
the row above cut mid-sentence) is joined to the row above. Lines that repeat on every page (running
heads, page numbers) are never taken for titles. Wrapped lines inside a cell are joined without a
space unless both sides are Latin letters. A PDF without a text layer (a scan) is refused with that
message: it needs OCR first.
"""
from __future__ import annotations

import io
import logging

import regex

from .base import MAX_PDF_PAGES, InputError, has_text, number_tables

_PAGE_NUMBER = regex.compile(r"^[\s\-—–－·]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*(?:/\s*\d+)?|"
                             r"Page\s*\d+(?:\s*of\s*\d+)?)[\s\-—–－·]*$", regex.I)
_CUT = regex.compile(r"[。；;.!！?？)）”\"】\]]\s*$")


def unwrap(text: str | None) -> str:
    if not text:
        return ""
    lines = text.split("\n")
    out = lines[0]
    for nxt in lines[1:]:
        a, b = out[-1:], nxt[:1]
        out += (" " if a.isascii() and a.isalpha() and b.isascii() and b.isalpha() else "") + nxt
    return out


def _join(a: str, b: str) -> str:
    return unwrap(a + "\n" + b) if a and b else a or b


def _norm(line) -> tuple:
    return tuple(regex.sub(r"\s+", "", c or "") for c in line)


def read_pdf(data: bytes, name: str, path: str) -> list:
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:
        text = f"{type(exc).__name__} {exc!r}"
        if "Password" in text or "Encrypt" in text:
            raise InputError(f"{path}: password-protected PDF; save an unprotected copy") from None
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise InputError(f"{path}: not a readable PDF: damaged or truncated ({detail})") from None
    try:
        if len(pages) > MAX_PDF_PAGES:
            raise InputError(f"{path}: refused: {len(pages)} pages, more than the {MAX_PDF_PAGES} read")
        return _tables(pages, name, path)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pdf.close()


def _tables(pages, name: str, path: str) -> list:
    pages = [p.dedupe_chars() for p in pages]
    n_chars = sum(len(p.chars) for p in pages)
    if n_chars == 0:
        images = sum(len(p.images) for p in pages)
        what = f"only {images} image(s): a scan?" if images else "nothing on its pages"
        raise InputError(f"{path}: the PDF has no text layer ({what}); run OCR on it first")
    found = [(p, p.find_tables()) for p in pages]
    aligned = False
    if not any(ts for _, ts in found):
        settings = {"vertical_strategy": "text", "horizontal_strategy": "text"}
        found = [(p, [t for t in p.find_tables(settings) if _aligned_ok(t)]) for p in pages]
        aligned = True
    if not any(ts for _, ts in found):
        raise InputError(f"{path}: no table in the PDF ({len(pages)} page(s) of text, no ruled or aligned table)")
    running = _running_lines(pages, found)
    tables: list[list[list[str]]] = []
    header: tuple = ()
    for page_no, (page, page_tables) in enumerate(found):
        top = 0
        for k, t in enumerate(page_tables):
            rows = [[unwrap(c) for c in row] for row in t.extract()]
            if aligned:
                chars = page.crop(t.bbox, strict=False).chars
                sizes = sorted(c["size"] for c in chars) or [10.0]
                tops = [min((c["top"] for c in chars if r.bbox[1] - 0.5 <= c["top"] < r.bbox[3]), default=r.bbox[1])
                        for r in t.rows]  # where each printed line's text starts
                rows = _merge_continuation_lines(rows, tops, sizes[len(sizes) // 2])
            above = _lines_between(page, top, t.bbox[1], running)
            top = t.bbox[3]
            width = max((len(r) for r in rows), default=0)
            prev = tables[-1] if tables else None
            continues = (k == 0 and page_no > 0 and prev is not None and not above and found[page_no - 1][1]
                         and width == max(len(r) for r in prev if len(r) > 1))
            if continues:
                if rows and header and _norm(rows[0]) == header:
                    rows = rows[1:]  # the header repeated on the new page
                if rows and prev and not (rows[0][0] or "").strip() and _cut_row(prev[-1], rows[0]):
                    prev[-1] = [_join(a, b) for a, b in zip(prev[-1], rows[0])]
                    rows = rows[1:]
                prev.extend(rows)
            else:
                header = _norm(rows[0]) if rows else ()
                tables.append([[line] for line in above[-3:]] + rows)
    tables_named = [(str(i + 1), lines) for i, lines in enumerate(tables) if has_text(lines)]
    return number_tables(name, tables_named)


def _aligned_ok(t) -> bool:
    rows = t.extract()
    return len(rows) >= 3 and max((sum(1 for c in r if c) for r in rows), default=0) >= 2


def _cut_row(last: list[str], first: list[str]) -> bool:
    """The row above was cut by the page break: a column is filled on both sides of the break and the
    part above does not end a sentence."""
    pairs = [(a, b) for a, b in zip(last, first) if (a or "").strip() and (b or "").strip()]
    return bool(pairs) and any(not _CUT.search(a) for a, _ in pairs)


def _merge_continuation_lines(rows: list[list[str]], tops: list[float], font_size: float) -> list[list[str]]:
    """In a table aligned by whitespace each printed line is a row. A line with an empty first cell
    set as close under the line above as lines within a paragraph are (1.4 times the font size at
    most) continues the row above; one set further down, after the padding between rows, is a row of
    its own (a sub-row under a merged serial)."""
    line_gap = 1.4 * font_size
    out: list[list[str]] = []
    for k, row in enumerate(rows):
        close = 0 < k < len(tops) and tops[k] - tops[k - 1] <= line_gap
        if out and close and not (row[0] or "").strip() and (out[-1][0] or "").strip():
            out[-1] = [_join(a, b) for a, b in zip(out[-1], row)]
        else:
            out.append(list(row))
    return out


def _text_lines(page, top: float, bottom: float) -> list[str]:
    if bottom - top < 1:
        return []
    region = page.crop((0, max(top, 0), page.width, min(bottom, page.height)), strict=False)
    return [line["text"].strip() for line in region.extract_text_lines() if line["text"].strip()]


def _running_lines(pages, found) -> set[str]:
    """Text outside tables that recurs on most pages (digits aside): running heads and feet."""
    if len(pages) < 2:
        return set()
    from collections import Counter

    seen: Counter = Counter()
    for page, tables in found:
        outside = set()
        bounds = [0.0] + [y for t in tables for y in (t.bbox[1], t.bbox[3])] + [page.height]
        for top, bottom in zip(bounds[::2], bounds[1::2]):
            outside.update(regex.sub(r"\d+", "#", line) for line in _text_lines(page, top, bottom))
        seen.update(outside)
    return {line for line, n in seen.items() if n >= max(2, len(pages) // 2 + 1)}


def _lines_between(page, top: float, bottom: float, running: set[str]) -> list[str]:
    return [line for line in _text_lines(page, top, bottom)
            if regex.sub(r"\d+", "#", line) not in running and not _PAGE_NUMBER.match(line)]
