"""Builds the quantity regex from the named pieces in rules/quantities/grammar.yaml, once."""
from __future__ import annotations

import functools

import regex

from .numerals import char_classes
from .rules import RuleError, compile_rx, load_yaml, rules_dir
from .units import compound_units, currency_symbols, multipliers, surface_units, symbols

_REF = regex.compile(r"\{([a-z_]+)\}")


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _generated() -> dict[str, str]:
    units = surface_units()
    classes = char_classes()
    places = classes["cn_ten"] + classes["cn_hundred"] + classes["cn_thousand"]
    return {
        "unit": _alternation(units),
        "unit_first": "".join(sorted({regex.escape(u[0]) for u in units})),
        "subunit": _alternation(compound_units()),
        "place_units": _alternation(u for u in units if u[0] in places) or "(?!)",
        "symbol_unit": _alternation(symbols()),
        "currency_symbol": _alternation(currency_symbols()),
        "currency_start": "".join(sorted({regex.escape(c[0]) for c in currency_symbols()})),
        "multiplier": _alternation(multipliers()),
        **{k: regex.escape(v) for k, v in classes.items()},
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


@functools.cache
def pattern(name: str = "quantity") -> regex.Pattern:
    pieces = {k: str(v) for k, v in load_yaml("quantities/grammar.yaml").items()}
    return compile_rx(expand(name, pieces, _generated()), f"{rules_dir() / 'quantities/grammar.yaml'}: {name}")

