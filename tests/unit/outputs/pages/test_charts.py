"""Charts of the key-figures page are drawn to fit their text, at a phone's width, every text the same size."""

from __future__ import annotations

import re

from briefing.outputs.pages.charts import CHART_WIDTH, _text_width, bar_chart


def test_a_chart_fits_a_phone_and_wraps_its_long_labels() -> None:
    rows = [
        ("People in difficulty whose basic living needs were guaranteed", 159.0, "1.59 million"),
        ("Assisted through Jiuzhutong", 8.6, "86,000"),
    ]
    svg = str(bar_chart("chart-aid", "Social assistance", rows))
    box = re.search(r'width="(\d+)" height="(\d+)" viewBox="0 0 (\d+) (\d+)"', svg)
    assert box is not None and box.group(1) == box.group(3) == str(CHART_WIDTH)  # drawn at its own size
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert " ".join(lines[:-1]) == rows[0][0] and lines[-1] == rows[1][0]  # the long label wrapped, words whole
    assert all(_text_width(line) <= CHART_WIDTH for line in lines)
    longest_bar = max(float(w) for w in re.findall(r'<rect class="chart-bar" x="0" y="[\d.]+" width="([\d.]+)"', svg))
    assert longest_bar + 6 + _text_width("1.59 million", bold=True) <= CHART_WIDTH  # room for the value


def test_chinese_labels_wrap_between_characters() -> None:
    label = "通过“救助通”获得救助的困难群众以及其他需要帮助的各类群体人员总数合计"
    svg = str(bar_chart("chart-zh", "兜底保障", [(label, 8.6, "8.6万人"), ("短", 1.0, "1万人")]))
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert len(lines) == 3 and "".join(lines[:2]) == label


def test_closing_punctuation_never_starts_a_line() -> None:
    label = "全年发放各类救助资金，惠及困难群众（含特困人员）。其中城乡低保对象" * 2
    svg = str(bar_chart("chart-zh", "兜底保障", [(label, 8.6, "8.6亿元"), ("短", 1.0, "1亿元")]))
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert len(lines) >= 3 and "".join(lines[:-1]) == label
    assert not any(line[0] in "，。、）" for line in lines)
