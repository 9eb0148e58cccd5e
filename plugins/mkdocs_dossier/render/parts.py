"""Pages that stay readable: a long list split into parts.

A kind's index page lists every record of the kind, so it grows with the
dossier. Past ``INDEX_CAP`` records it is split along the kind's own
grouping (entities by type, then initial; events by year, then month;
statements by the speaker's initial; sources by year, then publisher's
initial; questions by status), a group still too large by the next key,
and the last resort is numbered runs of ``INDEX_CAP``. The first page then
lists the parts with their counts; each part is a page of its own at
``<folder>/parts/<slug>.md`` (no record page can live there: a record's
page is ``<folder>/<id>.md``). Below the cap nothing changes.

The views that list the whole dossier split the same way: the claims by
the year, then the month, of the allegation (``CLAIM_KEYS``), the
corrections by the year, then the month, of the correction, newest first
(``CORRECTION_KEYS``; a part's entries are ``(correction, record)`` pairs).
When the records' tags together would list more than the cap on the
site's tags page, each tag gets pages of its own (``split_tags``), by kind,
then year, then initial: ``tags/parts/<tag>.md``, ``<tag>--<sub>.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..kinds import Kind
from ..link import LinkIndex
from ..records import Record
from ..urls import Urls

#: The most records an index page lists before it is split.
INDEX_CAP = 300

#: One way of splitting: a record's (order, slug, label).
Key = Callable[[LinkIndex, Any], tuple[Any, str, str]]
#: How many entries an item makes on a page (a claim and its answers).
Size = Callable[[Any], int]


def _one(item: Any) -> int:
    return 1


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a split page: where it lives, its heading, the records it
    lists (in its order, each once) and, when they are not the records
    themselves, the entries it lists (a correction and its record)."""

    slug: str
    label: str
    records: tuple[Record, ...]
    entries: tuple[Any, ...] | None = None

    @property
    def items(self) -> tuple[Any, ...]:
        """What the part lists: its entries, else its records."""
        return self.records if self.entries is None else self.entries


#: The Markdown source of a part page: ``events/parts/2024.md``.
part_src = Urls.part_src


def initial(text: str) -> tuple[str, str]:
    """The (slug, label) of a name's first letter: ``a``/``A``; ``other`` for the rest."""
    folded = unicodedata.normalize("NFKD", text.strip()).encode("ascii", "ignore").decode()
    letter = folded[:1].lower()
    if letter.isascii() and letter.isalpha():
        return letter, letter.upper()
    if letter.isdigit():
        return "0-9", "0–9"
    return "other", "Other"


def _by_letter(label_of: Callable[[LinkIndex, Any], str]) -> Key:
    def key(index: LinkIndex, record: Any) -> tuple[Any, str, str]:
        slug, label = initial(label_of(index, record))
        return ("~" if slug == "other" else slug), slug, label

    key.merges = True  # type: ignore[attr-defined]
    return key


def _by_choice(name: str) -> Key:
    def key(index: LinkIndex, record: Any) -> tuple[Any, str, str]:
        vocabulary = index.registry.of(record).vocabulary(name)
        value = getattr(record, name)
        values = list(vocabulary)
        order = values.index(value) if value in values else len(values)
        term = vocabulary.term(value)
        return (order, value), value, term.plural or term.label

    return key


def _by_year(index: LinkIndex, record: Any) -> tuple[Any, str, str]:
    day = index.registry.of(record).date(record)
    earliest = day.earliest if day is not None else None
    if earliest is None:
        return (1, 0), "undated", "Undated"
    return (0, earliest.year), str(earliest.year), str(earliest.year)


def _by_month(index: LinkIndex, record: Any) -> tuple[Any, str, str]:
    day = index.registry.of(record).date(record)
    earliest = day.earliest if day is not None else None
    if earliest is None or day.precision == "year":
        return (0, 0), "year", "Year only"
    return (1, earliest.month), f"{earliest:%Y-%m}", f"{earliest:%B %Y}"


