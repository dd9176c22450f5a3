"""The session form: what a facilitator fills in to prepare a session."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    DecimalField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from vizlou.services.events.manage import SessionForm


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class SessionEditForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    venue = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M",
                                   validators=[Optional()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    area = SelectField(_l("Area (the tablets keep its map for offline use)"),
                       coerce=str, validators=[Optional()])
    lat = DecimalField(_l("Latitude of the place"), places=6,
                       validators=[Optional(), NumberRange(-90, 90)])
    lon = DecimalField(_l("Longitude of the place"), places=6,
                       validators=[Optional(), NumberRange(-180, 180)])
    questions = MultiCheckboxField(_l("Questions to ask"), coerce=int)
    notes = TextAreaField(_l("Notes for the team"), validators=[Optional(), Length(max=2000)])

    def to_value(self) -> SessionForm:
        area = self.area.data
        return SessionForm(
            name=self.name.data or "", venue=self.venue.data or "",
            lon=float(self.lon.data) if self.lon.data is not None else None,
            lat=float(self.lat.data) if self.lat.data is not None else None,
            starts_at=self.starts_at.data, ends_at=self.ends_at.data,
            area_id=int(area) if area and area.isdigit() else None,
            notes=self.notes.data or "", question_ids=tuple(self.questions.data or ()))
