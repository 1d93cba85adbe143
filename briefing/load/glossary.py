"""Glossary: content/glossary.yaml, where each term occurs, and quoted shorthand that has no entry."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem, note, problem, warning
from ..model import Section, Term
from ..reading import parse_yaml, read_text
from ..schema import Field, check_mapping, identifier, item_lines, mapping, sequence, text, text_by_key
from .formulas import POLICY_FORMULAS

FILE_NAME = "glossary.yaml"
"""Glossary file in the content folder."""


def fields(languages: Sequence[str]) -> list[Field]:
    """The keys of glossary.yaml: a term's name and explanation in each of the site's `languages`.

    `also` lists more forms of the name in the first (source) language, all linked to the same entry.
    """
    names = [Field(code, text(), required=True) for code in languages]
    term = [
        Field("id", identifier(), required=True),
        *names,
        Field("also", sequence(text(), minimum=0), default=[]),
        Field("explain", text_by_key(languages), required=True),
    ]
    return [
        Field("terms", sequence(mapping(term, "term"), minimum=0), default=[]),
        Field("not_terms", sequence(text(), minimum=0), default=[]),
    ]


_QUOTED = re.compile(r"“([^”]{2,12})”")
_SHORTHAND = re.compile(r"^[\u4e00-\u9fff0-9+]+$")
_NUMBERED = re.compile(r"[一二两双三四五六七八九十百千万0-9+]")
"""A numbered formula (一老一小, 三个一工程, 十四五, 物质+服务): almost always policy shorthand."""
SUGGESTIONS_SHOWN = 10
"""Suggestions listed one by one; the rest are named in one line."""


@dataclass
class GlossaryMemo:
    """What the last load of the glossary can lend the next one (serve loads it after every edit)."""

    terms: tuple[Term, ...] = ()
    """The terms last read: reused as the same object while they are equal, so later steps can tell quickly."""
    read: tuple[object, list[Term], list[int], list[Problem]] | None = None
    """The file as last read (path, languages, text), its terms, their lines and the problems found in it."""
    ignored: frozenset[str] = frozenset()
    """Its `not_terms`: quoted phrases `check` is not to suggest as terms."""


def read_terms(
    path: Path, languages: Sequence[str], memo: GlossaryMemo | None = None
) -> tuple[tuple[Term, ...], list[int], list[Problem]]:
    """The terms of a glossary.yaml (none when absent), with their lines; the same objects while they are equal."""
    raw, problems = read_text(path)
    memo = memo if memo is not None else GlossaryMemo()
    if raw is None:
        memo.ignored = frozenset()
        return (), [], problems
    key = (path, tuple(languages), raw)
    if memo.read is not None and memo.read[0] == key:
        terms, lines, problems = memo.read[1], memo.read[2], list(memo.read[3])
    else:
        node, problems = parse_yaml(raw, path)
        if problems:
            return (), [], problems
        checked, problems = check_mapping(node, fields(languages), path, "glossary")
        if problems:
            return (), [], problems
        memo.ignored = frozenset(checked.values["not_terms"])
        terms, seen, lines = [], set(), []
        for item, line in zip(checked.values["terms"], item_lines(node, "terms"), strict=True):
            forms = {code: (item[code], *(item["also"] if code == languages[0] else ())) for code in languages}
            term = Term(item["id"], forms, dict(item["explain"]))
            if term.id in seen:
                problems.append(problem(path, line, f"term id '{term.id}' is used twice"))
            seen.add(term.id)
            terms.append(term)
            lines.append(line)
        memo.read = (key, terms, lines, list(problems))
    if tuple(terms) != memo.terms:
        memo.terms = tuple(terms)
    return memo.terms, lines, problems


def unused_terms(
    terms: Sequence[Term], lines: Sequence[int], path: Path, sections: Iterable[Section], languages: Sequence[str]
) -> list[Problem]:
    """Warn about terms that no section's text uses, in a language."""
    if not terms:
        return []
    # Which terms each language's text uses; the glossary page asks the same question later, answered from memory.
    used: dict[str, set[str]] = {code: set() for code in languages}
    for section in sections:
        for code in languages:
            used[code].update(occurrences(terms, section, code))
    problems = []
    for term, line in zip(terms, lines, strict=True):
        problems += _unused(term, path, line, used)
    return problems


