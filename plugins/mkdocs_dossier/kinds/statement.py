"""statement — words someone said (or their silence), dated and attributed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..edtf import EdtfDate
from ..records import Citation, Record
from ..spec import choice, citations, date, line, ref, refs, text
from ..vocab import Term, Vocabulary
from .base import Kind, LabelOf

STATEMENT_TYPES = Vocabulary(
    "statement-type",
    (
        Term(
            "allegation",
            "Allegation",
            "a claim that someone did something wrong or improper",
            icon="material/alert-circle-outline",
            shape="triangle",
            colour="orange",
        ),
        Term(
            "denial",
            "Denial",
            "a party rejects a claim made about it or about something it did",
            icon="material/close-circle-outline",
            shape="cross",
            colour="purple",
        ),
        Term(
            "confirmation",
            "Confirmation",
            "a party confirms, on the record, a fact that had been reported or alleged",
            icon="material/check-circle-outline",
            shape="circle",
            colour="green",
        ),
        Term(
            "comment",
            "Comment",
            "anything else said on the record that neither alleges, denies nor confirms",
            icon="material/comment-text-outline",
            shape="square",
            colour="blue",
        ),
        Term(
            "no-comment",
            "No comment",
            "the party was asked and declined to comment. No quote is needed",
            "No comments",
            icon="material/comment-off-outline",
            shape="diamond",
            colour="grey",
        ),
        Term(
            "no-response",
            "No response",
            'the party was asked and did not answer ("could not be reached", "did not respond"). '
            "No quote is needed",
            "No responses",
            icon="material/phone-off-outline",
            shape="diamond",
            colour="grey",
        ),
    ),
    "what kind of statement",
)
#: Statement types that record silence and so carry no quote.
QUOTELESS = ("no-comment", "no-response")
#: Statement types that answer a claim.
ANSWERS = ("denial", "confirmation", "comment", "no-comment", "no-response")


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
            shown = " ".join(words[:12])
            return f"“{shown}…”" if len(words) > 12 else f"“{shown}”"
        return STATEMENT_TYPES.term(self.type).label


def title(record: Record, label_of: LabelOf) -> str:
    """Titled by speaker and words: "Acme declined to comment"."""
    assert isinstance(record, Statement)
    speaker = label_of(record.speaker)
    if record.type == "no-comment":
        return f"{speaker} declined to comment"
    if record.type == "no-response":
        return f"{speaker} did not respond"
    if record.summary:
        return record.summary
    return f"{speaker}: {record.label}"


def by_speaker(index: Any, statements: list[Statement]) -> list[tuple[Any, list[Statement]]]:
    groups: dict[str, list[Statement]] = {}
    for statement in statements:
        groups.setdefault(statement.speaker, []).append(statement)
    speakers = sorted(groups, key=lambda s: index.label(s).casefold())
    return [(index.records[s], groups[s]) for s in speakers]


def _json_ld(record: Statement, ld: Any) -> dict[str, object]:
    data: dict[str, object] = {
        "@type": "Quotation",
        "name": ld.title(record),
        "spokenByCharacter": ld.thing(record.speaker),
        "creator": ld.thing(record.speaker),
        "dateCreated": record.date.text,
    }
    if record.quote:
        data["text"] = record.quote
    if record.about:
        data["about"] = [ld.thing(rid) for rid in record.about]
    return data


KIND = Kind(
    name="statement",
    folder="statements",
    plural="Statements",
    record=Statement,
    fields=(
        ref("speaker", "who said it (entity id)", ("entity",), "speaker", required=True),
        line("attribution", 'how the source attributes it, e.g. "an OpenAI spokesperson"'),
        date("date", "when it was said (EDTF)", required=True, example="2025-01-28"),
        choice("type", "what kind of statement", STATEMENT_TYPES),
        text("quote", "the verbatim words"),
        line("summary", "one plain-text line"),
        ref("venue", "entity where it was said, e.g. a broadcaster", ("entity",), "venue"),
        text("context", 'e.g. "Speaking to Fox News"'),
        refs("about", "entities or events it is about", ("entity", "event"), "about"),
        refs("responds_to", "statements or events it answers", ("statement", "event"), "response"),
        citations("at least one citation", required=True),
    ),
    doc="words someone said (or their silence), dated and attributed",
    index_doc="What each party said — or declined to say — by speaker, in date order.",
    date_field="date",
    claim=True,
    badge_field="type",
    required_unless={"quote": ("type", QUOTELESS)},
    title=title,
    group=by_speaker,
    json_ld=_json_ld,
    schema_type="Quotation",
)
