"""Command line: extract run | quantities | eval | explain."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .clean import clean_cell
from .quantities import QuantityTimeout, find_in_raw, find_quantities
from .read import InputError
from .rules import RuleError
from .write import OutputError

TABLE_SUFFIXES = {".txt", ".tsv", ".csv", ".xlsx", ".xlsm", ".docx"}


def _inputs(paths: list[str]) -> list[Path]:
    """Files as given; a folder stands for the table files in it (gold files left out)."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in TABLE_SUFFIXES))
        else:
            out.append(p)
    return out


def cmd_run(args) -> int:
    from .write import format_for, write_records

    format_for(args.output)  # a bad output name fails before any work
    inputs = _inputs(args.inputs)
    if args.jobs > 1 and len(inputs) > 1:
        # tables are independent and the stages pure: one process per table, results in input order
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            per_file = list(pool.map(_extract_one, inputs, chunksize=4))
    else:
        per_file = [_extract_one(path) for path in inputs]
    records = [r for recs in per_file for r in recs]
    write_records(records, args.output)
    if args.output != "-":
        rows = len({(r.source, r.table, r.row, r.line) for r in records})
        print(f"{len(records)} records from {rows} rows in {len(inputs)} file(s) -> {args.output}",
              file=sys.stderr)
    return 0


class InternalError(Exception):
    """A defect met while extracting one file; the message names the file."""


def _extract_one(path: Path):
    from .api import extract_records

    try:
        return extract_records(path)
    except (InputError, RuleError):
        raise
    except Exception as exc:  # a defect, not bad input: say which file, keep going no further
        raise InternalError(f"{path}: internal error while extracting ({type(exc).__name__}: {exc}); "
                            "please report it with this file") from exc


def cmd_quantities(args) -> int:
    """Each line is cleaned as table cells are; offsets refer to the line as given (or, with --clean,
    to the cleaned line). A line past the time budget is reported and skipped."""
    out = sys.stdout
    log = logging.getLogger("extract")
    for n, line in enumerate(sys.stdin, 1):
        text = line.rstrip("\r\n")
        try:
            found = find_quantities(clean_cell(text)) if args.clean else find_in_raw(text)
        except QuantityTimeout as exc:
            log.warning("line %d skipped: %s", n, exc)
            continue
        for q in found:
            out.write(json.dumps(q.as_json(n), ensure_ascii=False) + "\n")
    return 0


def cmd_eval(args) -> int:
    from .evaluate import evaluate, format_report, load_gold

    gold_paths = [Path(g) for g in args.gold]
    for g in gold_paths:
        if not g.is_file():
            raise InputError(f"{g}: no such gold file")
    first = Path(args.pred_or_input)
    if first.suffix == ".jsonl" and first.is_file():
        records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        inputs = _inputs([args.pred_or_input])
        records = [r.as_dict() for p in inputs for r in _extract_one(p)]
    score = evaluate(records, load_gold(gold_paths))
    figures = score.figures()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(format_report(figures))
    if args.errors:
        for e in score.errors:
            print("  ", *e, sep="\t")
    return 0


def cmd_explain(args) -> int:
    """Show a cell with its quantities bracketed and what the finder made of each."""
    text = args.text if args.text is not None else sys.stdin.read().rstrip("\r\n")
    qs = find_in_raw(text)
    marked, last = [], 0
    for q in qs:
        marked.append(text[last:q.start] + "[" + q.text + "]")
        last = q.end
    print("".join(marked) + text[last:])
    for q in qs:
        print(f"  {q.start}:{q.end} {q.text!r} value={q.value:g} unit={q.unit!r} -> {q.norm_value:g} {q.norm_unit}"
              f"{' classifier=' + q.classifier if q.classifier else ''}{' approx' if q.approx else ''} rule={q.rule}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extract", description="Quantitative targets in Chinese government "
                                "performance tables: targets, achieved figures, completion ratios, statuses.")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract records from table files", description="Extract one record per "
                         "quantitative target (and one per row without a target) from each input table.")
    run.add_argument("inputs", nargs="+", help="table files (.txt/.tsv tab-separated, .csv, .xlsx, .docx) or folders")
    run.add_argument("-o", "--output", required=True, help="output file: .jsonl, .csv (UTF-8 with BOM), .xlsx, "
                     ".parquet; - writes JSON Lines to standard output")
    run.add_argument("-j", "--jobs", type=int, default=1, help="worker processes for many files (default 1)")
    run.set_defaults(func=cmd_run)
    qs = sub.add_parser("quantities", help="find quantities in text, one cell per line",
                        description="Read cells from standard input, one per line; write one JSON line per "
                        "quantity: line, text, start, end, value, unit, norm_value, norm_unit, classifier. "
                        "Lines are cleaned as table cells are (full-width forms, traditional characters, "
                        "HTML); offsets refer to the line as given.")
    qs.add_argument("--clean", action="store_true", help="report offsets in the cleaned line (HTML removed, "
                    "whitespace folded) instead of the line as given; the reading is the same either way")
    qs.set_defaults(func=cmd_quantities)
    ev = sub.add_parser("eval", help="score predictions or a run against gold annotations")
    ev.add_argument("pred_or_input", help="a records .jsonl, a table file, or a folder of table files")
    ev.add_argument("gold", nargs="+", help="gold .jsonl files (CONTRACT.md, Gold annotations)")
    ev.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ev.add_argument("--errors", action="store_true", help="list every mismatch")
    ev.set_defaults(func=cmd_eval)
    ex = sub.add_parser("explain", help="show a cell with its quantities bracketed")
    ex.add_argument("text", nargs="?", help="the cell text (default: standard input)")
    ex.set_defaults(func=cmd_explain)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("extract: warning: %(message)s"))
    logging.getLogger("extract").addHandler(handler)
    try:
        return args.func(args)
    except (InputError, OutputError, RuleError) as exc:
        print(f"extract: error: {exc}", file=sys.stderr)
        return 2
    except InternalError as exc:
        print(f"extract: error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
