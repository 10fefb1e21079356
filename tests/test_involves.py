"""What involves an element, an actor or a tag: the one rule, and the format fields it reads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefing.core.involves import (
    Involvement,
    Kind,
    Subject,
    involving,
    resolve_subject,
    subject_label,
)
from briefing.core.loader import load_bytes
from briefing.core.problems import BriefingInvalid
from briefing.core.search import KINDS

BRIEFING_YAML = """\
format: 1
id: rule
title: The rule
as_of: 2025-11-10
summary: Who and what is involved, decided by reference.
key_points:
  - text: Dysprosium licences bite.
    sources: [wire]
    elements: [Dy]
  - text: Talks continued at CBS News.
    sources: [wire]
    actors: [anchor]
sources:
  - id: wire
    publisher: CBS News
    title: Carbon and Dy
    published: 2025-06-06
events:
  - id: licences
    date: 2025-04-04
    title: Licences for Dy
    summary: Dy and C named here.
    sources: [wire]
    actors: [ministry]
    elements: [Dy]
    tags: [export-controls]
  - id: october-rules
    date: 2025-10-09
    title: Rules published
    summary: The list grew; this event names no element itself.
    sources: [wire]
    actors: [ministry]
  - id: interview
    date: 2025-06
    title: Interview on CBS News
    summary: A Carbon-free interview about C, in text only.
    sources: [wire]
    actors: [anchor]
elements:
  - symbol: Dy
    controls:
      - since: 2025-04-04
        measure: Export licence
        event: licences
      - since: 2025-11-08
        measure: Wider licence
        event: october-rules
  - symbol: C
  - symbol: Tb
actors:
  - id: ministry
    name: Ministry of Commerce
    kind: government
  - id: anchor
    name: Joshua Ballard
    kind: person
    role: CBS News anchor
  - id: trader
    name: A Trader
    kind: person
quotes:
  - id: ballard
    text: CBS News asked about Carbon and C, by name and symbol.
    speaker: anchor
    source: wire
  - id: magnets
    text: Magnets need it.
    speaker: trader
    source: wire
    elements: [Dy, Tb]
    actors: [ministry]
figures:
  - id: share
    value: 90%
    label: Share of Dy and C (carbon) refined
    source: wire
    elements: [Dy]
  - id: staff
    value: "12"
    label: Ministry staff
    source: wire
    actors: [ministry]
