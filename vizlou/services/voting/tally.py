"""Counting ballots with any registered method: pure functions, plain values in and out.

``choices`` are ballot choices shaped as ``Ballot.choice`` stores them; ``option_ids`` are the
question's option ids in display order; ``settings`` are the method's own (``total`` for a
budget, see ``Method.settings``). The methods themselves live in ``methods/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vizlou.services.voting import methods
from vizlou.services.voting.methods.base import Result, Totals, add_totals

Counted = Iterable[tuple[Any, int]]  # (a ballot choice, how many identical ballots)


def _method(key: str):
    method = methods.REGISTRY.get(key)
    if method is None:
        raise ValueError(f"unknown voting method: {key!r}")
    return method


def parts(method: str, option_ids: Sequence[int], choice: Any, **settings: Any) -> Totals:
    """What one ballot adds to the totals of ``method``."""
    return _method(method).parts(option_ids, choice, **settings)


def totals(method: str, option_ids: Sequence[int], counted: Counted,
           **settings: Any) -> Totals:
    """The totals of ``(choice, number of identical ballots)`` pairs."""
    count = _method(method).parts
    out: Totals = {}
    for choice, n in counted:
        add_totals(out, count(option_ids, choice, **settings), n)
    return out


def finish(method: str, option_ids: Sequence[int], summed: Mapping[str, float],
           **settings: Any) -> Result:
    """The result of ``method`` read off totals (sums of ``parts``)."""
    return _method(method).finish(option_ids, summed, **settings)


def tally(method: str, option_ids: Sequence[int], choices: Iterable[Any],
          **settings: Any) -> Result:
    """The result of ``method`` for these ballots; ValueError for an unknown method."""
    return tally_counted(method, option_ids, ((choice, 1) for choice in choices), **settings)


def tally_counted(method: str, option_ids: Sequence[int], counted: Counted,
                  **settings: Any) -> Result:
    """Like ``tally``, for ``(choice, number of identical ballots)`` pairs: the same result
    as each choice repeated that many times, in time that grows with distinct choices."""
    return finish(method, option_ids, totals(method, option_ids, counted, **settings),
                  **settings)


__all__ = ["Counted", "Totals", "add_totals", "finish", "parts", "tally", "tally_counted",
           "totals"]
