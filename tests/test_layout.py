"""Reading a table's layout: one constructed table per layout class (tests/data/layouts/, its README says
what each pins), and one invariant over every annotated table of the corpus."""
import json
from pathlib import Path

import pytest

from extract import extract_records
from extract.layout import build_table
from extract.read import read_tables

LAYOUTS = Path(__file__).parent / "data" / "layouts"
TABLE_SUFFIXES = {".txt", ".csv", ".xlsx", ".docx", ".html"}


def table(name):
    (raw,) = read_tables(LAYOUTS / name)
    return build_table(raw)


def records(name):
    return extract_records(LAYOUTS / name)


def serials(t):
    return [r.serial for r in t.rows]


# ---- the whole corpus ---------------------------------------------------------------------------

def _annotated_tables(corpus):
    for gold in sorted(corpus.glob("*/*.gold.jsonl")):
        stem = gold.name[: -len(".gold.jsonl")]
        (path,) = [p for p in gold.parent.glob(stem + ".*") if p.suffix in TABLE_SUFFIXES]
        yield path, gold


def test_every_annotated_row_and_nothing_else(corpus):
    """In every annotated table of corpus/, the rows read are the rows annotated: no title, header,
    page-break line or heading becomes a row, and no data row is lost."""
    for path, gold in _annotated_tables(corpus):
        want = {(d["table"], d["row"]) for d in map(json.loads, gold.read_text(encoding="utf-8").splitlines())}
        tables = [build_table(raw) for raw in read_tables(path)]
        got = {(r.table, r.serial) for t in tables for r in t.rows}
        assert got == want, path.name
        for t in tables:
            for r in t.rows:
                assert "序号" not in (r.target, r.progress) and (not t.title or r.target != t.title), (path.name, r.serial)


# ---- titles, page breaks, categories, cells ------------------------------------------------------

def test_title_sets_the_document_period():
    assert table("titled_full_year.txt").part_year is False  # 四季度执行情况: the full year
    assert table("titled_first_quarter.txt").part_year is True  # 一季度进展情况


def test_a_repeated_title_and_header_are_no_rows():
    t = table("titled_full_year.txt")
    assert serials(t) == ["1", "2", "3", "4", "5"]
    assert not any("执行情况表" in r.target or r.target == "具体目标任务" for r in t.rows)


def test_merged_category_is_filled_down():
    t = table("titled_full_year.txt")
    assert [r.category for r in t.rows] == ["稳增长"] * 3 + ["惠民生"] * 2


def test_html_is_stripped_and_lead_units_read():
    rows = {r.serial: r for r in table("titled_full_year.txt").rows}
    assert rows["2"].progress == "全年外贸进出口总额增长5.8%。"
    assert [r.lead_unit for r in rows.values()] == ["区商务局", "区商务局", "区经信局", "区教育局", "区人社局"]


# ---- rows shifted by a missing or an inserted cell -----------------------------------------------------

SHIFTED = {  # serial: (category, target, progress)
    "1": ("稳定经济增长", "规上工业增加值增长7%", "全年规上工业增加值增长7.5%。"),
    "2": ("稳定经济增长", "民间投资增长6%", "全年民间投资增长6.3%。"),
    "3": ("稳定经济增长", "建成5G基站300个", "全年建成5G基站326个,完成率108.7%。"),  # category cell missing
    "4": ("稳定经济增长", "建成城市公园3个", "1. 城市公园:已建成3个。"),  # a sub-category inserted
    "5": ("增进民生福祉", "建成幼儿园2所", "已建成幼儿园2所。"),
    "6": ("增进民生福祉", "扩大普惠托育供给,托位达到300个", ""),  # the category in the target column
    "7": ("办好民生实事", "建成义务教育学校2所", ""),  # category, sub-category, target; no progress
    "8": ("办好民生实事", "养老床位达到2000张", "全年养老床位达到2160张。"),  # category and sub-category blank
}


