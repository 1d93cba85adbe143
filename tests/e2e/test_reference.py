"""Key figures and glossary: checked against the text, shown on their own pages, marked in the sections."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.model import Briefing
from tests.conftest import BUNDLED, ROOT, Run, copy_project, load_briefing
from tests.htmlcheck import read_page


@pytest.fixture(scope="module")
def speech() -> Briefing:
    return load_briefing(load_config(ROOT / "config.yaml"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The bundled speech in a temporary folder, quick to build (no PDF, no search)."""
    target = tmp_path / "project"
    target.mkdir()
    shutil.copytree(ROOT / "content", target / "content")
    config = (ROOT / "config.yaml").read_text(encoding="utf-8")
    (target / "config.yaml").write_text(
        config.replace("search: true", "search: false").replace("pdf: true", "pdf: false"), encoding="utf-8"
    )
    return copy_project(target, tmp_path / "copy")


def test_every_figure_is_quoted_from_its_paragraph(speech: Briefing) -> None:
    assert speech.figures is not None and len(speech.figures.figures) >= 15
    sections = {s.id: s for s in speech.sections}
    for figure in speech.figures.figures:
        for lang in ("zh", "en"):
            block = next(b for b in sections[figure.section].translations[lang].blocks if b.anchor == figure.anchor)
            assert figure.quote[lang] in block.text, (figure.id, lang)
            assert figure.value[lang] in figure.quote[lang]


# What a glossary entry says a thing is, as the speech's own words name it, in both languages.
GLOSSARY_AGREES = {
    "ganyue": {
        "zh": "低收入人口动态监测信息平台",
        "en": "information platform for the dynamic monitoring of low-income populations",
    },
}


def test_the_glossary_says_what_a_thing_is_as_the_text_does(speech: Briefing) -> None:
    terms = {term.id: term for term in speech.glossary}
    for term_id, words in GLOSSARY_AGREES.items():
        for lang, phrase in words.items():
            text = " ".join(b.text for s in speech.sections for b in s.translations[lang].blocks)
            headword = terms[term_id].forms[lang][0]
            assert headword in text and phrase in text, (term_id, lang)
            assert phrase in terms[term_id].explain[lang], (term_id, lang)


def test_every_2023_number_of_the_speech_has_a_figure(speech: Briefing) -> None:
    assert speech.figures is not None
    review = next(s for s in speech.sections if s.id == "review-2023").translations["zh"]
    quoted = "".join(f.quote["zh"] for f in speech.figures.figures)
    for block in review.blocks:
        for number in re.findall(r"\d+(?:\.\d+)?(?:%|亿元|万人次|万人|万家|万|次|项|期|名|年)", block.text):
            if not number.startswith("2023"):
                assert number in quoted, number


def test_a_wrong_figure_fails_check_at_its_line(project: Path, run_cli: Callable[..., Run]) -> None:
    path = project / BUNDLED / "figures.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "全年发放各类救助资金84.5亿元" in line)
    lines[at] = lines[at].replace("84.5亿元", "85.4亿元", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli(project, "check")
    assert result.code == 1
    figure_line = next(i for i in range(at, 0, -1) if lines[i].lstrip().startswith("- id:")) + 1
    assert (
        f"{BUNDLED}/figures.yaml:{figure_line}: figure 'assistance-funds': “全年发放各类救助资金85.4亿元” is not in review-2023#p2"
        in result.err
    )


def test_a_units_keys_are_its_languages_and_stated_only(project: Path, run_cli: Callable[..., Run]) -> None:
    path = project / BUNDLED / "figures.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    line = next(i for i, line in enumerate(lines) if line.startswith("  yi-yuan:")) + 1
    path.write_text(
        text.replace("stated: {en: billion yuan}", "stating: {en: billion yuan}")
        .replace("stated: {en: people}", "stated: {en: people, fr: personnes}")
        .replace('wan-visits: {zh: 万人次, en: "10,000 person-times",', "wan-visits: {zh: 万人次,"),
        encoding="utf-8",
    )
    result = run_cli(project, "check")
    assert result.code == 1
    assert f"{BUNDLED}/figures.yaml:{line}: unknown unit key 'stating' (did you mean 'stated'?)" in result.err
    assert f"{BUNDLED}/figures.yaml:{line + 1}: unknown stated key 'fr'" in result.err
    assert f"{BUNDLED}/figures.yaml:{line + 2}: missing unit key 'en'" in result.err


def test_a_wrong_english_quote_is_a_warning_and_the_card_links_to_the_paragraph(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    path = project / BUNDLED / "figures.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("en: totalling 8.45 billion yuan}", "en: in all 8.45 billion yuan}"), encoding="utf-8")
    result = run_cli(project, "build")
    assert result.code == 0, result.err
    assert "warning: figure 'assistance-funds': “in all 8.45 billion yuan” is not in review-2023#p2" in result.err
    english = (project / "site" / BUNDLED.name / "en" / "figures" / "index.html").read_text(encoding="utf-8")
    assert 'href="../review-2023/index.html#p2"' in english
    assert "fig-assistance-funds" not in (
        project / "site" / BUNDLED.name / "en" / "review-2023" / "index.html"
    ).read_text("utf-8")
    chinese = (project / "site" / BUNDLED.name / "zh" / "figures" / "index.html").read_text(encoding="utf-8")
    assert 'href="../review-2023/index.html#fig-assistance-funds"' in chinese


