"""A whole briefing as linear plain text, for screen readers, braille displays and pagers.

``briefing read`` prints it; ``briefing summary`` stays the short form. The text is made
to be read from top to bottom, one line at a time:

- headings are plain lines in capitals, with no box drawing and no rule lines;
- one paragraph is one line, so a pager or a braille display wraps it at its own width;
- every line starts with its most important words (an event with its date, a quote with
  its speaker, an element with its name);
- sources are numbered once, in the order the briefing lists them, and cited by number.

Every piece of briefing text goes through ``sanitize_line``: nothing in a briefing can put
an escape sequence or a line break of its own into the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from briefing.core.dates import PartialDate
from briefing.core.grid import ControlStatus, control_state
from briefing.core.involves import Involvement, Kind, Subject, involving, subject_label
from briefing.core.model import (
    Actor,
    Briefing,
    Control,
    Element,
    Event,
    Figure,
    KeyPoint,
    Quote,
    Source,
)
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import sanitize_line

# Cites source ids by their numbers: "Sources 1, 3." (empty when none is numbered).
_Cite = Callable[[Iterable[str]], str]


def describe_control(control: Control, on: PartialDate, *, as_of: PartialDate) -> str:
    """One control in words, as it stands on ``on``: ``Export licence required for X:
    controlled since 4 Apr 2025``. ``as_of`` is the briefing's date (see
    ``Control.in_force``)."""
    return f"{sanitize_line(control.measure)}: {control_words(control, on, as_of=as_of)}"


def control_words(
    control: Control, on: PartialDate, *, as_of: PartialDate, announced: bool = True
) -> str:
    """A control's status on ``on`` in words, without its measure: ``controlled since 4 Apr
    2025``, ``control to come, from ...``, ``control lifted, in force from ... until ...``.
    ``announced``: say when a control to come starts after the briefing's date."""
    state = control_state(control, on, as_of=as_of)
    since = control.since.human()
    if state is ControlStatus.IN_FORCE:
        words = f"controlled since {since}"
        if control.until is not None:
            words += f", until {control.until.human()}"
    elif state is ControlStatus.SCHEDULED:
        words = f"control to come, from {since}"
        if announced and control.starts_after(as_of):
            words += f", announced before the briefing's date of {as_of.human()}"
    else:
        until = control.until.human() if control.until is not None else "an unknown date"
        words = f"control lifted, in force from {since} until {until}"
    return words


def describe_element(element: Element, on: PartialDate, *, as_of: PartialDate) -> str:
    """An element and its controls' status on ``on``, in words, its name first, short
    enough for a line: ``Dysprosium (Dy): controlled since 4 Apr 2025``; ``...: no
    control`` when it has none. ``as_of`` is the briefing's date."""
    info = BY_SYMBOL.get(element.symbol)
    name = info.name if info is not None else element.symbol
    words = [
        control_words(control, on, as_of=as_of, announced=False) for control in element.controls
    ]
    return f"{name} ({element.symbol}): {'; '.join(dict.fromkeys(words)) or 'no control'}"


def linear_text(briefing: Briefing, about: Subject | None = None) -> str:
    """The briefing as plain text, section by section; ``about`` keeps only what involves
    one actor, element or tag (as ``export --about`` does).

    Returns the text with a final newline. Raises nothing for a valid briefing.
    """
    kept = _kept(briefing, about)
    wanted = kept.cited()
    numbered = [source for source in briefing.sources if source.id in wanted]
    numbers = {source.id: index for index, source in enumerate(numbered, start=1)}
    cite = _citing(numbers)
    lines = _title_lines(briefing, about)
    _section(lines, "Bottom line", [sanitize_line(briefing.summary)])
    _section(
        lines,
        _counted("Key points", kept.points),
        [
            _joined(f"{number}. {sanitize_line(point.text)}", cite(point.sources))
            for number, point in enumerate(kept.points, start=1)
        ],
    )
    _section(lines, _counted("Events", kept.events), _event_lines(kept.events, cite))
    _section(
        lines,
        _counted("Elements discussed", kept.elements),
        _element_lines(kept.elements, briefing.as_of_date, cite),
    )
    actors, quotes, figures = kept.actors, kept.quotes, kept.figures
    _section(lines, _counted("Actors", actors), [_actor_line(a, cite) for a in actors])
    _section(lines, _counted("Quotes", quotes), _quote_lines(briefing, quotes, cite))
    _section(lines, _counted("Figures", figures), [_figure_line(f, cite) for f in figures])
    _section(
        lines,
        _counted("Sources", numbered),
        [_source_line(numbers[source.id], source) for source in numbered],
    )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class _Kept:
    """The items the text shows, in the order it shows them."""

    points: list[KeyPoint]
    events: list[Event]
    elements: list[Element]
    actors: list[Actor]
    quotes: list[Quote]
    figures: list[Figure]

    def cited(self) -> set[str]:
        """The ids of the sources these items cite."""
        cited: set[str] = set()
        for sources in (
            *(point.sources for point in self.points),
            *(event.sources for event in self.events),
            *(element.sources for element in self.elements),
            *(actor.sources for actor in self.actors),
            *((quote.source,) for quote in self.quotes),
            *((figure.source,) for figure in self.figures),
        ):
            cited.update(sources)
        return cited


