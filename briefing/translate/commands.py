"""The translation commands of build.py: status, suggest, tm, xliff and word."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from ..build.incremental import DiskStore
from ..config import load_config
from ..errors import BriefingError, display_path, raise_if_errors
from ..load.library import load_library
from ..model import Briefing, Config, Library
from .model import FormatError

EXIT_OK = 0
COMMANDS = ("status", "suggest", "tm", "xliff", "word")


def add_parsers(make: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """The translation commands and their options; `make(name, help)` adds a command with the common options."""
    status = make("status", "how far each translation has come, block by block")
    _common(status, lang=False)
    status.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    status.add_argument("--files", action="store_true", help="a line for every file, complete ones too")
    suggest = make("suggest", "fill blocks awaiting translation from the translation memory")
    _common(suggest)
    suggest.add_argument("--dry-run", action="store_true", help="show what would be filled; write nothing")
    suggest.add_argument("--threshold", type=_percent, default=75.0, help="similarity (%%) of near matches offered")
    tm = make("tm", "exchange the translation memory with CAT tools as TMX 1.4b")
    tm.add_argument("action", choices=("export", "import"), help="export the memory, or import a TMX into it")
    tm.add_argument("file", type=Path, help="the .tmx file")
    _common(tm, briefing=False)
    for name, kind, file in (("xliff", "XLIFF 1.2", ".xlf"), ("word", "a Word table for reviewers", ".docx")):
        sub = make(name, f"a briefing's translation as {kind} ({file}), and back")
        sub.add_argument("action", choices=("export", "import"), help="write the file, or read a translated one")
        sub.add_argument("file", type=Path, help=f"the {file} file")
        _common(sub)


def _percent(value: str) -> float:
    """A similarity between 0 and 100."""
    number = float(value)
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 100")
    return number


def _common(sub: argparse.ArgumentParser, lang: bool = True, briefing: bool = True) -> None:
    if briefing:
        sub.add_argument("--briefing", metavar="SLUG", help="the briefing (in a library)")
    if lang:
        sub.add_argument("--lang", metavar="CODE", help="the translation language (default: the first one)")


def run(args: argparse.Namespace) -> int:
    """Run one translation command."""
    config = load_config(args.config)
    commands: dict[str, Callable[[argparse.Namespace, Config], int]] = {
        "status": _status,
        "suggest": _suggest,
        "tm": _tm,
        "xliff": _exchange,
        "word": _exchange,
    }
    try:
        return commands[args.command](args, config)
    except FormatError as exc:
        raise BriefingError.at(exc.path, exc.line, exc.message, exc.hint) from None
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else config.path
        raise BriefingError.at(where, None, f"cannot write or read it: {exc.strerror or exc}") from None


def load(config: Config, only: str | None = None) -> Library:
    """The library (or one briefing of it), as the last build kept it where its files are unchanged."""
    library, _ = load_library(config, only=only, store=DiskStore(config.cache / "briefings"))
    return library


def target_language(config: Config, args: argparse.Namespace) -> str:
    """The --lang given, checked, or the first translation language."""
    codes = [lang.code for lang in config.languages[1:]]
    code = getattr(args, "lang", None) or (codes[0] if codes else "")
    if code not in codes:
        hint = f"translation languages in config.yaml: {', '.join(codes) or 'none'}"
        raise BriefingError.at(config.path, None, f"'{code}' is not a translation language", hint)
    return code


def one_briefing(library: Library) -> Briefing:
    """The briefing a command is about: the only one loaded (all, or the one --briefing names)."""
    if len(library.briefings) == 1:
        return library.briefings[0]
    slugs = ", ".join(b.about.slug for b in library.briefings)
    raise BriefingError.at(library.config.content, None, "which briefing?", f"add --briefing: {slugs}")


def _status(args: argparse.Namespace, config: Config) -> int:
    from .status import collect_progress, format_progress, progress_json

    found = collect_progress(load(config, args.briefing))
    if args.format == "json":
        json.dump(progress_json(found), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(format_progress(found, every_file=args.files))
    return EXIT_OK


def _suggest(args: argparse.Namespace, config: Config) -> int:
    from .suggest import print_report, suggest

    lang = target_language(config, args)
    library = load(config)
    chosen = [b for b in library.briefings if args.briefing in (None, b.about.slug)]
    if not chosen:
        slugs = ", ".join(b.about.slug for b in library.briefings)
        raise BriefingError.at(config.content, None, f"no briefing '{args.briefing}'", f"briefings: {slugs}")
    report = suggest(library, chosen, lang, args.threshold, args.dry_run)
    print_report(report, args.dry_run)
    return EXIT_OK


def _tm(args: argparse.Namespace, config: Config) -> int:
    from .memory_file import export_memory, import_memory

    lang = target_language(config, args)
    if args.action == "export":
        count = export_memory(load(config), lang, args.file)
        print(f"wrote {count} translation unit(s) to {display_path(args.file)}")
    else:
        added, path = import_memory(config, lang, args.file)
        print(f"added {added} translation unit(s) from {display_path(args.file)} to {display_path(path)}")
    return EXIT_OK


def _exchange(args: argparse.Namespace, config: Config) -> int:
    from .exchange import export_file, import_file

    if args.action == "export":
        lang = target_language(config, args)
        briefing = one_briefing(load(config, args.briefing))
        count = export_file(args.command, briefing, lang, args.file)
        print(f"wrote {count} unit(s) of {display_path(briefing.folder)} ({lang}) to {display_path(args.file)}")
        return EXIT_OK
    if args.lang is not None:
        target_language(config, args)
    done, problems = import_file(args.command, config, args.file, args.briefing, args.lang)
    raise_if_errors(problems)
    for line in done:
        print(f"wrote {line}")
    if done:
        print(f"{len(done)} file(s) changed; their new text awaits review (python build.py translated)")
    else:
        print("nothing to change: every translation in the file is already in the content")
    return EXIT_OK
