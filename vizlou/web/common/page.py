"""What pages share: the settings handed to their scripts (as JSON, never as inline script),
the map's settings, and small helpers."""

from __future__ import annotations

from flask import Flask, current_app, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from vizlou.errors import NotFound
from vizlou.extensions import db
from vizlou.services.areas import catalog as area_catalog
from vizlou.services.areas import layers as area_layers
from vizlou.web.common.kiosk_state import KIOSK_KEY, in_kiosk_mode, offline_kit
from vizlou.web.common.participant import language, page_participant, page_token
from vizlou.web.i18n import safe_next


def city():
    return current_app.config["CITY"]


def script_strings() -> dict[str, str]:
    """Every sentence the scripts may show, in the page's language."""
    return {
        "pending": _("Waiting to send: %(n)s"),
        "sent": _("Sent. Thank you!"),
        "savedOffline": _("Saved on your phone. It will be sent when you are online."),
        "sendFailed": _("This could not be sent: %(message)s"),
        "tapMap": _("Tap the map where your idea goes."),
        "noPlace": _("No place by that name. Try a street corner, a park or an area."),
        "placesFound": _("%(n)s places found."),
        "venueAt": _("The session is at %(place)s."),
        "kind_area": _("area"),
        "kind_landmark": _("place"),
        "kind_intersection": _("street corner"),
        "kind_street": _("street"),
        "kind_address": _("address"),
        "photoAlt": _("The photo sent with this idea"),
        "photoSent": _("Your photo is sent too."),
        "photoFailed": _("Your idea is sent, but not its photo: %(message)s"),
        "photoOffline": _("Your idea will be sent when you are online; then add the photo "
                          "from the idea's page."),
        "useCenter": _("Use the middle of the map"),
        "cancel": _("Cancel"),
        "locating": _("Finding where you are…"),
        "noLocation": _("We could not find where you are. Tap the map or pick a place "
                        "from the list."),
        "outside": _("That spot is outside %(city)s. Please pick a place inside the city.",
                     city=city().name),
        "thanks": _("Thanks! Your idea is in %(area)s."),
        "noArea": _("(no area)"),
        "thanksNoArea": _("Thanks! Your idea is saved. It is in none of the map's areas, so "
                          "it counts under \"(no area)\"."),
        "held": _("Thanks! Your idea will appear after a quick check."),
        "heldPersonal": _("Thanks! Your idea will appear after a quick check: it seems to "
                          "hold a phone number or an email, and we keep those private."),
        "seeIdea": _("See your idea"),
        "support": _("Support"),
        "supported": _("Supported"),
        "supports": _("Supports: %(n)s"),
        "open": _("Open"),
        "loadError": _("The map could not load. Check your connection and try again."),
        "ideasHere": _("%(n)s ideas here. Zoom in to see them."),
        "tooLong": _("Please keep it under %(n)s characters."),
        "charsLeft": _("%(n)s characters left"),
        "chooseTopic": _("Choose a topic."),
        "writeSomething": _("Write something first."),
        "voteSaved": _("Your vote is saved. You can change it until the vote closes."),
        "previewOnly": _("This is a preview: nothing is saved."),
        "left": _("Left: %(n)s"),
        "tooMuch": _("That is more than you have."),
        "overBy": _("That is %(n)s more than you have."),
        "upTo": _("You can pick up to %(n)s."),
        "moveUp": _("Move up"),
        "moveDown": _("Move down"),
        "position": _("Number %(n)s"),
        "moved": _("%(name)s is now number %(n)s."),
        "thanksPair": _("Thanks! Here is another pair."),
        "skippedPair": _("Skipped. Here is another pair."),
        "pairOf": _("Pair %(n)s of %(total)s"),
        "allPairs": _("You have answered every pair. Thank you!"),
        "nextPerson": _("Done, next person"),
        "idleSoon": _("Still there? This screen starts over for the next person in %(n)s "
                      "seconds."),
    }


def page_settings(**extra) -> dict:
    settings = {
        "api": url_for("api.layers").rsplit("/", 1)[0],
        "participant": page_token() if page_participant() is not None else None,
        "language": language(),
        "t": script_strings(),
        **extra,
    }
    if in_kiosk_mode():
        settings["kiosk"] = session.get(KIOSK_KEY)
        settings["kioskHome"] = url_for("kiosk.home")
        settings["kioskKit"] = offline_kit()
    return settings


def main_areas() -> list[tuple[int, str]]:
    return area_layers.area_choices(db.session, city().main_layer, language())


def back_to(default: str) -> str:
    return safe_next(request.form.get("next") or request.args.get("next") or default)


def _main_layer_bounds(key: str) -> list[float] | None:
    try:
        return area_catalog.layer_bounds(db.session, key)
    except NotFound:  # no areas imported yet: the map opens on the city's centre
        return None


def map_config(app: Flask) -> dict:
    city = app.config["CITY"]
    language = str(get_locale() or city.default_language)
    return {
        "city": city.name,
        "center": list(city.center),
        "zoom": city.zoom,
        "minZoom": city.min_zoom,
        "maxBounds": list(city.max_bounds) if city.max_bounds else None,
        "tiles": {"url": city.tile_url, "attribution": city.tile_attribution,
                  "maxZoom": city.tile_max_zoom},
        "mainLayer": city.main_layer,
        "outsideAreas": city.outside_areas,
        "areasUrl": url_for("api.layer_geojson", key=city.main_layer, lang=language),
        "areasBounds": _main_layer_bounds(city.main_layer),
        "categories": [{"key": c.key, "label": c.label(language), "color": c.color}
                       for c in city.categories],
        "language": language,
    }
