"""event — something that happened, with a date and a status."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from ..edtf import EdtfDate
from ..records import Citation, Record
from ..spec import StructSpec, choice, citations, date, line, ref, refs, structs
from ..vocab import Term, Vocabulary
from .base import Kind

STATUSES = Vocabulary(
    "event-status",
    (
        Term(
            "confirmed",
            "Confirmed",
            "established by primary evidence, or by several independent reports of the fact itself",
            icon="material/check-decagram",
            shape="circle",
            colour="green",
        ),
        Term(
            "reported",
            "Reported",
            "reported by news media on the word of others (unnamed people, documents the reader "
            "cannot see) and not independently established",
            icon="material/newspaper-variant-outline",
            shape="square",
            colour="blue",
        ),
        Term(
            "alleged",
            "Alleged",
            "a party claims wrongdoing, and the claim is not proven",
            icon="material/alert-outline",
            shape="triangle",
            colour="orange",
        ),
        Term(
            "disputed",
            "Disputed",
            "an alleged or reported event that another party contests, with evidence or with a "
            "denial on record",
            icon="material/scale-balance",
            shape="diamond",
            colour="purple",
        ),
        Term(
            "refuted",
            "Refuted",
            "shown false by stronger evidence",
            icon="material/close-octagon-outline",
            shape="cross",
            colour="red",
        ),
    ),
    "how well established an event is",
)


@dataclass(frozen=True, slots=True)
class Participant:
    """An entity taking part in an event, in an optional role."""

    entity: str
    role: str | None = None


PARTICIPANT = StructSpec(
    "participant",
    (
        ref("entity", "the entity taking part", ("entity",), "participant", required=True),
        line("role", 'its role, e.g. "investigator"'),
    ),
    Participant,
    shorthand="entity",
    detail="role",
    doc="an entity id, or {entity, role}",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Record):
    title: str
    date: EdtfDate
    status: str
    summary: str
    participants: tuple[Participant, ...] = ()
    location: str | None = None
    related: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()

    kind = "event"

    @property
    def label(self) -> str:
        return self.title


def year_of(event: Event) -> str:
    earliest = event.date.earliest
    return str(earliest.year) if earliest else "Undated"


def month_of(event: Event) -> str:
    earliest = event.date.earliest
    if earliest is None or event.date.precision == "year":
        return ""
    return earliest.strftime("%B %Y")


def by_period(index: Any, events: list[Event]) -> list[tuple[str, list[tuple[str, list[Event]]]]]:
    """Events by year, then month of their earliest possible day."""
    years = []
    for year, in_year in groupby(events, key=year_of):
        months = [(month, list(group)) for month, group in groupby(in_year, key=month_of)]
        years.append((year, months))
    return years


def _json_ld(record: Event, ld: Any) -> dict[str, object]:
    data: dict[str, object] = {
        "@type": "Event",
        "name": record.title,
        "description": record.summary,
        "startDate": ld.iso(record.date.earliest),
        "endDate": ld.iso(record.date.latest),
        "temporalCoverage": record.date.text,
    }
    if record.location:
        data["location"] = {"@type": "Place", "name": record.location}
    if record.participants:
        data["performer"] = [ld.thing(p.entity) for p in record.participants]
    return data


KIND = Kind(
    name="event",
    folder="events",
    plural="Events",
    record=Event,
    fields=(
        line("title", "one line", required=True),
        date("date", "when it happened (EDTF)", required=True, example="2025-01-28"),
        choice("status", "how well established it is", STATUSES),
        line("summary", "one plain-text line", required=True),
        structs("participants", "entities taking part", PARTICIPANT),
        line("location", "where it happened"),
        refs("related", "related events", ("event",), "related"),
        citations("at least one citation", required=True),
    ),
    doc="something that happened, with a date and a status",
    index_doc="The timeline: every event in date order.",
    date_field="date",
    claim=True,
    badge_field="status",
    group=by_period,
    json_ld=_json_ld,
    schema_type="Event",
)
