"""Reading a photo a phone sent: only JPEG, PNG or WebP, at most 8 MB and 40 megapixels;
turned upright by its EXIF orientation, then saved again as a JPEG with no metadata at all
(no location, no camera, no time), its longest side at most 1,024 px."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from vizlou.errors import N_, InvalidInput

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
LONGEST = 1024
QUALITY = 80
FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int


def clean(data: bytes) -> CleanPhoto:
    if not data:
        raise InvalidInput(N_("Choose a photo first."), field="photo")
    if len(data) > MAX_BYTES:
        raise InvalidInput(N_("This photo is too big. Send one under 8 MB."), field="photo",
                           code="too_big")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise InvalidInput(N_("Send a photo: a JPEG, PNG or WebP picture."),
                                   field="photo", code="bad_type")
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput(N_("This photo has too many pixels. Send a smaller one."),
                                   field="photo", code="too_big")
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise InvalidInput(N_("Send a photo: a JPEG, PNG or WebP picture."), field="photo",
                           code="bad_type") from exc
    picture = upright.convert("RGB")
    picture.thumbnail((LONGEST, LONGEST), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=QUALITY, optimize=True)  # no exif=, no metadata
    return CleanPhoto(out.getvalue(), picture.width, picture.height)
