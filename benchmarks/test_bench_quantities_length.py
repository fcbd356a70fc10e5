"""The quantity finder runs in time linear in the cell's length (pytest-benchmark; plain runs skip these).

Dense number-and-unit text, the worst realistic case: every few characters a figure with a unit, a
percentage, a Chinese numeral, a range or a date. Time per character should stay flat from 1k to 1M."""
import pytest

from extract.quantities import find_quantities

PIECE = ("新增学位3000个,投资1.5亿元(确保1.2亿元),增长-3.2%,一百千瓦,零点五个百分点,3万5千元,"
         "1-11月完成80%,九成以上,三分之一,250m,人民币 8千元,2023年7月1日,第一批,V09,")
SIZES = [1_000, 10_000, 100_000, 1_000_000]


def dense_cell(n: int) -> str:
    return (PIECE * (n // len(PIECE) + 1))[:n]


@pytest.mark.parametrize("size", SIZES, ids=[f"{s // 1000}k" for s in SIZES])
def test_bench_find_quantities_by_length(benchmark, size):
    text = dense_cell(size)
    rounds = 1 if size >= 1_000_000 else 3
    found = benchmark.pedantic(find_quantities, args=(text,), rounds=rounds, iterations=1)
    assert len(found) > size // 50


@pytest.mark.parametrize("run", ["0" * 200_000, "一" * 200_000, "a1" * 100_000, "1," * 100_000, "万" * 200_000],
                         ids=["digits", "numerals", "letters-digits", "digit-commas", "sections"])
def test_bench_long_runs_of_one_kind(benchmark, run):
    """Long runs of digits, numerals or letters are scanned once, not once per position."""
    benchmark.pedantic(find_quantities, args=(run,), rounds=1, iterations=1)
