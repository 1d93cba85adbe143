"""Page furniture: chrome, page numbers, running headers and footers, site notices after the text, title copies.

Furniture is found by what it is and where it sits, not by a list alone: a short line that
recurs on three or more pages (digits aside, so page numbers and counts may differ) is a
running header or footer; `<title> 第N页 共M页` is one even inside a line or squashed by the
removal of wrap spaces; after the text's last line, site notices (upload, copyright and
takedown notices, sources) and a list of related documents are dropped. Every dropped piece is
returned as a Change, so nothing disappears unseen.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence

from .cleanup import PARAGRAPH_END, display_width, is_chrome, is_page_number
from .conventions import SALUTATION, part_heading, point_marker
from .model import Change, Paragraph, SourceLine

PAGE_COUNT = re.compile(r"第\s*\d{1,4}\s*页\s*[,\uff0c/、]?\s*共\s*\d{1,4}\s*页")
"""A page count of a running header or footer: 第3页 共15页, 第 3 页，共 15 页, 第3页共15页."""

INLINE_PAGE_MARK = re.compile(r"(?<=\s)[-–—]\s?\d{1,3}\s?[-–—](?=\s|$)")
"""A page number `- 3 -` between two spaces inside a line: the page break of a flattened page."""

NOTICE = re.compile(
    r"本文档|本文由|本资料|用户上传|上传(?:者|用户|时间)|版权(?:归|所有|声明)|如有侵权|侵权(?:请|必究|联系)"
    r"|(?:联系|请|予以|立即)删除|免责声明|仅供(?:参考|学习|交流|个人)|不代表本站|本站|原文(?:链接|地址)|文章来源"
    r"|来源[:\uff1a]|责任编辑|(?:禁止|严禁|谢绝|欢迎)转载|转载(?:请|须|需|自|于)|下载(?:文档|全文|后|券)"
    r"|文档(?:格式|页数|大小)"
)
"""Words of a site notice after a text: upload, copyright and takedown notices, sources, download terms."""

RELATED = re.compile(r"(?:相关|推荐|热门|更多|其他)(?:文档|阅读|推荐|文章|资料|范文)|猜你喜欢|大家都在看")
"""The heading of a list of related documents at the foot of a page."""

RECURS = 3
"""A short line that recurs this many times, at least a few lines apart, is a running header or footer."""

HEADER_WIDTH = 60
"""Running headers and footers are at most this wide (Chinese characters counting 2)."""

_PAGE_GAP = 8
_LIST_WIDTH = 80


def drop_furniture(lines: Sequence[SourceLine], chrome: frozenset[str]) -> tuple[list[SourceLine], list[Change]]:
    """The lines without page furniture, and a Change for every line or fragment dropped."""
    title = _first_text(lines, chrome)
    # The tail first: a list of related documents is found by its heading, which is also chrome.
    body, changes = _drop_tail(list(lines), chrome)
    kept: list[SourceLine] = []
    for line in body:
        reason = _furniture(line.text, chrome)
        text, fragments = (line.text, []) if reason else cut_page_counts(line.text, title)
        if reason or (fragments and not text.strip()):
            changes.append(
                Change("dropped", line.line, line.text.strip(), reason or "running header with a page count")
            )
            continue
        changes += [Change("dropped", line.line, piece, "running header with a page count") for piece in fragments]
        kept.append(line if text == line.text else SourceLine(text, line.line, line.role))
    kept, running = _drop_running(kept, title)
    return kept, sorted([*changes, *running], key=lambda change: change.line)


def _furniture(text: str, chrome: frozenset[str]) -> str | None:
    """Why a whole line is furniture by itself, or None."""
    if is_chrome(text, chrome):
        return "web-page chrome"
    if is_page_number(text):
        return "page number"
    return None


def _first_text(lines: Sequence[SourceLine], chrome: frozenset[str]) -> str | None:
    """The first line of text that is not furniture: the title, when the text has one."""
    for line in lines:
        if line.text.strip() and not _furniture(line.text, chrome):
            text = PAGE_COUNT.split(line.text)[0].strip()
            return text if text and display_width(text) <= HEADER_WIDTH else None
    return None


def cut_page_counts(text: str, title: str | None) -> tuple[str, list[str]]:
    """The text without `<title> 第N页 共M页` headers and `- N -` page marks between spaces (a flattened page's),
    and the pieces cut (the title only when right before the count)."""
    pieces = [match.group().strip() for match in INLINE_PAGE_MARK.finditer(text)]
    if pieces:
        text = INLINE_PAGE_MARK.sub(" ", text)
    while match := PAGE_COUNT.search(text):
        start = match.start()
        before = text[:start]
        header = _header_before(before, title)
        if header is None:
            # A line that is nothing but a short header and its count: the header goes with it.
            short = not before.strip() or (display_width(before.strip()) <= HEADER_WIDTH and not _has_mark(before))
            header = before if short and not text[match.end() :].strip() else ""
        start -= len(header)
        pieces.append(text[start : match.end()].strip())
        text = _glue(text[:start], text[match.end() :])
    return text, pieces


def _header_before(before: str, title: str | None) -> str | None:
    """The copy of the title (and spaces) that ends `before`, or None."""
    if not title:
        return None
    compact = re.sub(r"\s+", "", title)
    pattern = r"\s*".join(re.escape(char) for char in compact) + r"\s*$"
    match = re.search(pattern, before)
    return before[match.start() :] if match else None


def _glue(before: str, after: str) -> str:
    """Two pieces of a line around a cut: a single space between them, none at the ends."""
    if before.strip() and after.strip():
        return f"{before.rstrip()} {after.lstrip()}"
    return before.rstrip() + after.lstrip() if before.strip() else after.lstrip()


def _has_mark(text: str) -> bool:
    return any(char in PARAGRAPH_END + ",\uff0c;\uff1b" for char in text)


def header_key(text: str) -> str:
    """A line as a running header compares: without spaces, every number the same."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def running_headers(texts: Sequence[str | None], title: str | None, gap: int = _PAGE_GAP) -> dict[int, str]:
    """Indexes of the texts that are running headers or footers, with the reason: short lines without
    punctuation recurring RECURS times or more at page-like intervals, each `gap` or more places apart (None
    stands for a line that cannot be one)."""
    places: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        if text is not None and _may_be_header(text):
            places[header_key(text)].append(index)
    title_key = header_key(title) if title else None
    found: dict[int, str] = {}
    for key, indexes in places.items():
        if key == title_key:
            indexes = indexes[1:]
        gaps = [b - a for a, b in itertools.pairwise(indexes)]
        if len(indexes) + (key == title_key) >= RECURS and _page_like(gaps, gap):
            for index in indexes:
                found[index] = f"running header or footer, on {len(places[key])} pages"
    return found


def _page_like(gaps: Sequence[int], least: int) -> bool:
    """True for the gaps between a header's places when they are pages: `least` or more, and even (a page
    without its header doubles one, so no gap is over 2.5 times the shortest)."""
    return not gaps or (min(gaps) >= least and max(gaps) <= 2.5 * min(gaps))


def _drop_running(lines: list[SourceLine], title: str | None) -> tuple[list[SourceLine], list[Change]]:
    """Drop short lines that recur at page-like intervals; the title's own first line stays."""
    drop = running_headers([line.text if line.role is None else None for line in lines], title)
    changes = [Change("dropped", lines[i].line, lines[i].text.strip(), reason) for i, reason in sorted(drop.items())]
    return [line for index, line in enumerate(lines) if index not in drop], changes


def furniture_reason(text: str, chrome: frozenset[str], last: bool = False) -> str | None:
    """What a block of a hand-made file is when it is page furniture the importer drops, or None.

    `last` marks a file's last block, where a site notice would sit.
    """
    reason = _furniture(text, chrome)
    if reason is None and PAGE_COUNT.search(text) and not cut_page_counts(text, None)[0].strip():
        reason = "running header with a page count"
    if reason is None and last and text.strip() and _is_notice(text):
        reason = "site notice after the text"
    return reason


def _may_be_header(text: str) -> bool:
    """A short line that is no heading, salutation or piece of a sentence: what a running header looks like."""
    text = text.strip()
    return (
        bool(text)
        and display_width(text) <= HEADER_WIDTH
        and not _has_mark(text)
        and not (part_heading(text) or point_marker(text) or SALUTATION.match(text))
    )


def _drop_tail(lines: list[SourceLine], chrome: frozenset[str]) -> tuple[list[SourceLine], list[Change]]:
    """Drop site notices after the text's last line, chrome and page numbers among them, and a list of related
    documents with its heading."""
    end = len(lines)
    for index in range(len(lines) - 1, len(lines) // 2, -1):
        text = lines[index].text.strip()
        if RELATED.search(text) and display_width(text) <= 20:
            following = [line.text.strip() for line in lines[index + 1 :]]
            if all(display_width(item) <= _LIST_WIDTH for item in following):
                end = index
            break
    changes = [_tail_change(line, "a list of related documents after the text") for line in lines[end:]]
    while end and (_is_notice(lines[end - 1].text) or _furniture(lines[end - 1].text, chrome)):
        end -= 1
        if lines[end].text.strip():
            reason = _furniture(lines[end].text, chrome) or "site notice after the text"
            changes.append(_tail_change(lines[end], reason))
    return lines[:end], [change for change in changes if change.text]


def _is_notice(text: str) -> bool:
    """A blank line or a site notice, as found after a text: short, as notices are; a paragraph that names
    侵权 or 本站 is the text's own."""
    text = text.strip()
    return not text or (NOTICE.search(text) is not None and display_width(text) <= 2 * HEADER_WIDTH)


def _tail_change(line: SourceLine, reason: str) -> Change:
    return Change("dropped", line.line, line.text.strip(), reason)


def drop_title_copies(paragraphs: Sequence[Paragraph]) -> tuple[list[Paragraph], list[Change]]:
    """Drop paragraphs that repeat the title further down (a page heading right after it is structure's)."""
    if not paragraphs or not _is_title_like(paragraphs[0]):
        return list(paragraphs), []
    key = header_key(paragraphs[0].text)
    kept = list(paragraphs[:2])
    changes = []
    for paragraph in paragraphs[2:]:
        if paragraph.role in (None, "title") and header_key(paragraph.text) == key:
            changes.append(Change("dropped", paragraph.line, paragraph.text, "repeats the title"))
        else:
            kept.append(paragraph)
    return kept, changes


def _is_title_like(paragraph: Paragraph) -> bool:
    text = paragraph.text
    return paragraph.role in (None, "title") and display_width(text) <= 100 and text[-1] not in PARAGRAPH_END
