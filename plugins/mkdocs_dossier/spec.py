"""The building blocks of the record format: field and struct specs.

A kind (``kinds/``) declares its fields as a tuple of ``FieldSpec``;
nested values (citations, participants, relations, corrections) are
``StructSpec``. The validator, the link index, the JSON Schemas, the
skeletons of ``dossier new``, the exports and the data dictionary all read
these specs; nothing else lists field names.

A reference field names the ``role`` its target plays for the link index
("the participant of", "the speaker of"); a struct names the field whose
value is the backlink's ``detail`` (a participant's role, a relation's
wording).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .vocab import Vocabulary


class FieldType(StrEnum):
    LINE = "line"  # one line of plain text
    TAG = "tag"  # a short label, one line
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
    """A nested mapping, built into ``cls``.

    ``shorthand`` names the field a bare string stands for (a citation may
    be just a source id); ``detail`` names the field carried as the
    backlink's detail when the struct's reference is indexed.
    """

    name: str
    fields: tuple[FieldSpec, ...]
    cls: type[Any]
    shorthand: str | None = None
    detail: str | None = None
    doc: str = ""

    def field_named(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field: its name, type, meaning, and what it may hold."""

    name: str
    type: FieldType
    doc: str
    required: bool = False
    vocabulary: Vocabulary | None = None
    targets: tuple[str, ...] = ()
    role: str | None = None
    item: FieldSpec | None = None
    struct: StructSpec | None = None
    min_items: int = 0
    example: str = ""

    @property
    def choices(self) -> tuple[str, ...]:
        return self.vocabulary.values if self.vocabulary is not None else ()


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 100
RESERVED_IDS = ("index",)
TAG_MAX_LENGTH = 60


def line(name: str, doc: str, required: bool = False, example: str = "") -> FieldSpec:
    return FieldSpec(name, FieldType.LINE, doc, required, example=example)


def text(name: str, doc: str, required: bool = False) -> FieldSpec:
    return FieldSpec(name, FieldType.TEXT, doc, required)


def choice(name: str, doc: str, vocabulary: Vocabulary, required: bool = True) -> FieldSpec:
    return FieldSpec(name, FieldType.CHOICE, doc, required, vocabulary=vocabulary)


def ref(
    name: str, doc: str, targets: tuple[str, ...], role: str, required: bool = False
) -> FieldSpec:
    return FieldSpec(name, FieldType.REF, doc, required, targets=targets, role=role)


def refs(name: str, doc: str, targets: tuple[str, ...], role: str) -> FieldSpec:
    item = FieldSpec("id", FieldType.REF, doc, True, targets=targets, role=role)
    return FieldSpec(name, FieldType.LIST, doc, item=item)


def lines(name: str, doc: str) -> FieldSpec:
    return FieldSpec(name, FieldType.LIST, doc, item=FieldSpec("item", FieldType.LINE, doc, True))


def date(name: str, doc: str, required: bool = False, example: str = "") -> FieldSpec:
    return FieldSpec(name, FieldType.DATE, doc, required, example=example)


def structs(name: str, doc: str, struct: StructSpec, required: bool = False) -> FieldSpec:
    item = FieldSpec(struct.name, FieldType.STRUCT, f"a {struct.name}", True, struct=struct)
    return FieldSpec(name, FieldType.LIST, doc, required, item=item, min_items=int(required))


@dataclass(frozen=True, slots=True)
class Citation:
    """A source cited, with where in it and the words that support the claim."""

    source: str
    locator: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """A published change of a record's meaning."""

    date: Any  # EdtfDate
    note: str


CITATION = StructSpec(
    "citation",
    (
        ref("source", "the source record cited", ("source",), "citation", required=True),
        line("locator", 'where in the source, e.g. "para. 4"'),
        text("quote", "a verbatim excerpt supporting the claim"),
    ),
    Citation,
    shorthand="source",
    doc="a source id, or {source, locator, quote}",
)

CORRECTION = StructSpec(
    "correction",
    (
        date("date", "when the correction was published (EDTF)", required=True),
        line("note", "what changed and why, in one line", required=True),
    ),
    Correction,
    doc="{date, note}",
)


def citations(doc: str, required: bool = False) -> FieldSpec:
    return structs("sources", doc, CITATION, required)


#: Fields every kind has, after its own.
COMMON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "tags",
        FieldType.LIST,
        "topics a reader can follow",
        item=FieldSpec("tag", FieldType.TAG, "a short label, e.g. export controls", True),
    ),
    FieldSpec("description", FieldType.MARKDOWN, "longer Markdown text; link records with [[id]]"),
    structs("corrections", "published changes of meaning, each {date, note}", CORRECTION),
)
