"""Time of a whole row against the length of its progress cell: 1k, 10k, 100k characters of
progress paragraphs (about one figure every 17 characters); the times grow in a straight line. A
megabyte cell is stopped by the row's time budget (rules/pieces.yaml `limits`: 4 s + 5 µs a
character) and kept as a kind-none record. Run with `python -m pytest benchmarks --benchmark-only`."""
import pytest

from extract.clean import clean_cell
from extract.pipeline import extract_rows
from extract.table import Cell, Row, Table

PARAGRAPH = ("截至9月底，全市新增城镇就业4612人，完成年度目标的92.2%；农村劳动力转移就业1.35万人次，"
             "城镇调查失业率控制在5.1%。已开工保障性住房312套，竣工286套，竣工率95.3%，完成投资1.86亿元，"
             "同比增长12.4%。其中新建学校3所，新增学位1620个，剩余工程正在施工中。")
TARGET = "新增城镇就业5000人以上，改造农村危房300户，新增学位2400个，完成投资2.3亿元"


def _table(n: int) -> Table:
    text = (PARAGRAPH * (n // len(PARAGRAPH) + 1))[:n]
    row = Row("bench", "1", 1, "1", "", "", clean_cell(TARGET), reports=(Cell("progress", clean_cell(text)),))
    return Table("bench", "1", "", False, None, (row,))


@pytest.mark.parametrize("n", [1_000, 10_000, 100_000], ids=lambda n: f"{n // 1000}k")
def test_bench_row_by_progress_length(benchmark, n):
    table = _table(n)
    records = benchmark.pedantic(extract_rows, args=(table,), rounds=3, iterations=1, warmup_rounds=1)
    assert len(records) == 4 and records[0].kind == "level"


def test_bench_megabyte_cell_is_stopped_by_the_budget(benchmark):
    table = _table(1_000_000)
    records = benchmark.pedantic(extract_rows, args=(table,), rounds=1, iterations=1)
    assert [r.kind for r in records] == ["none"]
