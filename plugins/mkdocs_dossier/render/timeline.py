"""The timeline chart: events on a time axis, as SVG drawn at build time.

A date known to the day is a mark; a fuzzy date (a month, a season, an
interval) is a band from its earliest to its latest possible day, so
"Autumn 2024" reads as a stretch, not a point. Shape and colour both say
the status (colour alone would fail readers who cannot tell them apart).
Past ``CLUSTER_OVER`` events the chart counts events per period instead,
each bar linking to that period in the list below it.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..kinds.event import Event
from .graph import XLINK

WIDTH = 1000
MARGIN = 24
LANE = 26
AXIS = 34
LABEL_CHARS = 34
CHAR_WIDTH = 8.2
LABEL_OVER = 40  # more events than this: marks without labels
CLUSTER_OVER = 400  # more than this: counts per period
STATUS_ORDER = ("confirmed", "reported", "alleged", "disputed", "refuted")
SHAPES = {
    "confirmed": "circle",
    "reported": "square",
    "alleged": "triangle",
    "disputed": "diamond",
    "refuted": "cross",
}


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
    if (end - start).days < 60:
        pad = datetime.timedelta(days=30)
        start, end = start - pad, end + pad
    return start, end


def place(
    events: Sequence[Event],
    labels: bool,
    window: tuple[datetime.date, datetime.date] | None = None,
) -> tuple[list[Mark], int]:
    """Put each event in the first lane where it (and its label) fits."""
    start, end = domain(events, window)
    scale = (WIDTH - 2 * MARGIN) / max(1, _days(end) + 1 - _days(start))

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
        width = min(len(event.title), LABEL_CHARS) * CHAR_WIDTH if labels else 0
        # The label goes right of the mark, else left of it, else inside the band.
        if x1 + 8 + width <= WIDTH - 4:
            label_x, anchor, left, right = x1 + 8, "start", x0, x1 + 8 + width
        elif x0 - 8 - width >= 4:
            label_x, anchor, left, right = x0 - 8, "end", x0 - 8 - width, x1
        else:
            label_x, anchor, left, right = x0 + 10, "start", x0, max(x1, x0 + 10 + width)
        for lane, free_from in enumerate(lanes):
            if free_from <= left - 6:
                lanes[lane] = right
                break
        else:
            lanes.append(right)
            lane = len(lanes) - 1
        marks.append(Mark(event.id, x0, x1, lane, span, label_x, anchor))
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
    shape = SHAPES.get(status, "circle")
    if shape == "square":
        return f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{cx:.1f},{cy - r - 1:.1f} {cx + r + 1:.1f},{cy + r:.1f} '
            f'{cx - r - 1:.1f},{cy + r:.1f}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{cx:.1f},{cy - r - 1:.1f} {cx + r + 1:.1f},{cy:.1f} '
            f'{cx:.1f},{cy + r + 1:.1f} {cx - r - 1:.1f},{cy:.1f}"/>'
        )
    if shape == "cross":
        return (
            f'<path d="M{cx - r:.1f} {cy - r:.1f}L{cx + r:.1f} {cy + r:.1f}M{cx + r:.1f} '
            f'{cy - r:.1f}L{cx - r:.1f} {cy + r:.1f}" stroke-width="3"/>'
        )
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}"/>'


def legend() -> Markup:
    items = []
    for status in STATUS_ORDER:
        items.append(
            f'<span class="dossier-legend__item"><svg viewBox="0 0 14 14" width="14" '
            f'height="14" aria-hidden="true"><g class="dossier-status-{status}">'
            f"{_shape(status, 7, 7, 4.5)}</g></svg> {status.capitalize()}</span>"
        )
    items.append(
        '<span class="dossier-legend__item"><svg viewBox="0 0 28 14" width="28" '
        'height="14" aria-hidden="true"><rect class="dossier-tl-band" x="1" y="3" '
        'width="26" height="8" rx="2"/></svg> Uncertain span</span>'
    )
    return Markup('<p class="dossier-legend">' + "".join(items) + "</p>")


def timeline_svg(
    events: Sequence[Event],
    href: Callable[[str], str],
    period_anchor: Callable[[Event], str],
    window: tuple[datetime.date, datetime.date] | None = None,
    chart_id: str = "all",
) -> Markup:
    """The chart as inline SVG; ``href(id)`` links marks, ``period_anchor``
    names the list section of an event (used when clustering). ``window``
    fixes the time axis (a year's chart); without it the axis spans the events
    and labels are drawn only when the span is short enough to read them."""
    dated = [e for e in events if e.date.earliest or e.date.latest]
    if not dated:
        return Markup("")
    if len(dated) > CLUSTER_OVER:
        return _clusters(dated, period_anchor)
    start, end = domain(dated, window)
    labels = len(dated) <= LABEL_OVER and (window is not None or (end - start).days < 2 * 366)
    marks, lanes = place(dated, labels, window)
    lane_height = LANE if labels else LANE * 0.6
    height = AXIS + lanes * lane_height + 12
    by_id = {e.id: e for e in dated}
    parts = [
        f'<svg class="dossier-timeline" {XLINK} viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="dossier-timeline-{chart_id}" data-dossier-zoom>'
        f'<title id="dossier-timeline-{chart_id}">Timeline of {len(dated)} events, '
        f"{html.escape(start.isoformat())} to {html.escape(end.isoformat())}; "
        "the list below gives the same events in order</title>",
        '<g class="dossier-zoom-layer">',
    ]
    scale = (WIDTH - 2 * MARGIN) / max(1, _days(end) + 1 - _days(start))
    parts.append(
        f'<line class="dossier-tl-axis" x1="{MARGIN}" y1="{AXIS - 8}" '
        f'x2="{WIDTH - MARGIN}" y2="{AXIS - 8}"/>'
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
            text = (
                event.title
                if len(event.title) <= LABEL_CHARS
                else (event.title[: LABEL_CHARS - 1] + "…")
            )
            body.append(
                f'<text class="dossier-tl-text" x="{mark.label_x:.1f}" '
                f'y="{cy + 5:.1f}" text-anchor="{mark.label_anchor}">'
                f"{html.escape(text)}</text>"
            )
        parts.append(
            f'<a class="dossier-status-{status}" xlink:href="{link}" '
            f'data-event="{html.escape(event.id, quote=True)}">' + "".join(body) + "</a>"
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))


def _clusters(events: Sequence[Event], period_anchor: Callable[[Event], str]) -> Markup:
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
    bar = (WIDTH - 2 * MARGIN) / len(keys)
    height = 180
    parts = [
        f'<svg class="dossier-timeline" {XLINK} viewBox="0 0 {WIDTH} {height + 30}" role="img" '
        f'aria-label="Number of events per period, {len(events)} in all; the list below '
        'gives them in order" data-dossier-zoom><g class="dossier-zoom-layer">'
    ]
    for i, key in enumerate(keys):
        x = MARGIN + i * bar
        y = height
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
                f'<rect class="dossier-bar-{status}" x="{x + 1:.1f}" y="{y:.1f}" '
                f'width="{max(bar - 2, 1):.1f}" height="{h:.1f}"/>'
            )
        parts.append(f'<a xlink:href="{link}">' + "".join(pieces) + "</a>")
    step = max(1, len(keys) // 12)
    for i in range(0, len(keys), step):
        parts.append(
            f'<text class="dossier-tl-label" x="{MARGIN + i * bar:.1f}" '
            f'y="{height + 18}">{html.escape(labels[keys[i]])}</text>'
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))
