"""References between the parts of a briefing, declared once on the model's fields.

A field that names another item by its id (an element by its symbol) is declared with
``field(metadata=refers_to(SECTION))`` in ``briefing.core.model``. The loader's checks
(``briefing.core.loader``), "what involves X" (``briefing.core.involves``) and the
listed-twice warnings read the declarations through ``reference_fields``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Any

REFERS_TO = "refers_to"
"""The key of a reference field's metadata: the ``Reference`` it makes."""


@dataclass(frozen=True, slots=True)
class Reference:
    """What a reference field names: items of the briefing's ``section`` (a ``Briefing``
    field), by id, or by symbol for elements. ``what`` is what messages call one."""

    section: str
    what: str


def refers_to(section: str, what: str | None = None) -> dict[str, Reference]:
    """Field metadata declaring a reference to the items of ``section``: the loader checks
    that each named item exists, and "what involves X" follows it. ``what`` is what a
    message calls the named item: the section's name less its final "s" unless given."""
    return {REFERS_TO: Reference(section, what or section.removesuffix("s"))}


@dataclass(frozen=True, slots=True)
class ReferenceField:
    """One reference field of a model: its ``name``, the ``reference`` and whether it
    holds a list of them (``many``) or one."""

    name: str
    reference: Reference
    many: bool


_LIST_TYPES = ("list[", "tuple[", "NonEmpty[")


@cache
def reference_fields(model: type) -> tuple[ReferenceField, ...]:
    """The fields of ``model`` (a dataclass of this module) declared with ``refers_to``,
    in field order."""
    return tuple(
        ReferenceField(item.name, item.metadata[REFERS_TO], str(item.type).startswith(_LIST_TYPES))
        for item in fields(model)
        if REFERS_TO in item.metadata
    )


def named_in(item: Any, section: str) -> list[str]:
    """The ids (symbols for elements) of ``section`` that ``item``'s reference fields
    name, in field order."""
    named: list[str] = []
    kind: type = item.__class__
    for declared in reference_fields(kind):
        if declared.reference.section != section:
            continue
        value = getattr(item, declared.name)
        if declared.many:
            named.extend(value)
        elif value is not None:
            named.append(value)
    return named


@cache
def part_fields(model: type) -> tuple[tuple[str, type], ...]:
    """The fields of ``model`` that hold a list of other parts (a briefing's sections, an
    element's controls), by name, with the part's class, in field order."""
    module = vars(sys.modules[model.__module__])
    parts = {
        name: kind for name, kind in module.items() if isinstance(kind, type) and is_dataclass(kind)
    }
    found = []
    for item in fields(model):
        kind = str(item.type)
        for prefix in _LIST_TYPES:
            inner = kind.removeprefix(prefix).removesuffix("]")
            if kind.startswith(prefix) and inner in parts:
                found.append((item.name, parts[inner]))
    return tuple(found)
