"""The one pint registry, loaded from rules/quantities/units.txt, and cached conversion to canonical units."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import pint
import regex

from .rules import RuleError, load_yaml, rules_dir

_HAN = regex.compile(r"\p{Han}")
# 元/人·月, 元每人: the part after the first per-sign qualifies the unit (grammar structure, not vocabulary)
_PER = regex.compile(r"[/·]|(?<=.)每")
_COMPOUND_ONLY = "compound only"


@functools.lru_cache(maxsize=1)
def symbols() -> dict[str, str]:
    """Unit symbols written after a number (km, kg, ㎡ …) -> the units.txt name (rules/quantities/symbols.yaml)."""
    return {str(k): str(v) for k, v in (load_yaml("quantities/symbols.yaml").get("after_number") or {}).items()}


@functools.lru_cache(maxsize=1)
def currency_symbols() -> dict[str, str]:
    """Currency signs written before a number ($, ¥, 人民币 …) -> the units.txt name."""
    return {str(k): str(v) for k, v in (load_yaml("quantities/symbols.yaml").get("before_number") or {}).items()}


def _symbol_table() -> dict[str, str]:
    """Symbols that pint cannot read as names, as written in 单位 columns or after numbers."""
    return {"%": "percent_value", "％": "percent_value", **symbols()}


def _unit_lines():
    """(names, compound_only) for every unit definition line of units.txt, prefixes left out."""
    for raw in (rules_dir() / "quantities" / "units.txt").read_text(encoding="utf-8").splitlines():
        line, _, comment = raw.partition("#")
        line = line.strip()
        if not line or "=" not in line or line.split("=")[0].strip().endswith("-"):
            continue
        parts = [p.strip() for p in line.split("=")]
        names = [p for i, p in enumerate(parts) if i != 1 and not p.startswith("[")]
        yield names, _COMPOUND_ONLY in comment


@functools.lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry(on_redefinition="raise")
    path = rules_dir() / "quantities" / "units.txt"
    try:
        ureg.load_definitions(str(path))
    except Exception as exc:  # pint raises several types; all mean bad rule data
        raise RuleError(f"{path}: {exc}") from None
    return ureg


@functools.lru_cache(maxsize=1)
def surface_units() -> tuple[str, ...]:
    """Every Chinese unit name and alias from units.txt, longest first (the grammar's {unit})."""
    names = {n for names, compound in _unit_lines() if not compound for n in names if _HAN.search(n)}
    return tuple(sorted(names, key=lambda s: (-len(s), s)))


@functools.lru_cache(maxsize=1)
def compound_units() -> tuple[str, ...]:
    """Units read only after a larger one of their kind (角, 毛, 分, 美分), longest first."""
    names = {n for names, compound in _unit_lines() if compound for n in names}
    return tuple(sorted(names, key=lambda s: (-len(s), s)))


@functools.lru_cache(maxsize=1)
def multipliers() -> dict[str, float]:
    out = {}
    for raw in (rules_dir() / "quantities" / "units.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if "=" in line and line.split("=")[0].strip().endswith("-"):
            name, factor = (p.strip() for p in line.split("=", 1))
            try:
                out[name[:-1]] = float(factor)
            except ValueError:
                where = rules_dir() / "quantities" / "units.txt"
                raise RuleError(f"{where}: prefix {name}: factor must be a number") from None
    return out


@dataclass(frozen=True)
class Canonical:
    norm_unit: str
    factor: float


@functools.lru_cache(maxsize=1)
def _canonical_units() -> tuple[tuple[str, object], ...]:
    ureg = registry()
    out = []
    for name, expr in load_yaml("quantities/canonical.yaml").items():
        try:
            out.append((str(name), ureg.parse_units(str(expr))))
        except Exception as exc:
            raise RuleError(f"{rules_dir() / 'quantities' / 'canonical.yaml'}: {name}: {exc}") from None
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def canonical(unit_text: str) -> Canonical | None:
    """万亩 -> Canonical('m2', 6666666.67); None if pint does not know the unit or no canonical fits.

    Called once per distinct written unit (cached), never per match.
    """
    ureg = registry()
    parts = _PER.split(unit_text.strip(), 1)
    base = parts[0]  # 元/人·月 is money: the per-part qualifies it
    table = _symbol_table()
    mult = next((m for m in multipliers() if base.startswith(m) and base[len(m):] in table), "")
    base = mult + table.get(base[len(mult):], base[len(mult):])
    try:
        q = ureg.Quantity(1.0, base)
    except Exception:
        return None
    for name, unit in _canonical_units():
        if q.dimensionality == unit.dimensionality:
            if len(parts) > 1 and not qualifiable(name):
                return None  # 微克/立方米, 公斤/亩: a rate, not an amount of the base unit
            return Canonical(name, float(q.to(unit).magnitude))
    return None


@functools.cache
def qualifiable(norm_unit: str) -> bool:
    """Money and counts keep their canonical unit under a per-part (300元/人, 5次/年); rates of
    physical units (微克/立方米) do not."""
    if norm_unit == "count":
        return True
    expr = load_yaml("quantities/canonical.yaml").get(norm_unit)
    if expr is None:
        return False
    return any(str(d).startswith("[currency") for d in registry().parse_units(str(expr)).dimensionality)
