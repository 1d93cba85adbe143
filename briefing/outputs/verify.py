"""The built site proves itself: no request to another host, every link and anchor resolves, every page has a language."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from ..errors import Problem, problem
from ..model import OutputFile

_TAG = re.compile(rb"<!--.*?(?:-->|\Z)|<([a-zA-Z][^\t\n\f\r />]*)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>", re.DOTALL)
"""A comment (skipped) or a start tag with its attributes, quoted values may hold '>'; as browsers tokenise them.
Possessive: runs of plain characters are taken whole and never given back, so an unclosed tag fails at once."""
_RAW_END = {
    b"script": re.compile(rb"</script[\t\n\f\r />]", re.I),
    b"style": re.compile(rb"</style[\t\n\f\r />]", re.I),
}
"""Elements whose content is text, not markup, up to their end tag."""
_ATTR = re.compile(
    rb"""([^\t\n\f\r />"'=][^\t\n\f\r />=]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]+)))?"""
)
"""One attribute: name, then its value double-quoted, single-quoted or unquoted."""
_WATCHED = re.compile(
    rb"(?:id|href|src|srcset|lang|rel|poster|data|action|formaction|background|http-equiv)[\t\n\f\r ]*=", re.I
)
"""An attribute the check reads (or one whose name ends like one: those are read too, to be safe)."""
_REMOTE = re.compile(rb"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_CSS_REMOTE = re.compile(rb"(?:url\(\s*['\"]?|@import\s+['\"])(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_JS_REMOTE = re.compile(rb"""['"`](?:https?:)?//[a-z0-9.-]+[^'"`\s]*""", re.IGNORECASE)
_FETCHED_LINKS = {b"stylesheet", b"icon", b"preload", b"modulepreload", b"manifest", b"prefetch"}
_FETCHED_ATTRIBUTES = (b"src", b"poster", b"data", b"action", b"formaction", b"background")
"""Attributes whose URL a browser requests (or submits to) as soon as the page is shown or used."""
_ALLOWED_HOSTS = (b"www.w3.org/2000/svg", b"www.w3.org/1999/xhtml", b"www.w3.org/1999/xlink")
"""Namespace URIs that look like hosts but are never fetched."""


Finding = tuple[str, str]
"""(message, hint) about one file."""


@dataclass(frozen=True)
class FileCheck:
    """What checking one file found, and what can only be checked once every page is known."""

    findings: tuple[Finding, ...]
    ids: frozenset[str]
    """Element ids of the page, for links into it."""
    anchors: tuple[tuple[str, str, str], ...]
    """(url as written, target page, fragment) of links into other pages."""


@dataclass
class Markup:
    """What a page's start tags say, read as a browser tokenises them (any quoting, any case, entities decoded)."""

    lang: bool = False
    """Whether the html element has a language."""
    ids: set[str] = field(default_factory=set)
    links: set[bytes] = field(default_factory=set)
    """Every href: followed only when clicked."""
    sources: set[bytes] = field(default_factory=set)
    """URLs a browser requests by itself: src, poster, … and link elements that load a file."""
    findings: list[Finding] = field(default_factory=list)


def read_markup(data: bytes) -> Markup:
    """The start tags of a page, comments and the text of scripts and stylesheets skipped."""
    found = Markup()
    position = 0
    while match := _TAG.search(data, position):
        position = match.end()
        name = match[1]
        if name is None:
            continue
        name = name.lower()
        chunk = match[2]
        # Most tags carry only a class, or nothing: they need no closer look.
        if _WATCHED.search(chunk) or name == b"base":
            _read_tag(name, _attributes(chunk), found)
        if name in _RAW_END:
            end = _RAW_END[name].search(data, position)
            position = end.start() if end else len(data)
    return found


def _attributes(chunk: bytes) -> dict[bytes, bytes]:
    """Attribute names in lower case with their values, character references decoded; the first of a name wins."""
    values: dict[bytes, bytes] = {}
    for match in _ATTR.finditer(chunk):
        value = match[2] if match[2] is not None else match[3] if match[3] is not None else match[4] or b""
        if b"&" in value:
            value = html.unescape(value.decode("utf-8")).encode("utf-8")
        values.setdefault(match[1].lower(), value)
    return values


def _read_tag(name: bytes, attributes: dict[bytes, bytes], found: Markup) -> None:
    if b"id" in attributes:
        found.ids.add(attributes[b"id"].decode("utf-8"))
    if name == b"html" and attributes.get(b"lang"):
        found.lang = True
    href = attributes.get(b"href")
    if href is not None:
        found.links.add(href)
        if name == b"link" and set(attributes.get(b"rel", b"").lower().split()) & _FETCHED_LINKS:
            found.sources.add(href)
    found.sources.update(attributes[key] for key in _FETCHED_ATTRIBUTES if key in attributes)
    for candidate in attributes.get(b"srcset", b"").split(b","):
        if candidate.strip():
            found.sources.add(candidate.split()[0])
    if name == b"meta" and attributes.get(b"http-equiv", b"").lower() == b"refresh":
        found.findings.append(("page sends the reader elsewhere (<meta http-equiv=refresh>)", _NO_REQUESTS))
    if name == b"base":
        found.findings.append(("page changes the base of its links (<base>)", "remove the base element"))


def page_ids(data: bytes) -> frozenset[str]:
    """The element ids of a page."""
    return frozenset(read_markup(data).ids)


def finish_checks(
    checks: Mapping[str, FileCheck], kept_ids: Callable[[str], frozenset[str]], where: str
) -> list[Problem]:
    """Problems of every file, with links into other pages checked against those pages' ids.

    `kept_ids` gives the ids of a page that was not checked this time (kept from the last build).
    """
    ids = {path: check.ids for path, check in checks.items()}

    def ids_of(path: str) -> frozenset[str]:
        if path not in ids:
            ids[path] = kept_ids(path)
        return ids[path]

    problems = []
    for path, check in checks.items():
        found = list(check.findings)
        for url, target, fragment in check.anchors:
            if fragment not in ids_of(target):
                found.append(_no_element(url, fragment))
        problems += [problem(posixpath.join(where, path), None, message, hint) for message, hint in found]
    return problems


class Checker:
    """Checks files one by one, remembering links already resolved: pages of one view share most of them."""

    def __init__(self, all_paths: Collection[str]) -> None:
        self.all_paths = all_paths
        self.links: dict[tuple[str, bytes], str | None] = {}
        self.clean: dict[str, set[bytes]] = {}
        self.into: dict[str, dict[bytes, tuple[str, str, str]]] = {}
        """Per parent folder: ../ links with a fragment, as (url, target page, fragment)."""

    def check_file(self, file: OutputFile) -> FileCheck:
        """Check a page (language, outside requests, links) or an asset (outside requests)."""
        if file.path.endswith(".html"):
            return self.check_page(file)
        return FileCheck(tuple(_check_asset(file)), frozenset(), ())

    def check_page(self, file: OutputFile) -> FileCheck:
        markup = read_markup(file.data)
        found = list(markup.findings)
        if not markup.lang:
            found.append(("page has no language (<html lang>)", "set lang on the html element of the template"))
        sources = markup.sources
        found += [(f"loads {u.decode()} from another host", _NO_REQUESTS) for u in sorted(sources) if _fetches(u)]
        ids = frozenset(markup.ids)
        anchors = []
        folder = posixpath.dirname(file.path).split("/") if "/" in file.path else []
        # Links climbing out with ../ mean the same from every page of the folder's parent; those found
        # sound once (most of the contents list) need no second look, and those into another page (terms,
        # figures) are resolved once. From the top folder they leave the site.
        parent = "/".join(folder[:-1])
        clean = self.clean.setdefault(parent, set()) if folder else set()
        into = self.into.setdefault(parent, {}) if folder else {}
        for url in sorted((markup.links | sources) - clean):
            link = into.get(url)
            if link is None:
                if _REMOTE.match(url):
                    continue
                # The file part decides the target and is shared by many links; the fragment is looked up apart.
                path, _, fragment = url.partition(b"#")
                key = _resolved_key(file.path, folder, path)
                if key not in self.links:
                    self.links[key] = self.check_link(key)
                target = self.links[key]
                if target is None:
                    found.append(_broken(url.decode(), leaves=key[0] == ".."))
                    continue
                if not fragment or not target.endswith(".html"):
                    if url.startswith(b"../") and folder:
                        clean.add(url)
                    continue
                link = (url.decode("utf-8"), target, unquote(fragment.decode("utf-8")))
                if url.startswith(b"../") and folder:
                    into[url] = link
            if link[1] != file.path:
                anchors.append(link)
            elif link[2] not in ids:
                found.append(_no_element(link[0], link[2]))
        return FileCheck(tuple(found), ids, tuple(anchors))

    def check_link(self, key: tuple[str, bytes]) -> str | None:
        """The file a link's file part points at, or None when that is outside the site or missing."""
        base, rest = key
        if base == "..":
            return None
        path = urlsplit(rest.decode("utf-8")).path
        target = posixpath.normpath(posixpath.join(base, unquote(path))) if path else base
        # A folder ('../', '.') is no file: the site is opened from disk too, where folders show no index.html.
        if path.endswith("/") or target not in self.all_paths:
            return None
        return target


_NO_REQUESTS = "the site must make no outside requests"


def _check_asset(file: OutputFile) -> list[Finding]:
    if file.path.endswith(".css") and _CSS_REMOTE.search(file.data):
        return [("stylesheet loads a file from another host", "ship the file with the site and refer to it relatively")]
    if file.path.endswith((".js", ".mjs")):
        hosts = [m.split(b"//", 1)[1] for m in _JS_REMOTE.findall(file.data)]
        remote = [h.decode() for h in hosts if h not in _ALLOWED_HOSTS]
        if remote:
            return [(f"script refers to another host ({remote[0]})", _NO_REQUESTS)]
    return []


def _no_element(url: str, fragment: str) -> Finding:
    return (f"link to {url}: no element with id '{fragment}' there", "check the anchor")


def _broken(url: str, leaves: bool) -> Finding:
    if leaves:
        return (f"link to {url}: leaves the site", "links must stay inside the output folder")
    return (f"link to {url}: no such file in the site", "links must point at a file, e.g. …/index.html")


def _fetches(url: bytes) -> bool:
    return bool(_REMOTE.match(url)) and not url.startswith(b"data:")


def _resolved_key(page: str, folder: list[str], url: bytes) -> tuple[str, bytes]:
    """(folder the link's file part is relative to, rest of it): links to the same file share one key.

    An empty file part (a bare #fragment) or a bare ?query is the page itself; each leading ../ moves one folder up, so
    `../b/index.html` from zh/a/ and from zh/c/ share the key ('zh', b'b/index.html').
    """
    if not url or url[0] == 63:  # nothing before the fragment, or only '?query': the page itself
        return page, url
    rest = url.lstrip(b"./")
    up = url[: len(url) - len(rest)].count(b"../")
    if rest != url[3 * up :]:  # './' or odd dots: resolve the slow, general way
        rest, up = url, 0
    if up > len(folder):
        return "..", rest
    return "/".join(folder[: len(folder) - up]), rest
