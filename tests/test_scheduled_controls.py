"""Controls due after the briefing's date: shown as to come on every date, never as in force.

A briefing only knows what its sources said up to ``as_of``. A control due to start later
was announced, not seen in force, so no date the reader steps to makes it "controlled".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.core.dates import PartialDate
from briefing.core.grid import ControlStatus, control_state, control_status, statuses_on
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing, Control
from briefing.ui.widgets.element_detail import ElementDetail

MINI = Path(__file__).parent / "data" / "mini.yaml"


def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


@pytest.fixture(scope="module")
def mini() -> Briefing:
    # Holmium's control runs from 8 to 10 November 2025; the briefing is as of 10 November.
    return load_briefing(MINI)


@pytest.fixture(scope="module")
def before_holmium(mini: Briefing) -> Briefing:
    """The same briefing, as of a date before holmium's control starts."""
    return replace(mini, as_of=dt.date(2025, 10, 15))


@pytest.mark.parametrize("on", ["2025-11-08", "2025-11-09", "2025-11-10", "2026", "2025-10-01"])
def test_a_control_due_after_the_briefing_is_to_come_on_every_date(
    before_holmium: Briefing, on: str
) -> None:
    holmium = before_holmium.element("Ho")
    assert holmium is not None
    as_of = before_holmium.as_of_date
    assert control_state(holmium.controls[0], day(on), as_of=as_of) is ControlStatus.SCHEDULED
    assert control_status(holmium, day(on), as_of=as_of) is ControlStatus.SCHEDULED
    assert statuses_on(before_holmium, day(on))["Ho"] is ControlStatus.SCHEDULED
    assert holmium not in before_holmium.controlled_on(day(on))
    assert not holmium.controls[0].in_force(day(on), as_of=as_of)


def test_the_same_control_is_in_force_once_the_briefing_reaches_its_start(mini: Briefing) -> None:
    # As of 10 November the sources have seen the control start on 8 November.
    assert statuses_on(mini, day("2025-11-08"))["Ho"] is ControlStatus.IN_FORCE
    assert [element.symbol for element in mini.controlled_on(day("2025-11-08"))] == [
        "Dy",
        "Tb",
        "Ho",
    ]
    starts_on_the_day = replace(mini, as_of=dt.date(2025, 11, 8))
    assert statuses_on(starts_on_the_day, day("2025-11-08"))["Ho"] is ControlStatus.IN_FORCE


def test_controls_that_started_before_the_briefing_keep_their_dates(
    before_holmium: Briefing,
) -> None:
    statuses = statuses_on(before_holmium, day("2025-11-09"))
    assert statuses["Dy"] is ControlStatus.IN_FORCE
    assert statuses["Tb"] is ControlStatus.IN_FORCE
    assert statuses_on(before_holmium, day("2025-04-03"))["Dy"] is ControlStatus.SCHEDULED
    assert [element.symbol for element in before_holmium.controlled_on(day("2025-11-09"))] == [
        "Dy",
        "Tb",
    ]


def test_a_partial_start_date_after_the_briefing_is_due_after_it() -> None:
    control = Control(since=day("2025-11"), measure="Licence required")
    assert control.starts_after(day("2025-10-15"))
    assert not control.starts_after(day("2025-11-01"))
    assert not control.starts_after(None)
    assert control.in_force(day("2025-12-01"))
    assert not control.in_force(day("2025-12-01"), as_of=day("2025-10-15"))


def described(detail: ElementDetail, symbol: str, on: PartialDate) -> str:
    """The element detail's text for ``symbol``, controls as of ``on``."""
    detail.as_of = on
    return detail.describe_text(symbol).plain


def test_the_element_detail_says_the_control_is_not_confirmed(before_holmium: Briefing) -> None:
    detail = ElementDetail(before_holmium)
    holmium = described(detail, "Ho", day("2025-11-09"))
    assert "not yet in force" in holmium
    assert "due after the briefing (as of 15 Oct 2025): not confirmed" in holmium
    dysprosium = described(detail, "Dy", day("2025-11-09"))
    assert "in force" in dysprosium and "not confirmed" not in dysprosium
    # Once the briefing has reached the start, nothing is said.
    assert "not confirmed" not in described(
        ElementDetail(replace(before_holmium, as_of=dt.date(2025, 11, 10))),
        "Ho",
        day("2025-11-09"),
    )
