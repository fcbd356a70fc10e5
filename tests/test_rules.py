"""Rule data fails loudly at load, naming the file and the entry; every entry is loaded and used."""
import dataclasses
import shutil

import pytest
import regex

import extract.rules as rules
from extract.rules import RULES, RuleError


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    dst = tmp_path / "rules"
    shutil.copytree(rules.rules_dir(), dst)
    monkeypatch.setattr(rules, "rules_dir", lambda: dst)
    rules.load_yaml.cache_clear()
    yield dst
    rules.load_yaml.cache_clear()


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_regex_names_file_and_entry(rules_copy):
    _edit(rules_copy / "progress.yaml", "estimate: '预计", "estimate: '(预计")
    with pytest.raises(RuleError, match=r"progress.yaml: estimate: bad regex"):
        rules.load_rules()


def test_misspelt_key_is_an_unknown_entry(rules_copy):
    _edit(rules_copy / "targets.yaml", "  stretch:", "  strech:")
    with pytest.raises(RuleError, match=r"targets.yaml: tiers.strech: unknown entry"):
        rules.load_rules()


def test_missing_entry(rules_copy):
    _edit(rules_copy / "pairing.yaml", "stock:", "# stock:")
    with pytest.raises(RuleError, match=r"pairing.yaml: stock: missing entry"):
        rules.load_rules()


def test_unknown_piece(rules_copy):
    _edit(rules_copy / "progress.yaml", "periods:\n  # any period", "periods:\n  # {nope} any period")
    _edit(rules_copy / "progress.yaml", "estimate: '预计", "estimate: '{no_such_piece}预计")
    with pytest.raises(RuleError, match=r"progress.yaml: estimate: unknown piece \{no_such_piece\}"):
        rules.load_rules()


def test_wrong_type(rules_copy):
    _edit(rules_copy / "lexicon.yaml", "stopwords: [", "stopwords: '[")
    _edit(rules_copy / "lexicon.yaml", "今年以来]", "今年以来]'")
    with pytest.raises(RuleError, match=r"lexicon.yaml: stopwords: must be a list"):
        rules.load_rules()


def _walk(obj, path=""):
    """Every leaf of the loaded rules, with its dotted path."""
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _walk(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(obj, tuple):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, obj


def test_every_entry_is_loaded_and_not_empty():
    leaves = list(_walk(RULES))
    assert len(leaves) > 100
    for path, value in leaves:
        if value is None:
            continue  # an optional entry left out (a column role without a pattern)
        if isinstance(value, regex.Pattern):
            assert value.pattern, path
            assert not value.search("") or value.pattern.startswith(("^", "(?:^")) or "?" in value.pattern \
                or "*" in value.pattern, f"{path} matches the empty string"
        else:
            assert value != "", path


def test_every_entry_is_read_by_the_code():
    """A rule nobody reads is a rule nobody tests: each field name appears in extract/."""
    from pathlib import Path

    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(rules.__file__).parent.glob("*.py")
                     if p.name != "rules.py")
    unread = []
    for section in dataclasses.fields(RULES):
        obj = getattr(RULES, section.name)
        for f in dataclasses.fields(obj):
            if f.name not in code:
                unread.append(f"{section.name}.{f.name}")
    assert not unread, f"rules never read: {unread}"


def test_quantity_rules_load_and_compile():
    from extract.grammar import pattern
    from extract.units import canonical, surface_units

    assert pattern().pattern
    for name in surface_units():
        assert canonical(name) is not None, name


def test_tune_moves_a_number_and_puts_it_back(corpus):
    from extract.tune import tune

    keep = RULES.pairing.score.cumulative
    lines = tune("pairing.score.cumulative", [0.0], [corpus / "dev"])
    assert lines[0].startswith("pairing.score.cumulative") and "F1" in lines[1]
    assert RULES.pairing.score.cumulative == keep


def test_tune_names_a_missing_rule():
    from extract.tune import tune

    with pytest.raises(RuleError, match=r"no rule pairing\.score\.nope"):
        tune("pairing.score.nope", [1.0], [])
