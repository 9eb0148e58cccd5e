"""The timeline chart: events on a time axis, as SVG drawn at build time.

A date known to the day is a mark; a fuzzy date (a month, a season, an
interval) is a band from its earliest to its latest possible day, so
"Autumn 2024" reads as a stretch, not a point. Shape and colour both say
the status (colour alone would fail readers who cannot tell them apart).
Past ``CLUSTER_OVER`` events the chart counts events per period instead,
each bar linking to that period in the list below it.

The SVG is drawn at its natural pixel size (one user unit is one CSS pixel)
inside a horizontally scrollable frame, so labels keep a readable size on a
phone instead of shrinking with the screen. Without a fixed window the axis
covers the densest stretch of the story (``DENSE_SHARE`` of its events);
the events outside it stay in the list and in the yearly charts.
"""

from __future__ import annotations

import datetime
import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..kinds.event import STATUSES as EVENT_STATUSES
from ..kinds.event import Event
from . import shapes
from .graph import XLINK, chart_frame
from .shapes import legend_items, mark_class

WIDTH = 672
MAX_WIDTH = 2400
MARGIN = 24
LANE = 24
AXIS = 34
FONT_SIZE = 13  # CSS px: label text, as dossier.css draws it
CHAR_WIDTH = 6.8  # a generous average advance at FONT_SIZE
LABEL_CHARS = 90
LABEL_OVER = 80  # more events than this: marks without labels
CLUSTER_OVER = 400  # more than this: counts per period
DENSE_SHARE = 0.8
#: The statuses, in legend order, with their shapes and classes.
STATUSES = EVENT_STATUSES
STATUS_ORDER = STATUSES.values


@dataclass(frozen=True, slots=True)
class Mark:
    """One event placed on the chart (exposed for tests)."""

    event_id: str
    x0: float
    x1: float
    lane: int
    span: bool
    label_x: float = 0.0
    label_anchor: str = "start"
    chars: int = LABEL_CHARS  # label characters that fit (fewer when cramped)
    cramped: bool = False


def _days(day: datetime.date) -> int:
    return day.toordinal()


def domain(
    events: Sequence[Event],
    window: tuple[datetime.date, datetime.date] | None = None,
) -> tuple[datetime.date, datetime.date]:
    if window is not None:
        return window
    known = [d for e in events for d in (e.date.earliest, e.date.latest) if d is not None]
    start, end = min(known), max(known)
    if (end - start).days > 2 * 366:
        start, end = dense_span(events, start, end)
    if (end - start).days < 60:
        pad = datetime.timedelta(days=30)
        start, end = start - pad, end + pad
    return start, end


