"""Plain values passed between the web edge and the services."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AreaRef:
    """An area named by its layer's key and its id, as residents pick it from a list."""

    layer: str
    id: int


@dataclass(frozen=True)
class Origin:
    """Where a contribution comes from: the channel, and the session for kiosk and paper."""

    channel: str = "web"
    event_id: int | None = None
    language: str = "en"


WEB = Origin()
