"""The least any build of a project can do: read, parse, render plain Markdown, fill one template per page, write.

It writes as many files as Briefing's build (the same pages, the static files and the site marker) with none
of Briefing's checks, anchors, navigation or CJK rules, so the build's time over this one is its overhead.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markdown_it import MarkdownIt
from markupsafe import escape

PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main>
{% for body in bodies %}<article>{{ body | safe }}</article>
{% endfor %}</main></body></html>
"""
"""The one template: a title and one or more bodies of rendered HTML."""
MARKER = ".briefing-site"


def build_lower_bound(config_path: Path, out: Path) -> int:
    """Build `config_path`'s project the minimal way into the new folder `out`; returns the files written."""
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    root = config_path.parent
    codes = [lang["code"] for lang in config["languages"]]
    content = root / config.get("content", "content")
    folders = sorted(p for p in content.iterdir() if p.is_dir() and (p / "briefing.yaml").exists())
    shared = content / "glossary.yaml"
    pages: list[tuple[str, dict[str, Any]]] = []
    abouts = []
    for folder in folders or [content]:
        about = (
            yaml.load((folder / "briefing.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            if folders
            else config
        )
        abouts.append(about)
        base = f"{folder.name}/" if folders else ""
        pages += make_pages(read_sections(folder), codes, about["title"], base)
        pages += reference_pages(folder, codes, base, shared)
    if folders:
        pages += library_pages(abouts, codes, shared)
        # A plain list for a feed: the build writes one per language.
        pages += [(f"feed.{code}.xml", {"lang": code, "title": "feed", "bodies": []}) for code in codes]
    if config.get("search", True):
        pages += [(f"{code}/search/index.html", {"lang": code, "title": "search", "bodies": []}) for code in codes]
    template = jinja2.Environment(autoescape=True).from_string(PAGE)
    files = {path: template.render(context).encode("utf-8") for path, context in pages}
    static = root / config.get("templates", "templates") / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files["static/" + path.relative_to(static).as_posix()] = path.read_bytes()
    files[MARKER] = b"lower bound\n"
    for name, data in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(files)


def read_sections(content: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Front matter and rendered body of every section file, by id and language, in file-name order."""
    md = MarkdownIt("commonmark")
    sections: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for path in sorted(content.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        lang = path.name.rsplit(".", 2)[1]
        sections[meta["id"]][lang] = {"title": meta["title"], "html": md.render(body)}
    return sections


def make_pages(
    sections: dict[str, dict[str, dict[str, Any]]], codes: Sequence[str], titles: dict[str, str], base: str = ""
) -> list[tuple[str, dict[str, Any]]]:
    """(path, context) of a briefing's landing page, each view's home page and each section in each view."""
    views = [(code, [code]) for code in codes] + [(f"{codes[0]}-{code}", [codes[0], code]) for code in codes[1:]]
    pages: list[tuple[str, dict[str, Any]]] = [(f"{base}index.html", {"lang": codes[0], "title": titles[codes[0]]})]
    for view, langs in views:
        contents = "".join(f"<li>{escape(sections[s][langs[-1]]['title'])}</li>" for s in sections)
        home = {"lang": langs[-1], "title": titles[langs[-1]], "bodies": [contents]}
        pages.append((f"{base}{view}/index.html", home))
        for section_id, translations in sections.items():
            bodies = [translations[lang]["html"] for lang in langs]
            title = translations[langs[-1]]["title"]
            pages.append(
                (f"{base}{view}/{section_id}/index.html", {"lang": langs[-1], "title": title, "bodies": bodies})
            )
    return pages


def reference_pages(folder: Path, codes: Sequence[str], base: str, shared: Path) -> list[tuple[str, dict[str, Any]]]:
    """One page per language for the key figures and the glossary (the briefing's or the library's), as the
    build makes them."""
    pages = []
    for path, name in ((folder / "figures.yaml", "figures"), (folder / "glossary.yaml", "glossary")):
        if name == "glossary" and not path.exists():
            path = shared
        if path.exists():
            pages += [(f"{base}{code}/{name}/index.html", _listing(path, code, name)) for code in codes]
    return pages


def library_pages(
    abouts: Sequence[dict[str, Any]], codes: Sequence[str], shared: Path
) -> list[tuple[str, dict[str, Any]]]:
    """The library's home, a page per year and per tag in use, and its glossary in every language."""
    cards = "".join(f"<li>{escape(a['title'][codes[0]])} {escape(str(a['date']))}</li>" for a in abouts)
    listing = {"lang": codes[0], "title": "library", "bodies": [cards]}
    pages = [("index.html", listing)]
    pages += [(f"years/{year}/index.html", listing) for year in sorted({str(a["date"])[:4] for a in abouts})]
    pages += [(f"tags/{tag}/index.html", listing) for tag in sorted({t for a in abouts for t in a.get("tags", [])})]
    if shared.exists():
        pages += [(f"{code}/glossary/index.html", _listing(shared, code, "glossary")) for code in codes]
    return pages


def _listing(path: Path, code: str, name: str) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    items = data.get("terms") or data.get("figures") or []
    return {"lang": code, "title": name, "bodies": ["".join(f"<li>{escape(str(i.get('id')))}</li>" for i in items)]}


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bench.lower_bound --config FILE --out DIR`: the minimal build, into a fresh folder."""
    parser = argparse.ArgumentParser(prog="python -m bench.lower_bound", description=main.__doc__)
    parser.add_argument("--config", type=Path, required=True, help="the project's config.yaml")
    parser.add_argument("--out", type=Path, required=True, help="output folder; must not exist yet")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; the lower bound writes into a new folder")
    count = build_lower_bound(args.config, args.out)
    print(f"wrote {count} files into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
