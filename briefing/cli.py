"""Command line: build, check and import; prints problems, never tracebacks, and sets the exit code."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from .config import load_config
from .errors import BriefingError, display_path
from .importer import PUNCTUATION, ImportRequest, describe, import_source, request_languages
from .pipeline import build

EXIT_OK, EXIT_INPUT, EXIT_BUG = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    """Arguments of build.py."""
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build a bilingual briefing site from config.yaml, content/ and templates/."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command")
    for name, text in (("build", "build the site (the default)"), ("check", "validate everything, write nothing")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--config", type=Path, default=Path("config.yaml"), help="config file (default: config.yaml)")
        if name == "build":
            sub.add_argument("--out", type=Path, help="output folder (overrides config.yaml)")
        sub.add_argument("--debug", action="store_true", help="show tracebacks")
    add_import_parser(commands)
    return parser


def add_import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Arguments of `build.py import`."""
    sub = commands.add_parser(
        "import",
        help="split a speech (.txt, .md, .docx) into section files",
        description="Split a speech into NN-slug.LANG.md section files, with translation stubs for the other languages.",
    )
    sub.add_argument("source", type=Path, help="the speech: .txt or .md (UTF-8) or .docx")
    sub.add_argument("--out", type=Path, help="folder for the section files (default: content folder of config.yaml)")
    sub.add_argument("--config", type=Path, default=Path("config.yaml"), help="config file (default: config.yaml)")
    sub.add_argument("--lang", help="language of the source (default: the first language in config.yaml)")
    sub.add_argument("--dry-run", action="store_true", help="show the sections and files, write nothing")
    sub.add_argument("--force", action="store_true", help="replace section files that already exist")
    sub.add_argument(
        "--drop-line", action="append", default=[], metavar="TEXT", help="also drop lines reading TEXT (repeatable)"
    )
    sub.add_argument(
        "--punctuation",
        choices=PUNCTUATION,
        default="keep",
        help="keep (default) or make ASCII , : ; ! ? ( ) full-width",
    )
    sub.add_argument("--debug", action="store_true", help="show tracebacks")


def run_import(args: argparse.Namespace) -> None:
    """Import a speech as the arguments say, printing warnings and what was written."""
    config = load_config(args.config)
    lang, stubs = request_languages(config, args.lang)
    request = ImportRequest(
        source=args.source,
        out=args.out or config.content,
        lang=lang,
        stub_langs=stubs,
        drop_lines=tuple(args.drop_line),
        punctuation=args.punctuation,
        dry_run=args.dry_run,
        force=args.force,
    )
    result = import_source(request)
    for item in result.warnings:
        print(item, file=sys.stderr)
    print("\n".join(describe(result, request)))


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command and return the process exit code."""
    args = make_parser().parse_args(argv if argv is not None else sys.argv[1:])
    if args.command is None:
        args = make_parser().parse_args(["build", *(argv if argv is not None else sys.argv[1:])])
    try:
        if args.command == "import":
            run_import(args)
        elif args.command == "check":
            result = build(args.config, write=False)
            print(f"ok: {len(result.site.sections)} sections in {len(result.site.views)} views, no problems")
        else:
            result = build(args.config, args.out)
            out = result.site.config.output
            stages = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in result.timings.stages)
            print(f"built {len(result.files)} files into {display_path(out)}/ ({stages})")
            print(f"open {display_path(out / 'index.html')}")
        return EXIT_OK
    except BriefingError as exc:
        for item in exc.problems:
            print(item, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    except Exception:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"internal error: {sys.exc_info()[1]!r}\nplease report this with the output of --debug", file=sys.stderr
            )
        return EXIT_BUG
