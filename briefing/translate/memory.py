"""A translation memory: earlier translations found again exactly or fuzzily, by block and by sentence."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from math import ceil

from rapidfuzz import fuzz, process

from briefing.cjk import CJK_LANGUAGES
from briefing.translate.model import Pair

CJK_LANGS = CJK_LANGUAGES
"""Primary language subtags written in CJK script; consulted only when the text itself has no letters."""

_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f"
_CJK_ANY = _HAN + "\u2e80-\u2fff\u3000-\u303f\u3100-\u33ff\ufe30-\ufe4f\uff00-\uffef"
_ASCII_PUNCT = r"!-/:-@\[-`{-~·"
_CJK_LETTER_RE = re.compile(f"[{_HAN}]+")
_CJK_ANY_RE = re.compile(f"[{_CJK_ANY}]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_TIGHT_SPACE_RE = re.compile(f" (?=[{_CJK_ANY}{_ASCII_PUNCT}])|(?<=[{_CJK_ANY}{_ASCII_PUNCT}]) ")

PUNCTUATION = {
    **dict.fromkeys("“”„‟«»「」『』〝〞〟″", '"'),
    **dict.fromkeys("‘’‚‛‹›′", "'"),
    **dict.fromkeys("‐‑‒–—―⸺⸻", "-"),
    **dict.fromkeys("〜", "~"),
    **dict.fromkeys("・•‧∙", "·"),
    "⋯": "...",
}
"""Marks `normalise` unifies after NFKC (which already makes ，；：（）！？ and fullwidth digits ASCII)."""
_PUNCT_RE = re.compile(f"[{re.escape(''.join(PUNCTUATION))}]")
_SPACE_RE = re.compile(r"\s*")

_END_RE = re.compile(r"[。！？；!?;.]+")
_CJK_TERMINATORS = frozenset("。！？；")
_CLOSERS = "”’\"')）\\]】》」』〉»"
_TAIL_RE = re.compile(f"(?:[{_CLOSERS}。！？；!?]|\\[\\^[^\\]\\s]+\\])*")
_OPENERS = "“‘\"'(（[《「『«*_"
_SPAN_RE = re.compile(
    r"`[^`\n]*`"
    r"|!?\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\([^()\n]*\)"
    r"|\*\*(?=\S).+?\*\*"
    r"|__(?=\S).+?__"
    r"|(?<!\*)\*(?=[^\s*])[^*]+?\*(?!\*)",
    re.S,
)
_SPAN_CLOSE_RE = re.compile(r"[*_`]*(?:\]?\([^()\n]*\))?[*_]*")
_ABBREV_RE = re.compile(r"(?<![A-Za-z.])[A-Za-z][A-Za-z.]*$")
TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "jr.", "sr.", "gen.", "gov.", "sen.", "rep."})
ABBREVIATIONS = TITLES | {"e.g.", "i.e.", "etc.", "vs.", "cf.", "viz.", "al.", "u.s.", "u.k.", "u.n.", "e.u.", "p.r.c."}
"""Latin abbreviations after which a full stop never ends a sentence."""
NUMBER_ABBREVIATIONS = frozenset({"no.", "nos.", "art.", "para.", "fig.", "p.", "pp.", "vol.", "ch.", "sec."})
"""Abbreviations that do not end a sentence when a number follows them ('No. 5')."""

_Spans = tuple[list[int], list[int]]


def _is_cjk_text(text: str, lang: str) -> bool:
    """True when the text is mostly CJK (more Han/kana/Hangul characters than Latin words), else by lang."""
    han = sum(map(len, _CJK_LETTER_RE.findall(text)))
    words = len(_LATIN_WORD_RE.findall(text))
    if han or words:
        return han >= words
    return re.split(r"[-_]", lang, maxsplit=1)[0].lower() in CJK_LANGS


def _markup_spans(text: str) -> _Spans:
    """Start and end offsets of the Markdown code spans, links and emphasis runs in text."""
    if not any(mark in text for mark in "*_[`"):
        return [], []
    found = [(match.start(), match.end()) for match in _SPAN_RE.finditer(text)]
    return [start for start, _ in found], [end for _, end in found]


def _close(text: str, pos: int, spans: _Spans) -> int | None:
    """Where a sentence stopping at pos ends (after closing quotes, footnote refs, markup); None inside markup."""
    while True:
        tail = _TAIL_RE.match(text, pos)
        pos = tail.end() if tail else pos
        index = bisect_left(spans[0], pos) - 1
        if index < 0 or pos >= spans[1][index]:
            return pos
        if _SPAN_CLOSE_RE.fullmatch(text, pos, spans[1][index]) is None:
            return None  # a span of emphasis, a link or code goes on past the stop
        pos = spans[1][index]


def _next_visible(text: str, pos: int) -> str:
    """The first character at or after pos that is neither whitespace nor an opening mark, or ''."""
    while pos < len(text) and (text[pos].isspace() or text[pos] in _OPENERS):
        pos += 1
    return text[pos] if pos < len(text) else ""


def _latin_end(text: str, run: re.Match[str], end: int) -> bool:
    """True when a Latin . ! ? run ends a sentence: space, then a capital, digit, opener or CJK follows."""
    if end >= len(text) or not text[end].isspace():
        return False
    space = _SPACE_RE.match(text, end)
    rest = text[space.end() : space.end() + 1] if space else ""
    if not rest or not (rest.isupper() or rest.isdigit() or rest in _OPENERS or _CJK_LETTER_RE.match(rest)):
        return False
    if run.group() != ".":
        return True
    word = _ABBREV_RE.search(text, max(0, run.start() - 12), run.start())
    abbreviation = word.group().lower() + "." if word else ""
    return abbreviation not in ABBREVIATIONS and not (abbreviation in NUMBER_ABBREVIATIONS and rest.isdigit())


def _sentence_end(text: str, run: re.Match[str], cjk: bool, spans: _Spans) -> int | None:
    """Where the sentence ending in this run of stops ends, or None if the run ends no sentence."""
    end = _close(text, run.end(), spans)
    if end is None:
        return None
    marks = run.group()
    if any(mark in _CJK_TERMINATORS for mark in marks):
        return end
    before = text[run.start() - 1] if run.start() else ""
    if cjk and (_CJK_LETTER_RE.match(before) or _CJK_LETTER_RE.match(_next_visible(text, end))):
        return end
    if marks.strip(";") and _latin_end(text, run, end):
        return end
    return None


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of text, each with the whitespace after it, so that ''.join(pieces) == text."""
    cjk = _is_cjk_text(text, lang)
    spans = _markup_spans(text)
    pieces: list[str] = []
    start = 0
    for run in _END_RE.finditer(text):
        if run.start() < start:
            continue
        end = _sentence_end(text, run, cjk, spans)
        if end is None:
            continue
        space = _SPACE_RE.match(text, end)
        stop = space.end() if space else end
        if stop >= len(text):
            break
        pieces.append(text[start:stop])
        start = stop
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def sentences(text: str, lang: str) -> list[str]:
    """The sentences of text without surrounding whitespace, blank ones left out."""
    return [piece.strip() for piece in split_sentences(text, lang) if piece.strip()]


