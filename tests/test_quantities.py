"""The quantity finder against tests/examples/quantities.yaml, plus span and robustness checks."""
import random
from pathlib import Path

import pytest
import yaml

from extract import extract_cell
from extract.clean import clean_cell
from extract.quantities import find_quantities

EXAMPLES = yaml.safe_load((Path(__file__).parent / "examples" / "quantities.yaml").read_text(encoding="utf-8"))
CASES = [(form, case) for case in EXAMPLES["cases"] for form in case["forms"]]


@pytest.mark.parametrize("form,case", CASES, ids=[f for f, _ in CASES])
def test_one_value_many_forms(form, case):
    text = clean_cell(form)
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert (q.start, q.end) == (0, len(text.rstrip()))
    assert q.norm_value == pytest.approx(case["norm_value"], rel=1e-6)
    assert q.norm_unit == case["norm_unit"]
    if "classifier" in case:
        assert q.classifier == case["classifier"]


@pytest.mark.parametrize("text", EXAMPLES["negatives"])
def test_negatives_are_not_quantities(text):
    assert find_quantities(clean_cell(text)) == []


def test_units_as_written_keep_multipliers():
    q = find_quantities("累计完成1.5万亩低效工业用地")[0]
    assert (q.value, q.unit) == (1.5, "万亩")
    q = find_quantities("新增35岁以下大学生3.75万人")[0]
    assert (q.value, q.unit, q.classifier) == (3.75, "万人", "人")


def test_approximations_are_flagged_with_the_stated_number():
    q = find_quantities("产值规模近10亿元")[0]
    assert q.approx and q.value == 10 and q.unit == "亿元"
    assert find_quantities("完成700余场")[0].approx


def test_range_keeps_lower_bound_and_upper():
    q = find_quantities("预期增长6.5%-7%")[0]
    assert (q.value, q.upper, q.text) == (6.5, 7.0, "6.5%-7%")


def test_full_width_forms_map_one_for_one():
    text = clean_cell("出让工业用地２０００亩（确保１５００亩）")
    assert [q.text for q in find_quantities(text)] == ["2000亩", "1500亩"]