"""

BRIEFING = load_bytes(BRIEFING_YAML.encode(), "rule.yaml")


def test_an_element_involves_what_names_it_and_the_events_its_controls_name() -> None:
    dy = involving(BRIEFING, Subject(Kind.ELEMENT, "Dy"))
    # october-rules names no element; a control of Dy names it.
    assert dy.events == ("licences", "october-rules")
    assert dy.quotes == ("magnets",)
    assert dy.figures == ("share",)
    assert dy.key_points == (0,)
    # Alongside: the actors and other elements those items name, the subject left out.
    assert dy.actors == ("ministry", "trader")
    assert dy.elements == ("Tb",)


def test_text_never_counts_so_carbon_does_not_match_cbs_news() -> None:
    carbon = involving(BRIEFING, Subject(Kind.ELEMENT, "C"))
    assert carbon == Involvement(Subject(Kind.ELEMENT, "C"))
    assert not carbon


def test_an_actor_involves_what_lists_it_and_what_it_said() -> None:
    ministry = involving(BRIEFING, Subject(Kind.ACTOR, "ministry"))
    assert ministry.events == ("licences", "october-rules")
    assert ministry.quotes == ("magnets",)  # named in actors:, not the speaker
    assert ministry.figures == ("staff",)
    assert ministry.key_points == ()
    assert ministry.actors == ("trader",)
    assert ministry.elements == ("Dy", "Tb")
    anchor = involving(BRIEFING, Subject(Kind.ACTOR, "anchor"))
    assert anchor.quotes == ("ballard",)  # the speaker
    assert anchor.key_points == (1,)
    assert anchor.events == ("interview",)


def test_nothing_further_is_followed() -> None:
    # Tb is named by the magnets quote only; that quote's other element (Dy) and Dy's
    # control events do not make anything else involve Tb.
    tb = involving(BRIEFING, Subject(Kind.ELEMENT, "Tb"))
    assert tb.events == ()
    assert tb.quotes == ("magnets",)
    assert tb.figures == ()


def test_a_tag_involves_the_events_that_carry_it() -> None:
    tagged = involving(BRIEFING, Subject(Kind.TAG, "export-controls"))
    assert tagged.events == ("licences",)
    assert tagged.quotes == tagged.figures == ()


def test_kinds_that_nothing_names_involve_nothing() -> None:
    assert not involving(BRIEFING, Subject(Kind.EVENT, "licences"))
    assert not involving(BRIEFING, Subject(Kind.ELEMENT, "Xe"))
    assert not involving(BRIEFING, Subject(Kind.ACTOR, "nobody"))


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("ministry", Subject(Kind.ACTOR, "ministry")),
        ("Dy", Subject(Kind.ELEMENT, "Dy")),
        ("dy", Subject(Kind.ELEMENT, "Dy")),
        ("DYSPROSIUM", Subject(Kind.ELEMENT, "Dy")),
        ("export-controls", Subject(Kind.TAG, "export-controls")),
        ("ballard", Subject(Kind.ACTOR, "anchor")),
        ("c", Subject(Kind.ELEMENT, "C")),
    ],
)
def test_resolve_subject(text: str, subject: Subject) -> None:
    assert resolve_subject(BRIEFING, text) == subject


@pytest.mark.parametrize("text", ["Xe", "nobody", "", "a"])
def test_resolve_subject_gives_none_for_what_the_briefing_does_not_name(text: str) -> None:
    # "a" is a word of "A Trader" only: found. Xe is a symbol the briefing never names.
    expected = Subject(Kind.ACTOR, "trader") if text == "a" else None
    assert resolve_subject(BRIEFING, text) == expected


def test_subject_labels() -> None:
    assert subject_label(BRIEFING, Subject(Kind.ELEMENT, "Dy")) == "Dysprosium (Dy)"
    assert subject_label(BRIEFING, Subject(Kind.ACTOR, "anchor")) == "Joshua Ballard"
    assert subject_label(BRIEFING, Subject(Kind.TAG, "export-controls")) == "export controls"


def test_one_vocabulary_of_kinds() -> None:
    from briefing.ui.panes.base import PaneSpec
    from briefing.ui.widgets.link_list import link_target

    assert set(KINDS) <= set(Kind)
    assert PaneSpec.__dataclass_fields__["kind"].type in ("Kind", Kind)
    assert link_target("event:x") == (Kind.EVENT, "x")


def test_the_lists_are_optional_and_read_as_tuples() -> None:
    assert BRIEFING.quotes[0].elements == ()
    assert BRIEFING.quotes[1].elements == ("Dy", "Tb")
    assert BRIEFING.figures[1].actors == ("ministry",)
    assert BRIEFING.key_points[1].actors == ("anchor",)


@pytest.mark.parametrize(
    ("old", "new", "bad", "message"),
    [
        (
            "    elements: [Dy, Tb]\n",
            "    elements: [Dy, Nd]\n",
            "Nd",
            "element 'Nd' is not defined",
        ),
        (
            "staff\n    source: wire\n    actors: [ministry]",
            "staff\n    source: wire\n    actors: [ministy]",
            "ministy",
            "actor 'ministy' is not defined",
        ),
        (
            "    elements: [Dy]\n  - id: staff",
            "    elements: [Xx]\n  - id: staff",
            "Xx",
            "'Xx' is not an element symbol",
        ),
        ("    actors: [anchor]\nsources", "    actors: [nobody]\nsources", "nobody", "nobody"),
    ],
    ids=["quote-element", "figure-actor", "figure-symbol", "key-point-actor"],
)
def test_the_new_lists_are_checked_like_an_events(
    old: str, new: str, bad: str, message: str
) -> None:
    assert BRIEFING_YAML.count(old) == 1, old
    text = BRIEFING_YAML.replace(old, new)
    offset = text.index(new) + new.index(bad)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    with pytest.raises(BriefingInvalid) as caught:
        load_bytes(text.encode(), "rule.yaml")
    problems = caught.value.problems
    # An unknown symbol is also "not defined", as on an event: both at the same place.
    assert {(problem.line, problem.column) for problem in problems} == {(line, column)}
    assert message in problems[0].message


def test_the_headless_core_never_imports_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, briefing.core\n"
        "names = [m.name for m in pkgutil.iter_modules(briefing.core.__path__)]\n"
        "assert 'involves' in names\n"
        "for name in names: importlib.import_module('briefing.core.' + name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