def _unused(term: Term, path: Path, line: int, used: dict[str, set[str]]) -> list[Problem]:
    found = []
    for code, forms in term.forms.items():
        if code in used and term.id not in used[code]:
            message = f"term '{term.id}': “{forms[0]}” does not occur in the {code} text"
            found.append(warning(path, line, message, "remove the entry or fix its spelling"))
    return found


_OCCURRENCES: dict[tuple[Path, str], tuple[Section, Sequence[Term], dict[str, str]]] = {}
"""The last answer of `occurrences` per section (by a file of it) and language: serve asks again after every edit."""


def occurrences(terms: Sequence[Term], section: Section, lang: str) -> dict[str, str]:
    """Term id -> anchor of the first block of this section (in this language) that uses it."""
    key = (next(iter(section.translations.values())).path, lang)
    known = _OCCURRENCES.get(key)
    if known and known[0] is section and known[1] is terms:
        return known[2]
    found = _find_occurrences(terms, section, lang)
    _OCCURRENCES[key] = (section, terms, found)
    return found


def _find_occurrences(terms: Sequence[Term], section: Section, lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    translation = section.translations.get(lang)
    if translation is None or translation.pending:
        return found
    owner = {form: term.id for term in terms for form in term.forms.get(lang, ()) if form}
    if not owner:
        return found
    pattern = _any_of(tuple(owner))
    for block in translation.blocks:
        if block.anchor in translation.untranslated:
            continue
        for form in pattern.findall(block.text):
            found.setdefault(owner[form], block.anchor)
    return found


@functools.lru_cache(maxsize=16)
def _any_of(forms: tuple[str, ...]) -> re.Pattern[str]:
    """A regular expression for any of `forms`, longest first."""
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))


def unexplained_shorthand(
    terms: Sequence[Term],
    sections: Sequence[Section],
    source: str,
    memo: dict[str, Any] | None = None,
    ignored: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Suggest glossary entries for quoted phrases (“一老一小”) in the source text that are likely policy terms.

    Likely: a numbered formula, a phrase quoted more than once, or one of the shipped `POLICY_FORMULAS`; each is a
    note, the first `SUGGESTIONS_SHOWN` at their lines, the rest named in one more note, as are the phrases quoted
    once that may be terms too. Phrases the glossary lists under `not_terms` are not suggested. `memo` keeps
    each section's quoted phrases, so only sections read again are scanned again.
    """
    known = {form for term in terms for form in term.forms.get(source, ())} | ignored
    first: dict[str, tuple[Path, int | None]] = {}
    counts: dict[str, int] = {}
    memo = memo if memo is not None else {}
    for section in sections:
        seen = memo.get(section.id)
        if seen is None or seen[0] is not section:
            memo[section.id] = seen = (section, _quoted(section, source))
        for line, quoted in seen[1]:
            if quoted not in known:
                first.setdefault(quoted, (section.translations[source].path, line))
                counts[quoted] = counts.get(quoted, 0) + 1
    likely = [q for q in first if _NUMBERED.search(q) or counts[q] > 1 or q in POLICY_FORMULAS]
    maybe = [q for q in first if q not in likely]
    hint = "add it to content/glossary.yaml so readers can look it up, or list it under not_terms"
    found = [
        note(first[q][0], first[q][1], f"“{q}” looks like policy shorthand but has no glossary entry", hint)
        for q in likely[:SUGGESTIONS_SHOWN]
    ]
    rest = likely[SUGGESTIONS_SHOWN:]
    if rest:
        found.append(
            note(first[rest[0]][0], None, f"{len(rest)} more likely terms have no glossary entry: {_named(rest)}")
        )
    if maybe:
        message = f"{len(maybe)} phrases are quoted once and may be terms too: {_named(maybe)}"
        found.append(note(first[maybe[0]][0], None, message, "list those that are not under not_terms"))
    return found


def _named(phrases: Sequence[str]) -> str:
    shown = "、".join(f"“{q}”" for q in phrases[:SUGGESTIONS_SHOWN])
    return shown + (f" and {len(phrases) - SUGGESTIONS_SHOWN} more" if len(phrases) > SUGGESTIONS_SHOWN else "")


def _quoted(section: Section, source: str) -> list[tuple[int, str]]:
    """(line, phrase) of every phrase in Chinese quotation marks in a section's source text that looks like
    shorthand (Chinese characters and digits only)."""
    return [
        (block.line, quoted)
        for block in section.translations[source].blocks
        for quoted in _QUOTED.findall(block.text)
        if _SHORTHAND.match(quoted)
    ]
