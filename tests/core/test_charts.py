"""The server-drawn SVG charts every results page shares (core/charts.py and
templates/components/charts/): geometry, readable text on a phone, contrast, markup."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core.charts import (
    CHART_WIDTH,
    MIN_TEXT_PX,
    PHONE_CHART_PX,
    SCALE_PALETTE,
    SEGMENT_TEXT_FILL,
    bar_chart,
    column_chart,
    distribution_chart,
    nice_maximum,
    stacked_bar_chart,
    wrap_label,
)

LONG = "Mycket användbart för mitt arbete med strategisk samverkan vid lärosätet och i regionen"


def contrast(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def every_kind_of_chart():
    many = [(f"Alternativ {n}", n) for n in range(12)]
    return [
        column_chart([(str(year), year % 5) for year in range(2017, 2027)]),
        bar_chart([("KTH", (2, 1)), ("SLU", (1, 0))]),
        distribution_chart([("1", 0), ("2", 1)]),
        distribution_chart([*many, (LONG, 3)]),
        stacked_bar_chart([("Möte 2023", (1, 2, 3, 4, 5)), ("Möte 2024", None)], withheld="–"),
        stacked_bar_chart([(f"Möte {n}", (n, 1, 0, 2, 7)) for n in range(20)]),
    ]


def test_nice_maximum_rounds_up_to_1_2_or_5_times_a_power_of_ten():
    assert [nice_maximum(v) for v in (0, 1, 3, 7, 12, 45, 120)] == [1, 1, 5, 10, 20, 50, 200]


def test_column_heights_are_proportional_and_stand_on_the_axis():
    chart = column_chart([("2017", 2), ("2018", 4), ("2019", 0)])
    low, high, empty = chart.bars
    assert high.height == pytest.approx(2 * low.height)
    assert low.y + low.height == high.y + high.height == chart.plot_bottom
    assert empty.height == 0


def test_bar_chart_has_a_row_per_category_and_a_bar_per_series():
    chart = bar_chart([("KTH", (2, 1)), ("SLU", (1, 0))])
    assert len(chart.bars) == 4 and len(chart.labels) == 2
    assert {bar.series for bar in chart.bars} == {0, 1}
    assert chart.bars[0].width == pytest.approx(2 * chart.bars[1].width)


def test_a_bar_charts_note_is_a_line_under_the_axis_not_a_bar():
    plain = bar_chart([("KTH", (2, 1))])
    chart = bar_chart([("KTH", (2, 1))], note="9 andra lärosäten tillsammans: 7, 2")
    assert len(chart.bars) == len(plain.bars) and chart.ticks == plain.ticks
    (note,) = chart.notes
    assert note.y > chart.plot_bottom + 16 and chart.height > note.y  # below the tick labels
    assert note.text == "9 andra lärosäten tillsammans: 7, 2"


def test_distribution_bars_are_proportional_and_each_label_stands_above_its_bar():
    chart = distribution_chart([("Instämmer inte", 2), ("Instämmer", 4), ("Vet inte", 0)])
    low, high, empty = chart.bars
    assert high.width == pytest.approx(2 * low.width)
    assert empty.width == 0
    assert high.end_x <= chart.plot_right
    for bar, (_label, baseline) in zip(chart.bars, chart.labels, strict=True):
        assert baseline < bar.y  # the label's line is above the bar, not beside it
    assert all(bar.x == chart.plot_left for bar in chart.bars)


def test_a_long_label_wraps_onto_lines_that_fit_the_drawing():
    lines = wrap_label(LONG)
    assert len(lines) > 1 and " ".join(lines) == LONG
    chart = distribution_chart([(LONG, 3), ("Kort", 1)])
    assert [text for text, _y in chart.labels] == [*lines, "Kort"]
    # 12-unit text averages under 7 units a character (a generous estimate for a
    # proportional font), so every line ends inside the drawing.
    assert all(chart.plot_left + 7 * len(text) <= chart.width for text, _y in chart.labels)


def test_stacked_segments_split_the_full_width_by_share():
    chart = stacked_bar_chart([("Möte", (1, 0, 1, 2, 0))])
    assert [segment.series for segment in chart.segments] == [0, 2, 3]
    assert [segment.share for segment in chart.segments] == [0.25, 0.25, 0.5]
    first, middle, last = chart.segments
    assert first.x == chart.plot_left and first.x < middle.x < last.x
    assert last.width == pytest.approx(2 * first.width, abs=2.1)  # the white gap
    assert last.x + last.width <= chart.plot_right
    assert [segment.fill for segment in chart.segments] == [
        SCALE_PALETTE[0],
        SCALE_PALETTE[2],
        SCALE_PALETTE[3],
    ]


def test_a_withheld_row_has_no_bar_only_its_note():
    chart = stacked_bar_chart([("2023", None), ("2024", (0, 0, 1, 4, 1))], withheld="För få svar")
    assert [note.text for note in chart.notes] == ["För få svar"]
    assert all(segment.y > chart.notes[0].y for segment in chart.segments)
    assert len(chart.segments) == 3


def test_the_outermost_tick_labels_stay_inside_the_drawing():
    chart = stacked_bar_chart([("Möte", (1, 1, 1, 1, 1))])
    assert [tick.anchor for tick in chart.ticks] == ["start", "middle", "middle", "middle", "end"]
    assert chart.ticks[-1].position <= chart.width


def test_percent_ticks_follow_the_language():
    with translation.override("sv"):
        assert stacked_bar_chart([("Möte", (1,))]).ticks[2].label == "50 %"
    with translation.override("en"):
        assert stacked_bar_chart([("Möte", (1,))]).ticks[2].label == "50%"


@pytest.mark.parametrize("chart", every_kind_of_chart())
def test_text_stays_readable_when_the_chart_shrinks_to_a_phone(chart):
    """The numbers page once had 4 px labels on a phone: its charts were drawn 1000 units
    wide. Drawn no wider than a phone, with 12-unit text, text is 11 px or more there."""
    assert chart.width <= CHART_WIDTH
    assert chart.text_height_at(PHONE_CHART_PX) >= MIN_TEXT_PX


def test_scale_colours_contrast_with_the_page_and_with_the_numbers_inside():
    for colour in SCALE_PALETTE:
        assert contrast(colour, "#ffffff") >= 4.5  # white numbers inside; the white page
        assert contrast(colour, SEGMENT_TEXT_FILL) >= 4.5
    assert len(set(SCALE_PALETTE)) == 5


TEMPLATES = {
    "components/charts/column.html": column_chart([("2017", 2), ("2018", 3)]),
    "components/charts/bars.html": bar_chart([("KTH", (2, 1))]),
    "components/charts/distribution.html": distribution_chart([(LONG, 2), ("Nej", 1)]),
    "components/charts/stacked.html": stacked_bar_chart(
        [("2023", (1, 2, 3, 0, 1)), ("2024", None)], withheld="För få svar"
    ),
}


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_chart_is_an_image_with_title_and_description_and_no_inline_style(template):
    with translation.override("sv"):
        svg = render_to_string(
            template, {"chart": TEMPLATES[template], "id": "c1", "title": "T", "desc": "D"}
        )
    assert re.search(
        r'<svg class="chart[^"]*" viewBox="[^"]+" role="img" '
        r'aria-labelledby="c1-title c1-desc"',
        svg,
    )
    assert '<title id="c1-title">T</title>' in svg and '<desc id="c1-desc">D</desc>' in svg
    assert "style=" not in svg and "<script" not in svg
    # Every piece of text is drawn at the chart's 12 units, never smaller.
    texts = re.findall(r"<text [^>]*>", svg)
    assert texts and all('font-size="12"' in text for text in texts)
    # Swedish formats decimals with a comma; SVG coordinates must keep the point.
    assert not re.search(r'\b(x|y|x1|x2|y1|y2|width|height)="-?\d+,\d', svg)


def test_the_stacked_chart_draws_each_segment_in_its_colour_with_its_number():
    html = render_to_string(
        "components/charts/stacked.html",
        {
            "chart": stacked_bar_chart([("2023", (3, 0, 0, 0, 7))]),
            "id": "c",
            "title": "",
            "desc": "",
        },
    )
    assert f'fill="{SCALE_PALETTE[0]}"' in html and f'fill="{SCALE_PALETTE[4]}"' in html
    assert re.search(r'class="chart__segment-value"[^>]*fill="#ffffff">3</text>', html)


def test_the_legend_draws_its_swatches_without_inline_style():
    html = render_to_string(
        "components/charts/legend.html", {"items": [("1 Instämmer inte", SCALE_PALETTE[0])]}
    )
    assert f'fill="{SCALE_PALETTE[0]}"' in html and "1 Instämmer inte" in html
    assert "style=" not in html and 'aria-hidden="true"' in html
