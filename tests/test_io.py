"""Inputs in other encodings and formats, outputs in every format, and clean failures."""
import csv
import json
import subprocess
import sys

import pandas as pd
import pytest

from extract import extract_records, extract_table
from extract.records import COLUMNS

SEED2 = "seeds/002_18f662238a09a06d.txt"


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "extract", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_encodings_give_the_same_records(corpus, tmp_path, encoding):
    text = (corpus / SEED2).read_text(encoding="utf-8")
    path = tmp_path / "t.txt"
    path.write_bytes(text.encode(encoding))
    want = [r.as_dict() | {"source": "t.txt"} for r in extract_records(corpus / SEED2)]
    got = [r.as_dict() for r in extract_records(path)]
    assert got == want


def test_csv_and_xlsx_inputs(corpus, tmp_path):
    lines = [line.split("\t") for line in (corpus / SEED2).read_text(encoding="utf-8").splitlines()]
    with open(tmp_path / "t.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(lines)
    width = max(map(len, lines))
    pd.DataFrame([line + [""] * (width - len(line)) for line in lines]).to_excel(
        tmp_path / "t.xlsx", header=False, index=False)
    base = [(r.row, r.norm_target, r.status) for r in extract_records(corpus / SEED2)]
    assert [(r.row, r.norm_target, r.status) for r in extract_records(tmp_path / "t.csv")] == base
    assert [(r.row, r.norm_target, r.status) for r in extract_records(tmp_path / "t.xlsx")] == base


def test_dataframe_api(corpus):
    frame = extract_table(corpus / SEED2)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["row"].nunique() == 53


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx", ".parquet"])
def test_outputs(corpus, tmp_path, suffix):
    out = tmp_path / f"records{suffix}"
    res = run_cli("run", str(corpus / SEED2), "-o", str(out))
    assert res.returncode == 0, res.stderr
    n = len(extract_records(corpus / SEED2))
    if suffix == ".jsonl":
        recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(recs) == n and list(recs[0]) == list(COLUMNS)
    elif suffix == ".csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel and WPS need
        frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
        assert list(frame.columns) == list(COLUMNS) and len(frame) == n
    elif suffix == ".xlsx":
        frame = pd.read_excel(out)
        assert list(frame.columns) == list(COLUMNS) and len(frame) == n
    else:
        frame = pd.read_parquet(out)
        assert list(frame.columns) == list(COLUMNS) and len(frame) == n


def test_stdout_output(corpus):
    res = run_cli("run", str(corpus / SEED2), "-o", "-")
    assert res.returncode == 0
    assert len(res.stdout.splitlines()) == len(extract_records(corpus / SEED2))


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    (b"", "empty file"),
    (b"\x00\x01\x02binary\x00" * 10, "binary data"),
])
def test_bad_input_fails_cleanly(corpus, tmp_path, content, message):
    """A bad file beside a good one: one error line naming it, the good file's records written, exit 1."""
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "out.jsonl"
    res = run_cli("run", str(corpus / SEED2), str(bad), "-o", str(out))
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("extract: error:")]
    assert len(errors) == 1 and message in errors[0] and "bad.txt" in errors[0]
    assert res.stderr.splitlines()[-1].endswith(str(bad))  # the summary lists the failed file
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(extract_records(corpus / SEED2))
    assert not list(tmp_path.glob(".out.jsonl*"))


def test_unknown_output_format(corpus, tmp_path):
    res = run_cli("run", str(corpus / SEED2), "-o", str(tmp_path / "x.docx"))
    assert res.returncode == 2 and "unknown output format" in res.stderr


def test_quantities_command():
    res = subprocess.run([sys.executable, "-m", "extract", "quantities"], input="出让工业用地1.5万亩\n前80，第一批\n",
                         capture_output=True, text=True)
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert lines == [
        {"line": 1, "text": "1.5万亩", "start": 6, "end": 11, "value": 1.5, "unit": "万亩",
         "norm_value": 10000000, "norm_unit": "m2", "classifier": ""},
        {"line": 2, "text": "前80", "start": 0, "end": 3, "value": 80, "unit": "前",
         "norm_value": 80, "norm_unit": "rank", "classifier": ""},
    ]


def test_eval_command(corpus):
    res = run_cli("eval", str(corpus / "dev"), *map(str, sorted((corpus / "dev").glob("*.gold.jsonl"))), "--json")
    fig = json.loads(res.stdout)
    assert fig["rows"] == 94 and fig["rows_missing"] == 0


def test_help_for_each_command():
    for cmd in ([], ["run"], ["quantities"], ["eval"], ["explain"]):
        res = run_cli(*cmd, "--help")
        assert res.returncode == 0 and "usage" in res.stdout


def test_docx_input_with_merged_cells(corpus, tmp_path):
    """A Word table: title paragraph, header, a category merged down three rows."""
    import docx

    lines = [line.split("\t") for line in (corpus / SEED2).read_text(encoding="utf-8").splitlines()]
    data = [line for line in lines if line and line[0].isdigit()][:3]
    document = docx.Document()
    document.add_paragraph("2024年钱塘区政府报告重点工作量化指标一季度进展情况汇总表")
    table = document.add_table(rows=1 + len(data), cols=5)
    for i, name in enumerate(["序号", "类别", "重点工作", "牵头单位", "一季度进展情况"]):
        table.cell(0, i).text = name
    for r, line in enumerate(data, 1):
        for c, value in zip((0, 2, 3, 4), line):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(3, 1)).text = "主要经济指标"
    document.save(tmp_path / "t.docx")
    recs = extract_records(tmp_path / "t.docx")
    base = [r for r in extract_records(corpus / SEED2) if r.row in {"1", "2", "3"}]
    assert [(r.row, r.norm_target, r.status) for r in recs] == [(r.row, r.norm_target, r.status) for r in base]
    assert {r.category for r in recs} == {"主要经济指标"}


def test_parallel_run_gives_the_same_output(corpus, tmp_path):
    files = [str(p) for p in sorted((corpus / "dev").glob("*.txt"))]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run_cli("run", *files, "-o", str(one)).returncode == 0
    assert run_cli("run", *files, "-o", str(two), "-j", "2").returncode == 0
    assert one.read_bytes() == two.read_bytes()
