"""Scores records against gold annotations (CONTRACT.md "Gold annotations").

Targets are pooled per (source, row) and matched on canonical unit and value; gold targets marked
ambiguous are neither rewarded nor penalised. Per-column accuracy is over matched targets;
end-to-end accuracy counts a gold target only when value, unit, achieved figure, ratio and status
are all right, over all non-ambiguous gold targets.
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


def _close(a, b, rel=1e-4, abs_=6e-4) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def _norm(text) -> str:
    return unicodedata.normalize("NFKC", text or "")


class _TableOrder:
    """Tables are told apart by their order within their file (the first table, the second …), so a
    gold file may name them "1", "2" while a workbook's records name them by sheet."""

    def __init__(self):
        self.seen: dict[str, list[str]] = defaultdict(list)

    def __call__(self, source: str, table) -> int:
        names = self.seen[source]
        if str(table) not in names:
            names.append(str(table))
        return names.index(str(table))


def load_gold(paths) -> dict[tuple[str, int, str], list[dict]]:
    """Gold rows keyed by (source, table's order in its file, row); sub-rows under one serial pool
    their targets."""
    gold: dict[tuple[str, int, str], list[dict]] = defaultdict(list)
    order = _TableOrder()
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            key = (row["source"], order(row["source"], row.get("table", "1")), str(row["row"]))
            gold[key].extend(row.get("targets", []))
    return gold


@dataclass
class Score:
    rows_gold: int = 0
    rows_missing: list = field(default_factory=list)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    columns: dict = field(default_factory=lambda: defaultdict(int))
    e2e: int = 0
    gold_targets: int = 0
    errors: list = field(default_factory=list)

    def figures(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        cols = ("kind", "tier", "achieved", "ratio", "status")
        acc = {c: (self.columns[c] / self.tp if self.tp else 0.0) for c in cols}
        return {"rows": self.rows_gold, "rows_missing": len(self.rows_missing), "precision": round(p, 4),
                "recall": round(r, 4), "f1": round(f1, 4), **{k: round(v, 4) for k, v in acc.items()},
                "end_to_end": round(self.e2e / self.gold_targets, 4) if self.gold_targets else 0.0,
                "targets_gold": self.gold_targets, "targets_matched": self.tp}


def evaluate(records: list[dict], gold: dict[tuple[str, int, str], list[dict]]) -> Score:
    pred: dict[tuple[str, int, str], list[dict]] = defaultdict(list)
    seen = set()
    order = _TableOrder()
    for r in records:
        key = (r["source"], order(r["source"], r.get("table", "1")), str(r["row"]))
        seen.add(key)
        if r["kind"] != "none":
            pred[key].append(r)
    score = Score()
    sources = {k[0] for k in gold}
    for key, gts in gold.items():
        score.rows_gold += 1
        if key not in seen:
            score.rows_missing.append(key)
        _score_row(key, pred.get(key, []), gts, score)
    for key, ps in pred.items():  # predictions for rows gold does not know (same sources only)
        if key not in gold and key[0] in sources:
            score.fp += len(ps)
            score.errors.extend(("FP", key, p.get("target_text"), p.get("norm_target"), p.get("norm_unit")) for p in ps)
    return score


def _score_row(key, preds, gts, score: Score) -> None:
    free = list(range(len(preds)))
    for g in sorted(gts, key=lambda g: g.get("ambiguous", False)):
        cands = [i for i in free if preds[i]["norm_unit"] == g["norm_unit"]
                 and _close(preds[i]["norm_target"], g["norm_target"], 1e-6, 1e-3)]
        cands.sort(key=lambda i: (_norm(preds[i]["target_text"]) not in _norm(g["target_text"])
                                  and _norm(g["target_text"]) not in _norm(preds[i]["target_text"]),
                                  preds[i].get("tier") != g.get("tier")))
        amb = g.get("ambiguous", False)
        if not amb:
            score.gold_targets += 1
        if not cands:
            if not amb:
                score.fn += 1
                score.errors.append(("FN", key, g["target_text"], g["norm_target"], g["norm_unit"]))
            continue
        p = preds[cands[0]]
        free.remove(cands[0])
        if amb:
            continue
        score.tp += 1
        ok = {
            "kind": p["kind"] == g["kind"],
            "tier": p["tier"] == g["tier"],
            "achieved": _close(p["norm_achieved"], g.get("norm_achieved")),
            "ratio": _close(p["ratio"], g.get("ratio"), 2e-3, 6e-4),
            "status": p["status"] == g["status"],
        }
        for c, v in ok.items():
            score.columns[c] += v
        if ok["achieved"] and ok["ratio"] and ok["status"]:
            score.e2e += 1
        else:
            bad = [c for c in ("achieved", "ratio", "status") if not ok[c]]
            score.errors.append(("E2E", key, g["target_text"], f"pred {p['norm_achieved']} {p['ratio']} {p['status']}",
                                 f"gold {g.get('norm_achieved')} {g.get('ratio')} {g['status']}", ",".join(bad)))
        for c in ("kind", "tier"):
            if not ok[c]:
                score.errors.append((c.upper(), key, g["target_text"], f"pred {p[c]}", f"gold {g[c]}"))
    for i in free:
        score.fp += 1
        score.errors.append(("FP", key, preds[i]["target_text"], preds[i]["norm_target"], preds[i]["norm_unit"]))


def format_report(fig: dict, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"rows {fig['rows']} (missing {fig['rows_missing']})  targets: gold {fig['targets_gold']}, "
                 f"matched {fig['targets_matched']}")
    lines.append(f"target precision {fig['precision']:.4f}  recall {fig['recall']:.4f}  F1 {fig['f1']:.4f}")
    lines.append("accuracy on matched targets: " + "  ".join(f"{c} {fig[c]:.4f}" for c in
                                                          ("kind", "tier", "achieved", "ratio", "status")))
    lines.append(f"end-to-end accuracy {fig['end_to_end']:.4f}")
    return "\n".join(lines)


def evaluate_quantities(found: dict[tuple[int, int], list], gold: list[dict]) -> dict:
    """Quantity finder against hand-checked gold: a found quantity is right when it overlaps a gold
    quantity of the same cell with the same canonical unit and value. `found` maps (line, col) to
    Quantity objects; ambiguous gold entries neither count for nor against."""
    by_cell: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for g in gold:
        by_cell[(g["line"], g["col"])].append(g)
    tp = fp = fn = exact = 0
    misses = []
    for cell in set(by_cell) | set(found):
        golds, preds = list(by_cell.get(cell, [])), list(found.get(cell, []))
        for q in preds:
            hit = next((g for g in golds if g["start"] < q.end and q.start < g["end"] and g["norm_unit"] == q.norm_unit
                        and _close(q.norm_value, g["norm_value"], 1e-6, 1e-3)), None)
            if hit is None:
                fp += 1
                misses.append(("FP", cell, q.text))
                continue
            golds.remove(hit)
            if hit.get("ambiguous"):
                continue
            tp += 1
            exact += (q.start, q.end) == (hit["start"], hit["end"])
        for g in golds:
            if not g.get("ambiguous"):
                fn += 1
                misses.append(("FN", cell, g["text"]))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "exact_span": round(exact / tp, 4) if tp else 0.0, "tp": tp, "fp": fp, "fn": fn, "misses": misses}
