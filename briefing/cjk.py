"""Chinese-aware text rules: what counts as CJK, emphasis that works next to CJK punctuation."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

CJK_LANGUAGES = frozenset({"zh", "ja", "ko", "yue", "wuu", "cmn", "lzh", "hak", "nan", "gan", "hsn"})
"""Primary language subtags of languages written in CJK scripts, without spaces between words."""

# Emoji blocks are East Asian Wide but are not CJK text.
_EMOJI_RANGES = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF))


@lru_cache(maxsize=4096)
def is_cjk(char: str) -> bool:
    """True for Han, kana, Hangul and full-width characters, CJK punctuation included."""
    code = ord(char)
    if any(low <= code <= high for low, high in _EMOJI_RANGES):
        return False
    if 0x1100 <= code <= 0x11FF or 0xAC00 <= code <= 0xD7AF or 0x3130 <= code <= 0x318F:
        return True
    return unicodedata.east_asian_width(char) in ("W", "F", "H")


def _is_punct(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def scan_delims(src: str, start: int, end: int, can_split_word: bool) -> tuple[bool, bool, int]:
    """Flanking rules of CommonMark, amended so CJK text beside a delimiter counts as a letter.

    CommonMark leaves `**加强。**后文` literal because the closing run sits between
    punctuation and a letter. Following the CJK-friendly amendment, punctuation
    only blocks flanking when it is not CJK, and a CJK neighbour on the outside
    lets non-CJK punctuation such as “ or ” sit inside the run.
    """
    marker = src[start]
    pos = start
    while pos < end and src[pos] == marker:
        pos += 1
    last = src[start - 1] if start > 0 else " "
    nxt = src[pos] if pos < end else " "

    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    last_punct, next_punct = _is_punct(last), _is_punct(nxt)
    last_cjk, next_cjk = is_cjk(last), is_cjk(nxt)
    last_plain_punct = last_punct and not last_cjk
    next_plain_punct = next_punct and not next_cjk

    left = not next_space and (not next_plain_punct or last_space or last_plain_punct or last_cjk)
    right = not last_space and (not last_plain_punct or next_space or next_plain_punct or next_cjk)
    can_open = left and (can_split_word or not right or last_punct)
    can_close = right and (can_split_word or not left or next_punct)
    return can_open, can_close, pos - start


def _emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with CJK-aware flanking."""
    marker = state.src[state.pos]
    if silent or marker not in ("_", "*"):
        return False
    can_open, can_close, length = scan_delims(state.src, state.pos, state.posMax, marker == "*")
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=length,
                token=len(state.tokens) - 1,
                end=-1,
                open=can_open,
                close=can_close,
            )
        )
    state.pos += length
    return True


def cjk_emphasis_plugin(md: MarkdownIt) -> None:
    """Make `*` and `**` work in Chinese text, as Chinese authors write them."""
    md.inline.ruler.at("emphasis", _emphasis)


_CURLY_QUOTES = "“”‘’"
"""Quotation marks Chinese and English text share: a line break beside them is judged by the text beyond them."""


def joins_without_space(before: str, after: str) -> bool:
    """True when a line break between these texts should vanish: the characters on either side are CJK,
    looking past curly quotation marks (。 then “一老一小”, say, but not 共同富裕 then “common prosperity”)."""
    last, first = before.rstrip(_CURLY_QUOTES), after.lstrip(_CURLY_QUOTES)
    return bool(last) and bool(first) and is_cjk(last[-1]) and is_cjk(first[0])
