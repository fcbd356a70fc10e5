"""Builds the quantity regex from the named pieces in rules/quantities/grammar.yaml, once."""
from __future__ import annotations

import functools

import regex

from .numerals import digit_chars
from .rules import RuleError, compile_rx, load_yaml, rules_dir
from .units import multipliers, surface_units

_REF = regex.compile(r"\{([a-z_]+)\}")


def _generated() -> dict[str, str]:
    units = surface_units()
    mults = sorted(multipliers(), key=len, reverse=True)
    return {
        "unit": "|".join(regex.escape(u) for u in units),
        "unit_first": "".join(sorted({regex.escape(u[0]) for u in units})),
        "multiplier": "|".join(regex.escape(m) for m in mults),
        "cn_digit": digit_chars(),
    }


def expand(name: str, pieces: dict[str, str], generated: dict[str, str], stack=()) -> str:
    if name in generated:
        return generated[name]
    if name in stack:
        raise RuleError(f"{rules_dir() / 'quantities/grammar.yaml'}: reference cycle {' -> '.join(stack + (name,))}")
    if name not in pieces:
        raise RuleError(f"{rules_dir() / 'quantities/grammar.yaml'}: unknown piece {{{name}}}")
    body = pieces[name]
    return _REF.sub(lambda m: expand(m.group(1), pieces, generated, stack + (name,)), body)


@functools.lru_cache(maxsize=None)
def pattern(name: str = "quantity") -> regex.Pattern:
    pieces = {k: str(v) for k, v in load_yaml("quantities/grammar.yaml").items()}
    return compile_rx(expand(name, pieces, _generated()), f"{rules_dir() / 'quantities/grammar.yaml'}: {name}")
