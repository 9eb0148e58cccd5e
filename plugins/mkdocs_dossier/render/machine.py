"""Machine-readable output: schema.org JSON-LD for record pages and an Atom
feed of events. Record text goes in as JSON or XML data, escaped by the
serialiser, never spliced into markup."""

from __future__ import annotations

import datetime
import json
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from ..link import LinkIndex
from ..records import Record
from ..urls import Urls
from .pages import record_title, src_uri


class Linked:
    """What a kind's ``json_ld`` reads: other records as schema.org things."""

    def __init__(self, index: LinkIndex, urls: Urls) -> None:
        self.index = index
        self.registry = index.registry
        self.urls = urls

    def url(self, record: Record) -> str:
        return self.urls.absolute(src_uri(record))

    def title(self, record: Record) -> str:
        return record_title(self.index, record)

    def thing(self, record_id: str) -> dict[str, object]:
        record = self.index.records[record_id]
        kind = self.registry.of(record)
        found = kind.badge(record)
        schema_type = (found[1].schema_type if found else None) or kind.schema_type
        return {"@type": schema_type, "name": self.title(record), "url": self.url(record)}

    @staticmethod
    def iso(day: datetime.date | None) -> str | None:
        return day.isoformat() if day else None


def _citations(ld: Linked, record: Record) -> list[dict[str, object]]:
    cited = dict.fromkeys(c.source for c in getattr(record, "sources", ()))
    out = []
    for source_id in cited:
        source = ld.index.records[source_id]
        item = ld.registry.of(source).json_ld(source, ld)  # type: ignore[misc]
        item.pop("isBasedOn", None)
        out.append(
            {k: v for k, v in item.items() if k in ("@type", "headline", "datePublished")}
            | ({"url": url} if (url := getattr(source, "url", None)) else {})
        )
    return out


def json_ld(
    index: LinkIndex, record: Record, site_url: str, urls: Urls | None = None
) -> dict[str, object]:
    """The schema.org description of one record, as its kind maps it."""
    ld = Linked(index, urls or Urls(site_url=site_url))
    url = ld.url(record)
    data: dict[str, object] = {"@context": "https://schema.org", "@id": url, "url": url}
    kind = index.registry.of(record)
    data.update(kind.json_ld(record, ld) if kind.json_ld else {"@type": kind.schema_type})
    citations = _citations(ld, record)
    if citations:
        data["citation"] = citations
    return {k: v for k, v in data.items() if v is not None}


def json_ld_script(data: dict[str, object]) -> str:
    """A ``<script type="application/ld+json">`` that no text can break out of."""
    # ASCII-only JSON: line separators and direction overrides are escaped too.
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(
    index: LinkIndex,
    site_url: str,
    title: str,
    updated: dict[str, datetime.date],
    limit: int = 50,
    urls: Urls | None = None,
) -> str:
    """An Atom feed of events, newest first, and of corrections."""
    urls = urls or Urls(site_url=site_url)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    events = sorted(index.all("event"), key=lambda e: (e.date.sort_key(), e.id), reverse=True)[
        :limit
    ]

    def stamp(event: Any) -> str:
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
        url = urls.absolute(src_uri(event))
        ET.SubElement(entry, f"{{{ATOM}}}title").text = event.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp(event)
        ET.SubElement(
            entry, f"{{{ATOM}}}summary"
        ).text = f"{event.date.human()} ({event.status}): {event.summary}"
        for tag in event.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
    corrected = [(c, r) for r in index.records.values() for c in r.corrections]
    corrected.sort(key=lambda pair: (pair[0].date.sort_key(), pair[1].id), reverse=True)
    for number, (correction, record) in enumerate(corrected[:limit]):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = urls.absolute(src_uri(record))
        day = correction.date.latest or correction.date.earliest or datetime.date(1970, 1, 1)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"Correction: {record_title(index, record)}"
        ET.SubElement(
            entry, f"{{{ATOM}}}id"
        ).text = f"{url}#correction-{correction.date.text}-{number}"
        ET.SubElement(entry, f"{{{ATOM}}}link", href=url)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{day.isoformat()}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = correction.note
        ET.SubElement(entry, f"{{{ATOM}}}category", term="correction")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")
