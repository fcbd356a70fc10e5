"""A time budget for reading one row: a hostile cell (a pasted megabyte of figures) degrades to a
warning and a `kind none` record naming the row, never a stalled batch.

The budget is set per row by the pipeline (rules/pieces.yaml `limits.row_seconds` plus
`row_seconds_per_char` for each character of the row's cells); the stages call `check()` in their
loops, which costs a clock read. Outside a budget `check()` never fires.
"""
from __future__ import annotations

import contextlib
import contextvars
import math
import time

_DEADLINE: contextvars.ContextVar[float] = contextvars.ContextVar("row_deadline", default=math.inf)


class RowTimeout(Exception):
    """Reading a row took longer than its budget."""


@contextlib.contextmanager
def budget(seconds: float):
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    if time.monotonic() > _DEADLINE.get():
        raise RowTimeout("reading the row took longer than its time budget")
