"""Glossary consistency: where a source block uses a term, its translation should use the term's rendering."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from ..errors import Problem, warning
from ..model import Language, Section, Term, Translation


def inconsistent_terms(
    terms: Sequence[Term],
    sections: Sequence[Section],
    languages: Sequence[Language],
    memo: dict[str, Any] | None = None,
) -> list[Problem]:
    """Warn where a block's source uses a glossary term and its translation uses none of the term's renderings.

    A block marked {variant="低保"} (a form or the term's id) renders that term differently on purpose.
    `memo` keeps each section's answer while the section and the terms are the same objects.
    """
    if not terms:
        return []
    source = languages[0].code
    found: list[Problem] = []
    memo = memo if memo is not None else {}
    for section in sections:
        known = memo.get(section.id)
        if known is None or known[0] is not section or known[1] is not terms:
            problems = _section(terms, section, source, [lang.code for lang in languages[1:]])
            memo[section.id] = known = (section, terms, problems)
        found += known[2]
    return found


def _section(terms: Sequence[Term], section: Section, source: str, codes: Sequence[str]) -> list[Problem]:
    original = section.translations[source]
    by_id = {term.id: term for term in terms}
    owner = {form: term.id for term in terms for form in term.forms.get(source, ()) if form}
    if not owner:
        return []
    pattern = _source_pattern(tuple(owner))
    found = []
    for index, block in enumerate(original.blocks):
        used = [by_id[i] for i in sorted({owner[form] for form in pattern.findall(block.text)})]
        if not used:
            continue
        for code in codes:
            tr = section.translations.get(code)
            if tr is None or tr.pending or index >= len(tr.blocks):
                continue
            found += _missing(used, tr, index, code, source)
    return found


def _missing(used: Sequence[Term], tr: Translation, index: int, code: str, source: str) -> list[Problem]:
    block = tr.blocks[index]
    if block.anchor in tr.untranslated:
        return []
    allowed = set((block.mark("variant") or "").split())
    found = []
    for term in used:
        renderings = term.forms.get(code, ())
        if not renderings or allowed & {term.id, *term.forms.get(source, ())}:
            continue
        if not any(_rendering(form).search(block.text) for form in renderings):
            headword = term.forms[source][0]
            message = f"'{block.anchor}' translates “{headword}” (term '{term.id}') without “{renderings[0]}”"
            hint = (
                f'use the glossary\'s rendering, or mark a deliberate choice above the block: {{variant="{headword}"}}'
            )
            found.append(warning(tr.path, block.line, message, hint))
    return found


@functools.lru_cache(maxsize=16)
def _source_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))


@functools.lru_cache(maxsize=1024)
def _rendering(form: str) -> re.Pattern[str]:
    """A rendering as found in running text: any case, any spacing, singular or plural, 'the' optional."""
    words = form.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    parts = [_word(word) for word in words]
    return re.compile(r"(?<![\w])" + r"\s+".join(parts) + r"(?![\w])", re.IGNORECASE)


def _word(word: str) -> str:
    """A word with its plural or singular: allowance/allowances, family/families, child stays child."""
    stem = re.escape(word)
    if word.lower().endswith("ies"):
        return re.escape(word[:-3]) + "(?:ies|y)"
    if word.lower().endswith("y"):
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word.lower().endswith("es") and word[-3:-2].lower() in ("s", "x", "z", "h"):
        return re.escape(word[:-2]) + "(?:es)?"
    if word.lower().endswith("s") and not word.lower().endswith("ss"):
        return re.escape(word[:-1]) + "s?"
    return stem + "(?:s|es)?"
