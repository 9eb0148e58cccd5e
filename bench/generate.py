"""Deterministic synthetic dossiers for the benchmarks, and their plain-MkDocs twins.

``generate(root, n, seed)`` writes ``root/content/<kind>/<id>.yml`` (N records in the
mix 2 entities : 3 events : 4 statements : 3 sources), ``root/mkdocs.yml`` and
``root/docs/index.md``. ``write_plain_twin(dossier, plain)`` writes the very same
pages as plain Markdown files with a ``mkdocs.yml`` that has no dossier plugin.

Every record is valid and ``dossier validate --strict`` is clean: ids are unique,
references point at existing records, ``responds_to`` and ``based_on`` only point at
records with a lower index (no self-reference, no cycle), every source is cited,
events and statements are dated 2023-2024 and their sources published 2025-2026,
and every confirmed event cites a primary source.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Record = dict[str, Any]


def words(text: str) -> list[str]:
    return text.split()


KIND_FOLDERS = dict(entity="entities", event="events", statement="statements", source="sources")
MIX = (("entity", 2), ("event", 3), ("statement", 4), ("source", 3))

FIRST = words("Alice Bruno Chen Dana Emeka Farah Goran Hana Ivan Jun Kofi Lena Mateo Nadia")
LAST = words("Nakamura Okafor Lindqvist Moreau Haddad Kowalski Silva Zhang Petrov Mensah Ortega")
WORDS = words("Nimbus Aurora Granite Harbor Vertex Lumen Cobalt Meridian Quarry Summit Beacon")
SUFFIX = {
    "organization": ["Institute", "Foundation", "Alliance", "Council", "Network"],
    "company": ["Analytics", "Labs", "Systems", "AI", "Holdings", "Robotics"],
    "government": ["Ministry of Trade", "Commerce Department", "Cyber Agency", "Parliament"],
    "media": ["Times", "Post", "Wire", "Review", "Herald", "Broadcasting"],
    "product": ["Model", "Assistant", "Engine", "Chip", "Platform"],
    "place": ["City", "Valley", "Bay", "Province"],
}
#: (value, weight) pairs, written as "value:weight".
ENTITY_TYPES = "person:35 organization:15 company:20 government:10 media:12 product:5 place:3"
STATUSES = "confirmed:35 reported:30 alleged:20 disputed:10 refuted:5"
STATEMENT_TYPES = "allegation:15 denial:15 confirmation:15 comment:40 no-comment:10 no-response:5"
QUOTELESS = ("no-comment", "no-response")
SOURCE_TYPES = words("news report interview broadcast press-release document social-post web-page")
COUNTRIES = words("US GB CN FR DE JP IN BR KE SE")
RELATIONS = [
    "works for", "founded", "invested in", "advises", "owns", "partnered with",
    "competes with", "reports on", "regulates", "is a subsidiary of",
]  # fmt: skip
ROLES = words("investigator host target witness organiser spokesperson partner")
TAGS = words("investigation export-controls model-training data-security regulation funding")
VERBS = words("announces opens denies publishes settles launches suspends reviews expands")
NOUNS = words("probe partnership report audit model agreement inquiry hearing policy dataset")
LOREM = words(
    "the talks between analysts data access during review after officials claimed records "
    "showed earlier contract terms were disclosed publicly sources familiar with matter said"
)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def weighted(rng: random.Random, spec: str) -> str:
    """One value of a "value:weight value:weight" vocabulary."""
    pairs = [item.split(":") for item in spec.split()]
    return rng.choices([v for v, _ in pairs], weights=[int(w) for _, w in pairs])[0]


def kind_counts(n: int) -> dict[str, int]:
    """Split ``n`` in the 2:3:4:3 mix (largest remainder), at least one of each kind."""
    if n < len(MIX):
        raise ValueError(f"need at least {len(MIX)} records, got {n}")
    total = sum(w for _, w in MIX)
    exact = {kind: n * w / total for kind, w in MIX}
    counts = {kind: max(1, int(value)) for kind, value in exact.items()}
    by_remainder = sorted(exact, key=lambda k: exact[k] - int(exact[k]), reverse=True)
    while sum(counts.values()) < n:
        for kind in by_remainder:
            if sum(counts.values()) < n:
                counts[kind] += 1
    while sum(counts.values()) > n:
        biggest = max(counts, key=lambda k: counts[k])
        counts[biggest] -= 1
    return counts


def sentence(rng: random.Random, count: int) -> str:
    text = " ".join(rng.choices(LOREM, k=count))
    return text[0].upper() + text[1:] + "."


def fuzzy_date(rng: random.Random, years: tuple[int, int]) -> str:
    """An EDTF date in ``years``: plain, qualified, season, unspecified or interval."""
    year = rng.randint(*years)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    form = rng.random()
    if form < 0.30:
        return f"{year}-{month:02d}-{day:02d}"
    if form < 0.45:
        return f"{year}-{month:02d}"
    if form < 0.53:
        return str(year)
    if form < 0.63:
        return f"{year}-{rng.randint(21, 24)}"
    if form < 0.75:
        base = rng.choice((f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"))
        return base + rng.choice("~?%")
    if form < 0.78:
        return f"{year}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
    if form < 0.80:
        return f"{year}-XX"
    if form < 0.95:
        month = min(month, 11)
        return f"{year}-{month:02d}/{year}-{rng.randint(month + 1, 12):02d}"
    return f"{year}-{month:02d}/.."


def citation(rng: random.Random, source: str) -> str | Record:
    if rng.random() < 0.35:
        return {
            "source": source,
            "locator": f"para. {rng.randint(1, 30)}",
            "quote": sentence(rng, rng.randint(6, 14)),
        }
    return source


@dataclass
class Plan:
    """Ids of every record, fixed before any record is written so references resolve."""

    rng: random.Random
    ids: dict[str, list[str]]
    entity_types: list[str]
    entity_names: list[str]
    uncited: list[str] = field(default_factory=list)
    by_type: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entity, kind in zip(self.ids["entity"], self.entity_types, strict=True):
            self.by_type.setdefault(kind, []).append(entity)

    def pick(
        self, kind: str, k: int, *, below: int | None = None, exclude: tuple[str, ...] = ()
    ) -> list[str]:
        """``k`` distinct ids of ``kind`` (among the first ``below``), none in ``exclude``."""
        pool = self.ids[kind]
        size = len(pool) if below is None else min(below, len(pool))
        indexes = self.rng.sample(range(size), min(k + len(exclude), size))
        return [pool[i] for i in indexes if pool[i] not in exclude][:k]

    def pick_entity(self, prefer: str | None = None) -> str:
        """An entity, skewed towards a few prominent ones (hubs), as real stories are."""
        entities = self.ids["entity"]
        if prefer and self.by_type.get(prefer):
            return self.rng.choice(self.by_type[prefer])
        hubs = entities[: max(1, len(entities) // 20)]
        return self.rng.choice(hubs if self.rng.random() < 0.25 else entities)

    def cite(self, k: int) -> list[str | Record]:
        """``k`` distinct sources, first draining the sources nobody cited yet."""
        chosen: list[str] = []
        while self.uncited and len(chosen) < k:
            chosen.append(self.uncited.pop())
        chosen += self.pick("source", k - len(chosen), exclude=tuple(chosen))
        return [citation(self.rng, s) for s in chosen]

    def description(self, own: str) -> str:
        """Markdown with two or three wikilinks to other records."""
        parts = [sentence(self.rng, 8)]
        for _ in range(self.rng.randint(2, 3)):
            kind = self.rng.choice(("entity", "entity", "event", "statement", "source"))
            target = self.pick(kind, 1, exclude=(own,))
            if not target:
                continue
            label = f"|{self.rng.choice(LOREM)} {self.rng.choice(LOREM)}"
            link = f"[[{target[0]}{label if self.rng.random() < 0.3 else ''}]]"
            parts.append(f"See {link}; {sentence(self.rng, 6).lower()}")
        return " ".join(parts) + "\n"

    def tags(self) -> list[str]:
        return self.rng.sample(TAGS, self.rng.randint(0, 3))


def entity_name(rng: random.Random, kind: str) -> str:
    if kind == "person":
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return f"{rng.choice(WORDS)} {rng.choice(SUFFIX[kind])}"


def make_plan(rng: random.Random, n: int) -> Plan:
    counts = kind_counts(n)
    types = [weighted(rng, ENTITY_TYPES) for _ in range(counts["entity"])]
    names = [entity_name(rng, t) for t in types]
    ids = {"entity": [f"{slug(name)}-{i + 1}" for i, name in enumerate(names)]}
    for kind, prefix in (("event", "ev"), ("statement", "st"), ("source", "src")):
        ids[kind] = [f"{prefix}-{i + 1}-{rng.choice(NOUNS)}" for i in range(counts[kind])]
    plan = Plan(rng, ids, types, names)
    plan.uncited = list(reversed(ids["source"]))
    return plan


def optional(
    record: Record, rng: random.Random, chance: float, key: str, value: Callable[[], Any]
) -> None:
    if rng.random() < chance:
        record[key] = value()


def make_entity(plan: Plan, i: int) -> Record:
    rng, own, kind = plan.rng, plan.ids["entity"][i], plan.entity_types[i]
    name = plan.entity_names[i]
    record: Record = {"type": kind, "name": name, "summary": f"{name}: {sentence(rng, 10).lower()}"}
    optional(record, rng, 0.3, "aliases", lambda: [name.split()[0] + " " + rng.choice(WORDS)])
    optional(record, rng, 0.7, "country", lambda: rng.choice(COUNTRIES))
    if kind != "person":
        optional(record, rng, 0.5, "website", lambda: f"https://{slug(name)}.example.com/")
    optional(record, rng, 0.4, "wikidata", lambda: f"Q{rng.randint(1000, 99999999)}")
    relations = []
    for other in plan.pick("entity", rng.randint(0, 3), exclude=(own,)):
        relation: Record = {
            "entity": other,
            "relation": rng.choice(RELATIONS),
            "start": fuzzy_date(rng, (2005, 2022)),
        }
        if rng.random() < 0.2:
            relation["end"] = str(rng.randint(2023, 2024))
        relation["sources"] = plan.cite(rng.randint(1, 2))
        relations.append(relation)
    if relations:
        record["relations"] = relations
    optional(record, rng, 0.3, "sources", lambda: plan.cite(rng.randint(1, 2)))
    return finish(plan, record, own)


def finish(plan: Plan, record: Record, own: str) -> Record:
    tags = plan.tags()
    if tags:
        record["tags"] = tags
    if plan.rng.random() < 0.7:
        record["description"] = plan.description(own)
    return record


def make_event(plan: Plan, i: int) -> Record:
    rng, own = plan.rng, plan.ids["event"][i]
    title = f"{rng.choice(WORDS)} {rng.choice(VERBS)} {rng.choice(NOUNS)}"
    record: Record = {
        "title": title,
        "date": fuzzy_date(rng, (2023, 2024)),
        "status": weighted(rng, STATUSES),
        "summary": sentence(rng, 12),
    }
    participants: list[str | Record] = []
    for entity in dict.fromkeys(plan.pick_entity() for _ in range(rng.randint(1, 4))):
        role = rng.choice(ROLES) if rng.random() < 0.4 else None
        participants.append({"entity": entity, "role": role} if role else entity)
    record["participants"] = participants
    optional(record, rng, 0.5, "location", lambda: f"{rng.choice(WORDS)} City")
    if i and rng.random() < 0.3:
        record["related"] = plan.pick("event", rng.randint(1, 2), below=i)
    record["sources"] = plan.cite(rng.randint(1, 3))
    return finish(plan, record, own)


def make_statement(plan: Plan, i: int) -> Record:
    rng, own = plan.rng, plan.ids["statement"][i]
    kind = weighted(rng, STATEMENT_TYPES)
    record: Record = {"speaker": plan.pick_entity()}
    optional(record, rng, 0.3, "attribution", lambda: f"a {rng.choice(ROLES)} for the group")
    record["date"] = fuzzy_date(rng, (2023, 2024))
    record["type"] = kind
    if kind not in QUOTELESS:
        record["quote"] = f'{sentence(rng, rng.randint(8, 20))} "{rng.choice(WORDS)}": done.'
    optional(record, rng, 0.8, "summary", lambda: sentence(rng, 9))
    optional(record, rng, 0.3, "venue", lambda: plan.pick_entity(prefer="media"))
    optional(record, rng, 0.3, "context", lambda: f"Speaking to the {rng.choice(WORDS)} Times")
    about = plan.pick("entity", rng.randint(0, 2)) + plan.pick("event", rng.randint(0, 1))
    if about:
        record["about"] = about
    if rng.random() < 0.4:
        earlier = plan.pick("statement", 1, below=i) if i else []
        record["responds_to"] = earlier or plan.pick("event", 1)
    record["sources"] = plan.cite(rng.randint(1, 3))
    return finish(plan, record, own)


def make_source(plan: Plan, i: int) -> Record:
    rng, own = plan.rng, plan.ids["source"][i]
    title = f"{rng.choice(WORDS)} {rng.choice(VERBS)} {rng.choice(NOUNS)}, {sentence(rng, 4)}"
    record: Record = {"title": title, "type": rng.choice(SOURCE_TYPES)}
    optional(record, rng, 0.8, "publisher", lambda: plan.pick_entity(prefer="media"))
    optional(
        record,
        rng,
        0.6,
        "authors",
        lambda: [f"{first} {rng.choice(LAST)}" for first in rng.sample(FIRST, rng.randint(1, 2))],
    )
    record["published"] = (
        f"{rng.randint(2025, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    )
    record["url"] = f"https://news.example.com/{own}"
    optional(record, rng, 0.2, "archive_url", lambda: f"https://archive.example.org/{own}")
    optional(record, rng, 0.3, "accessed", lambda: "2026-12-31")
    record["language"] = "en"
    if i and rng.random() < 0.3:
        record["based_on"] = plan.pick("source", rng.randint(1, 2), below=i)
    return finish(plan, record, own)


MAKERS: dict[str, Callable[[Plan, int], Record]] = {
    "entity": make_entity,
    "event": make_event,
    "statement": make_statement,
    "source": make_source,
}


def generate_records(n: int, seed: int = 0) -> dict[str, Record]:
    """``{"<folder>/<id>": record}`` for a dossier of ``n`` records."""
    plan = make_plan(random.Random(seed), n)
    records: dict[str, Record] = {}
    # Events and statements first, so they cite every source before entities pick freely.
    for kind in ("event", "statement", "entity", "source"):
        for i, record_id in enumerate(plan.ids[kind]):
            records[f"{KIND_FOLDERS[kind]}/{record_id}"] = MAKERS[kind](plan, i)
    if plan.uncited:  # only for tiny N: the first entity cites the rest
        first = records[f"entities/{plan.ids['entity'][0]}"]
        first.setdefault("sources", []).extend(plan.uncited)
    # A confirmed event rests on primary evidence: its first source is a document.
    for key, record in records.items():
        if key.startswith("events/") and record["status"] == "confirmed":
            cited = record["sources"][0]
            source_id = cited if isinstance(cited, str) else cited["source"]
            records[f"sources/{source_id}"]["type"] = "document"
    return records


class _Dumper(yaml.SafeDumper):
    """Multi-line text as a literal block (``|``), as contributors write it."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(record: Record) -> str:
    return yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


