"""What every planner page shares: words for the codes, colours, and the page context."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from vizlou.services.filters import Filters
from vizlou.web.common import labels
from vizlou.web.plan import params

CHANNEL_COLORS = {"web": "#0b4f6c", "kiosk": "#c2410c", "sms": "#7c3aed", "paper": "#4d7c0f"}
METRICS = {
    "participants": _l("Participants"),
    "ideas": _l("Ideas"),
    "supports": _l("Supports"),
    "ballots": _l("Ballots"),
    "per_1000": _l("Participants per 1,000 residents"),
    "representation": _l("Representation index"),
}
SCHEMES = {
    "fisher_jenks": _l("Natural breaks (Fisher-Jenks)"),
    "quantiles": _l("Quantiles (equal counts)"),
    "equal_interval": _l("Equal intervals"),
}
REASONS = {
    "majority": _l("A majority: the winner"),
    "fewest_votes": _l("Fewest votes: out"),
    "fewest_first_preferences": _l("Tied for fewest; fewest first choices: out"),
    "fewest_votes_in_earlier_round": _l("Tied for fewest; fewest in an earlier round: out"),
    "tied_eliminated_together": _l("Tied for fewest: out together"),
    "tie": _l("A tie"),
    "no_votes": _l("No votes"),
}
TIMELINE_TITLES = {  # whole sentences, so that every language can word them its own way
    ("ideas", "day"): _l("Ideas per day, by channel"),
    ("ideas", "week"): _l("Ideas per week, by channel"),
    ("supports", "day"): _l("Supports per day, by channel"),
    ("supports", "week"): _l("Supports per week, by channel"),
    ("ballots", "day"): _l("Ballots per day, by channel"),
    ("ballots", "week"): _l("Ballots per week, by channel"),
}
KINDS = {"ideas": _l("Ideas"), "supports": _l("Supports"), "ballots": _l("Ballots"),
         "participants": _l("Participants")}


def metric_label(key: str, language: str = "en") -> str:
    if key.startswith("ideas_"):
        category = current_app.config["CITY"].category(key.removeprefix("ideas_"))
        name = category.label(language) if category else key
        return str(_l("Ideas: %(topic)s", topic=name))
    return str(METRICS.get(key, key))


def render(template: str, flt: Filters, **context) -> str:
    return render_template(
        template, flt=flt, choices=params.form_choices(), filter_args=params.filter_args(),
        url_with=params.url_with, labels=labels, metric_label=metric_label,
        channel_colors=CHANNEL_COLORS, reasons=REASONS, **context)
