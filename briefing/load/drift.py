"""Translation drift: which version of each source block a translation was reviewed against."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

import yaml

from ..cjk import is_cjk
from ..errors import Problem, display_path, problem, warning
from ..model import Block, Language, Section, Translation
from ..reading import parse_yaml, read_text

LOCK_NAME = "translations.lock.yaml"
"""File in content/ recording, per section, language and block, the source version translated."""

Lock = dict[str, dict[str, dict[str, str]]]
"""section id -> language -> anchor -> short hash of the source block."""

_HEADER = (
    "# Which version of each source block every translation was reviewed against (a short hash per anchor).\n"
    "# Written by `python build.py translated`; `check` reports blocks whose source changed since.\n"
)


def block_version(text: str) -> str:
    """Short, stable hash of a block's text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


def read_lock(path: Path, memo: dict[str, tuple[Lock, list[Problem]]] | None = None) -> tuple[Lock, list[Problem]]:
    """The lock file, or an empty lock when there is none (`memo` keeps the last one read, by its text)."""
    raw, problems = read_text(path)
    if raw is None:
        return {}, problems
    if memo is not None and raw in memo:
        return memo[raw]
    result = _parse_lock(raw, path)
    if memo is not None:
        memo.clear()
        memo[raw] = result
    return result


def _parse_lock(raw: str, path: Path) -> tuple[Lock, list[Problem]]:
    data: object = read_written_lock(raw)
    if data is None:
        # Composed (aliases refused), never constructed: the nodes are read once each and merge keys build nothing.
        node, problems = parse_yaml(raw, path)
        if problems:
            return {}, problems
        data = {} if node is None or node.tag == "tag:yaml.org,2002:null" else _lock_data(node)
    if not _valid(data):
        hint = "it is written by `python build.py translated`; delete it and run that command again"
        return {}, [problem(path, 1, "translation lock must map section -> language -> anchor -> version", hint)]
    return data, []


def read_written_lock(raw: str) -> Lock | None:
    """The lock as YAML reads it, when `raw` is laid out the way `lock_text` writes it; else None.

    A large lock takes YAML a third of a second to read; this reads the written layout (three levels of
    `key:` lines, two spaces deeper each, `anchor: version` at the last) line by line. Anything else (a
    comment after a value, flow style, a repeated key, a key without entries) is left to YAML, and so is
    every unquoted word YAML would not read as text (`no`, `2024-01-01`, `12345678`): YAML's own resolver decides.
    """
    data: Lock = {}
    blocks: dict[str, str] | None = None
    languages: dict[str, dict[str, str]] | None = None
    texts: dict[str, bool] = {}
    if _NON_PRINTABLE.search(raw):
        return None
    for line in raw.split("\n"):
        if len(line) > _LONGEST_KEY:
            return None
        if not line or line[0] == "#":
            continue
        match = _LOCK_LINE.fullmatch(line)
        if match is None:
            return None
        depth, key, value = len(match["indent"]), _lock_scalar(match, "key", texts), _lock_scalar(match, "value", texts)
        given = match["value"] is not None or match["quoted_value"] is not None
        if key is None or given != (depth == 4):
            return None
        if depth == 0:
            if key in data or languages == {} or blocks == {}:
                return None
            data[key] = languages = {}
            blocks = None
        elif depth == 2:
            if languages is None or key in languages or blocks == {}:
                return None
            languages[key] = blocks = {}
        else:
            if blocks is None or key in blocks or value is None:
                return None
            blocks[key] = value
    return data if languages != {} and blocks != {} else None


_LOCK_LINE = re.compile(
    r"(?P<indent>(?:  ){0,2})(?:(?P<key>[A-Za-z0-9][A-Za-z0-9_-]*)|'(?P<quoted_key>[^']*)'):"
    r"(?: (?:(?P<value>[A-Za-z0-9][A-Za-z0-9_-]*)|'(?P<quoted_value>[^']*)'))?"
)
_NON_PRINTABLE = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML refuses, and tabs and the other line breaks (CR, NEL, LS, PS), which the written layout has none of."""
_LONGEST_KEY = 1024
"""YAML refuses a key longer than this; no line of a written lock comes near it."""
_RESOLVE: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = yaml.resolver.Resolver().resolve
"""YAML's choice of type for a scalar: (node kind, text, (plain, quoted)) -> tag."""


def _lock_scalar(match: re.Match[str], name: str, texts: dict[str, bool]) -> str | None:
    """A key or value as text: quoted, or plain where YAML reads it as text; None when absent or not text."""
    quoted = match["quoted_" + name]
    if quoted is not None:
        return quoted
    plain = match[name]
    if plain is None:
        return None
    if plain not in texts:
        texts[plain] = _RESOLVE(yaml.ScalarNode, plain, (True, False)) == "tag:yaml.org,2002:str"
    return plain if texts[plain] else None


def _lock_data(node: yaml.Node, depth: int = 0) -> object:
    """A lock's nodes as mappings of text keys to text, three levels deep; None where the shape is wrong."""
    if depth == 3:
        text = isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"
        return node.value if text else None
    if not isinstance(node, yaml.MappingNode):
        return None
    data = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            return None
        data[key.value] = _lock_data(value, depth + 1)
    return data


