"""Small span helpers shared by the target and progress readers (offsets into cleaned cells).

Every look back or forward is bounded by the window of rules/pieces.yaml (`limits.window`): a clause
or sentence longer than that is cut, which keeps each stage linear in the length of a cell.
"""
from __future__ import annotations

import regex

from .rules import RULES

WINDOW = RULES.pieces.limits.window
_BRACKET = regex.compile(r"\([^()]*\)")


def clause_bounds(text: str, start: int, end: int, ends: str, floor: int = 0) -> tuple[int, int]:
    """The clause around text[start:end]: back to the last of `ends` (not before floor), on to the next."""
    floor = max(floor, start - WINDOW)
    ceiling = min(len(text), end + WINDOW)
    c_start, c_end = start, end
    while c_start > floor and text[c_start - 1] not in ends:
        c_start -= 1
    while c_end < ceiling and text[c_end] not in ends:
        c_end += 1
    return c_start, c_end


def last_of(text: str, chars: str, pos: int, floor: int = 0) -> int:
    """The position after the last of `chars` before pos (within the window), else the window's start."""
    floor = max(floor, pos - WINDOW)
    return max(floor, *(text.rfind(c, floor, pos) + 1 for c in chars))


def blank_closed_brackets(text: str) -> str:
    """(…) groups that close within the text blanked out, offsets kept: what a bracket says stays in it.
    A bracket still open at the end (the one a figure stands in) is kept."""
    prev = None
    while prev != text:
        prev, text = text, _BRACKET.sub(lambda m: " " * len(m.group()), text)
    return text


def fill_closed_brackets(text: str, filler: str = "\u3000") -> str:
    """(…) groups that close within the text filled with a character that ends no clause, offsets kept:
    a clause reaches over 居民消费价格指数(100) instead of stopping at its bracket."""
    prev = None
    while prev != text:
        prev, text = text, _BRACKET.sub(lambda m: filler * len(m.group()), text)
    return text
