"""Key figures drawn as inline SVG: bar charts of figures that share a unit, and gauges for percentages."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ...cjk import is_cjk


def bar_chart(chart_id: str, title: str, rows: Sequence[tuple[str, float, str]]) -> Markup:
    """Horizontal bars (label above, value at the end), scaled to the largest; an accessible image.

    The drawing is as narrow as a phone's text column (wider only for a very long value), labels wrap to fit,
    and it is shown at its own size: every chart's text has the same size, on a phone too.
    """
    line, least_bar = 18, 160
    values = max(_text_width(shown, bold=True) for _, _, shown in rows) + 8
    width = round(max(CHART_WIDTH, least_bar + values))
    bar_space = width - values
    largest = max(amount for _, amount, _ in rows) or 1
    chart_id = escape(chart_id)
    parts, top = [], 0
    for label, amount, shown in rows:
        lines = _wrap(label, width)
        length = max(2.0, bar_space * amount / largest)
        spans = "".join(
            f'<tspan x="0" y="{top + 15 + line * i}">{escape(text)}</tspan>' for i, text in enumerate(lines)
        )
        bar = top + line * len(lines) + 4
        parts.append(f'<text class="chart-label">{spans}</text>')
        parts.append(f'<rect class="chart-bar" x="0" y="{bar}" width="{length:.1f}" height="13" rx="2"/>')
        parts.append(f'<text class="chart-value" x="{length + 6:.1f}" y="{bar + 11}">{escape(shown)}</text>')
        top = bar + 13 + 10
    head = (
        f'<svg class="chart" width="{width}" height="{top}" viewBox="0 0 {width} {top}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape("; ".join(f"{label}: {shown}" for label, _, shown in rows))}</desc>'
    )
    return Markup(head + "".join(parts) + "</svg>")


CHART_WIDTH = 320
"""Width of a chart in CSS pixels: a 360-pixel phone's text column."""


def _wrap(text: str, width: float) -> list[str]:
    """`text` in lines no wider than `width`: Latin words stay whole, Chinese breaks between characters but
    never before closing punctuation."""
    lines, current = [], ""
    for word in _words(text):
        if current and _text_width((current + word).rstrip()) > width:
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current += word
    return [*lines, current.rstrip()] if current.strip() or not lines else lines


def _words(text: str) -> list[str]:
    """Where lines may break: after a Latin word and its spaces, after each Chinese character."""
    words: list[str] = []
    for char in text:
        last = words[-1][-1] if words else ""
        joins = last and (
            char.isspace() or char in _NO_BREAK_BEFORE or not (is_cjk(char) or is_cjk(last) or last.isspace())
        )
        if joins:
            words[-1] += char
        else:
            words.append(char)
    return words


_NO_BREAK_BEFORE = set("，。、；：！？）》」』”’…,.;:!?)")
"""Punctuation that stays at the end of the line before."""


def _text_width(text: str, bold: bool = False) -> float:
    """About how wide `text` is drawn at the charts' 14px: Chinese characters square, Latin ones narrower."""
    return sum(14.0 if is_cjk(char) else 8.4 if bold else 7.9 for char in text)


def gauge(label: str, percent: float) -> Markup:
    """A bar filled to `percent` of its length, for shares such as 94.6%."""
    filled = 200 * max(0.0, min(percent, 100.0)) / 100
    return Markup(
        f'<svg class="gauge" viewBox="0 0 200 12" role="img" aria-label="{escape(label)}" focusable="false">'
        f'<rect class="gauge-track" width="200" height="12" rx="6"/>'
        f'<rect class="gauge-fill" width="{filled:.1f}" height="12" rx="6"/></svg>'
    )
