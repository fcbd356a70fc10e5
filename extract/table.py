"""The values passed from reading a table's layout to extracting its rows (frozen, typed)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column of a table: what its header says and what the reader decided it holds."""
    index: int
    header: str  # the header as read; two-line headers joined with "/" (上半年完成情况/绝对值)
    role: str  # rules/layout.yaml `roles`
    score: float = 0.0  # the evidence for that role
    margin: float = 0.0  # how far it leads the column's next best role
    runner_up: str = ""  # that next best role
    evidence: tuple[str, ...] = ()  # what the score is made of, for `extract layout`
    unit: str = ""  # a unit written in the header: 目标值(万元) -> 万元
    growth: bool = False  # the header says the figures are growth rates (增幅, 增长(%))
    started: bool = False  # the header says the figures count works started (开工)
    group: int = 0  # the indicator group of a matrix (0 when the table has one group)


@dataclass(frozen=True)
class Cell:
    """A reporting cell of a row: an achieved number, a progress text, a ratio or a note."""
    role: str  # achieved | progress | ratio | note
    text: str  # cleaned; spans of figures point into this text
    header: str = ""
    unit: str = ""  # the column header's unit (绝对值(亿元))
    growth: bool = False
    started: bool = False


@dataclass(frozen=True)
class Row:
    source: str
    table: str
    line: int  # 1-based data line within the table
    serial: str  # CONTRACT.md `row`: the serial as printed, else the row's label, else its position
    category: str
    lead_unit: str
    target: str  # the target cell (cleaned); the item name when the number has a column of its own
    item: str = ""  # the item name (the indicator) when the target number has a column of its own
    unit: str = ""  # the target number's unit: a 单位 column, the header, or the item's brackets
    target_value: str = ""  # the target number's cell
    reports: tuple[Cell, ...] = ()  # the row's reporting cells, in column order

    def text_of(self, role: str) -> str:
        return " ".join(c.text for c in self.reports if c.role == role and c.text)

    @property
    def achieved(self) -> str:
        return self.text_of("achieved")

    @property
    def progress(self) -> str:
        return self.text_of("progress")

    @property
    def ratio(self) -> str:
        return self.text_of("ratio")

    @property
    def note(self) -> str:
        return self.text_of("note")


@dataclass(frozen=True)
class Layout:
    """What the reader made of a table's structure; `extract layout` prints it."""
    title: str
    header_lines: tuple[int, ...]  # indices of the header lines in the raw table (empty: no header)
    columns: tuple[Column, ...]
    confidence: float  # 0..1: the smallest margin among the key columns, squashed
    serial_source: str  # column | item | label | position
    period: str  # the document's period as read from the title or the headers, else ""
    part_year: bool
    warnings: tuple[str, ...] = ()
    year: int | None = None  # the document's year, read from its title (2023年…)


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    title: str
    part_year: bool  # the document's own period is part of the year
    layout: Layout | None = None
    rows: tuple[Row, ...] = field(default_factory=tuple)
