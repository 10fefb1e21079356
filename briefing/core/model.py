"""The briefing format, version 1, as pydantic models.

The loader hands these models plain text for every scalar (it reads YAML without
type guessing), so the validators below decide what text is a date, a boolean or a slug.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from briefing.core.dates import FULL_DATE_PATTERN, PARTIAL_DATE_PATTERN, PartialDate
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import describe_character

# No pydantic plugins are used; without this, defining the first model below scans the
# entry points of every installed package for them, which start-up would wait for.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

FORMAT_VERSION = 1
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_SLUG = re.compile(SLUG_PATTERN)
SUMMARY_MAX_WORDS = 80


def _check_slug(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if _SLUG.match(value):
        return value
    for char in value:
        if char.isascii() and (char.islower() or char.isdigit() or char == "-"):
            continue
        if unicodedata.category(char) in ("Cf", "Zs", "Cc", "Mn") or not char.isprintable():
            raise ValueError(
                f"contains the invisible character {describe_character(char)}; "
                "ids use only a-z, 0-9 and '-'"
            )
        if not char.isascii() and char.isalpha():
            raise ValueError(
                f"contains {describe_character(char)}, which only looks like a Latin letter; "
                "ids use only a-z, 0-9 and '-'"
            )
        if char.isupper():
            raise ValueError(f"contains the capital {char!r}; ids are lower case")
        raise ValueError(f"contains {char!r}; ids use only a-z, 0-9 and '-'")
    if not value:
        raise ValueError("is empty; give an id of a-z, 0-9 and '-'")
    raise ValueError("must start with a letter or digit, not '-'")


def _parse_partial_date(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        return PartialDate.parse(value)
    raise ValueError("is not a date; write it like 2025-04-04, 2025-04 or 2025")


def _parse_full_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    parsed = _parse_partial_date(value)
    if not parsed.is_full:
        raise ValueError(f"'{parsed}' is not a full date; write it as YYYY-MM-DD")
    return dt.date(parsed.year, parsed.month, parsed.day)


def _parse_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("must be true or false; write true or false in lower case")


def _parse_format(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _check_symbol(value: Any) -> Any:
    if isinstance(value, str) and value not in BY_SYMBOL:
        near = [symbol for symbol in BY_SYMBOL if symbol.lower() == value.lower()]
        if near:
            raise ValueError(f"{value!r} is not an element symbol; did you mean {near[0]!r}?")
        raise ValueError(f"{value!r} is not an element symbol; write it like Dy, Ga or C")
    return value


def _check_url(value: Any) -> Any:
    if isinstance(value, str) and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError("is not a web address; links must start with http:// or https://")
    return value


def _check_summary_length(value: Any) -> Any:
    if isinstance(value, str):
        words = len(value.split())
        if words > SUMMARY_MAX_WORDS:
            raise ValueError(
                f"has {words} words; shorten the bottom line to at most {SUMMARY_MAX_WORDS}"
            )
    return value


Slug = Annotated[
    str,
    BeforeValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN}),
]
Symbol = Annotated[
    str,
    BeforeValidator(_check_symbol),
    WithJsonSchema({"type": "string", "enum": sorted(BY_SYMBOL)}),
]
DateText = Annotated[
    PartialDate,
    BeforeValidator(_parse_partial_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": PARTIAL_DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "YYYY-MM-DD, or YYYY-MM or YYYY when only that is known",
        }
    ),
]
FullDate = Annotated[
    dt.date,
    BeforeValidator(_parse_full_date),
    WithJsonSchema({"type": "string", "pattern": FULL_DATE_PATTERN}),
]
Flag = Annotated[bool, BeforeValidator(_parse_bool), WithJsonSchema({"type": "boolean"})]
Url = Annotated[str, BeforeValidator(_check_url), WithJsonSchema({"type": "string"})]
Text = Annotated[str, Field(min_length=1)]


class ActorKind(StrEnum):
    PERSON = "person"
    GOVERNMENT = "government"
    AGENCY = "agency"
    COMPANY = "company"
    ORGANISATION = "organisation"
    THINK_TANK = "think-tank"
    MEDIA = "media"
    COUNTRY = "country"
    GROUP = "group"


class Strict(BaseModel):
    """Base for every part of a briefing: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyPoint(Strict):
    text: Text
    sources: list[Slug] = Field(min_length=1)


