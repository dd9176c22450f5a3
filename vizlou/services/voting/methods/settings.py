"""The settings of a question that voting methods use (approval's k, a budget's total and
step, ...): each method lists the ones it asks for, and the question editor shows them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from vizlou.errors import N_, InvalidInput, Words


@dataclass(frozen=True)
class Setting:
    """A setting of a question that a method uses, shown in the question editor and kept in
    the ``Question`` column of the same ``name``."""

    name: str  # one of SETTING_NAMES
    label: str  # for planners (N_)
    kind: str = "int"  # "int", "number" or "choice"
    minimum: float | None = 1
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (value, label N_) for "choice"
    default: object = None
    help: str = ""


SETTING_NAMES = ("max_choices", "budget_total", "budget_step", "budget_unit", "pairs_per_voter")


def read_setting(setting: Setting, raw: object) -> object:
    """One setting's value from a form, a file or the API, checked for kind and minimum."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if setting.default is not None:
            return setting.default
        if setting.required:
            raise InvalidInput(N_("Fill in: %(label)s."), field=setting.name,
                               label=Words(setting.label))
        return None
    if setting.kind == "choice":
        if raw not in {value for value, _ in setting.choices}:
            raise InvalidInput(N_("Choose one of the values offered for: %(label)s."),
                               field=setting.name, label=Words(setting.label))
        return raw
    try:
        number = float(raw) if not isinstance(raw, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or (setting.kind == "int" and number != int(number)):
        raise InvalidInput(N_("%(label)s must be a whole number.") if setting.kind == "int"
                           else N_("%(label)s must be a number."),
                           field=setting.name, label=Words(setting.label))
    if setting.minimum is not None and number < setting.minimum:
        raise InvalidInput(N_("%(label)s must be at least %(minimum)s."), field=setting.name,
                           label=Words(setting.label), minimum=f"{setting.minimum:g}")
    return int(number) if setting.kind == "int" else number
