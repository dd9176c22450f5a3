"""Photos on ideas: what a phone sends is checked, turned upright, stripped of every piece of
metadata (location first) and made small; only the idea's author attaches one; it is public
exactly when its idea is."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from factories import csrf_token, jpeg_with_gps, login_as, post_idea
from vizlou.errors import InvalidInput
from vizlou.models import IdeaPhoto
from vizlou.services.photos.clean import clean

ANA, BEN = "ana-token-0123456789", "ben-token-0123456789"


def test_a_camera_photo_comes_out_upright_small_and_without_metadata():
    sent = jpeg_with_gps()
    assert b"PhoneCam 9" in sent
    photo = clean(sent)
    assert (photo.width, photo.height) == (683, 1024)  # turned upright, longest side 1,024
    with Image.open(io.BytesIO(photo.data)) as image:
        assert image.format == "JPEG" and not image.getexif() and "exif" not in image.info
    assert b"PhoneCam 9" not in photo.data and b"GPS" not in photo.data
    assert len(photo.data) < 120_000


@pytest.mark.parametrize("data,message", [
    (b"", "Choose a photo first."),
    (b"hello, not a picture", "Send a photo: a JPEG, PNG or WebP picture."),
    (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "Send a photo"),
    (b"GIF89a" + b"\x00" * 100, "Send a photo"),
    (b"\xff\xd8" + b"\x00" * (8 * 1024 * 1024 + 1), "This photo is too big. Send one under 8 MB."),
])
def test_anything_else_is_refused_clearly(data, message):
    with pytest.raises(InvalidInput, match=message.split(":")[0]):
        clean(data)


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded():
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # 81 megapixels in a small file
    with pytest.raises(InvalidInput, match="too many pixels"):
        clean(out.getvalue())


def _put(client, idea_id, token, data):
    return client.put(f"/api/v1/ideas/{idea_id}/photo", data=data,
                      headers={"X-Participant": token, "Content-Type": "image/jpeg"})


def test_only_the_author_attaches_and_it_is_public_with_its_idea(app, client, db_session):
    idea_id = post_idea(client, ANA, text="Fix this crossing").json["id"]
    other = app.test_client()
    assert _put(other, idea_id, BEN, jpeg_with_gps()).status_code == 403
    assert _put(client, idea_id, ANA, b"not a photo").status_code == 400
    first = _put(client, idea_id, ANA, jpeg_with_gps())
    assert first.status_code == 201 and first.json["height"] == 1024
    shown = other.get(f"/ideas/{idea_id}/photo.jpg")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert b"GPS" not in shown.data
    assert f"/ideas/{idea_id}/photo.jpg" in other.get(f"/ideas/{idea_id}").get_data(
        as_text=True)
    assert other.get(f"/api/v1/ideas/{idea_id}").json["properties"]["photo"]["width"] == 683
    store = app.extensions["vizlou.photos"]
    old_key = db_session.scalar(select(IdeaPhoto.key))
    assert _put(client, idea_id, ANA, jpeg_with_gps((800, 600), 1)).status_code == 201
    assert store.get(old_key) is None  # the replaced file is gone once the change committed
    assert db_session.scalar(select(IdeaPhoto.width)) == 800

    planner = app.test_client()
    login_as(planner, "planner")
    planner.post(f"/plan/moderation/idea/{idea_id}", data={
        "csrf_token": csrf_token(planner, "/plan/moderation"), "action": "hide",
        "reason": "Not a planning idea"})
    assert other.get(f"/ideas/{idea_id}/photo.jpg").status_code == 404  # moderated with it


def test_the_author_adds_a_photo_from_the_ideas_page_without_javascript(
        databases, backend):
    app = databases.app(backend, WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        idea_id = post_idea(client, ANA, text="A mural").json["id"]
        page = client.get(f"/ideas/{idea_id}").get_data(as_text=True)
        assert "Add a photo (optional)" in page
        token = csrf_token(client, f"/ideas/{idea_id}")
        sent = client.post(f"/ideas/{idea_id}/photo", data={
            "csrf_token": token, "photo": (io.BytesIO(jpeg_with_gps()), "mural.jpg")},
            content_type="multipart/form-data", follow_redirects=True)
        assert "Your photo is added." in sent.get_data(as_text=True)
        assert client.get(f"/ideas/{idea_id}/photo.jpg").status_code == 200
        stranger = app.test_client()
        assert "Add a photo" not in stranger.get(f"/ideas/{idea_id}").get_data(as_text=True)


def test_purge_deletes_replaced_and_orphan_photo_files_but_not_one_in_flight(
        app, client, cli, db_session):
    """A new photo replaces the old one's file; a file no idea uses (an upload that failed
    after writing it) goes with ``flask privacy purge`` once it is an hour old, not before:
    it may belong to an upload still in flight."""
    import os
    import time
    from pathlib import Path

    idea_id = post_idea(client, ANA, text="Fix this crossing").json["id"]
    assert _put(client, idea_id, ANA, jpeg_with_gps()).status_code in (200, 201)
    folder = Path(app.config["INSTANCE_PATH"]) / "photos"
    kept = db_session.scalar(select(IdeaPhoto.key))
    orphan, in_flight = folder / "999-0123456789abcdef.jpg", folder / "998-0123456789abcdef.jpg"
    orphan.write_bytes(b"left by a failed upload")
    in_flight.write_bytes(b"being uploaded")
    two_hours_ago = time.time() - 7200
    os.utime(orphan, (two_hours_ago, two_hours_ago))
    os.utime(folder / kept, (two_hours_ago, two_hours_ago))  # old, but used
    result = cli.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 photo files that no idea uses." in result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted([kept, in_flight.name])
