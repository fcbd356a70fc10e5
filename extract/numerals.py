"""Chinese numerals to numbers: 十 -> 10, 两 -> 2, 一千二百 -> 1200, 三十五 -> 35, 1.5万 handled by the grammar."""
from __future__ import annotations

import functools

from .rules import RuleError, load_yaml


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    data = load_yaml("quantities/numerals.yaml")
    try:
        return dict(data["digits"]), dict(data["units"]), dict(data["sections"])
    except KeyError as exc:
        raise RuleError(f"quantities/numerals.yaml: missing {exc}") from None


def digit_chars() -> str:
    return "".join(_tables()[0])


def parse_chinese(text: str) -> float | None:
    """Value of a Chinese numeral string, or None if it is not one.

    Digits written positionally (二〇二三) read as digits; otherwise place values apply.
    """
    digits, units, sections = _tables()
    if not text or any(c not in digits and c not in units and c not in sections for c in text):
        return None
    if all(c in digits for c in text) and len(text) > 1:
        return float("".join(str(digits[c]) for c in text))
    total = 0.0
    section = 0.0
    current = None
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in units:
            section += (1 if current is None else current) * units[ch]
            current = None
        else:  # 万 / 亿 close a section: 一亿二千万 = 1e8 + 2000e4, 一万亿 = 1e12
            section += current or 0
            if sections[ch] > 10000:
                total = (total + (section or (0 if total else 1))) * sections[ch]
            else:
                total += (section or 1) * sections[ch]
            section, current = 0.0, None
    return total + section + (current or 0)
