"""Loads and checks the rule data in rules/ once, into frozen typed objects.

Each rules file has a schema here: a frozen dataclass whose fields are the file's entries. Loading
checks every entry against it (a missing or unknown key, a bad regex, a wrong type) and fails at
import with the file and the entry named, so a misspelt rule never waits for its branch to run.
Regexes may use the named pieces of rules/pieces.yaml as {name}.

The quantity grammar (rules/quantities/) is loaded by extract/grammar.py and extract/units.py
through `load_yaml`, `rx` and `compile_rx`, kept here for them.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from pathlib import Path

import regex
import yaml

Pattern = regex.Pattern


class RuleError(ValueError):
    """A rules/ file is malformed; the message names the file and the entry."""


def rules_dir() -> Path:
    """rules/ beside the package in a checkout, else the copy installed inside it (extract/rules)."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "rules", package / "rules"):
        if (candidate / "quantities" / "units.txt").is_file():
            return candidate
    raise RuleError(f"no rules/ folder beside or inside {package}")


@functools.cache
def load_yaml(name: str) -> dict:
    path = rules_dir() / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at top level")
    return data


def compile_rx(pattern: str, where: str) -> Pattern:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"{where}: bad regex {pattern!r}: {exc}") from None


@functools.cache
def rx(file: str, *keys: str) -> Pattern:
    """Compile the regex found at file[keys[0]][keys[1]]…, cached (the quantity grammar's access)."""
    node = load_yaml(file)
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            raise RuleError(f"{rules_dir() / file}: missing entry {'.'.join(keys)}")
        node = node[key]
    if not isinstance(node, str):
        raise RuleError(f"{rules_dir() / file}: {'.'.join(keys)} must be a regex string")
    return compile_rx(node, f"{rules_dir() / file}: {'.'.join(keys)}")


# ---- pieces -------------------------------------------------------------------------------------

_REF = regex.compile(r"\{([a-z_]+)\}")


def expand_pieces(text: str, pieces: dict[str, str], where: str, stack: tuple[str, ...] = ()) -> str:
    """{name} -> the piece's text, recursively; cycles and unknown names are errors."""
    def one(m: regex.Match) -> str:
        name = m.group(1)
        if name in stack:
            raise RuleError(f"{where}: piece cycle {' -> '.join(stack + (name,))}")
        if name not in pieces:
            raise RuleError(f"{where}: unknown piece {{{name}}}")
        return expand_pieces(pieces[name], pieces, where, stack + (name,))
    return _REF.sub(one, text)


# ---- schemas ------------------------------------------------------------------------------------
# One dataclass per file (and per nested mapping). Field types say how an entry is read:
# Pattern = a regex string, compiled; str; float; tuple[...] = a list; dict[str, X] = a mapping.

dataclass_frozen = functools.partial(dataclasses.dataclass, frozen=True)


@dataclass_frozen
class Chars:
    clause_ends: str
    target_clause_ends: str
    kind_scope_ends: str
    sentence_ends: str
    lead_ends: str


@dataclass_frozen
class Limits:
    window: int
    near: int
    pairs: int
    nearest: int
    row_seconds: float
    row_seconds_per_char: float


@dataclass_frozen
class Pieces:
    pieces: dict[str, str]
    chars: Chars
    limits: Limits


@dataclass_frozen
class LayoutRules:
    roles: tuple[str, ...]
    single: tuple[str, ...]
    grouped: tuple[str, ...]
    name_weight: float
    suffix_weight: float
    morpheme_extra: float
    names: dict[str, tuple[str, ...]]
    name_patterns: dict[str, Pattern]
    morphemes: dict[str, dict[str, float]]
    growth_header: Pattern
    started_header: Pattern
    period_months: Pattern
    period_end_month: dict[str, int]
    content: dict[str, dict[str, float]]
    percent_header: dict[str, float]
    leftmost: tuple[float, ...]
    structure_share: dict[str, float]
    header_cell: dict[str, float]
    base: dict[str, float]
    shift_gain: float
    long_cell: int
    short_cell: int
    min_target_score: float
    uncertain_margin: float
    header_threshold: float
    header_lines_searched: int
    serial: Pattern
    serial_number: Pattern
    section_serial: Pattern
    item_serial: Pattern
    sub_item: Pattern
    total: Pattern
    place: Pattern
    organisation: Pattern
    yes_no: Pattern
    surnames: str
    figure_cell: Pattern
    percent_cell: Pattern
    commitment: Pattern
    bracket_unit: Pattern
    unit_cell: Pattern
    header_year: Pattern
    header_unit_mark: Pattern
    numeral: Pattern
    progress_like: Pattern
    page_number: Pattern
    title_like: Pattern
    attachment: Pattern
    part_year: Pattern
    title_year: Pattern


@dataclass_frozen
class Tiers:
    stretch: Pattern
    floor: Pattern
    pair_verbs: Pattern
    hedge: Pattern
    reach_ends: str
    pair_starts: str


@dataclass_frozen
class Kinds:
    decrease_before: Pattern
    growth_before: Pattern
    cap_before: Pattern
    cap_after: Pattern
    cap_indicators: Pattern
    level_after_growth: Pattern
    growth_after: Pattern
    equal: Pattern
    not_equal_after: Pattern


@dataclass_frozen
class TargetRules:
    tiers: Tiers
    kinds: Kinds
    amount_indicator: Pattern
    share_indicator: Pattern
    item_noise: Pattern
    trailing: Pattern
    respectively: Pattern
    list_joiner: Pattern
    name_separator: Pattern
    structural_after: Pattern
    attribute_after: Pattern
    per_head: Pattern
    scope_before: Pattern
    baseline_before: Pattern
    baseline_after: Pattern