def test_quotes_overlapping_in_one_paragraph_are_reported_at_the_later_figure(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    path = project / BUNDLED / "figures.yaml"
    text = path.read_text(encoding="utf-8")
    overlapping = "en: '8.45 billion yuan were disbursed over the year, effectively guaranteeing the basic living needs"
    path.write_text(
        text.replace(
            "en: the basic living needs of 1.59 million people in difficulty}", overlapping + " of 1.59 million'}"
        ).replace("zh: 有效保障了159万困难群众基本生活,", "zh: '资金84.5亿元,有效保障了159万困难群众基本生活',"),
        encoding="utf-8",
    )
    result = run_cli(project, "check")
    assert result.code == 1
    assert (
        "figure 'people-supported': its quote overlaps one marked before it ('assistance-funds') in review-2023#p2 (zh)"
        in result.err
    )
    assert "warning: figure 'people-supported': its quote overlaps one marked before it" in result.err
    assert "no element with id" not in result.err


def test_a_quote_across_a_line_wrap_is_marked(project: Path, run_cli: Callable[..., Run]) -> None:
    path = project / BUNDLED / "02-review-2023.en.md"
    text = path.read_text(encoding="utf-8")
    assert "totalling 8.45 billion yuan" in text
    path.write_text(text.replace("totalling 8.45 billion yuan", "totalling\n8.45 billion yuan"), encoding="utf-8")
    result = run_cli(project, "build")
    assert result.code == 0 and "assistance-funds" not in result.err, result.err
    page = (project / "site" / BUNDLED.name / "en" / "review-2023" / "index.html").read_text(encoding="utf-8")
    assert '<mark class="figure" id="fig-assistance-funds">8.45 billion yuan</mark>' in page


def test_unused_terms_and_unexplained_shorthand_are_warned(project: Path, run_cli: Callable[..., Run]) -> None:
    path = project / "content" / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    zh: 活人墓\n", "    zh: 死人墓\n").replace(
            "  - id: elderly-month\n    zh: 敬老月", "  - id: elderly-month\n    zh: 老人节"
        ),
        encoding="utf-8",
    )
    result = run_cli(project, "check")
    assert result.code == 0
    assert "term 'living-tombs': “死人墓” does not occur in the zh text" in result.err
    assert (
        f"{BUNDLED}/02-review-2023.zh.md" in result.err
        and "“活人墓” looks like policy shorthand but has no glossary entry" in result.err
    )
    assert "“敬老月” looks like policy shorthand" in result.err
    assert run_cli(project, "check", "--strict").code == 1


def test_reference_pages_exist_in_both_languages(project: Path, run_cli: Callable[..., Run]) -> None:
    assert run_cli(project, "build").code == 0
    site = project / "site" / BUNDLED.name
    zh = read_page(site / "zh" / "figures" / "index.html")
    assert zh.find("html")[0]["lang"] == "zh-Hans"
    charts = [a for t, a in zh.tags if t == "svg" and "chart" in (a.get("class") or "")]
    assert charts and all(a.get("role") == "img" and a.get("aria-labelledby") for a in charts)
    # A chart is named after its group, and after its unit too where the group has a chart per unit: the unit its
    # bars' values are written in (English writes 8.45 billion yuan and 1.59 million, not 亿元 and 万人).
    for lang, names in {
        "zh": ["兜底保障 · 亿元", "兜底保障 · 万人", "评价与交流"],
        "en": ["Basic safety net · billion yuan", "Basic safety net · people", "Recognition and exchange"],
    }.items():
        page = (site / lang / "figures" / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<title id="chart-[^"]*">([^<]*)</title>', page) == names
    html = (site / "en" / "figures" / "index.html").read_text(encoding="utf-8")
    assert "8.45 billion yuan" in html and 'href="../review-2023/index.html#fig-assistance-funds"' in html
    assert ">In the speech: [A Review of 2023]</a>" in html and "Bars to scale, amounts as stated in the speech" in html
    glossary = (site / "en" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'id="term-dibao"' in glossary and "subsistence allowances" in glossary
    assert 'href="../part-2/index.html#assistance-policy"' not in glossary  # links go to paragraphs, not headings
    assert 'href="../part-2/index.html#p4"' in glossary


def test_sections_mark_figures_and_link_first_uses_of_terms(project: Path, run_cli: Callable[..., Run]) -> None:
    run_cli(project, "build")
    review = (project / "site" / BUNDLED.name / "zh" / "review-2023" / "index.html").read_text(encoding="utf-8")
    assert '全年发放各类救助资金<mark class="figure" id="fig-assistance-funds">84.5亿元</mark>' in review
    part2 = (project / "site" / BUNDLED.name / "en" / "part-2" / "index.html").read_text(encoding="utf-8")
    assert part2.count('data-tip="tip-en-dibao"') == 1
    assert '<div class="term-tip" id="tip-en-dibao" popover>' in part2
    both = (project / "site" / BUNDLED.name / "zh-en" / "review-2023" / "index.html").read_text(encoding="utf-8")
    assert 'id="fig-' not in both and '<mark class="figure">84.5亿元</mark>' in both
