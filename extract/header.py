"""Raw lines -> the title lines, the header line(s) and the column names above the data.

A header line is found by what its cells look like (rules/layout.yaml `header_threshold`): short
names with header words in them, not figures, serials or sentences. A second header line right
below (绝对值 | 增幅 under 上半年完成情况) or a line of group names right above (a matrix's indicators)
is joined to it, merged cells filled to the right. A table with no such line has no header: its
columns are then read from their cells alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .quantities import find_quantities
from .rules import RULES

L = RULES.layout
_SPACE = regex.compile(r"\s+")
_SENTENCE = regex.compile(r"[。;,，；]")
_DIGIT = regex.compile(r"\d")
_ALL_NAMES = frozenset(n for names in L.names.values() for n in names)
_ALL_MORPHEMES = tuple(sorted({m for ms in L.morphemes.values() for m in ms}, key=len, reverse=True))


@dataclass(frozen=True)
class Header:
    titles: tuple[str, ...]  # one-cell lines above the header (附件1, the title, a date line)
    lines: tuple[int, ...]  # indices of the header lines; empty when the table has no header
    names: tuple[str, ...]  # one per column; two header lines joined with "/"
    data_start: int  # index of the first line below the header


def normalise(name: str) -> str:
    """A header name without spaces, a leading year or a trailing unit: 2023年 目标值(万元) -> 目标值."""
    name = _SPACE.sub("", name)
    bare = L.header_unit_mark.sub("", L.bracket_unit.sub("", name) or name) or name
    return L.header_year.sub("", bare) or bare


def header_cell_score(cell: str) -> float:
    """How much a cell looks like a header name (rules/layout.yaml `header_cell`): a known name or
    word, short text, or a cell that looks like data (a figure, a serial, a sentence)."""
    text = _SPACE.sub("", cell)
    if not text:
        return 0.0
    score, weights = 0.0, L.header_cell
    name = normalise(text)
    if name in _ALL_NAMES or any(m in name for m in _ALL_MORPHEMES):
        score += weights["known"]
    if len(text) <= L.short_cell and not _DIGIT.search(L.header_year.sub("", text)):
        score += weights["short"]
    if (len(text) > L.long_cell or _SENTENCE.search(text) or L.serial.match(text)
            or L.figure_cell.match(text) or find_quantities(L.bracket_unit.sub("", text))):
        score += weights["data"]
    return max(-1.0, min(1.0, score))


def line_score(cells: list[str]) -> float:
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2:
        return -1.0
    return sum(header_cell_score(c) for c in filled) / len(filled)


def is_header_line(cells: list[str]) -> bool:
    return line_score(cells) >= L.header_threshold


def _filled_right(cells: list[str], width: int, below: list[str]) -> list[str]:
    """A merged header cell spans the blanks to its right that have a sub-header below them."""
    out, last = [], ""
    for i in range(width):
        cell = cells[i] if i < len(cells) else ""
        if cell:
            last = cell
            out.append(cell)
        else:
            out.append(last if i < len(below) and below[i] else "")
    return out


def _joined(top: list[str], bottom: list[str], width: int) -> list[str]:
    bottom = [bottom[i] if i < len(bottom) else "" for i in range(width)]
    return [f"{t}/{b}" if t and b and t != b else (b or t) for t, b in zip(_filled_right(top, width, bottom), bottom)]


def read_header(lines: list[list[str]]) -> Header:
    """`lines` are cleaned cells per line, trailing blanks removed."""
    limit = min(len(lines), L.header_lines_searched)
    at = next((i for i in range(limit) if is_header_line(lines[i])), None)
    if at is None:
        titles = []
        for cells in lines:
            filled = [c for c in cells if c]
            if len(filled) > 1:
                break
            if filled:
                titles.append(filled[0])
        return Header(tuple(titles), (), (), len(titles) if titles else 0)
    header_lines = [at]
    width = max((len(c) for c in lines), default=0)
    main = lines[at]
    names = [main[i] if i < len(main) else "" for i in range(width)]
    below = lines[at + 1] if at + 1 < len(lines) else []
    above = lines[at - 1] if at > 0 else []
    if below and is_header_line(below) and not (below[0] and L.serial.match(below[0])):
        names = _joined(main, below, width)
        header_lines.append(at + 1)
    elif sum(1 for c in above if c) >= 2:  # group names over the header (a matrix's indicators)
        names = _joined(above, main, width)
        header_lines.insert(0, at - 1)
    titles = [c for line in lines[:header_lines[0]] for c in line if c]
    return Header(tuple(titles), tuple(header_lines), tuple(names), header_lines[-1] + 1)


_LEADING_SERIAL = regex.compile(r"^\s*(\S{1,6}?)\s+(?=\S)")


def split_merged_serials(header: Header, lines: list[list[str]]) -> tuple[Header, list[list[str]]]:
    """A serial column run into its neighbour, as text-layout PDF readers leave it (header 序号 民生实事,
    cells 1 2606个撤并村通公路): split it back into two columns where the header names both and the
    cells start with a serial and a space."""
    names = list(header.names)
    for i, name in enumerate(names):
        parts = name.split()
        if len(parts) != 2 or normalise(parts[0]) not in L.names.get("serial", ()):
            continue
        data = lines[header.data_start:]
        cells = [line[i] for line in data if i < len(line) and line[i]]
        heads = [_LEADING_SERIAL.match(c) for c in cells]
        serials = sum(1 for m in heads if m and L.serial.match(m.group(1)))
        if not cells or serials < L.structure_share["merged_serials"] * len(cells):
            continue
        out = [list(line) for line in lines[:header.data_start]]
        for line in data:
            cell = line[i] if i < len(line) else ""
            m = _LEADING_SERIAL.match(cell)
            first, rest = (m.group(1), cell[m.end():]) if m and L.serial.match(m.group(1)) else ("", cell)
            out.append(line[:i] + [first, rest] + line[i + 1:] if i < len(line) else list(line))
        names[i:i + 1] = parts
        return Header(header.titles, header.lines, tuple(names), header.data_start), out
    return header, lines
