"""The JSON batches the paper page's script sends: checked into plain values, and answered."""

from __future__ import annotations

from vizlou.errors import N_, InvalidInput
from vizlou.services.paper.csv_files import MAX_COLUMNS
from vizlou.services.paper.sheets import RowResult

BATCH_ROWS = 50  # what the page sends at once
MAX_ROWS = 500  # what one request may carry
MAX_CELL = 5000
MAX_BATCH_BYTES = 2 * 1024 * 1024


def _texts(value: object, limit: int) -> list[str] | None:
    if not isinstance(value, list) or len(value) > limit:
        return None
    if not all(isinstance(v, str) and len(v) <= MAX_CELL for v in value):
        return None
    return value


def read_batch(body: dict) -> tuple[list[str], list[tuple[int, list[str]]]]:
    header = _texts(body.get("header"), MAX_COLUMNS)
    if not header:
        raise InvalidInput(N_("Send the header as a list of column names."), field="header")
    raw = body.get("rows")
    if not isinstance(raw, list) or len(raw) > MAX_ROWS:
        raise InvalidInput(N_("Send up to %(n)s rows at a time."), field="rows", n=MAX_ROWS)
    rows = []
    for item in raw:
        number = item.get("row") if isinstance(item, dict) else None
        cells = _texts(item.get("cells"), MAX_COLUMNS + 50) if isinstance(item, dict) else None
        if isinstance(number, bool) or not isinstance(number, int) or not 2 <= number <= 10**7 \
                or cells is None:
            raise InvalidInput(N_("Each row needs its number and a list of cells as text."),
                               field="rows")
        rows.append((number, cells))
    return header, rows


def row_json(result: RowResult, translate) -> dict:
    return {"row": result.row, "status": result.status, "idea": result.idea_id,
            "column": result.column, "message": result.render(translate) or None}
