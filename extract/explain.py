"""Why a row came out as it did: its targets, the figures its progress text gives, every score
against every threshold, and the records. What `extract explain TARGET --progress TEXT` prints."""
from __future__ import annotations

from .clean import clean_cell
from .match import options, prepare, reports_of
from .pipeline import extract_row
from .table import Cell, Row
from .targets import row_targets


def explain_row(target: str, progress: str, part_year: bool = False) -> list[str]:
    target, progress = clean_cell(target), clean_cell(progress)
    row = Row("explain", "1", 1, "1", "", "", target, reports=(Cell("progress", progress),) if progress else ())
    reports = reports_of(row)
    targets, figures, columns = prepare(row_targets(row), reports, None)  # as pairing sees them
    out = [f"target cell:   {target}", f"progress cell: {progress}", "targets:"]
    for i, t in enumerate(targets):
        out.append(f"  T{i} {t.text!r} {t.kind} {t.comparator} {t.tier} indicator={t.indicator!r} "
                   f"-> {t.quantity.norm_value:g} {t.quantity.norm_unit}")
    out.append("figures:")
    for j, f in enumerate(figures):
        flags = [k for k in ("estimate", "cumulative", "growth", "negative", "started", "begun", "delta",
                             "finished_part", "single_month", "last_year") if getattr(f, k)]
        out.append(f"  F{j} {f.quantity.text!r} -> {f.quantity.norm_value:g} {f.quantity.norm_unit} "
                   f"period={f.period or '-'} {' '.join(flags)} clause={f.local!r}")
    for r in reports:
        p = r.progress
        marks = [("deferred", p.pending), ("done", bool(p.done_segments)), ("under way", bool(p.underway_segments))]
        out.append("markers: " + (", ".join(k for k, v in marks if v) or "none"))
    out.append("scores (figure against target; * = over its threshold; pairs not listed are not compatible):")
    for ti in sorted(columns):
        out.append(f"  T{ti} met by a figure column: {columns[ti].quantity.text!r}")
    for o in options(targets, figures, set(columns))[1]:
        out.append(f"  T{o.target} F{o.figure} score {o.score:.2f} threshold {o.threshold:.2f} ({o.why})"
                   f"{' *' if o.score >= o.threshold else ''}")
    out.append("records:")
    for rec in extract_row(row, part_year):
        out.append(f"  {rec.target_text!r} achieved={rec.achieved_text!r} ratio={rec.ratio} "
                   f"stated={rec.stated_ratio} status={rec.status} rule={rec.rule!r}")
    return out
