"""Open data (public): each question's and each layer's results per area, on a page and as
a Frictionless Data Package, small counts left empty, under the city's licence."""

from __future__ import annotations

from flask import Response, current_app, render_template
from flask_babel import gettext

from vizlou.extensions import db
from vizlou.services.exports import open_data
from vizlou.web.common.downloads import content_disposition
from vizlou.web.common.page import page_settings
from vizlou.web.participate import bp


def _city():
    return current_app.config["CITY"]


@bp.get("/open-data")
def open_data_page():
    return render_template("participate/open_data.html", found=open_data.catalogue(db.session),
                           settings=page_settings())


def _table_page(table, download: str):
    return render_template("participate/open_data_table.html", table=table,
                           download=download, settings=page_settings())


def _bundle(table):
    city = _city()
    return Response(open_data.bundle(table, city), mimetype="application/zip", headers={
        "Content-Disposition": content_disposition(
            f"{city.short_name.lower()}-{table.name}.datapackage.zip"),
        "Cache-Control": "public, max-age=300"})


@bp.get("/open-data/questions/<id:question_id>")
def open_question(question_id: int):
    table = open_data.question_table(db.session, _city(), question_id, gettext)
    return _table_page(table, f"/open-data/questions/{question_id}.zip")


@bp.get("/open-data/questions/<id:question_id>.zip")
def open_question_bundle(question_id: int):
    return _bundle(open_data.question_table(db.session, _city(), question_id, gettext))


@bp.get("/open-data/layers/<key>")
def open_layer(key: str):
    return _table_page(open_data.layer_table(db.session, _city(), key, gettext),
                       f"/open-data/layers/{key}.zip")


@bp.get("/open-data/layers/<key>.zip")
def open_layer_bundle(key: str):
    return _bundle(open_data.layer_table(db.session, _city(), key, gettext))
