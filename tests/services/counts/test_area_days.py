"""The date filter's local days, cut into whole UTC days (read off ``area_days``) and the
pieces at either end (counted from the rows), cover exactly the filter's time in any zone."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest

from vizlou.services.counts.area_days import split
from vizlou.services.filters import Filters, utc_range


class Zone:
    def __init__(self, timezone: str) -> None:
        self.timezone = timezone


def covered(start, end):
    """The pieces ``split`` gives, as a sorted list of ``[from, to)`` datetimes."""
    (first, last), pieces = split(start, end)
    out = [(a, b) for a, b in pieces]
    if first != last or first is None:
        low = datetime.fromisoformat(first) if first else None
        high = datetime.fromisoformat(last) if last else None
        out.append((low, high))
    return sorted(out, key=lambda p: (p[0] is not None, p[0] or datetime.min))


@pytest.mark.parametrize("timezone", ["America/Kentucky/Louisville", "Asia/Kolkata", "UTC",
                                      "Pacific/Chatham", "America/St_Johns"])
@pytest.mark.parametrize(("since", "until"), [
    (date(2026, 10, 1), date(2026, 10, 20)), (date(2026, 10, 7), date(2026, 10, 7)),
    (date(2026, 3, 7), date(2026, 3, 9)),  # across a change of clocks in North America
    (None, date(2026, 10, 5)), (date(2026, 10, 12), None)])
def test_the_pieces_cover_the_local_days_exactly(timezone, since, until):
    start, end = utc_range(Zone(timezone), Filters(since=since, until=until))
    pieces = covered(start, end)
    assert pieces[0][0] == start and pieces[-1][1] == end
    for (_, a_end), (b_start, _) in itertools.pairwise(pieces):
        assert a_end == b_start  # no gap, no overlap
    (first, last), ends = split(start, end)
    assert all(b - a < timedelta(days=1) for a, b in ends)  # at most a day from the rows
    for day in (first, last):
        assert day is None or day == "" or datetime.fromisoformat(day).hour == 0


def test_whole_utc_days_leave_no_piece():
    (first, last), ends = split(datetime(2026, 10, 1), datetime(2026, 10, 3))
    assert (first, last, ends) == ("2026-10-01", "2026-10-03", [])