@dataclass_frozen
class Periods:
    pattern: Pattern
    full_year: Pattern
    year_end: Pattern


@dataclass_frozen
class ProgressRules:
    periods: Periods
    estimate: Pattern
    cumulative: Pattern
    actual: Pattern
    growth_figure: Pattern
    negative_growth: Pattern
    stated_ratio: tuple[Pattern, ...]
    done: Pattern
    pending: Pattern
    underway: Pattern
    subjectless: Pattern
    delta: Pattern
    finished_part: Pattern
    started_lead: Pattern
    remainder: Pattern
    scope_after: Pattern
    started_before: Pattern
    started_after: Pattern
    underway_before: Pattern
    single_month: Pattern
    last_year: Pattern
    figure_year: Pattern
    underway_after: Pattern
    preparatory: Pattern
    preparatory_after: Pattern
    part: Pattern
    restated_before: Pattern
    segment: Pattern
    label_end: Pattern


@dataclass_frozen
class Score:
    local: float
    segment: float
    restated: float
    cumulative: float
    same_classifier: float
    approximate: float
    full_year: float
    other_size: float
    size_unsaid: float
    stock_flow: float
    part: float
    single_month: float
    last_year: float
    parallel: float
    later: float


@dataclass_frozen
class Thresholds:
    sole_rate: float
    sole_rank: float
    rate: float
    sole_done: float
    sole: float
    default: float


@dataclass_frozen
class PairingRules:
    classifier_groups: tuple[tuple[str, ...], ...]
    rank_scopes: Pattern
    stock: Pattern
    flow: Pattern
    starts_target: Pattern
    finish_target: Pattern
    part_word: Pattern
    score: Score
    threshold: Thresholds
    sum_part: float
    done_similarity: float
    underway_similarity: float
    bare_ratio_similarity: float
    fraction_limit: float


@dataclass_frozen
class Lexicon:
    words: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...]
    strip: Pattern
    stopwords: tuple[str, ...]
    sizing_amount: Pattern


@dataclass_frozen
class Rules:
    pieces: Pieces
    layout: LayoutRules
    targets: TargetRules
    progress: ProgressRules
    pairing: PairingRules
    lexicon: Lexicon


FILES = {"layout": "layout.yaml", "targets": "targets.yaml", "progress": "progress.yaml",
         "pairing": "pairing.yaml", "lexicon": "lexicon.yaml"}


# ---- the loader ---------------------------------------------------------------------------------

class _Reader:
    """Builds a schema object from YAML data, naming file and entry in every error."""

    def __init__(self, path: Path, pieces: dict[str, str]):
        self.path, self.pieces = path, pieces

    def fail(self, where: str, what: str) -> typing.NoReturn:
        raise RuleError(f"{self.path}: {where}: {what}")

    def build(self, cls, data, where: str):
        if not isinstance(data, dict):
            self.fail(where or "top level", "expected a mapping")
        hints = typing.get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(fields))
        if unknown:
            self.fail(_join(where, unknown[0]), f"unknown entry (expected one of: {', '.join(fields)})")
        values = {}
        for name, f in fields.items():
            key = _join(where, name)
            if name not in data:
                if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
                    continue
                self.fail(key, "missing entry")
            values[name] = self.value(hints[name], data[name], key)
        return cls(**values)

    def value(self, tp, data, where: str):
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            if data is None and type(None) in args:
                return None
            errors = []
            for option in (a for a in args if a is not type(None)):
                try:
                    return self.value(option, data, where)
                except RuleError as exc:
                    errors.append(str(exc))
            self.fail(where, "does not fit any form: " + " | ".join(e.rsplit(": ", 1)[-1] for e in errors))
        if tp is Pattern:
            if not isinstance(data, str):
                self.fail(where, "must be a regex string")
            return compile_rx(expand_pieces(data, self.pieces, f"{self.path}: {where}"), f"{self.path}: {where}")
        if tp is str:
            if not isinstance(data, (str, int, float)) or isinstance(data, bool):
                self.fail(where, "must be a string")
            return str(data)
        if tp is int:
            if not isinstance(data, int) or isinstance(data, bool):
                self.fail(where, "must be a whole number")
            return data
        if tp is float:
            if not isinstance(data, (int, float)) or isinstance(data, bool):
                self.fail(where, "must be a number")
            return float(data)
        if origin is tuple:
            if not isinstance(data, list):
                self.fail(where, "must be a list")
            item = args[0]
            return tuple(self.value(item, x, f"{where}[{i}]") for i, x in enumerate(data))
        if origin is dict:
            if not isinstance(data, dict):
                self.fail(where, "must be a mapping")
            return {str(k): self.value(args[1], v, _join(where, str(k))) for k, v in data.items()}
        if dataclasses.is_dataclass(tp):
            return self.build(tp, data, where)
        raise TypeError(f"schema type {tp!r} not supported")  # a defect in this module, not in rules/


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def load_rules() -> Rules:
    """Every rules file, checked; raises RuleError naming the file and the entry."""
    base = rules_dir()
    raw_pieces = load_yaml("pieces.yaml")
    piece_reader = _Reader(base / "pieces.yaml", {})
    pieces: Pieces = piece_reader.build(Pieces, raw_pieces, "")
    for name, body in pieces.pieces.items():  # every piece must expand and compile on its own
        compile_rx(expand_pieces(body, pieces.pieces, f"{base / 'pieces.yaml'}: pieces.{name}"),
                   f"{base / 'pieces.yaml'}: pieces.{name}")
    loaded = {"pieces": pieces}
    hints = typing.get_type_hints(Rules)
    for attr, file in FILES.items():
        loaded[attr] = _Reader(base / file, pieces.pieces).build(hints[attr], load_yaml(file), "")
    return Rules(**loaded)


RULES: Rules = load_rules()
