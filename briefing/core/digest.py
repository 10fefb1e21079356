"""A short digest of a briefing item's content, the same in any process.

Used by ``briefing.core.diff`` to find items renamed (an id gone, the same content back
under another) and by ``briefing.core.readstate`` to tell what changed since a visit. Kept
apart from both so that the reader, which needs only the digests, loads little.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable
from dataclasses import fields

from briefing.core.dates import PartialDate
from briefing.core.model import Control, Strict, field_values

Plain = str | list[str] | None
"""A field's value as shown: text, a list of texts, or None when the field is not set."""


def _control_line(control: Control) -> str:
    line = f"since {control.since}: {control.measure}"
    if control.until is not None:
        line += f", until {control.until}"
    if control.event is not None:
        line += f" (event {control.event})"
    return line


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, PartialDate | dt.date):
        return str(value)
    if isinstance(value, Control):
        return _control_line(value)
    return str(value)


def plain(value: object) -> Plain:
    """A field's value as text, a list of texts (a control as one line), or None."""
    if value is None:
        return None
    # Most values are plain text: taken as they are, without the checks of ``_scalar``
    # (the reader digests every item of a briefing at start).
    kind = value.__class__
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is list or kind is tuple:
        return [
            entry if entry.__class__ is str else _scalar(entry)
            for entry in value  # type: ignore[attr-defined]
        ]
    return _scalar(value)


def _content(item: Strict, *, without: str | None = None) -> list[Plain]:
    values: Iterable[object] = field_values(item)
    if without is not None:
        names = [spec.name for spec in fields(item)]  # type: ignore[arg-type]
        values = [value for name, value in zip(names, values, strict=True) if name != without]
    return [plain(value) for value in values]


# json.dumps with options makes an encoder per call: one is made here instead.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def item_digest(item: Strict, *, without_id: bool = False) -> str:
    """A short hex digest of an item's content (every field; the id left out on request).

    Equal content gives an equal digest in any process and any Python version.
    """
    content = _content(item, without="id" if without_id else None)
    encoded = _ENCODER.encode(content).encode("utf-8")
    return hashlib.blake2b(encoded, digest_size=12).hexdigest()
