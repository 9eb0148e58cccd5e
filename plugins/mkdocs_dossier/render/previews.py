"""Link previews: the few facts a card shows when a reader hovers or focuses
a link to a record page, one small JSON file for the whole site.

Keys are page paths without the trailing slash (``entities/openai``), so the
script can match a link however the site writes its URLs. Every value is
plain text; the script puts it in the page with ``textContent`` only.
"""

from __future__ import annotations

import json

from ..link import LinkIndex
from ..records import AnyRecord
from .pages import page_url, record_title

SUMMARY_CHARS = 200


def _words(value: str) -> str:
    return value.replace("-", " ").capitalize()


def preview(index: LinkIndex, record: AnyRecord) -> dict[str, str]:
    """Kind, title, status or type, date in words and a one-line summary."""
    card = {"kind": _words(record.kind), "title": record_title(index, record)}
    status = getattr(record, "status", None) or getattr(record, "type", None)
    if isinstance(status, str):
        card["status"] = status
        card["status_label"] = _words(status)
    for name in ("date", "published", "asked"):
        date = getattr(record, name, None)
        if date is not None and hasattr(date, "human"):
            card["date"] = date.human()
            break
    summary = getattr(record, "summary", None) or getattr(record, "quote", None) or ""
    summary = " ".join(str(summary).split())
    if summary and summary != card["title"]:
        if len(summary) > SUMMARY_CHARS:
            summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
        card["summary"] = summary
    return card


def previews_json(index: LinkIndex) -> str:
    """Every record's card, one per line, keyed by its page path."""
    rows = [
        json.dumps(page_url(record).rstrip("/"), ensure_ascii=False)
        + ":"
        + json.dumps(preview(index, record), ensure_ascii=False, separators=(",", ":"))
        for record in sorted(index.records.values(), key=lambda r: (r.kind, r.id))
    ]
    return "{\n" + ",\n".join(rows) + "\n}\n"
