"""Regression floors on constructed tables (see tests/data/constructed/README.md): layouts,
encodings and phrasings the real corpus lacks. Floors are the levels reached."""
from pathlib import Path

from extract import extract_records
from extract.evaluate import evaluate, load_gold

HERE = Path(__file__).parent / "data" / "constructed"


def test_constructed_tables():
    golds = sorted(HERE.glob("*.gold.jsonl"))
    records = []
    for g in golds:
        stem = g.name[: -len(".gold.jsonl")]
        (table,) = [p for p in HERE.glob(stem + ".*") if p.suffix in {".txt", ".csv", ".xlsx", ".docx"}]
        records += [r.as_dict() for r in extract_records(table)]
    fig = evaluate(records, load_gold(golds)).figures()
    assert fig["rows_missing"] == 0
    assert fig["f1"] >= 0.998 and fig["end_to_end"] >= 0.967, fig
