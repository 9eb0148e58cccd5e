"""question — what the dossier does not know yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..edtf import EdtfDate
from ..records import Citation, Record
from ..spec import choice, citations, date, line, refs
from ..vocab import Term, Vocabulary
from .base import Kind

QUESTION_STATUSES = Vocabulary(
    "question-status",
    (
        Term(
            "open",
            "Open",
            "nothing on the record answers it yet",
            icon="material/help-circle-outline",
            shape="circle",
            colour="orange",
        ),
        Term(
            "partly-answered",
            "Partly answered",
            "the record answers part of it",
            icon="material/progress-question",
            shape="diamond",
            colour="blue",
        ),
        Term(
            "answered",
            "Answered",
            "statements or events on the record answer it",
            icon="material/check-circle-outline",
            shape="square",
            colour="green",
        ),
    ),
    "how far the record answers a question",
)
#: Statuses of a question the record does not settle yet.
OPEN_STATUSES = ("open", "partly-answered")


@dataclass(frozen=True, slots=True, kw_only=True)
class Question(Record):
    question: str
    status: str
    asked: EdtfDate
    about: tuple[str, ...] = ()
    answered_by: tuple[str, ...] = ()
    summary: str | None = None
    sources: tuple[Citation, ...] = ()

    kind = "question"

    @property
    def label(self) -> str:
        return self.question


def by_status(index: Any, questions: list[Question]) -> list[tuple[str, list[Question]]]:
    groups: dict[str, list[Question]] = {value: [] for value in QUESTION_STATUSES}
    for question in questions:
        groups[question.status].append(question)
    return [
        (QUESTION_STATUSES.term(value).label, members)
        for value, members in groups.items()
        if members
    ]


def _json_ld(record: Question, ld: Any) -> dict[str, object]:
    data: dict[str, object] = {
        "@type": "Question",
        "name": record.question,
        "dateCreated": record.asked.text,
    }
    if record.summary:
        data["description"] = record.summary
    if record.about:
        data["about"] = [ld.thing(rid) for rid in record.about]
    if record.answered_by:
        data["suggestedAnswer"] = [ld.thing(rid) for rid in record.answered_by]
    return data


KIND = Kind(
    name="question",
    folder="questions",
    plural="Questions",
    record=Question,
    fields=(
        line("question", 'one line, e.g. "Did the probe reach a conclusion?"', required=True),
        choice("status", "how far the record answers it", QUESTION_STATUSES),
        date("asked", "when the question arose (EDTF)", required=True, example="2025-01-29"),
        refs("about", "entities or events it is about", ("entity", "event"), "question"),
        refs(
            "answered_by", "statements or events that answer it", ("statement", "event"), "answer"
        ),
        line("summary", "one plain-text line"),
        citations("citations"),
    ),
    doc="what the dossier does not know yet, and how far the record answers it",
    index_doc="What the dossier does not know yet, and what it has partly answered.",
    date_field="asked",
    badge_field="status",
    required_unless={"answered_by": ("status", ("open",))},
    group=by_status,
    json_ld=_json_ld,
    schema_type="Question",
)
