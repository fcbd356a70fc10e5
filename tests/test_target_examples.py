"""Target examples (tests/examples/targets.yaml): a constructed target cell in, its targets out, in order;
negatives give no target. Known failures are strict xfails whose reason names the class of error."""
import pytest
from example_support import copied, load, param

from extract.clean import clean_cell
from extract.table import Row
from extract.targets import row_targets

EXAMPLES = load("targets.yaml")
CASES = [param(c, c, ident=f"{c['class']}:{c['cell']}") for c in EXAMPLES["cases"]]
NEGATIVES = [n if isinstance(n, dict) else {"cell": n} for n in EXAMPLES["negatives"]]


def targets_of(cell: str):
    text = clean_cell(cell)
    return text, row_targets(Row("example.txt", "1", 1, "1", "", "", text))


@pytest.mark.parametrize("case", CASES)
def test_target_cell(case):
    text, found = targets_of(case["cell"])
    got = [(t.quantity.norm_value, t.quantity.norm_unit, t.kind, t.comparator, t.tier) for t in found]
    want = [(w["value"], w["unit"], w["kind"], w["comparator"], w["tier"]) for w in case["targets"]]
    assert [g[1:] for g in got] == [w[1:] for w in want], got
    for t, w in zip(found, case["targets"]):
        assert t.quantity.norm_value == pytest.approx(w["value"], rel=1e-6)
        assert text[t.start:t.end] == t.text
        for key, value in (("classifier", t.quantity.classifier), ("per_head", t.per_head), ("text", t.text),
                           ("indicator", t.indicator)):
            if key in w:
                assert value == w[key], (key, value)


@pytest.mark.parametrize("case", [param(n, n, ident=n["cell"]) for n in NEGATIVES])
def test_negative_gives_no_target(case):
    _, found = targets_of(case["cell"])
    assert [t.text for t in found] == []


def test_examples_are_constructed():
    """Target cells are written for the examples, not copied from a table under corpus/ or tests/data/."""
    cells = [c["cell"] for c in EXAMPLES["cases"]] + [n["cell"] for n in NEGATIVES]
    assert [c for c in cells if copied(c)] == []
    assert len(set(cells)) == len(cells)
