"""Rule data fails loudly at load, naming the file and the entry."""
import shutil

import pytest

import extract.rules as rules
from extract.rules import RuleError


@pytest.fixture
def rules_copy(tmp_path, monkeypatch):
    dst = tmp_path / "rules"
    shutil.copytree(rules.rules_dir(), dst)
    monkeypatch.setattr(rules, "rules_dir", lambda: dst)
    for mod in ("extract.grammar", "extract.units", "extract.quantities"):
        __import__(mod)
    rules.load_yaml.cache_clear()
    rules.rx.cache_clear()
    yield dst
    rules.load_yaml.cache_clear()
    rules.rx.cache_clear()


def test_bad_regex_names_file_and_entry(rules_copy):
    path = rules_copy / "triggers.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("estimate: '预计", "estimate: '(预计"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"triggers.yaml: estimate"):
        rules.rx("triggers.yaml", "estimate")


def test_missing_entry(rules_copy):
    with pytest.raises(RuleError, match="missing entry nope"):
        rules.rx("triggers.yaml", "nope")


def test_every_rule_file_loads_and_compiles():
    from extract.grammar import pattern
    from extract.units import canonical, surface_units

    assert pattern().pattern
    for name in surface_units():
        assert canonical(name) is not None, name
    for key in ("estimate", "cumulative", "done", "pending", "underway", "progress_like"):
        assert rules.rx("triggers.yaml", key).pattern
