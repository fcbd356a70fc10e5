"""Loads and checks the rule data in rules/ once. Bad rule data fails here, naming file and entry."""
from __future__ import annotations

import functools
from pathlib import Path

import regex
import yaml


class RuleError(ValueError):
    """A rules/ file is malformed; the message names the file and the entry."""


def rules_dir() -> Path:
    """rules/ beside the package in a checkout, else the copy installed inside it (extract/rules)."""
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "rules", package / "rules"):
        if (candidate / "quantities" / "units.txt").is_file():
            return candidate
    raise RuleError(f"no rules/ folder beside or inside {package}")


@functools.lru_cache(maxsize=None)
def load_yaml(name: str) -> dict:
    path = rules_dir() / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at top level")
    return data


def compile_rx(pattern: str, where: str) -> regex.Pattern:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"{where}: bad regex {pattern!r}: {exc}") from None


@functools.lru_cache(maxsize=None)
def rx(file: str, *keys: str) -> regex.Pattern:
    """Compile the regex found at file[keys[0]][keys[1]]…, cached."""
    node = load_yaml(file)
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            raise RuleError(f"{rules_dir() / file}: missing entry {'.'.join(keys)}")
        node = node[key]
    if not isinstance(node, str):
        raise RuleError(f"{rules_dir() / file}: {'.'.join(keys)} must be a regex string")
    return compile_rx(node, f"{rules_dir() / file}: {'.'.join(keys)}")
