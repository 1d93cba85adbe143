"""Printing handouts and booklets with WeasyPrint, read back with pypdf as a reader's PDF viewer would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from briefing.build.builder import build
from briefing.cli import main
from briefing.config import load_config
from briefing.errors import BriefingError
from briefing.load.labels import load_strings
from briefing.model import Briefing, PrintSettings
from briefing.outputs.pdf.plan import PdfJob, PdfStats, plan_pdfs, render_pdfs
from tests.conftest import BUNDLED, FIXTURES, ROOT, Run, copy_project, load_briefing, snapshot, switch_on

pytestmark = pytest.mark.pdf

SHORT = {"zh": "民政工作会议讲话", "en": "Civil Affairs Speech"}
OPTIONS = PrintSettings(
    short_title=SHORT, author={"zh": "省民政厅", "en": "Department of Civil Affairs"}, date="2024-01-15"
)


@dataclass(frozen=True)
class Printed:
    """A project, its PDFs by output path, and what printing them took."""

    site: Briefing
    jobs: list[PdfJob]
    pdfs: dict[str, bytes]
    stats: PdfStats
    cache: Path | None


def print_project(config: Path, cache: Path | None, workers: int = 1, only: str = "") -> Printed:
    loaded = load_config(config)
    site = load_briefing(loaded)
    jobs = [job for job in plan_pdfs(site, load_strings(loaded), OPTIONS) if only in job.path]
    files, stats = render_pdfs(jobs, cache, workers, progress=True)
    return Printed(site, jobs, {f.path: f.data for f in files}, stats, cache)


def read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in read(data).pages]


def flat(text: str) -> str:
    """Text without whitespace or hyphens, so line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-‐]", "", text)


def entry(title: str) -> str:
    """A title as found in a table of contents, where its final full stop runs into the leader dots."""
    return flat(title).rstrip(".")


@pytest.fixture(scope="module")
def mini_printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    project = copy_project(FIXTURES / "sites" / "mini", tmp_path_factory.mktemp("print") / "mini")
    return print_project(project / "config.yaml", project / "pdf-cache")


