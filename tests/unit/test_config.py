"""config.yaml is validated strictly, with every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.errors import BriefingError

GOOD = """\
title: {zh: 标题, en: Title}
event: {zh: 会议, en: Meeting}
languages:
  - {code: zh, tag: zh-Hans, name: 中文}
  - {code: en, tag: en, name: English}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(BriefingError) as caught:
        load_config(write(tmp_path, text))
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


def test_defaults_and_languages(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert [lang.code for lang in config.languages] == ["zh", "en"]
    assert config.output == tmp_path / "site"
    assert config.content == tmp_path / "content"
    assert config.base_url is None


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD + "outptu: public\n") == ["6: unknown config key 'outptu' (did you mean 'output'?)"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("title: {zh: 标题, en: Title}", "title: {zh: 标题}") + "base_url: intranet\n"
    found = problems(tmp_path, text)
    assert "1: 'title' has no text for language 'en'" in found
    assert "6: base_url must be an absolute http(s) URL, not 'intranet'" in found


def test_base_url_gets_a_trailing_slash(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD + "base_url: https://intra.example/b\n"))
    assert config.base_url == "https://intra.example/b/"


@pytest.mark.parametrize("output", [".", "content", "/", "templates/out", ".."])
def test_output_folder_may_not_replace_anything_precious(tmp_path: Path, output: str) -> None:
    found = problems(tmp_path, GOOD + f"output: '{output}'\n")
    assert found and all("output folder" in p for p in found)


def test_tab_indentation_is_a_located_yaml_error(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD + "output:\n\tsite\n")[0].startswith("7: invalid YAML")


def test_missing_config_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


@pytest.mark.parametrize("written", ["2024-01-15", '"2024-01-15"'])
def test_print_date_is_accepted_quoted_or_not(tmp_path: Path, written: str) -> None:
    config = load_config(write(tmp_path, GOOD + f"print:\n  date: {written}\n"))
    assert config.print.date == "2024-01-15"


def test_a_print_date_that_is_no_date_is_refused_at_its_line(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD + "print:\n  date: 2024-02-30\n") == [
        "7: 'date' must be a date like 2024-01-15, not '2024-02-30'"
    ]


def test_text_that_looks_like_an_impossible_date_is_text(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD.replace("{zh: 标题, en: Title}", "{zh: 2024-02-30, en: Title}")))
    assert config.title["zh"] == "2024-02-30"


def test_a_list_where_texts_per_language_belong_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD.replace("{zh: 标题, en: Title}", "[标题, Title]")) == [
        "1: 'title' must be one text per language, e.g. {zh: …, en: …}, not 'a list'"
    ]


def test_an_output_folder_given_on_the_command_line_is_the_flags_problem(tmp_path: Path) -> None:
    with pytest.raises(BriefingError) as caught:
        load_config(write(tmp_path, GOOD), output=tmp_path / "content")
    assert [(p.path, p.line) for p in caught.value.problems] == [("--out", None)]
    assert "would replace the content folder" in caught.value.problems[0].message
