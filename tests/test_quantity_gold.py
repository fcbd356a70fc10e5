"""The quantity finder against hand-checked gold for every cell of the two seed tables.

corpus/seeds/*.quantity-gold.jsonl lists, per (line, column), every quantity a careful reader marks
(annotated by reading, independently of the finder). Floors are the levels reached; they only go up.
"""
import json

import pytest

from extract.clean import clean_cell
from extract.evaluate import evaluate_quantities
from extract.quantities import find_quantities

FLOORS = {  # file: (precision, recall, exact span share)
    "000_67982da733d1da23.txt": (0.996, 0.988, 0.98),
    "002_18f662238a09a06d.txt": (0.993, 1.0, 0.97),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quantity_finder_precision_and_recall(corpus, name):
    gold_path = corpus / "seeds" / name.replace(".txt", ".quantity-gold.jsonl")
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = {}
    for n, line in enumerate((corpus / "seeds" / name).read_text(encoding="utf-8").splitlines(), 1):
        for c, cell in enumerate(line.split("\t")):
            text = clean_cell(cell)
            for g in (g for g in gold if (g["line"], g["col"]) == (n, c)):
                assert text[g["start"]:g["end"]] == g["text"]  # the gold itself points at the text
            qs = find_quantities(text)
            if qs:
                found[(n, c)] = qs
    score = evaluate_quantities(found, gold)
    p, r, exact = FLOORS[name]
    assert score["precision"] >= p and score["recall"] >= r and score["exact_span"] >= exact, score
