"""Machine-readable output: schema.org JSON-LD for record pages and an Atom
feed of events. Record text goes in as JSON or XML data, escaped by the
serialiser, never spliced into markup."""

from __future__ import annotations

import datetime
import json
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from ..link import LinkIndex
from ..records import AnyRecord, Entity, Event, Source, Statement
from .pages import page_url, record_title

ENTITY_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "company": "Corporation",
    "government": "GovernmentOrganization",
    "media": "NewsMediaOrganization",
    "product": "Product",
    "place": "Place",
}
SOURCE_TYPES = {
    "news": "NewsArticle",
    "report": "Report",
    "social-post": "SocialMediaPosting",
    "web-page": "WebPage",
    "press-release": "NewsArticle",
}


def _thing(index: LinkIndex, record_id: str, site_url: str) -> dict[str, object]:
    record = index.records[record_id]
    kind = (
        ENTITY_TYPES.get(getattr(record, "type", ""), "Thing")
        if isinstance(record, Entity)
        else "CreativeWork"
    )
    return {
        "@type": kind,
        "name": record_title(index, record),
        "url": _absolute(site_url, page_url(record)),
    }


def _citations(index: LinkIndex, record: AnyRecord, site_url: str) -> list[dict[str, object]]:
    cited = dict.fromkeys(c.source for c in getattr(record, "sources", ()))
    out = []
    for source_id in cited:
        source = index.records[source_id]
        assert isinstance(source, Source)
        item: dict[str, object] = {
            "@type": SOURCE_TYPES.get(source.type, "CreativeWork"),
            "headline": source.title,
            "datePublished": source.published.text,
        }
        if source.url:
            item["url"] = source.url
        out.append(item)
    return out


def json_ld(index: LinkIndex, record: AnyRecord, site_url: str) -> dict[str, object]:
    """The schema.org description of one record."""
    url = _absolute(site_url, page_url(record))
    data: dict[str, object] = {"@context": "https://schema.org", "@id": url, "url": url}
    if isinstance(record, Entity):
        data.update(
            {
                "@type": ENTITY_TYPES.get(record.type, "Thing"),
                "name": record.name,
                "description": record.summary,
            }
        )
        if record.aliases:
            data["alternateName"] = list(record.aliases)
        same = [f"https://www.wikidata.org/wiki/{record.wikidata}"] if record.wikidata else []
        if record.website:
            same.append(record.website)
        if same:
            data["sameAs"] = same
    elif isinstance(record, Event):
        data.update(
            {
                "@type": "Event",
                "name": record.title,
                "description": record.summary,
                "startDate": _iso(record.date.earliest),
                "endDate": _iso(record.date.latest),
                "temporalCoverage": record.date.text,
            }
        )
        if record.location:
            data["location"] = {"@type": "Place", "name": record.location}
        if record.participants:
            data["performer"] = [_thing(index, p.entity, site_url) for p in record.participants]
    elif isinstance(record, Statement):
        data.update(
            {
                "@type": "Quotation",
                "name": record_title(index, record),
                "spokenByCharacter": _thing(index, record.speaker, site_url),
                "creator": _thing(index, record.speaker, site_url),
                "dateCreated": record.date.text,
            }
        )
        if record.quote:
            data["text"] = record.quote
        if record.about:
            data["about"] = [_thing(index, rid, site_url) for rid in record.about]
    elif isinstance(record, Source):
        data.update(
            {
                "@type": SOURCE_TYPES.get(record.type, "CreativeWork"),
                "headline": record.title,
                "name": record.title,
                "datePublished": record.published.text,
            }
        )
        if record.url:
            data["sameAs"] = record.url
        if record.authors:
            data["author"] = [{"@type": "Person", "name": a} for a in record.authors]
        if record.publisher:
            data["publisher"] = _thing(index, record.publisher, site_url)
        if record.language:
            data["inLanguage"] = record.language
        if record.based_on:
            data["isBasedOn"] = [_thing(index, sid, site_url) for sid in record.based_on]
    citations = _citations(index, record, site_url)
    if citations:
        data["citation"] = citations
    return {k: v for k, v in data.items() if v is not None}


def json_ld_script(data: dict[str, object]) -> str:
    """A ``<script type="application/ld+json">`` that no text can break out of."""
    # ASCII-only JSON: line separators and direction overrides are escaped too.
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def _absolute(site_url: str, path: str) -> str:
    """A site path made absolute; plain concatenation for the usual site URL
    ending in "/" (urljoin is most of the JSON-LD's cost otherwise)."""
    if not site_url or site_url.endswith("/"):
        return site_url + path
    return urljoin(site_url, path)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(
    index: LinkIndex, site_url: str, title: str, updated: dict[str, datetime.date], limit: int = 50
) -> str:
    """An Atom feed of events, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    events = sorted(index.events, key=lambda e: (e.date.sort_key(), e.id), reverse=True)[:limit]

    def stamp(event: Event) -> str:
        day = updated.get(event.path) or event.date.latest or event.date.earliest
        return f"{(day or datetime.date(1970, 1, 1)).isoformat()}T00:00:00Z"

    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{title}: events"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = urljoin(site_url, "feed.xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=urljoin(site_url, "feed.xml"), rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=urljoin(site_url, "events/"))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max(
        (stamp(e) for e in events), default="1970-01-01T00:00:00Z"
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = title
    for event in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = _absolute(site_url, page_url(event))
        ET.SubElement(entry, f"{{{ATOM}}}title").text = event.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp(event)
        ET.SubElement(
            entry, f"{{{ATOM}}}summary"
        ).text = f"{event.date.human()} ({event.status}): {event.summary}"
        for tag in event.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")
