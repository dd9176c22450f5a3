"""What may be shown to the public: every count below the city's small-count threshold
replaced by None (and named in the row's ``suppressed``), with what was derived from it
(rates, the representation index, question results)."""

from __future__ import annotations

from dataclasses import replace

from vizlou.services.summaries.rows import COUNTS, AreaResult, AreaRow, LayerSummary


def _hide(value, threshold: int) -> bool:
    return value is not None and value < threshold

def public_row(row: AreaRow, threshold: int) -> AreaRow:
    """The row with every count below ``threshold`` replaced by None and named."""
    hidden = [key for key in COUNTS if _hide(getattr(row, key), threshold)]
    by_category = {}
    for key, n in row.by_category.items():
        if _hide(n, threshold):
            hidden.append(f"ideas_{key}")
        by_category[key] = None if _hide(n, threshold) else n
    questions = {}
    for qid, res in row.questions.items():
        if _hide(res.ballots, threshold):
            hidden.append(f"question_{qid}")
            res = AreaResult(None, None, [])
        questions[qid] = res
    derived = {}
    if "participants" in hidden:
        derived = {"per_1000": None, "representation": None}
        hidden += [k for k in ("per_1000", "representation") if getattr(row, k) is not None]
    return replace(row, by_category=by_category, questions=questions,
                   suppressed=tuple(hidden), **derived,
                   **{key: None for key in COUNTS if key in hidden})

def public_view(summary: LayerSummary, threshold: int) -> LayerSummary:
    """What may be shown to the public: small counts suppressed everywhere."""
    questions = [q if q.ballots >= threshold else
                 replace(q, ballots=None, result=None, leading=[]) for q in summary.questions]
    return replace(summary, areas=[public_row(r, threshold) for r in summary.areas],
                   unknown=public_row(summary.unknown, threshold),
                   total=public_row(summary.total, threshold), questions=questions,
                   public=True, threshold=threshold)
