"""The one pint registry, loaded from rules/quantities/units.txt, and cached conversion to canonical units."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import pint
import regex

from .rules import RuleError, load_yaml, rules_dir

_HAN = regex.compile(r"\p{Han}")
_PER = regex.compile(r"[/·]|(?<=.)每")
# symbols written in 单位 columns that pint cannot read as names
_SYMBOLS = {"%": "percent_value", "％": "percent_value", "㎡": "平方米", "m²": "平方米",
            "km²": "平方公里", "m³": "立方米", "kW": "千瓦", "kWh": "千瓦时", "t": "吨"}


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
    names: set[str] = set()
    for raw in (rules_dir() / "quantities" / "units.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or "=" not in line:
            continue
        parts = [p.strip() for p in line.split("=")]
        for i, part in enumerate(parts):
            if i == 1:
                continue  # the definition itself, not an alias
            if part.endswith("-") or part.startswith("["):
                continue
            if _HAN.search(part) or part in {"km"}:
                names.add(part)
    names.update(s for s in _SYMBOLS if not s.isascii() or len(s) > 1)  # ㎡, m², kWh; not a bare t or %
    names.discard("%")
    names.discard("％")
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
                raise RuleError(f"{rules_dir() / 'quantities' / 'units.txt'}: prefix {name}: factor must be a number") from None
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
    base = _PER.split(unit_text.strip(), 1)[0]  # 元/人·月 is money: the per-part qualifies it
    mult = next((m for m in multipliers() if base.startswith(m) and base[len(m):] in _SYMBOLS), "")
    base = mult + _SYMBOLS.get(base[len(mult):], base[len(mult):])
    try:
        q = ureg.Quantity(1.0, base)
    except Exception:
        return None
    for name, unit in _canonical_units():
        if q.dimensionality == unit.dimensionality:
            return Canonical(name, float(q.to(unit).magnitude))
    return None
