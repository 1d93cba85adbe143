"""Rebuilds render and write only what changed; untouched files stay exactly as they were."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from briefing.build.builder import Builder
from briefing.errors import BriefingError


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_change_rebuild_writes_nothing(mini: Path) -> None:
    Builder(mini / "config.yaml").build()
    before = stamps(mini / "site")
    result = Builder(mini / "config.yaml").build()
    assert result.rendered == 0 and result.written == ()
    assert result.library is None, "the inputs recorded by the first build match: nothing is even loaded"
    assert stamps(mini / "site") == before


def test_editing_one_paragraph_rerenders_only_the_pages_showing_it(mini: Path) -> None:
    Builder(mini / "config.yaml").build()
    before = stamps(mini / "site")
    edit(mini / "content" / "02-work.en.md", "A paragraph on elderly care.", "A paragraph on care for older people.")
    result = Builder(mini / "config.yaml").build()
    assert sorted(result.written) == ["en/work/index.html", "zh-en/work/index.html"]
    after = stamps(mini / "site")
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {".briefing-site", "en/work/index.html", "zh-en/work/index.html"}
    assert "care for older people" in (mini / "site" / "en" / "work" / "index.html").read_text(encoding="utf-8")


def test_a_new_title_reaches_every_contents_list(mini: Path) -> None:
    Builder(mini / "config.yaml").build()
    edit(mini / "content" / "01-intro.en.md", "title: Opening", "title: Opening Remarks")
    result = Builder(mini / "config.yaml").build()
    assert set(result.written) == {
        "index.html",
        "en/index.html",
        "en/intro/index.html",
        "en/work/index.html",
        "zh-en/index.html",  # side by side, contents lists carry the English titles too
        "zh-en/intro/index.html",
        "zh-en/work/index.html",
    }
    for page in ("index.html", "en/work/index.html", "zh-en/work/index.html"):
        assert "Opening Remarks" in (mini / "site" / page).read_text(encoding="utf-8")


def test_a_template_change_rerenders_everything(mini: Path) -> None:
    first = Builder(mini / "config.yaml").build()
    edit(mini / "templates" / "base.html", '<footer class="colophon">', '<footer class="colophon site-end">')
    result = Builder(mini / "config.yaml").build()
    assert result.rendered == first.pages


def test_a_removed_section_disappears_from_the_site(mini: Path) -> None:
    Builder(mini / "config.yaml").build()
    edit(mini / "content" / "01-intro.zh.md", "第三段落,见[第二节](02-work.md#care)。", "第三段落。")
    edit(mini / "content" / "01-intro.en.md", "A third paragraph; see [section two](02-work.md#care).", "A third.")
    for path in (mini / "content").glob("02-work.*.md"):
        path.unlink()
    Builder(mini / "config.yaml").build()
    assert not (mini / "site" / "zh" / "work").exists()
    assert (mini / "site" / "zh" / "intro" / "index.html").exists()


def test_in_place_builder_updates_only_changed_files(mini: Path) -> None:
    builder = Builder(mini / "config.yaml", in_place=True)
    builder.build()
    before = stamps(mini / "site")
    edit(mini / "content" / "01-intro.zh.md", "同志们:", "同志们、朋友们:")
    result = builder.build()
    assert sorted(result.written) == ["zh-en/intro/index.html", "zh/intro/index.html"]
    assert result.library.briefings[0].sections and result.rendered == 2
    after = stamps(mini / "site")
    assert {p for p in after if after[p] != before[p]} == {
        ".briefing-site",
        "zh/intro/index.html",
        "zh-en/intro/index.html",
    }


def test_a_site_edited_by_hand_is_repaired(mini: Path) -> None:
    Builder(mini / "config.yaml").build()
    page = mini / "site" / "zh" / "intro" / "index.html"
    page.write_text("broken", encoding="utf-8")
    os.utime(page)
    result = Builder(mini / "config.yaml").build()
    assert "zh/intro/index.html" in result.written
    assert "同志们" in page.read_text(encoding="utf-8")


def test_a_language_dropped_from_config_is_noticed_by_a_kept_builder(mini: Path) -> None:
    """serve keeps its builder: files it read before must still pass the checks a fresh build makes."""
    builder = Builder(mini / "config.yaml", in_place=True)
    builder.build()
    config = mini / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  en: Test Briefing\n", "").replace("  en: Test Meeting\n", "").split("  - code: en")[0]
        + "content: content\ntemplates: templates\noutput: site\nsearch: false\npdf: false\n",
        encoding="utf-8",
    )
    strings = mini / "templates" / "strings.yaml"
    strings.write_text(strings.read_text(encoding="utf-8").split("\nen:")[0] + "\n", encoding="utf-8")
    with pytest.raises(BriefingError) as caught:
        builder.build()
    assert "language 'en' in the file name is not in config.yaml" in str(caught.value)


def test_a_change_made_while_a_build_runs_is_built_next_time(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The inputs a build records are hashed before it reads them: files added or edited meanwhile are not taken
    as built, and the next build makes them."""
    import briefing.build.builder
    import briefing.outputs.assets

    real_load, real_static = briefing.build.builder.load_library, briefing.outputs.assets.read_static

    def load_then_add(*args: Any, **kwargs: Any) -> Any:
        loaded = real_load(*args, **kwargs)
        for lang, title in (("zh", "补充"), ("en", "More")):
            text = f"---\nid: more\norder: 3\ntitle: {title}\n---\nA late paragraph.\n"
            (mini / "content" / f"03-more.{lang}.md").write_text(text, encoding="utf-8")
        return loaded

    def read_then_edit(*args: Any, **kwargs: Any) -> Any:
        static = real_static(*args, **kwargs)
        style = mini / "templates" / "static" / "style.css"
        style.write_text(style.read_text(encoding="utf-8") + "\n.late { color: red }\n", encoding="utf-8")
        return static

    monkeypatch.setattr(briefing.build.builder, "load_library", load_then_add)
    monkeypatch.setattr(briefing.outputs.assets, "read_static", read_then_edit)
    Builder(mini / "config.yaml").build()
    assert not (mini / "site" / "en" / "more").exists()
    monkeypatch.setattr(briefing.build.builder, "load_library", real_load)
    monkeypatch.setattr(briefing.outputs.assets, "read_static", real_static)
    result = Builder(mini / "config.yaml").build()
    assert result.library is not None and result.rendered > 0
    assert (mini / "site" / "en" / "more" / "index.html").is_file()
    assert b".late{color:red}" in (mini / "site" / "static" / "style.css").read_bytes()