def normalise(text: str) -> str:
    """The key sources match by: NFKC, PUNCTUATION unified, casefolded, spaces collapsed but none by CJK/punctuation."""
    folded = _PUNCT_RE.sub(lambda mark: PUNCTUATION[mark.group()], unicodedata.normalize("NFKC", text)).casefold()
    return _TIGHT_SPACE_RE.sub("", " ".join(folded.split()))


def join_targets(targets: Iterable[str]) -> str:
    """Targets of consecutive sentences as one text: a space between Latin ones, none after CJK."""
    joined = ""
    for target in (target.strip() for target in targets):
        cjk_seam = _CJK_ANY_RE.match(joined[-1:]) or _CJK_ANY_RE.match(target[:1])
        joined += target if not joined or cjk_seam else " " + target
    return joined


@dataclass(frozen=True)
class Match:
    """A memory entry offered for a source."""

    source: str  # the memory's source text as first seen, not the text looked up
    target: str
    origin: str  # a sentence pair's is its block's with ':s<n>' (1-based) added
    similarity: float = 100.0  # fuzz.ratio of the normalised sources; 100 when exact
    level: str = "block"  # 'block' or 'sentence': the kind of memory entry
    part: int | None = None  # in sentence-by-sentence lookups, the looked-up block's sentence (0-based)


