"""Command line: build and check; prints problems, never tracebacks, and sets the exit code."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from .errors import BriefingError, display_path
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command and return the process exit code."""
    args = make_parser().parse_args(argv if argv is not None else sys.argv[1:])
    if args.command is None:
        args = make_parser().parse_args(["build", *(argv if argv is not None else sys.argv[1:])])
    try:
        if args.command == "check":
            result = build(args.config, write=False)
            print(f"ok: {len(result.site.sections)} sections in {len(result.site.views)} views, no problems")
        else:
            result = build(args.config, args.out)
            out = result.site.config.output
            stages = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in result.timings.stages)
            if result.written:
                print(
                    f"rendered {result.rendered} of {result.pages} pages, wrote {len(result.written)} files ({stages})"
                )
            else:
                print(f"site is up to date: nothing changed since the last build ({stages})")
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