def dense_span(
    events: Sequence[Event], start: datetime.date, end: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The shortest stretch holding ``DENSE_SHARE`` of the events (by their
    earliest day), padded by a tenth on each side; the whole span when that
    stretch would not be much shorter."""
    days: list[datetime.date] = sorted(
        day for e in events if (day := e.date.earliest or e.date.latest) is not None
    )
    need = max(2, math.ceil(len(days) * DENSE_SHARE))
    if len(days) < 4 or need >= len(days):
        return start, end
    lo, hi = min(
        ((days[i], days[i + need - 1]) for i in range(len(days) - need + 1)),
        key=lambda pair: (pair[1] - pair[0], pair[0]),
    )
    pad = datetime.timedelta(days=max(14, (hi - lo).days // 10))
    lo, hi = max(start, lo - pad), min(end, hi + pad)
    if (hi - lo).days * 2 > (end - start).days:
        return start, end
    return datetime.date(lo.year, lo.month, 1), hi


def chart_width(count: int) -> int:
    """Wider for more events, so their labels share fewer lanes."""
    return min(MAX_WIDTH, WIDTH + max(0, count - 24) * 24)


def label_width(title: str) -> float:
    return min(len(title), LABEL_CHARS) * CHAR_WIDTH


def place(
    events: Sequence[Event],
    labels: bool,
    window: tuple[datetime.date, datetime.date] | None = None,
    width: int = WIDTH,
) -> tuple[list[Mark], int]:
    """Put each event in the first lane where it (and its label) fits."""
    start, end = domain(events, window)
    scale = (width - 2 * MARGIN) / max(1, _days(end) + 1 - _days(start))

    def x(day: datetime.date) -> float:
        return MARGIN + (_days(day) - _days(start)) * scale

    lanes: list[float] = []
    marks = []
    for event in events:
        first = max(event.date.earliest or start, start)
        last = min(event.date.latest or end, end)
        x0, x1 = x(first), x(last + datetime.timedelta(days=1))
        span = (last - first).days >= 1
        if not span:
            x0 = x1 = (x0 + x1) / 2
        size = label_width(event.title) if labels else 0
        # A band's label goes inside it; a day's right of its mark, else left
        # of it; else as much of it as fits, inside the band.
        if span and x0 + 10 + size <= width - 4:
            label_x, anchor, left, right = x0 + 10, "start", x0 - 8, max(x1, x0 + 10 + size)
        elif x1 + 10 + size <= width - 4:
            label_x, anchor, left, right = x1 + 10, "start", x0 - 8, x1 + 10 + size
        elif x0 - 10 - size >= 4:
            label_x, anchor, left, right = x0 - 10, "end", x0 - 10 - size, x1 + 8
        else:
            label_x, anchor, left = x0 + 10, "start", x0 - 8
            room = max(4, int((width - 4 - label_x) / CHAR_WIDTH))
            right = max(x1, x0 + 10 + min(size, room * CHAR_WIDTH))
        for lane, free_from in enumerate(lanes):
            if free_from <= left - 8:
                lanes[lane] = right
                break
        else:
            lanes.append(right)
            lane = len(lanes) - 1
        cramped = labels and right - label_x < size - 0.5 and anchor == "start"
        chars = int((right - label_x) / CHAR_WIDTH) if cramped else LABEL_CHARS
        marks.append(Mark(event.id, x0, x1, lane, span, label_x, anchor, chars, cramped))
    return marks, len(lanes)


def _ticks(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
    years = end.year - start.year
    ticks = []
    if years >= 4:
        step = max(1, years // 10)
        for year in range(start.year + 1, end.year + 1, step):
            ticks.append((datetime.date(year, 1, 1), str(year)))
        return ticks
    month_step = 1 if years < 1 else 3 if years < 3 else 6
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        if day > start and (day.month - 1) % month_step == 0:
            label = day.strftime("%b") if day.month != 1 else day.strftime("%b %Y")
            ticks.append((day, label))
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks


def _shape(status: str, cx: float, cy: float, r: float = 5.5) -> str:
    return shapes.mark(STATUSES.term(status).shape, cx, cy, r)


def legend() -> Markup:
    """The statuses' marks and labels, and the band of an uncertain span."""
    items = legend_items(STATUSES)
    items.append(
        '<span class="dossier-legend__item"><svg viewBox="0 0 28 14" width="28" '
        'height="14" aria-hidden="true"><rect class="dossier-tl-band" x="1" y="3" '
        'width="26" height="8" rx="2"/></svg> Uncertain span</span>'
    )
    return Markup('<p class="dossier-legend" data-search-exclude>' + "".join(items) + "</p>")


def timeline_svg(
    events: Sequence[Event],
    href: Callable[[str], str],
    period_anchor: Callable[[Event], str],
    window: tuple[datetime.date, datetime.date] | None = None,
    chart_id: str = "all",
) -> Markup:
    """The chart as inline SVG; ``href(id)`` links marks, ``period_anchor``
    names the list section of an event (used when clustering). ``window``
    fixes the time axis (a year's chart); without it the axis spans the
    densest stretch of the events, and labels are drawn when there are few
    enough events to read them."""
    dated = [e for e in events if e.date.earliest or e.date.latest]
    if not dated:
        return Markup("")
    if len(dated) > CLUSTER_OVER:
        return _clusters(dated, period_anchor, chart_id)
    start, end = domain(dated, window)
    shown = [
        e
        for e in dated
        if (e.date.earliest or datetime.date.min) <= end
        and (e.date.latest or datetime.date.max) >= start
    ]
    labels = len(shown) <= LABEL_OVER
    width = chart_width(len(shown))
    widest = max(width, min(MAX_WIDTH, round(width * 1.5)))
    while True:  # somewhat wider until every label fits beside its mark
        marks, lanes = place(shown, labels, (start, end), width)
        if width >= widest or not any(m.cramped for m in marks):
            break
        width = min(widest, round(width * 1.1))
    lane_height = LANE if labels else LANE * 0.6
    height = round(AXIS + lanes * lane_height + 12)
    by_id = {e.id: e for e in shown}
    span = f"{_human_day(start)} to {_human_day(end)}"
    name = f"Timeline of {len(shown)} events, {span}"
    parts = [
        f'<svg class="dossier-timeline" {XLINK} viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" '
        f'aria-label="{html.escape(name, quote=True)}">'
    ]
    scale = (width - 2 * MARGIN) / max(1, _days(end) + 1 - _days(start))
    parts.append(
        f'<line class="dossier-tl-axis" x1="{MARGIN}" y1="{AXIS - 8}" '
        f'x2="{width - MARGIN}" y2="{AXIS - 8}"/>'
    )
    for day, label in _ticks(start, end):
        tx = MARGIN + (_days(day) - _days(start)) * scale
        parts.append(
            f'<line class="dossier-tl-tick" x1="{tx:.1f}" y1="{AXIS - 12}" '
            f'x2="{tx:.1f}" y2="{height}"/>'
            f'<text class="dossier-tl-label" x="{tx + 3:.1f}" y="{AXIS - 14}">'
            f"{html.escape(label)}</text>"
        )
    for mark in marks:
        event = by_id[mark.event_id]
        cy = AXIS + mark.lane * lane_height + lane_height / 2
        status = html.escape(event.status)
        tooltip = html.escape(f"{event.title} — {event.date.human()} ({event.status})")
        link = html.escape(href(event.id), quote=True)
        body = [f"<title>{tooltip}</title>"]
        if mark.span:
            body.append(
                f'<rect class="dossier-tl-band" x="{mark.x0:.1f}" y="{cy - 5:.1f}" '
                f'width="{max(mark.x1 - mark.x0, 2):.1f}" height="10" rx="3"/>'
            )
        body.append(_shape(event.status, mark.x0, cy))
        if labels:
            limit = min(LABEL_CHARS, mark.chars)
            text = event.title if len(event.title) <= limit else event.title[: limit - 1] + "…"
            body.append(
                f'<text class="dossier-tl-text" x="{mark.label_x:.1f}" '
                f'y="{cy + 4.5:.1f}" text-anchor="{mark.label_anchor}">'
                f"{html.escape(text)}</text>"
            )
        parts.append(
            f'<a class="{mark_class(STATUSES, status)}" xlink:href="{link}" '
            f'data-event="{html.escape(event.id, quote=True)}">' + "".join(body) + "</a>"
        )
    parts.append("</svg>")
    note = ""
    if len(shown) < len(dated):
        note = (
            f"The chart shows {span}, where {len(shown)} of the {len(dated)} events fall; "
            "the list below gives every event."
        )
    return chart_frame(
        "".join(parts), f"timeline-{chart_id}", note, scroll=f"{name} (scrolls sideways)"
    )


def _human_day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _clusters(
    events: Sequence[Event], period_anchor: Callable[[Event], str], chart_id: str = "all"
) -> Markup:
    """Counts per period, stacked by status; each bar links to its period."""
    periods: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    for event in events:
        anchor = period_anchor(event)
        labels.setdefault(anchor, anchor.replace("-", " ").capitalize())
        counts = periods.setdefault(anchor, {})
        counts[event.status] = counts.get(event.status, 0) + 1
    keys = list(periods)
    biggest = max(sum(c.values()) for c in periods.values())
    width = min(MAX_WIDTH, max(WIDTH, len(keys) * 12 + 2 * MARGIN))
    bar = (width - 2 * MARGIN) / len(keys)
    height = 180
    name = f"Number of events per period, {len(events)} in all"
    parts = [
        f'<svg class="dossier-timeline" {XLINK} viewBox="0 0 {width} {height + 30}" '
        f'width="{width}" height="{height + 30}" role="group" '
        f'aria-label="{html.escape(name, quote=True)}">'
    ]
    for i, key in enumerate(keys):
        x = MARGIN + i * bar
        y = float(height)
        total = sum(periods[key].values())
        link = html.escape("#" + key, quote=True)
        pieces = [f"<title>{html.escape(labels[key])}: {total} events</title>"]
        for status in STATUS_ORDER:
            count = periods[key].get(status, 0)
            if not count:
                continue
            h = count / biggest * (height - 20)
            y -= h
            pieces.append(
                f'<rect class="{mark_class(STATUSES, status)}" x="{x + 1:.1f}" y="{y:.1f}" '
                f'width="{max(bar - 2, 1):.1f}" height="{h:.1f}"/>'
            )
        parts.append(
            f'<a xlink:href="{link}" aria-label="{html.escape(labels[key], quote=True)}: '
            f'{total} events">' + "".join(pieces) + "</a>"
        )
    step = max(1, math.ceil(len(keys) * 110 / (width - 2 * MARGIN)))
    for i in range(0, len(keys), step):
        parts.append(
            f'<text class="dossier-tl-label" x="{MARGIN + i * bar:.1f}" '
            f'y="{height + 18}">{html.escape(labels[keys[i]])}</text>'
        )
    parts.append("</svg>")
    return chart_frame("".join(parts), f"timeline-{chart_id}", scroll=f"{name} (scrolls sideways)")
