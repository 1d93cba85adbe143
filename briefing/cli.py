"""Command line: build, check, serve, translated, import; prints problems, never tracebacks, and sets the exit code."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import errno
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .build.builder import Builder, BuildResult
from .config import load_config
from .errors import BriefingError, Problem, display_path, raise_if_errors
from .files import shown
from .importer.punctuation import PUNCTUATION
from .load.drift import LOCK_NAME, lock_text, read_lock, record_reviewed
from .outputs import OUTPUTS
from .report import failed, format_problems, summary, write_json
from .translate.commands import COMMANDS as TRANSLATION_COMMANDS
from .translate.commands import add_parsers as translation_parsers
from .translate.commands import run as run_translation

EXIT_OK, EXIT_INPUT, EXIT_BUG = 0, 1, 2
OPTIONAL = [output for output in OUTPUTS if output.optional]
"""Outputs the command line can switch: `build --no-pdf`, `serve --search`."""


def make_parser() -> argparse.ArgumentParser:
    """Arguments of build.py."""
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build a bilingual briefing site from config.yaml, content/ and templates/."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command")
    build_cmd = _command(commands, "build", "build the site (the default)")
    build_cmd.add_argument("--out", type=Path, help="output folder (overrides config.yaml)")
    build_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    for output in OPTIONAL:
        build_cmd.add_argument(f"--no-{output.name}", action="store_true", help=f"skip {output.title} (quicker)")
    check_cmd = _command(commands, "check", "validate everything and report every problem; write nothing")
    check_cmd.add_argument("--strict", action="store_true", help="fail on warnings too")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    check_cmd.add_argument("--briefing", metavar="SLUG", help="only this briefing of the library")
    serve_cmd = _command(commands, "serve", "build, serve on this machine, rebuild and reload on every save")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve_cmd.add_argument("--out", type=Path, help="output folder (overrides config.yaml)")
    serve_cmd.add_argument("--briefing", metavar="SLUG", help="only this briefing of the library")
    for output in OPTIONAL:
        serve_cmd.add_argument(f"--{output.name}", action="store_true", help=f"also make {output.title}, after reloads")
    done_cmd = _command(commands, "translated", f"record reviewed translations as current (content/{LOCK_NAME})")
    done_cmd.add_argument("sections", nargs="*", help="section ids (default: with --all, every section)")
    done_cmd.add_argument("--lang", action="append", help="only this language (repeatable)")
    done_cmd.add_argument("--all", action="store_true", help="every section")
    done_cmd.add_argument("--briefing", metavar="SLUG", help="the briefing the sections are in (in a library)")
    new_cmd = _command(commands, "new", "start a briefing folder in content/ with a briefing.yaml to fill in")
    new_cmd.add_argument("slug", help="folder name, also the briefing's address: e.g. 2025-midyear-meeting")
    new_cmd.add_argument("--title", action="append", default=[], metavar="LANG=TEXT", help="title in a language")
    new_cmd.add_argument("--event", action="append", default=[], metavar="LANG=TEXT", help="event in a language")
    new_cmd.add_argument("--date", help="the day it was given: 2024-01-15")
    add_import_parser(commands)
    translation_parsers(lambda name, text: _command(commands, name, text))
    return parser


def _command(commands: Any, name: str, text: str) -> argparse.ArgumentParser:
    sub: argparse.ArgumentParser = commands.add_parser(name, help=text)
    sub.add_argument("--config", type=Path, default=Path("config.yaml"), help="config file (default: config.yaml)")
    sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    return sub


def add_import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Arguments of `build.py import`."""
    sub = commands.add_parser(
        "import",
        help="split a speech (.txt, .md, .docx) into section files",
        description="Split a speech into NN-slug.LANG.md section files, with translation stubs for the other languages.",
    )
    sub.add_argument("source", type=Path, help="the speech: .txt or .md (UTF-8) or .docx")
    sub.add_argument("--out", type=Path, help="folder for the section files (default: content folder of config.yaml)")
    sub.add_argument(
        "--briefing", metavar="SLUG", help="into a new briefing folder content/SLUG/, with a briefing.yaml"
    )
    sub.add_argument("--config", type=Path, default=Path("config.yaml"), help="config file (default: config.yaml)")
    sub.add_argument("--lang", help="language of the source (default: the first language in config.yaml)")
    sub.add_argument(
        "--dry-run", action="store_true", help="show each section's blocks and what the clean-up did; write nothing"
    )
    sub.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    sub.add_argument("--force", action="store_true", help="replace section files that already exist")
    sub.add_argument(
        "--drop-line", action="append", default=[], metavar="TEXT", help="also drop lines reading TEXT (repeatable)"
    )
    sub.add_argument(
        "--punctuation",
        choices=PUNCTUATION,
        default="brackets",
        help="brackets (default: mixed pairs such as (一） made full-width), keep (every character as is), "
        "or full (also ASCII , : ; ! ? ( ) next to Chinese made full-width)",
    )
    sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")


