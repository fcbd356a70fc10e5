"""Broken and hostile inputs: each gets one error line naming the file and the problem, no traceback,
and the good file run beside it still has every one of its records written (exit 1); alone, the bad
file gives exit 2 and no output at all.

The kinds are the ones a batch of a thousand real files holds (issue 8), plus the classic attacks on
readers of zip, XML and PDF.
"""
from __future__ import annotations

import json
import os
import random
import zipfile
from pathlib import Path

import pytest
from formats_gen import write_docx, write_xlsx

from extract import extract_records
from extract.cli import main

GOOD = "dev/national_2016_cri.txt"
TABLE = [["序号", "重点工作", "进展情况"], ["1", "新增学位3000个。", "已新增学位3200个。"],
         ["2", "出让工业用地2000亩。", "推进中。"]]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _replace_member(src: Path, dst: Path, name: str, change) -> Path:
    with zipfile.ZipFile(src) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members[name] = change(members[name])
    return _zip(dst, members)


def _with_doctype(doctype: bytes):
    def change(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + body
    return change


BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10)) + b"]>")
XXE = b'<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def make_missing(d: Path) -> Path:
    return d / "missing.txt"


def make_empty(d: Path) -> Path:
    (d / "empty.txt").write_bytes(b"")
    return d / "empty.txt"


def make_blank(d: Path) -> Path:
    (d / "blank.csv").write_bytes(b"\r\n  \r\n\t\t\r\n")
    return d / "blank.csv"


def make_empty_folder(d: Path) -> Path:
    (d / "nothing").mkdir()
    return d / "nothing"


def make_folder_without_tables(d: Path) -> Path:
    (d / "docs").mkdir()
    (d / "docs" / "README.md").write_text("# notes\n")
    (d / "docs" / "x.gold.jsonl").write_text("{}\n")
    return d / "docs"


def make_garbage(d: Path) -> Path:
    (d / "garbage.txt").write_bytes(random.Random(8).randbytes(5000))
    return d / "garbage.txt"


def make_text_named_xlsx(d: Path) -> Path:
    (d / "fake.xlsx").write_text("序号\t重点工作\n1\t新增学位3000个\n", encoding="utf-8")
    return d / "fake.xlsx"


