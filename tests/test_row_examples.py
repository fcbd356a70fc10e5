"""Row examples (tests/examples/rows.yaml): a target cell and a progress cell in, records out. Each entry
is a constructed example of a pairing class; known failures are strict xfails naming the class of error."""
import pytest
from example_support import copied, load, param

from extract.clean import clean_cell
from extract.pipeline import extract_row
from extract.table import Cell, Row

EXAMPLES = load("rows.yaml")
# record fields an expectation may add to the required ones, with the record attribute they check
OPTIONAL = {"comparator": "comparator", "estimate": "estimate", "period": "period", "indicator": "indicator",
            "achieved_text": "achieved_text", "ratio_check": "ratio_check"}
APPROX = {"stated": "stated_ratio", "ratio": "ratio"}


def records_of(case):
    progress = clean_cell(case["progress"])
    row = Row("example.txt", "1", 1, "1", "", "", clean_cell(case["target"]),
              reports=(Cell("progress", progress),) if progress else ())
    return extract_row(row, case["part_year"], case.get("year"))


@pytest.mark.parametrize("case", [param(c, c, ident=f"{i}-{c['class']}:{c['target'][:20]}")
                                  for i, c in enumerate(EXAMPLES)])
def test_row(case):
    recs = records_of(case)
    if not case["expect"]:
        assert [(r.kind, r.status, r.target_text) for r in recs] == [("none", "none", None)]
        return
    assert len(recs) == len(case["expect"]), [(r.target_text, r.norm_achieved, r.status) for r in recs]
    for r, want in zip(recs, case["expect"]):
        assert r.norm_target == pytest.approx(want["value"], rel=1e-6)
        assert (r.norm_unit, r.kind, r.tier, r.status) == (want["unit"], want["kind"], want["tier"], want["status"])
        if want["achieved"] is None:
            assert r.norm_achieved is None
        else:
            assert r.norm_achieved == pytest.approx(want["achieved"], rel=1e-6)
        for key, attr in OPTIONAL.items():
            if key in want:
                assert getattr(r, attr) == want[key], key
        for key, attr in APPROX.items():
            if key in want:
                got = getattr(r, attr)
                assert got == (None if want[key] is None else pytest.approx(want[key], abs=1e-4)), key
        assert r.target_cell_text[r.target_start:r.target_end] == r.target_text
        if r.achieved_text is not None:
            assert r.achieved_cell_text[r.achieved_start:r.achieved_end] == r.achieved_text


def test_examples_are_constructed():
    cells = [c[k] for c in EXAMPLES for k in ("target", "progress")]
    assert [c for c in cells if copied(c)] == []
