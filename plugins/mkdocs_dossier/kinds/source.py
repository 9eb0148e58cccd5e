"""source — a publication that records cite."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..edtf import EdtfDate
from ..records import Record
from ..spec import FieldSpec, FieldType, choice, date, line, lines, ref, refs
from ..vocab import Term, Vocabulary
from .base import Kind

SOURCE_TYPES = Vocabulary(
    "source-type",
    (
        Term(
            "news",
            "News",
            "a news article",
            "News",
            "material/newspaper",
            schema_type="NewsArticle",
        ),
        Term(
            "report",
            "Report",
            "a study or report by an organisation",
            icon="material/file-chart-outline",
            schema_type="Report",
        ),
        Term(
            "interview",
            "Interview",
            "an interview, printed or recorded",
            icon="material/account-voice",
        ),
        Term(
            "broadcast",
            "Broadcast",
            "a radio or television programme",
            icon="material/television-classic",
        ),
        Term(
            "press-release",
            "Press release",
            "a statement an organisation publishes itself",
            icon="material/bullhorn-outline",
            schema_type="NewsArticle",
        ),
        Term(
            "document",
            "Document",
            "a primary document: a filing, a letter, a court paper, a bill",
            icon="material/file-document-outline",
            schema_type="DigitalDocument",
        ),
        Term(
            "social-post",
            "Social post",
            "a post on a social network",
            icon="material/message-outline",
            schema_type="SocialMediaPosting",
        ),
        Term(
            "web-page", "Web page", "any other web page", icon="material/web", schema_type="WebPage"
        ),
    ),
    "what kind of source",
)
#: Source types that are primary evidence in themselves.
PRIMARY_TYPES = ("document", "press-release")


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


def _json_ld(record: Source, ld: Any) -> dict[str, object]:
    data: dict[str, object] = {
        "@type": SOURCE_TYPES.term(record.type).schema_type or "CreativeWork",
        "headline": record.title,
        "name": record.title,
        "datePublished": record.published.text,
    }
    if record.url:
        data["sameAs"] = record.url
    if record.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in record.authors]
    if record.publisher:
        data["publisher"] = ld.thing(record.publisher)
    if record.language:
        data["inLanguage"] = record.language
    if record.based_on:
        data["isBasedOn"] = [ld.thing(sid) for sid in record.based_on]
    return data


def by_publisher(index: Any, sources: list[Source]) -> list[tuple[str, list[Source]]]:
    """Sources grouped by publisher (by name; unpublished last), each group by date."""
    groups: dict[str, list[Source]] = {}
    for source in sources:
        groups.setdefault(source.publisher or "", []).append(source)
    named = sorted((g for g in groups if g), key=lambda g: index.label(g).casefold())
    ordered = [(index.label(g), groups[g]) for g in named]
    if "" in groups:
        ordered.append(("No publisher named", groups[""]))
    return ordered


KIND = Kind(
    name="source",
    folder="sources",
    plural="Sources",
    record=Source,
    fields=(
        line("title", "as published", required=True),
        choice("type", "what kind of source", SOURCE_TYPES),
        ref("publisher", "the publishing entity", ("entity",), "publisher"),
        lines("authors", "names of the authors"),
        date("published", "publication date (EDTF)", required=True, example="2025-01-29"),
        FieldSpec("url", FieldType.URL, "http(s) URL"),
        FieldSpec("archive_url", FieldType.URL, "http(s) URL of an archived copy"),
        date("accessed", "when it was read (EDTF)"),
        FieldSpec("language", FieldType.LANGUAGE, "BCP 47 tag, e.g. en"),
        refs("based_on", "sources this one relays (provenance)", ("source",), "relay"),
    ),
    doc="a publication that records cite",
    index_doc="The bibliography: every source the dossier cites, by publisher and then by "
    "publication date. Primary documents (the parties' own documents and press releases) "
    "are marked.",
    group=by_publisher,
    date_field="published",
    json_ld=_json_ld,
    schema_type="CreativeWork",
)
