"""entity — a person, organisation, company, government, outlet, product or place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..edtf import EdtfDate
from ..records import Citation, Record
from ..spec import (
    FieldSpec,
    FieldType,
    StructSpec,
    choice,
    citations,
    date,
    line,
    lines,
    ref,
    structs,
)
from ..vocab import Term, Vocabulary
from .base import Kind

ENTITY_TYPES = Vocabulary(
    "entity-type",
    (
        Term(
            "person",
            "Person",
            "an individual",
            "People",
            "material/account",
            "circle",
            "blue",
            "Person",
        ),
        Term(
            "organization",
            "Organization",
            "a non-commercial body outside government: a nonprofit, an association, a research "
            "institute",
            "Organizations",
            "material/account-group",
            "hexagon",
            "teal",
            "Organization",
        ),
        Term(
            "company",
            "Company",
            "a business",
            "Companies",
            "material/office-building",
            "square",
            "orange",
            "Corporation",
        ),
        Term(
            "government",
            "Government",
            "a government or one of its parts: an office, agency, legislature, committee or "
            "armed service",
            "Governments",
            "material/bank",
            "triangle",
            "purple",
            "GovernmentOrganization",
        ),
        Term(
            "media",
            "Media",
            "a news outlet or publisher",
            "Media",
            "material/newspaper-variant",
            "diamond",
            "red",
            "NewsMediaOrganization",
        ),
        Term(
            "product",
            "Product",
            "a model, app, service or other product",
            "Products",
            "material/package-variant",
            "pentagon",
            "green",
            "Product",
        ),
        Term(
            "place",
            "Place",
            "a country, city or site",
            "Places",
            "material/map-marker",
            "pin",
            "grey",
            "Place",
        ),
    ),
    "what kind of entity",
    " (a site adds its own types with the dossier plugin's entity_types option)",
)


@dataclass(frozen=True, slots=True)
class Relation:
    """``<entity> — <relation> — <other entity>``, with its span and sources."""

    entity: str
    relation: str
    start: EdtfDate | None = None
    end: EdtfDate | None = None
    sources: tuple[Citation, ...] = ()


RELATION = StructSpec(
    "relation",
    (
        ref("entity", "the other entity", ("entity",), "relation", required=True),
        line("relation", 'read as "<this> — <relation> — <entity>", e.g. "founded"', True),
        date("start", "when the relation began (EDTF)"),
        date("end", "when it ended (EDTF)"),
        citations("sources for the relation"),
    ),
    Relation,
    detail="relation",
    doc="{entity, relation, start, end, sources}",
)


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


def _by_type(index: Any, entities: list[Entity]) -> list[tuple[str, list[Any]]]:
    vocabulary = index.registry.kinds["entity"].vocabulary("type")
    order = {value: i for i, value in enumerate(vocabulary)}
    groups: dict[str, list[Entity]] = {}
    for entity in sorted(entities, key=lambda e: (order.get(e.type, len(order)), e.type)):
        groups.setdefault(entity.type, []).append(entity)
    return [(vocabulary.term(value).plural, members) for value, members in groups.items()]


def _names(record: Record) -> tuple[str, ...]:
    assert isinstance(record, Entity)
    return (record.name, *record.aliases)


def _json_ld(record: Entity, ld: Any) -> dict[str, object]:
    term = ld.registry.kinds["entity"].vocabulary("type").term(record.type)
    data: dict[str, object] = {
        "@type": term.schema_type or "Thing",
        "name": record.name,
        "description": record.summary,
    }
    if record.aliases:
        data["alternateName"] = list(record.aliases)
    same = [f"https://www.wikidata.org/wiki/{record.wikidata}"] if record.wikidata else []
    if record.website:
        same.append(record.website)
    if same:
        data["sameAs"] = same
    return data


KIND = Kind(
    name="entity",
    folder="entities",
    plural="Entities",
    record=Entity,
    fields=(
        choice("type", "what kind of entity", ENTITY_TYPES),
        line("name", "display name", required=True),
        lines("aliases", "other names, searchable"),
        line("summary", "one plain-text line", required=True),
        FieldSpec("country", FieldType.COUNTRY, "ISO 3166-1 alpha-2 code, e.g. US"),
        FieldSpec("website", FieldType.URL, "http(s) URL"),
        FieldSpec("wikidata", FieldType.WIKIDATA, "Wikidata item id, e.g. Q42"),
        structs("relations", "relations to other entities", RELATION),
        citations("citations"),
    ),
    doc="a person, organisation, company, government, outlet, product or place",
    index_doc="The people, organizations and places in this dossier, by type.",
    badge_field="type",
    group=_by_type,
    json_ld=_json_ld,
    schema_type="Thing",
    names=_names,
)