def test_shifted_rows_are_realigned_by_content():
    rows = {r.serial: r for r in table("shifted_rows.txt").rows}
    assert {s: (rows[s].category, rows[s].target, rows[s].progress) for s in SHIFTED} == SHIFTED


def test_shifted_rows_with_targets_opening_with_xinzeng():
    rows = {r.serial: r for r in table("shifted_rows.txt").rows}
    assert (rows["9"].category, rows["9"].target, rows["9"].progress) == ("增进民生福祉", "新增普惠托位300个", "")
    assert (rows["10"].category, rows["10"].target, rows["10"].progress) == ("办好民生实事", "新增义务教育学位900个", "")


def test_target_number_in_its_own_column():
    t = table("target_number_column.txt")
    first = t.rows[0]
    assert (first.item, first.unit, first.target_value, first.achieved, first.ratio) == (
        "城镇新增就业", "万人", "1.2", "1.31", "109.2%")
    assert serials(t) == ["1", "2", "2", "3", "4"]  # a continuation line under a merged serial carries it
    got = [(r.row, r.norm_target, r.norm_achieved, r.stated_ratio, r.ratio_check) for r in records("target_number_column.txt")]
    assert got == [("1", 12000, 13100, 1.092, "consistent"), ("2", 120000, 126500, 1.054, "consistent"),
                   ("2", 40000, 38200, 0.955, "consistent"), ("3", 21000, 23000, 1.105, "inconsistent"),
                   ("4", 36, 31, 0.861, "consistent")]


def test_a_cell_inserted_before_the_lead_unit():
    three = [r for r in table("inserted_sub_item.txt").rows if r.serial == "3"]
    assert [(r.target, r.lead_unit, r.target_value, r.achieved) for r in three] == [
        ("完成在职参保人数5200人", "区人社局", "5200人", "4980"), ("完成征缴基金8000万元", "区人社局", "8000万", "6100")]
    assert [(r.row, r.norm_target, r.norm_achieved) for r in records("inserted_sub_item.txt") if r.row == "3"] == [
        ("3", 5200, 4980), ("3", 8e7, 6.1e7)]


# ---- serials -----------------------------------------------------------------------------------------

def test_chinese_serial_numbers():
    assert serials(table("chinese_serials.txt")) == ["(一)", "(二)", "(三)"]


@pytest.mark.parametrize("name,lead", [("blank_serial_header.txt", "区文旅局"), ("no_header.txt", "区民政局"),
                                       ("header_one_more.txt", "区城管局")])
def test_serials_targets_and_progress_without_a_usable_header(name, lead):
    t = table(name)
    assert serials(t) == ["1", "2", "3"]
    first = t.rows[0]
    assert first.target.startswith("建成") and first.progress.startswith("已建成") and first.lead_unit == lead
    assert all(r.kind == "level" and r.norm_achieved is not None for r in records(name))


def test_unknown_header_words_read_from_the_cells():
    t = table("unknown_header.txt")
    assert serials(t) == ["1", "2", "3", "4"]
    assert [r.target for r in t.rows][:2] == ["新增规上工业企业20家", "建成高标准农田1.5万亩"]
    assert t.rows[0].progress == "已新增规上工业企业12家。"
    assert [(r.norm_target, r.norm_achieved) for r in records("unknown_header.txt")] == [
        (20, 12), (pytest.approx(1e7), pytest.approx(6e6)), (12, 7), (300, 180)]


ITEM_SERIALS = [("1", "地区生产总值", "growth", 6, 5.4), ("2", "规模工业增加值", "growth", 7, 7.8),
                ("2", "规模工业增加值制造业增加值", "growth", 7.5, 8.2),
                ("3", "固定资产投资", "level", 2.6e10, 2.054e10), ("3", "固定资产投资工业投资", "growth", 10, 12.6),
                ("4", "社会消费品零售总额", "growth", 6, 6.3)]


def test_serials_in_the_item_name_and_sub_lines():
    """1.地区生产总值 gives the serial; #制造业增加值 carries the one above and measures under its item."""
    got = [(r.row, r.indicator, r.kind, r.norm_target, r.norm_achieved) for r in records("item_serials.txt")]
    assert got == ITEM_SERIALS


