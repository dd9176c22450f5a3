"""A paper answer written as short text, read into a ballot choice (checked later by voting).

An option is its number in the question's list (1 for the first, as printed on the sheet)
or its title in any of the question's languages (any case). Each voting method reads its own
answers (``Method.from_paper``); for the shipped ones:

- single: ``2`` or ``Parks``
- approval: ``1;3`` (``,`` also separates)
- ranked: ``2>1>3``, most preferred first
- budget: ``1=300000;2=700000`` (``$`` and thousands commas are allowed in amounts)
- pairwise: ``1>2;3>1``, the winner of each pair first
"""

from __future__ import annotations

from vizlou.errors import InvalidInput
from vizlou.models import Question
from vizlou.services.paper.sheets import SheetError
from vizlou.services.voting import methods


def parse_answer(question: Question, text: str, column: str) -> dict:
    """The choice in the shape ``Method.check`` takes; SheetError names the column."""
    try:
        return methods.of(question).from_paper(question, text, column)
    except InvalidInput as error:
        if isinstance(error, SheetError):
            raise
        raise SheetError(error.message, field=column, **error.params) from None
