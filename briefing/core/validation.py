"""Validation of plain data into a ``Briefing``, by the format's rules (``core.rules``).

With ``rules``, the only module that imports pydantic.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from briefing.core import model
from briefing.core.model import Briefing
from briefing.core.rules import FIELD_TYPES, SLUG_PATTERN, SUMMARY_MAX_WORDS

__all__ = ["SLUG_PATTERN", "SUMMARY_MAX_WORDS", "check", "json_schema", "to_data", "validate"]


@cache
def _adapter() -> TypeAdapter[Briefing]:
    return _adapter_for(**FIELD_TYPES)


def _adapter_for(  # noqa: PLR0913
    Slug: Any,  # noqa: N803, ARG001
    Symbol: Any,  # noqa: N803, ARG001
    DateText: Any,  # noqa: N803, ARG001
    FullDate: Any,  # noqa: N803, ARG001
    Flag: Any,  # noqa: N803, ARG001
    Url: Any,  # noqa: N803, ARG001
    Text: Any,  # noqa: N803, ARG001
    NonEmpty: Any,  # noqa: N803, ARG001
    BottomLine: Any,  # noqa: N803, ARG001
    FormatVersion: Any,  # noqa: N803, ARG001
) -> TypeAdapter[Briefing]:
    # Pydantic resolves the model's postponed annotations in the model's module and then
    # among the locals of the frame that makes the TypeAdapter: this one, whose parameters
    # are the rules' types by the names the annotations give. The model cannot import
    # them itself: the reader would then import pydantic at start.
    return TypeAdapter(Briefing)


def validate(data: Any) -> Briefing:
    """Plain data (as read from YAML, every scalar as text) to a ``Briefing``.

    Raises pydantic's ``ValidationError``; ``check`` gives its details instead.
    """
    return _adapter().validate_python(data)


def check(data: Any) -> tuple[Briefing | None, list[ErrorDetails]]:
    """The briefing, or None and every way ``data`` breaks the format (with the input
    that broke it)."""
    try:
        return _adapter().validate_python(data), []
    except ValidationError as invalid:
        return None, invalid.errors(include_url=False, include_input=True)


def to_data(briefing: Briefing) -> dict[str, Any]:
    """The briefing as JSON-ready data, leaving out values that are their defaults."""
    data: dict[str, Any] = _adapter().dump_python(briefing, mode="json", exclude_defaults=True)
    return data


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the briefing format, as a dict ready for ``json.dumps``,
    for ``briefing schema`` and editors."""
    schema = _adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Briefing (format {model.FORMAT_VERSION})"
    return schema
