"""Reading the seeds' layout: titles, repeated headers, merged cells and shifted rows."""
from extract.layout import build_table
from extract.read import read_tables

SEED0 = "seeds/000_67982da733d1da23.txt"
SEED2 = "seeds/002_18f662238a09a06d.txt"


def table(corpus, name):
    return build_table(read_tables(corpus / name)[0])


def by_serial(t):
    return {r.serial: r for r in t.rows}


def test_every_data_row_and_nothing_else(corpus):
    t0, t2 = table(corpus, SEED0), table(corpus, SEED2)
    assert [r.serial for r in t0.rows] == [str(i) for i in range(1, 137)]
    assert [r.serial for r in t2.rows] == [str(i) for i in range(1, 54)]
    for r in t0.rows + t2.rows:
        assert "序号" not in (r.target, r.progress) and "执行情况表" not in r.target


def test_title_sets_the_document_period(corpus):
    assert table(corpus, SEED0).part_year is False  # 四季度执行情况: the full year
    assert table(corpus, SEED2).part_year is True  # 一季度进展情况


def test_merged_category_is_filled_down(corpus):
    rows = by_serial(table(corpus, SEED0))
    assert rows["2"].category == rows["1"].category == "主要经济指标"


def test_rows_without_category_cell_are_realigned(corpus):
    rows = by_serial(table(corpus, SEED0))
    assert rows["45"].target.startswith("实施“尖兵”“领雁”项目10个")
    assert rows["45"].progress.startswith("组织2024年度")
    assert rows["70"].progress.startswith("钱塘硅谷中心")


def test_rows_shifted_in_other_ways(corpus):
    rows = by_serial(table(corpus, SEED0))
    assert rows["76"].target == "开竣工电力项目6个"  # a sub-category in the target column
    assert rows["76"].progress.startswith("1. 开工项目3个")
    assert rows["77"].target.startswith("新建雨、污水管网10公里")
    assert rows["130"].target.startswith("夯实平安钱塘基础")  # a category in the target column
    assert rows["130"].progress == ""
    assert rows["71"].target.startswith("实施规划攻坚年行动") and rows["71"].progress == ""
    assert rows["7"].target.startswith("高新区排名进入全国前80")


def test_html_is_stripped(corpus):
    rows = by_serial(table(corpus, SEED0))
    assert "<p>" not in rows["23"].progress and rows["23"].progress.startswith("1. 完成")


def test_lead_unit_column(corpus):
    rows = by_serial(table(corpus, SEED2))
    assert rows["3"].lead_unit == "区商务局"
    assert rows["3"].target == "实际利用外资11亿美元以上。"


def test_target_number_in_its_own_column(corpus):
    t = table(corpus, "dev/yueyang_city_1-11.txt")
    first = t.rows[0]
    assert (first.item, first.unit, first.target_value, first.achieved, first.ratio) == (
        "城镇新增就业", "万人", "5.2", "7.23", "139.1%")
    # continuation lines under one merged serial number carry that number
    assert [r.serial for r in t.rows[:3]] == ["1", "2", "2"]


def test_sub_item_inserted_before_lead_unit(corpus):
    t = table(corpus, "dev/yueyanglouqu_2017_1-8.txt")
    nine = [r for r in t.rows if r.serial == "9"]
    assert nine[0].target == "完成在职参保人数6300人" and nine[0].lead_unit == "区人社局"
    assert nine[1].target_value == "10000万" and nine[1].achieved == "7965"


def test_chinese_serial_numbers(corpus):
    t = table(corpus, "dev/putuo_2023_wmbss.txt")
    assert [r.serial for r in t.rows][:3] == ["(一)", "(二)", "(三)"]


def test_matrix_one_row_per_region_one_record_per_indicator():
    """A region × indicator matrix (目标任务 | 进度 | 完成比例 per indicator, names on the line above).

    tests/data/matrix_by_region.txt is a constructed layout fixture; its figures follow the dev tables.
    """
    from pathlib import Path

    from extract import extract_records

    recs = extract_records(Path(__file__).parent / "data" / "matrix_by_region.txt")
    got = [(r.row, r.indicator, r.norm_target, r.classifier, r.norm_achieved, r.stated_ratio, r.status) for r in recs]
    assert got == [
        ("岳阳楼区", "城镇新增就业", 8950, "人", 7123, 0.796, "in_progress"),
        ("岳阳楼区", "农村通自来水人口", 5000, "人", 6200, 1.24, "met"),
        ("平江县", "城镇新增就业", 6000, "人", 6500, 1.083, "met"),
        ("平江县", "农村通自来水人口", 12000, "人", 11000, 0.917, "in_progress"),
    ]
