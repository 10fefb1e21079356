"""Read a valid briefing's YAML quickly into plain data, without positions.

The loader tries this first: positions are needed only to report a problem, and a valid
file has none. Anything ``yamltree.read_tree`` would report stops the reading at once,
and the loader reads the file again with ``read_tree`` to say what is wrong.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml

from briefing.core.yamltree import MAX_DEPTH, EventSource


class _Refused(Exception):
    """Something ``read_tree`` would report: the plain reading stops."""


_NOT_YET = object()


def read_plain(text: str) -> Any:
    """The document as plain data when ``read_tree`` would find nothing wrong in it; else
    None, and ``read_tree`` says what is wrong.

    The same data as ``read_tree``, about three times as fast: no positions are kept, and
    anything ``read_tree`` would report (a syntax error, an anchor, alias, tag or merge
    key, a duplicate key, a list or mapping as a key, a second document, nesting deeper
    than ``MAX_DEPTH``) stops the reading at once.
    """
    source = EventSource(text)
    try:
        return _plain_data(source)
    except (_Refused, yaml.YAMLError):
        return None
    finally:
        source.dispose()


def _plain_data(source: Any) -> Any:
    """``read_plain``'s loop over the parser's events: each value (a scalar, or a mapping
    or list just closed) is placed in the collection open around it; ``_structure`` takes
    the other events. Raises ``_Refused`` where ``read_tree`` would note a finding."""
    scalar_event = yaml.ScalarEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    # The open collections, and for each the key waiting for its value (None: the next
    # scalar in a mapping is a key).
    open_items: list[Any] = []
    keys: list[str | None] = []
    root: Any = _NOT_YET
    documents = 0
    # One object for each text: ids repeat in every reference to them, and the reader
    # receives the briefing with each text once.
    texts: dict[str, str] = {}
    same_text = texts.setdefault
    check_event, get_event = source.check_event, source.get_event
    while check_event():
        event = get_event()
        kind = event.__class__
        if kind is scalar_event:  # the most frequent event: handled here, without a call
            if event.anchor is not None or event.tag not in (None, "!"):
                raise _Refused
            text = event.value
            if not text.isascii():
                text = unicodedata.normalize("NFC", text)
            parent = open_items[-1] if open_items else None
            if parent.__class__ is dict and keys[-1] is None:
                if (text == "<<" and not event.style) or text in parent:
                    raise _Refused
                keys[-1] = text
                continue
            value: Any = None if not event.style and text == "" else same_text(text, text)
        elif kind in collection_end:
            keys.pop()
            value = open_items.pop()
        else:
            documents += _structure(event, open_items, keys)
            if documents > 1:
                raise _Refused
            continue
        if not open_items:
            root = value
            continue
        parent = open_items[-1]
        if parent.__class__ is list:
            parent.append(value)
        else:
            parent[keys[-1]] = value
            keys[-1] = None
    return None if root is _NOT_YET else root


def _structure(event: Any, open_items: list[Any], keys: list[str | None]) -> int:
    """An event that holds no value: a mapping or list opened in ``open_items``, a document
    started (1 is returned, else 0), and the events a briefing never needs. Raises
    ``_Refused`` for an alias, an anchor or tag, a list or mapping as a key, and nesting
    deeper than ``MAX_DEPTH``."""
    kind = event.__class__
    if kind is yaml.DocumentStartEvent:
        return 1
    if kind is yaml.AliasEvent:
        raise _Refused
    if kind is not yaml.MappingStartEvent and kind is not yaml.SequenceStartEvent:
        return 0
    if event.anchor is not None or event.tag not in (None, "!"):
        raise _Refused
    if open_items and open_items[-1].__class__ is dict and keys[-1] is None:
        raise _Refused  # a list or mapping as a key
    if len(open_items) >= MAX_DEPTH:
        raise _Refused
    open_items.append({} if kind is yaml.MappingStartEvent else [])
    keys.append(None)
    return 0
