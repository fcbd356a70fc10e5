"""Make the realistic fixtures of this folder; run by hand, needs LibreOffice and a CJK font
(Debian: libreoffice-calc libreoffice-writer fonts-wqy-microhei). CI uses the committed files.

  browser_page.html   a web page as a browser saves it (GBK, head, scripts, nav in a layout table,
                      breadcrumb, the data table with a title row (colspan) and merged serials (rowspan))
                      holding corpus/dev/yueyang_city_1-11.txt
  two_page_table.pdf  corpus/seeds/002_….txt as a Word table (header row repeated on each page,
                      running head, page numbers in the footer), printed to PDF by LibreOffice
  workbook_97.xls     corpus/dev/yueyang_city_1-11.txt as a workbook with figures stored as numbers
                      (0.00, 0.0%), merged title and serial cells, saved as .xls by LibreOffice

python tests/data/formats/make_fixtures.py
"""
from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from formats_gen import read_txt, split_title  # noqa: E402

YUEYANG = ROOT / "corpus" / "dev" / "yueyang_city_1-11.txt"
SEED2 = ROOT / "corpus" / "seeds" / "002_18f662238a09a06d.txt"


def soffice(src: Path, fmt: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", fmt,
                        "--outdir", tmp, str(src)], check=True, capture_output=True)
        produced = next(p for p in Path(tmp).iterdir() if p.suffix == out.suffix)
        out.write_bytes(produced.read_bytes())


def browser_page() -> None:
    titles, rows = split_title(read_txt(YUEYANG))
    width = max(len(r) for r in rows)
    body = [f'<tr><td colspan="{width}" class="title">{html.escape(titles[0])}</td></tr>']
    header, data = rows[0], rows[1:]
    body.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in header) + "</tr>")
    for i, row in enumerate(data):
        cells = []
        for c, value in enumerate(row + [""] * (width - len(row))):
            if c == 0 and not value:
                continue  # covered by the rowspan above
            span = ""
            if c == 0:
                n = 1
                while i + n < len(data) and not data[i + n][0]:
                    n += 1
                span = f' rowspan="{n}"' if n > 1 else ""
            text = html.escape(value).replace("%", "%")
            cells.append(f"<td{span}><p style=\"text-align:center\"><span>{text}</span></p></td>")
        body.append("<tr>\n  " + "\n  ".join(cells) + "\n</tr>")
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<!-- saved from url=(0066)https://www.yueyang.gov.cn/zwgk/zdlyxxgk/msss/content_1234567.html -->
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>岳阳市1-11月12件重点民生实事工作落实情况_岳阳市人民政府</title>
<meta name="keywords" content="重点民生实事,岳阳市">
<link rel="stylesheet" href="./content_files/style.css">
<style>table.data td {{ border: 1px solid #000; }} .nav a {{ color: #fff; }}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("<table><tr><td>1</td><td>2</td></tr></table>");</script>
<script src="./content_files/jquery.min.js"></script>
</head>
<body>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="nav">
  <tr><td><img src="./content_files/logo.png" alt="岳阳市人民政府"></td>
      <td><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a> | <a href="/bsfw">办事服务</a></td></tr>
  <tr><td colspan="2">
    <table width="100%"><tr><td class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 重点民生实事</td></tr></table>
  </td></tr>
</table>
<div class="main">
  <h1 class="article-title">{html.escape(titles[0])}</h1>
  <div class="info">发布时间：2023-12-20 09:30&nbsp;&nbsp;来源：市政府办&nbsp;&nbsp;<span id="hits">浏览次数：1024</span>
    <a href="javascript:window.print()">【打印】</a></div>
  <div class="content">
<table class="data" border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">
<tbody>
{chr(10).join(body)}
</tbody></table>
<p>&nbsp;</p>
  </div>
</div>
<div class="footer"><p>主办：岳阳市人民政府办公室　　网站标识码：4306000001　　湘ICP备05000000号</p>
<script>document.getElementById("hits").innerHTML = "1025";</script></div>
</body></html>
"""
    (HERE / "browser_page.html").write_bytes(page.encode("gb18030"))


def two_page_pdf() -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    titles, rows = split_title(read_txt(SEED2))
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(7)
    section0 = document.sections[0]
    section0.top_margin = section0.bottom_margin = section0.left_margin = section0.right_margin = Pt(45)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "WenQuanYi Micro Hei")
    section = document.sections[0]
    section.header.paragraphs[0].text = "杭州市钱塘区人民政府办公室"
    footer = section.footer.paragraphs[0]
    footer.add_run("第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" 页")
    for t in titles:
        document.add_paragraph(t)
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            if value:
                table.rows[r].cells[c].text = value
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "two_page_table.docx"
        document.save(src)
        soffice(src, "pdf", HERE / "two_page_table.pdf")


def workbook_97() -> None:
    import openpyxl
    from openpyxl.styles import Alignment

    titles, rows = split_title(read_txt(YUEYANG))
    width = max(len(r) for r in rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "民生实事"
    sheet.cell(1, 1, titles[0]).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for r, line in enumerate(rows, 2):
        for c, value in enumerate(line, 1):
            if value == "":
                continue
            cell = sheet.cell(r, c)
            number = value.replace(",", "")
            try:
                if number.endswith("%"):
                    cell.value = float(number[:-1]) / 100
                    decimals = len(number[:-1].partition(".")[2])
                    cell.number_format = "0" + ("." + "0" * decimals if decimals else "") + "%"
                else:
                    cell.value = float(number) if "." in number else int(number)
                    decimals = len(number.partition(".")[2])
                    cell.number_format = "0" + ("." + "0" * decimals if decimals else "")
            except ValueError:
                cell.value = value
    # merged serial cells, as the printed table has them
    r = 2 + 1
    data = rows[1:]
    for i, line in enumerate(data):
        if line[0]:
            n = 1
            while i + n < len(data) and not data[i + n][0]:
                n += 1
            if n > 1:
                sheet.merge_cells(start_row=r + i, start_column=1, end_row=r + i + n - 1, end_column=1)
    notes = book.create_sheet("填表说明")
    notes.cell(1, 1, "本表由各责任单位按月填报，数据截至11月底。")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "workbook_97.xlsx"
        book.save(src)
        soffice(src, "xls", HERE / "workbook_97.xls")


if __name__ == "__main__":
    browser_page()
    two_page_pdf()
    workbook_97()
    print("made", *sorted(p.name for p in HERE.iterdir() if p.suffix in {".html", ".pdf", ".xls"}))