def test_spans_on_every_seed_cell(corpus):
    """line[start:end] == text for every quantity in every line of the real tables."""
    n = 0
    for path in sorted(corpus.glob("*/*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split("\t"):
                text = clean_cell(cell)
                for q in find_quantities(text):
                    assert text[q.start:q.end] == q.text
                    n += 1
    assert n > 700


def test_odd_text_never_raises():
    rng = random.Random(7)
    alphabet = "0123456789.,-%万亿千百十一二两三个家亩元前第（）()“”《》年月日 \t<p>&;"
    for _ in range(2000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for q in extract_cell(s):
            assert q.end > q.start


@pytest.mark.parametrize("text,rank", [("增速位列全市第一", "第一"), ("排名全省第三", "第三"), ("杭州关区第一", "第一"),
                                       ("增速全市排名第1,", "第1"), ("位居全国第3位", "第3位")])
def test_ranks_in_a_ranking(text, rank):
    (q,) = find_quantities(clean_cell(text))
    assert (q.text, q.norm_unit) == (rank, "rank")


@pytest.mark.parametrize("text", ["第一,加快推进项目建设", "第一批试点企业", "第三次土壤普查", "第二实训大楼"])
def test_ordinals_are_not_ranks(text):
    assert [q for q in find_quantities(clean_cell(text)) if q.norm_unit == "rank"] == []


def test_numbers_in_sections_and_per_mille():
    assert [(q.value, q.unit, q.norm_value) for q in find_quantities("一亿二千万元")] == [(12000, "万元", 1.2e8)]
    assert find_quantities("0.5‰")[0].norm_value == pytest.approx(0.05)
    assert find_quantities("实现GDP350亿元")[0].norm_value == 3.5e10
    assert find_quantities("新建一所学校")[0].norm_value == 1
    assert find_quantities("提高一个百分点")[0].norm_unit == "pp"


# --- issue 9: numbers read whole and right --------------------------------------------------------

@pytest.mark.parametrize("text,value", [("全年增长-1.1%", -1.1), ("增长-3.2%", -3.2), ("负增长3.2%", -3.2),
                                        ("下降3.2%", 3.2), ("-22.2%", -22.2), ("负3.9%", -3.9)])
def test_signs_stay_in_value_and_norm_value(text, value):
    (q,) = find_quantities(text)
    assert q.value == q.norm_value == value


def test_a_range_is_not_a_sign():
    (q,) = find_quantities("找出酒精量在5-20%之间的产品")
    assert (q.value, q.upper) == (5, 20)


@pytest.mark.parametrize("text", ["3万5千元", "一百千瓦", "百分之七十百分位", "零点五个百分点", "１．５万亩"])
def test_no_part_of_a_numeral_is_read_alone(text):
    """Whole or nothing: every quantity found starts where its numeral starts."""
    for q in find_quantities(text):
        assert q.start == 0


def test_spans_refer_to_the_callers_text():
    raw = "  <p>投资￥3000万，覆盖率达95％</p>，兩萬兩&amp;百 分 之 2.4"
    found = extract_cell(raw)
    assert [q.text for q in found] == ["￥3000万", "95％", "兩萬兩", "百 分 之 2.4"]
    for q in found:
        assert raw[q.start:q.end] == q.text


def test_every_entry_point_reads_the_same():
    from extract.quantities import find_in_raw

    raw = "１．５万亩，增长－3.2％，２０，３００个"
    a = [(q.norm_value, q.norm_unit) for q in find_quantities(raw)]
    b = [(q.norm_value, q.norm_unit) for q in find_quantities(clean_cell(raw))]
    c = [(q.norm_value, q.norm_unit) for q in find_in_raw(raw)]
    assert a == b == c == [(1e7, "m2"), (-3.2, "%"), (20300, "count")]


def test_cleaning_keeps_offsets_into_the_raw_text():
    from extract.clean import clean_with_offsets, normalize_chars

    for raw in ["  <p>１．５万亩&nbsp;</p>  投资 ￥3000万  ", "兩個&amp;萬", "a\t\tb", "", "20，300 美圆"]:
        text, offsets = clean_with_offsets(raw)
        assert text == clean_cell(raw)
        assert len(offsets) == len(text) + 1
        for i, ch in enumerate(text):
            if ch != " " and raw[offsets[i]] != "&":
                assert normalize_chars(raw)[offsets[i]] == ch


def test_a_full_width_comma_before_three_digits_is_unsure():
    """1，234元 is 1,234 typed with a Chinese comma, or a list: neither 1 nor 234 is emitted."""
    assert find_quantities(clean_cell("1，234元")) == []
    assert find_quantities(clean_cell("$20，300美圆")) == []
    assert [q.text for q in find_quantities(clean_cell("20，30个"))] == ["30个"]
    assert [q.norm_value for q in find_quantities(clean_cell("１２，３４５个"))] == [12345]


def test_pathological_cell_raises_a_clear_timeout(monkeypatch):
    from extract import quantities

    monkeypatch.setattr(quantities, "BUDGET_SECONDS", 1e-6)
    monkeypatch.setattr(quantities, "BUDGET_PER_CHAR", 0.0)
    with pytest.raises(quantities.QuantityTimeout):
        quantities.find_quantities("新增学位3000个," * 20000)


@pytest.mark.parametrize("case", EXAMPLES["in_text"], ids=[c["text"][:20] for c in EXAMPLES["in_text"]])
def test_quantities_in_running_text(case):
    found = find_quantities(clean_cell(case["text"]))
    assert [(q.text, pytest.approx(q.norm_value), q.norm_unit) for q in found] == [
        (t, pytest.approx(v), u) for t, v, u in case["found"]], case["why"]
