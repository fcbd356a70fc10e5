"""Cell cleaning, the same for every entry point (tables, `extract quantities`, extract_cell).
Offsets in records refer to the cleaned cell (CONTRACT.md: target_start/end).

What cleaning does, in order:
  1. HTML tags (<p>, </p>, <br/>) are removed; entities (&nbsp; &amp; …) are decoded;
  2. full-width ASCII forms (ＡＢ１２％（）) map one-for-one to ASCII, the ideographic space to a space,
     ￥ to ¥ and the minus sign − to -; a full-width comma between two ASCII digits stays as it is
     (20，300美圆 is two prices: a writer using ASCII digits writes thousands with an ASCII comma);
  3. traditional characters map one-for-one to simplified ones (萬→万, 確→确, 畝→亩) with OpenCC's
     character table, where the mapping is unambiguous (乾, which is also simplified, stays);
  4. runs of whitespace (tabs, newlines, spaces) fold to one space; the cell is stripped.
Chinese punctuation that has no ASCII twin (、。“”《》) is kept as it is.

Steps 2 and 3 map one character to one (normalize_chars), so offsets survive them; the quantity
finder applies them itself, so a caller's text reads the same whatever the entry point. Steps 1 and
4 change length: clean_with_offsets keeps the offset of every cleaned character in the caller's text.
"""
from __future__ import annotations

import functools
import html
from pathlib import Path

import regex

_TAG = regex.compile(r"</?[A-Za-z][^<>]{0,200}>")
_WS = regex.compile(r"\s+")
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_FULLWIDTH[0xFFE5] = ord("¥")  # ￥ fullwidth yen sign
_FULLWIDTH[0x2212] = ord("-")  # − minus sign
_ASCII_DIGIT_COMMA = regex.compile(r"(?<=[0-9])，(?=[0-9])")
# what html.unescape replaces (its own pattern), so clean_with_offsets decodes exactly as clean_cell
_CHARREF = regex.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


@functools.lru_cache(maxsize=1)
def _traditional() -> dict[int, int]:
    """Traditional -> simplified, one character for one, from OpenCC's TSCharacters table."""
    try:
        import opencc
    except ImportError:  # the dependency is declared; without it text is left as written
        return {}
    table: dict[int, int] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        candidates = simp.split()
        if len(trad) == 1 and candidates and trad not in candidates and len(candidates[0]) == 1:
            table[ord(trad)] = ord(candidates[0])
    return table


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, int]:
    table = dict(_traditional())
    table.update(_FULLWIDTH)
    return table


def normalize_chars(text: str) -> str:
    """Full-width forms and traditional characters to their plain twins, one character for one."""
    if not text or (text.isascii()):
        return text
    if "，" in text:
        text = _ASCII_DIGIT_COMMA.sub("\x00", text)  # kept as written (see above)
        return text.translate(_table()).replace("\x00", "，")
    return text.translate(_table())


def clean_with_offsets(raw: str | None) -> tuple[str, list[int]]:
    """The cleaned cell and, for each of its characters, its offset in `raw`, plus one entry for the
    end: cleaned[i:j] comes from raw[offsets[i]:offsets[j]] (offsets[j] for j == len is the end)."""
    if not raw:
        return "", [0]
    text, pos_map = raw, list(range(len(raw) + 1))
    if "<" in text:
        text, pos_map = _sub_with_map(_TAG, lambda m: " ", text, pos_map)
    if "&" in text:
        text, pos_map = _sub_with_map(_CHARREF, lambda m: html.unescape(m.group()), text, pos_map)
    text = normalize_chars(text)
    chars: list[str] = []
    offsets: list[int] = []
    last_end = 0
    i, n = 0, len(text)
    while i < n:  # fold whitespace runs to one space and strip, keeping where each character came from
        if text[i].isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if chars and j < n:
                chars.append(" ")
                offsets.append(pos_map[i])
            i = j
            continue
        chars.append(text[i])
        offsets.append(pos_map[i])
        last_end = pos_map[i + 1]
        i += 1
    offsets.append(last_end)
    return "".join(chars), offsets


def _sub_with_map(rx_: regex.Pattern, repl, text: str, pos_map: list[int]) -> tuple[str, list[int]]:
    """regex.sub that keeps, for every output character, the offset its source had in the raw text."""
    out: list[str] = []
    new_map: list[int] = []
    last = 0
    for m in rx_.finditer(text):
        out.append(text[last:m.start()])
        new_map.extend(pos_map[last:m.start()])
        r = repl(m)
        out.append(r)
        new_map.extend([pos_map[m.start()]] * len(r))
        last = m.end()
    out.append(text[last:])
    new_map.extend(pos_map[last:len(text)])
    new_map.append(pos_map[len(text)])
    return "".join(out), new_map


def clean_cell(raw: str | None) -> str:
    """The cleaned cell (the same text clean_with_offsets gives, without the offsets)."""
    if not raw:
        return ""
    text = raw
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return _WS.sub(" ", normalize_chars(text)).strip()
