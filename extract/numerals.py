"""Numerals to numbers, read whole or not at all: 十 -> 10, 两 -> 2, 一千二百 -> 1200, 一千三 -> 1300,
零点五 -> 0.5, 3万5千 -> 35000, 1,200.5 -> 1200.5, 负13.5 -> -13.5. The grammar only lets well-formed
numerals through; parse_numeral checks them again and returns None for anything it cannot read
with certainty (two digits side by side, place words out of order), so that no part of a longer
numeral is ever read as a number of its own."""
from __future__ import annotations

import functools
import math

from .rules import RuleError, load_yaml

_WHERE = "quantities/numerals.yaml"


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    data = load_yaml(_WHERE)
    try:
        return dict(data["digits"]), dict(data["units"]), dict(data["sections"])
    except KeyError as exc:
        raise RuleError(f"{_WHERE}: missing {exc}") from None


@functools.lru_cache(maxsize=1)
def _extras() -> tuple[frozenset[str], str, frozenset[str]]:
    data = load_yaml(_WHERE)
    not_last = frozenset(data.get("not_last") or [])
    points = frozenset(data.get("point") or [])
    if not points:
        raise RuleError(f"{_WHERE}: missing point")
    return not_last, str(data.get("half", "半")), points


@functools.lru_cache(maxsize=1)
def char_classes() -> dict[str, str]:
    """The character classes the grammar is built from (rules/quantities/grammar.yaml names them)."""
    digits, units, sections = _tables()
    not_last, _, points = _extras()
    return {
        "cn_digit": "".join(digits),
        "cn_zero": "".join(c for c, v in digits.items() if v == 0),
        "cn_nonzero": "".join(c for c, v in digits.items() if v),
        "cn_last": "".join(c for c, v in digits.items() if v and c not in not_last),
        "cn_decimal_digit": "".join(c for c in digits if c not in not_last),
        "cn_ten": "".join(c for c, v in units.items() if v == 10),
        "cn_hundred": "".join(c for c, v in units.items() if v == 100),
        "cn_thousand": "".join(c for c, v in units.items() if v == 1000),
        # 兆 (10^12) closes a section only inside a numeral; the grammar writes that case itself
        "cn_section": "".join(c for c, v in sections.items() if v <= 10 ** 8),
        "cn_point": "".join(sorted(points)),
        # the characters before which no numeral starts (not the everyday-word ones: 队伍10余支)
        "cn_plain": "".join(c for c in [*digits, *units, *sections] if c not in in_words()),
    }


@functools.lru_cache(maxsize=1)
def numeral_chars() -> frozenset[str]:
    """Every character that can continue a numeral: digits, place words, section words."""
    digits, units, sections = _tables()
    return frozenset(digits) | frozenset(units) | frozenset(sections) | frozenset("0123456789")


@functools.lru_cache(maxsize=1)
def in_words() -> frozenset[str]:
    """Numeral characters that are everyday words too (伍 in 队伍, 参 in 参加): numerals only beside another."""
    return frozenset(load_yaml(_WHERE).get("in_words") or [])


def is_numeral_at(text: str, i: int) -> bool:
    """text[i] is a numeral character here: 伍 in 伍拾 is, in 队伍 or 伍仁 it is not."""
    if i < 0 or i >= len(text):
        return False
    c = text[i]
    if c not in numeral_chars():
        return False
    words = in_words()
    if c not in words:
        return True
    nums = numeral_chars()
    return (i > 0 and text[i - 1] in nums and text[i - 1] not in in_words()) or (
        i + 1 < len(text) and text[i + 1] in nums) or (i > 0 and text[i - 1] in nums and i > 1 and text[i - 2] in nums)


def _tokens(text: str):
    """('n', value, is_arabic) for a digit or an arabic run, ('p', place), ('s', section), ('z',) for 零."""
    digits, units, sections = _tables()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isascii() and ch.isdigit():
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isdigit() or text[j] in ",."):
                j += 1
            yield ("n", text[i:j], True)
            i = j
            continue
        if ch in digits:
            yield ("z",) if digits[ch] == 0 else ("n", digits[ch], False)
        elif ch in units:
            yield ("p", units[ch])
        elif ch in sections:
            yield ("s", sections[ch])
        else:
            yield ("?", ch)
        i += 1


def _arabic(run: str) -> float | None:
    if run.count(".") > 1 or run.endswith((".", ",")) or run.startswith(","):
        return None
    if "," in run:
        head, _, frac = run.partition(".")
        groups = head.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        run = head.replace(",", "") + ("." + frac if frac else "")
    return float(run)


