"""Row examples (tests/examples/rows.yaml): a target cell and a progress cell in, records out."""
from pathlib import Path

import pytest
import yaml

from extract.clean import clean_cell
from extract.table import Cell, Row
from extract.pipeline import extract_row

EXAMPLES = yaml.safe_load((Path(__file__).parent / "examples" / "rows.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", EXAMPLES, ids=[c["origin"] for c in EXAMPLES])
def test_row(case):
    progress = clean_cell(case["progress"])
    row = Row("example.txt", "1", 1, "1", "", "", clean_cell(case["target"]),
              reports=(Cell("progress", progress),) if progress else ())
    recs = extract_row(row, case["part_year"])
    assert len(recs) == len(case["expect"])
    for r, want in zip(recs, case["expect"]):
        assert r.norm_target == pytest.approx(want["value"], rel=1e-6)
        assert (r.norm_unit, r.kind, r.tier, r.status) == (want["unit"], want["kind"], want["tier"], want["status"])
        if want["achieved"] is None:
            assert r.norm_achieved is None
        else:
            assert r.norm_achieved == pytest.approx(want["achieved"], rel=1e-6)
        if "comparator" in want:
            assert r.comparator == want["comparator"]
        if "stated" in want:
            assert r.stated_ratio == pytest.approx(want["stated"])
        assert r.target_cell_text[r.target_start:r.target_end] == r.target_text