MKDOCS_YML = """\
site_name: {site_name}
docs_dir: docs
theme:
  name: material
  font: false
  features: [navigation.instant, search.suggest, search.highlight]
plugins:
  - search
  - tags
{dossier}markdown_extensions:
  - attr_list
  - toc:
      permalink: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
nav:
  - Home: index.md
  - Timeline: events/index.md
  - Entities: entities/index.md
  - Statements: statements/index.md
  - Sources: sources/index.md
validation:
  nav:
    omitted_files: ignore
"""
DOSSIER_PLUGIN = "  - dossier:\n      content_dir: content\n"
HOME = "# Synthetic dossier\n\nA generated dossier of {n} records for the benchmarks.\n"


def mkdocs_yml(n: int, *, plugin: bool) -> str:
    """``site_url`` is left unset so ``mkdocs serve`` mounts the site at ``/``."""
    return MKDOCS_YML.format(
        site_name=f"Synthetic dossier ({n} records)", dossier=DOSSIER_PLUGIN if plugin else ""
    )


def generate(root: Path, n: int, seed: int = 0) -> Path:
    """Write the synthetic dossier project of ``n`` records under ``root``."""
    for name, record in generate_records(n, seed).items():
        path = root / "content" / f"{name}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(record), encoding="utf-8")
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text(HOME.format(n=n), encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(n, plugin=True), encoding="utf-8")
    return root


def write_plain_twin(dossier: Path, plain: Path, n: int) -> Path:
    """The plugin's generated Markdown as files on disk, built by MkDocs alone."""
    from mkdocs_dossier.engine import check_content
    from mkdocs_dossier.render import SiteRenderer

    checked = check_content(dossier / "content")
    if checked.index is None:
        problems = "\n".join(p.format_text() for p in checked.problems)
        raise RuntimeError(f"the synthetic dossier is invalid:\n{problems}")
    docs = plain / "docs"
    for page in SiteRenderer(checked.index).all_pages():
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    (docs / "index.md").write_text(HOME.format(n=n), encoding="utf-8")
    (plain / "mkdocs.yml").write_text(mkdocs_yml(n, plugin=False), encoding="utf-8")
    return plain


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic dossier project.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plain", type=Path, help="also write the plain twin here")
    args = parser.parse_args()
    generate(args.out, args.records, args.seed)
    if args.plain:
        write_plain_twin(args.out, args.plain, args.records)
