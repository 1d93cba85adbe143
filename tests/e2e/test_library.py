"""A library of briefings: its pages, stable addresses, feeds, commands, and mistakes reported where they are."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
import yaml

from tests.conftest import ROOT, Run, snapshot, switch_on
from tests.htmlcheck import read_page
from tests.library import SPECS, Spec, make_library, write_briefing

NEWEST_FIRST = ["年中工作会议讲话", "年度工作会议讲话", "春季工作会议讲话"]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return make_library(tmp_path / "library")


def titles_in(page: Path) -> list[str]:
    """The Chinese titles of the briefings a list page shows, in order."""
    return re.findall(r"<h3><a href=\"[^\"]*\">([^<]+)</a></h3>", page.read_text(encoding="utf-8"))


def test_the_home_page_lists_briefings_newest_first_by_year(library: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(library, "build").code == 0
    site = library / "site"
    assert titles_in(site / "index.html") == NEWEST_FIRST
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.index('id="year-2024"') < home.index('id="year-2023"')
    # Each briefing: title, event and summary in both languages, and a way to read it in each view.
    assert "Mid-year Meeting Speech" in home and "The speech covers child welfare." in home
    for view in ("zh", "en", "zh-en"):
        assert f'href="2024-midyear-meeting/{view}/index.html"' in home
    assert titles_in(site / "years" / "2024" / "index.html") == NEWEST_FIRST[:2]
    assert titles_in(site / "tags" / "care" / "index.html") == NEWEST_FIRST[1:]
    assert titles_in(site / "organisations" / "office" / "index.html") == ["年度工作会议讲话"]


def test_each_briefing_keeps_its_own_folder_and_contents(library: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(library, "build").code == 0
    page = library / "site" / "2024-midyear-meeting" / "zh" / "tasks" / "index.html"
    html = page.read_text(encoding="utf-8")
    # The contents list names this briefing's sections only; the breadcrumbs lead up to the library.
    assert html.count('class="toc-list"') == 1 and "开场" in html and "社会救助兜底" not in html
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', html, re.S)
    assert crumbs is not None
    assert re.findall(r">([^<>]+)</a>", crumbs.group(0)) == ["测试讲话库", "年中工作会议讲话", "重点工作"]
    assert 'href="../../../index.html"' in crumbs.group(0)


def test_adding_a_briefing_changes_no_byte_of_the_others(library: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(library, "build").code == 0
    older = {slug: snapshot(library / "site" / slug) for slug in (s.slug for s in SPECS)}
    write_briefing(library / "content", Spec("2025-new-year", "2025-01-08", "新年讲话", "New Year Speech"))
    result = run_cli(library, "build")
    assert result.code == 0, result.err
    for slug, files in older.items():
        assert snapshot(library / "site" / slug) == files, slug
    assert titles_in(library / "site" / "index.html")[0] == "新年讲话"


def test_the_library_glossary_shows_where_every_briefing_uses_a_term(
    library: Path, run_cli: Callable[..., Run]
) -> None:
    glossary = "terms:\n  - id: safety-net\n    zh: 社会救助兜底\n    en: the social assistance safety net\n"
    glossary += (
        "    explain:\n      zh: 兜住困难群众基本生活。\n      en: Securing the basic needs of people in difficulty.\n"
    )
    (library / "content" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    assert run_cli(library, "build").code == 0
    page = (library / "site" / "zh" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "年度工作会议讲话: " in page
    assert 'href="../../2024-annual-conference/zh/opening/index.html#p1"' in page
    # The briefing's own glossary page, beside its sections, and term links in its text.
    own = library / "site" / "2024-annual-conference" / "zh" / "glossary" / "index.html"
    assert 'id="term-safety-net"' in own.read_text(encoding="utf-8")


def test_feeds_list_the_briefings_newest_first(library: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(library, "build").code == 0
    result = run_cli(library, "check")
    assert "feeds link with relative addresses" in result.err
    feed = feedparser.parse((library / "site" / "feed.en.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Test Library" and feed.feed.language == "en"
    assert [e.title for e in feed.entries] == [
        "Mid-year Meeting Speech",
        "Annual Conference Speech",
        "Spring Meeting Speech",
    ]
    assert feed.entries[0].link == "2024-midyear-meeting/index.html"
    assert feed.entries[0].published.startswith("2024-07-02")
    config = library / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "base_url: https://intranet.example/briefings/\n")
    assert run_cli(library, "build").code == 0
    feed = feedparser.parse((library / "site" / "feed.zh.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].link == "https://intranet.example/briefings/2024-midyear-meeting/index.html"
    assert feed.entries[0].title == "年中工作会议讲话"
    assert "feeds link with relative addresses" not in run_cli(library, "check").err
    home = read_page(library / "site" / "index.html")
    assert any(a.get("type") == "application/atom+xml" for a in home.find("link"))


def test_feed_links_name_no_hreflang(library: Path, run_cli: Callable[..., Run]) -> None:
    """Search engines read every `<link rel="alternate" hreflang>` as another language's version of the page, with an
    absolute address; the feeds are neither, so their links name no hreflang, with or without base_url."""
    for base_url in ("", "base_url: https://intranet.example/briefings/\n"):
        config = library / "config.yaml"
        config.write_text(config.read_text(encoding="utf-8") + base_url, encoding="utf-8")
        assert run_cli(library, "build").code == 0
        for path in sorted((library / "site").rglob("*.html")):
            head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
            feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', head)
            assert len(feeds) == 2 and not any("hreflang" in link for link in feeds), (path, feeds)
            if not base_url:
                assert "hreflang" not in head, path


def test_check_and_translated_keep_to_one_briefing(library: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(library, "check", "--briefing", "2023-spring-meeting")
    assert result.code == 0
    assert "content/2023-spring-meeting/01-opening.en.md" in result.out and "2024-" not in result.out
    unknown = run_cli(library, "check", "--briefing", "2023-spring")
    assert unknown.code == 1 and "no briefing '2023-spring'" in unknown.err and "2023-spring-meeting" in unknown.err
    ambiguous = run_cli(library, "translated", "opening")
    assert ambiguous.code == 1 and "add --briefing" in ambiguous.err
    done = run_cli(library, "translated", "opening", "--briefing", "2024-midyear-meeting")
    assert done.code == 0, done.err
    assert (library / "content" / "2024-midyear-meeting" / "translations.lock.yaml").is_file()
    assert not (library / "content" / "2023-spring-meeting" / "translations.lock.yaml").exists()


def test_new_starts_a_briefing_to_fill_in(library: Path, run_cli: Callable[..., Run]) -> None:
    result = run_cli(library, "new", "2025-work-report", "--title", "zh=政府工作报告", "--date", "2025-01-20")
    assert result.code == 0, result.err
    about = library / "content" / "2025-work-report" / "briefing.yaml"
    assert 'zh: "政府工作报告"' in about.read_text(encoding="utf-8")
    check = run_cli(library, "check")
    assert check.code == 1
    assert "content/2025-work-report/briefing.yaml:" in check.err
    assert "content/2025-work-report: no section files found" in check.err
    again = run_cli(library, "new", "2025-work-report")
    assert again.code == 1 and "folder exists already" in again.err
    for reserved in ("tags", "static", "en", "zh-en"):
        refused = run_cli(library, "new", reserved)
        assert refused.code == 1 and "reserved" in refused.err, reserved
    assert run_cli(library, "new", "Work Report").code == 1


def test_import_writes_a_briefing_with_what_the_text_says(
    library: Path, run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    source = tmp_path / "speech.txt"
    source.write_text(
        "在2025年全省民政工作会议上的讲话\n——2025年1月20日\n同志们:\n今天开会。\n一、做好兜底保障\n要把兜底保障做实。\n",
        encoding="utf-8",
    )
    result = run_cli(library, "import", str(source), "--briefing", "2025-conference")
    assert result.code == 0, result.err
    folder = library / "content" / "2025-conference"
    about = (folder / "briefing.yaml").read_text(encoding="utf-8")
    assert 'zh: "在2025年全省民政工作会议上的讲话"' in about
    assert 'zh: "2025年全省民政工作会议"' in about
    assert "date: 2025-01-20" in about
    assert sorted(p.name for p in folder.glob("*.zh.md"))
    # The English title and event are left for the translator; check says so, at their lines.
    check = run_cli(library, "check", "--briefing", "2025-conference")
    assert "content/2025-conference/briefing.yaml:" in check.err and check.code == 1


@pytest.mark.parametrize(
    ("point", "says"),
    [("一是兜底保障更加有力。全年救助10万人。", True), ("一是兜底保障更加有力。", False)],
)
def test_import_says_when_headings_are_lead_sentences(
    library: Path, run_cli: Callable[..., Run], tmp_path: Path, point: str, says: bool
) -> None:
    source = tmp_path / "speech.txt"
    text = f"在2025年全省民政工作会议上的讲话\n同志们:\n今天开会。\n一、做好兜底保障\n{point}\n二是服务更加优质。\n"
    source.write_text(text, encoding="utf-8")
    assert run_cli(library, "import", str(source), "--briefing", "2025-conference").code == 0
    about = (library / "content" / "2025-conference" / "briefing.yaml").read_text(encoding="utf-8")
    assert ("lead_sentence_headings: true" in about) is says


def test_a_briefing_words_its_own_labels_and_the_defaults_name_no_kind_of_text(
    library: Path, run_cli: Callable[..., Run]
) -> None:
    about = next((library / "content").glob("*/briefing.yaml"))
    labels = "labels:\n  zh:\n    search_placeholder: 如：就业\n  en:\n    search_placeholder: e.g. jobs\n"
    about.write_text(about.read_text(encoding="utf-8") + labels, encoding="utf-8")
    switch_on(library, "search")
    assert run_cli(library, "build", "--no-search").code == 0
    landing = (library / "site" / about.parent.name / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="如：就业"' in landing and 'placeholder="e.g. jobs"' in landing
    section = (library / "site" / about.parent.name / "en" / "opening" / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="e.g. jobs"' in section
    other = next(p for p in (library / "content").iterdir() if p != about.parent)
    assert 'placeholder="输入要查找的词语"' in (library / "site" / other.name / "index.html").read_text(
        encoding="utf-8"
    )
    defaults = yaml.safe_load((ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8"))
    worded = [f"{code}.{key}" for code, texts in defaults.items() for key, text in texts.items()]
    assert not [w for w in worded if re.search("讲话|speech|speaker", str(defaults[w[:2]][w[3:]]), re.I)]


def test_an_unknown_label_in_briefing_yaml_is_named_with_its_line(library: Path, run_cli: Callable[..., Run]) -> None:
    about = next((library / "content").glob("*/briefing.yaml"))
    about.write_text(about.read_text(encoding="utf-8") + "labels:\n  en:\n    print_boklet: Whole report (PDF)\n")
    check = run_cli(library, "check")
    assert check.code == 1
    assert "print_boklet" in check.err and "did you mean 'print_booklet'?" in check.err


def test_who_made_a_title_is_said_once_in_the_source_file(library: Path, run_cli: Callable[..., Run]) -> None:
    source = next((library / "content").glob("*/01-opening.zh.md"))
    translation = source.with_name("01-opening.en.md")
    for path in (source, translation):
        path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\ntitle_by: editor\ntitle:", 1))
    assert run_cli(library, "build").code == 0
    page = library / "site" / source.parent.name / "en" / "opening" / "index.html"
    assert "<h1>[Opening]</h1>" in page.read_text(encoding="utf-8")
    translation.write_text(translation.read_text(encoding="utf-8").replace("title_by: editor", "title_by: source"))
    check = run_cli(library, "check")
    assert check.code == 1 and "01-opening.en.md:" in check.err
    assert "title_by: source disagrees with the source file's" in check.err


GOOD = {
    "title": "title:\n  zh: 年度工作会议讲话\n  en: Annual Conference Speech",
    "event": "event:\n  zh: 年度工作会议\n  en: Annual Conference",
    "date": "date: 2024-01-15",
    "tags": "tags: [aid, care]",
    "organisation": "organisation: office",
}


@pytest.mark.parametrize(
    ("key", "wrong", "expected"),
    [
        (
            "title",
            "titel:\n  zh: 年度\n  en: Annual",
            "briefing.yaml:1: unknown briefing key 'titel' (did you mean 'title'?)",
        ),
        ("date", "date: 2024-13-01", "briefing.yaml:7: 'date' must be a date like 2024-01-15"),
        ("tags", "tags: [aid, cares]", "briefing.yaml:8: tag 'cares' is not in config.yaml"),
        ("organisation", "organisation: ofice", "briefing.yaml:9: organisation 'ofice' is not in config.yaml"),
    ],
)
def test_a_mistake_in_briefing_yaml_is_named_with_file_and_line(
    library: Path, run_cli: Callable[..., Run], key: str, wrong: str, expected: str
) -> None:
    assert run_cli(library, "build").code == 0
    before = snapshot(library / "site")
    path = library / "content" / "2024-annual-conference" / "briefing.yaml"
    path.write_text("\n".join(wrong if name == key else text for name, text in GOOD.items()) + "\n", encoding="utf-8")
    result = run_cli(library, "build")
    assert result.code == 1
    assert f"content/2024-annual-conference/{expected}" in result.err
    assert snapshot(library / "site") == before


def test_a_briefing_folder_without_briefing_yaml_is_named(library: Path, run_cli: Callable[..., Run]) -> None:
    (library / "content" / "2023-spring-meeting" / "briefing.yaml").unlink()
    result = run_cli(library, "build")
    assert result.code == 1
    assert "content/2023-spring-meeting/briefing.yaml: briefing.yaml is missing" in result.err
    assert "python build.py new 2023-spring-meeting" in result.err


def test_sections_beside_briefing_folders_are_refused(library: Path, run_cli: Callable[..., Run]) -> None:
    stray = library / "content" / "01-stray.zh.md"
    stray.write_text("---\nid: stray\norder: 1\ntitle: 多余\n---\n文字。\n", encoding="utf-8")
    result = run_cli(library, "build")
    assert result.code == 1
    assert "content/01-stray.zh.md: content/ holds section files and the briefing folder" in result.err


def test_a_briefing_folder_named_like_the_sites_own_folders_is_refused(
    library: Path, run_cli: Callable[..., Run]
) -> None:
    (library / "content" / "2023-spring-meeting").rename(library / "content" / "tags")
    result = run_cli(library, "build")
    assert result.code == 1 and "content/tags: briefing folder name 'tags' is reserved" in result.err


def test_a_build_reusing_unchanged_briefings_from_disk_equals_a_fresh_one(
    library: Path, run_cli: Callable[..., Run]
) -> None:
    """A build in a new process takes the briefings whose files did not change from the cache folder."""
    assert run_cli(library, "build").code == 0
    assert sorted(p.name for p in (library / ".briefing-cache" / "briefings").iterdir()) == [
        f"{spec.slug}.pickle" for spec in sorted(SPECS, key=lambda s: s.slug)
    ]
    section = library / "content" / "2024-annual-conference" / "02-tasks.zh.md"
    section.write_text(section.read_text(encoding="utf-8").replace("做实做细", "做深做实"), encoding="utf-8")
    glossary = "terms:\n  - id: care\n    zh: 养老\n    en: elderly care\n"
    glossary += "    explain:\n      zh: 为老年人服务。\n      en: Services for older people.\n"
    (library / "content" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    assert run_cli(library, "build").code == 0
    kept = {p: d for p, d in snapshot(library / "site").items() if not p.startswith(".briefing")}
    shutil.rmtree(library / ".briefing-cache")
    assert run_cli(library, "build", "--out", str(library / "fresh")).code == 0
    fresh = {p: d for p, d in snapshot(library / "fresh").items() if not p.startswith(".briefing")}
    assert kept == fresh
    assert "做深做实" in (library / "site" / "2024-annual-conference" / "zh" / "tasks" / "index.html").read_text(
        "utf-8"
    )


def test_checking_one_briefing_does_not_call_library_terms_unused(library: Path, run_cli: Callable[..., Run]) -> None:
    glossary = "terms:\n  - id: left-behind\n    zh: 留守老人\n    en: rural elders left behind\n"
    glossary += "    explain:\n      zh: 子女外出的农村老人。\n      en: Rural older people whose children work away.\n"
    (library / "content" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    assert "does not occur" not in run_cli(library, "check").err
    assert "does not occur" not in run_cli(library, "check", "--briefing", "2024-midyear-meeting").err
    (library / "content" / "2023-spring-meeting").rename(library / "spring")
    assert "term 'left-behind': “留守老人” does not occur in the zh text" in run_cli(library, "check").err
