"""The SVG chart and map helpers, and the class breaks that colour the maps."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from flask_babel import force_locale
from markupsafe import escape

from vizlou.services.maps.classes import DIVERGING, NO_DATA, classify, fisher_jenks
from vizlou.web.common.labels import number, numbers_in, percent
from vizlou.web.plan import charts, svgmap

HOSTILE = "<script>alert(1)</script>"


@pytest.mark.parametrize(("top", "step"), [(0, 1), (7, 2), (80, 20), (95, 50), (1234, 500),
                                           (0.3, 0.1)])
def test_gridlines_fall_on_round_numbers(top, step):
    assert charts.nice_step(top) == pytest.approx(step)


def test_stacked_columns_stack_and_escape():
    svg = str(charts.stacked_columns(["Sep 01", HOSTILE], [("web", "#111", [3, 1]),
                                                          (HOSTILE, "#222", [2, 0])],
                                     title=HOSTILE))
    assert HOSTILE not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 3 + 2  # three non-empty segments and two legend keys
    heights = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" '
                                            r'height="([^"]+)"', svg)[:3]]
    assert heights[0] == pytest.approx(heights[1] * 1.5)  # 3 and 2 stacked in one column


def test_bars_are_proportional():
    svg = str(charts.bars([("a", 10, "#111"), ("b", 5, "#222")], title="t"))
    widths = [float(w) for w in re.findall(r'<rect x="150" y="[^"]+" width="([^"]+)"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_svg_map_draws_every_ring_and_escapes_names():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
                                                 [[.2, .2], [.4, .2], [.4, .4], [.2, .2]]]}
    svg = str(svgmap.area_map([{"id": 1, "properties": {"name": HOSTILE}, "geometry": square}],
                              {1: "#abcdef"}, title="t", width=104))
    assert HOSTILE not in svg and "<title>&lt;script&gt;" in svg
    assert 'fill="#abcdef"' in svg and svg.count("Z") == 2
    assert 'viewBox="0 0 104 ' in svg


def test_classes_put_each_value_in_its_class():
    values = [1, 2, 3, 10, 11, 12, 50, 51, None]
    classes = classify(values, "fisher_jenks", k=3)
    assert classes.upper == [3, 12, 51]
    assert classes.index == [0, 0, 0, 1, 1, 1, 2, 2, None]
    assert classes.color(None) == NO_DATA
    assert classify([4, 4, 4], "quantiles").upper == [4]
    assert classify([None, None], "quantiles").colors == []


def test_representation_classes_are_fixed_around_one():
    classes = classify([0.1, 0.9, 1.0, 1.3, 4.0], "quantiles", diverging_around_one=True)
    assert classes.upper[:4] == [0.5, 0.8, 1.25, 2.0] and classes.colors == DIVERGING
    assert classes.index == [0, 2, 2, 3, 4]


def test_legend_labels_name_whole_numbers_without_overlap():
    assert classify([0, 0, 1, 1, 2, 8], "quantiles", k=3).labels() == ["0", "1", "2 – 8"]
    assert classify([10, 20, 30, 40], "equal_interval", k=2).labels() == ["10 – 25",
                                                                          "26 – 40"]
    assert classify([0.1, 1.2, 2.5], "fisher_jenks", k=3).labels(2)[0] == "0.10 – 0.10"


def test_classes_of_counts_never_split_between_whole_numbers():
    classes = classify([0, 0, 1, 1, 2, 8], "quantiles", k=4)
    assert classes.labels() == ["0", "1", "2 – 8"]
    assert classes.index == [0, 0, 1, 1, 2, 2]


def within_class_squares(values, uppers) -> float:
    values, total, lower = np.sort(values), 0.0, -np.inf
    for upper in uppers:
        members = values[(values > lower) & (values <= upper)]
        total += float(((members - members.mean()) ** 2).sum()) if members.size else 0.0
        lower = upper
    return total


def test_natural_breaks_are_mapclassifys_optimum():
    """Our Fisher-Jenks (array operations) against mapclassify's (loops), on counts and on
    skewed values: never a worse split, and the same breaks but for ties."""
    import mapclassify

    rng, same = np.random.default_rng(7), 0
    for trial in range(120):
        n, k = int(rng.integers(5, 120)), int(rng.integers(2, 7))
        values = (rng.poisson(rng.integers(1, 200), n) if trial % 2
                  else rng.lognormal(3, 1, n)).astype(float)
        k = min(k, np.unique(values).size)
        ours = fisher_jenks(values, k)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = [float(b) for b in mapclassify.FisherJenks(values, k=k).bins]
        assert len(ours) == k and ours[-1] == values.max()
        assert within_class_squares(values, ours) <= within_class_squares(values, theirs) \
            * (1 + 1e-9) + 1e-9
        same += np.allclose(ours, theirs)
    assert same >= 110
    assert fisher_jenks(np.array([1.0, 2, 3, 10, 11, 12, 50]), 3) == [3.0, 12.0, 50.0]


@pytest.mark.parametrize(("value", "digits", "shown"), [
    (None, 0, '<span class="none">–</span>'), (0, 0, "0"), (1234567, 0, "1,234,567"),
    (2.0, 0, "2"), (1.25, 0, "1.25"), (1234.5, 0, "1,234.50"), (0.5, 2, "0.50"),
    (3, 3, "3.000"), (1.23456, 3, "1.235")])
def test_numbers_in_planners_tables(value, digits, shown):
    assert str(escape(number(value, digits))) == shown


@pytest.mark.parametrize(("language", "shown", "legend"), [
    ("en", ["12,345", "1.25", "1,234.50", "46%", "1,235%"], "1,234.50 – 2,000.00"),
    ("es", ["12.345", "1,25", "1.234,50", "46\xa0%", "1.235\xa0%"], "1.234,50 – 2.000,00"),
    ("fr", ["12\u202f345", "1,25", "1\u202f234,50", "46\xa0%", "1\u202f235\xa0%"],
     "1\u202f234,50 – 2\u202f000,00")])
def test_numbers_are_written_as_the_pages_language_writes_them(sqlite_app, language, shown,
                                                                legend):
    with force_locale(language):
        assert [number(12345), number(1.25), number(1234.5), percent(0.456),
                percent(12.3456)] == shown
        assert numbers_in("1,234.50 – 2,000.00") == legend