def _integer(text: str) -> float | None:
    """A whole numeral of digits and place words (Chinese, arabic or mixed), or None."""
    not_last = _extras()[0]
    toks = list(_tokens(text))
    if not toks or any(t[0] == "?" for t in toks):
        return None
    if len(toks) == 1 and toks[0][0] == "n":
        tok = toks[0]
        return _arabic(tok[1]) if tok[2] else float(tok[1])
    if all(t[0] == "z" for t in toks):
        return 0.0 if len(toks) == 1 else None
    total = 0.0
    section = 0.0
    cur: float | None = None  # a digit waiting for its place word
    cur_arabic = False
    last_place = math.inf  # place words inside a section go down: 千 > 百 > 十
    last_section = math.inf
    after_zero = False
    prev = None  # kind of the previous token
    for n, tok in enumerate(toks):
        kind = tok[0]
        if kind == "n":
            if cur is not None:
                return None  # 三四, 二三十: two digits side by side are an approximation, not a number
            if tok[2]:
                value = _arabic(tok[1])
                if value is None or ("." in tok[1] and n != len(toks) - 1 and toks[n + 1][0] != "s"):
                    return None
                cur, cur_arabic = value, True
            else:
                cur, cur_arabic = float(tok[1]), False
        elif kind == "z":
            if cur is not None:
                return None  # 五零: positional digits
            after_zero = True
        elif kind == "p":
            place = tok[1]
            if place >= last_place:
                return None  # 一百千: place words out of order
            if cur is None and (prev is not None and prev != "s" and prev != "z"):
                return None
            section += (1.0 if cur is None else cur) * place
            last_place, cur, after_zero = place, None, False
        else:  # a section word closes the section: 一千二百万 = 1200 * 10^4
            big = tok[1]
            if cur is not None:
                section += cur
            if section == 0 and prev != "s":
                return None  # 万 alone is no number
            if prev == "s":  # 万万, 万亿: the words multiply
                total *= big
                last_section = big
            elif big < last_section:
                total += section * big
                last_section = big
            else:  # 一万五千亿 = 15000 * 10^8: everything so far is counted in the larger word
                total = (total + section) * big
                last_section = big
            section, cur, last_place, after_zero = 0.0, None, math.inf, False
        prev = kind
    if cur is not None:
        last = toks[-1]
        if prev == "n" and len(toks) > 1 and not after_zero and toks[-2][0] in "ps":
            # 一千三 = 1300, 一万三 = 13000: a last digit right after a place word is the next place down
            above = last_place if toks[-2][0] == "p" else last_section
            if cur_arabic:
                # 3万4000 = 34000 (all the places written); 1万5 could be 1.5万 or 10005: unsure
                if len(last[1]) != len(str(int(above))) - 1 or not last[1].isdigit():
                    return None
                section += cur
            elif _char_of(text, -1) in not_last:
                return None  # 三十两 is 30 + the unit 两
            elif above < 10:
                return None
            else:
                section += cur * above / 10
        else:
            if not cur_arabic and _char_of(text, -1) in not_last and len(toks) > 1:
                return None
            section += cur
    return total + section


def _char_of(text: str, i: int) -> str:
    return text[i] if text else ""


def parse_numeral(text: str) -> float | None:
    """Value of a whole numeral (signs, arabic, Chinese, mixed, 点 decimals), or None if unsure."""
    if not text:
        return None
    if text.isascii() and text.replace(".", "", 1).isdigit():
        return float(text)  # the common case: 2000, 1.5
    sign = 1.0
    if text[0] in "-−" or text[0] == "负":
        sign, text = -1.0, text[1:]
    if not text:
        return None
    if text[-1] in "kK" and text[:-1].replace(",", "").replace(".", "").isdigit():
        head = _arabic(text[:-1])  # 15k = 15000
        return None if head is None else sign * head * 1000
    _, _, points = _extras()
    point = next((p for p in points if p in text), None)
    if point is not None:
        whole, _, frac = text.partition(point)
        digits = _tables()[0]
        not_last = _extras()[0]
        if not frac or any(c not in digits or c in not_last for c in frac):
            return None
        head = _integer(whole)
        if head is None:
            return None
        value = head + float("0." + "".join(str(digits[c]) for c in frac))
    else:
        value = _integer(text)
    if value is None or not math.isfinite(value):
        return None
    return sign * value


def parse_chinese(text: str) -> float | None:
    """Value of a Chinese numeral string, or None if it is not one (kept for callers of the old name)."""
    return parse_numeral(text)


def denominator(text: str) -> float | None:
    """The denominator of a share written N分之: 百 -> 100, 千 -> 1000, 百万 -> 1e6, 万万 -> 1e8, 三 -> 3."""
    _, units, sections = _tables()
    if text and all(c in units or c in sections for c in text):
        value = 1.0
        for c in text:
            value *= units.get(c) or sections[c]
        return value
    value = parse_numeral(text)
    return value if value else None