def _valid(data: object) -> TypeGuard[Lock]:
    return isinstance(data, dict) and all(
        isinstance(langs, dict)
        and all(
            isinstance(blocks, dict) and all(isinstance(v, str) for v in blocks.values()) for blocks in langs.values()
        )
        for langs in data.values()
    )


DriftMemo = dict[str, tuple[Section, Mapping[str, Mapping[str, str]], Section, list[Problem]]]
"""Per section id: the section and its lock entries as last seen, and what drift made of them."""


def apply_drift(
    sections: Iterable[Section],
    lock: Lock,
    languages: Sequence[Language],
    memo: DriftMemo | None = None,
) -> tuple[list[Section], list[Problem]]:
    """Mark blocks awaiting translation, and translated blocks whose source changed since review; warn of both."""
    marked, warnings = [], []
    for section in sections:
        entries = lock.get(section.id, {})
        known = memo.get(section.id) if memo is not None else None
        if known and known[0] is section and known[1] == entries:
            marked.append(known[2])
            warnings += known[3]
            continue
        result, found = _drift(section, entries, languages)
        if memo is not None:
            memo[section.id] = (section, entries, result, found)
        marked.append(result)
        warnings += found
    return marked, warnings


def untranslated(source: Block, block: Block, source_lang: Language, lang: Language) -> bool:
    """True when a translated block still awaits translation: it holds the source's words, or a span of it is
    written mostly in the source's script (a CJK source, a translation that is not).

    A stub made by the importer holds the source's words; so does a block nobody has reached. Words the
    languages share (an acronym, a web address, a code block) are no stub. A list or table is translated only
    when each of its items or cells is.
    """
    if block.kind in ("code", "rule"):
        return False
    if block.text == source.text:
        return any(is_cjk(char) for char in block.text) if source_lang.cjk else any(c.isalpha() for c in block.text)
    if lang.cjk or not source_lang.cjk:
        return False
    return any(_mostly_cjk(span) for span in block.spans or (block.text,))


def untranslated_title(original: Translation, source: Language, lang: Language) -> bool:
    """Whether a title equal to the original's cannot be a translation (it is in the original's script)."""
    return source.cjk and not lang.cjk and any(is_cjk(char) for char in original.title)


_NOT_WORDS = re.compile(r"\]\([^)]*\)|\[\^[^\]]*\]|<[^>]*>")
"""Link addresses, footnote marks and autolinks: letters in them are not words of the text."""


_CJK_LETTER = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
"""Kana, Han and Hangul: a quick test that most translated text fails."""


def _mostly_cjk(text: str) -> bool:
    """More CJK characters than letters of other scripts (a Chinese name in English text is not enough)."""
    if not _CJK_LETTER.search(text):
        return False
    letters = [char for char in _NOT_WORDS.sub("", text) if char.isalpha()]
    cjk = sum(1 for char in letters if is_cjk(char))
    return cjk > 0 and cjk >= len(letters) - cjk


def _drift(
    section: Section, lock: Mapping[str, Mapping[str, str]], languages: Sequence[Language]
) -> tuple[Section, list[Problem]]:
    """One section's translations marked untranslated, stale or unreviewed block by block."""
    warnings: list[Problem] = []
    source = languages[0]
    original = section.translations[source.code]
    versions = {b.anchor: block_version(b.text) for b in original.blocks}
    translations = dict(section.translations)
    for lang in languages[1:]:
        tr = section.translations.get(lang.code)
        if tr is None:
            continue
        waiting = frozenset(
            b.anchor
            for a, b in zip(original.blocks, tr.blocks, strict=False)
            if tr.pending or untranslated(a, b, source, lang)
        )
        pending = tr.pending or (bool(tr.blocks) and len(waiting) == len(tr.blocks))
        recorded = lock.get(lang.code, {})
        done = [a for a in versions if a not in waiting]
        stale = frozenset(a for a in done if a in recorded and recorded[a] != versions[a])
        unreviewed = frozenset(a for a in done if a not in recorded)
        # Readers of a block awaiting translation see the original's words, as the original renders them.
        # Its footnote marks point at this language's notes, as the page has no others.
        notes = re.compile(rf'(["#]fn(?:ref)?-){re.escape(source.code)}-(?=\d)')
        blocks = tuple(
            dataclasses.replace(b, html=notes.sub(rf"\g<1>{lang.code}-", a.html)) if b.anchor in waiting else b
            for a, b in zip(original.blocks, tr.blocks, strict=False)
        )
        translations[lang.code] = tr = dataclasses.replace(
            tr, blocks=blocks, pending=pending, untranslated=waiting, stale=stale, unreviewed=unreviewed
        )
        warnings += _waiting(tr, declared=section.translations[lang.code].pending)
        if not pending and tr.title == original.title and untranslated_title(original, source, lang):
            hint = "translate it in the front matter, or export it with the blocks: python build.py xliff export"
            warnings.append(warning(tr.path, None, f"the title '{tr.title}' is still the original's", hint))
        warnings += _warnings(section.id, original, tr, recorded, versions)
    return dataclasses.replace(section, translations=translations), warnings


