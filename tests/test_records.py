"""Records on real rows: kinds, tiers, pairing, ratios, statuses, and traceable spans."""
import pytest

from extract import extract_records
from extract.records import COLUMNS, CONTRACT_COLUMNS

SEED0 = "seeds/000_67982da733d1da23.txt"
SEED2 = "seeds/002_18f662238a09a06d.txt"


@pytest.fixture(scope="module")
def seeds(request):
    from pathlib import Path

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    return extract_records(corpus / SEED0) + extract_records(corpus / SEED2)


def rows(records, source, row):
    return [r for r in records if r.source.startswith(source) and r.row == row]


def test_every_row_yields_a_record(seeds):
    assert len({(r.source, r.row) for r in seeds}) == 189


def test_contract_columns_come_first_in_order():
    assert COLUMNS[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS


def test_every_span_points_at_its_text(seeds, corpus):
    every = seeds + [r for p in sorted(corpus.glob("dev/*.txt")) for r in extract_records(p)]
    for r in every:
        if r.target_text is not None:
            assert r.target_cell_text[r.target_start:r.target_end] == r.target_text
        if r.achieved_text is not None:
            assert r.achieved_cell_text[r.achieved_start:r.achieved_end] == r.achieved_text


def test_stretch_and_floor_of_one_indicator(seeds):
    one = rows(seeds, "000", "1")
    assert [(r.tier, r.norm_target) for r in one] == [("stretch", 6), ("floor", 5.5)]
    assert {r.kind for r in one} == {"growth"}
    assert {r.norm_achieved for r in one} == {4}  # one figure measures both tiers
    assert {r.status for r in one} == {"in_progress"}  # 三季度 is a part of the year


def test_level_met_with_ratio(seeds):
    (r,) = rows(seeds, "000", "26")
    assert (r.indicator, r.norm_unit, r.ratio, r.status) == ("出让工业用地", "m2", 1.163, "met")
    assert r.achieved_text == "2326亩"


def test_different_written_unit(seeds):
    (r,) = rows(seeds, "002", "3")
    assert (r.norm_target, r.norm_achieved, r.estimate, r.status) == (1.1e9, 194310000, True, "in_progress")


def test_deferral_marks_pending(seeds):
    assert {r.status for r in rows(seeds, "002", "1")} == {"pending"}  # 季度数据
    assert {r.status for r in rows(seeds, "002", "10")} == {"pending"}  # 推进中, for both targets


def test_preparatory_steps_are_not_reported(seeds):
    (r,) = rows(seeds, "002", "53") or [None]
    assert r is not None and r.status == "not_reported" and r.norm_achieved is None


def test_rank_target(seeds):
    (r,) = rows(seeds, "000", "8")
    assert (r.kind, r.comparator, r.norm_target, r.norm_unit, r.ratio) == ("rank", "<=", 10, "rank", None)


def test_stated_ratio_consistent(seeds):
    r = [x for x in rows(seeds, "000", "77") if x.norm_unit == "m"][0]
    assert (r.norm_achieved, r.stated_ratio, r.ratio, r.ratio_check) == (15256, 1.53, 1.5256, "consistent")


def test_stated_ratio_inconsistent_is_flagged(corpus):
    (r,) = [x for x in extract_records(corpus / "dev/yueyang_city_1-11.txt") if x.row == "1"]
    assert (r.norm_target, r.norm_achieved, r.stated_ratio, r.ratio, r.ratio_check) == (
        52000, 72300, 1.391, 1.3904, "inconsistent")


def test_done_without_figure(seeds):
    parking = [r for r in rows(seeds, "000", "75") if r.norm_target == 5000][0]
    assert parking.status == "met" and parking.norm_achieved is None and parking.ratio is None


def test_row_without_target(seeds):
    (r,) = rows(seeds, "000", "4")
    assert (r.kind, r.status, r.target_text) == ("none", "none", None)


def test_not_targets_in_target_cells(seeds):
    texts = " ".join(r.target_text or "" for r in seeds)
    for name in ("一号", "三区三中心", "七大", "九大", "153", "110千伏"):
        assert name not in texts


def test_cap_and_decrease(corpus):
    recs = {r.row: r for r in extract_records(corpus / "dev/national_2016_cri.txt")}
    assert (recs["4"].kind, recs["4"].comparator, recs["4"].status) == ("cap", "<=", "met")
    assert (recs["5"].kind, recs["5"].norm_achieved, recs["5"].status) == ("decrease", 5, "met")


def test_traditional_characters_read_as_simplified(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_text("序號\t重點工作\t進展情況\n1\t實際利用外資力爭11億美元（確保10億美元）\t截至6月底，實際利用外資5.2億美元。\n",
                    encoding="utf-8")
    recs = extract_records(path)
    assert [(r.tier, r.norm_target, r.norm_achieved, r.status) for r in recs] == [
        ("stretch", 1.1e9, 5.2e8, "in_progress"), ("floor", 1e9, 5.2e8, "in_progress")]


def test_a_defect_on_one_row_keeps_the_row(corpus, monkeypatch, caplog):
    import extract.pipeline as pipeline

    real = pipeline.extract_row

    def flaky(row, *args):
        if row.serial == "3":
            raise ValueError("boom")
        return real(row, *args)

    monkeypatch.setattr(pipeline, "extract_row", flaky)
    recs = extract_records(corpus / SEED2)
    (three,) = [r for r in recs if r.row == "3"]
    assert three.kind == "none" and len({r.row for r in recs}) == 53
    assert "row 3" in caplog.text and "boom" in caplog.text


def test_column_numbers_with_thousands_separators(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("序号\t指标名称\t单位\t目标值\t完成值\t完成率\n"
                    "1\t新增城镇就业\t人\t1,200\t1,308\t109%\n", encoding="utf-8")
    (r,) = extract_records(path)
    assert (r.norm_target, r.norm_achieved, r.ratio, r.ratio_check, r.status) == (1200, 1308, 1.09, "consistent", "met")
