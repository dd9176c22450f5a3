"""Admins register webhooks for the city's own systems, see their failures, remove them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from vizlou.extensions import db
from vizlou.models import Webhook, WebhookEvent
from vizlou.services.webhooks import deliver, hooks
from vizlou.web.admin import bp
from vizlou.web.common.forms import flash_errors
from vizlou.web.common.news import phone_key
from vizlou.web.common.parse import as_id
from vizlou.web.common.staff import current_actor


@bp.get("/webhooks")
def webhooks():
    return render_template("admin/webhooks.html",
                           hooks=db.session.query(Webhook).order_by(Webhook.id).all(),
                           failures=deliver.failures(db.session), events=WebhookEvent.ALL)


@bp.post("/webhooks")
def add_webhook():
    with flash_errors():
        _hook, secret = hooks.register(db.session, request.form.get("url"),
                                      request.form.getlist("events"), phone_key(),
                                      current_actor())
        flash(_("Webhook added. Its signing secret, shown only now: %(secret)s",
                secret=secret))
    return redirect(url_for("admin.webhooks"))


@bp.post("/webhooks/<id:hook_id>/remove")
def remove_webhook(hook_id: int):
    hooks.remove(db.session, as_id(hook_id) or 0, current_actor())
    flash(_("Webhook removed."))
    return redirect(url_for("admin.webhooks"))
