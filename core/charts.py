"""Charts drawn as SVG on the server: geometry only, the templates in
``templates/components/charts/`` write the markup.

Each chart is an image with a title and description for assistive technology; the page
shows the same numbers in a table beside it. No chart library, no JavaScript, and no
``style`` attribute (the content security policy allows none): colours are classes of
``static/css/charts.css`` or SVG presentation attributes.

The text is FONT_SIZE (12) user units high and the drawing no wider than a phone
(CHART_WIDTH), so on a 375 px screen, where the chart scales down to the page, a label is
still about 12 px tall; the style sheet keeps a chart from growing much past its own size
on wide screens. ``Chart.text_height_at`` says how tall the text is at a given width, and
the tests hold every chart to MIN_TEXT_PX there.
"""

import math
import textwrap
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CHART_WIDTH = 360
FONT_SIZE = 12
# The narrowest drawing a chart gets: a 375 px phone less the page's padding.
PHONE_CHART_PX = 343
MIN_TEXT_PX = 11
# Every bar at least this high, so that the value beside it fits in the same 12 units.
MIN_BAR_HEIGHT = 13
# A label wraps after this many characters: 12-unit text averages well under 7 units a
# character, so a line fits the drawing's width.
LABEL_LINE_CHARS = 46
LINE_HEIGHT = 16

# A 1–5 scale from its low end (red) to its high end (the brand's dark blue). Every colour
# has at least 4.5:1 contrast with white, so a white number inside a segment is readable
# (WCAG 1.4.3) and a segment stands out from the white page (1.4.11, 3:1); segments are
# separated by a white gap, so neighbours need not differ in contrast from each other.
SCALE_PALETTE = ("#a3231b", "#9a4a00", "#5c6670", "#2a6f97", "#0b3a66")
SEGMENT_TEXT_FILL = "#ffffff"
# A number is written inside a segment only when the segment is at least this wide.
MIN_SEGMENT_LABEL_WIDTH = 22


def nice_maximum(value: int) -> int:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ), at least 1."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def ticks(maximum: int, count: int = 5) -> list[int]:
    step = max(1, math.ceil(maximum / count))
    return list(range(0, maximum + 1, step))


def wrap_label(label: str, width: int = LABEL_LINE_CHARS) -> list[str]:
    """A label as the lines it takes above its bar (a long word stays whole)."""
    return textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False) or [""]


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    series: int = 0

    @property
    def centre_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def centre_y(self) -> float:
        return round(self.y + self.height / 2, 1)

    @property
    def end_x(self) -> float:
        return round(self.x + self.width, 1)


@dataclass
class Segment:
    """One part of a stacked bar: ``value`` answers, ``share`` of the row's total."""

    value: int
    share: float
    x: float
    y: float
    width: float
    height: float
    series: int
    fill: str
    text_fill: str = SEGMENT_TEXT_FILL

    @property
    def centre_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def centre_y(self) -> float:
        return round(self.y + self.height / 2, 1)

    @property
    def shows_value(self) -> bool:
        return self.value > 0 and self.width >= MIN_SEGMENT_LABEL_WIDTH


@dataclass
class Tick:
    value: int
    position: float
    label: str = ""
    anchor: str = "middle"  # text-anchor: the outermost labels stay inside the drawing

    def __post_init__(self):
        self.label = self.label or str(self.value)


@dataclass
class Note:
    """A line of text in the drawing, e.g. why a row has no bar."""

    text: str
    x: float
    y: float


