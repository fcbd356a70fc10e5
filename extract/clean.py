"""Cell cleaning. Offsets in records refer to the cleaned cell (CONTRACT.md: target_start/end).

What cleaning does, in order:
  1. HTML tags (<p>, </p>, <br/>) are removed; entities (&nbsp; &amp; …) are decoded;
  2. full-width ASCII forms (ＡＢ１２％（）) map one-for-one to ASCII, the ideographic space to a space;
  3. traditional characters map one-for-one to simplified ones (萬→万, 確→确, 畝→亩) with OpenCC's
     character table, where the mapping is unambiguous (乾, which is also simplified, stays);
  4. runs of whitespace (tabs, newlines, spaces) fold to one space; the cell is stripped.
Chinese punctuation that has no ASCII twin (、。“”《》) is kept as it is.
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
_FULLWIDTH[0x2014] = 0x2014  # keep em dash as is


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


def clean_cell(raw: str | None) -> str:
    if not raw:
        return ""
    text = raw
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_FULLWIDTH).translate(_traditional())
    return _WS.sub(" ", text).strip()
