"""Completion ratio, the check of stated rates, and the status (CONTRACT.md "Ratio", "Status")."""
from __future__ import annotations

from .rules import RULES


def ratio(kind: str, norm_target: float | None, norm_achieved: float | None) -> float | None:
    if kind not in {"level", "growth", "decrease"} or norm_achieved is None or not norm_target:
        return None
    return norm_achieved / norm_target


def ratio_check(computed: float | None, stated: float | None, half_unit: float | None) -> str:
    if stated is None or computed is None:
        return ""
    return "consistent" if abs(computed - stated) <= (half_unit or 0.0) + 1e-12 else "inconsistent"


def satisfies(comparator: str, achieved: float, target: float) -> bool:
    if comparator == "<=":
        return achieved <= target + 1e-9
    if comparator == "=":
        return abs(achieved - target) <= 1e-9 * max(1.0, abs(target))
    return achieved >= target - 1e-9


def is_part_year(period: str, document_part_year: bool) -> bool:
    """A period written in the progress text decides; else the document's own period does."""
    if not period:
        return document_part_year
    periods = RULES.progress.periods
    full = periods.full_year.match(period) or periods.year_end.search(period)
    return not full


def status(kind: str, comparator: str, norm_target: float, norm_achieved: float | None, period: str,
           document_part_year: bool, stated: float | None, done: bool, pending: bool) -> str:
    if kind == "none":
        return "none"
    part = is_part_year(period, document_part_year)
    if norm_achieved is not None:
        if satisfies(comparator, norm_achieved, norm_target):
            return "met"
        return "in_progress" if part else "not_met"
    if stated is not None:
        if stated >= 1.0 - 1e-9:
            return "met"
        return "in_progress" if part else "not_met"
    if done:
        return "met"
    if pending:
        return "pending"
    return "not_reported"
