"""Installed fonts, asked of fontconfig: are the configured families there, and which files are they."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ...errors import BriefingError, Problem

INSTALL_HINT = (
    "install it (Debian: `apt-get install fonts-noto-cjk` for Noto CJK, fonts-liberation2 for Liberation), "
    "or configure a family `fc-list` lists"
)
"""How to get the reference fonts."""


def list_fonts(lang: str | None = None) -> dict[str, tuple[Path, ...]]:
    """Font files by family name (every name a font answers to), optionally only fonts covering `lang`."""
    command = ["fc-list", "-f", "%{file}\t%{family}\n"]
    if lang:
        command.append(f":lang={lang}")
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    except FileNotFoundError:
        raise BriefingError.at(
            "fc-list", None, "fontconfig's fc-list was not found", "install it with `apt-get install fontconfig`"
        ) from None
    except subprocess.CalledProcessError as exc:
        raise BriefingError.at("fc-list", None, f"fc-list failed: {exc.stderr.strip()}") from None
    files: dict[str, set[Path]] = {}
    for line in result.stdout.splitlines():
        file, _, families = line.partition("\t")
        # fontconfig separates a font's names with ',' and escapes a literal one as '\,'.
        for family in re.split(r"(?<!\\),", families):
            name = family.replace("\\,", ",").strip()
            if name:
                files.setdefault(name.casefold(), set()).add(Path(file))
    return {name: tuple(sorted(paths)) for name, paths in files.items()}


def find_font_files(cjk: Iterable[str], other: Iterable[str] = (), origin: str = "print options") -> tuple[Path, ...]:
    """Files of the given families; `cjk` families must cover Chinese. Raise naming every missing one.

    `origin` says where the families were configured, for the error message.
    """
    cjk_fonts, all_fonts = list_fonts("zh"), list_fonts()
    found: set[Path] = set()
    problems = []
    for family, needs_chinese in [(f, True) for f in cjk] + [(f, False) for f in other]:
        files = (cjk_fonts if needs_chinese else all_fonts).get(family.casefold())
        if files:
            found.update(files)
        elif needs_chinese and family.casefold() in all_fonts:
            message = f"font '{family}' has no Chinese characters, so Chinese text would print as empty boxes"
            problems.append(Problem(origin, None, message, "configure a CJK family such as Noto Serif CJK SC"))
        else:
            kind = "Chinese font" if needs_chinese else "font"
            message = f"{kind} '{family}' is not installed, so PDFs cannot be made"
            problems.append(Problem(origin, None, message, INSTALL_HINT))
    if problems:
        raise BriefingError(problems)
    return tuple(sorted(found))


def fingerprint_files(files: Iterable[Path]) -> str:
    """A short hash that changes when any of the files is replaced, grows or shrinks."""
    digest = hashlib.sha256()
    for path in sorted(files):
        try:
            stat = os.stat(path)
        except OSError:
            digest.update(f"{path}\0missing\n".encode())
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
