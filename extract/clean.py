"""Cell cleaning. Offsets in records refer to the cleaned cell (CONTRACT.md: target_start/end).

What cleaning does, in order:
  1. HTML tags (<p>, </p>, <br/>) are removed; entities (&nbsp; &amp; …) are decoded;
  2. full-width ASCII forms (ＡＢ１２％（）) map one-for-one to ASCII, the ideographic space to a space;
  3. runs of whitespace (tabs, newlines, spaces) fold to one space; the cell is stripped.
Chinese punctuation that has no ASCII twin (、。“”《》) is kept as it is.
"""
from __future__ import annotations

import html

import regex

_TAG = regex.compile(r"</?[A-Za-z][^<>]{0,200}>")
_WS = regex.compile(r"\s+")
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_FULLWIDTH[0x2014] = 0x2014  # keep em dash as is


def clean_cell(raw: str | None) -> str:
    if not raw:
        return ""
    text = raw
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_FULLWIDTH)
    return _WS.sub(" ", text).strip()
