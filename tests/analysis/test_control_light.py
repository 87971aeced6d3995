"""The traffic light of the periodic resolution-control report and its periods (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from sozialplanung.analysis.control_light import Light, ReportPeriod, days_overdue, traffic_light

AS_OF = dt.date(2025, 9, 30)


@pytest.mark.parametrize(
    ("due", "finished", "light"),
    [
        (dt.date(2025, 9, 29), None, Light.OVERDUE),  # the day before: overdue
        (AS_OF, None, Light.DUE_SOON),  # due on the day itself: not yet overdue
        (dt.date(2025, 10, 30), None, Light.DUE_SOON),  # 30 days ahead: still soon
        (dt.date(2025, 10, 31), None, Light.ON_TIME),  # 31 days ahead
        (dt.date(2020, 1, 1), dt.date(2025, 9, 1), Light.DONE),  # done beats overdue
    ],
)
def test_light_at_the_edges(due, finished, light):
    assert traffic_light(due, finished, AS_OF, soon_days=30) == light


def test_days_overdue_count_from_the_control_date_and_never_below_zero():
    assert days_overdue(dt.date(2025, 9, 1), AS_OF) == 29
    assert days_overdue(dt.date(2025, 10, 1), AS_OF) == 0


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-Q1", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("2024-H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        ("2025-h2", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_periods_span_their_months(text, start, end):
    period = ReportPeriod.parse(text)
    assert (period.start, period.end) == (start, end)
    assert ReportPeriod.parse(period.key) == period


@pytest.mark.parametrize("text", ["2025-Q5", "2025-H3", "2025-Q0", "25", "2025-X1"])
def test_impossible_periods_are_refused(text):
    with pytest.raises(ValueError):
        ReportPeriod.parse(text)


def test_a_running_period_is_judged_today_and_a_past_one_at_its_end():
    today = dt.date(2026, 12, 3)
    assert ReportPeriod.containing(today, "Q").as_of(today) == today
    assert ReportPeriod.parse("2025-Q3").as_of(today) == dt.date(2025, 9, 30)
    assert ReportPeriod.containing(today, "H") == ReportPeriod(2026, "H", 2)
