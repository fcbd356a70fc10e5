"""`extract layout`: what the reader made of a table, on tables whose header it has never met."""
import json

from extract.cli import main

UNKNOWN_HEADER = (
    "某区2024年前三季度工作推进表\n"
    "甲栏\t乙栏\t丙栏\t丁栏\n"
    "1\t新增城镇就业岗位800个，培训技能人才1200人次\t已新增就业岗位856个，完成培训1310人次\t区人社局\n"
    "2\t改造老旧小区12个\t已完工9个，其余3个正在施工\t区住建局\n"
    "3\t建成口袋公园5个\t已建成口袋公园5个\t区城管局\n"
    "4\t力争引进亿元以上项目10个（确保8个）\t截至9月底已签约引进9个\t区商务局\n"
)


def test_layout_reads_roles_from_cells_when_the_header_is_unknown(tmp_path, capsys):
    path = tmp_path / "unknown_header.txt"
    path.write_text(UNKNOWN_HEADER, encoding="utf-8")
    assert main(["layout", str(path), "--json"]) == 0
    (table,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    roles = [c["role"] for c in table["columns"]]
    assert roles == ["serial", "target", "progress", "lead_unit"]
    assert table["part_year"] is True and table["serial_source"] == "column" and table["rows"] == 4
    assert all(c["evidence"] for c in table["columns"])  # every role says why


def test_layout_prints_evidence_and_confidence(tmp_path, capsys):
    path = tmp_path / "unknown_header.txt"
    path.write_text(UNKNOWN_HEADER, encoding="utf-8")
    assert main(["layout", str(path)]) == 0
    out = capsys.readouterr().out
    assert "confidence" in out and "period: 前三季度 -> part of the year" in out
    assert "column  2 '乙栏'" in out and "cells: " in out


def test_records_of_a_table_with_an_unknown_header(tmp_path):
    from extract import extract_records

    path = tmp_path / "unknown_header.txt"
    path.write_text(UNKNOWN_HEADER, encoding="utf-8")
    got = [(r.row, r.norm_target, r.norm_achieved, r.tier, r.status) for r in extract_records(path)]
    assert got[:2] == [("1", 800, 856, "base", "met"), ("1", 1200, 1310, "base", "met")]
    assert ("4", 10, 9, "stretch", "in_progress") in got and ("4", 8, 9, "floor", "met") in got


def test_a_table_whose_columns_say_nothing_is_reported(tmp_path, capsys):
    path = tmp_path / "no_targets.txt"
    path.write_text("甲\t乙\n张三\t李四\n王五\t赵六\n", encoding="utf-8")
    assert main(["run", str(path), "-o", str(tmp_path / "out.jsonl")]) == 2
    assert "no column can be read as targets" in capsys.readouterr().err


def test_explain_shows_the_options_pairing_weighs(capsys):
    assert main(["explain", "新增学位3000个，建成道路12公里", "--progress", "已新增学位3120个，建成道路9.6公里",
                 "--part-year"]) == 0
    out = capsys.readouterr().out
    assert "T0 F0 score" in out and "threshold" in out and "T1 F1 score" in out
    assert "'新增学位3000个' achieved='3120个'" in out and "status=met" in out
    assert "'建成道路12公里' achieved='9.6公里'" in out and "status=in_progress" in out
