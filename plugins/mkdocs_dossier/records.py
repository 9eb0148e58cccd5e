"""Typed, immutable records: what ``validate`` produces and later stages read."""

from __future__ import annotations

from dataclasses import dataclass, field

from .edtf import EdtfDate


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    locator: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    entity: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    entity: str
    relation: str
    start: EdtfDate | None = None
    end: EdtfDate | None = None
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Fields every kind has. ``mentions`` are the ids its wikilinks name."""

    id: str
    path: str
    tags: tuple[str, ...] = ()
    description: str | None = None
    mentions: tuple[str, ...] = field(default=(), compare=False)

    kind = "record"

    @property
    def label(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity(Record):
    type: str
    name: str
    summary: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    website: str | None = None
    wikidata: str | None = None
    relations: tuple[Relation, ...] = ()
    sources: tuple[Citation, ...] = ()

    kind = "entity"

    @property
    def label(self) -> str:
        return self.name


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement(Record):
    speaker: str
    date: EdtfDate
    type: str
    quote: str | None = None
    attribution: str | None = None
    summary: str | None = None
    venue: str | None = None
    context: str | None = None
    about: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()

    kind = "statement"

    @property
    def label(self) -> str:
        """A statement has no title: its summary, else the start of its quote."""
        if self.summary:
            return self.summary
        if self.quote:
            words = self.quote.split()
            text = " ".join(words[:12])
            return f"“{text}…”" if len(words) > 12 else f"“{text}”"
        return self.type.replace("-", " ").capitalize()


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(Record):
    title: str
    type: str
    published: EdtfDate
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    archive_url: str | None = None
    accessed: EdtfDate | None = None
    language: str | None = None
    based_on: tuple[str, ...] = ()

    kind = "source"

    @property
    def label(self) -> str:
        return self.title


AnyRecord = Entity | Event | Statement | Source
RECORD_CLASSES: dict[str, type[Record]] = {
    "entity": Entity,
    "event": Event,
    "statement": Statement,
    "source": Source,
}
