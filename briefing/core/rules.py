"""The format's rules as pydantic types: what a slug, a date, a symbol or a text may be.

``briefing.core.model`` names these types in its (postponed) annotations, which only
type checkers read; ``briefing.core.validation`` gives them to pydantic (``FIELD_TYPES``)
when it builds the validator. With ``validation``, the only module that imports pydantic.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from functools import lru_cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from briefing.core.dates import (
    FULL_DATE_PATTERN,
    PARTIAL_DATE_PATTERN,
    PartialDate,
)
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import describe_character, short

# No pydantic plugins are used; without this, building the validator scans the entry points
# of every installed package for them, which start-up would wait for.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# fullmatch: with match, "$" would let a final line break through ("gallium-2023\n").
_SLUG = re.compile(SLUG_PATTERN.removeprefix("^").removesuffix("$"))
SUMMARY_MAX_WORDS = 80

# Characters that show nothing: white space, format characters (zero-width space and
# joiners, soft hyphen, bidi marks, word joiner, BOM, tags), the combining grapheme
# joiner, variation selectors, Hangul fillers and the blank Braille pattern.
_VISIBLE = re.compile(
    "[^\\s\x00-\x1f\x7f-\xa0\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202f\u205f-\u206f\u2800\u3000\u3164\ufe00-\ufe0f\ufeff"
    "\uffa0\ufff0-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def _check_visible(value: str) -> str:
    if not _VISIBLE.search(value):
        raise ValueError(
            "holds no visible text; write some text, or remove the key if it is optional"
        )
    return value


def _check_slug(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if _SLUG.fullmatch(value):
        return value
    if value.endswith("\n") and _SLUG.fullmatch(value.rstrip("\n")):
        raise ValueError(
            "ends with a line break; write the id on the same line as its key, without | or >"
        )
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
        if char.isdigit():
            raise ValueError(
                f"contains {describe_character(char)}, which is not one of the digits 0-9; "
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
        return _date_of(value)
    raise ValueError("is not a date; write it like 2025-04-04, 2025-04 or 2025")


@lru_cache(maxsize=4096)
def _date_of(text: str) -> PartialDate:
    # Dates repeat across a briefing: one object for each (they cannot change), so the
    # reader receives and holds each once. A date that is refused is not kept.
    return PartialDate.parse(text)


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
    if not isinstance(value, str):
        return value
    if value.isascii() and value.isdigit():
        return int(value)
    for char in value:
        if char.isdigit() and not char.isascii():
            raise ValueError(
                f"has {describe_character(char)}, which is not one of the digits 0-9; "
                "write the version with the digits 0-9: format: 1"
            )
    return value


def _check_symbol(value: Any) -> Any:
    if isinstance(value, str) and value not in BY_SYMBOL:
        near = [symbol for symbol in BY_SYMBOL if symbol.lower() == value.lower()]
        if near:
            raise ValueError(f"{value!r} is not an element symbol; did you mean {near[0]!r}?")
        raise ValueError(f"{value!r} is not an element symbol; write it like Dy, Ga or C")
    return value


def _check_url(value: Any) -> Any:
    if not isinstance(value, str) or re.fullmatch(r"https?://[^\s/$.?#]\S*", value):
        return value
    if re.match(r"https?://", value) and (blank := re.search(r"\s", value)):
        # The scheme is right: the white space is what breaks the address.
        what = "a space" if blank.group() == " " else describe_character(blank.group())
        raise ValueError(
            f"has {what} after {short(value[: blank.start()])}; a web address holds no "
            "white space: write a space as %20"
        )
    raise ValueError("is not a web address; links must start with http:// or https://")


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
Text = Annotated[str, Field(min_length=1), AfterValidator(_check_visible)]
T = TypeVar("T")
NonEmpty = Annotated[list[T], Field(min_length=1)]
BottomLine = Annotated[Text, BeforeValidator(_check_summary_length)]
FormatVersion = Annotated[Literal[1], BeforeValidator(_parse_format)]

FIELD_TYPES: dict[str, Any] = {
    "Slug": Slug,
    "Symbol": Symbol,
    "DateText": DateText,
    "FullDate": FullDate,
    "Flag": Flag,
    "Url": Url,
    "Text": Text,
    "NonEmpty": NonEmpty,
    "BottomLine": BottomLine,
    "FormatVersion": FormatVersion,
}
"""The types above by the names the model's annotations give them."""
