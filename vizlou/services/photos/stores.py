"""Where photos are kept: a folder on disk by default (``instance/photos``), or any
S3-compatible store when ``PHOTO_S3_BUCKET`` is set (with ``PHOTO_S3_ENDPOINT`` for one that
is not Amazon's, and the usual AWS_* keys in the environment; needs ``boto3``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"^[a-z0-9-]{8,80}\.jpg$")


class PhotoStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...
    def listing(self) -> Iterator[tuple[str, datetime]]:
        """Every photo file kept: its key and when it was written (UTC, naive)."""
        ...


def _checked(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"not a photo key: {key!r}")
    return key


@dataclass
class DiskStore:
    folder: Path

    def put(self, key: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / (_checked(key) + ".part")
        temporary.write_bytes(data)
        temporary.replace(self.folder / key)

    def get(self, key: str) -> bytes | None:
        path = self.folder / _checked(key)
        return path.read_bytes() if path.exists() else None

    def delete(self, key: str) -> None:
        (self.folder / _checked(key)).unlink(missing_ok=True)

    def listing(self) -> Iterator[tuple[str, datetime]]:
        if not self.folder.exists():
            return
        for path in self.folder.iterdir():
            if _KEY.match(path.name):
                written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                yield path.name, written.replace(tzinfo=None)


@dataclass
class S3Store:
    bucket: str
    endpoint: str | None = None

    def _client(self):
        import boto3  # only when an S3 store is configured

        return boto3.client("s3", endpoint_url=self.endpoint or None)

    def put(self, key: str, data: bytes) -> None:
        self._client().put_object(Bucket=self.bucket, Key=_checked(key), Body=data,
                                  ContentType="image/jpeg")

    def get(self, key: str) -> bytes | None:
        try:
            return self._client().get_object(Bucket=self.bucket,
                                             Key=_checked(key))["Body"].read()
        except Exception:  # botocore's NoSuchKey and connection errors: no photo to show
            return None

    def delete(self, key: str) -> None:
        self._client().delete_object(Bucket=self.bucket, Key=_checked(key))

    def listing(self) -> Iterator[tuple[str, datetime]]:
        pages = self._client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        for page in pages:
            for item in page.get("Contents", []):
                if _KEY.match(item["Key"]):
                    yield item["Key"], item["LastModified"].astimezone(UTC).replace(tzinfo=None)


def from_config(config: dict) -> PhotoStore:
    if config.get("PHOTO_S3_BUCKET"):
        return S3Store(config["PHOTO_S3_BUCKET"], config.get("PHOTO_S3_ENDPOINT") or None)
    return DiskStore(Path(config["INSTANCE_PATH"]) / "photos")
