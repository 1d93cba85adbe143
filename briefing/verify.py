"""The built site proves itself: no request to another host, every link and anchor resolves, every page has a language."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Sequence
from urllib.parse import unquote, urlsplit

from .errors import Problem, problem
from .model import OutputFile

_REFERENCE = re.compile(rb'<(?P<tag>[a-z][a-z0-9]*)\b(?P<attrs>[^>]*?)\s(?P<name>href|src)="(?P<url>[^"]*)"')
_REL = re.compile(rb'\srel="([^"]*)"')
_ID = re.compile(rb'\sid="([^"]*)"')
_HTML_LANG = re.compile(rb'<html\b[^>]*\slang="[^"]+"')
_CSS_REMOTE = re.compile(rb"(?:url\(\s*['\"]?|@import\s+['\"])(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_JS_REMOTE = re.compile(rb"""['"`](?:https?:)?//[a-z0-9.-]+[^'"`\s]*""", re.IGNORECASE)
_FETCHED_LINKS = {b"stylesheet", b"icon", b"preload", b"modulepreload", b"manifest", b"prefetch"}
_ALLOWED_HOSTS = (b"www.w3.org/2000/svg", b"www.w3.org/1999/xhtml", b"www.w3.org/1999/xlink")
"""Namespace URIs that look like hosts but are never fetched."""


def verify_output(
    files: Sequence[OutputFile], all_paths: Collection[str], read_kept: Callable[[str], bytes], where: str
) -> list[Problem]:
    """Check the files written this build; links into unchanged files are checked against those files."""
    fresh = {f.path: f.data for f in files}
    ids: dict[str, set[str]] = {}

    def ids_of(path: str) -> set[str]:
        if path not in ids:
            data = fresh[path] if path in fresh else read_kept(path)
            ids[path] = {m.decode("utf-8") for m in _ID.findall(data)}
        return ids[path]

    problems = []
    for file in files:
        found = _check_file(file, all_paths, ids_of)
        problems += [problem(posixpath.join(where, file.path), None, message, hint) for message, hint in found]
    return problems


def _check_file(
    file: OutputFile, all_paths: Collection[str], ids_of: Callable[[str], set[str]]
) -> list[tuple[str, str]]:
    if file.path.endswith(".html"):
        return _check_page(file, all_paths, ids_of)
    if file.path.endswith(".css") and _CSS_REMOTE.search(file.data):
        return [("stylesheet loads a file from another host", "ship the file with the site and refer to it relatively")]
    if file.path.endswith((".js", ".mjs")):
        hosts = [m.split(b"//", 1)[1] for m in _JS_REMOTE.findall(file.data)]
        remote = [h.decode() for h in hosts if h not in _ALLOWED_HOSTS]
        if remote:
            return [(f"script refers to another host ({remote[0]})", "the site must make no outside requests")]
    return []


def _check_page(
    file: OutputFile, all_paths: Collection[str], ids_of: Callable[[str], set[str]]
) -> list[tuple[str, str]]:
    found = []
    if not _HTML_LANG.search(file.data):
        found.append(("page has no language (<html lang>)", "set lang on the html element of the template"))
    for match in _REFERENCE.finditer(file.data):
        url = match["url"].decode("utf-8")
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            fetched = match["name"] == b"src" or (match["tag"] == b"link" and _fetched(match["attrs"]))
            if fetched and parts.scheme not in ("data",):
                found.append((f"loads {url} from another host", "the site must make no outside requests"))
            continue
        found += _check_link(file.path, url, parts.path, parts.fragment, all_paths, ids_of)
    return found


def _fetched(attrs: bytes) -> bool:
    rel = _REL.search(attrs)
    return bool(rel and set(rel.group(1).split()) & _FETCHED_LINKS)


def _check_link(
    page: str, url: str, path: str, fragment: str, all_paths: Collection[str], ids_of: Callable[[str], set[str]]
) -> list[tuple[str, str]]:
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path))) if path else page
    if path.endswith("/") or (path and target not in all_paths):
        return [(f"link to {url}: no such file in the site", "links must point at a file, e.g. …/index.html")]
    if fragment and target.endswith(".html") and unquote(fragment) not in ids_of(target):
        return [(f"link to {url}: no element with id '{unquote(fragment)}' there", "check the anchor")]
    return []