@dataclass(frozen=True)
class Fill:
    """What the memory fills a block with: a target, and the matches it was made from."""

    target: str | None  # None when the memory cannot fill the whole block
    matches: tuple[Match, ...] = ()  # the block's match, or one per sentence in order; () when not filled

    @property
    def assembled(self) -> bool:
        """True when the target was put together from sentence matches."""
        return any(match.part is not None for match in self.matches)

    @property
    def note(self) -> str:
        """A remark for the translator saying where the fill came from, or ''."""
        if not self.matches:
            return ""
        origins = ", ".join(match.origin or "?" for match in self.matches)
        if self.assembled:
            return f"assembled from {len(self.matches)} sentences in memory: {origins}"
        return f"from memory: {origins}"


@dataclass(frozen=True)
class Variant:
    """One of the translations a source has in the memory."""

    target: str
    count: int
    origins: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """A source translated differently in different places; the first variant is the one kept."""

    source: str
    level: str
    variants: tuple[Variant, ...]

    @property
    def kept(self) -> str:
        """The target the memory uses: the most frequent, the first seen among equals."""
        return self.variants[0].target


_Votes = dict[str, list[tuple[str, str, str]]]


def _tally(votes: _Votes, level: str) -> tuple[dict[str, Match], list[Conflict]]:
    """One entry per key, the target most (then first) given among its (source, target, origin) votes."""
    entries: dict[str, Match] = {}
    conflicts: list[Conflict] = []
    for key, ballot in votes.items():
        groups: dict[str, tuple[str, list[str]]] = {}
        for _, target, origin in ballot:  # targets differing only in width or spacing are the same
            groups.setdefault(" ".join(unicodedata.normalize("NFKC", target).split()), (target, []))[1].append(origin)
        ranked = sorted(groups.values(), key=lambda group: -len(group[1]))
        entries[key] = Match(ballot[0][0], ranked[0][0], ranked[0][1][0], level=level)
        if len(ranked) > 1:
            variants = tuple(Variant(target, len(origins), tuple(origins)) for target, origins in ranked)
            conflicts.append(Conflict(ballot[0][0], level, variants))
    return entries, conflicts


@dataclass(frozen=True)
class _Index:
    """Memory entries sorted by key length, for fuzzy search within the lengths that can still match."""

    keys: list[str]
    lengths: list[int]
    matches: list[Match]
    postings: dict[str, list[int]] = field(default_factory=dict)  # character -> positions; on first search

    @classmethod
    def build(cls, entries: dict[str, Match]) -> _Index:
        """An index of the entries, keyed by normalised source."""
        ordered = sorted(entries.items(), key=lambda item: len(item[0]))
        return cls([key for key, _ in ordered], [len(key) for key, _ in ordered], [match for _, match in ordered])

    def window(self, length: int, threshold: float) -> tuple[int, int]:
        """Positions of the keys long enough and short enough to reach threshold against this length."""
        # fuzz.ratio <= 200 * min(a, b) / (a + b), so b lies within [a*t/(200-t), a*(200-t)/t].
        if threshold <= 0:
            return 0, len(self.keys)
        low = length * threshold / (200 - threshold)
        high = length * (200 - threshold) / threshold
        return bisect_left(self.lengths, low - 1e-9), bisect_right(self.lengths, high + 1e-9)

    def candidates(self, key: str, threshold: float, low: int, high: int) -> list[int]:
        """Positions in [low, high) that may reach threshold: those holding one of key's rarer characters."""
        # Prefix filtering: keys a, b with fuzz.ratio >= t share an LCS of m >= t(a+b)/200, so a's characters
        # counting more than a - m cannot all be missing from b. Lengths go in 15% bands, each with its least m.
        if not self.postings:
            self.postings.update(_postings(self.keys))
        counts = Counter(key)
        rare = sorted(counts, key=lambda char: len(self.postings.get(char, ())))
        found: set[int] = set()
        while low < high:
            stop = min(high, bisect_right(self.lengths, self.lengths[low] * 1.15))
            need = len(key) - ceil(threshold * (len(key) + self.lengths[low]) / 200 - 1e-6) + 1
            if need > len(key):
                found.update(range(low, stop))
            for char in rare if need <= len(key) else ():
                if need <= 0:
                    break
                posting = self.postings.get(char, [])
                found.update(posting[bisect_left(posting, low) : bisect_left(posting, stop)])
                need -= counts[char]
            low = stop
        return sorted(found)

    def search(self, key: str, threshold: float, limit: int) -> list[Match]:
        """Entries within threshold of key, best first, the exact one (same key) left out."""
        low, high = self.window(len(key), threshold)
        if not key or low >= high:
            return []
        positions = self.candidates(key, threshold, low, high)
        choices = [self.keys[position] for position in positions]
        hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit + 1)
        found = [replace(self.matches[positions[i]], similarity=score) for choice, score, i in hits if choice != key]
        return found[:limit]


