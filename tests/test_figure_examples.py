"""Figure examples (tests/examples/figures.yaml): a constructed progress cell in, the achieved figures the
progress reader keeps out, with their flags; negatives hold quantities that are not achievements."""
import pytest
from example_support import copied, load, param

from extract.clean import clean_cell
from extract.progress import analyse

EXAMPLES = load("figures.yaml")
FLAGS = ("estimate", "cumulative", "growth", "negative", "started", "begun")  # false unless given
OPTIONAL = ("delta", "single_month", "finished_part", "year")  # checked when given


def figures_of(text: str):
    cleaned = clean_cell(text)
    return cleaned, analyse(cleaned).figures


def is_achievement(f) -> bool:
    """What a figure reports is reached: not works only started, not a change against last year."""
    return not (f.started or f.begun or f.delta)


@pytest.mark.parametrize("case", [param(c, c, ident=f"{c['class']}:{c['text']}") for c in EXAMPLES["cases"]])
def test_progress_cell(case):
    text, found = figures_of(case["text"])
    assert [(f.quantity.norm_unit, pytest.approx(f.quantity.norm_value, rel=1e-6)) for f in found] == [
        (w["unit"], w["value"]) for w in case["figures"]]
    for f, w in zip(found, case["figures"]):
        assert text[f.quantity.start:f.quantity.end] == f.quantity.text
        assert {k: getattr(f, k) for k in FLAGS} == {k: w.get(k, False) for k in FLAGS}, f.quantity.text
        if "period" in w:
            assert f.period == w["period"]
        assert (f.stated.value if f.stated else None) == (pytest.approx(w["stated"]) if "stated" in w else None)
        for k in OPTIONAL:
            if k in w:
                assert getattr(f, k) == w[k], k


@pytest.mark.parametrize("case", [param(n, n, ident=f"{n['class']}:{n['text']}") for n in EXAMPLES["negatives"]])
def test_not_an_achievement(case):
    _, found = figures_of(case["text"])
    kept = [f.quantity.norm_value for f in found if is_achievement(f)]
    if "not" in case:
        assert [v for v in kept if any(v == pytest.approx(n) for n in case["not"])] == []
    else:
        assert kept == []


def test_examples_are_constructed():
    for group in ("cases", "negatives"):
        texts = [c["text"] for c in EXAMPLES[group]]
        assert [t for t in texts if copied(t)] == []
        assert len(set(texts)) == len(texts)
