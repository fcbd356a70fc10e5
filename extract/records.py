"""The output record: CONTRACT.md's columns, in order, plus columns this project adds at the end."""
from __future__ import annotations

from dataclasses import astuple, dataclass, fields

CONTRACT_COLUMNS = (
    "source", "table", "row", "category", "lead_unit", "indicator", "kind", "comparator", "tier",
    "target_text", "target_start", "target_end", "target_value", "target_unit", "norm_target", "norm_unit",
    "classifier", "achieved_text", "achieved_start", "achieved_end", "achieved_value", "achieved_unit",
    "norm_achieved", "period", "estimate", "stated_ratio", "ratio", "ratio_check", "status",
)
# Added columns (CONTRACT.md allows adding, never renaming): which cell each span points into,
# the data line of the row within its table, the cleaned cells themselves, so that
# cell[start:end] == text can be checked from the output alone, and the decisions that paired the
# figure or set the status without one (figure:column, figure:best, rate:column, marker:deferred …).
EXTRA_COLUMNS = ("line", "target_cell", "achieved_cell", "target_cell_text", "achieved_cell_text", "rule")


@dataclass(frozen=True)
class Record:
    source: str
    table: str
    row: str
    category: str
    lead_unit: str
    indicator: str
    kind: str
    comparator: str | None
    tier: str | None
    target_text: str | None
    target_start: int | None
    target_end: int | None
    target_value: float | None
    target_unit: str | None
    norm_target: float | None
    norm_unit: str | None
    classifier: str | None
    achieved_text: str | None
    achieved_start: int | None
    achieved_end: int | None
    achieved_value: float | None
    achieved_unit: str | None
    norm_achieved: float | None
    period: str | None
    estimate: bool
    stated_ratio: float | None
    ratio: float | None
    ratio_check: str | None
    status: str
    line: int
    target_cell: str | None
    achieved_cell: str | None
    target_cell_text: str | None
    achieved_cell_text: str | None
    rule: str | None = None

    def as_dict(self) -> dict:
        return {f.name: v for f, v in zip(fields(self), astuple(self))}


COLUMNS = CONTRACT_COLUMNS + EXTRA_COLUMNS
assert tuple(f.name for f in fields(Record)) == COLUMNS