def make_truncated_xlsx(d: Path) -> Path:
    data = write_xlsx(TABLE, d / "whole.xlsx").read_bytes()
    (d / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    return d / "truncated.xlsx"


def make_truncated_docx(d: Path) -> Path:
    data = write_docx(TABLE, d / "whole.docx").read_bytes()
    (d / "truncated.docx").write_bytes(data[: len(data) * 2 // 3])
    return d / "truncated.docx"


def make_plain_zip(d: Path) -> Path:
    return _zip(d / "archive.xlsx", {"notes.txt": b"hello"})


def make_encrypted_xlsx(d: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    write_xlsx(TABLE, d / "plain.xlsx")
    with open(d / "plain.xlsx", "rb") as src, open(d / "locked.xlsx", "wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
    return d / "locked.xlsx"


def make_encrypted_docx(d: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    write_docx(TABLE, d / "plain.docx")
    with open(d / "plain.docx", "rb") as src, open(d / "locked.docx", "wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
    return d / "locked.docx"


def make_zip_bomb(d: Path) -> Path:
    return _zip(d / "bomb.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                                  "xl/worksheets/sheet1.xml": b"<a>" + b" " * (40 * 2**20) + b"</a>"})


def make_entity_bomb(d: Path) -> Path:
    write_xlsx(TABLE, d / "plain.xlsx")
    return _replace_member(d / "plain.xlsx", d / "laughs.xlsx", "xl/worksheets/sheet1.xml",
                           _with_doctype(BILLION_LAUGHS))


def make_external_entity(d: Path) -> Path:
    write_docx(TABLE, d / "plain.docx")
    return _replace_member(d / "plain.docx", d / "xxe.docx", "word/document.xml", _with_doctype(XXE))


def make_scanned_pdf(d: Path) -> Path:
    from PIL import Image
    from reportlab.pdfgen import canvas

    Image.new("RGB", (300, 200), "white").save(d / "page.png")
    c = canvas.Canvas(str(d / "scan.pdf"))
    c.drawImage(str(d / "page.png"), 50, 400, 300, 200)
    c.save()
    return d / "scan.pdf"


def make_pdf_without_table(d: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(d / "letter.pdf"))
    c.drawString(72, 720, "Dear reader, this letter has no table.")
    c.save()
    return d / "letter.pdf"


def make_damaged_pdf(d: Path) -> Path:
    (d / "damaged.pdf").write_bytes(b"%PDF-1.4\n" + random.Random(2).randbytes(3000))
    return d / "damaged.pdf"


def make_encrypted_pdf(d: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(d / "locked.pdf"), encrypt=pdfencrypt.StandardEncryption("secret"))
    c.drawString(72, 720, "序号 重点工作")
    c.save()
    return d / "locked.pdf"


def make_image_named_pdf(d: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (10, 10), "white").save(d / "photo.pdf", format="PNG")
    return d / "photo.pdf"


def make_docx_without_table(d: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于印发重点工作的通知")
    document.save(d / "letter.docx")
    return d / "letter.docx"


def make_page_without_table(d: Path) -> Path:
    (d / "page.html").write_text("<html><body><h1>通知</h1><p>新增学位3000个</p></body></html>", encoding="utf-8")
    return d / "page.html"


def make_page_with_layout_tables_only(d: Path) -> Path:
    (d / "nav.html").write_text("<html><body><table><tr><td>首页</td><td>政务公开</td></tr></table>"
                                "<p>新增学位3000个</p></body></html>", encoding="utf-8")
    return d / "nav.html"


def make_prose_text(d: Path) -> Path:
    (d / "prose.txt").write_text("关于印发重点工作的通知\n各单位：现将有关事项通知如下。\n", encoding="utf-8")
    return d / "prose.txt"


def make_no_target_column(d: Path) -> Path:
    (d / "contacts.txt").write_text("序号\t姓名\t电话\n1\t张三\t0730-1234567\n2\t李四\t0730-7654321\n",
                                    encoding="utf-8")
    return d / "contacts.txt"


def make_header_only(d: Path) -> Path:
    (d / "header.txt").write_text("序号\t重点工作\t进展情况\n", encoding="utf-8")
    return d / "header.txt"


def make_mixed_encodings(d: Path) -> Path:
    utf8 = "\n".join("\t".join(line) for line in TABLE).encode("utf-8")
    (d / "mixed.txt").write_bytes(utf8 + "\n3\t新增床位200张。\t已完成。\n".encode("gbk"))
    return d / "mixed.txt"


def make_unclosed_quote(d: Path) -> Path:
    (d / "quote.csv").write_text('序号,重点工作,进展情况\n1,"新增学位3000个,已完成\n2,出让工业用地2000亩,推进中\n',
                                 encoding="utf-8")
    return d / "quote.csv"


def make_nul_in_text(d: Path) -> Path:
    data = "\n".join("\t".join(line) for line in TABLE).encode("utf-8")
    (d / "nul.txt").write_bytes(data[:40] + b"\x00" + data[40:])
    return d / "nul.txt"


def make_gzip(d: Path) -> Path:
    import gzip

    (d / "table.csv").write_bytes(gzip.compress("序号,重点工作\n".encode()))
    return d / "table.csv"


def make_opendocument(d: Path) -> Path:
    return _zip(d / "sheet.xlsx", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                   "content.xml": b"<office:document-content/>"})


def make_fifo(d: Path) -> Path:
    os.mkfifo(d / "pipe.txt")
    return d / "pipe.txt"


def make_word97(d: Path) -> Path:
    return Path(__file__).parent / "data" / "bad" / "word97.doc"


def make_bad_bom(d: Path) -> Path:
    (d / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "序号\t重点工作\n".encode("gbk"))
    return d / "bom.txt"


# (maker, words the one error line must hold)
CASES = {
    "missing file": (make_missing, "no such file"),
    "empty file": (make_empty, "empty file (0 bytes)"),
    "only blank lines": (make_blank, "empty file (only blank lines)"),
    "empty folder": (make_empty_folder, "no table files in the folder"),
    "folder without table files": (make_folder_without_tables, "no table files in the folder"),
    "binary garbage": (make_garbage, "binary data"),
    "text named .xlsx": (make_text_named_xlsx, "not a .xlsx workbook: the file holds plain text"),
    "truncated xlsx": (make_truncated_xlsx, "damaged .xlsx workbook: the zip container is broken or truncated"),
    "truncated docx": (make_truncated_docx, "damaged .docx document: the zip container is broken or truncated"),
    "zip that is no Office file": (make_plain_zip, "a zip archive that is neither a .xlsx workbook nor a .docx"),
    "password-protected workbook": (make_encrypted_xlsx, "password-protected"),
    "password-protected Word document": (make_encrypted_docx, "password-protected"),
    "zip bomb": (make_zip_bomb, "a zip bomb?"),
    "XML entity bomb": (make_entity_bomb, "declares a DTD or XML entities"),
    "XML external entity": (make_external_entity, "declares a DTD or XML entities"),
    "PDF without a text layer": (make_scanned_pdf, "the PDF has no text layer"),
    "PDF without a table": (make_pdf_without_table, "no table in the PDF"),
    "damaged PDF": (make_damaged_pdf, "not a readable PDF: damaged or truncated"),
    "password-protected PDF": (make_encrypted_pdf, "password-protected PDF"),
    "image named .pdf": (make_image_named_pdf, "a PNG image, not a table"),
    "Word document without a table": (make_docx_without_table, "no table in the document"),
    "web page without a table": (make_page_without_table, "no table in the web page (no <table>)"),
    "web page with layout tables only": (make_page_with_layout_tables_only,
                                         "no table in the web page (only tables that lay out the page)"),
    "text without columns": (make_prose_text, "no table in the file (no line has two or more"),
    "no column readable as targets": (make_no_target_column, "no column can be read as targets"),
    "header without rows": (make_header_only, "no data rows"),
    "mixed encodings": (make_mixed_encodings, "mixed encodings: UTF-8 text with invalid bytes at byte"),
    "unclosed quote in CSV": (make_unclosed_quote, "a quoted cell opened on line 2 is never closed"),
    "NUL bytes in text": (make_nul_in_text, "binary data (a NUL"),
    "gzip-compressed file": (make_gzip, "gzip-compressed; unpack it first"),
    "OpenDocument spreadsheet": (make_opendocument, "an OpenDocument file"),
    "a pipe, not a file": (make_fifo, "not a regular file"),
    "Word 97-2003 .doc": (make_word97, "a Word 97-2003 .doc document; save it as .docx"),
    "BOM that lies": (make_bad_bom, "starts with a UTF-8 byte-order mark but is not valid utf-8"),
}


def run(args: list[str], capsys) -> tuple[int, list[str]]:
    code = main(["run", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err.splitlines()


def records_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def good_records(corpus):
    return [r.as_dict() for r in extract_records(corpus / GOOD)]


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_file_beside_a_good_one(kind, tmp_path, capsys, corpus, good_records):
    make, words = CASES[kind]
    bad = make(tmp_path)
    out = tmp_path / "out" / "records.jsonl"
    code, err = run([str(bad), str(corpus / GOOD), "-o", str(out)], capsys)
    errors = [line for line in err if line.startswith("extract: error:")]
    assert len(errors) == 1, err
    assert errors[0].startswith(f"extract: error: {bad}: ") and words in errors[0], errors[0]
    assert code == 1
    assert records_of(out) == json.loads(json.dumps(good_records))  # every record of the good file
    assert err[-1].startswith("extract: 1 file") or err[-1].startswith("extract: 2 file")
    assert err[-1].endswith(f"1 failed -> {out}: {bad}"), err[-1]
    assert not [p for p in out.parent.iterdir() if p.name != "records.jsonl"]  # no temporary file left


@pytest.mark.parametrize("kind", ["missing file", "empty folder", "password-protected workbook", "zip bomb",
                                  "PDF without a text layer", "no column readable as targets"])
def test_bad_file_alone_writes_nothing(kind, tmp_path, capsys):
    make, words = CASES[kind]
    bad = make(tmp_path)
    out = tmp_path / "records.csv"
    code, err = run([str(bad), "-o", str(out)], capsys)
    assert code == 2
    assert words in err[0] and err[-1].endswith(f"nothing written: {bad}")
    assert not out.exists() and not list(tmp_path.glob(".records*"))


def test_external_entity_is_never_resolved(tmp_path):
    bad = make_external_entity(tmp_path)
    from extract.read import InputError, read_tables

    with pytest.raises(InputError) as info:
        read_tables(bad)
    assert "root:" not in str(info.value)


def test_strict_stops_at_the_first_bad_file(tmp_path, capsys, corpus):
    bad = make_garbage(tmp_path)
    out = tmp_path / "records.jsonl"
    code, err = run([str(corpus / GOOD), str(bad), str(corpus / "dev" / "shaoxing_2020_q1.txt"), "-o", str(out),
                     "--strict"], capsys)
    assert code == 2 and not out.exists()
    assert err[0].startswith(f"extract: error: {bad}: binary data")
    assert err[-1] == "extract: stopped at the first bad file (--strict); nothing written"


def test_every_file_bad(tmp_path, capsys):
    bads = [make_empty(tmp_path), make_garbage(tmp_path), make_missing(tmp_path)]
    out = tmp_path / "records.jsonl"
    code, err = run([*map(str, bads), "-o", str(out)], capsys)
    assert code == 2 and not out.exists()
    assert len([e for e in err if e.startswith("extract: error:")]) == 3
    assert err[-1] == ("extract: 3 file(s), 0 table(s), 0 row(s), 0 record(s), 3 failed; nothing written: "
                       + ", ".join(map(str, bads)))


def test_parallel_batch_with_bad_files(tmp_path, capsys, corpus):
    bads = [make_garbage(tmp_path), make_zip_bomb(tmp_path)]
    goods = sorted((corpus / "dev").glob("*.txt"))[:3]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    files = [str(goods[0]), str(bads[0]), str(goods[1]), str(bads[1]), str(goods[2])]
    code1, err1 = run([*files, "-o", str(one)], capsys)
    code2, err2 = run([*files, "-o", str(two), "-j", "2"], capsys)
    assert code1 == code2 == 1 and err1 == [e.replace(str(two), str(one)) for e in err2]
    assert one.read_bytes() == two.read_bytes()
    assert len(records_of(one)) == sum(len(extract_records(g)) for g in goods)


def test_summary_counts(tmp_path, capsys, corpus):
    out = tmp_path / "r.jsonl"
    code, err = run([str(corpus / "seeds"), "-o", str(out)], capsys)
    n = len(records_of(out))
    assert code == 0 and err == [f"extract: 2 file(s), 2 table(s), 189 row(s), {n} record(s), 0 failed -> {out}"]


def test_summary_when_writing_to_stdout(capsys, corpus):
    code = main(["run", str(corpus / GOOD), "-o", "-"])
    captured = capsys.readouterr()
    assert code == 0 and len(captured.out.splitlines()) == 5
    assert captured.err.startswith("extract: 1 file(s), 1 table(s), 5 row(s), 5 record(s), 0 failed -> -")


@pytest.mark.parametrize("setup,words", [
    (lambda d, good: [good, "-o", str(d)], "is a folder"),
    (lambda d, good: [good, "-o", str(d / "records.txt")], "unknown output format"),
    (lambda d, good: [good, "-o", str(d / "records.docx")], "unknown output format"),
    (lambda d, good: [good, "-o", str(d / "x.jsonl"), "-j", "0"], "give one worker or more"),
])
def test_bad_output_or_usage(tmp_path, capsys, corpus, setup, words):
    code, err = run(setup(tmp_path, str(corpus / GOOD)), capsys)
    assert code == 2 and len(err) == 1 and words in err[0]


def test_output_that_is_an_input(tmp_path, capsys, corpus, good_records):
    out = tmp_path / "both.jsonl"
    out.write_text("keep me\n")
    (tmp_path / "t.txt").write_text("\n".join("\t".join(x) for x in TABLE), encoding="utf-8")
    code, err = run([str(tmp_path / "t.txt"), str(out), "-o", str(out)], capsys)
    assert code == 2 and "is also an input" in err[0] and out.read_text() == "keep me\n"


def test_output_folder_created(tmp_path, capsys, corpus):
    out = tmp_path / "new" / "deeper" / "r.csv"
    code, _ = run([str(corpus / GOOD), "-o", str(out)], capsys)
    assert code == 0 and out.exists()


def test_oversized_file_refused(tmp_path, capsys, corpus, monkeypatch):
    import extract.readers as readers

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)  # the good file has 525 bytes
    big = tmp_path / "big.txt"
    big.write_text("\n".join("\t".join(x) for x in TABLE * 20), encoding="utf-8")
    code, err = run([str(big), str(corpus / GOOD), "-o", str(tmp_path / "r.jsonl")], capsys)
    assert code == 1 and f"extract: error: {big}: refused: " in err[0] and "more than the 1,000 read" in err[0]


def test_office_lock_files_and_hidden_files_skipped_in_folders(tmp_path, capsys, corpus):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "t.txt").write_text("\n".join("\t".join(x) for x in TABLE), encoding="utf-8")
    (tmp_path / "in" / "~$t.xlsx").write_bytes(b"\x05owner" + b"\x00" * 150)  # Excel's lock file
    (tmp_path / "in" / ".t.txt.swp").write_bytes(b"\x00" * 10)
    code, err = run([str(tmp_path / "in"), "-o", str(tmp_path / "r.jsonl")], capsys)
    assert code == 0 and err[-1].startswith("extract: 1 file(s)")


def test_no_traceback_from_a_real_process(tmp_path, corpus):
    """The same through the console entry point, in a process of its own."""
    import subprocess
    import sys

    bad = make_zip_bomb(tmp_path)
    res = subprocess.run([sys.executable, "-m", "extract", "run", str(bad), str(corpus / GOOD), "-o",
                          str(tmp_path / "r.jsonl")], capture_output=True, text=True)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.splitlines()[0].startswith(f"extract: error: {bad}: refused:")
