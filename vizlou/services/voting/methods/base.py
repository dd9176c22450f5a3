"""What every voting method shares: the ``Method`` it subclasses, the plain result values,
and small helpers to read ids, amounts and forms (paper cells: ``paper_cells``).

Counting happens in two steps for every method: what one ballot adds to the totals
(``parts``: named numbers such as ``"o:12"`` for a vote for option 12) and the result read off
summed totals (``finish``). Totals of groups of ballots add up, so the kept counts hold totals
per area and the whole city's result is the sum of the areas'. Rules shared by the methods:

- Option ids are ints; a decimal string such as ``"3"`` is read as 3, anything else is not an
  id. Ids that are not the question's are ignored, as if the ballot had not named them.
- A ballot of the wrong shape is a blank ballot: counted as cast, supporting nothing.
- An id named twice in one ballot counts once, at its first position.
- Results list options in display order; ties keep display order. Winners are every option
  with the top score, and there are none when nobody scored anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vizlou.errors import N_, InvalidInput
from vizlou.services.voting.methods.settings import SETTING_NAMES, Setting, read_setting

Totals = dict[str, float]


class Result:
    """A method's result: a frozen dataclass of plain values."""

    def to_dict(self) -> dict[str, Any]:
        """``dataclasses.asdict`` without its deep copies (of plain values never changed)."""
        return {name: _plain(getattr(self, name)) for name in self.__dataclass_fields__}


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return ({k: _plain(v) for k, v in value.items()} if isinstance(value, dict)
                else type(value)(_plain(item) for item in value))
    return value.to_dict() if isinstance(value, Result) else value


@dataclass(frozen=True)
class Standing(Result):
    """One line of a ranking: ``position`` is shared by ties; ``score`` may be None."""

    option: int
    position: int
    score: float | None


@dataclass(frozen=True)
class Bars:
    """A result as one bar per option, the same shape for every method (walls, reports):
    ``unit`` is "votes", "percent", "dollars" or "dots"; ``out_round`` says in which round an
    option dropped out, where that means something."""

    unit: str
    values: Mapping[int, float]
    leaders: list[int]
    out_round: Mapping[int, int] = field(default_factory=dict)


class Method:
    """One voting method. Subclasses fill in every part; ``methods.register`` makes it known.

    The words are English message templates marked for translation (``N_``); the web edge
    translates them. ``settings(question)`` gives the keyword arguments of ``parts`` and
    ``finish`` (a budget's total, say)."""

    key = ""
    label = ""  # the method's name, for planners
    instruction = ""  # one line telling residents how to vote
    explanation = ""  # one plain sentence telling anyone how the result is counted
    paper_help = ""  # what to write in a paper form's column for the question
    paper_example = ""
    form_buttons = True  # the ballot form has a "Save my vote" button (pairwise: its cards)
    by_text = False  # a text message can carry the ballot (read as a paper cell is)
    script: str | None = None  # under static/: reads the form in the browser (js/voting/)
    saved_message = N_("Your vote is saved. You can change it until the vote closes.")

    settings_fields: tuple[Setting, ...] = ()  # what the question editor asks for

    # Questions ---------------------------------------------------------------------------
    def check_question(self, *, options: int, values: Mapping[str, object]) -> dict:
        """The method's settings read from ``values`` (by ``settings_fields``), checked
        against the number of options; InvalidInput naming the field. Settings the method
        does not use come back as None."""
        out: dict[str, object] = dict.fromkeys(SETTING_NAMES)
        for field_ in self.settings_fields:
            out[field_.name] = read_setting(field_, values.get(field_.name))
        return out

    def settings(self, question) -> dict:
        return {}

    # Ballots -----------------------------------------------------------------------------
    def check(self, question, choice: object) -> dict:
        """The choice in its stored shape, or InvalidInput with a message residents read."""
        raise NotImplementedError

    def from_form(self, question, form, previous: dict | None) -> dict:
        """The choice read from the method's form (pages that work without JavaScript)."""
        raise InvalidInput(N_("This vote can only be cast in the app."), field="choice")

    def form_context(self, question, choice: dict | None) -> dict:
        """What the method's ballot template needs besides the question and the choice."""
        return {}

    def from_paper_form(self, question, form) -> dict | None:
        """The choice typed in on the paper-entry page (its fields without the question's
        prefix), or None when the sheet leaves the question blank."""
        choice = self.from_form(question, form, None)
        return choice if any(v not in (None, [], {}) for v in choice.values()) else None

    def from_paper(self, question, text: str, column: str) -> dict:
        """The choice read from one cell of a paper form (see ``paper``)."""
        raise InvalidInput(N_("This vote cannot be typed in from paper."), field=column)

    def readable(self, choice: dict, title) -> str:
        """A ballot as people read it, with ``title(option id)`` for each option."""
        return str(choice)

    def demo_choice(self, rng, question, ids: list[int], prefs) -> dict:
        raise NotImplementedError

    def choice_schema(self) -> dict:
        """The OpenAPI schema of the choice."""
        return {"type": "object"}

    # Counting ----------------------------------------------------------------------------
    def parts(self, option_ids: Sequence[int], choice: Any, **settings) -> Totals:
        raise NotImplementedError

    def finish(self, option_ids: Sequence[int], totals: Mapping[str, float],
               **settings) -> Result:
        raise NotImplementedError

    def leading(self, result: dict) -> list[int]:
        """The option(s) ahead in a result (as ``to_dict`` gives it)."""
        return list(result.get("winners", []))

    def bars(self, question, result: dict) -> Bars:
        raise NotImplementedError


