"""What each column of an export means, in plain words: the README sheet of a spreadsheet,
the README.txt of a zipped Shapefile, the ``readme`` table of a GeoPackage, the ``columns``
member of a GeoJSON file, and a text file beside a CSV. Every sentence is translated into
the reader's language by the caller (``translate``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from vizlou.errors import N_

MEANINGS = {
    "id": N_("The idea's number (it is in the idea's address: /ideas/<number>)."),
    "created_at": N_("When it was sent, in UTC."),
    "updated_at": N_("When the ballot was last changed, in UTC."),
    "category": N_("The topic's key."),
    "topic": N_("The topic's name."),
    "text": N_("What the resident wrote."),
    "language": N_("The language the resident used."),
    "channel": N_("How it arrived: web, kiosk (a tablet at an event), sms or paper."),
    "session_id": N_("The in-person session it came from (empty: none)."),
    "status": N_("What the planners say happened to it: new, under_review, in_plan, done "
                 "or not_possible."),
    "response": N_("The planners' public answer, in the city's main language."),
    "supports": N_("How many residents support it."),
    "participant": N_("A number that stands for one resident, the same in every export; it "
                      "does not say who they are."),
    "lon": N_("Longitude (WGS 84)."),
    "lat": N_("Latitude (WGS 84)."),
    "ballot": N_("The ballot's number."),
    "question_id": N_("The question's number."),
    "question": N_("The question's title."),
    "method": N_("How the question is voted: single, approval, ranked, budget or pairwise."),
    "area": N_("The area: for a ballot, the voter's area (their home area, or else the area "
               "of their first idea); empty when it is not known."),
    "choice": N_("The ballot as stored (JSON, option numbers)."),
    "choice_text": N_("The ballot in words (option titles)."),
    "population": N_("People living in the area (from the boundary file)."),
    "participants": N_("Residents who took part and count in the area."),
    "ideas": N_("Ideas in the area (hidden ones left out)."),
    "ballots": N_("Ballots of voters who count in the area."),
    "per_1000": N_("Participants per 1,000 people living in the area."),
    "representation": N_("The area's share of participants divided by its share of "
                         "population: 1 is its fair share, below 1 fewer than its share."),
    "suppressed": N_("Counts left empty because they were under the small-count threshold "
                     "(public exports only)."),
}
PATTERNS = [
    (re.compile(r"^ideas_(.+)$"), N_("Ideas in the area on the topic %(key)s.")),
    (re.compile(r"^q(\d+)_ballots$"), N_("Ballots on question %(key)s from voters of the "
                                         "area.")),
    (re.compile(r"^q(\d+)_leading$"), N_("The option ahead on question %(key)s among the "
                                         "area's voters.")),
]
LAYER = N_("The area of the layer %(key)s the idea lies in (empty: none).")
GEOMETRY = N_("The geometry: the idea's point, or the area's outline (for a ballot, the "
              "voter's area). Coordinates in WGS 84 (EPSG:4326).")


def meanings(columns: list[str], layers: set[str],
             translate: Callable[[str], str] = str) -> list[tuple[str, str]]:
    """``[(column, meaning)]`` for the columns of one export."""
    out = []
    for column in columns:
        if column in layers:
            text = translate(LAYER) % {"key": column}
        elif column in MEANINGS:
            text = translate(MEANINGS[column])
        else:
            text = next((translate(message) % {"key": m.group(1)} for pattern, message in
                         PATTERNS if (m := pattern.match(column))), "")
        out.append((column, text))
    return out


def as_text(title: str, rows: list[tuple[str, str]], geometry: bool,
            translate: Callable[[str], str] = str) -> str:
    lines = [title, "=" * len(title), ""]
    lines += [f"{column}: {meaning}" for column, meaning in rows]
    if geometry:
        lines += ["", f"geometry: {translate(GEOMETRY)}"]
    return "\n".join(lines) + "\n"
