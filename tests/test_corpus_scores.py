"""Scores on the gold corpus may only go up: each floor is the level reached when it was set."""
import pytest

from extract import extract_records
from extract.evaluate import evaluate, load_gold

FLOORS = {
    # group: (F1, kind, tier, achieved, ratio, status, end-to-end)
    "seeds": (1.0, 1.0, 1.0, 0.929, 0.929, 0.940, 0.924),
    "dev": (1.0, 1.0, 1.0, 1.0, 1.0, 0.989, 0.989),
}


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_scores_do_not_drop(corpus, group):
    golds = sorted((corpus / group).glob("*.gold.jsonl"))
    records = []
    for g in golds:
        records += [r.as_dict() for r in extract_records(g.with_name(g.name.replace(".gold.jsonl", ".txt")))]
    fig = evaluate(records, load_gold(golds)).figures()
    assert fig["rows_missing"] == 0
    got = (fig["f1"], fig["kind"], fig["tier"], fig["achieved"], fig["ratio"], fig["status"], fig["end_to_end"])
    for name, value, floor in zip(("f1", "kind", "tier", "achieved", "ratio", "status", "end_to_end"), got,
                                  FLOORS[group]):
        assert value >= floor - 1e-9, f"{group} {name} {value} < {floor}"


def test_gold_covers_every_row_of_the_seeds(corpus):
    gold = load_gold(sorted((corpus / "seeds").glob("*.gold.jsonl")))
    assert len(gold) == 189
