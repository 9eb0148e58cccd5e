"""The record format as data: the one definition the validator, the JSON
Schemas, the skeletons of ``dossier new`` and the documentation all read.

Each kind is a tuple of ``FieldSpec``; nested values (citations,
participants, relations) are ``StructSpec``. Nothing else in the package
lists field names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FieldType(StrEnum):
    LINE = "line"  # one line of plain text
    TAG = "tag"  # a short label: letters, digits, spaces, . ' -
    TEXT = "text"  # plain text, may span lines
    MARKDOWN = "markdown"  # Markdown with [[wikilinks]]
    CHOICE = "choice"  # one value of a vocabulary
    DATE = "date"  # EDTF, levels 0-1
    URL = "url"  # http(s) only
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    LANGUAGE = "language"  # BCP 47
    WIKIDATA = "wikidata"  # Q-id
    REF = "ref"  # one record id of the kinds in ``targets``
    LIST = "list"  # list of ``item``
    STRUCT = "struct"  # mapping described by ``struct``


@dataclass(frozen=True, slots=True)
class StructSpec:
    """A nested mapping; ``shorthand`` names the field a bare string stands for."""

    name: str
    fields: tuple[FieldSpec, ...]
    shorthand: str | None = None
    doc: str = ""

    def field_named(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: FieldType
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    item: FieldSpec | None = None
    struct: StructSpec | None = None
    min_items: int = 0
    example: str = ""


@dataclass(frozen=True, slots=True)
class KindSpec:
    kind: str
    folder: str
    fields: tuple[FieldSpec, ...]
    doc: str
    label_field: str
    required_unless: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def field_named(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)


ENTITY_TYPES = ("person", "organization", "company", "government", "media", "product", "place")
EVENT_STATUSES = ("confirmed", "reported", "alleged", "disputed", "refuted")
STATEMENT_TYPES = ("allegation", "denial", "confirmation", "comment", "no-comment", "no-response")
SOURCE_TYPES = (
    "news",
    "report",
    "interview",
    "broadcast",
    "press-release",
    "document",
    "social-post",
    "web-page",
)
#: Statement types that record silence and so carry no quote.
QUOTELESS_STATEMENT_TYPES = ("no-comment", "no-response")

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 100
RESERVED_IDS = ("index",)


def _line(name: str, doc: str, required: bool = False, example: str = "") -> FieldSpec:
    return FieldSpec(name, FieldType.LINE, doc, required, example=example)


def _ref(name: str, doc: str, targets: tuple[str, ...], required: bool = False) -> FieldSpec:
    return FieldSpec(name, FieldType.REF, doc, required, targets=targets)


def _refs(name: str, doc: str, targets: tuple[str, ...]) -> FieldSpec:
    item = FieldSpec("id", FieldType.REF, doc, True, targets=targets)
    return FieldSpec(name, FieldType.LIST, doc, item=item)


def _lines(name: str, doc: str) -> FieldSpec:
    return FieldSpec(name, FieldType.LIST, doc, item=FieldSpec("item", FieldType.LINE, doc, True))


def _date(name: str, doc: str, required: bool = False, example: str = "") -> FieldSpec:
    return FieldSpec(name, FieldType.DATE, doc, required, example=example)


CITATION = StructSpec(
    "citation",
    (
        _ref("source", "the source record cited", ("source",), required=True),
        _line("locator", 'where in the source, e.g. "para. 4"'),
        FieldSpec("quote", FieldType.TEXT, "a verbatim excerpt supporting the claim"),
    ),
    shorthand="source",
    doc="a source id, or {source, locator, quote}",
)


def _citations(doc: str, required: bool = False) -> FieldSpec:
    item = FieldSpec("citation", FieldType.STRUCT, "a citation", True, struct=CITATION)
    return FieldSpec(
        "sources", FieldType.LIST, doc, required, item=item, min_items=1 if required else 0
    )


PARTICIPANT = StructSpec(
    "participant",
    (
        _ref("entity", "the entity taking part", ("entity",), required=True),
        _line("role", 'its role, e.g. "investigator"'),
    ),
    shorthand="entity",
    doc="an entity id, or {entity, role}",
)

RELATION = StructSpec(
    "relation",
    (
        _ref("entity", "the other entity", ("entity",), required=True),
        _line(
            "relation", 'read as "<this> — <relation> — <entity>", e.g. "founded"', required=True
        ),
        _date("start", "when the relation began (EDTF)"),
        _date("end", "when it ended (EDTF)"),
        _citations("sources for the relation"),
    ),
    doc="{entity, relation, start, end, sources}",
)

_TAGS = FieldSpec(
    "tags",
    FieldType.LIST,
    "topics a reader can follow",
    item=FieldSpec("tag", FieldType.TAG, "a short label, e.g. export-controls", True),
)
TAG_PATTERN = r"^[^\W_][\w .'-]{0,49}$"
_DESCRIPTION = FieldSpec(
    "description", FieldType.MARKDOWN, "longer Markdown text; link records with `[[id]]`"
)

ENTITY = KindSpec(
    "entity",
    "entities",
    (
        FieldSpec("type", FieldType.CHOICE, "what kind of entity", True, choices=ENTITY_TYPES),
        _line("name", "display name", required=True),
        _lines("aliases", "other names, searchable"),
        _line("summary", "one plain-text line", required=True),
        FieldSpec("country", FieldType.COUNTRY, "ISO 3166-1 alpha-2 code, e.g. US"),
        FieldSpec("website", FieldType.URL, "http(s) URL"),
        FieldSpec("wikidata", FieldType.WIKIDATA, "Wikidata item id, e.g. Q42"),
        FieldSpec(
            "relations",
            FieldType.LIST,
            "relations to other entities",
            item=FieldSpec("relation", FieldType.STRUCT, "a relation", True, struct=RELATION),
        ),
        _citations("citations"),
        _TAGS,
        _DESCRIPTION,
    ),
    "a person, organisation, company, government, outlet, product or place",
    "name",
)

EVENT = KindSpec(
    "event",
    "events",
    (
        _line("title", "one line", required=True),
        _date("date", "when it happened (EDTF)", required=True, example="2025-01-28"),
        FieldSpec(
            "status", FieldType.CHOICE, "how well established it is", True, choices=EVENT_STATUSES
        ),
        _line("summary", "one plain-text line", required=True),
        FieldSpec(
            "participants",
            FieldType.LIST,
            "entities taking part",
            item=FieldSpec(
                "participant", FieldType.STRUCT, "a participant", True, struct=PARTICIPANT
            ),
        ),
        _line("location", "where it happened"),
        _refs("related", "related events", ("event",)),
        _citations("at least one citation", required=True),
        _TAGS,
        _DESCRIPTION,
    ),
    "something that happened, with a date and a status",
    "title",
)

STATEMENT = KindSpec(
    "statement",
    "statements",
    (
        _ref("speaker", "who said it (entity id)", ("entity",), required=True),
        _line("attribution", 'how the source attributes it, e.g. "an OpenAI spokesperson"'),
        _date("date", "when it was said (EDTF)", required=True, example="2025-01-28"),
        FieldSpec(
            "type", FieldType.CHOICE, "what kind of statement", True, choices=STATEMENT_TYPES
        ),
        FieldSpec("quote", FieldType.TEXT, "the verbatim words"),
        _line("summary", "one plain-text line"),
        _ref("venue", "entity where it was said, e.g. a broadcaster", ("entity",)),
        FieldSpec("context", FieldType.TEXT, 'e.g. "Speaking to Fox News"'),
        _refs("about", "entities or events it is about", ("entity", "event")),
        _refs("responds_to", "statements or events it answers", ("statement", "event")),
        _citations("at least one citation", required=True),
        _TAGS,
        _DESCRIPTION,
    ),
    "words someone said (or their silence), dated and attributed",
    "summary",
    required_unless={"quote": ("type", QUOTELESS_STATEMENT_TYPES)},
)

SOURCE = KindSpec(
    "source",
    "sources",
    (
        _line("title", "as published", required=True),
        FieldSpec("type", FieldType.CHOICE, "what kind of source", True, choices=SOURCE_TYPES),
        _ref("publisher", "the publishing entity", ("entity",)),
        _lines("authors", "names of the authors"),
        _date("published", "publication date (EDTF)", required=True, example="2025-01-29"),
        FieldSpec("url", FieldType.URL, "http(s) URL"),
        FieldSpec("archive_url", FieldType.URL, "http(s) URL of an archived copy"),
        _date("accessed", "when it was read (EDTF)"),
        FieldSpec("language", FieldType.LANGUAGE, "BCP 47 tag, e.g. en"),
        _refs("based_on", "sources this one relays (provenance)", ("source",)),
        _TAGS,
        _DESCRIPTION,
    ),
    "a publication that records cite",
    "title",
)

KINDS: dict[str, KindSpec] = {spec.kind: spec for spec in (ENTITY, EVENT, STATEMENT, SOURCE)}
FOLDER_KINDS: dict[str, str] = {spec.folder: spec.kind for spec in KINDS.values()}
