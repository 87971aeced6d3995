"""The measures plan as a timeline by quarter (Gantt-like), laid out for a CSS grid.

Only positions are computed here; ``measures/_timeline.html`` draws one row per measure
with a bar from its start to its due quarter. The range always covers whole years, so
that the year lines of the background fall on every fourth quarter. A measure that is
overdue gets a tail from its due quarter to today's, which makes "how late" visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sozialplanung.core.formats.quarters import quarter_index, quarter_label, quarter_of

from .plans import FieldGroup, MeasureRow


def index_label(index: int) -> str:
    return quarter_label(f"{index // 4}-Q{index % 4 + 1}")


@dataclass(frozen=True)
class Bar:
    start: int  # first grid column of the track (1-based)
    end: int  # grid line after the last column
    open_end: bool  # started, but no due quarter set
    tail_end: int | None  # overdue: grid line after today's quarter
    period: str  # "III/2019 – IV/2020"


@dataclass(frozen=True)
class TimelineRow:
    row: MeasureRow
    bar: Bar | None

    @property
    def description(self) -> str:
        """What a screen reader and the tooltip say about the bar."""
        measure = self.row.measure
        parts = [self.bar.period if self.bar else _("no quarters set")]
        parts.append(measure.get_status_display())
        if self.row.overdue:
            parts.append(_("overdue"))
        return ", ".join(str(p) for p in parts)


@dataclass(frozen=True)
class YearColumn:
    year: int
    start: int
    span: int


@dataclass(frozen=True)
class Timeline:
    first: int
    count: int
    years: list[YearColumn]
    groups: list[tuple[FieldGroup, list[TimelineRow]]]
    today_percent: float | None

    @property
    def quarters(self) -> list[str]:
        return ["I", "II", "III", "IV"] * (self.count // 4)

    @property
    def bar_count(self) -> int:
        return sum(1 for _group, rows in self.groups for r in rows if r.bar)


def _span(row: MeasureRow) -> tuple[int, int, bool] | None:
    start = quarter_index(row.measure.start_quarter)
    due = quarter_index(row.measure.due_quarter)
    if start is None and due is None:
        return None
    low, high = start if start is not None else due, due if due is not None else start
    assert low is not None and high is not None
    return min(low, high), max(low, high), due is None


def build_timeline(groups: list[FieldGroup], today: dt.date) -> Timeline | None:
    """Bars for every measure with at least one quarter; None when none has any."""
    now = quarter_of(today)
    spans = {id(r): _span(r) for g in groups for r in g.rows}
    known = [s for s in spans.values() if s is not None]
    if not known:
        return None
    low = min(s[0] for s in known)
    high = max(s[1] for s in known)
    if any(r.overdue for g in groups for r in g.rows):
        high = max(high, now)  # the overdue tails run up to today
    first, last = low // 4 * 4, high // 4 * 4 + 3
    count = last - first + 1
    years = [YearColumn(y, (y * 4 - first) + 1, 4) for y in range(first // 4, last // 4 + 1)]
    laid_out: list[tuple[FieldGroup, list[TimelineRow]]] = []
    for group in groups:
        rows = []
        for row in group.rows:
            span = spans[id(row)]
            bar = None
            if span is not None:
                start, end, open_end = span
                period = (
                    index_label(start)
                    if start == end
                    else f"{index_label(start)} – {index_label(end)}"
                )
                if open_end:
                    period = _("from %(quarter)s") % {"quarter": index_label(start)}
                tail = now - first + 2 if row.overdue and now > end else None
                bar = Bar(start - first + 1, end - first + 2, open_end, tail, period)
            rows.append(TimelineRow(row, bar))
        laid_out.append((group, rows))
    today_percent = None
    if first <= now <= last:
        within = ((today.month - 1) % 3 + (today.day - 1) / 31) / 3
        today_percent = round((now - first + within) / count * 100, 2)
    return Timeline(first, count, years, laid_out, today_percent)
