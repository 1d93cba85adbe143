"""Reading built pages the way a browser would: elements, attributes, links, ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Page(HTMLParser):
    """Elements of one HTML file, with what link checks and injection checks need."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    @property
    def ids(self) -> set[str]:
        return {str(a["id"]) for _, a in self.tags if a.get("id")}

    @property
    def references(self) -> list[str]:
        """Every URL the page links to or loads."""
        refs = []
        for _, attrs in self.tags:
            for name in ("href", "src"):
                value = attrs.get(name)
                if value is not None:
                    refs.append(value)
        return refs

    def tags_with_id(self, anchor: str) -> list[dict[str, str | None]]:
        return [attrs for _, attrs in self.tags if attrs.get("id") == anchor]

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page
