"""Text exports: encoding, then tab-separated (.txt/.tsv) or comma-separated (.csv) cells.

Encodings: a BOM decides (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM is known by its NUL bytes;
then strict UTF-8; then charset-normalizer's detector, with GBK/GB2312 read as GB18030, their superset.
Never silently wrong: text that is mostly UTF-8 with a few invalid bytes (two files pasted together)
is refused with the position of the first bad byte, and so is text no encoding makes sense of.

Lines break at CR, LF or CRLF only: a form feed or U+2028 inside a cell does not split a row.
"""
from __future__ import annotations

import csv
import io

import regex

from .base import InputError

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)
_GB = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn", "iso2022_cn"}
_BIG5 = {"big5", "big5hkscs", "cp950"}
LINE_BREAK = regex.compile(r"\r\n|\r|\n")


def _printable_share(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for c in text if c.isprintable() or c in "\t\r\n\f\v")
    return good / len(text)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, path: str) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                at = exc.start + (3 if enc == "utf-8-sig" else 0)
                raise InputError(f"{path}: starts with a {enc.upper().replace('-SIG', '')} byte-order mark but "
                                 f"is not valid {enc.replace('-sig', '')} at byte {at}") from None
    if b"\x00" in data[:4096]:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _printable_share(text) > 0.97 and ("\n" in text or "\t" in text):
                return text
        at = data.index(b"\x00")
        raise InputError(f"{path}: binary data (a NUL byte at byte {at}, line {_line_of(data, at)}), not a text table")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, utf8_error = None, exc
    if text is not None:  # valid UTF-8 is text, whatever control codes it holds (NUL aside)
        return _checked(text, path, strict=False)
    # mostly valid UTF-8 with some bad bytes: two encodings in one file; guessing would corrupt a part of it
    lenient = data.decode("utf-8", errors="replace")
    wide = sum(1 for c in lenient if ord(c) > 0x7F and c != "\ufffd")
    bad = lenient.count("\ufffd")
    if wide >= 10 and wide >= bad:  # GBK read as UTF-8 gives almost no valid wide characters
        at = utf8_error.start
        raise InputError(f"{path}: mixed encodings: UTF-8 text with invalid bytes at byte {at} (line "
                         f"{_line_of(data, at)}); save the file in one encoding")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    enc = best.encoding if best is not None else None
    if enc in _GB or enc is None:
        enc = "gb18030" if _decodes(data, "gb18030") else enc
    elif enc in _BIG5 and _decodes(data, "big5hkscs"):
        enc = "big5hkscs"
    if enc is None:
        raise InputError(f"{path}: not text in any encoding tried (UTF-8, UTF-16, GB18030, Big5, others by detection)")
    return _checked(data.decode(enc, errors="strict"), path, enc)


def _decodes(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
    except UnicodeDecodeError:
        return False
    return True


def _checked(text: str, path: str, enc: str = "UTF-8", strict: bool = True) -> str:
    if "\x00" in text:
        at = text.index("\x00")
        raise InputError(f"{path}: binary data (a NUL character at line {text.count(chr(10), 0, at) + 1}), "
                         "not a text table")
    sample = text[:200_000]
    # a stray control code is still text; many of them are not
    if strict and (1 - _printable_share(sample)) * len(sample) > max(8, 0.05 * len(sample)):
        raise InputError(f"{path}: binary data, not a text table (read as {enc}, most characters are control codes)")
    return text


def split_lines(text: str) -> list[str]:
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def tab_lines(text: str) -> list[tuple[str, ...]]:
    """Tab-separated lines. Excel's "Unicode text" quotes a cell that holds a line break or a tab
    ("a<LF>b"); such a file is read as quoted TSV when every quote in it parses as such quoting."""
    if '"' in text and regex.search(r'(?:^|\t)"[^"\t\r\n]*(?:""[^"\t\r\n]*)*[\t\r\n]', text, regex.M):
        quoted = _strict_csv(text, "\t")
        if quoted is not None:
            return quoted
    return [tuple(line.split("\t")) for line in split_lines(text)]


def _strict_csv(text: str, delimiter: str) -> list[tuple[str, ...]] | None:
    try:
        return [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)]
    except csv.Error:
        return None


def csv_lines(text: str, path: str, delimiter: str = ",") -> list[tuple[str, ...]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[tuple[str, ...]] = []
    last_ok = 0
    try:
        for r in reader:
            out.append(tuple(r))
            last_ok = reader.line_num
    except csv.Error as exc:
        line = reader.line_num
        if "unexpected end of data" in str(exc):
            start = last_ok + 1
            raise InputError(f"{path}: a quoted cell opened on line {start} is never closed "
                             "(a stray \" would swallow every row after it)") from None
        raise InputError(f"{path}: not valid CSV at line {line} ({exc})") from None
    return out


def delimited_lines(text: str, path: str, suffix: str) -> list[tuple[str, ...]]:
    """.csv by commas; .tsv/.txt and anything else by tabs, unless no line has a tab and the lines
    have a steady number of commas (a CSV saved as .txt)."""
    if suffix == ".csv":
        return csv_lines(text, path)
    if "\t" not in text and suffix not in {".tsv"}:
        lines = [line for line in split_lines(text) if line.strip()]
        counts = [line.count(",") for line in lines]
        steady = sum(1 for c in counts if c == counts[0]) >= 0.8 * len(counts)
        if len(lines) >= 2 and min(counts, default=0) >= 1 and steady:
            return csv_lines(text, path)
    return tab_lines(text)