def _label(index: LinkIndex, record: Any) -> str:
    return str(record.label)


def _speaker(index: LinkIndex, record: Any) -> str:
    return index.label(record.speaker)


def _publisher(index: LinkIndex, record: Any) -> str:
    return index.label(record.publisher) if record.publisher else ""


#: How each built-in kind splits; another kind splits by its badge, its year
#: and its records' initials.
KEYS: dict[str, tuple[Key, ...]] = {
    "entity": (_by_choice("type"), _by_letter(_label)),
    "event": (_by_year, _by_month),
    "statement": (_by_letter(_speaker),),
    "source": (_by_year, _by_letter(_publisher)),
    "question": (_by_choice("status"),),
}


def keys_of(kind: Kind) -> tuple[Key, ...]:
    if kind.name in KEYS:
        return KEYS[kind.name]
    keys: list[Key] = []
    if kind.badge_field:
        keys.append(_by_choice(kind.badge_field))
    if kind.date_field:
        keys.append(_by_year)
    return (*keys, _by_letter(_label))


def _correction_year(index: LinkIndex, entry: Any) -> tuple[Any, str, str]:
    earliest = entry[0].date.earliest
    if earliest is None:
        return (1, 0), "undated", "Undated"
    return (0, -earliest.year), str(earliest.year), str(earliest.year)


def _correction_month(index: LinkIndex, entry: Any) -> tuple[Any, str, str]:
    date = entry[0].date
    earliest = date.earliest
    if earliest is None or date.precision == "year":
        return (1, 0), "year", "Year only"
    return (0, -earliest.month), f"{earliest:%Y-%m}", f"{earliest:%B %Y}"


#: How the claims page splits its allegations: by year, then month.
CLAIM_KEYS: tuple[Key, ...] = (_by_year, _by_month)
#: How the corrections page splits its ``(correction, record)`` pairs,
#: newest first: by the correction's year, then month.
CORRECTION_KEYS: tuple[Key, ...] = (_correction_year, _correction_month)


def _by_kind(index: LinkIndex, record: Any) -> tuple[Any, str, str]:
    kind = index.registry.of(record)
    return list(index.registry.kinds).index(kind.name), kind.folder, kind.plural


#: How the records of one tag split: by kind, then year, then initial.
TAG_KEYS: tuple[Key, ...] = (_by_kind, _by_year, _by_letter(_label))


def tag_slug(tag: str) -> str:
    """A tag as a file name: ASCII words joined by single hyphens (``tag``
    when nothing is left), so ``--`` can join a tag to its sub-parts."""
    folded = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split()) or "tag"


def split_tags(index: LinkIndex, cap: int = INDEX_CAP) -> list[tuple[str, list[Part]]]:
    """Each tag (by name) with the parts listing its records; none when all
    tags together list at most ``cap`` records."""
    tagged: dict[str, list[Record]] = {}
    for kind in index.registry:
        for record in index.all(kind.name):
            for tag in record.tags:
                tagged.setdefault(tag, []).append(record)
    if sum(map(len, tagged.values())) <= cap:
        return []
    found: list[tuple[str, list[Part]]] = []
    used: set[str] = set()
    for tag in sorted(tagged, key=lambda t: (t.casefold(), t)):
        slug = base = tag_slug(tag)
        n = 1
        while slug in used:  # "Data" and "data" are two tags
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        parts = _split(index, tagged[tag], TAG_KEYS, "", tag, cap)
        found.append(
            (
                tag,
                [Part(f"{slug}--{p.slug}" if p.slug else slug, p.label, p.records) for p in parts],
            )
        )
    return found


def split(
    index: LinkIndex, kind: Kind, records: Sequence[Record], cap: int = INDEX_CAP
) -> list[Part]:
    """The parts of a kind's index, in reading order; none when it fits on one page."""
    return split_by(index, records, keys_of(kind), cap)


