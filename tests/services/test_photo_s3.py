"""Photos kept in an S3-compatible store (``PHOTO_S3_BUCKET`` and ``PHOTO_S3_ENDPOINT``), as a
city that runs more than one server would keep them: tested against a real S3-compatible
server on 127.0.0.1 (moto's standalone server, started and stopped by the test), through
boto3 over HTTP, as with Amazon S3, MinIO or any other."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from factories import jpeg_with_gps, post_idea
from postgis_cluster import free_port
from vizlou.models import IdeaPhoto
from vizlou.models.types import utcnow
from vizlou.services.photos.attach import forget_unused

BUCKET = "vizlou-photos"
ANA = "ana-token-0123456789"

boto3 = pytest.importorskip("boto3", reason="boto3 is in the test extras (pip install -e .[test])")


@pytest.fixture(scope="module")
def s3_url():
    port = free_port()
    server = subprocess.Popen(  # moto's S3-compatible server, a process of its own
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60  # its imports take seconds on a busy machine
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                break
            if server.poll() is not None:
                raise RuntimeError(f"the S3-compatible server stopped ({server.returncode})")
            time.sleep(0.05)
        else:
            raise RuntimeError("the S3-compatible server did not start within 60 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3(s3_url, monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "vizlou-test", "AWS_SECRET_ACCESS_KEY": "vizlou-test",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_url)
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(s3) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def put_photo(client, idea_id, data):
    return client.put(f"/api/v1/ideas/{idea_id}/photo", data=data,
                      headers={"X-Participant": ANA, "Content-Type": "image/jpeg"})


def test_photos_live_in_the_bucket_are_served_replaced_and_purged(databases, s3, s3_url):
    app = databases.app("sqlite", PHOTO_S3_BUCKET=BUCKET, PHOTO_S3_ENDPOINT=s3_url)
    with app.app_context():
        from vizlou.extensions import db

        client = app.test_client()
        idea_id = post_idea(client, ANA, text="A mural on the underpass").json["id"]
        assert put_photo(client, idea_id, jpeg_with_gps()).status_code == 201
        first = db.session.scalar(select(IdeaPhoto.key))
        assert keys(s3) == [first]
        stored = s3.get_object(Bucket=BUCKET, Key=first)
        assert stored["ContentType"] == "image/jpeg" and b"GPS" not in stored["Body"].read()
        shown = app.test_client().get(f"/ideas/{idea_id}/photo.jpg")
        assert shown.status_code == 200 and shown.data[:2] == b"\xff\xd8"

        assert put_photo(client, idea_id, jpeg_with_gps((800, 600), 1)).status_code == 201
        second = db.session.scalar(select(IdeaPhoto.key))
        assert keys(s3) == [second]  # the replaced one is deleted from the bucket

        orphan = "999-0123456789abcdef.jpg"  # left by an upload that failed after writing it
        s3.put_object(Bucket=BUCKET, Key=orphan, Body=b"left behind")
        store = app.extensions["vizlou.photos"]
        assert forget_unused(db.session, store) == 0  # too young: it may be in flight
        assert forget_unused(db.session, store, now=utcnow() + timedelta(hours=2)) == 1
        assert keys(s3) == [second]
        assert store.get("998-0123456789abcdef.jpg") is None  # no such photo: nothing shown
