"""Records -> JSON Lines / CSV (UTF-8 with BOM) / XLSX / Parquet, in CONTRACT.md column order.

Writes go to a temporary file beside the target and are renamed into place, so a failed run
never leaves a half-written output file.
"""
from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from pathlib import Path

from .records import COLUMNS, Record

FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}


class OutputError(Exception):
    """The output path cannot be written; str() is a one-line message."""


def format_for(path: str) -> str:
    if path == "-":
        return "jsonl"
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise OutputError(f"{path}: unknown output format (use .jsonl, .csv, .xlsx or .parquet, or - for stdout)")
    return fmt


def jsonl_lines(records: list[Record]):
    for r in records:
        yield json.dumps(r.as_dict(), ensure_ascii=False) + "\n"


def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def write_records(records: list[Record], path: str) -> None:
    fmt = format_for(path)
    if path == "-":
        sys.stdout.writelines(jsonl_lines(records))
        return
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create folder {target.parent} ({exc.strerror})") from None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        if fmt == "jsonl":
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.writelines(jsonl_lines(records))
        elif fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM makes Excel/WPS read UTF-8
                writer = csv.writer(fh)
                writer.writerow(COLUMNS)
                for r in records:
                    writer.writerow([_csv_value(v) for v in r.as_dict().values()])
        else:
            from .api import to_dataframe

            frame = to_dataframe(records)
            if fmt == "xlsx":
                frame.to_excel(tmp, index=False, engine="openpyxl", sheet_name="records")
            else:
                frame.to_parquet(tmp, index=False)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
