"""Reading paper sheets from a CSV file: the file, its header, and each row into a Sheet.

The columns (documented in the README and on the paper page; names are not case-sensitive):

- ``area``: a main-layer area's name (any case) or id; or ``lon`` and ``lat`` (a point,
  which wins when both are filled)
- ``category``: the topic's key or its English or Spanish label
- ``text``: the idea (1 to 500 characters)
- ``age_bracket``: a key such as ``16_18``, also written ``16-18``, ``65+`` or ``under 16``
- ``home_area``: a main-layer area's name or id
- ``language``: ``en`` or ``es`` (the city's default language when empty)
- ``sheet_id``: the number written on the sheet; a sheet already stored is skipped
- ``q<id>``: the answer to question ``<id>`` (see :mod:`vizlou.services.paper_answers`)

A row with no idea cells filled stores only its answers and profile. Row numbers count the
header as row 1, as a spreadsheet shows them. Blank rows are left out.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vizlou.city import City
from vizlou.errors import N_, InvalidInput
from vizlou.models import Question
from vizlou.services.areas import layers as area_layers
from vizlou.services.inputs import fold
from vizlou.services.paper.answers import parse_answer
from vizlou.services.paper.sheets import Sheet, SheetError
from vizlou.services.values import AreaRef

COLUMNS = ("area", "lon", "lat", "category", "text", "age_bracket", "home_area", "language",
           "sheet_id")
IDEA_COLUMNS = ("area", "lon", "lat", "category", "text")
QUESTION_COLUMN = re.compile(r"^q(\d{1,9})(?:\s.*)?$")
MAX_COLUMNS = 200


class FileProblem(InvalidInput):
    """The whole file is refused (nothing of it is stored)."""

    code = "bad_file"


def read_csv(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows ``(row number, cells)`` of a CSV file in UTF-8."""
    if not data.strip():
        raise FileProblem(N_("The file is empty."), field="file")
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise FileProblem(N_("This is not a CSV file. In your spreadsheet, choose Save as, "
                             "then CSV UTF-8."), field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(N_("The file is not in UTF-8. In your spreadsheet, choose Save as, "
                             "then CSV UTF-8."), field="file") from None
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if d in first), ",")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise FileProblem(N_("The file could not be read as CSV: %(problem)s"), field="file",
                          problem=str(error)) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise FileProblem(N_("The first row must name the columns."), field="file")
    rows = [(n, cells) for n, cells in enumerate(records[1:], start=2)
            if any(cell.strip() for cell in cells)]
    return records[0], rows


@dataclass(frozen=True)
class Columns:
    """A checked header: each position's column name ("" to ignore) and the questions."""

    names: tuple[str, ...]
    questions: dict[str, Question]

    def cells(self, raw: Sequence[object]) -> dict[str, str]:
        if len(raw) > len(self.names) and any(str(c).strip() for c in raw[len(self.names):]):
            raise SheetError(N_("This row has more cells than the header has columns."),
                             field=None)
        return {name: str(value).strip() for name, value in zip(self.names, raw, strict=False)
                if name}


TEMPLATE_COLUMNS = ("sheet_id", "area", "category", "text", "age_bracket", "home_area",
                    "language")


def template_header(questions: Sequence[Question], title_of) -> list[str]:
    """The first row of a blank CSV for a session: every column the import reads, and one
    ``q<id> <title>`` per question (``title_of(question)`` in the facilitator's language)."""
    return [*TEMPLATE_COLUMNS, *(" ".join(f"q{q.id} {title_of(q)}".split())[:200]
                                 for q in questions)]


def check_header(header: Sequence[object], questions: Sequence[Question]) -> Columns:
    if len(header) > MAX_COLUMNS:
        raise FileProblem(N_("The file has too many columns (at most %(n)s)."), field="file",
                          n=MAX_COLUMNS)
    asked = {q.id: q for q in questions}
    names, found, unknown = [], {}, []
    for cell in header:
        name = " ".join(str(cell).split()).lower()
        match = QUESTION_COLUMN.match(name)
        if match:
            question_id = int(match.group(1))
            name = f"q{question_id}"
            if question_id not in asked:
                raise FileProblem(N_("Column %(column)s: question %(id)s is not asked in this "
                                     "session. Its questions are: %(ids)s."), field=name,
                                  column=name, id=question_id,
                                  ids=", ".join(f"q{i}" for i in asked) or "-")
            found[name] = asked[question_id]
        elif name and name not in COLUMNS:
            unknown.append(str(cell).strip())
        if name and name in names:
            raise FileProblem(N_("The column %(column)s appears twice."), field=name,
                              column=name)
        names.append(name)
    if unknown:
        raise FileProblem(N_("Unknown column: %(names)s. The columns are: %(known)s, and q "
                             "followed by a question number."), field="file",
                          names=", ".join(unknown), known=", ".join(COLUMNS))
    _check_idea_columns(set(names), bool(found))
    return Columns(tuple(names), found)


