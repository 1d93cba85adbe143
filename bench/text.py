"""Vocabulary read from the bundled speech, and seeded sentences in Chinese and English built from it."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

_CLAUSE_END = re.compile(r"[,\uff0c。;\uff1b:\uff1a!\uff01?\uff1f、]")
_MARKUP = re.compile(r"\*\*|\[\^[^\]]*\]|\{#[^}]*\}|^#+\s*|^[-*]\s+|^\d+\.\s+")
_PAIRS = ("“”", "《》", "()", "\uff08\uff09")
_WORD = re.compile(r"[A-Za-z][a-z]+|[0-9]")
_PHRASE_END = re.compile(r"[,;:!?]\s|\.\s|\.$|\n")
_CN_DIGITS = "零一二三四五六七八九"
_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
ENGLISH_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")
"""Openers of enumerated points, as in 'First, …' for '一是……'."""


@dataclass(frozen=True)
class Vocabulary:
    """Chinese clauses and English words to draw text from, sorted so draws are reproducible."""

    clauses: tuple[str, ...]
    """Chinese clauses of the bundled speech, without punctuation or Markdown."""
    words: tuple[str, ...]
    """Lower-case English words of the bundled translation."""
    phrases: tuple[str, ...]
    """English clauses of the bundled translation, so its terms (“the elderly and the young”) occur as in it."""


def read_vocabulary(content: Path) -> Vocabulary:
    """Collect clauses from the `*.zh.md` files and words from the `*.en.md` files of a content folder."""
    clauses: set[str] = set()
    words: set[str] = set()
    phrases: set[str] = set()
    for path in sorted(content.rglob("*.md")):
        body = strip_front_matter(path.read_text(encoding="utf-8"))
        lines = [_MARKUP.sub("", line) for line in body.splitlines() if line and not line.startswith("[^")]
        if path.name.endswith(".zh.md"):
            clauses.update(split_clauses("\n".join(lines)))
        elif path.name.endswith(".en.md"):
            words.update(w.lower() for w in _WORD.findall(" ".join(lines)) if len(w) > 1)
            phrases.update(split_phrases(" ".join(lines)))
    if not clauses or not words or not phrases:
        raise ValueError(f"{content} has no Chinese and English section files to draw vocabulary from")
    return Vocabulary(tuple(sorted(clauses)), tuple(sorted(words)), tuple(sorted(phrases)))


def strip_front_matter(text: str) -> str:
    """The body of a section file: everything after the closing '---' line."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---\n", 4)
    return text[end + 5 :] if end >= 0 else text


def split_clauses(text: str) -> list[str]:
    """Clauses of 4–40 characters that contain Chinese and have balanced quotes and brackets."""
    found = []
    for piece in _CLAUSE_END.split(text.replace("\n", "")):
        clause = piece.strip()
        balanced = all(clause.count(pair[0]) == clause.count(pair[1]) for pair in _PAIRS)
        if 4 <= len(clause) <= 40 and balanced and re.search(r"[\u4e00-\u9fff]", clause):
            found.append(clause)
    return found


def split_phrases(text: str) -> list[str]:
    """English clauses of 3–25 words, split at , ; : and sentence ends, with balanced quotes and brackets."""
    found = []
    for piece in _PHRASE_END.split(text):
        phrase = piece.strip()
        balanced = all(phrase.count(pair[0]) == phrase.count(pair[1]) for pair in _PAIRS)
        balanced = balanced and phrase.count('"') % 2 == 0 and phrase.count("*") % 2 == 0
        if 3 <= len(phrase.split()) <= 25 and balanced and _WORD.match(phrase):
            found.append(phrase[0].lower() + phrase[1:] if phrase[1:2].islower() else phrase)
    return found


def chinese_numeral(number: int) -> str:
    """1 -> 一, 12 -> 十二, 40 -> 四十, 105 -> 一百零五, 230 -> 二百三十 (1–999)."""
    hundreds, rest = divmod(number, 100)
    if hundreds:
        if rest == 0:
            return _CN_DIGITS[hundreds] + "百"
        tail = "零" + _CN_DIGITS[rest] if rest < 10 else _CN_DIGITS[rest // 10] + "十" + chinese_numeral(rest % 10)
        return _CN_DIGITS[hundreds] + "百" + tail.removesuffix("零")
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def roman_numeral(number: int) -> str:
    """1 -> I, 14 -> XIV."""
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


class Writer:
    """Draws Chinese sentences and English sentences of a requested length from one seeded generator."""

    def __init__(self, vocabulary: Vocabulary, rng: random.Random) -> None:
        self.vocabulary = vocabulary
        self.rng = rng

    def clause(self) -> str:
        """One Chinese clause."""
        return self.rng.choice(self.vocabulary.clauses)

    def chinese_sentence(self, clauses: int | None = None) -> str:
        """Clauses joined with commas, enumeration marks and semicolons as the bundled speech writes them (ASCII,
        as received), ending in '。'."""
        count = clauses or self.rng.randint(2, 5)
        parts = [self.clause()]
        for _ in range(count - 1):
            parts.append(self.rng.choice(",,,、;") + self.clause())
        return "".join(parts) + "。"

    def chinese_text(self, chars: int) -> str:
        """Whole sentences adding up to about `chars` characters."""
        text = self.chinese_sentence()
        while True:
            sentence = self.chinese_sentence()
            # Stop at the sentence boundary nearest to the requested length.
            if len(text) + len(sentence) / 2 > chars:
                return text
            text += sentence

    def english_phrase(self, words: int) -> str:
        """`words` words, lower case, no punctuation."""
        return " ".join(self.rng.choice(self.vocabulary.words) for _ in range(words))

    def english_sentence(self, words: int | None = None) -> str:
        """Clauses of the translation joined with commas to about `words` words, capitalised, with a full stop."""
        count = words or self.rng.randint(12, 30)
        parts: list[str] = []
        total = 0
        while total < count:
            phrase = self.rng.choice(self.vocabulary.phrases)
            parts.append(phrase)
            total += len(phrase.split())
        text = ", ".join(parts)
        return text[0].upper() + text[1:] + "."

    def english_text(self, words: int) -> str:
        """Whole sentences adding up to about `words` words."""
        sentences: list[str] = []
        total = 0
        while True:
            sentence = self.english_sentence(self.rng.randint(12, 30))
            count = len(sentence.split())
            # Stop at the sentence boundary nearest to the requested length.
            if sentences and total + count / 2 > words:
                return " ".join(sentences)
            sentences.append(sentence)
            total += count

    def title_words(self, words: int) -> str:
        """A title in title case."""
        return " ".join(w.capitalize() for w in self.english_phrase(words).split())
