"""Speed of the quantity finder and of a whole table (pytest-benchmark; plain runs skip these)."""
from pathlib import Path

from extract import extract_records
from extract.clean import clean_cell
from extract.quantities import find_quantities

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CELLS = [clean_cell(c) for p in sorted(CORPUS.glob("*/*.txt"))
         for line in p.read_text(encoding="utf-8").splitlines() for c in line.split("\t") if c.strip()]


def test_bench_quantities_all_corpus_cells(benchmark):
    n = benchmark(lambda: sum(len(find_quantities(c)) for c in CELLS))
    assert n > 700


def test_bench_seed_table_end_to_end(benchmark):
    recs = benchmark(extract_records, CORPUS / "seeds" / "000_67982da733d1da23.txt")
    assert len({r.row for r in recs}) == 136


def test_bench_whole_corpus(benchmark):
    files = sorted(CORPUS.glob("*/*.txt"))
    recs = benchmark.pedantic(lambda: [r for f in files for r in extract_records(f)], rounds=3, iterations=1)
    assert len(recs) > 350