# Reading ballots -------------------------------------------------------------------------


def option_id(value: Any) -> int | None:
    if type(value) is int:  # what a ballot holds (a bool is not one): asked first
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def field_of(choice: Any, key: str) -> Any:
    return choice.get(key) if isinstance(choice, Mapping) else None


def known_ids(values: Any, known: Mapping[int, Any]) -> list[int]:
    """The known ids among ``values``, each once, in the order first named."""
    if not isinstance(values, list | tuple):
        return []
    ids = (option_id(v) for v in values)
    return list(dict.fromkeys(i for i in ids if i is not None and i in known))


def amount(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def count(totals: Mapping[str, float], key: str) -> int:
    return round(totals.get(key, 0))


def add_totals(into: Totals, parts: Mapping[str, float], times: float = 1) -> Totals:
    for key, value in parts.items():
        into[key] = into.get(key, 0) + value * times
    return into


# Results ---------------------------------------------------------------------------------


def standings(scores: Mapping[int, float | None]) -> list[Standing]:
    """Highest score first, None last; ties share a position and keep the given order."""
    ordered = sorted(scores, key=lambda o: (scores[o] is None, -(scores[o] or 0)))
    out: list[Standing] = []
    for index, option in enumerate(ordered):
        tied_above = out and out[-1].score == scores[option]
        position = out[-1].position if tied_above else index + 1
        out.append(Standing(option, position, scores[option]))
    return out


def winners(scores: Mapping[int, float]) -> list[int]:
    top = max(scores.values(), default=0)
    return [o for o, s in scores.items() if s == top] if top > 0 else []


def share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


# Checking a cast ballot ------------------------------------------------------------------


def bad(message: str, **params) -> InvalidInput:
    return InvalidInput(message, field="choice", **params)


def options_of(question) -> set[int]:
    return {o.id for o in question.options}


def checked_option(value: object, options: set[int]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in options:
        raise bad(N_("Choose from the options shown."))
    return value


def checked_ids(values: object, options: set[int]) -> list[int]:
    if not isinstance(values, list):
        raise bad(N_("Choose from the options shown."))
    ids = [checked_option(v, options) for v in values]
    if len(set(ids)) != len(ids):
        raise bad(N_("Each option can be chosen only once."))
    return ids


def mapping(choice: object) -> Mapping:
    if not isinstance(choice, dict):
        raise bad(N_("Choose from the options shown."))
    return choice


# Forms and paper -------------------------------------------------------------------------


def form_int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def form_number(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is None or math.isfinite(number) else None
