"""References are declared once, on the model's fields: every declared reference is
checked by the loader and followed by "what involves X"."""

from __future__ import annotations

import json
from typing import Any

import pytest

from briefing.core.bundled import default_briefing
from briefing.core.involves import Kind, Subject, involving
from briefing.core.loader import check_bytes, load_briefing, load_bytes
from briefing.core.model import Briefing, Event, Quote
from briefing.core.problems import BriefingInvalid
from briefing.core.references import ReferenceField, part_fields, reference_fields
from briefing.core.yamlplain import read_plain


def _declared_fields() -> dict[tuple[str, ...], ReferenceField]:
    """Each declared reference field by its path from the briefing's top: section,
    [part field,] field name."""
    found: dict[tuple[str, ...], ReferenceField] = {}
    for section, model in part_fields(Briefing):
        found.update({(section, field.name): field for field in reference_fields(model)})
        for name, part in part_fields(model):
            found.update({(section, name, field.name): field for field in reference_fields(part)})
    return found


def _declared() -> list[tuple[str, ...]]:
    return list(_declared_fields())


def _bundled_data() -> dict[str, Any]:
    data = read_plain(default_briefing().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_model_declares_the_references_the_format_documents() -> None:
    assert set(_declared()) == {
        ("key_points", "sources"),
        ("key_points", "elements"),
        ("key_points", "actors"),
        ("events", "sources"),
        ("events", "actors"),
        ("events", "elements"),
        ("elements", "sources"),
        ("elements", "controls", "event"),
        ("elements", "controls", "until_event"),
        ("actors", "affiliation"),
        ("actors", "sources"),
        ("quotes", "speaker"),
        ("quotes", "source"),
        ("quotes", "elements"),
        ("quotes", "actors"),
        ("figures", "source"),
        ("figures", "elements"),
        ("figures", "actors"),
    }


@pytest.mark.parametrize("path", _declared(), ids="/".join)
def test_every_declared_reference_to_nothing_is_an_error(path: tuple[str, ...]) -> None:
    data = _bundled_data()
    item = next(item for item in data[path[0]] if len(path) == 2 or item.get(path[1]))
    if len(path) == 3:
        item = item[path[1]][0]
    field = _declared_fields()[path]
    # A real element symbol the briefing does not list, or an id nothing has.
    wrong = "Og" if field.reference.section == "elements" else "no-such-item"
    item[path[-1]] = [wrong] if field.many else wrong
    # JSON is YAML: the file the loader reads holds the one wrong reference.
    with pytest.raises(BriefingInvalid) as raised:
        load_bytes(json.dumps(data).encode())
    messages = [problem.message for problem in raised.value.problems]
    expected = f"{field.reference.what} '{wrong}' is not defined"
    assert any(expected in message for message in messages), messages


def test_a_reference_listed_twice_is_a_warning_that_is_returned() -> None:
    data = _bundled_data()
    event = data["events"][0]
    event["actors"] = [*event.get("actors", []), *event.get("actors", [])[:1]]
    assert event["actors"]
    _briefing, warnings = check_bytes(json.dumps(data).encode())
    assert [w.message for w in warnings if "listed twice" in w.message]


def test_what_involves_an_actor_follows_every_declared_actor_reference() -> None:
    briefing = load_briefing(default_briefing())
    quote = next(quote for quote in briefing.quotes if quote.speaker not in quote.actors)
    found = involving(briefing, Subject(Kind.ACTOR, quote.speaker))
    assert quote.id in found.quotes
    event = next(event for event in briefing.events if event.actors)
    assert event.id in involving(briefing, Subject(Kind.ACTOR, event.actors[0])).events
    assert isinstance(quote, Quote) and isinstance(event, Event)


def test_validation_leaves_the_model_module_as_written() -> None:
    import typing

    from briefing.core import model, rules, validation

    validation.validate(_bundled_data())
    # The rules' types reach pydantic without being put into the model's namespace.
    assert not set(rules.FIELD_TYPES) & set(vars(model))
    hints = typing.get_type_hints(model.Quote, localns=rules.FIELD_TYPES, include_extras=True)
    assert hints["speaker"] is rules.Slug
