"""Command line: extract run | quantities | eval | explain."""
from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .clean import clean_cell
from .columns import NO_TARGET_COLUMN
from .quantities import QuantityTimeout, find_in_raw, find_quantities
from .read import TABLE_SUFFIXES, InputError
from .rules import RuleError
from .write import OutputError


class UsageError(Exception):
    """A command line that cannot be run as given; str() is a one-line message."""


def _inputs(paths: list[str]) -> list[Path]:
    """Files as given; a folder stands for the table files in it (see _collect_inputs)."""
    return _collect_inputs(paths)[0]


def _collect_inputs(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files as given; a folder stands for the table files in it (gold files, office lock files ~$x.xlsx
    and hidden files left out). Returns the files and a message for each folder with no table file."""
    out, problems = [], []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in TABLE_SUFFIXES and f.is_file()
                           and not f.name.startswith(("~$", ".")))
            if not found:
                problems.append(f"{p}: no table files in the folder (looked for "
                                f"{', '.join(sorted(TABLE_SUFFIXES))})")
            out.extend(found)
        else:
            out.append(p)
    return out, problems


@dataclass
class FileResult:
    """What one input file gave: its records and counts, or the one-line reason it failed."""
    path: str
    records: list = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    error: str | None = None
    warnings: list = field(default_factory=list)


def no_target_column(raw, table, records) -> bool:
    """No column of the table can be read as targets: the layout reader found none (by header or
    content, extract/columns.py) and no record found a target."""
    if any(r.kind != "none" for r in records):
        return False
    return any(w.startswith(NO_TARGET_COLUMN) for w in table.layout.warnings)


class InternalError(Exception):
    """A defect met while extracting one file; the message names the file."""


def _extract_one(path: Path):
    """All records of one file (for eval); a defect is raised as InternalError naming the file."""
    from .api import extract_records

    try:
        return extract_records(path)
    except (InputError, RuleError):
        raise
    except Exception as exc:  # a defect, not bad input: say which file
        raise InternalError(f"{path}: internal error while extracting ({type(exc).__name__}: {exc}); "
                            "please report it with this file") from exc


class _Collected(logging.Handler):
    """Warnings logged while one file is read (a row kept without targets …), kept with its result so
    that they print in input order, from worker processes too."""

    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _warnings_into(sink: list[str]):
    logger = logging.getLogger("extract")
    saved, propagate = logger.handlers[:], logger.propagate
    collected = _Collected()
    logger.handlers, logger.propagate = [collected], False
    try:
        yield
    finally:
        logger.handlers, logger.propagate = saved, propagate
        sink.extend(collected.messages)


def _process_one(path: Path) -> FileResult:
    """One file for run, every table; never raises: a failure is the result's one-line error message."""
    result = FileResult(str(path))
    logged: list[str] = []
    with _warnings_into(logged):
        _read_one(path, result)
    if not result.error:  # a file that failed says so once, without the warnings of its reading
        result.warnings = logged + result.warnings
    return result


def _read_one(path: Path, result: FileResult) -> None:
    from .layout import build_table
    from .pipeline import extract_rows
    from .read import read_tables

    try:
        raws = read_tables(path)
        good = []
        for raw in raws:
            table = build_table(raw)
            records = extract_rows(table)
            result.warnings.extend(f"{raw.source} table {raw.name}: {w} (see `extract layout {path}`)"
                                   for w in table.layout.warnings if not w.startswith(NO_TARGET_COLUMN))
            if not table.rows:
                reason = "no data rows (a header, or titles, and nothing under them)"
            elif no_target_column(raw, table, records):
                reason = "no column can be read as targets (by its header or its cells; see `extract layout`)"
            else:
                good.append((table, records))
                continue
            if len(raws) == 1:
                result.error = f"{path}: {reason}"
                return
            result.warnings.append(f"{path}: table {raw.name}: skipped: {reason}; {len(raw.lines)} lines")
        if not good:
            result.error = f"{path}: none of its {len(raws)} tables has a column that can be read as targets"
            result.warnings = []
            return
        for table, records in good:
            result.records.extend(records)
            result.rows += len(table.rows)
        result.tables = len(good)
    except (InputError, RuleError) as exc:
        result.error = str(exc)
    except Exception as exc:
        result.error = (f"{path}: internal error while extracting ({type(exc).__name__}: "
                        f"{' '.join(str(exc).split())[:200]}); please report it with this file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def cmd_run(args) -> int:
    """Exit 0: every input read; 1: some failed, the records of the others written; 2: nothing written
    (a usage or output error, every input failed, or --strict met a bad file)."""
    from .write import format_for, write_records

    if args.output != "-" and Path(args.output).is_dir():
        raise UsageError(f"{args.output}: is a folder; name an output file such as records.jsonl")
    format_for(args.output)  # a bad output name fails before any work
    inputs, problems = _collect_inputs(args.inputs)
    if args.output != "-":
        out = Path(args.output)
        clash = next((p for p in inputs if _same_file(p, out)), None)
        if clash is not None:
            raise UsageError(f"{args.output}: is also an input; the output would overwrite it")
    failures: list[str] = [m.split(":", 1)[0] for m in problems]
    for message in problems:
        _error(message)
        if args.strict:
            return _stop(args)
    results: list[FileResult] = []
    for result in _results(inputs, args.jobs, args.strict):
        for w in result.warnings:
            print(f"extract: warning: {w}", file=sys.stderr)
        if result.error:
            _error(result.error)
            failures.append(result.path)
            if args.strict:
                return _stop(args)
        results.append(result)
    good = [r for r in results if not r.error]
    records = [rec for r in good for rec in r.records]
    if not good:
        _summary(results, failures, records, None)
        return 2
    write_records(records, args.output)
    _summary(results, failures, records, args.output)
    return 1 if failures else 0


def _results(inputs: list[Path], jobs: int, strict: bool):
    if jobs > 1 and len(inputs) > 1:
        # tables are independent and the stages pure: one process per file, results in input order
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=jobs)
        try:
            yield from pool.map(_process_one, inputs, chunksize=1 if strict else 4)
        finally:  # --strict stops early: drop the files not started
            pool.shutdown(wait=True, cancel_futures=True)
    else:
        for path in inputs:
            yield _process_one(path)


def _error(message: str) -> None:
    print(f"extract: error: {' '.join(message.split())}", file=sys.stderr)


def _stop(args) -> int:
    print("extract: stopped at the first bad file (--strict); nothing written", file=sys.stderr)
    return 2


def _summary(results: list[FileResult], failures: list[str], records: list, output: str | None) -> None:
    files = len(results)
    tables = sum(r.tables for r in results)
    rows = sum(r.rows for r in results)
    line = (f"extract: {files} file(s), {tables} table(s), {rows} row(s), {len(records)} record(s), "
            f"{len(failures)} failed")
    line += f" -> {output}" if output else "; nothing written"
    if failures:
        line += ": " + ", ".join(failures)
    print(line, file=sys.stderr)


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
    """Show a cell with its quantities bracketed and what the finder made of each; with --progress,
    how a target cell and a progress cell pair (extract/explain.py)."""
    if getattr(args, "progress", None) is not None:
        from .explain import explain_row

        print("\n".join(explain_row(args.text or "", args.progress, args.part_year)))
        return 0
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


def cmd_layout(args) -> int:
    """What the reader made of each table: header, column roles with evidence, serials, period."""
    from .layout import build_table
    from .read import read_tables

    for path in _inputs(args.inputs):
        for raw in read_tables(path):
            table = build_table(raw)
            lay = table.layout
            if args.json:
                print(json.dumps({"source": raw.source, "table": raw.name, **_layout_json(lay),
                                  "rows": len(table.rows)}, ensure_ascii=False))
                continue
            print(f"{raw.source} table {raw.name}: {len(table.rows)} rows")
            print(f"  title: {lay.title or '(none)'}")
            print(f"  period: {lay.period or '(none read)'} -> {'part of the year' if lay.part_year else 'full year'}")
            lines = ", ".join(str(i + 1) for i in lay.header_lines) or "none (columns read from their cells)"
            print(f"  header line(s): {lines}; serials from: {lay.serial_source}; confidence {lay.confidence:.2f}")
            for w in lay.warnings:
                print(f"  warning: {w}")
            for c in lay.columns:
                extra = "".join(f" {k}={v}" for k, v in (("unit", c.unit), ("group", c.group)) if v)
                flags = "".join(f" {k}" for k, v in (("growth", c.growth), ("started", c.started)) if v)
                print(f"  column {c.index + 1:>2} {c.header or '(blank)'!r:<24} {c.role:<12} score {c.score:5.2f}  "
                      f"margin {c.margin:5.2f} over {c.runner_up or '-'}{extra}{flags}")
                for e in c.evidence:
                    print(f"       {e}")
    return 0


def _layout_json(lay) -> dict:
    from dataclasses import asdict

    return {k: v for k, v in asdict(lay).items()}


def cmd_tune(args) -> int:
    """Score the gold corpora with one rule number set to each value in turn (extract/tune.py)."""
    from .tune import default_corpora, tune

    folders = [Path(f) for f in args.corpus] if args.corpus else default_corpora(Path.cwd())
    if not folders:
        raise UsageError("no gold corpora found: run in a checkout, or name folders with --corpus")
    print("\n".join(tune(args.rule, args.values, folders)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="extract", description="Quantitative targets in Chinese government "
                                "performance tables: targets, achieved figures, completion ratios, statuses.")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract records from table files", description="Extract one record per "
                         "quantitative target (and one per row without a target) from each input table.")
    run.add_argument("inputs", nargs="+", help="table files (.txt/.tsv tab-separated, .csv, .xlsx, .xls, .docx, "
                     ".html/.htm, .pdf) or folders of them")
    run.add_argument("-o", "--output", required=True, help="output file: .jsonl, .csv (UTF-8 with BOM), .xlsx, "
                     ".parquet; - writes JSON Lines to standard output")
    run.add_argument("-j", "--jobs", type=int, default=1, help="worker processes for many files (default 1)")
    run.add_argument("--strict", action="store_true", help="stop at the first file that cannot be read, "
                     "writing nothing (default: go on, write the records of the readable files, exit 1)")
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
    lay = sub.add_parser("layout", help="show how each table's layout was read",
                         description="For each table: the title and period read, the header line(s), where "
                         "serials come from, each column's role with its evidence and margin, and the confidence. "
                         "Run it first when a table comes out wrong.")
    lay.add_argument("inputs", nargs="+", help="table files or folders")
    lay.add_argument("--json", action="store_true", help="one JSON object per table")
    lay.set_defaults(func=cmd_layout)
    tn = sub.add_parser("tune", help="score the gold corpora as one rule number moves",
                        description="Set one number of rules/ (a dotted path: pairing.score.cumulative, "
                        "pairing.threshold.default, layout.name_weight, pieces.limits.nearest) to each value "
                        "in turn, in this process only, and print target F1 and end-to-end accuracy per corpus.")
    tn.add_argument("rule", help="dotted path of a number in the loaded rules")
    tn.add_argument("values", nargs="+", type=float, help="values to try")
    tn.add_argument("--corpus", nargs="*", help="gold corpus folders (default: corpus/* and tests/data/constructed/*)")
    tn.set_defaults(func=cmd_tune)
    ex = sub.add_parser("explain", help="show a cell with its quantities bracketed")
    ex.add_argument("text", nargs="?", help="the cell text (default: standard input)")
    ex.add_argument("--progress", help="a progress cell: explain how the text (a target cell) pairs with it")
    ex.add_argument("--part-year", action="store_true", help="the document covers part of the year")
    ex.set_defaults(func=cmd_explain)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("extract: warning: %(message)s"))
    logger = logging.getLogger("extract")
    logger.addHandler(handler)
    try:
        if getattr(args, "jobs", 1) < 1:
            raise UsageError(f"--jobs {args.jobs}: give one worker or more")
        return args.func(args)
    except (InputError, OutputError, RuleError, UsageError) as exc:
        _error(str(exc))
        return 2
    except InternalError as exc:
        _error(str(exc))
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        logger.removeHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
