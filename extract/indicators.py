"""Indicator text and similarity: jieba tokens plus the synonyms of rules/lexicon.yaml."""
from __future__ import annotations

import functools
import logging

import jieba
import regex

from .rules import RULES

jieba.setLogLevel(logging.WARNING)
_HAN = regex.compile(r"\p{Han}")
_PUNCT = regex.compile(r"[\p{P}\s\d.%]+")
# a tokenizer of our own: the lexicon's words are added to it, not to jieba's shared default one
_TOKENIZER = jieba.Tokenizer()


@functools.lru_cache(maxsize=1)
def _init() -> dict[str, int]:
    lex = RULES.lexicon
    for word in lex.words:
        _TOKENIZER.add_word(str(word), freq=200000)
    groups: dict[str, int] = {}
    for i, group in enumerate(lex.synonyms):
        for word in group:
            _TOKENIZER.add_word(str(word), freq=200000)
            groups[str(word)] = i
    return groups


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(RULES.lexicon.stopwords)


def clean_indicator(text: str) -> str:
    strip = RULES.lexicon.strip
    prev = None
    while prev != text:
        prev, text = text, strip.sub("", text.strip())
    return text.strip(" ,;:、。()")


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> frozenset[str]:
    groups = _init()
    out = set()
    for tok in _TOKENIZER.lcut(_PUNCT.sub(" ", text)):
        tok = tok.strip()
        if len(tok) < 2 and not _HAN.match(tok or "a"):
            continue
        if tok:
            out.add(f"~{groups[tok]}" if tok in groups else tok)
    stop = _stopwords()
    if out - stop:
        out -= stop
    # 10亿元以上项目 and 亿元以上项目 name different things: keep the sizing amount as a token
    return frozenset(out | amounts(text))


def amounts(text: str) -> frozenset[str]:
    """The sizing amounts a text names: 10亿元以上项目 -> {#10亿}."""
    found = RULES.lexicon.sizing_amount.finditer(text)
    return frozenset(f"#{m.group('n') or '1'}{m.group('mult')}" for m in found)


@functools.lru_cache(maxsize=1)
def _stop_rx() -> regex.Pattern:
    words = sorted(_stopwords(), key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, words))) if words else regex.compile(r"(?!)")


@functools.lru_cache(maxsize=16384)
def _bigrams(text: str) -> frozenset[str]:
    parts = _PUNCT.split(_stop_rx().sub(" ", text))
    return frozenset(p[i:i + 2] for p in parts for i in range(len(p) - 1))


@functools.lru_cache(maxsize=65536)
def similarity(indicator: str, context: str) -> float:
    """How much of the indicator the context mentions: 0..1 (token overlap, bigram overlap as fallback)."""
    if not indicator or not context:
        return 0.0
    a, b = tokens(indicator), tokens(context)
    multi = {t for t in a if len(t) > 1 or t.startswith("~")}
    tok = len(multi & b) / len(multi) if multi else 0.0
    ba, bb = _bigrams(indicator), _bigrams(context)
    big = len(ba & bb) / len(ba) if ba else 0.0
    return max(tok, big)
