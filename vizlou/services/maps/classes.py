"""Class breaks for maps (Fisher-Jenks here; quantiles and equal intervals by mapclassify)

The same classes colour the interactive Folium maps, the printable SVG maps and their
legends. The representation index always uses fixed classes around 1 (a fair share) on
a diverging palette, so that "under-represented" looks the same on every map.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from vizlou.errors import N_, InvalidInput

SCHEMES = {"fisher_jenks": "FisherJenks", "quantiles": "Quantiles",
           "equal_interval": "EqualInterval"}
# ColorBrewer YlGnBu (sequential) and RdYlBu (diverging), 5 classes.
SEQUENTIAL = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
DIVERGING = ["#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6"]
REPRESENTATION_BINS = [0.5, 0.8, 1.25, 2.0]
NO_DATA = "#d9d9d9"
MAX_EXACT = 1000  # Fisher-Jenks on a sample above this many values


@dataclass(frozen=True)
class Classes:
    lower: list[float]  # each class holds values in (previous upper, upper]
    upper: list[float]
    colors: list[str]
    index: list[int | None]  # the class of each value; None for no data

    def color(self, i: int | None) -> str:
        return NO_DATA if i is None else self.colors[i]

    def labels(self, digits: int = 0) -> list[str]:
        """What each class holds, for legends: whole numbers when ``digits`` is 0."""
        if digits:
            return [f"{lo:,.{digits}f} – {hi:,.{digits}f}"
                    for lo, hi in zip(self.lower, self.upper, strict=True)]
        out = []
        for i, (lo, hi) in enumerate(zip(self.lower, self.upper, strict=True)):
            start, end = (math.ceil(lo) if i == 0 else math.floor(lo) + 1), math.floor(hi)
            out.append(f"{start:,}" if start >= end else f"{start:,} – {end:,}")
        return out


def classify(values: Sequence[float | None], scheme: str = "fisher_jenks", k: int = 5,
             diverging_around_one: bool = False) -> Classes:
    if scheme not in SCHEMES:
        raise InvalidInput(N_("Choose how to group the values: %(schemes)s."), field="scheme",
                           schemes=", ".join(SCHEMES))
    present = np.array([v for v in values if v is not None], dtype=float)
    if present.size == 0:
        return Classes([], [], [], [None] * len(values))
    if diverging_around_one:
        uppers = [*REPRESENTATION_BINS, max(float(present.max()), REPRESENTATION_BINS[-1])]
        colors = DIVERGING
    else:
        uppers = _breaks(present, scheme, k)
        colors = _spread(SEQUENTIAL, len(uppers))
    lowers = [min(float(present.min()), uppers[0]), *uppers[:-1]]
    bins = np.array(uppers)
    index = [None if v is None else int(min(np.searchsorted(bins, v, side="left"),
                                            len(bins) - 1)) for v in values]
    return Classes(lowers, [float(u) for u in uppers], colors, index)


def _breaks(values: np.ndarray, scheme: str, k: int) -> list[float]:
    unique = np.unique(values)
    k = max(1, min(k, unique.size))
    if k == 1:
        return [float(unique.max())]
    name = SCHEMES[scheme]
    if name == "FisherJenks" and values.size <= MAX_EXACT:
        bins = set(fisher_jenks(values, k))
    else:
        if name == "FisherJenks":
            name = "FisherJenksSampled"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mapclassify warns when classes collapse
            import mapclassify  # loads scikit-learn (a second): only for these schemes

            result = getattr(mapclassify, name)(values, k=k)
        bins = {float(b) for b in result.bins}
    if np.all(values == np.round(values)):  # counts: every class holds whole numbers
        bins = {float(math.floor(b)) for b in bins}
    return sorted(bins)


def fisher_jenks(values: np.ndarray, k: int) -> list[float]:
    """Fisher's optimal ("natural") breaks: the upper bound of each of ``k`` classes of
    consecutive sorted values with the least sum of squared deviations from their class
    means, ``k`` at most the number of values.

    The same dynamic programme as mapclassify's ``FisherJenks``, with the inner loops as
    array operations: 2 ms instead of 80 for 216 areas, 30 ms instead of 2.7 s for 1,000.
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    centred = x - x.mean()  # smaller squares: the sums below lose less to rounding
    s1 = np.concatenate(([0.0], np.cumsum(centred)))
    s2 = np.concatenate(([0.0], np.cumsum(centred * centred)))
    first = np.arange(n)[:, None]  # the first value of a class ...
    last = np.arange(n)[None, :]  # ... and its last
    size = last - first + 1
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = (s2[last + 1] - s2[first]) - (s1[last + 1] - s1[first]) ** 2 / size
    cost[size <= 0] = np.inf  # no such class
    best = cost[0]  # one class: values 0..last
    starts = []
    for _ in range(1, k):  # one class more: the best split before each class's first value
        before = np.concatenate(([np.inf], best[:-1]))
        total = before[:, None] + cost
        start = np.argmin(total, axis=0)  # the first of equal ones, as mapclassify
        best = total[start, np.arange(n)]
        starts.append(start)
    uppers, end = [float(x[-1])], n - 1
    for start in reversed(starts):
        end = int(start[end]) - 1
        uppers.append(float(x[end]))
    return uppers[::-1]


def _spread(palette: list[str], n: int) -> list[str]:
    """``n`` colours from a palette, from light to dark."""
    if n >= len(palette):
        return palette[:n]
    picks = np.linspace(0, len(palette) - 1, n).round().astype(int)
    return [palette[i] for i in picks]