@dataclass
class Chart:
    width: float
    height: float
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[tuple[str, float]] = field(default_factory=list)  # category, position
    plot_left: float = 0
    plot_right: float = 0
    plot_top: float = 0
    plot_bottom: float = 0
    segments: list[Segment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    font_size: float = FONT_SIZE

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"

    def text_height_at(self, pixels_wide: float) -> float:
        """How many pixels tall the text is when the drawing is ``pixels_wide`` wide."""
        return self.font_size * pixels_wide / self.width


def column_chart(
    data: list[tuple[str, int]], *, width: float = CHART_WIDTH, height: float = 220
) -> Chart:
    """Vertical bars, one per category (e.g. meetings per year)."""
    left, right, top, bottom = 36.0, width - 8, 12.0, height - 28
    maximum = nice_maximum(max((value for _label, value in data), default=0))
    slot = (right - left) / max(len(data), 1)
    bars, labels = [], []
    for index, (label, value) in enumerate(data):
        bar_height = (bottom - top) * value / maximum
        x = left + index * slot + slot * 0.15
        bars.append(
            Bar(
                label,
                value,
                round(x, 1),
                round(bottom - bar_height, 1),
                round(slot * 0.7, 1),
                round(bar_height, 1),
            )
        )
        labels.append((label, round(left + index * slot + slot / 2, 1)))
    axis = [Tick(v, round(bottom - (bottom - top) * v / maximum, 1)) for v in ticks(maximum)]
    return Chart(width, height, bars, axis, labels, left, right, top, bottom)


def bar_chart(
    data: list[tuple[str, tuple[int, ...]]],
    *,
    width: float = CHART_WIDTH,
    label_width: float = 96,
    note: str = "",
) -> Chart:
    """Horizontal bars, one row per category, one bar per series in each row; the short
    category names (institutions' abbreviations) stand left of the bars. A ``note`` (e.g.
    what the rows left out add up to, which as a bar would dwarf the others) is a line of
    text under the axis."""
    series = max((len(values) for _label, values in data), default=1)
    row = MIN_BAR_HEIGHT * series + 6
    left, right, top = label_width, width - 36, 8.0
    bottom = top + row * max(len(data), 1)
    height = bottom + 24
    maximum = nice_maximum(max((max(values) for _label, values in data if values), default=0))
    bar_height = (row - 6) / series
    bars, labels = [], []
    for index, (label, values) in enumerate(data):
        row_top = top + index * row + 3
        for number, value in enumerate(values):
            bars.append(
                Bar(
                    label,
                    value,
                    left,
                    round(row_top + number * bar_height, 1),
                    round((right - left) * value / maximum, 1),
                    round(bar_height, 1),
                    number,
                )
            )
        labels.append((label, round(top + index * row + row / 2, 1)))
    axis = [Tick(v, round(left + (right - left) * v / maximum, 1)) for v in ticks(maximum)]
    notes = []
    if note:
        notes.append(Note(note, 4.0, round(height + LINE_HEIGHT / 2, 1)))
        height += LINE_HEIGHT + 4
    return Chart(width, height, bars, axis, labels, left, right, top, bottom, notes=notes)


def distribution_chart(data: list[tuple[str, int]], *, width: float = CHART_WIDTH) -> Chart:
    """The distribution of answers: one horizontal bar per option, its label (however long,
    wrapped) on the lines above the bar and its count after it. Every label starts at the
    left edge, so nothing is cut off on a phone."""
    left, right, top = 4.0, width - 40, 4.0
    bar_height = 16.0
    maximum = nice_maximum(max((value for _label, value in data), default=0))
    bars, labels = [], []
    y = top
    for label, value in data:
        for line in wrap_label(label):
            y += LINE_HEIGHT
            labels.append((line, round(y - 4, 1)))
        bars.append(
            Bar(
                label,
                value,
                left,
                round(y + 2, 1),
                round((right - left) * value / maximum, 1),
                bar_height,
            )
        )
        y += bar_height + 10
    bottom = y
    axis = [Tick(v, round(left + (right - left) * v / maximum, 1)) for v in ticks(maximum)]
    return Chart(width, bottom + 24, bars, axis, labels, left, right, top, bottom)


def stacked_bar_chart(
    rows: list[tuple[str, tuple[int, ...] | None]],
    *,
    withheld: str = "",
    palette: tuple[str, ...] = SCALE_PALETTE,
    width: float = CHART_WIDTH,
) -> Chart:
    """Distributions side by side (e.g. one question's answers at each meeting): one row per
    category, a bar as wide as the drawing split into the shares of each value, the row's
    label above it. A row without numbers (``None``: too few answers to show) has no bar,
    only the ``withheld`` note."""
    left, right, top = 4.0, width - 8, 4.0
    bar_height = 20.0
    gap = 2.0  # white between segments
    segments, labels, notes = [], [], []
    y = top
    for label, values in rows:
        for line in wrap_label(label):
            y += LINE_HEIGHT
            labels.append((line, round(y - 4, 1)))
        bar_top = y + 2
        total = sum(values) if values else 0
        if not total:
            notes.append(Note(withheld, left, round(bar_top + bar_height / 2, 1)))
        else:
            x = left
            for series, value in enumerate(values):
                share = value / total
                full = (right - left) * share
                if value:
                    segments.append(
                        Segment(
                            value,
                            share,
                            round(x, 1),
                            round(bar_top, 1),
                            round(max(full - gap, 1), 1),
                            bar_height,
                            series,
                            palette[series % len(palette)],
                        )
                    )
                x += full
        y += bar_height + 10
    bottom = y
    axis = [
        Tick(
            v,
            round(left + (right - left) * v / 100, 1),
            _("%(percent)s%%") % {"percent": v},
            {0: "start", 100: "end"}.get(v, "middle"),
        )
        for v in (0, 25, 50, 75, 100)
    ]
    return Chart(
        width,
        bottom + 24,
        [],
        axis,
        labels,
        left,
        right,
        top,
        bottom,
        segments=segments,
        notes=notes,
    )