@pytest.fixture(scope="module")
def speech_printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The bundled speech, on two worker processes; content/ is only read."""
    return print_project(ROOT / "config.yaml", tmp_path_factory.mktemp("speech-cache"), workers=2)


def test_every_pdf_is_printed_once(mini_printed: Printed) -> None:
    assert len(mini_printed.pdfs) == 8
    assert mini_printed.stats.rendered == 8 and mini_printed.stats.cached == 0
    assert all(data.startswith(b"%PDF-") for data in mini_printed.pdfs.values())


def test_sentences_are_text_in_chinese_and_english(mini_printed: Printed) -> None:
    zh_sentence, en_sentence = (
        "一是民生兜底保障更加有力。全年发放各类救助资金84.5亿元",
        "Aid of 8.45 billion yuan was paid out.",
    )
    assert flat(zh_sentence) in flat("".join(pages(mini_printed.pdfs["pdf/zh/intro.pdf"])))
    assert flat(en_sentence) in flat("".join(pages(mini_printed.pdfs["pdf/en/intro.pdf"])))
    both = flat("".join(pages(mini_printed.pdfs["pdf/zh-en/intro.pdf"])))
    assert flat(zh_sentence) in both and flat(en_sentence) in both
    assert both.index(flat("同志们")) < both.index(flat("Comrades,"))


def font_files(data: bytes) -> dict[str, bool]:
    """Every font used on any page, and whether its glyphs are embedded."""
    found = {}
    for page in read(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
            found[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def test_chinese_fonts_are_embedded(mini_printed: Printed) -> None:
    for path, data in mini_printed.pdfs.items():
        fonts = font_files(data)
        assert fonts and all(fonts.values()), (path, fonts)
        assert any("Noto-Serif-CJK-SC" in name for name in fonts), (path, fonts)


def test_paragraph_anchors_are_named_destinations(mini_printed: Printed) -> None:
    def names(path: str) -> set[str]:
        return set(read(mini_printed.pdfs[path]).named_destinations)

    assert {"p1", "p2", "p3"} <= names("pdf/zh/intro.pdf")
    assert {"p1", "care", "p2", "fn-zh-1", "fn-en-1"} <= names("pdf/zh-en/work.pdf")
    assert {"intro", "intro.p1", "intro.p3", "work", "work.care", "work.fn-en-1"} <= names("pdf/booklet.en.pdf")


def test_metadata_names_title_author_language_and_fixed_date(mini_printed: Printed) -> None:
    reader = read(mini_printed.pdfs["pdf/zh/work.pdf"])
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"一、重点工作 · {SHORT['zh']}"
    assert meta.author == "省民政厅"
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20240115"
    assert reader.trailer["/Root"]["/Lang"] == "zh-Hans"
    booklet = read(mini_printed.pdfs["pdf/booklet.en.pdf"])
    assert booklet.metadata is not None and booklet.metadata.title == "Test Briefing"
    assert booklet.trailer["/Root"]["/Lang"] == "en"


def page_label(lang: str, page: int, total: int) -> str:
    return f"第 {page} 页 / 共 {total} 页" if lang == "zh" else f"Page {page} of {total}"


def test_handout_pages_carry_header_and_page_numbers(speech_printed: Printed) -> None:
    part = next(s for s in speech_printed.site.sections if s.id == "part-1")
    for view, langs in (("zh", ["zh"]), ("zh-en", ["zh", "en"])):
        texts = pages(speech_printed.pdfs[f"{BUNDLED.name}/pdf/{view}/part-1.pdf"])
        assert len(texts) > 1
        title = part.translations[langs[0]].full_title
        for number, text in enumerate(texts, start=1):
            assert flat(SHORT[langs[0]]) in flat(text) and flat(title) in flat(text), (view, number)
            for lang in langs:
                assert page_label(lang, number, len(texts)) in text, (view, number)


def test_booklet_has_cover_contents_and_numbered_pages(speech_printed: Printed) -> None:
    for lang in ("zh", "en"):
        texts = pages(speech_printed.pdfs[f"{BUNDLED.name}/pdf/booklet.{lang}.pdf"])
        cover, contents = texts[0], texts[1]
        assert flat(speech_printed.site.about.title[lang]) in flat(cover)
        assert flat(speech_printed.site.about.event[lang]) in flat(cover)
        assert "页" not in cover and "Page" not in cover
        assert ("目录" if lang == "zh" else "Contents") in contents
        for number, text in enumerate(texts[1:], start=2):
            assert page_label(lang, number, len(texts)) in text
            # The briefing's own short title (briefing.yaml) comes before the print settings'.
            assert speech_printed.site.about.short_title[lang] in text


@pytest.mark.parametrize(
    ("lang", "titles", "sentences"),
    [
        ("zh", ["〔开场〕", "〔2023年工作回顾〕"], ["加〔 〕的标题为编者所加", "起首句"]),
        (
            "en",
            ["[Opening]", "[A Review of 2023]"],
            ["Titles in square brackets were added by the editors", "lead sentence"],
        ),
    ],
)
def test_booklet_marks_the_editors_titles_and_explains_them(
    speech_printed: Printed, lang: str, titles: list[str], sentences: list[str]
) -> None:
    texts = pages(speech_printed.pdfs[f"{BUNDLED.name}/pdf/booklet.{lang}.pdf"])
    contents, body = flat(texts[1]), flat("".join(texts[2:]))
    for title in titles:
        assert flat(title) in contents and flat(title) in body
    for sentence in sentences:
        assert flat(sentence) in contents
    assert flat("二、突出抓好" if lang == "zh" else "II. Focus") in contents
    assert "〔二、" not in contents and "[II." not in contents


def contents_entries(text: str) -> dict[str, int]:
    """Entries of a printed table of contents (after its heading): flattened title -> number after the dots."""
    entries, lines = {}, ""
    for line in text.split("\n")[1:]:
        lines += line
        match = re.match(r"^(.*?)\s*(?:\.\s*){2,}(\d+)$", lines)
        if match:
            entries[entry(match.group(1))] = int(match.group(2))
            lines = ""
    return entries


def test_booklet_contents_page_numbers_are_where_sections_start(speech_printed: Printed) -> None:
    for lang in ("zh", "en"):
        reader = read(speech_printed.pdfs[f"{BUNDLED.name}/pdf/booklet.{lang}.pdf"])
        entries = contents_entries(reader.pages[1].extract_text())
        destinations = reader.named_destinations
        for section in speech_printed.site.sections:
            tr = section.translations[lang]
            start = reader.get_destination_page_number(destinations[section.id]) + 1
            assert entries[entry(tr.full_title)] == start, (lang, section.id)
            assert flat(tr.full_title) in flat(reader.pages[start - 1].extract_text())
            for heading in (h for h in tr.headings if h.level == 2):
                page = reader.get_destination_page_number(destinations[f"{section.id}.{heading.anchor}"]) + 1
                assert entries[entry(heading.text)] == page, (lang, heading.anchor)
        assert len(entries) > len(speech_printed.site.sections)


def headings_of(site: Briefing, langs: list[str]) -> list[str]:
    texts = []
    for section in site.sections:
        for lang in langs:
            tr = section.translations[lang]
            texts += [tr.full_title, *(h.text for h in tr.headings)]
    return [flat(text) for text in texts]


def test_no_page_ends_with_a_heading(speech_printed: Printed) -> None:
    for path, data in speech_printed.pdfs.items():
        langs = ["zh", "en"] if "/zh-en/" in path else ["en" if ".en." in path or "/en/" in path else "zh"]
        headings = headings_of(speech_printed.site, langs)
        for number, text in enumerate(pages(data)[:-1], start=1):
            body = text[: text.rfind(SHORT[langs[0]])] if SHORT[langs[0]] in text else text
            stranded = [h for h in headings if flat(body).endswith(h)]
            assert not stranded, (path, number, stranded)


def test_unchanged_pdfs_come_from_the_cache_and_a_change_prints_only_its_pdfs(
    mini_printed: Printed, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert mini_printed.cache is not None
    project = copy_project(FIXTURES / "sites" / "mini", tmp_path / "mini")
    cache = tmp_path / "cache"
    shutil.copytree(mini_printed.cache, cache)
    again = print_project(project / "config.yaml", cache)
    assert (again.stats.rendered, again.stats.cached) == (0, 8)
    assert again.pdfs == mini_printed.pdfs
    path = project / "content" / "02-work.zh.md"
    path.write_text(path.read_text(encoding="utf-8").replace("养老服务段落。", "养老服务新段落。"), encoding="utf-8")
    changed = print_project(project / "config.yaml", cache)
    assert (changed.stats.rendered, changed.stats.cached) == (3, 5)
    different = {p for p, data in changed.pdfs.items() if data != mini_printed.pdfs[p]}
    assert different == {"pdf/zh/work.pdf", "pdf/zh-en/work.pdf", "pdf/booklet.zh.pdf"}
    assert len(list(cache.glob("*.pdf"))) == 11, "the earlier PDFs stay in the cache"
    assert capsys.readouterr().err == "", "no progress bar when stderr is not a terminal"
    path.write_text(path.read_text(encoding="utf-8").replace("养老服务新段落。", "养老服务段落。"), encoding="utf-8")
    back = print_project(project / "config.yaml", cache)
    assert (back.stats.rendered, back.stats.cached) == (0, 8) and back.pdfs == mini_printed.pdfs


def test_a_full_cache_drops_the_least_recently_used_pdfs_first(
    mini_printed: Printed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert mini_printed.cache is not None
    project = copy_project(FIXTURES / "sites" / "mini", tmp_path / "mini")
    cache = tmp_path / "cache"
    shutil.copytree(mini_printed.cache, cache)
    first = {path.name for path in cache.glob("*.pdf")}
    monkeypatch.setattr("briefing.outputs.pdf.render.CACHE_BYTES", 0)
    path = project / "content" / "02-work.zh.md"
    path.write_text(path.read_text(encoding="utf-8").replace("养老服务段落。", "养老服务新段落。"), encoding="utf-8")
    changed = print_project(project / "config.yaml", cache)
    kept = {path.name for path in cache.glob("*.pdf")}
    assert len(kept) == 8, "over its size, the cache keeps only what the latest build used"
    assert len(first - kept) == 3 and changed.stats.rendered == 3


def test_same_inputs_give_identical_bytes_in_parallel_workers(mini_printed: Printed, tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "sites" / "mini", tmp_path / "mini")
    parallel = print_project(project / "config.yaml", None, workers=2)
    assert parallel.stats.rendered == 8
    assert parallel.pdfs == mini_printed.pdfs


def test_missing_font_stops_before_anything_is_printed(mini: Path) -> None:
    config = load_config(mini / "config.yaml")
    options = PrintSettings(font="Nowhere Serif CJK SC", origin="config.yaml")
    jobs = plan_pdfs(load_briefing(config), load_strings(config), options)
    with pytest.raises(BriefingError) as caught:
        render_pdfs(jobs, mini / "cache", 1, progress=False)
    assert "Chinese font 'Nowhere Serif CJK SC' is not installed" in str(caught.value)
    assert "apt-get install fonts-noto-cjk" in str(caught.value)
    assert not (mini / "cache").exists()


@pytest.fixture
def edit_print_template(mini: Path) -> Iterator[tuple[Path, Path]]:
    yield mini, mini / "templates" / "print"


def test_print_that_would_fetch_from_the_network_fails(edit_print_template: tuple[Path, Path]) -> None:
    project, folder = edit_print_template
    booklet = folder / "booklet.html"
    booklet.write_text(
        booklet.read_text(encoding="utf-8").replace(
            '<section class="cover">', '<section class="cover"><img src="https://example.com/seal.png" alt="">'
        ),
        encoding="utf-8",
    )
    with pytest.raises(BriefingError) as caught:
        print_project(project / "config.yaml", None, only="booklet.zh")
    (found,) = caught.value.problems
    assert found.path.endswith("print/booklet.html")
    assert "could not print pdf/booklet.zh.pdf" in found.message
    assert "refused to fetch https://example.com/seal.png" in found.message


def test_stylesheet_weasyprint_cannot_use_fails(edit_print_template: tuple[Path, Path]) -> None:
    project, folder = edit_print_template
    css = folder / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.cover { colr: red; }\n", encoding="utf-8")
    with pytest.raises(BriefingError, match=r"could not print pdf/zh/intro.pdf: .*colr"):
        print_project(project / "config.yaml", None, only="zh/intro")


def test_a_block_awaiting_translation_is_marked_in_the_handouts(tmp_path: Path) -> None:
    from tests.e2e.test_block_status import PARTIAL

    project = copy_project(FIXTURES / "sites" / "mini", tmp_path / "mini")
    (project / "content" / "01-intro.en.md").write_text(PARTIAL, encoding="utf-8")
    printed = print_project(project / "config.yaml", None, only="intro")
    english = flat("".join(pages(printed.pdfs["pdf/en/intro.pdf"])))
    assert flat("This passage has not been translated yet; the original follows.") in english
    assert (
        english.index(flat("Comrades,")) < english.index(flat("一是民生兜底保障更加有力。")) < english.index("Athird")
    )
    both = flat("".join(pages(printed.pdfs["pdf/zh-en/intro.pdf"])))
    assert both.count(flat("一是民生兜底保障更加有力。")) == 1
    assert flat("This passage has not been translated yet.") in both


def test_english_is_set_in_a_latin_face_so_apostrophes_are_not_full_width(tmp_path: Path) -> None:
    """The CJK fonts' ’ is full-width: set in them, "government’s" reads "government’ s" in every English PDF."""
    project = copy_project(FIXTURES / "sites" / "mini", tmp_path / "mini")
    english = project / "content" / "01-intro.en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Comrades,", "The government’s comrades,"))
    printed = print_project(project / "config.yaml", None, only="en/intro")
    data = printed.pdfs["pdf/en/intro.pdf"]
    assert "government’s" in pages(data)[0]
    pdf = tmp_path / "intro.pdf"
    pdf.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Liberation-Serif" in fonts, fonts


