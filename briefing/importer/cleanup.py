"""Clean-up of pasted text: line endings, page chrome, page numbers, spaces left by line wraps, punctuation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..cjk import is_cjk
from ..reading import CONTROL

CHROME_LINES: tuple[str, ...] = (
    "购物车",
    "我的足迹",
    "加入Vip免费下载",
    "立即下载",
    "免费下载",
    "下载文档",
    "开通VIP",
    "会员免费下载",
    "展开阅读全文",
    "阅读全文",
    "继续阅读",
    "相关文档",
    "猜你喜欢",
    "收藏",
    "分享",
    "举报",
    "登录",
    "注册",
    "上一页",
    "下一页",
    "返回顶部",
    "扫码下载",
)
"""Lines of web-page chrome dropped from pasted text (`--drop-line` adds more).

A line is chrome when it is one of these, or several of them separated by spaces
(as in `加入Vip免费下载 立即下载`); letter case does not matter.
"""

SENTENCE_END = "\u3002\uff01\uff1f!?"
"""Marks that end a sentence, Chinese and ASCII (the bundled speech uses both)."""

PARAGRAPH_END = SENTENCE_END + "\uff1a:…"
"""Marks a paragraph may end with: sentence ends, the colon of 同志们:, an ellipsis."""

CLOSERS = "”’」』\uff09》】\"')"
"""Closing quotes and brackets that may follow a sentence-final mark."""

_PAGE_NUMBER = re.compile(
    r"(?:[-–—·]\s*)?\d{1,3}(?:\s*[-–—·])?"
    r"|第\s*\d{1,3}\s*页(?:\s*[,\uff0c/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}"
    r"|page\s*\d{1,3}(?:\s*of\s*\d{1,3})?",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_FULL_WIDTH = {",": "\uff0c", ":": "\uff1a", ";": "\uff1b", "!": "\uff01", "?": "\uff1f", "(": "\uff08", ")": "\uff09"}


def normalise_text(text: str) -> str:
    """Drop a leading BOM and control characters; turn CRLF and CR line ends, form and line feeds into LF."""
    text = text.removeprefix("\ufeff").replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    # A section file may hold no control character (the build refuses one): Word and PDF copies carry some.
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def is_page_number(text: str) -> bool:
    """True for a bare page number: '12', '- 3 -', '第 3 页', '3/12', 'Page 3'."""
    return _PAGE_NUMBER.fullmatch(text.strip()) is not None


def make_chrome(extra: Iterable[str] = ()) -> frozenset[str]:
    """The chrome lines to drop: the documented list plus the user's, case-folded."""
    return frozenset(item.strip().casefold() for item in (*CHROME_LINES, *extra) if item.strip())


def is_chrome(text: str, chrome: frozenset[str]) -> bool:
    """True when a line is nothing but page chrome."""
    stripped = text.strip().casefold()
    if not stripped:
        return False
    return stripped in chrome or all(word in chrome for word in stripped.split())


def is_text_cjk(char: str) -> bool:
    """A CJK character that is not a space (the ideographic space is CJK but blank)."""
    return is_cjk(char) and not char.isspace()


def is_punctuation(char: str) -> bool:
    """Any Unicode punctuation mark, ASCII or full-width."""
    return unicodedata.category(char).startswith("P")


def is_tight(before: str, after: str) -> bool:
    """True when a space between these two characters can only be debris of a line wrap."""
    if not before or not after:
        return False
    if is_text_cjk(before):
        return is_text_cjk(after) or is_punctuation(after)
    return is_text_cjk(after) and is_punctuation(before)


def remove_wrap_spaces(text: str) -> str:
    """Remove spaces between Chinese characters, or a Chinese character and punctuation; keep the rest."""

    def replace(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return "" if is_tight(before, after) else match.group()

    return _SPACES.sub(replace, text)


def find_wrap_space(text: str) -> str | None:
    """The first space `remove_wrap_spaces` would remove, with the character either side; None when there is none."""
    for match in _SPACES.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if is_tight(before, after):
            return before + match.group() + after
    return None


def join_wrapped(first: str, second: str) -> str:
    """Join two pieces of one paragraph split by a line wrap: no space next to Chinese text."""
    if not first or not second:
        return first + second
    if is_text_cjk(first[-1]) or is_text_cjk(second[0]):
        return first + second
    return f"{first} {second}"


def to_full_width(text: str) -> str:
    """Turn ASCII , : ; ! ? ( ) next to a Chinese character, or next to one just turned, into full-width forms.

    A run such as `明显!)` turns whole (`明显！）`): each pass turns the marks beside those turned before.
    """
    chars = list(text)
    changed = True
    while changed:
        changed = False
        for index, char in enumerate(chars):
            if char not in _FULL_WIDTH:
                continue
            before = chars[index - 1] if index else ""
            after = chars[index + 1] if index + 1 < len(chars) else ""
            if (before and is_text_cjk(before)) or (after and is_text_cjk(after)):
                chars[index] = _FULL_WIDTH[char]
                changed = True
    return "".join(chars)


def display_width(text: str) -> int:
    """Width on screen or paper: wide (CJK) characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def strip_closers(text: str) -> str:
    """The text without closing quotes and brackets at its end."""
    return text.rstrip(CLOSERS)


def ends_sentence(text: str) -> bool:
    """True when the text ends with a sentence-final mark, possibly followed by closing quotes."""
    core = strip_closers(text)
    return bool(core) and core[-1] in SENTENCE_END


def ends_complete(text: str) -> bool:
    """True when a speech ending with this text did not break off (a sentence end or an ellipsis)."""
    core = strip_closers(text.rstrip())
    return bool(core) and (core[-1] in SENTENCE_END or core.endswith("…"))


CLOSING_WORDS = ("奋斗", "贡献", "篇章", "谢谢", "大家", "胜利", "局面", "成效", "业绩", "成就", "辉煌", "努力", "前进")
"""Words a speech's last sentence ends with (…而努力奋斗, 谢谢大家): such an ending lacks only its mark."""

_DANGLING = "和与及或并把被对向从在为以将跟同给让使的之等"
"""Characters no sentence ends with: a text stopping on one broke off."""

_PAUSES = ",\uff0c、;\uff1b:\uff1a"
_OPENERS = "“‘「『(\uff08《【"


def stops_mid_sentence(text: str) -> bool:
    """True when a text whose last paragraph is `text` broke off mid-sentence.

    It did when the paragraph ends in a pause mark, an opening quote or bracket, or a word no
    sentence ends with (和, 的, 对…), or when its unfinished last sentence runs over several
    clauses and does not end as speeches end (…奋斗, …贡献, 谢谢大家). A short last clause, a
    closing appeal or a signature that lacks only its final mark is complete.
    """
    if ends_complete(text):
        return False
    core = strip_closers(text.rstrip())
    if not core or core[-1] in _PAUSES + _OPENERS + _DANGLING:
        return bool(core)
    last = re.split(f"[{SENTENCE_END}]", core)[-1]
    if last.count("“") > last.count("”") or last.count("\uff08") + last.count("(") > last.count("\uff09") + last.count(
        ")"
    ):
        return True
    return any(mark in last for mark in _PAUSES) and not core.endswith(CLOSING_WORDS)
