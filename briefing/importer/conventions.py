"""The markers of Chinese official speeches: parts, points, years, salutation; Chinese numerals."""

from __future__ import annotations

import re

from .cleanup import CLOSERS, SENTENCE_END

NUMERALS = "一二三四五六七八九十"
"""Chinese numerals used to number parts and points."""

PART = re.compile(rf"([{NUMERALS}]+)、\s*(\S.*)", re.DOTALL)
"""A part heading: 一、坚持…"""

YEAR = re.compile(r"((?:19|20)\d\d)年")
"""A year such as 2024年; at a paragraph's start it opens a review or outlook section."""

SALUTATION = re.compile(
    r"(?:同志们|朋友们|各位[^,\uff0c:\uff1a;\uff1b。!\uff01?\uff1f]{1,20}?|尊敬的[^,\uff0c:\uff1a;\uff1b。!\uff01?\uff1f]{1,30}?)"
    r"[,\uff0c:\uff1a!\uff01]"
)
"""The address that opens a speech: 同志们: 各位代表、同志们:"""

POINTS = (
    ("yao", re.compile(rf"([{NUMERALS}]+)要")),
    ("shi", re.compile(rf"([{NUMERALS}]+)是")),
    ("paren", re.compile(rf"[(\uff08]([{NUMERALS}]+)[)\uff09]")),
    ("di", re.compile(rf"第([{NUMERALS}]+)[,\uff0c、:\uff1a]")),
)
"""Numbered points by family: 一要…, 一是…, (一)…, 第一,…"""

SUB_POINT = re.compile(rf"要[^,\uff0c、;\uff1b:\uff1a{SENTENCE_END}]{{1,27}}[{SENTENCE_END}][{re.escape(CLOSERS)}]*")
"""Inside a 一要 point, a short sentence such as 要在…上下功夫。 is a sub-point."""

_SENTENCE = re.compile(rf".*?[{SENTENCE_END}][{re.escape(CLOSERS)}]*|.+", re.DOTALL)


def numeral_value(numeral: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23; None for anything else."""
    if not numeral or any(char not in NUMERALS for char in numeral):
        return None
    tens, ten, ones = numeral.partition("十")
    if not ten:
        return NUMERALS.index(numeral) + 1 if len(numeral) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or ones == "十":
        return None
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(ones) + 1 if ones else 0)


def chinese_numeral(value: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三 (1 to 99); other numbers as digits."""
    if not 1 <= value <= 99:
        return str(value)
    tens, ones = divmod(value, 10)
    text = ("" if tens < 2 else NUMERALS[tens - 1]) + ("十" if tens else "")
    return text + (NUMERALS[ones - 1] if ones else "")


def point_marker(sentence: str) -> tuple[str, int] | None:
    """The family and number of a point marker at the start of a sentence, e.g. ('yao', 2) for 二要."""
    for family, pattern in POINTS:
        match = pattern.match(sentence)
        if match:
            value = numeral_value(match.group(1))
            return (family, value) if value else None
    return None


def part_heading(text: str) -> tuple[str, int, str] | None:
    """(label, number, rest) of a part heading such as 一、坚持…; None for other text."""
    match = PART.match(text)
    if not match:
        return None
    value = numeral_value(match.group(1))
    return (f"{match.group(1)}、", value, match.group(2).strip()) if value else None


def opening_year(text: str) -> int | None:
    """The year a paragraph opens with (2023年,…), or None."""
    match = YEAR.match(text)
    return int(match.group(1)) if match else None


def starts_block(text: str) -> bool:
    """True when text starts with a marker that always begins a paragraph: part, point, year, salutation."""
    return bool(part_heading(text) or point_marker(text) or YEAR.match(text) or SALUTATION.match(text))


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, each with its final mark; joined they give the text back."""
    return _SENTENCE.findall(text)
