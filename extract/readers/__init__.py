"""File -> tables of raw cells. The only package that opens input files.

`read_tables(path)` recognises the format by the file's content, with the suffix as a promise
that is checked: a zip-based suffix (.xlsx, .docx) or .pdf on something else is refused with what
the file really holds; text suffixes and .xls (web systems save HTML and tab-separated text as .xls)
go to whatever reader the content asks for. One module per format:

| module | reads |
|---|---|
| `text.py` | .txt / .tsv (tab-separated), .csv; encodings |
| `html.py` | .html / .htm: every data table in the page |
| `xlsx.py`, `xls.py` | workbooks: every sheet |
| `docx.py` | Word: every table, with the paragraphs above it as titles |
| `pdf.py` | PDF: every ruled or aligned table, joined across pages |
| `containers.py` | zip and OLE containers checked before a library sees them |

Every failure is an `InputError` whose message names the file and says what is wrong, on one line.
"""
from __future__ import annotations

import stat
from pathlib import Path

from .base import MAX_FILE_BYTES, InputError, RawTable, has_text

__all__ = ["TABLE_SUFFIXES", "InputError", "RawTable", "decode", "read_tables", "sniff"]

TABLE_SUFFIXES = {".txt", ".tsv", ".csv", ".xlsx", ".xlsm", ".xls", ".docx", ".html", ".htm", ".pdf"}
_ZIP_SUFFIX = {".xlsx": "xlsx", ".xlsm": "xlsx", ".docx": "docx"}
_UNSUPPORTED = {
    "doc": "a Word 97-2003 .doc document; save it as .docx",
    "xlsb": "an Excel binary workbook (.xlsb); save it as .xlsx",
    "odf": "an OpenDocument file (.ods/.odt); save it as .xlsx or .docx",
    "zip": "a zip archive that is neither a .xlsx workbook nor a .docx document",
    "ole": "an OLE compound file that is neither a workbook nor a document",
    "encrypted": "password-protected (encrypted Office file); save an unprotected copy",
    "rtf": "an RTF document; save it as .docx",
    "png": "a PNG image, not a table", "jpeg": "a JPEG image, not a table", "gif": "a GIF image, not a table",
    "gzip": "gzip-compressed; unpack it first", "7z": "a 7-Zip archive; unpack it first",
    "rar": "a RAR archive; unpack it first", "bzip2": "bzip2-compressed; unpack it first",
}
_MAGIC = (
    (b"PK\x03\x04", "zipfile"), (b"PK\x05\x06", "zipfile"), (b"PK\x07\x08", "zipfile"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "olefile"), (b"{\\rtf", "rtf"), (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"), (b"\x1f\x8b", "gzip"), (b"7z\xbc\xaf", "7z"),
    (b"Rar!", "rar"), (b"BZh", "bzip2"),
)
_NAMES = {"xlsx": ".xlsx workbook", "docx": ".docx document", "pdf": "PDF", "xls": ".xls workbook",
          "html": "web page", "text": "text"}


def sniff(data: bytes) -> str:
    """The format the bytes hold: xlsx, docx, xls, pdf, html, text, or a name from _UNSUPPORTED."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if kind == "zipfile":
                return _zip_kind(data)
            if kind == "olefile":
                from .containers import ole_kind

                return ole_kind(data)
            return kind
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return "text"  # text or HTML; told apart once decoded


def _zip_kind(data: bytes) -> str:
    import io
    import zipfile

    from .containers import zip_kind

    try:
        return zip_kind(zipfile.ZipFile(io.BytesIO(data)))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "broken-zip"


def _read_bytes(p: Path) -> bytes:
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p}: is a folder, not a table file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{p}: not a regular file (a device, pipe or socket)")
    if st.st_size == 0:
        raise InputError(f"{p}: empty file (0 bytes)")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(f"{p}: refused: {st.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} read")
    try:
        with open(p, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def read_tables(path: str | Path) -> list[RawTable]:
    p = Path(path)
    data = _read_bytes(p)
    suffix = p.suffix.lower()
    kind = sniff(data)
    where = str(p)
    if kind == "broken-zip":
        what = _NAMES.get(_ZIP_SUFFIX.get(suffix, ""), "zip archive")
        raise InputError(f"{where}: damaged {what}: the zip container is broken or truncated")
    if kind in _UNSUPPORTED:
        raise InputError(f"{where}: {_UNSUPPORTED[kind]}")
    promised = _ZIP_SUFFIX.get(suffix) or ("pdf" if suffix == ".pdf" else None)
    text = None
    if kind == "text":
        from .html import decode_html, looks_like_html

        text = decode_html(data, where) if b"<" in data[:4096] else None
        if text is not None and looks_like_html(text):
            kind = "html"
        else:
            from .text import decode

            text = decode(data, where) if text is None else text
    if promised and kind != promised:
        raise InputError(f"{where}: not a {_NAMES[promised]}: the file holds {_describe(kind, text)}")
    try:
        tables = _read(kind, data, text, p.name, where, suffix)
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{where}: refused: nested too deeply to read") from None
    except MemoryError:
        raise InputError(f"{where}: refused: too large to read in memory") from None
    if not any(has_text(t.lines) for t in tables):
        raise InputError(f"{where}: no table in the file (only blank cells)")
    return tables


def _describe(kind: str, text: str | None) -> str:
    if kind == "text":
        return "plain text" if text and text.strip() else "blank text"
    return {"xlsx": "a .xlsx workbook", "docx": "a .docx document", "xls": "a .xls workbook", "pdf": "a PDF",
            "html": "a web page"}.get(kind, kind)


def _read(kind: str, data: bytes, text: str | None, name: str, where: str, suffix: str) -> list[RawTable]:
    if kind == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(data, name, where)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, name, where)
    if kind == "xls":
        from .xls import read_xls

        return read_xls(data, name, where)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name, where)
    if kind == "html":
        from .html import read_html

        return read_html(text, name, where)
    from .text import delimited_lines

    assert text is not None
    if not text.strip():
        raise InputError(f"{where}: empty file (only blank lines)")
    lines = delimited_lines(text, where, suffix)
    if not has_text(lines):
        raise InputError(f"{where}: empty file (only blank lines)")
    if max(len([c for c in line if c.strip()]) for line in lines) < 2:
        raise InputError(f"{where}: no table in the file (no line has two or more tab- or comma-separated cells)")
    from .base import table

    return [table(name, "1", lines)]


def decode(data: bytes, path: str) -> str:
    from .text import decode as _decode

    return _decode(data, path)