def _check_idea_columns(present: set[str], has_questions: bool) -> None:
    if ("lon" in present) != ("lat" in present):
        raise FileProblem(N_("Give both the lon and the lat columns, or neither."),
                          field="lon")
    if not present & set(IDEA_COLUMNS):
        if has_questions:
            return
        raise FileProblem(N_("Missing columns: the file needs category, text and area (or lon "
                             "and lat), or a column for each question (q1, q2, ...)."),
                          field="file")
    missing = [c for c in ("category", "text") if c not in present]
    if "area" not in present and "lon" not in present:
        missing.append("area")
    if missing:
        raise FileProblem(N_("Missing columns: %(names)s."), field="file",
                          names=", ".join(missing))


class AreaNames:
    """Main-layer areas looked up by name (any case, spaces tidied) or by id."""

    def __init__(self, session: Session, city: City) -> None:
        self.layer = city.main_layer
        choices = area_layers.area_choices(session, city.main_layer)
        self.ids = {area_id for area_id, _ in choices}
        self.by_name = {fold(name): area_id for area_id, name in choices}

    def find(self, value: str, column: str) -> AreaRef:
        area_id = self.by_name.get(fold(value))
        if area_id is None and value.isdigit() and int(value) in self.ids:
            area_id = int(value)
        if area_id is None:
            raise SheetError(N_("There is no area called “%(value)s”."), field=column,
                             value=value[:80])
        return AreaRef(self.layer, area_id)


def _number(value: str, column: str) -> float:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise SheetError(N_("%(column)s must be a number of degrees, like -12.34 or 56.78."),
                         field=column, column=column)
    return number


def _category(city: City, value: str) -> str:
    for category in city.categories:
        if fold(value) in {category.key.casefold(), *(fold(v) for v in category.labels.values())}:
            return category.key
    raise SheetError(N_("Unknown topic “%(value)s”. Use one of: %(keys)s."), field="category",
                     value=value[:80], keys=", ".join(city.category_keys))


def age_key(city: City, value: str) -> str:
    key = fold(value).replace(" to ", "_").replace("-", "_").replace(" ", "_")
    key = key[:-1] + "_plus" if key.endswith("+") else key
    if key not in city.age_brackets:
        raise SheetError(N_("Unknown age group “%(value)s”. Use one of: %(keys)s."),
                         field="age_bracket", value=value[:40],
                         keys=", ".join(city.age_brackets))
    return key


class SheetReader:
    """Turns the cells of one row into a Sheet; SheetError names the column at fault."""

    def __init__(self, session: Session, city: City, columns: Columns) -> None:
        self.city = city
        self.columns = columns
        self.areas = AreaNames(session, city)

    def __call__(self, raw: Sequence[object]) -> Sheet:
        cells = self.columns.cells(raw)
        get = cells.get
        point = None
        if get("lon") or get("lat"):
            point = (_number(get("lon", ""), "lon"), _number(get("lat", ""), "lat"))
        answers = {question.id: parse_answer(question, get(column), column)
                   for column, question in self.columns.questions.items() if get(column)}
        return Sheet(
            category=_category(self.city, get("category")) if get("category") else "",
            text=get("text", ""), point=point,
            area=self.areas.find(get("area"), "area") if get("area") and not point else None,
            age_bracket=age_key(self.city, get("age_bracket"))
            if get("age_bracket") else None,
            home_area=self.areas.find(get("home_area"), "home_area")
            if get("home_area") else None,
            language=get("language", "").lower() or None, answers=answers,
            sheet_id=get("sheet_id") or None,
            place_field="lon" if point or "area" not in self.columns.names else "area")


def sheet_reader(session: Session, city: City, item, header: Sequence[object]) -> SheetReader:
    """Check a file's header against the session's questions; the reader of its rows."""
    return SheetReader(session, city, check_header(header, list(item.questions)))