def test_serials_in_the_item_name_beside_prose_targets():
    got = [(r.row, r.kind, r.norm_target, r.norm_achieved) for r in records("item_serials_prose_targets.txt")]
    assert got == [("1", "growth", 6, 5.4), ("2", "growth", 7, 7.8), ("2", "growth", 7.5, 8.2),
                   ("3", "growth", 5, 3.1), ("3", "growth", 10, 12.6), ("4", "growth", 6, 6.3)]
    indicators = [r.indicator for r in records("item_serials_prose_targets.txt")]
    assert indicators[0].startswith("地区生产总值") and indicators[1].startswith("规模以上工业增加值")


def test_item_column_beside_prose_targets_and_figure_columns():
    got = [(r.indicator[:8], r.kind, r.norm_target, r.norm_unit, r.norm_achieved)
           for r in records("item_beside_prose_target.txt")]
    assert got == [("地区生产总值增长", "growth", 6, "%", 5.8), ("一般公共预算收入", "growth", 5, "%", 4.2),
                   ("实际使用外资", "level", 8e7, "USD", 3.52e7)]


# ---- headers ---------------------------------------------------------------------------------------

def test_two_line_header():
    t = table("two_line_header.txt")
    assert [c.header for c in t.layout.columns][-2:] == ["上半年完成情况/绝对值", "上半年完成情况/增幅(%)"]
    got = [(r.row, r.kind, r.norm_target, r.norm_unit, r.norm_achieved) for r in records("two_line_header.txt")]
    assert got == [("1", "growth", 6, "%", 5.8), ("2", "growth", 5, "%", 4.2), ("3", "level", 8e7, "USD", 3.52e7),
                   ("4", "level", 6000, "count", 3380)]


def test_a_header_cell_over_a_merged_column_is_dropped():
    t = table("header_one_more.txt")
    assert [r.target for r in t.rows] == ["建成城市公园3个", "新增城镇就业6000人", "改造老旧小区15个"]
    assert [r.lead_unit for r in t.rows] == ["区城管局", "区人社局", "区住建局"]


# ---- rows named by a label, matrices ---------------------------------------------------------------------

def test_rows_labelled_by_class_without_serial():
    got = [(r.row, r.norm_target, r.norm_achieved, r.stated_ratio) for r in records("class_labels.txt")]
    assert got == [("全区", 1.5e10, 1.186e10, 0.791), ("在建", 9.6e9, 8.02e9, 0.835), ("新开工", 4.2e9, 3.01e9, 0.717),
                   ("前期", 1.2e9, 8.3e8, 0.692)]


def test_repeated_indicator_column_groups():
    got = [(r.row, r.indicator, r.norm_target, r.classifier, r.norm_achieved) for r in records("indicator_groups.txt")]
    assert got == [("1", "城镇就业", 800, "人", 652), ("1", "农村危房改造", 40, "户", 38),
                   ("2", "城镇就业", 500, "人", 540), ("2", "农村危房改造", 25, "户", 20)]


def test_matrix_one_row_per_region_one_record_per_indicator():
    got = [(r.row, r.indicator, r.norm_target, r.classifier, r.norm_achieved, r.stated_ratio, r.status)
           for r in records("region_matrix.txt")]
    assert got == [
        ("岳阳楼区", "城镇新增就业", 8950, "人", 7123, 0.796, "in_progress"),
        ("岳阳楼区", "农村通自来水人口", 5000, "人", 6200, 1.24, "met"),
        ("平江县", "城镇新增就业", 6000, "人", 6500, 1.083, "met"),
        ("平江县", "农村通自来水人口", 12000, "人", 11000, 0.917, "in_progress"),
    ]


# ---- lines that are no rows ------------------------------------------------------------------------

def test_section_headings_are_no_rows():
    assert serials(table("section_headings.txt")) == ["1", "2", "3", "4"]


def test_page_numbers_are_no_rows():
    assert serials(table("page_number.txt")) == ["1", "2", "3"]
