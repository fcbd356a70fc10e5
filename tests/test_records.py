"""Records: invariants over the whole corpus (every row yields a record, every span points at its text,
contract columns first), and record-level behaviour on small constructed tables. What one target or
one pairing gives is pinned by the constructed examples in tests/examples/ (targets.yaml, figures.yaml,
rows.yaml), not by a seed row's serial or text."""
import pytest

from extract import extract_records
from extract.layout import build_table
from extract.pipeline import extract_rows
from extract.read import read_tables
from extract.records import COLUMNS, CONTRACT_COLUMNS


@pytest.fixture(scope="module")
def corpus_tables():
    from pathlib import Path

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    tables = [(path, build_table(raw)) for path in sorted(corpus.glob("*/*.txt")) for raw in read_tables(path)]
    return [(path, table, extract_rows(table)) for path, table in tables]


def test_every_row_yields_a_record(corpus_tables):
    """No input row is silently dropped: each row of every corpus table has at least one record."""
    for path, table, recs in corpus_tables:
        assert {r.line for r in recs} == {row.line for row in table.rows}, path.name
        assert all(r.kind != "none" or r.status == "none" for r in recs)


def test_contract_columns_come_first_in_order():
    assert COLUMNS[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS


def test_every_span_points_at_its_text(corpus_tables):
    for _, _, recs in corpus_tables:
        for r in recs:
            if r.target_text is not None:
                assert r.target_cell_text[r.target_start:r.target_end] == r.target_text
            if r.achieved_text is not None:
                assert r.achieved_cell_text[r.achieved_start:r.achieved_end] == r.achieved_text


def test_traditional_characters_read_as_simplified(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_text("序號\t重點工作\t進展情況\n1\t實際利用外資力爭11億美元（確保10億美元）\t截至6月底，實際利用外資5.2億美元。\n",
                    encoding="utf-8")
    recs = extract_records(path)
    assert [(r.tier, r.norm_target, r.norm_achieved, r.status) for r in recs] == [
        ("stretch", 1.1e9, 5.2e8, "in_progress"), ("floor", 1e9, 5.2e8, "in_progress")]


def test_a_defect_on_one_row_keeps_the_row(tmp_path, monkeypatch, caplog):
    from extract import pipeline

    path = tmp_path / "t.txt"
    path.write_text("序号\t工作任务\t进展情况\n1\t新建城市公园3个\t已建成2个。\n2\t新增城镇就业6000人\t已新增4870人。\n"
                    "3\t改造老旧小区15个\t已完成改造9个。\n", encoding="utf-8")
    real = pipeline.extract_row

    def flaky(row, *args):
        if row.serial == "2":
            raise ValueError("boom")
        return real(row, *args)

    monkeypatch.setattr(pipeline, "extract_row", flaky)
    recs = extract_records(path)
    assert [(r.row, r.kind) for r in recs] == [("1", "level"), ("2", "none"), ("3", "level")]
    assert "row 2" in caplog.text and "boom" in caplog.text


def test_column_numbers_with_thousands_separators(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("序号\t指标名称\t单位\t目标值\t完成值\t完成率\n"
                    "1\t新增城镇就业\t人\t1,200\t1,308\t109%\n", encoding="utf-8")
    (r,) = extract_records(path)
    assert (r.norm_target, r.norm_achieved, r.ratio, r.ratio_check, r.status) == (1200, 1308, 1.09, "consistent", "met")


def test_stated_ratio_in_its_own_column_inconsistent_is_flagged(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("序号\t考核指标\t单位\t工作目标\t已完成数\t占年任务之比\n"
                    "1\t新增农村通自来水人口\t万人\t2.1\t2.3\t110.5%\n", encoding="utf-8")
    (r,) = extract_records(path)
    assert (r.norm_target, r.norm_achieved, r.stated_ratio, r.ratio, r.ratio_check) == (
        21000, 23000, 1.105, 1.0952, "inconsistent")
