"""Property tests (hypothesis): arbitrary text, random tables and mutated seed rows.

Whatever the input: no exception escapes the reader or the run of one file, every span satisfies
cell[start:end] == text, every data row of a table yields at least one record, and the output is
deterministic (the same input gives the same bytes).
"""
from __future__ import annotations

import html
import json
import tempfile
from pathlib import Path

import regex
from formats_gen import write_html, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.cli import _process_one
from extract.read import InputError, read_tables
from extract.write import jsonl_lines

SETTINGS = settings(max_examples=int(__import__("os").environ.get("PROPERTY_EXAMPLES", 40)), deadline=None, derandomize="PROPERTY_EXAMPLES" not in __import__("os").environ,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEED_ROWS = [line.split("\t") for line in (CORPUS / "seeds" / "002_18f662238a09a06d.txt").read_text(
    encoding="utf-8").splitlines() if line[:1].isdigit() and "\t" in line]
TOKENS = ["新增", "学位", "3000", "个", "力争", "确保", "增长", "下降", "%", "％", "亿元", "万亩", "１２", "（", "）",
          "<p>", "</p>", "<br/>", "&nbsp;", "&amp;", "\u3000", " ", "。", "，", "、", "1-11月", "已完成", "前十", "第一",
          "控制在", "以内", "億", "萬", "畝", "·", "预计", "推进中", "年度数据", "0", "1.5", "-", "/", "万人", "公里",
          "个百分点", "以上", "达到", "突破", "序号", "进展情况", "\n", "\r", "\u2028", "\x0c", "😀", "\ufeff"]
cell_text = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=12).map("".join),
    st.text(max_size=40),
).map(lambda s: s.replace("\t", " "))


def _tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="prop-"))


def _check_records(records) -> None:
    for r in records:
        if r.target_text is not None:
            assert r.target_cell_text[r.target_start:r.target_end] == r.target_text
        if r.achieved_text is not None:
            assert r.achieved_cell_text[r.achieved_start:r.achieved_end] == r.achieved_text


def _run_twice(path: Path):
    first, second = _process_one(path), _process_one(path)
    assert first.error == second.error
    assert "".join(jsonl_lines(first.records)) == "".join(jsonl_lines(second.records))
    return first


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_is_read_as_written_or_refused(text):
    path = _tmp() / "t.txt"
    path.write_bytes(text.encode("utf-8"))
    try:
        tables = read_tables(path)
    except InputError as exc:
        assert str(exc).startswith(str(path) + ": ") and "\n" not in str(exc)
    else:
        if '"' not in text and "," not in text:  # no quoting, no CSV saved as .txt: cells exactly as written
            lines = regex.split(r"\r\n|\r|\n", text)
            if lines and lines[-1] == "":
                lines.pop()
            assert [list(line) for line in tables[0].lines] == [line.split("\t") for line in lines]
    result = _run_twice(path)
    assert (result.error is None) == bool(result.records)
    _check_records(result.records)


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from([".txt", ".csv", ".xlsx", ".docx", ".pdf", ".html", ".xls"]))
def test_arbitrary_bytes_never_raise(data, suffix):
    path = _tmp() / f"t{suffix}"
    path.write_bytes(data)
    result = _run_twice(path)
    assert result.error is None or (result.error.startswith(str(path) + ": ") and "\n" not in result.error)


def _table(rows: list[list[str]]) -> list[list[str]]:
    return [["序号", "重点工作", "进展情况"]] + [[str(i), *row] for i, row in enumerate(rows, 1)]


def _serials(records) -> set[str]:
    return {r.row for r in records}


@SETTINGS
@given(st.lists(st.lists(cell_text, min_size=2, max_size=2), min_size=1, max_size=8),
       st.sampled_from(["tsv", "html", "xlsx"]))
def test_random_tables_keep_every_row(rows, fmt):
    lines = _table(rows)
    d = _tmp()
    if fmt == "tsv":
        path = d / "t.txt"
        path.write_text("".join("\t".join(c.replace("\r", " ").replace("\n", " ") for c in line) + "\n"
                                for line in lines), encoding="utf-8")
    elif fmt == "html":
        path = write_html(lines, d / "t.html")
    else:
        clean = [[regex.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", c) for c in line] for line in lines]
        path = write_xlsx(clean, d / "t.xlsx")
    result = _run_twice(path)
    _check_records(result.records)
    if result.error is None:
        assert _serials(result.records) >= {str(i) for i in range(1, len(rows) + 1)}


def _mutations():
    full = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
    half = {v: k for k, v in full.items()}

    def insert(s, i, t):
        return s[:i] + t + s[i:]

    import opencc

    to_traditional = opencc.OpenCC("s2t")
    return st.one_of(
        st.tuples(st.just("insert"), st.integers(0, 200), cell_text).map(lambda m: lambda s: insert(s, m[1] % (len(s) + 1), m[2])),
        st.tuples(st.just("delete"), st.integers(0, 200), st.integers(1, 8)).map(
            lambda m: lambda s: s[: m[1] % (len(s) + 1)] + s[m[1] % (len(s) + 1) + m[2]:]),
        st.just(lambda s: "".join(full.get(c, c) for c in s)),
        st.just(lambda s: "".join(half.get(c, c) for c in s)),
        st.sampled_from(["<p>{}</p>", "{}<br/>", "<span style='x'>{}</span>", "&nbsp;{}&amp;", "<p>{}"]).map(
            lambda f: lambda s: f.format(s)),
        st.just(lambda s: html.unescape(to_traditional.convert(s))),
    )


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(range(len(SEED_ROWS))), st.lists(_mutations(), max_size=3),
                          st.lists(_mutations(), max_size=3)), min_size=1, max_size=6))
def test_mutated_seed_rows(picks):
    rows = []
    for k, target_mutations, progress_mutations in picks:
        _, target, _, progress = (SEED_ROWS[k] + ["", "", "", ""])[:4]
        for m in target_mutations:
            target = m(target)
        for m in progress_mutations:
            progress = m(progress)
        rows.append([target.replace("\t", " ").replace("\n", " "), progress.replace("\t", " ").replace("\n", " ")])
    path = _tmp() / "t.txt"
    path.write_text("".join("\t".join(line) + "\n" for line in _table(rows)), encoding="utf-8")
    result = _run_twice(path)
    assert result.error is None, result.error
    _check_records(result.records)
    assert _serials(result.records) >= {str(i) for i in range(1, len(rows) + 1)}
    json.loads(json.dumps([r.as_dict() for r in result.records]))  # plain JSON all through
