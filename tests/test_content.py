"""The dossier's own content: every quote is verbatim from the research, and
no claim rests only on sources published before it happened."""

from __future__ import annotations

import re
import unicodedata

import pytest

from mkdocs_dossier.engine import check_content
from mkdocs_dossier.kinds.event import Event
from mkdocs_dossier.kinds.statement import Statement

from .conftest import ROOT

SHARED = ROOT.parent / "shared"
_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "\u00a0": " ",
        "…": "...",
    }
)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def fragments(quote: str) -> list[str]:
    """The parts of a quote between ellipses (an ellipsis marks an omission)."""
    parts = re.split(r"\s*(?:\.\.\.|\[…\]|\[\.\.\.\])\s*", normalise(quote).replace("…", "..."))
    return [p.strip(" ,.;:\"'") for p in parts if p.strip(" ,.;:\"'")]


@pytest.fixture(scope="module")
def research() -> str:
    if not SHARED.is_dir():
        pytest.skip("the research folder ../shared is not beside this checkout")
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seed").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "research").glob("*.md"))]
    return normalise("\n".join(texts))


def test_every_quote_is_verbatim_from_the_seed_or_the_sheet(research: str) -> None:
    checked = check_content(ROOT / "content", ROOT)
    assert checked.index is not None
    quotes: list[tuple[str, str]] = []
    for record in checked.index.records.values():
        if isinstance(record, Statement) and record.quote:
            quotes.append((record.path, record.quote))
        for citation in getattr(record, "sources", ()):
            if citation.quote:
                quotes.append((record.path, citation.quote))
        for relation in getattr(record, "relations", ()):
            quotes.extend((record.path, c.quote) for c in relation.sources if c.quote)
    assert len(quotes) > 50
    missing = [
        (path, fragment)
        for path, quote in quotes
        for fragment in fragments(quote)
        if fragment not in research
    ]
    assert missing == []


def test_no_claim_rests_only_on_earlier_sources() -> None:
    checked = check_content(ROOT / "content", ROOT)
    assert checked.index is not None
    early = [p.format_text() for p in checked.problems if p.code == "sourced-too-early"]
    assert early == []
    records = checked.index.records
    for record in records.values():
        if isinstance(record, Event | Statement) and record.date.earliest:
            latest = [records[c.source].published.latest for c in record.sources]  # type: ignore[union-attr]
            assert any(day is None or day >= record.date.earliest for day in latest), record.id


def test_the_exfiltration_is_alleged_not_confirmed() -> None:
    checked = check_content(ROOT / "content", ROOT)
    assert checked.index is not None
    exfiltration = [e for e in checked.index.all("event") if "exfiltrat" in e.title.lower()]
    assert exfiltration and all(e.status == "alleged" for e in exfiltration)
    assert exfiltration[0].date.human() == "Autumn 2024"


def test_provenance_of_the_seed() -> None:
    checked = check_content(ROOT / "content", ROOT)
    assert checked.index is not None
    seed = next(
        s for s in checked.index.all("source") if s.url and "newsable.asianetnews.com" in s.url
    )
    chains = checked.index.upstream(seed.id)
    publishers = [[checked.index.records[sid].publisher for sid in chain] for chain in chains]
    # The article names only Bloomberg ("Bloomberg News reported on Tuesday").
    assert publishers == [["bloomberg-news"]]


_SHEET_JARGON = re.compile(r"fact\s+sheet|seed\s+article|\bS\d+\b", re.IGNORECASE)
_URL_FIELD = re.compile(r"^\s*(?:-\s+)?(?:url|archive_url|website):")


def test_no_research_sheet_jargon_reaches_readers() -> None:
    """Readers never see references to the research notes ("fact sheet S2",
    "the seed article"): records and hand-written pages say what the source
    says instead. Addresses are left out; they are not prose."""
    files = sorted((ROOT / "content").rglob("*.y*ml")) + sorted((ROOT / "dossier").glob("*.md"))
    assert files
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if not _URL_FIELD.match(line)
        for match in _SHEET_JARGON.finditer(line)
    ]
    assert found == []
