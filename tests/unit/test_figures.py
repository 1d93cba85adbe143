"""Charts of the key-figures page are drawn to fit their text."""

from __future__ import annotations

import re

from briefing.figures import bar_chart


def test_a_chart_is_drawn_wide_enough_for_its_longest_label_and_value() -> None:
    rows = [
        ("People in difficulty whose basic living needs were guaranteed", 159.0, "1.59 million"),
        ("Assisted through Jiuzhutong", 8.6, "86,000"),
    ]
    svg = str(bar_chart("chart-aid", "Unit: 10,000 people", rows))
    box = re.search(r'viewBox="0 0 ([\d.]+) ', svg)
    assert box is not None
    width = float(box.group(1))
    longest_bar = max(float(w) for w in re.findall(r'<rect class="chart-bar" x="0" y="[\d.]+" width="([\d.]+)"', svg))
    assert width >= 61 * 6.5  # the longest label, at about 6.5 units a Latin letter
    assert longest_bar + 6 + len("1.59 million") * 7 <= width  # the largest bar leaves room for its value