class Source(Strict):
    id: Slug
    publisher: Text
    title: Text
    published: DateText
    author: Text | None = None
    url: Url | None = None
    article: Text | None = None
    """File name of the original article the source was curated from."""
    note: Text | None = None


class Event(Strict):
    id: Slug
    date: DateText
    title: Text
    summary: Text
    sources: list[Slug] = Field(min_length=1)
    actors: list[Slug] = []
    elements: list[Symbol] = []
    tags: list[Slug] = []
    key: Flag = False
    note: Text | None = None


class Control(Strict):
    since: DateText
    measure: Text
    event: Slug | None = None
    until: DateText | None = None

    def in_force(self, on: PartialDate) -> bool:
        return self.since <= on and (self.until is None or not self.until <= on)


class Element(Strict):
    symbol: Symbol
    category: Slug | None = None
    uses: list[Text] = []
    note: Text | None = None
    sources: list[Slug] = []
    controls: list[Control] = []

    def controlled_on(self, on: PartialDate) -> bool:
        return any(control.in_force(on) for control in self.controls)

    def ever_controlled(self) -> bool:
        return bool(self.controls)


class Actor(Strict):
    id: Slug
    name: Text
    kind: ActorKind
    role: Text | None = None
    affiliation: Slug | None = None
    country: Text | None = None
    sources: list[Slug] = []
    key: Flag = False


class Quote(Strict):
    id: Slug
    text: Text
    speaker: Slug
    source: Slug
    date: DateText | None = None
    context: Text | None = None
    key: Flag = False


class Figure(Strict):
    id: Slug
    value: Text
    label: Text
    source: Slug
    date: DateText | None = None
    key: Flag = False


class Briefing(Strict):
    """One briefing file."""

    format: Annotated[Literal[1], BeforeValidator(_parse_format)]
    id: Slug
    title: Text
    subtitle: Text | None = None
    as_of: FullDate
    summary: Annotated[Text, BeforeValidator(_check_summary_length)]
    key_points: list[KeyPoint] = []
    sources: list[Source] = Field(min_length=1)
    events: list[Event] = []
    elements: list[Element] = []
    actors: list[Actor] = []
    quotes: list[Quote] = []
    figures: list[Figure] = []

    @property
    def as_of_date(self) -> PartialDate:
        return PartialDate.from_date(self.as_of)

    # Look-ups by id, built on first use: the reader and the search follow references
    # thousands of times, and a scan per look-up made big briefings slow.
    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        return {item.id: item for item in self.sources}

    @cached_property
    def _actors_by_id(self) -> dict[str, Actor]:
        return {item.id: item for item in self.actors}

    @cached_property
    def _elements_by_symbol(self) -> dict[str, Element]:
        return {item.symbol: item for item in self.elements}

    @cached_property
    def _events_by_id(self) -> dict[str, Event]:
        return {item.id: item for item in self.events}

    def source(self, source_id: str) -> Source | None:
        return self._sources_by_id.get(source_id)

    def actor(self, actor_id: str) -> Actor | None:
        return self._actors_by_id.get(actor_id)

    def element(self, symbol: str) -> Element | None:
        return self._elements_by_symbol.get(symbol)

    def event(self, event_id: str) -> Event | None:
        return self._events_by_id.get(event_id)

    def events_in_order(self) -> list[Event]:
        return sorted(self.events, key=lambda event: event.date.sort_key)

    def controlled_on(self, on: PartialDate) -> list[Element]:
        return [element for element in self.elements if element.controlled_on(on)]


def json_schema() -> dict[str, Any]:
    schema = Briefing.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Briefing (format {FORMAT_VERSION})"
    return schema
