"""Every input format gives the records of the tab-separated export of the same table.

Each seed and dev table of corpus/ is written by tests/formats_gen.py in every format the reader
takes, read back, and its records compared with those of the .txt (`source` aside). What
legitimately differs, and is left out of the comparison where it does:
  * `table`: a workbook with more than one sheet names each table by its sheet;
  * PDF only: a space at a line wrap inside a cell is not in the PDF (the wrap stands for it), so
    the cleaned cell texts may lack a space and the offsets after it shift by one; every other
    column is compared, the cell texts without whitespace, and every span is checked on its cell
    (and the generated PDFs lack the middle dot ·, which reportlab's built-in CJK font cannot show).
Plus one realistic fixture per format (tests/data/formats/, made by make_fixtures.py there).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from formats_gen import WRITERS, html_page, read_txt, write_html, write_pdf, write_tsv, write_xlsx

from extract import extract_records
from extract.read import InputError, read_tables

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TABLES = sorted((CORPUS / "seeds").glob("*.txt")) + sorted((CORPUS / "dev").glob("*.txt"))
FIXTURES = Path(__file__).parent / "data" / "formats"
SPAN_FIELDS = {"target_start", "target_end", "achieved_start", "achieved_end", "target_cell_text",
               "achieved_cell_text"}


def as_dicts(records, drop=("source",)):
    return [{k: v for k, v in r.as_dict().items() if k not in drop} for r in records]


def assert_spans(records):
    for r in records:
        if r.target_text is not None:
            assert r.target_cell_text[r.target_start:r.target_end] == r.target_text
        if r.achieved_text is not None:
            assert r.achieved_cell_text[r.achieved_start:r.achieved_end] == r.achieved_text


def assert_same_but_wrap_spaces(got, want):
    assert len(got) == len(want)
    for g, w in zip(as_dicts(got, ("source", *SPAN_FIELDS)), as_dicts(want, ("source", *SPAN_FIELDS))):
        assert g == w
    for g, w in zip(got, want):
        for f in ("target_cell_text", "achieved_cell_text"):
            # reportlab's built-in STSong-Light cannot show the middle dot: the generated PDF lacks it
            assert regex.sub(r"\s", "", getattr(g, f) or "") == regex.sub(r"[\s·]", "", getattr(w, f) or "")
    assert_spans(got)


@pytest.fixture(scope="module")
def baseline():
    return {p.name: extract_records(p) for p in TABLES}


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx", ".xls", ".docx", ".html"])
def test_every_format_gives_the_records_of_the_txt(suffix, tmp_path, baseline):
    for path in TABLES:
        out = WRITERS[suffix](read_txt(path), tmp_path / (path.stem + suffix))
        assert as_dicts(extract_records(out)) == as_dicts(baseline[path.name]), path.name


@pytest.mark.parametrize("path", [p for p in TABLES if not p.name.startswith("000_")], ids=lambda p: p.stem)
def test_pdf_gives_the_records_of_the_txt(path, tmp_path, baseline):
    """Seed 000 (136 rows, 11 pages) is read in test_long_pdf; the others are quick."""
    out = write_pdf(read_txt(path), tmp_path / (path.stem + ".pdf"))
    assert_same_but_wrap_spaces(extract_records(out), baseline[path.name])


def test_long_pdf(tmp_path, baseline):
    path = next(p for p in TABLES if p.name.startswith("000_"))
    out = write_pdf(read_txt(path), tmp_path / "long.pdf")
    assert_same_but_wrap_spaces(extract_records(out), baseline[path.name])


ALIGNED_LIMIT = ("in a table without rules pdfplumber's text strategy joins a sub-row under a merged serial "
                 "(blank first cell, no gap) to the row above; 4 of the 11 dev tables have such sub-rows")


@pytest.mark.parametrize("name", ["chongqing_2015_h1", "shaoxing_2020_q1", "yueyanglouqu_2019_1-8",
                                  pytest.param("yueyang_city_1-11", marks=pytest.mark.xfail(strict=True,
                                                                                          reason=ALIGNED_LIMIT))])
def test_pdf_aligned_without_rules(name, tmp_path, corpus):
    """A table drawn without lines, columns aligned by whitespace, wrapped cells over several lines."""
    path = corpus / "dev" / f"{name}.txt"
    out = write_pdf(read_txt(path), tmp_path / "aligned.pdf", ruled=False)
    got = [(r.row, r.norm_target, r.norm_achieved, r.status) for r in extract_records(out)]
    want = [(r.row, r.norm_target, r.norm_achieved, r.status) for r in extract_records(path)]
    assert got == want


# realistic fixtures -------------------------------------------------------------------------------


def test_web_page_saved_from_a_browser(corpus):
    """GBK page declaring gb2312, scripts writing tables, navigation and breadcrumb in layout tables,
    a title row spanning the table, merged serials (rowspan): the records of the text export."""
    got = extract_records(FIXTURES / "browser_page.html")
    want = extract_records(corpus / "dev" / "yueyang_city_1-11.txt")
    assert as_dicts(got) == as_dicts(want)
    tables = read_tables(FIXTURES / "browser_page.html")
    assert len(tables) == 1 and not any("首页" in c for line in tables[0].lines[3:] for c in line)


def test_two_page_pdf_printed_by_libreoffice(corpus):
    """A Word table printed to PDF: header row repeated on page 2, running head and page numbers."""
    from extract.layout import build_table
    from extract.pipeline import extract_rows

    (raw,) = read_tables(FIXTURES / "two_page_table.pdf")
    got = extract_rows(build_table(raw))
    want = extract_records(corpus / "seeds" / "002_18f662238a09a06d.txt")
    assert_same_but_wrap_spaces(got, want)
    lines = raw.lines
    printed = read_txt(corpus / "seeds" / "002_18f662238a09a06d.txt")  # has headers repeated by its own export
    assert sum(1 for line in lines if line[:1] == ("序号",)) == sum(1 for line in printed if line[:1] == ["序号"])
    assert not any("第 2 页" in c or "人民政府办公室" in c for line in lines for c in line)


def test_xls_saved_by_libreoffice(corpus, tmp_path, capsys):
    """Figures stored as numbers with formats 0.00 / 0.0% read as shown; merged title and serials;
    a second sheet of notes is read, found to hold no table, and skipped with a warning."""
    from extract.cli import main

    got = extract_records(FIXTURES / "workbook_97.xls")
    want = extract_records(corpus / "dev" / "yueyang_city_1-11.txt")
    assert as_dicts(got, ("source", "table")) == as_dicts(want, ("source", "table"))
    out = tmp_path / "r.jsonl"
    assert main(["run", str(FIXTURES / "workbook_97.xls"), "-o", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("extract: warning: ") and "table 填表说明: skipped: no data rows" in err[0]
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(want)


# HTML ---------------------------------------------------------------------------------------------


def test_html_rowspan_colspan():
    page = """<table><tr><th rowspan=2>序号</th><th colspan=2>目标</th></tr>
    <tr><th>内容</th><th>进展</th></tr>
    <tr><td rowspan="3">1</td><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>
    <tr><td colspan="2">e</td></tr></table>"""
    (table,) = _html(page)
    assert table.lines == (("序号", "目标", ""), ("", "内容", "进展"), ("1", "a", "b"), ("", "c", "d"), ("", "e", ""))


def test_html_nested_too_deep_is_refused_not_cut():
    """libxml2 drops what lies beyond its nesting limit: such a page is refused, never read in part."""
    deep = "<div>" * 3000 + "x" + "</div>" * 3000
    with pytest.raises(InputError, match="nested too deeply"):
        _html(f"<html><body>{deep}<table><tr><td>序号</td><td>重点工作</td></tr><tr><td>1</td></tr></table>")


def test_html_hostile_spans_and_nesting():
    deep = "<div>" * 1000 + "x" + "</div>" * 1000
    page = (f"<html><body>{deep}<table><tr><td rowspan=65534 colspan=99999>序号</td><td>重点工作</td></tr>"
            "<tr><td>1</td></tr></table></body></html>")
    (table,) = _html(page)
    assert table.lines[0] == ("x",)  # the text above the table: its title line
    assert len(table.lines) == 3 and len(table.lines[1]) == 1001  # colspan capped at HTML's 1000
    assert table.lines[2][-1] == "1"  # placed after the cells the rowspan covers


def test_html_cells_break_lines_at_blocks():
    (table,) = _html("<table><tr><td>a<br>b</td><td><p>c</p><p>d</p></td></tr><tr><td>1</td><td>2</td></tr></table>")
    assert table.lines[0] == ("a\nb", "\nc\n\nd\n")


def _html(page: str):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.html"
        path.write_text(page, encoding="utf-8")
        return read_tables(path)


# content, not suffix ------------------------------------------------------------------------------


@pytest.mark.parametrize("writer,name", [
    (write_xlsx, "export.txt"),  # a workbook saved under a text name
    (write_html, "export.xls"),  # web systems save HTML as .xls
    (write_tsv, "export.xls"),  # and tab-separated text
    (write_html, "export"),  # no suffix at all
])
def test_format_is_read_from_content(writer, name, tmp_path, corpus):
    path = corpus / "dev" / "shaoxing_2020_q1.txt"
    out = writer(read_txt(path), tmp_path / name)
    assert as_dicts(extract_records(out)) == as_dicts(extract_records(path))


# encodings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32"])
def test_text_encodings(encoding, tmp_path, corpus):
    path = corpus / "dev" / "yueyang_city_1-11.txt"
    out = write_tsv(read_txt(path), tmp_path / "t.txt", encoding=encoding)
    assert as_dicts(extract_records(out)) == as_dicts(extract_records(path))


def test_big5_traditional(tmp_path, corpus):
    """A Big5 file in traditional characters: detected, and cleaned to the same records."""
    import opencc

    path = corpus / "dev" / "yueyang_city_1-11.txt"
    to_traditional = opencc.OpenCC("s2t")
    lines = [[to_traditional.convert(c) for c in line] for line in read_txt(path)]
    out = write_tsv(lines, tmp_path / "t.txt", encoding="big5hkscs")
    got = [(r.row, r.norm_target, r.norm_achieved, r.status) for r in extract_records(out)]
    assert got == [(r.row, r.norm_target, r.norm_achieved, r.status) for r in extract_records(path)]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-16"])
def test_html_encodings(encoding, tmp_path, corpus):
    path = corpus / "dev" / "yueyang_city_1-11.txt"
    out = write_html(read_txt(path), tmp_path / "t.html", encoding=encoding)
    assert as_dicts(extract_records(out)) == as_dicts(extract_records(path))


def test_html_with_a_wrong_charset_declaration(tmp_path, corpus):
    """The page says gb2312 but was re-saved as UTF-8: the bytes decide."""
    path = corpus / "dev" / "yueyang_city_1-11.txt"
    page = html_page(read_txt(path)).replace('charset="utf-8"', 'charset="gb2312"')
    (tmp_path / "t.html").write_bytes(page.encode("utf-8"))
    assert as_dicts(extract_records(tmp_path / "t.html")) == as_dicts(extract_records(path))


def test_excel_unicode_text_with_quoted_cells(tmp_path):
    """Excel's "Unicode text" quotes a cell holding a line break; the row stays one row."""
    text = '序号\t重点工作\t进展情况\r\n1\t"新增学位\n3000个"\t已完成\r\n2\t出让""工业""用地2000亩\t推进中\r\n'
    (tmp_path / "t.txt").write_bytes(text.encode("utf-16"))
    (table,) = read_tables(tmp_path / "t.txt")
    assert table.lines[1] == ("1", "新增学位\n3000个", "已完成")
    assert table.lines[2] == ("2", '出让""工业""用地2000亩', "推进中")  # not quoted: kept as written


