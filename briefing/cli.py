"""Command line: build and check; prints problems, never tracebacks, and sets the exit code."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import BriefingError, display_path
from .pipeline import build
from .serve import serve

EXIT_OK, EXIT_INPUT, EXIT_BUG = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    """Arguments of build.py."""
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build a bilingual briefing site from config.yaml, content/ and templates/."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command")
    build_cmd = _command(commands, "build", "build the site (the default)")
    build_cmd.add_argument("--out", type=Path, help="output folder (overrides config.yaml)")
    _command(commands, "check", "validate everything, write nothing")
    serve_cmd = _command(commands, "serve", "build, serve on this machine, rebuild and reload on every save")
    serve_cmd.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve_cmd.add_argument("--out", type=Path, help="output folder (overrides config.yaml)")
    return parser


def _command(commands: Any, name: str, text: str) -> argparse.ArgumentParser:
    sub: argparse.ArgumentParser = commands.add_parser(name, help=text)
    sub.add_argument("--config", type=Path, default=Path("config.yaml"), help="config file (default: config.yaml)")
    sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    return sub


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command and return the process exit code."""
    args = make_parser().parse_args(argv if argv is not None else sys.argv[1:])
    if args.command is None:
        args = make_parser().parse_args(["build", *(argv if argv is not None else sys.argv[1:])])
    try:
        if args.command == "serve":
            serve(args.config, args.host, args.port, args.out)
        elif args.command == "check":
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