def _waiting(tr: Translation, declared: bool) -> list[Problem]:
    """A warning naming the blocks of a translation that still await it."""
    if not tr.untranslated:
        return []
    if tr.pending:
        how = "status: pending" if declared else "no block translated yet"
        message = f"awaiting translation into '{tr.lang}' ({how}); readers see the original"
        hint = "translate it block for block (see `python build.py suggest`), then run: python build.py translated"
        return [warning(tr.path, None, message, hint)]
    waiting = [b for b in tr.blocks if b.anchor in tr.untranslated]
    names = ", ".join(b.anchor for b in waiting[:5]) + ("…" if len(waiting) > 5 else "")
    message = (
        f"{len(waiting)} of {len(tr.blocks)} blocks await translation into '{tr.lang}' ({names}): "
        "they still hold the original's text, which readers see in their place"
    )
    return [warning(tr.path, waiting[0].line, message, "translate them, then run: python build.py translated")]


def _warnings(
    section_id: str, original: Translation, tr: Translation, recorded: Mapping[str, str], versions: Mapping[str, str]
) -> list[Problem]:
    hint = f"review the translation, then run: python build.py translated {section_id} --lang {tr.lang}"
    found = []
    source_lines = {b.anchor: b.line for b in original.blocks}
    for block in tr.blocks:
        if block.anchor in tr.stale:
            where = f"{display_path(original.path)}:{source_lines[block.anchor]}"
            message = f"'{block.anchor}' translates an earlier version of its source ({where} changed since)"
            found.append(warning(tr.path, block.line, message, hint))
    missing = [b.anchor for b in original.blocks if b.anchor in tr.unreviewed]
    if missing:
        message = f"{len(missing)} of {len(versions)} blocks have no reviewed source version ({', '.join(missing[:5])}{'…' if len(missing) > 5 else ''})"
        found.append(warning(tr.path, None, message, hint))
    return found


@dataclass(frozen=True)
class Progress:
    """How far one translation of a section (or of many) has come, in blocks."""

    blocks: int = 0
    """Blocks in all."""
    pending: int = 0
    """Blocks awaiting translation."""
    reviewed: int = 0
    """Blocks translated and reviewed against the current source."""
    stale: int = 0
    """Blocks reviewed against an earlier version of their source."""
    memory: int = 0
    """Blocks filled from the translation memory and not reviewed yet."""

    @property
    def translated(self) -> int:
        """Blocks with a translation, reviewed or not."""
        return self.blocks - self.pending

    @property
    def unreviewed(self) -> int:
        """Blocks translated but never reviewed (memory fills included)."""
        return self.translated - self.reviewed - self.stale

    def __add__(self, other: Progress) -> Progress:
        return Progress(*(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other), strict=True)))


def progress(section: Section, source: str) -> dict[str, Progress]:
    """Per translation language: blocks pending, reviewed, stale and filled from memory."""
    result = {}
    for code, tr in section.translations.items():
        if code == source:
            continue
        memory = sum(1 for b in tr.blocks if b.mark("from") == "memory" and b.anchor in tr.unreviewed)
        reviewed = len(tr.blocks) - len(tr.untranslated) - len(tr.stale) - len(tr.unreviewed)
        result[code] = Progress(len(tr.blocks), len(tr.untranslated), reviewed, len(tr.stale), memory)
    return result


@dataclass(frozen=True)
class Recorded:
    """What `translated` recorded, and the blocks it refused because they await translation."""

    lock: Lock
    recorded: dict[str, int]
    """Blocks recorded per 'section (language)'."""
    refused: list[tuple[Translation, Block]]
    """Blocks not recorded: they await translation."""


def record_reviewed(lock: Lock, sections: Iterable[Section], source: str, languages: Iterable[str] | None) -> Recorded:
    """A new lock with the current source versions recorded for the translated blocks of these sections."""
    updated: Lock = {sid: {lang: dict(blocks) for lang, blocks in langs.items()} for sid, langs in lock.items()}
    wanted = set(languages) if languages is not None else None
    recorded: dict[str, int] = {}
    refused: list[tuple[Translation, Block]] = []
    for section in sections:
        versions = {b.anchor: block_version(b.text) for b in section.translations[source].blocks}
        for code, tr in section.translations.items():
            if code == source or (wanted is not None and code not in wanted):
                continue
            refused += [(tr, b) for b in tr.blocks if b.anchor in tr.untranslated]
            done = {a: v for a, v in versions.items() if a not in tr.untranslated}
            if done:
                updated.setdefault(section.id, {})[code] = done
                recorded[f"{section.id} ({code})"] = len(done)
            elif section.id in updated:
                updated[section.id].pop(code, None)
    return Recorded({sid: langs for sid, langs in updated.items() if langs}, recorded, refused)


def lock_text(lock: Lock) -> str:
    """The lock file's text: sections sorted, blocks in reading order, one per line, readable in a diff."""
    body = {sid: dict(sorted(langs.items())) for sid, langs in sorted(lock.items())}
    return _HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, default_flow_style=False)
