"""Planning PDFs: which files, what HTML, which cache keys, and how mistakes are reported (nothing is printed)."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest

from briefing import urls
from briefing.config import load_config
from briefing.errors import BriefingError
from briefing.load.labels import load_strings
from briefing.model import PrintSettings
from briefing.outputs.pdf.fonts import list_fonts
from briefing.outputs.pdf.plan import PdfJob, check_fonts, plan_pdfs
from briefing.outputs.pdf.render import ProgressBar
from briefing.outputs.pdf.templates import css_page_label, css_string
from tests.conftest import load_briefing

OPTIONS = PrintSettings(
    short_title={"zh": "测试", "en": "Test"}, author={"zh": "Editor", "en": "Editor"}, date="2024-01-15"
)


def plan(project: Path, options: PrintSettings = OPTIONS) -> dict[str, PdfJob]:
    config = load_config(project / "config.yaml")
    return {job.path: job for job in plan_pdfs(load_briefing(config), load_strings(config), options)}


def ids(html: str) -> list[str]:
    return re.findall(r'\bid="([^"]*)"', html)


def test_handouts_per_view_and_section_then_a_booklet_per_language(mini: Path) -> None:
    assert list(plan(mini)) == [
        "pdf/zh/intro.pdf",
        "pdf/zh/work.pdf",
        "pdf/en/intro.pdf",
        "pdf/en/work.pdf",
        "pdf/zh-en/intro.pdf",
        "pdf/zh-en/work.pdf",
        "pdf/booklet.zh.pdf",
        "pdf/booklet.en.pdf",
    ]
    assert urls.PageUrls(urls.section_path("zh", "intro")).handout("zh", "intro") == "../../pdf/zh/intro.pdf"
    assert urls.PageUrls(urls.LANDING).booklet("en") == "pdf/booklet.en.pdf"


def test_no_document_repeats_an_id(mini: Path) -> None:
    for job in plan(mini).values():
        repeated = [name for name, count in Counter(ids(job.html)).items() if count > 1]
        assert not repeated, (job.path, repeated)


def test_bilingual_handout_pairs_blocks_chinese_first_under_one_anchor(mini: Path) -> None:
    html = plan(mini)["pdf/zh-en/work.pdf"].html
    assert ids(html).count("care") == 1
    pair = html[html.index('id="care"') :]
    assert pair.index("一要做好养老服务") < pair.index("First, elderly care")
    assert '<html lang="zh-Hans">' in html


def test_booklet_ids_are_per_section_and_links_stay_inside(mini: Path) -> None:
    html = plan(mini)["pdf/booklet.zh.pdf"].html
    assert {"intro", "intro.p1", "work", "work.care", "work.fn-zh-1"} <= set(ids(html))
    assert 'href="#work.care"' in html
    assert 'href="#work.fn-zh-1"' in html
    assert 'href="#work.care"' in html[: html.index('id="intro"')], "the contents lists subsections"


def test_handout_links_to_other_sections_point_at_their_web_pages(mini: Path) -> None:
    html = plan(mini)["pdf/zh/intro.pdf"].html
    assert 'href="../../zh/work/index.html#care"' in html


def test_metadata_is_in_the_document_head(mini: Path) -> None:
    html = plan(mini)["pdf/en/intro.pdf"].html
    assert '<html lang="en">' in html
    assert "<title>Opening · Test</title>" in html
    assert '<meta name="author" content="Editor">' in html
    assert '<meta name="dcterms.created" content="2024-01-15">' in html
    assert "http" not in html.replace("https://", "").split("<body")[0].replace("http-equiv", "")


def test_keys_change_only_with_what_a_pdf_shows(mini: Path) -> None:
    before = plan(mini)
    assert {p: j.key for p, j in plan(mini).items()} == {p: j.key for p, j in before.items()}
    path = mini / "content" / "02-work.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("elderly care.", "care for the old."), encoding="utf-8")
    changed = {p for p, j in plan(mini).items() if j.key != before[p].key}
    assert changed == {"pdf/en/work.pdf", "pdf/zh-en/work.pdf", "pdf/booklet.en.pdf"}
    retitled = plan(mini, PrintSettings(short_title={"zh": "另一个", "en": "Test"}, date="2024-01-15"))
    assert all(retitled[p].key != j.key for p, j in before.items() if "/zh/" in p or p.endswith("zh.pdf"))


def test_font_families_are_configurable(mini: Path) -> None:
    options = PrintSettings(font="Noto Sans CJK SC", latin_font="DejaVu Serif", date="2024-01-15")
    html = plan(mini, options)["pdf/en/intro.pdf"].html
    assert '"DejaVu Serif", "Noto Sans CJK SC", serif' in html


def test_missing_font_family_is_named_with_how_to_install_it() -> None:
    with pytest.raises(BriefingError) as caught:
        check_fonts(PrintSettings(font="Nowhere Serif CJK", origin="config.yaml"))
    message = str(caught.value)
    assert "config.yaml: Chinese font 'Nowhere Serif CJK' is not installed" in message
    assert "apt-get install fonts-noto-cjk" in message


def test_font_without_chinese_is_refused_for_chinese_text() -> None:
    latin_only = sorted(set(list_fonts()) - set(list_fonts("zh")))[0]
    with pytest.raises(BriefingError, match=f"font '{re.escape(latin_only)}' has no Chinese characters"):
        check_fonts(PrintSettings(heading_font=latin_only))
    check_fonts(PrintSettings(latin_font=latin_only))
    with pytest.raises(BriefingError, match="font 'Nowhere Sans' is not installed"):
        check_fonts(PrintSettings(latin_font="Nowhere Sans"))


def test_print_date_must_be_iso(mini: Path) -> None:
    with pytest.raises(BriefingError, match="print date '15/01/2024' is not an ISO 8601 date"):
        plan(mini, PrintSettings(date="15/01/2024"))


@pytest.mark.parametrize(
    ("template", "line", "bad", "message"),
    [
        ("handout.html", 3, "{% if %}", "print template syntax error"),
        ("booklet.html", 5, "{{ no_such_name }}", "print template error: 'no_such_name' is undefined"),
        ("print.css", 2, "{{ fonts.missing }}", "print template error"),
    ],
)
def test_print_template_mistakes_name_file_and_line(
    mini: Path, template: str, line: int, bad: str, message: str
) -> None:
    path = mini / "templates" / "print" / template
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line - 1, bad)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BriefingError) as caught:
        plan(mini)
    (found,) = caught.value.problems
    assert found.path.endswith(f"print/{template}")
    assert found.line == line
    assert message in found.message


def test_page_label_placeholders_are_checked(mini: Path) -> None:
    path = mini / "templates" / "print" / "strings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("共 {pages}", "共 {total}"), encoding="utf-8")
    with pytest.raises(
        BriefingError, match=r"strings.yaml:\d+: unknown placeholder '\{total\}' in the 'zh' page label"
    ):
        plan(mini)


def test_css_strings_cannot_break_out_of_the_stylesheet() -> None:
    assert css_string("Noto Serif CJK SC") == '"Noto Serif CJK SC"'
    assert css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style\\3e "'
    assert css_string("民政·讲话") == '"民政·讲话"'


def test_page_label_becomes_css_counters() -> None:
    assert css_page_label("第 {page} 页 / 共 {pages} 页") == '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    assert css_page_label("{page}") == "counter(page)"


def test_progress_bar_draws_on_a_stream_and_ends_its_line() -> None:
    stream = io.StringIO()
    bar = ProgressBar(4, stream)
    bar.advance(1)
    bar.advance(3)
    bar.close()
    assert stream.getvalue().endswith("] 4/4\n")
    assert "\r" in stream.getvalue()
    silent = ProgressBar(4, None)
    silent.advance(4)
    silent.close()