def _postings(keys: list[str]) -> dict[str, list[int]]:
    """For each character, the positions of the keys that hold it, ascending."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for position, key in enumerate(keys):
        for char in set(key):
            postings[char].append(position)
    return postings


@dataclass(frozen=True, eq=False)
class Memory:
    """Block and sentence pairs keyed by normalised source, with the conflicts met while building."""

    blocks: dict[str, Match]
    sentences: dict[str, Match]
    conflicts: tuple[Conflict, ...] = ()
    source_lang: str = "zh"
    target_lang: str = "en"
    _block_index: _Index = field(init=False, repr=False)
    _any_index: _Index = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_block_index", _Index.build(self.blocks))
        object.__setattr__(self, "_any_index", _Index.build({**self.sentences, **self.blocks}))

    @classmethod
    def from_pairs(
        cls,
        pairs: Iterable[Pair],
        source_lang: str = "zh",
        target_lang: str = "en",
        known: dict[str, list[str]] | None = None,
    ) -> Memory:
        """A memory of the pairs, plus their sentence pairs where source and target have as many sentences.

        `known` holds texts already split into sentences (by an earlier memory) and receives the new ones.
        """
        known = known if known is not None else {}

        def split(text: str, lang: str) -> list[str]:
            found = known.get(text)
            if found is None:
                found = known[text] = sentences(text, lang)
            return found

        block_votes: _Votes = {}
        sentence_votes: _Votes = {}
        for pair in pairs:
            key = normalise(pair.source)
            if not key or not pair.target.strip():
                continue
            block_votes.setdefault(key, []).append((pair.source.strip(), pair.target.strip(), pair.origin))
            source_parts = split(pair.source, source_lang)
            target_parts = split(pair.target, target_lang) if len(source_parts) > 1 else []
            if len(source_parts) != len(target_parts):
                continue
            for index, (source, target) in enumerate(zip(source_parts, target_parts, strict=True)):
                vote = (source, target, f"{pair.origin}:s{index + 1}".lstrip(":"))
                sentence_votes.setdefault(normalise(source), []).append(vote)
        blocks, block_conflicts = _tally(block_votes, "block")
        sentence_entries, sentence_conflicts = _tally(sentence_votes, "sentence")
        conflicts = tuple(block_conflicts + sentence_conflicts)
        return cls(blocks, sentence_entries, conflicts, source_lang, target_lang)

    def __len__(self) -> int:
        return len(self.blocks) + len(self.sentences)

    def exact(self, source: str) -> Match | None:
        """The block or, failing that, sentence entry whose normalised source equals source's."""
        key = normalise(source)
        return self.blocks.get(key) or self.sentences.get(key)

    def fill(self, source_block: str) -> Fill:
        """The block's translation: its exact match, else its sentences' exact matches joined, else none."""
        whole = self.exact(source_block)
        if whole is not None:
            return Fill(whole.target, (whole,))
        parts = sentences(source_block, self.source_lang)
        matches: list[Match] = []
        for index, part in enumerate(parts):
            match = self.exact(part)
            if match is None:
                return Fill(None)
            matches.append(replace(match, part=index))
        if not matches:
            return Fill(None)
        return Fill(join_targets(match.target for match in matches), tuple(matches))

    def fuzzy(self, source: str, threshold: float = 75.0, limit: int = 3) -> list[Match]:
        """Near matches, exact ones left out: blocks best first, else by sentence (`part`) in order, best first."""
        # Sentences with an exact match are skipped: fill() uses those.
        found = self._block_index.search(normalise(source), threshold, limit)
        if found:
            return found
        for index, part in enumerate(sentences(source, self.source_lang)):
            key = normalise(part)
            if key in self.blocks or key in self.sentences:
                continue
            hits = self._any_index.search(key, threshold, limit)
            found.extend(replace(hit, part=index) for hit in hits)
        return found