def run_import(args: argparse.Namespace) -> None:
    """Import a speech as the arguments say, printing warnings and what was written."""
    # The importer (and python-docx) and the server load only for their commands: a build starts sooner.
    from .importer.report import describe, plan_json
    from .importer.run import ImportRequest, import_source, request_languages
    from .importer.start import briefing_folder

    config = load_config(args.config)
    lang, stubs = request_languages(config, args.lang)
    if args.briefing and args.out:
        raise BriefingError.at("command line", None, "--briefing and --out both say where to write", "give one")
    request = ImportRequest(
        source=args.source,
        out=briefing_folder(config, args.briefing) if args.briefing else args.out or config.content,
        lang=lang,
        stub_langs=stubs,
        drop_lines=tuple(args.drop_line),
        punctuation=args.punctuation,
        dry_run=args.dry_run,
        force=args.force,
        about=config if args.briefing else None,
    )
    result = import_source(request)
    if args.format == "json":
        json.dump(plan_json(result, request), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    for item in result.warnings:
        print(item, file=sys.stderr)
    print("\n".join(describe(result, request)))


def run_as_program() -> NoReturn:
    """build.py's entry point: run the command, then end the process without freeing its memory piece by piece.

    A large build holds millions of objects, and Python's clean-up at exit releases them one by one (about a
    tenth of a second at 1,000 sections). Exit handlers (multiprocessing's among them) run and the output is
    flushed first; output that cannot be written (a full disk) is reported and the exit status says so.
    `serve` ends the usual way, letting threads it started finish.
    """
    code = main()
    if "serve" in sys.argv[1:]:
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader went away (`| head`), as main() treats it
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            print(f"cannot write the output: {exc}", file=sys.stderr)
        code = code or EXIT_BUG
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command and return the process exit code."""
    words = list(argv if argv is not None else sys.argv[1:])
    parser = make_parser()
    args = parser.parse_args(words)
    if args.command is None:
        args = parser.parse_args(["build", *words])
    colour = sys.stderr.isatty()
    try:
        return int(_run(args, colour))
    except BriefingError as exc:
        _print_problems(exc.problems, getattr(args, "strict", False), colour)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (say, `| head`): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        elif isinstance(error, OSError) and error.errno in _MACHINE_ERRORS:
            # The machine, not Briefing: say which file and why, plainly; the status still says it failed.
            where = display_path(shown(error.filename)) if error.filename else "the disk"
            print(f"{where}: cannot be written: {(error.strerror or str(error)).lower()}", file=sys.stderr)
        else:
            print(f"internal error: {error!r}\nplease report this, with the output of --debug", file=sys.stderr)
        return EXIT_BUG


_MACHINE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}
"""Errors of the machine a build runs on (a full disk, a read-only folder), reported without asking for a report."""


def _run(args: argparse.Namespace, colour: bool) -> int:
    if args.command == "serve":
        from .build.serve import serve

        switches = {o.name: True for o in OPTIONAL if getattr(args, o.name)}
        serve(args.config, args.host, args.port, args.out, switches, args.briefing)
        return EXIT_OK
    if args.command == "translated":
        return _translated(args)
    if args.command in TRANSLATION_COMMANDS:
        return run_translation(args)
    if args.command == "import":
        run_import(args)
        return EXIT_OK
    if args.command == "new":
        return _new(args)
    if args.command == "check":
        return _check(args, colour)
    builder = Builder(
        args.config, args.out, switches={o.name: False for o in OPTIONAL if getattr(args, f"no_{o.name}")}
    )
    if args.strict:
        # Warnings are known only after loading: check first so a strict failure writes nothing.
        result = builder.build(write=False)
        if failed(result.content.warnings, strict=True):
            raise BriefingError(result.content.warnings)
    result = builder.build()
    if result.library is not None:
        _print_problems(result.library.warnings, False, colour, limit=WARNINGS_SHOWN)
    _print_build(result)
    return EXIT_OK


def _print_build(result: BuildResult) -> None:
    out = result.config.output
    stages = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in result.timings.stages)
    if result.written:
        print(f"rendered {result.rendered} of {result.pages} pages, wrote {len(result.written)} files ({stages})")
    else:
        print(f"site is up to date: nothing changed since the last build ({stages})")
    for note in result.timings.notes:
        print(note)
    print(f"open {display_path(out / 'index.html')}")


def _check(args: argparse.Namespace, colour: bool) -> int:
    from .translate.status import collect_progress, format_progress, progress_json

    try:
        library = Builder(args.config, only=args.briefing).build(write=False).content
        problems, found = list(library.warnings), collect_progress(library)
    except BriefingError as exc:
        problems, found = list(exc.problems), []
    if args.format == "json":
        write_json(sys.stdout, problems, progress_json(found))
    else:
        if found:
            print("translations:\n" + format_progress(found))
        if problems:
            print(format_problems(problems, colour), file=sys.stderr)
        print(summary(problems, args.strict), file=sys.stderr if problems else sys.stdout)
    return EXIT_INPUT if failed(problems, args.strict) else EXIT_OK


def _translated(args: argparse.Namespace) -> int:
    library = Builder(args.config, only=args.briefing).build(write=False).content
    if len(library.briefings) > 1 and not args.all:
        slugs = ", ".join(b.about.slug for b in library.briefings)
        raise BriefingError.at(args.config, None, "which briefing are the sections in?", f"add --briefing: {slugs}")
    codes = [lang.code for lang in library.config.languages[1:]]
    for code in args.lang or ():
        if code not in codes:
            hint = f"translation languages in config.yaml: {', '.join(codes)}"
            raise BriefingError.at(args.config, None, f"'{code}' is not a translation language", hint)
    refused, recorded = [], 0
    for briefing in library.briefings:
        known = {s.id: s for s in briefing.sections}
        unknown = [sid for sid in args.sections if sid not in known]
        if unknown or not (args.sections or args.all):
            message = f"unknown section id(s): {', '.join(unknown)}" if unknown else "name the sections, or use --all"
            raise BriefingError.at(briefing.folder, None, message, f"section ids: {', '.join(known)}")
        chosen = list(known.values()) if args.all else [known[sid] for sid in args.sections]
        path = briefing.folder / LOCK_NAME
        lock, problems = read_lock(path)
        raise_if_errors(problems)
        source = briefing.config.source_language.code
        done = record_reviewed(lock, chosen, source, args.lang)
        if done.lock != lock:
            path.write_text(lock_text(done.lock), encoding="utf-8")
        for name, count in done.recorded.items():
            print(f"recorded {count} block(s) of {briefing.base}{name} as reviewed in {display_path(path)}")
        refused += done.refused
        recorded += sum(done.recorded.values())
    for tr, block in refused:
        where = f"{display_path(tr.path)}:{block.line}"
        print(
            f"{where}: not recorded: '{block.anchor}' awaits translation (it holds the original's text)",
            file=sys.stderr,
        )
    if refused:
        print(f"{len(refused)} block(s) not recorded as reviewed; translate them first", file=sys.stderr)
    if not recorded:
        print("nothing was recorded", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .importer.start import parse_given, start_briefing

    config = load_config(args.config)
    codes = [lang.code for lang in config.languages]
    given = {"title": parse_given(args.title, "title", codes), "event": parse_given(args.event, "event", codes)}
    path = start_briefing(config, args.slug, given | {"date": args.date})
    print(f"wrote {display_path(path)}: fill it in, then add sections beside it or import a speech:")
    print(f"  python build.py import SOURCE --briefing {args.slug}")
    return EXIT_OK


WARNINGS_SHOWN = 20
"""A build lists this many warnings; `check` lists them all."""


def _print_problems(problems: Sequence[Problem], strict: bool, colour: bool, limit: int | None = None) -> None:
    if problems:
        shown = list(problems)[:limit] if limit else list(problems)
        print(format_problems(shown, colour), file=sys.stderr)
        if len(shown) < len(problems):
            print(f"… and {len(problems) - len(shown)} more: python build.py check lists them all", file=sys.stderr)
        print(summary(problems, strict), file=sys.stderr)
