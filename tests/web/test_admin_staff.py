"""Admins manage staff on screen: list, invite by a one-time link, change a role, deactivate
and reactivate; only admins; the last admin stays; every change audited; both databases."""

from __future__ import annotations

import re

from sqlalchemy import select

from factories import csrf_token, login_as, make_staff
from vizlou.models import AuditEntry, StaffUser

NEW_PASSWORD = "a long new password"


def test_invite_a_facilitator_who_sets_a_password_once(app, client, db_session):
    login_as(client, "admin")
    token = csrf_token(client, "/admin/staff")
    page = client.post("/admin/staff/invite", data={
        "csrf_token": token, "email": "New.Person@Example.org", "role": "facilitator"})
    assert page.status_code == 201
    html = page.get_data(as_text=True)
    link = re.search(r'class="invite-link" readonly value="([^"]+)"', html).group(1)
    path = "/auth/invite/" + link.rsplit("/auth/invite/", 1)[1]
    user = db_session.scalar(select(StaffUser).where(StaffUser.email == "new.person@example.org"))
    assert user.role == "facilitator" and link.split("/")[-1] not in (user.invite_hash or "")
    guest = app.test_client()
    form = guest.get(path)
    assert form.status_code == 200 and "new.person@example.org" in form.get_data(as_text=True)
    short = guest.post(path, data={"csrf_token": csrf_token(guest, path), "new": "short"})
    assert short.status_code == 400 and "at least 10 characters" in short.get_data(as_text=True)
    done = guest.post(path, data={"csrf_token": csrf_token(guest, path), "new": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/facilitate/")
    assert guest.get("/facilitate/").status_code == 200  # logged in
    assert app.test_client().get(path).status_code == 404  # the link works once
    other = app.test_client()
    login_as(other, "facilitator", "new.person@example.org", password=NEW_PASSWORD)
    assert other.get("/facilitate/").status_code == 200
    again = client.post("/admin/staff/invite", data={
        "csrf_token": token, "email": "new.person@example.org", "role": "planner"})
    assert again.status_code == 400 and "already exists" in again.get_data(as_text=True)
    actions = db_session.scalars(select(AuditEntry.action).where(
        AuditEntry.target_type == "staff_user", AuditEntry.target_id == str(user.id))
        .order_by(AuditEntry.id)).all()
    assert actions == ["users.invite", "users.accept_invite"]


def test_change_role_deactivate_and_reactivate(app, client, db_session):
    login_as(client, "admin")
    planner = make_staff(db_session, "planner", "pat@example.org")
    db_session.commit()
    token = csrf_token(client, "/admin/staff")
    worker = app.test_client()
    login_as(worker, "planner", "pat@example.org")
    assert worker.get("/plan/").status_code == 200
    client.post(f"/admin/staff/{planner.id}/role", data={"csrf_token": token,
                                                         "role": "facilitator"})
    assert db_session.get(StaffUser, planner.id).role == "facilitator"
    assert worker.get("/plan/").status_code == 302  # logged out by the change
    client.post(f"/admin/staff/{planner.id}/active", data={"csrf_token": token, "active": "0"})
    assert db_session.get(StaffUser, planner.id).active is False
    page = client.get("/admin/staff").get_data(as_text=True)
    assert "pat@example.org" in page and "Reactivate" in page
    client.post(f"/admin/staff/{planner.id}/active", data={"csrf_token": token, "active": "1"})
    assert db_session.get(StaffUser, planner.id).active is True
    # The only admin can neither step down nor switch themselves off.
    admin = db_session.scalar(select(StaffUser).where(StaffUser.role == "admin"))
    refused = client.post(f"/admin/staff/{admin.id}/role", data={
        "csrf_token": token, "role": "planner"}, follow_redirects=True)
    assert "the only active admin" in refused.get_data(as_text=True)
    client.post(f"/admin/staff/{admin.id}/active", data={"csrf_token": token, "active": "0"})
    assert db_session.get(StaffUser, admin.id).role == "admin"
    assert db_session.get(StaffUser, admin.id).active is True
    assert client.post("/admin/staff/99999/role", data={
        "csrf_token": token, "role": "planner"}, follow_redirects=True).status_code == 200


def test_only_admins_manage_staff(app, db_session):
    target = make_staff(db_session, "facilitator", "fac@example.org")
    db_session.commit()
    for role in ("planner", "facilitator"):
        client = app.test_client()
        login_as(client, role)
        token = csrf_token(client, "/auth/password")
        assert client.get("/admin/staff").status_code == 403
        assert client.post("/admin/staff/invite", data={
            "csrf_token": token, "email": "x@example.org", "role": "admin"}).status_code == 403
        assert client.post(f"/admin/staff/{target.id}/role", data={
            "csrf_token": token, "role": "admin"}).status_code == 403
    anonymous = app.test_client().get("/admin/staff")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    assert db_session.get(StaffUser, target.id).role == "facilitator"
    assert app.test_client().get("/auth/invite/not-a-real-link").status_code == 404
