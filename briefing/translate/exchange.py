"""XLIFF and Word tables out and back in: which briefing and languages a file is for, then the units."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import BriefingError, Problem, problem
from ..model import Briefing, Config, Language
from .files import write_atomically
from .formats import read_xliff, write_xliff
from .model import FormatError
from .wordtable import read_table, write_table
from .workflow import lock_path, plan_import, units_of, write_changes


def original_name(briefing: Briefing) -> str:
    """How a file names its briefing: the folder's slug, or 'content' when content/ holds one briefing."""
    return briefing.about.slug if briefing.base else "content"


def export_file(kind: str, briefing: Briefing, lang: str, path: Path) -> int:
    """Write the briefing's units in `lang` as XLIFF ('xliff') or a Word table ('word'); returns the unit count."""
    config = briefing.config
    source, target = config.source_language, config.language(lang)
    units = units_of(briefing, lang)
    if kind == "xliff":
        data = write_xliff(units, original=original_name(briefing), source_tag=source.tag, target_tag=target.tag)
    else:
        title = f"{briefing.about.title[source.code]} · {source.name} → {target.name}"
        data = write_table(
            units,
            title=title,
            original=original_name(briefing),
            source=(source.tag, source.name),
            target=(target.tag, target.name),
        )
    write_atomically(path, data)
    return len(units)


def import_file(
    kind: str, config: Config, path: Path, only: str | None, given: str | None
) -> tuple[list[str], list[Problem]]:
    """Check every unit of the file against the content, then write the translations back (all or nothing)."""
    from .commands import load

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefingError.at(path, None, f"cannot read the file: {exc.strerror}") from None
    meta, units = read_xliff(data, path) if kind == "xliff" else read_table(data, path)
    lang = _language(config, meta, path, given)
    original = meta.get("original", "")
    library = load(config, None if original == "content" else original or only)
    found = [b for b in library.briefings if original_name(b) == original]
    if not found:
        names = ", ".join(original_name(b) for b in library.briefings)
        return [], [
            problem(path, None, f"the file is for briefing '{original}', which is not here", f"briefings: {names}")
        ]
    briefing = found[0]
    changes, problems = plan_import(briefing, lang, units, path)
    if problems:
        return [], problems
    return write_changes(changes, lock_path(briefing))


def _language(config: Config, meta: dict[str, str], path: Path, given: str | None) -> str:
    """The translation language the file is in, which must be the one asked for (if one was).

    CAT tools often write a regional tag (en-US, zh-CN): a tag matches its configured language exactly or, failing
    that, by its first part.
    """
    if _matching(meta.get("source-language", ""), [config.source_language]) is None:
        message = f"the file translates from '{meta.get('source-language')}', not {config.source_language.tag}"
        raise FormatError(path, None, message)
    code = _matching(meta.get("target-language", ""), config.languages[1:])
    if code is None:
        hint = f"translation languages: {', '.join(lang.tag for lang in config.languages[1:])}"
        raise FormatError(path, None, f"the file translates into '{meta.get('target-language')}', not configured", hint)
    if given is not None and code != given:
        raise FormatError(path, None, f"the file is in '{code}', not '{given}'", f"add --lang {code}")
    return code


def _matching(tag: str, languages: Sequence[Language]) -> str | None:
    """The code of the language this tag names: the same tag, else the same first part (en-US is en)."""
    wanted = tag.strip().lower().replace("_", "-")
    exact = [lang.code for lang in languages if lang.tag.lower() == wanted]
    loose = [lang.code for lang in languages if lang.tag.lower().split("-")[0] == wanted.split("-")[0]]
    found = exact or loose
    return found[0] if found else None