def test_control_characters_do_not_split_rows(tmp_path):
    text = "序号\t重点工作\t进展情况\n1\t新增学位\x0c3000个\u2028其中\t已完成\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    (table,) = read_tables(tmp_path / "t.txt")
    assert len(table.lines) == 2 and table.lines[1][1] == "新增学位\x0c3000个\u2028其中"


def test_xlsx_with_a_huge_recorded_dimension(tmp_path):
    """A cell far away (XFD1048576) costs nothing: lines are as long as their content."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for r, line in enumerate([["序号", "重点工作"], ["1", "新增学位3000个"]], 1):
        for c, v in enumerate(line, 1):
            sheet.cell(r, c, v)
    sheet.cell(1048576, 16384).number_format = "0.00"  # styled, empty
    book.save(tmp_path / "t.xlsx")
    (table,) = read_tables(tmp_path / "t.xlsx")
    assert table.lines == (("序号", "重点工作"), ("1", "新增学位3000个"))


def test_every_sheet_and_every_table(tmp_path):
    import docx
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "一"
    book.active["A1"], book.active["B1"] = "a", "b"
    book.create_sheet("二")["A1"] = "c"
    book["二"]["B2"] = "d"
    book.save(tmp_path / "t.xlsx")
    assert [t.name for t in read_tables(tmp_path / "t.xlsx")] == ["一", "二"]
    document = docx.Document()
    for title in ("表一", "表二"):
        document.add_paragraph(title)
        document.add_table(rows=2, cols=2).cell(0, 0).text = "x"
    document.save(tmp_path / "t.docx")
    assert [t.lines[0] for t in read_tables(tmp_path / "t.docx")] == [("表一",), ("表二",)]


def test_jsonl_output_is_deterministic(tmp_path, corpus):
    from extract.cli import main

    outs = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for out in outs:
        assert main(["run", str(FIXTURES / "browser_page.html"), str(FIXTURES / "workbook_97.xls"), "-o", str(out)]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert all(json.loads(line)["source"] for line in outs[0].read_text(encoding="utf-8").splitlines())
