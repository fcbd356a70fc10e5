"""What every reader shares: the RawTable handed to the layout, the one error type, safety limits."""
from __future__ import annotations

from dataclasses import dataclass


class InputError(Exception):
    """Input that cannot be read; str() is a one-line message naming the file."""


@dataclass(frozen=True)
class RawTable:
    source: str  # base name of the file
    name: str  # "1", a sheet name, or the table's number within the file
    lines: tuple[tuple[str, ...], ...]  # raw cells, as in the file; title lines above the table are one-cell lines


# Limits against hostile input. A real performance table is a few hundred kilobytes; these are far above
# that and far below what would exhaust the 2-core, few-GiB machines the tool runs on.
MAX_FILE_BYTES = 256 * 2**20  # any input file
MAX_UNZIPPED_BYTES = 512 * 2**20  # all members of an .xlsx / .docx together, once inflated
MAX_ZIP_RATIO = 200  # inflated / compressed size of one member above a megabyte: a zip bomb
MAX_CELLS = 5_000_000  # cells of one sheet or table
MAX_PDF_PAGES = 500


def has_text(lines) -> bool:
    return any(any(c.strip() for c in line) for line in lines)


def table(source: str, name: str, lines) -> RawTable:
    return RawTable(source, name, tuple(tuple(line) for line in lines))


def number_tables(source: str, tables: list[tuple[str, list]]) -> list[RawTable]:
    """Tables named as given, or "1" when the file holds one table (the contract's single-table name)."""
    if len(tables) == 1:
        return [table(source, "1", tables[0][1])]
    return [table(source, name, lines) for name, lines in tables]
