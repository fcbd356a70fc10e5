"""Move one rule number and watch the corpus scores move: `extract tune pairing.score.cumulative 0 0.15 0.3`.

For tuning the weights and thresholds of rules/ (pairing, layout evidence, limits) against the gold
corpora of a checkout. Each value is set on the loaded rules in this process only (the files are not
touched), the caches that depend on rules are cleared, and every corpus folder is scored again.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from .rules import RULES, RuleError

TABLE_SUFFIXES = {".txt", ".csv", ".tsv", ".xlsx", ".xls", ".docx", ".html", ".htm", ".pdf"}


def default_corpora(root: Path) -> list[Path]:
    """The gold corpora of a checkout: corpus/* and tests/data/constructed/*."""
    found = [*sorted((root / "corpus").glob("*")), *sorted((root / "tests" / "data" / "constructed").glob("*"))]
    return [p for p in found if p.is_dir() and any(p.glob("*.gold.jsonl"))]


def _owner(path: str):
    """The frozen rules object holding the entry at a dotted path, and the entry's key."""
    parts = path.split(".")
    node = RULES
    for part in parts[:-1]:
        node = node[part] if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            raise RuleError(f"tune: no rule {path}")
    last = parts[-1]
    if isinstance(node, dict):
        if last not in node:
            raise RuleError(f"tune: no rule {path}")
    elif not (dataclasses.is_dataclass(node) and hasattr(node, last)):
        raise RuleError(f"tune: no rule {path}")
    return node, last


def _set(path: str, value: float) -> float:
    node, key = _owner(path)
    if isinstance(node, dict):
        old, node[key] = node[key], value
    else:
        old = getattr(node, key)
        object.__setattr__(node, key, type(old)(value))  # a tuning run only; the files are untouched
    return old


def _clear_caches() -> None:
    from . import indicators, progress

    progress.analyse.cache_clear()
    indicators.similarity.cache_clear()


def score_corpora(folders: list[Path]) -> list[tuple[str, dict]]:
    from .api import extract_records
    from .evaluate import evaluate, load_gold

    out = []
    for folder in folders:
        golds = sorted(folder.glob("*.gold.jsonl"))
        records = []
        for g in golds:
            stem = g.name[: -len(".gold.jsonl")]
            tables = [p for p in folder.glob(stem + ".*") if p.suffix.lower() in TABLE_SUFFIXES]
            records += [r.as_dict() for t in tables for r in extract_records(t)]
        out.append((str(folder), evaluate(records, load_gold(golds)).figures()))
    return out


def tune(path: str, values: list[float], folders: list[Path]) -> list[str]:
    """One line per value and corpus: target F1 and end-to-end accuracy."""
    node, key = _owner(path)
    keep = node[key] if isinstance(node, dict) else getattr(node, key)
    lines = [f"{path} (as in rules/: {keep})"]
    try:
        for value in values:
            _set(path, value)
            _clear_caches()
            for name, fig in score_corpora(folders):
                lines.append(f"  {value:<8g} {name:<40} F1 {fig['f1']:.4f}  end-to-end {fig['end_to_end']:.4f}")
    finally:
        _set(path, keep)
        _clear_caches()
    return lines