def _kept(briefing: Briefing, about: Subject | None) -> _Kept:
    """Everything in ``briefing``, or only what involves ``about``."""
    scope = involving(briefing, about) if about is not None else None
    return _Kept(
        points=[
            point
            for index, point in enumerate(briefing.key_points)
            if scope is None or index in scope.key_points
        ],
        events=[e for e in briefing.events_in_order() if scope is None or e.id in scope.event_ids],
        elements=_elements_in_scope(briefing, about, scope),
        actors=_actors_in_scope(briefing, about, scope),
        quotes=[q for q in briefing.quotes if scope is None or q.id in scope.quote_ids],
        figures=[f for f in briefing.figures if scope is None or f.id in scope.figure_ids],
    )


def _citing(numbers: dict[str, int]) -> _Cite:
    """Citations by the numbers given to source ids; ids without one are left out."""

    def cite(ids: Iterable[str]) -> str:
        found = sorted({numbers[i] for i in ids if i in numbers})
        if not found:
            return ""
        label = "Source" if len(found) == 1 else "Sources"
        return f"{label} {', '.join(str(number) for number in found)}."

    return cite


def _title_lines(briefing: Briefing, about: Subject | None) -> list[str]:
    """Title, subtitle, date, and what the text is limited to."""
    lines: list[str] = [sanitize_line(briefing.title)]
    if briefing.subtitle:
        lines.append(sanitize_line(briefing.subtitle))
    lines.append(f"As of {briefing.as_of_date.human()}.")
    if about is not None:
        lines.append(f"Only what involves {sanitize_line(subject_label(briefing, about))}.")
    return lines


def _counted(heading: str, items: Sequence[object]) -> str:
    return f"{heading} ({len(items)})"


def _section(lines: list[str], heading: str, body: list[str]) -> None:
    if not body:
        return
    lines.extend(["", heading.upper(), ""])
    lines.extend(body)


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _sentence(text: str) -> str:
    """``text`` with a full stop, unless it already ends a sentence."""
    text = sanitize_line(text)
    return text if not text or text[-1] in ".!?…\"'”’)" else f"{text}."


def _event_lines(events: Sequence[Event], cite: _Cite) -> list[str]:
    lines: list[str] = []
    for event in events:
        lines.append(_joined(f"{event.date.human()}:", _sentence(event.title)))
        lines.append(_joined(_sentence(event.summary), cite(event.sources)))
        if event.note:
            lines.append(f"Note: {_sentence(event.note)}")
        lines.append("")
    return lines[:-1]


def _element_lines(elements: Sequence[Element], as_of: PartialDate, cite: _Cite) -> list[str]:
    lines: list[str] = []
    for element in elements:
        info = BY_SYMBOL.get(element.symbol)
        name = info.name if info is not None else element.symbol
        category = f", {element.category.replace('-', ' ')}" if element.category else ""
        lines.append(f"{name} ({element.symbol}){category}.")
        if element.uses:
            lines.append(f"Uses: {'; '.join(sanitize_line(use) for use in element.uses)}.")
        if element.note:
            lines.append(_sentence(element.note))
        for control in element.controls:
            lines.append(f"Control: {describe_control(control, as_of, as_of=as_of)}.")
        if element.sources:
            lines.append(cite(element.sources))
        lines.append("")
    return lines[:-1]


def _actor_line(actor: Actor, cite: _Cite) -> str:
    role = f", {sanitize_line(actor.role)}" if actor.role else ""
    kind = actor.kind.value.replace("-", " ")
    return _joined(f"{sanitize_line(actor.name)}{role} ({kind}).", cite(actor.sources))


def _quote_lines(briefing: Briefing, quotes: Sequence[Quote], cite: _Cite) -> list[str]:
    lines: list[str] = []
    for quote in quotes:
        speaker = briefing.actor(quote.speaker)
        name = sanitize_line(speaker.name) if speaker is not None else quote.speaker
        when = f", {quote.date.human()}" if quote.date is not None else ""
        lines.append(f"{name}{when}: “{sanitize_line(quote.text)}”")
        if quote.context:
            lines.append(f"Context: {_sentence(quote.context)}")
        lines.append(cite([quote.source]))
        lines.append("")
    return lines[:-1]


def _figure_line(figure: Figure, cite: _Cite) -> str:
    when = f" ({figure.date.human()})" if figure.date is not None else ""
    value, label = sanitize_line(figure.value), sanitize_line(figure.label)
    return _joined(f"{value}: {label}{when}.", cite([figure.source]))


def _source_line(number: int, source: Source) -> str:
    parts = [f"{number}. {sanitize_line(source.publisher)}: {_sentence(source.title)}"]
    parts.append(f"Published {source.published.human()}.")
    if source.author:
        parts.append(f"By {_sentence(source.author)}")
    if source.url:
        parts.append(sanitize_line(source.url))
    return " ".join(parts)


def _in_scope(
    about: Subject | None, scope: Involvement | None, kind: Kind, named: tuple[str, ...]
) -> set[str] | None:
    """The ids of ``kind`` that ``scope`` keeps (the subject itself included); None: all."""
    if scope is None:
        return None
    wanted = set(named)
    if about is not None and about.kind is kind:
        wanted.add(about.id)
    return wanted


def _elements_in_scope(
    briefing: Briefing, about: Subject | None, scope: Involvement | None
) -> list[Element]:
    wanted = _in_scope(about, scope, Kind.ELEMENT, scope.elements if scope else ())
    return [e for e in briefing.elements if wanted is None or e.symbol in wanted]


def _actors_in_scope(
    briefing: Briefing, about: Subject | None, scope: Involvement | None
) -> list[Actor]:
    wanted = _in_scope(about, scope, Kind.ACTOR, scope.actors if scope else ())
    return [a for a in briefing.actors if wanted is None or a.id in wanted]
