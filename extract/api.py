"""The public surface: extract_table(path), extract_cell(text), to_dataframe(records)."""
from __future__ import annotations

from pathlib import Path

from .layout import build_table
from .pipeline import extract_rows
from .quantities import Quantity, find_in_raw
from .read import read_tables
from .records import COLUMNS, Record


def extract_records(path: str | Path) -> list[Record]:
    records: list[Record] = []
    for raw in read_tables(path):
        records.extend(extract_rows(build_table(raw)))
    return records


def extract_table(path: str | Path):
    """All records of one file as a pandas DataFrame, in CONTRACT.md column order."""
    return to_dataframe(extract_records(path))


def extract_cell(text: str) -> list[Quantity]:
    """The quantities in one cell of text, read after the same cleaning as table cells (HTML,
    full-width forms, traditional characters, whitespace); spans and texts refer to `text` as
    passed in: text[q.start:q.end] == q.text. A pathological cell raises QuantityTimeout."""
    return find_in_raw(text)


def to_dataframe(records: list[Record]):
    import pandas as pd

    frame = pd.DataFrame([r.as_dict() for r in records], columns=list(COLUMNS))
    for col in ("target_start", "target_end", "achieved_start", "achieved_end", "line"):
        frame[col] = frame[col].astype("Int64")
    return frame
