"""Voting codes as a printable sheet of cards (PDF) or a list (CSV), for one question.

Each card says what the vote is about, where to vote and the code, with a QR code of the
vote's address. The PDF uses DejaVu Sans (shipped in ``vizlou/fonts``), which covers the
letters of every language the app can speak.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

FONT = Path(__file__).resolve().parents[2] / "fonts" / "dejavu-2.37" / "DejaVuSans.ttf"
COLUMNS, ROWS = 2, 5  # cards per A4 page
WORDS = {  # the card's few words, given by the caller in the city's language
    "title": "Your voting code",
    "where": "Vote at",
    "once": "One vote per code. You can change your vote until the vote closes.",
}


def cards_csv(question: str, url: str, codes: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "question", "vote_at"])
    for code in codes:
        writer.writerow([code, question, url])
    return ("\ufeff" + out.getvalue()).encode()


def cards_pdf(question: str, url: str, codes: list[str], words: dict | None = None) -> bytes:
    import segno
    from fpdf import FPDF

    words = {**WORDS, **(words or {})}
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=4, border=1)
    width, height = 210 / COLUMNS, 297 / ROWS
    for n, code in enumerate(codes):
        if n % (COLUMNS * ROWS) == 0:
            pdf.add_page()
        x = (n % COLUMNS) * width
        y = (n // COLUMNS % ROWS) * height
        pdf.set_draw_color(180, 180, 180)
        pdf.set_dash_pattern(dash=1, gap=1)  # where to cut
        pdf.line(x, y + height, x + width, y + height)
        pdf.line(x + width, y, x + width, y + height)
        pdf.set_dash_pattern()
        pdf.set_xy(x + 6, y + 6)
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(width - 44, 4.5, question[:160], align="L")
        pdf.set_xy(x + 6, y + 26)
        pdf.set_font("DejaVu", size=9)
        pdf.cell(width - 44, 5, words["title"])
        pdf.set_xy(x + 6, y + 31)
        pdf.set_font("DejaVu", size=20)
        pdf.cell(width - 44, 10, code)
        pdf.set_xy(x + 6, y + 43)
        pdf.set_font("DejaVu", size=7.5)
        pdf.multi_cell(width - 12, 3.6, f"{words['where']} {url}\n{words['once']}", align="L")
        qr.seek(0)
        pdf.image(qr, x=x + width - 36, y=y + 6, w=30, h=30)
    return bytes(pdf.output())
