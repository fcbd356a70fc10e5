"""Hostile text: a pasted paragraph of hundreds of figures stays linear, and a cell too big for its
row's time budget degrades to a warning and a kind-none record naming the row (extract/budget.py)."""
import dataclasses

import pytest

import extract.match as match
import extract.pipeline as pipeline
from extract.budget import RowTimeout, budget, check
from extract.rules import RULES
from extract.table import Cell, Row, Table
from extract.targets import row_targets

ITEM = "新增学位3000个，完成投资1.5亿元，建成道路12公里；"
DONE = "已完成学位3200个，累计完成投资1.2亿元，建成道路10.5公里；"


def _row(n_items: int) -> Row:
    return Row("hostile.txt", "1", 1, "7", "", "", ITEM * n_items, reports=(Cell("progress", DONE * n_items),))


def test_a_row_past_its_budget_is_kept_without_targets(monkeypatch, caplog):
    limits = dataclasses.replace(RULES.pieces.limits, row_seconds=0.0, row_seconds_per_char=0.0)
    monkeypatch.setattr(pipeline, "RULES", dataclasses.replace(RULES, pieces=dataclasses.replace(
        RULES.pieces, limits=limits)))
    (record,) = pipeline.extract_rows(Table("hostile.txt", "1", "", False, None, (_row(50),)))
    assert (record.row, record.kind, record.status) == ("7", "none", "none")
    assert "hostile.txt table 1 row 7" in caplog.text and "time budget" in caplog.text


def test_check_fires_only_past_the_deadline():
    check()  # no budget set: never fires
    with budget(3600):
        check()
    with budget(-1), pytest.raises(RowTimeout):
        check()


def test_many_figures_pair_within_a_window():
    """300 targets against 300 figures of each unit: each target is offered only the figures nearest
    its own place, and the parallel lists still pair item by item."""
    row = _row(300)
    targets = row_targets(row)
    figures = match._text_figures(match.reports_of(row))
    cands = match._candidates(targets, figures, set())
    assert len(targets) == len(figures) == 900
    assert max(len(c) for c in cands) <= 2 * RULES.pieces.limits.nearest + 1
    records = pipeline.extract_row(row, False)
    paired = [r for r in records if r.achieved_text is not None]
    assert len(paired) >= 0.9 * len(records)