def split_by(
    index: LinkIndex,
    items: Sequence[Any],
    keys: tuple[Key, ...],
    cap: int = INDEX_CAP,
    record_of: Callable[[Any], Record] | None = None,
    size: Size = _one,
) -> list[Part]:
    """The parts of any list, in reading order (the order of ``items`` within
    a part); none when it fits on one page. With ``record_of`` the items are
    entries about records, kept as each part's ``entries``; with ``size``,
    an item counts as that many entries against the cap."""
    if _total(items, size) <= cap:
        return []
    parts = _split(index, list(items), keys, "", "", cap, size)
    if record_of is None:
        return parts
    return [Part(p.slug, p.label, _once(map(record_of, p.records)), p.records) for p in parts]


def _once(records: Iterable[Record]) -> tuple[Record, ...]:
    """Records in order, each once."""
    return tuple({r.id: r for r in records}.values())


def _split(
    index: LinkIndex,
    records: list[Record],
    keys: tuple[Key, ...],
    slug: str,
    label: str,
    cap: int,
    size: Size = _one,
) -> list[Part]:
    if _total(records, size) <= cap:
        return [Part(slug, label, tuple(records))]
    if not keys:
        runs = _numbered(records, cap, size)
        return [
            Part(
                _join(slug, str(n), "-"),
                _join(label, f"part {n} of {len(runs)}", ", ")
                if label
                else f"Part {n} of {len(runs)}",
                tuple(run),
            )
            for n, run in enumerate(runs, 1)
        ]
    groups: dict[str, tuple[Any, str, list[Record]]] = {}
    for record in records:
        order, key, name = keys[0](index, record)
        groups.setdefault(key, (order, name, []))[2].append(record)
    if len(groups) == 1:  # this key does not divide: try the next
        return _split(index, records, keys[1:], slug, label, cap, size)
    ordered = [
        (key, name, members)
        for key, (_, name, members) in sorted(groups.items(), key=lambda item: item[1][0])
    ]
    if getattr(keys[0], "merges", False):
        ordered = _runs(ordered, cap, size)
    parts: list[Part] = []
    for key, name, members in ordered:
        parts += _split(
            index, members, keys[1:], _join(slug, key, "-"), _sublabel(label, name), cap, size
        )
    return parts


def _total(items: Iterable[Any], size: Size) -> int:
    return sum(map(size, items)) if size is not _one else len(list(items))


def _numbered(records: list[Record], cap: int, size: Size) -> list[list[Record]]:
    """Consecutive runs of at most ``cap`` entries (an item larger than the
    cap has a run of its own): the last resort of a split."""
    if size is _one:
        return [records[start : start + cap] for start in range(0, len(records), cap)]
    runs: list[list[Record]] = []
    filled = 0
    for record in records:
        weight = size(record)
        if not runs or filled + weight > cap:
            runs.append([])
            filled = 0
        runs[-1].append(record)
        filled += weight
    return runs


def _runs(
    groups: list[tuple[str, str, list[Record]]], cap: int, size: Size = _one
) -> list[tuple[str, str, list[Record]]]:
    """Neighbouring groups (initials) joined while they fit: ``a-c``, ``A–C``."""
    runs: list[list[tuple[str, str, list[Record]]]] = []
    for group in groups:
        if runs and sum(_total(g[2], size) for g in runs[-1]) + _total(group[2], size) <= cap:
            runs[-1].append(group)
        else:
            runs.append([group])
    joined = []
    for run in runs:
        first, last = run[0], run[-1]
        members = [record for group in run for record in group[2]]
        if len(run) == 1:
            joined.append(first)
        else:
            joined.append((f"{first[0]}-{last[0]}", f"{first[1]}–{last[1]}", members))
    return joined


def _sublabel(label: str, name: str) -> str:
    """A group's label within its parent's: "2023, Acme" but "January 2023",
    not "2023, January 2023", when the name already says the parent's."""
    says = label and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", name)
    return name if says else _join(label, name, ", ")


def _join(first: str, second: str, separator: str) -> str:
    return f"{first}{separator}{second}" if first else second
