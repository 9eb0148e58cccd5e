"""Link previews: the few facts a card shows when a reader hovers or focuses
a link to a record page, one small JSON file for the whole site.

Keys are page paths without the trailing slash (``entities/openai``), so the
script can match a link however the site writes its URLs. Every value is
plain text; the script puts it in the page with ``textContent`` only.
"""

from __future__ import annotations

import json

from ..link import LinkIndex
from ..records import Record
from .pages import record_title, src_uri

SUMMARY_CHARS = 200


def preview(index: LinkIndex, record: Record) -> dict[str, str]:
    """Kind, title, status or type, date in words and a one-line summary."""
    kind = index.registry.of(record)
    card = {"kind": kind.name.capitalize(), "title": record_title(index, record)}
    found = kind.badge(record)
    if found is not None:
        card["status"] = found[1].value
        card["status_label"] = found[1].label
    day = kind.date(record)
    if day is not None:
        card["date"] = day.human()
    summary = getattr(record, "summary", None) or getattr(record, "quote", None) or ""
    summary = " ".join(str(summary).split())
    if summary and summary != card["title"]:
        if len(summary) > SUMMARY_CHARS:
            summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
        card["summary"] = summary
    return card


def previews_json(index: LinkIndex) -> str:
    """Every record's card, one per line, keyed by its page path without
    suffix (``entities/openai``), whatever the site's URL style."""
    rows = [
        json.dumps(src_uri(record).removesuffix(".md"), ensure_ascii=False)
        + ":"
        + json.dumps(preview(index, record), ensure_ascii=False, separators=(",", ":"))
        for record in sorted(index.records.values(), key=lambda r: (r.kind, r.id))
    ]
    return "{\n" + ",\n".join(rows) + "\n}\n"
