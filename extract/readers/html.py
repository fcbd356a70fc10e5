"""Web pages (.html/.htm, and the HTML that web systems save as .xls): every data table in the page.

A data table is a <table> with no table inside it, at least two rows and two columns; a table that
holds other tables lays out the page, and its own text (navigation, side bars) is left out like any
text outside tables. rowspan/colspan are honoured the way the other readers keep merged cells: the
value once, in the top-left cell of the range, blank in the cells it covers. Up to three text blocks
just above a table (its heading, a date line) and its <caption> become the table's title lines.
"""
from __future__ import annotations

import regex

from .base import MAX_CELLS, InputError, has_text, number_tables

_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
         "svg", "math", "select", "option", "button", "input", "textarea"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "header", "footer", "nav", "aside", "main", "blockquote", "pre", "dl", "dt", "dd", "hr", "address",
          "figure", "figcaption", "form", "fieldset", "center", "tr", "table", "caption"}
_META_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,20})""", regex.I)
MAX_SPAN = 1000  # HTML's own cap on colspan; rowspan is capped by the rows left in the table


def looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    return head.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body", "<!--")) and \
        ("<table" in text[:1_000_000].lower() or "<html" in head or "<body" in head)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return "gb18030" if name in {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"} else name


def decode_html(data: bytes, path: str) -> str:
    """BOM, then the page's own <meta charset> if the bytes agree with it, then the text decoder."""
    from .text import decode

    declared = declared_charset(data)
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong (pages are re-saved in another encoding): detect instead
    return decode(data, path)


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _cell_text(el) -> str:
    """The text of a cell as a browser shows it: block elements and <br> break lines."""
    from lxml import etree

    parts: list[str] = []
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, node in walker:
        if node is el:
            if event == "start":
                parts.append(el.text or "")
            continue
        element = isinstance(node.tag, str)
        block = element and _tag(node) in _BLOCK
        if element and _tag(node) == "br":
            parts.append("\n" if event == "start" else (node.tail or ""))
            continue
        if event == "start":
            parts.append("\n" if block else "")
            parts.append((node.text or "") if element else "")
        else:
            parts.append("\n" if block else "")
            parts.append(node.tail or "")
    return "".join(parts)


def _own_rows(table) -> list:
    """The <tr> of this table, not of tables nested in it (thead/tbody/tfoot looked through)."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in {"thead", "tbody", "tfoot"}:
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _span(value, cap: int) -> int:
    m = regex.match(r"\s*(\d{1,7})", value or "")
    n = int(m.group(1)) if m else 1
    return min(max(n, 1), cap)


def table_grid(table, path: str) -> list[list[str]]:
    rows = _own_rows(table)
    grid: list[list[str]] = [[] for _ in rows]
    covered: set[tuple[int, int]] = set()
    cells = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if _tag(td) not in {"td", "th"}:
                continue
            while (r, c) in covered:
                c += 1
            colspan = _span(td.get("colspan"), MAX_SPAN)
            rowspan = _span(td.get("rowspan"), len(rows) - r)
            line = grid[r]
            while len(line) < c:
                line.append("")
            line.append(_cell_text(td))
            line.extend([""] * (colspan - 1))
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        covered.add((r + dr, c + dc))
            cells += colspan * rowspan
            if cells > MAX_CELLS:
                raise InputError(f"{path}: refused: a table spans more than {MAX_CELLS:,} cells")
            c += colspan
    for (r, c) in covered:  # ranges that reach past the last cell written in a row
        line = grid[r]
        while len(line) <= c:
            line.append("")
    return grid


def _is_data_table(table, grid) -> bool:
    if table.find(".//table") is not None:
        return False  # lays out the page
    filled = [line for line in grid if any(c.strip() for c in line)]
    return len(filled) >= 2 and max(sum(1 for c in line if c.strip()) for line in filled) >= 2


def parse(text: str, path: str):
    import lxml.etree
    import lxml.html

    # huge_tree lifts libxml2's nesting limit from 256 to 2048 elements (real pages nest deeper than 256);
    # beyond that the parser drops the rest of the page, which is refused rather than read in part
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                                  huge_tree=True, default_doctype=False)
    try:
        root = lxml.html.document_fromstring(text.replace("\x00", ""), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"{path}: not a readable web page ({exc})") from None
    if any("depth" in e.message.lower() for e in parser.error_log):
        raise InputError(f"{path}: refused: elements nested too deeply (over 2048); the page cannot be read whole")
    return root


def read_html(text: str, name: str, path: str) -> list:
    root = parse(text, path)
    for bad in list(root.iter(*_SKIP)):
        if bad is not root and bad.getparent() is not None:
            bad.drop_tree()  # keeps the text after it
    tables: list[tuple[str, list]] = []
    blocks: list[str] = []  # text blocks since the last data table: title candidates
    current: list[str] = []
    data_tables = set()
    for table in root.iter("table"):
        grid = table_grid(table, path)
        if _is_data_table(table, grid):
            data_tables.add(table)

    def flush():
        text = " ".join("".join(current).split())
        if text:
            blocks.append(text)
        current.clear()

    from lxml import etree

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, node in walker:
        element = isinstance(node.tag, str)
        if event == "start" and node in data_tables:
            flush()
            title = list(blocks[-3:])
            caption = next((c for c in node if _tag(c) == "caption"), None)
            if caption is not None:
                cap = " ".join(_cell_text(caption).split())
                if cap:
                    title = (title + [cap])[-3:]
            lines = [[t] for t in title] + table_grid(node, path)
            tables.append((str(len(tables) + 1), lines))
            blocks.clear()
            walker.skip_subtree()
            continue
        block = element and (_tag(node) in _BLOCK or _tag(node) in {"td", "th"})
        if event == "start":
            if block:
                flush()
            current.append((node.text or "") if element else "")
        else:
            if block:
                flush()
            current.append(node.tail or "")

    tables = [(n, lines) for n, lines in tables if has_text(lines)]
    if not tables:
        kind = "only tables that lay out the page" if root.find(".//table") is not None else "no <table>"
        raise InputError(f"{path}: no table in the web page ({kind})")
    return number_tables(name, tables)
