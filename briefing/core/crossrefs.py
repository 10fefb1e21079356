"""The checks that tie a briefing's parts together: each id defined once in its section,
every reference (the fields the model declares with ``refers_to``) naming something
defined, a control's dates in order, and an actor not affiliated to itself."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from briefing.core.dates import PartialDate
from briefing.core.findings import KIND_OF_LIST, Later, Suggester
from briefing.core.model import Briefing
from briefing.core.references import Reference, ReferenceField, part_fields, reference_fields
from briefing.core.text import short
from briefing.core.yamltree import Finding, Position, Tree
from briefing.core.yamltree import Path as TreePath


def _entries(data: dict[str, Any], section: str) -> list[tuple[int, dict[str, Any]]]:
    items = data.get(section)
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


_ID_KEYS = {
    "sources": "id",
    "events": "id",
    "actors": "id",
    "quotes": "id",
    "figures": "id",
    "elements": "symbol",
}
"""The key that names each item of a section, which references to it give."""


def _loose(value: str) -> str:
    """``value`` with case, width, spacing and punctuation set aside: ``GA`` and ``Ga``,
    or ``CBS 2025`` and ``cbs-2025``, are loosely the same."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(char for char in folded if char.isalnum())


class References:
    """The rules for references, in one place: the ids and symbols each section defines
    (each once), and every reference checked against them.

    One message per mistake, at its cause: a reference is not reported as undefined
    when it (loosely) names an id the schema refused where that id is written, nor when
    its section holds an item with no id at all, which it may have named; the message
    about the missing id then says which references name nothing
    (``named_by_nothing``).
    """

    def __init__(self, tree: Tree, suggest: Suggester, refused: set[TreePath]) -> None:
        self.tree = tree
        self.suggest = suggest
        self.refused = refused
        self.known: dict[str, dict[str, int]] = {}
        """Each section's ids, with the line of the first item that has it."""
        self.misnamed: dict[str, set[str]] = {}
        """The loose form of each id the schema refused, by section."""
        self.unresolved: dict[str, dict[str, None]] = {}
        """By section with an item that has no id: what references to it name in vain."""

    def named_by_nothing(self, path: TreePath) -> str:
        """For the hint on an id missing or empty at ``path``: the references to its
        section that name nothing, which may have meant it (empty when there are none, or
        when ``path`` is not an item's id)."""
        if len(path) != 3 or _ID_KEYS.get(str(path[0])) != path[2]:
            return ""
        names = list(self.unresolved.get(str(path[0]), ()))
        if not names:
            return ""
        shown = ", ".join(short(name) for name in names[:3]) + (", ..." if len(names) > 3 else "")
        cited = "is cited" if len(names) == 1 else "are cited"
        return (
            f"; perhaps {'one of ' if len(names) > 1 else ''}{shown}, which {cited} but not defined"
        )

    def _definitions(self) -> Iterable[Finding]:
        """Learn each section's ids; an id given twice in one section is an error."""
        for section, key in _ID_KEYS.items():
            seen: dict[str, int] = {}
            self.misnamed[section] = set()
            for index, item in _entries(self.tree.data, section):
                value = item.get(key)
                if not isinstance(value, str):
                    self.unresolved.setdefault(section, {})
                    continue
                if (section, index, key) in self.refused:
                    self.misnamed[section].add(_loose(value))
                position = self.tree.value_position((section, index, key))
                if value in seen:
                    yield Finding(
                        position,
                        f"{KIND_OF_LIST[section]} {key} {short(value)} is used twice "
                        f"(first at line {seen[value]})",
                        f"give each {KIND_OF_LIST[section]} its own {key}",
                    )
                else:
                    seen[value] = position.line
            self.known[section] = seen

    def _reference_values(self) -> Iterator[tuple[TreePath, Any, ReferenceField]]:
        """Every reference field of every part written in the file (the fields the model
        declares with ``refers_to``), with its path and its value as read."""

        def walk(model: type, here: TreePath, item: dict[str, Any]) -> Iterator[Any]:
            for field in reference_fields(model):
                yield (*here, field.name), item.get(field.name), field
            for name, part in part_fields(model):
                values = item.get(name)
                for number, value in enumerate(values if isinstance(values, list) else []):
                    if isinstance(value, dict):
                        yield from walk(part, (*here, name, number), value)

        yield from walk(Briefing, (), self.tree.data)

    def findings(self) -> Iterable[Finding | Later]:
        """Ids given twice in a section, and references to nothing, as errors; then the
        other rules that tie parts together (a control's dates, an actor's affiliation)."""
        tree = self.tree
        yield from self._definitions()
        known, refused = self.known, self.refused

        def check(path: TreePath, value: Any, reference: Reference) -> Iterable[Later]:
            section = reference.section
            if not isinstance(value, str) or value in known[section] or path in refused:
                return
            if _loose(value) in self.misnamed[section]:
                return  # it names an id refused where it is written, and said so there
            if section in self.unresolved:
                self.unresolved[section][value] = None  # said with the item missing its id
                return
            yield Later(tree.value_position(path), lambda: undefined(value, path, reference))

        def undefined(value: str, path: TreePath, reference: Reference) -> Finding:
            section = reference.section
            if section == "elements":
                hint = f"add {value} to elements:, or remove it here"
            elif guess := self.suggest(value, known[section]):
                hint = f"did you mean {short(guess)}?"
            else:
                hint = f"add it to {section}:, or fix the id"
            message = f"{reference.what} {short(value)} is not defined"
            return Finding(tree.value_position(path), message, hint)

        for path, value, field in self._reference_values():
            if not field.many:
                yield from check(path, value, field.reference)
            elif isinstance(value, list):
                for position, one in enumerate(value):
                    yield from check((*path, position), one, field.reference)
        yield from self._tied_rules()

    def listed_twice(self) -> list[Finding]:
        """Warnings for a reference listed twice in one list: the reader shows it once,
        but it reads as a slip."""
        found: list[Finding] = []
        for path, values, field in self._reference_values():
            if not (field.many and isinstance(values, list)):
                continue
            listed: dict[str, Position] = {}
            for position, value in enumerate(values):
                if not isinstance(value, str):
                    continue
                where = self.tree.value_position((*path, position))
                if value in listed:
                    first = listed[value]
                    found.append(
                        Finding(
                            where,
                            f"{field.reference.what} {short(value)} is listed twice here "
                            f"(first at line {first.line}, column {first.column})",
                            "list each once",
                        )
                    )
                else:
                    listed[value] = where
        return found

    def _tied_rules(self) -> Iterable[Finding]:
        """A control's dates in order, and an actor not affiliated to itself."""
        tree, data = self.tree, self.tree.data
        for index, element in _entries(data, "elements"):
            controls = element.get("controls")
            for number, control in enumerate(controls if isinstance(controls, list) else []):
                if isinstance(control, dict):
                    path = ("elements", index, "controls", number)
                    yield from _check_control_dates(tree, path, control)
        for index, actor in _entries(data, "actors"):
            if actor.get("affiliation") is not None and actor.get("affiliation") == actor.get("id"):
                yield Finding(
                    tree.value_position(("actors", index, "affiliation")),
                    "an actor cannot be affiliated to itself",
                    "name the body this actor belongs to, or remove affiliation",
                )


def _check_control_dates(tree: Tree, path: TreePath, control: dict[str, Any]) -> Iterable[Finding]:
    since, until = control.get("since"), control.get("until")
    if control.get("until_event") is not None and until is None:
        yield Finding(
            tree.value_position((*path, "until_event")),
            "until_event names what lifted the control, but the control has no 'until'",
            "add 'until:' with the date it was lifted, or remove until_event",
        )
    if not (isinstance(since, str) and isinstance(until, str)):
        return
    try:
        if PartialDate.parse(until) <= PartialDate.parse(since):
            yield Finding(
                tree.value_position((*path, "until")),
                f"control ends ({until}) before it starts ({since})",
                "'until' must be later than 'since'",
            )
    except ValueError:
        return  # the schema check reports bad dates
