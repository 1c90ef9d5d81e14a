"""Bar charts drawn as SVG on the server: geometry only, the template writes the markup.

Each chart is an image with a title and description for assistive technology; the page
shows the same numbers in a table beside it. No chart library, no JavaScript.

The text is 12 user units high and the drawing about as wide as a phone (CHART_WIDTH), so
on a 375 px screen, where the chart scales to the page, a label is still about 12 px tall
(the style sheet keeps the chart from growing much past its own size on wide screens).
"""

import math
from dataclasses import dataclass, field

CHART_WIDTH = 360
# Every bar at least this high, so that the value beside it fits in the same 12 units.
MIN_BAR_HEIGHT = 13


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
class Tick:
    value: int
    position: float


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

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


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
) -> Chart:
    """Horizontal bars, one row per category, one bar per series in each row."""
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
    return Chart(width, height, bars, axis, labels, left, right, top, bottom)
