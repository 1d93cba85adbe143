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
    sections = read_sections(root / config.get("content", "content"))
    pages = make_pages(sections, codes, config["title"]) + reference_pages(
        root / config.get("content", "content"), codes
    )
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
    sections: dict[str, dict[str, dict[str, Any]]], codes: Sequence[str], titles: dict[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    """(path, context) of the landing page, each view's home page and each section in each view."""
    views = [(code, [code]) for code in codes] + [(f"{codes[0]}-{code}", [codes[0], code]) for code in codes[1:]]
    pages: list[tuple[str, dict[str, Any]]] = [("index.html", {"lang": codes[0], "title": titles[codes[0]]})]
    for view, langs in views:
        contents = "".join(f"<li>{escape(sections[s][langs[-1]]['title'])}</li>" for s in sections)
        pages.append((f"{view}/index.html", {"lang": langs[-1], "title": titles[langs[-1]], "bodies": [contents]}))
        for section_id, translations in sections.items():
            bodies = [translations[lang]["html"] for lang in langs]
            title = translations[langs[-1]]["title"]
            pages.append((f"{view}/{section_id}/index.html", {"lang": langs[-1], "title": title, "bodies": bodies}))
    return pages


def reference_pages(content: Path, codes: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
    """One page per language for each of figures.yaml and glossary.yaml that exist, as the build makes."""
    pages = []
    for name, folder in (("figures.yaml", "figures"), ("glossary.yaml", "glossary")):
        path = content / name
        if path.exists():
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            items = data.get("terms") or data.get("figures") or []
            listing = "".join(f"<li>{escape(str(item.get('id')))}</li>" for item in items)
            pages += [
                (f"{code}/{folder}/index.html", {"lang": code, "title": folder, "bodies": [listing]}) for code in codes
            ]
    return pages


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
