"""`build.py new` and `import --briefing`: a briefing folder in content/ with a briefing.yaml to fill in."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from .. import urls
from ..errors import BriefingError, display_path
from ..load.about import FILE_NAME, about_text, find_layout
from ..model import Config
from ..schema import IDENTIFIER
from .model import ImportPlan

_EVENT = re.compile(r"^在(?P<event>.+?)上的(?:讲话|报告|致辞|发言|主持词|总结讲话)")
_DATE = re.compile(r"(?P<year>(?:19|20)\d{2})年(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])日")


def briefing_folder(config: Config, slug: str) -> Path:
    """The folder of a new briefing in content/; refuses names that cannot be a web address or that the site uses,
    and a content/ that holds one briefing's sections directly."""
    if not IDENTIFIER.match(slug):
        hint = "use lowercase letters, digits and '-', e.g. 2025-midyear-meeting"
        raise BriefingError.at(config.content / slug, None, f"{slug!r} cannot be a briefing's folder name", hint)
    if urls.is_reserved_slug(slug):
        hint = "the site uses it itself (or it looks like a language code); choose another"
        raise BriefingError.at(config.content / slug, None, f"briefing folder name {slug!r} is reserved", hint)
    if config.content.is_dir() and find_layout(config.content)[0].single:
        hint = "move the section files into a folder of their own first (README: 'A library of briefings')"
        raise BriefingError.at(config.content, None, "content/ holds one briefing's sections directly", hint)
    return config.content / slug


def start_briefing(config: Config, slug: str, given: Mapping[str, Mapping[str, str] | str | bool | None]) -> Path:
    """Write content/<slug>/briefing.yaml with what is `given`; refuses a folder that exists already."""
    folder = briefing_folder(config, slug)
    if folder.exists():
        raise BriefingError.at(folder, None, "folder exists already", "choose another name, or edit its briefing.yaml")
    codes = [lang.code for lang in config.languages]
    _check_given(given, codes, config.path)
    try:
        folder.mkdir(parents=True)
        (folder / FILE_NAME).write_text(about_text(codes, given), encoding="utf-8")
    except OSError as exc:
        raise BriefingError.at(folder, None, f"cannot write: {exc.strerror or exc}") from None
    return folder / FILE_NAME


def detected_about(plan: ImportPlan, lang: str) -> dict[str, Mapping[str, str] | str | bool | None]:
    """What an imported speech says about itself: its title, the event named in it (在……上的讲话) or in its date
    line, the date of a date line near the top (——2024年1月15日…), the speaker of its byline, and whether
    headings were made of lead sentences."""
    given: dict[str, Mapping[str, str] | str | bool | None] = {}
    if plan.title:
        given["title"] = {lang: plan.title}
        event = _EVENT.match(plan.title)
        if event:
            given["event"] = {lang: event["event"]}
    if plan.lead_sentence_headings:
        given["lead_sentence_headings"] = True
    found = dict(plan.about)
    if "speaker" in found:
        given["speaker"] = {lang: found["speaker"]}
    if "event" in found and "event" not in given:
        given["event"] = {lang: found["event"]}
    if "date" in found:
        given["date"] = found["date"]
        return given
    for line in plan.head_lines:
        date = _DATE.search(line)
        if date:
            given["date"] = f"{int(date['year']):04d}-{int(date['month']):02d}-{int(date['day']):02d}"
            break
    return given


def parse_given(pairs: Sequence[str], key: str, codes: Sequence[str]) -> dict[str, str]:
    """`--title zh=……` arguments as text per language."""
    found = {}
    for pair in pairs:
        code, sign, text = pair.partition("=")
        if not sign or code not in codes:
            hint = f"write it as LANG=TEXT, with LANG one of {', '.join(codes)}"
            raise BriefingError.at("command line", None, f"--{key} {pair!r}: which language?", hint)
        found[code] = text.strip()
    return found


def _check_given(given: Mapping[str, Mapping[str, str] | str | bool | None], codes: Sequence[str], path: Path) -> None:
    date = given.get("date")
    if isinstance(date, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise BriefingError.at(display_path(path), None, f"--date {date!r} is not a date", "write it as 2024-01-15")
