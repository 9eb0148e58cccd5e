"""What a kind of record declares, once: ``Kind``.

A kind names its folder, its fields (the schema), its record class, its
vocabularies (through its choice fields), how it is dated, badged, titled
and listed, how its index page groups it, and how it maps to schema.org.
Every stage loops over the registry (``kinds.registry``) and reads these.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..records import Record
from ..spec import COMMON_FIELDS, FieldSpec, FieldType
from ..vocab import Term, Vocabulary

if TYPE_CHECKING:
    from ..link import LinkIndex

#: Looks up the short label of a record id (its name or title).
LabelOf = Callable[[str], str]


def plain_title(record: Record, label_of: LabelOf) -> str:
    return record.label


def no_names(record: Record) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class Kind:
    """One kind of record and everything the stages need to know about it.

    ``fields`` are the kind's own; ``all_fields`` adds the common ones
    (tags, description, corrections). ``date_field`` orders records in
    time; ``badge_field`` is the choice shown as a badge in lists;
    ``required_unless`` maps a field to (choice field, values exempting
    it). ``group`` arranges records for the kind's index page as
    ``[(heading, anchor, records)]``; ``json_ld`` gives the schema.org
    description of one record, from a ``Linked`` helper. ``names`` are what
    a reader searches a record by (an entity's name and aliases): its page
    ranks first for each.
    """

    name: str
    folder: str
    plural: str
    record: type[Record]
    fields: tuple[FieldSpec, ...]
    doc: str
    index_doc: str
    date_field: str | None = None
    #: A claim (events, statements): its sourcing is checked and counted.
    claim: bool = False
    badge_field: str | None = None
    required_unless: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    title: Callable[[Record, LabelOf], str] = plain_title
    group: Callable[[LinkIndex, list[Any]], list[tuple[str, list[Any]]]] | None = None
    json_ld: Callable[[Any, Any], dict[str, object]] | None = None
    schema_type: str = "CreativeWork"
    names: Callable[[Record], tuple[str, ...]] = no_names

    def __post_init__(self) -> None:
        _check_record_class(self)

    @property
    def all_fields(self) -> tuple[FieldSpec, ...]:
        return self.fields + COMMON_FIELDS

    @property
    def template(self) -> str:
        """The template of a record page: ``entity.md.j2``."""
        return f"{self.name}.md.j2"

    @property
    def index_template(self) -> str:
        """The template of the kind's index page: ``entities.md.j2``."""
        return f"{self.folder}.md.j2"

    def field_named(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.all_fields if spec.name == name), None)

    def vocabulary(self, name: str) -> Vocabulary:
        spec = self.field_named(name)
        assert spec is not None and spec.vocabulary is not None, name
        return spec.vocabulary

    def badge(self, record: Record) -> tuple[Vocabulary, Term] | None:
        """The vocabulary and term a record is badged with in lists."""
        if self.badge_field is None:
            return None
        vocabulary = self.vocabulary(self.badge_field)
        return vocabulary, vocabulary.term(getattr(record, self.badge_field))

    def date(self, record: Record) -> Any:
        """The record's date (an ``EdtfDate``), or None for undated kinds."""
        return getattr(record, self.date_field) if self.date_field else None

    def choice_fields(self) -> Iterator[FieldSpec]:
        return (spec for spec in self.all_fields if spec.type is FieldType.CHOICE)

    def with_vocabulary(self, name: str, vocabulary: Vocabulary) -> Kind:
        """This kind with the choice field ``name`` drawing on ``vocabulary``."""
        fields = tuple(
            dataclasses.replace(spec, vocabulary=vocabulary) if spec.name == name else spec
            for spec in self.fields
        )
        return dataclasses.replace(self, fields=fields)


def _check_record_class(kind: Kind) -> None:
    """A record class must hold exactly its kind's fields: a field declared
    in one place and not the other fails here, at import."""
    declared = {spec.name for spec in kind.all_fields}
    base = {"id", "path", "mentions"}
    attributes = {f.name for f in dataclasses.fields(kind.record)} - base
    if declared != attributes:
        missing = sorted(declared - attributes)
        extra = sorted(attributes - declared)
        raise TypeError(
            f"{kind.record.__name__} does not match the {kind.name} fields: "
            f"missing attributes {missing}, undeclared attributes {extra}"
        )
    for spec in kind.all_fields:
        struct = spec.struct or (spec.item.struct if spec.item else None)
        if struct is not None:
            names = {f.name for f in dataclasses.fields(struct.cls)}
            if names != {s.name for s in struct.fields}:
                raise TypeError(f"{struct.cls.__name__} does not match the {struct.name} fields")
