"""Bar charts drawn on the server as inline SVG: no JavaScript, an accessible name, the figures in a table beside.

A chart is an image (role="img") named by its title; the table next to it carries the same figures
for screen readers and for copying. Right-to-left pages get mirrored charts.
"""

from __future__ import annotations

from flask_babel import format_number, format_percent
from markupsafe import Markup, escape

WIDTH = 460
LABEL_HEIGHT = 24
BAR_HEIGHT = 20
GAP = 12
PERCENT_ROOM = 56
FONT = 16
# Each at least 3:1 against white (WCAG 1.4.11), and against each other apart: segments have white gaps.
COLOURS = ("#005a70", "#4c2c92", "#1d70b8", "#b1003a", "#00703c", "#505a5f", "#6f4e00", "#0b0c0c")
HIDDEN_FILL = "#f3f2f1"
HIDDEN_STROKE = "#505a5f"


class _Canvas:
    def __init__(self, rtl: bool):
        self.rtl = rtl
        self.parts: list[str] = []

    def rect(self, x: float, y: float, width: float, height: float, fill: str, stroke: str | None = None):
        left = WIDTH - x - width if self.rtl else x
        outline = f' stroke="{stroke}" stroke-dasharray="4 3"' if stroke else ""
        self.parts.append(f'<rect x="{left:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height}" '
                          f'fill="{fill}"{outline}/>')

    def text(self, x: float, y: float, content: str, fill: str = "#0b0c0c", size: int = FONT, end: bool = False):
        left = WIDTH - x if self.rtl else x
        anchor = "end" if end else "start"
        direction = ' direction="rtl"' if self.rtl else ""
        self.parts.append(f'<text x="{left:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
                          f'text-anchor="{anchor}"{direction}>{escape(content)}</text>')

    def svg(self, height: float, chart_id: str, title: str) -> Markup:
        body = "".join(self.parts)
        return Markup(f'<svg class="engage-chart" role="img" aria-labelledby="{chart_id}-title" '
                      f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" preserveAspectRatio="xMinYMin meet" '
                      f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-title">{escape(title)}</title>'
                      f'{body}</svg>')


def percent(share: float) -> str:
    return format_percent(share, "#,##0%")


def bar_chart(part, chart_id: str, title: str, rtl: bool, not_shown: str) -> Markup:
    """One bar per row of ``part`` (a results Part), as long as its share; hidden rows say ``not_shown``."""
    canvas = _Canvas(rtl)
    room = WIDTH - PERCENT_ROOM
    # The longest bar fills the width: shares are small when there are many options; the figures say how small.
    scale = room / max([row.share for row in part.rows if row.share] or [1.0])
    y = 0.0
    for row in part.rows:
        canvas.text(0, y + 17, row.label)
        y += LABEL_HEIGHT
        if row.count is None or row.share is None:  # no share when what it is of is hidden: the count only
            canvas.rect(0, y, 12, BAR_HEIGHT, HIDDEN_FILL, HIDDEN_STROKE)
            canvas.text(18, y + 15, not_shown if row.count is None else format_number(row.count), size=14)
        else:
            length = scale * row.share
            canvas.rect(0, y, length, BAR_HEIGHT, COLOURS[0])
            canvas.text(length + 6, y + 15, percent(row.share), size=14)
        y += BAR_HEIGHT + GAP
    return canvas.svg(max(y, 1), chart_id, title)


def stacked_chart(parts, option_labels: list[str], chart_id: str, title: str, rtl: bool,
                  not_shown: str) -> Markup:
    """One bar per part (grid statement, ranked item) split by its rows' shares, with a key above."""
    canvas = _Canvas(rtl)
    y = 0.0
    colours = [COLOURS[k % len(COLOURS)] for k in range(len(option_labels))]
    hidden_any = any(row.count is None for part in parts for row in part.rows)
    for label, colour in [*zip(option_labels, colours, strict=True),
                          *([(not_shown, None)] if hidden_any else [])]:
        if colour is None:
            canvas.rect(0, y + 2, 14, 14, HIDDEN_FILL, HIDDEN_STROKE)
        else:
            canvas.rect(0, y + 2, 14, 14, colour)
        canvas.text(22, y + 15, label, size=14)
        y += LABEL_HEIGHT
    y += GAP
    for part in parts:
        canvas.text(0, y + 17, part.label or "")
        y += LABEL_HEIGHT
        x = 0.0
        for k, row in enumerate(part.rows):
            colour = COLOURS[k % len(COLOURS)]
            if row.count is None or not row.share:
                continue
            length = WIDTH * row.share
            canvas.rect(x, y, max(length - 2, 0), BAR_HEIGHT + 4, colour)
            if length > 44:
                canvas.text(x + 4, y + 17, percent(row.share), fill="#ffffff", size=13)
            x += length
        if part.hidden and x < WIDTH - 2:
            canvas.rect(x, y, WIDTH - x, BAR_HEIGHT + 4, HIDDEN_FILL, HIDDEN_STROKE)
        y += BAR_HEIGHT + 4 + GAP
    return canvas.svg(max(y, 1), chart_id, title)


def for_question(question, chart_id: str, title: str, rtl: bool, not_shown: str) -> Markup:
    """The chart of a closed question's results: bars, or for grids and rankings one stacked bar per item."""
    if len(question.parts) == 1 and question.parts[0].label is None:
        return bar_chart(question.parts[0], chart_id, title, rtl, not_shown)
    labels = [row.label for row in question.parts[0].rows] if question.parts else []
    return stacked_chart(question.parts, labels, chart_id, title, rtl, not_shown)


def column_chart(counts: list[int], chart_id: str, title: str, rtl: bool, first: str, last: str,
                 peak: str) -> Markup:
    """One column per day or week, as tall as its count; ``first`` and ``last`` name the ends, ``peak`` the top."""
    canvas = _Canvas(rtl)
    height, bottom = 150.0, 200.0
    top = max(counts or [0]) or 1
    step = min(WIDTH / max(len(counts), 1), 40)
    canvas.text(0, 16, peak, size=14)
    for k, count in enumerate(counts):
        tall = height * count / top
        canvas.rect(k * step + 1, bottom - 24 - tall, max(step - 2, 1), tall, COLOURS[0])
    canvas.text(0, bottom, first, size=14)
    canvas.text(WIDTH, bottom, last, size=14, end=True)
    return canvas.svg(bottom + 6, chart_id, title)