def test_a_configured_font_that_is_not_installed_stops_the_build(mini: Path, run_cli: Callable[..., Run]) -> None:
    config = mini / "config.yaml"
    text = config.read_text(encoding="utf-8").replace("pdf: false", "pdf: true\nprint:\n  latin_font: Nowhere Serif")
    config.write_text(text, encoding="utf-8")
    for command in ("check", "build"):
        result = run_cli(mini, command)
        assert result.code == 1
        assert "config.yaml: font 'Nowhere Serif' is not installed, so PDFs cannot be made" in result.err
    assert not (mini / "site").exists()


@pytest.mark.timeout(120)
def test_a_character_the_print_fonts_lack_is_named_at_its_line(tmp_path: Path) -> None:
    project = switch_on(copy_project(FIXTURES / "sites" / "mini", tmp_path / "project"), "pdf")
    config = str(project / "config.yaml")
    assert main(["build", "--config", config, "--no-search"]) == 0
    before = snapshot(project / "site")
    section = project / "content" / "02-work.en.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("An opening paragraph", "An opening\u2028paragraph"), encoding="utf-8")
    line = text.split("\n").index("An opening paragraph[^n].") + 1
    with pytest.raises(BriefingError) as caught:
        build(project / "config.yaml")
    assert [(p.path.endswith("content/02-work.en.md"), p.line) for p in caught.value.problems] == [(True, line)]
    assert "U+2028 cannot be printed" in caught.value.problems[0].message
    assert snapshot(project / "site") == before
