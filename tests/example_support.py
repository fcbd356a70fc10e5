"""Shared by the example runners (tests/test_*_examples.py): loading tests/examples/*.yaml, strict
xfail marks for known failures, and the check that constructed examples are not copied from tables."""
from __future__ import annotations

import functools
import zipfile
from pathlib import Path

import pytest
import yaml

from extract.clean import clean_cell

TESTS = Path(__file__).resolve().parent
EXAMPLES = TESTS / "examples"
TABLE_FOLDERS = (TESTS.parent / "corpus", TESTS / "data")
# a constructed cell shorter than this may meet a table's wording by chance (推进中。, 已全部完成。)
MIN_COPIED = 12


def load(name: str):
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


def param(case: dict, *values, ident: str):
    """One pytest param; an entry with `xfail: reason` is a strict xfail: a fix makes it fail until
    the mark is removed, so known failures stay visible instead of being hidden by a score floor."""
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(*values, id=ident, marks=marks)


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return data.decode("utf-8", errors="ignore")


@functools.lru_cache(maxsize=1)
def table_text() -> str:
    """Every table and gold file under corpus/ and tests/data/, cleaned as cells are, one line each."""
    parts = []
    for folder in TABLE_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            if path.suffix in {".xlsx", ".docx"}:
                with zipfile.ZipFile(path) as z:
                    parts.extend(_decode(z.read(n)) for n in z.namelist() if n.endswith(".xml"))
            elif path.suffix in {".txt", ".tsv", ".csv", ".html", ".htm", ".jsonl", ".json", ".md"}:
                parts.append(_decode(path.read_bytes()))
    return "\n".join(clean_cell(line) for part in parts for line in part.splitlines())


def copied(text: str) -> bool:
    """The cleaned text appears word for word in a table or gold file (short texts are not checked)."""
    cleaned = clean_cell(text)
    return len(cleaned) >= MIN_COPIED and cleaned in table_text()
