"""Stage 4, render: records plus the link index in, page Markdown out.

Every page comes from a Jinja2 template (packaged, or overridden by a
site's own folder) named in one list of ``PageSpec``: the serial build,
the parallel workers, the plugin's file registration, ``dossier render``
and ``serve``'s stand-in pages all read ``SiteRenderer.pages()``.
Templates never print record text raw: the environment's ``finalize``
escapes every ``{{ value }}`` that is not already ``Markup``, so
forgetting a filter cannot open a hole. What is specific to the site
generator is asked of the dialect (``render/dialect.py``); URLs come from
``urls.Urls``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..corroboration import in_words, origin_names
from ..history import Revision
from ..kinds import REGISTRY, Kind, Registry
from ..kinds.question import OPEN_STATUSES
from ..kinds.source import PRIMARY_TYPES
from ..kinds.statement import ANSWERS, QUOTELESS, STATEMENT_TYPES
from ..link import LinkIndex
from ..records import Record
from ..search import RELATED_MARK
from ..urls import Urls, relative_src, relative_url
from ..vocab import Term, Vocabulary, badge_class
from . import graph, markup
from . import parts as splitting
from .change import Change, record_title
from .dialect import DIALECT, Dialect, icon_html
from .markup import MarkdownRenderer
from .parts import (
    CLAIM_KEYS,
    CORRECTION_KEYS,
    Part,
    part_src,
    split,
    split_by,
    split_tags,
)
from .timeline import legend, timeline_svg

T = TypeVar("T")

PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
#: A record page lists at most this many of the records of one long list
#: (an entity's events), and says how many more there are.
LISTED = 100
#: A claim lists at most this many answers (on the claims pages and the
#: briefing), and says how many more there are on the statement's page.
ANSWERS_SHOWN = 20
#: The printable briefing prints at most this many claims (the most
#: answered and corroborated) and says where the others are.
BRIEFING_CLAIMS = 25


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for the renderers of one ``serve``."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass(frozen=True, slots=True)
class View:
    """A page of the whole dossier: ``<folder>/index.md`` from ``<folder>.md.j2``."""

    folder: str
    title: str
    #: The kinds whose records the view lists, showing of each only its own
    #: fields and the lines of the records it names; None for a view that
    #: may show anything in the dossier.
    lists: tuple[str, ...] | None = None


#: The briefing views, in page order after the kinds' index pages.
VIEWS = (
    # The entities and the connections their relations and events make.
    View("graph", "Graph", lists=("entity", "event")),
    View("claims", "Claims"),
    View("briefing", "Printable briefing"),
    View("corrections", "Corrections"),
)
#: The pages of the records of each tag, when the site's tags page would
#: list too many (``parts.split_tags``): only parts, under ``tags/parts/``;
#: the site's own tags page lists them in place of Material's listing.
TAGS = View("tags", "Tagged")


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One generated page: its source path, template and what it shows.

    ``record`` is set for record pages; ``kind`` for a kind's index, ``view``
    for a view; ``part`` for a part of a split index or view
    (``render/parts.py``): its ``records`` are the records the page lists.

    ``lists`` names, in order, the records whose lines the page shows: what
    it shows of each is no more than the record's own page shows, and of the
    records it names. A ``serve`` reload renders the page again only when
    its spec changed or one of those records' pages must be rendered again
    (``render/affected.py``), or, for a page that shows of each only its
    own fields and the faces of the records it names
    (``SiteRenderer.shows_own_lines``), when one of those changed; ``None``
    (the default) is for a page that may show anything in the dossier,
    rendered on every reload.
    """

    uri: str
    template: str
    title: str
    record: Record | None = None
    kind: Kind | None = None
    view: View | None = None
    part: Part | None = None
    lists: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class RenderedPage:
    src_uri: str
    markdown: str


def site_pages(registry: Registry = REGISTRY) -> list[PageSpec]:
    """The pages every dossier has whatever its records: the kinds' indexes
    and the views (also what ``serve`` shows while the content is broken)."""
    pages = [
        PageSpec(Urls.index_src(kind.folder), kind.index_template, kind.plural, kind=kind)
        for kind in registry
    ]
    pages += [
        PageSpec(Urls.index_src(v.folder), f"{v.folder}.md.j2", v.title, view=v) for v in VIEWS
    ]
    return pages


def src_uri(record: Record) -> str:
    """The Markdown source path of a record page: ``entities/openai.md``."""
    return Urls.record_src(REGISTRY.kinds[record.kind].folder, record.id)


class PageContext:
    """What a template needs to link from one page to others (``page``)."""

    def __init__(self, src: str, site: SiteRenderer) -> None:
        self.src = src
        self.folder = src.rpartition("/")[0]
        self.url = site.urls.url(src)
        self.site = site
        self.index = site.index

    def href(self, record_id: str) -> str:
        """The Markdown link target of a record page, relative to this page."""
        return relative_src(self.src, src_uri(self.index.records[record_id]))

    def to_index(self, folder: str) -> str:
        """The Markdown link target of an index or view page (``"events"``)."""
        return relative_src(self.src, Urls.index_src(folder))

    def to_src(self, src: str) -> str:
        """The relative URL of another page, for links in raw HTML."""
        return self.site.urls.relative(self.src, src)

    def url_to(self, record_id: str) -> str:
        """The relative URL of a record page, for links in raw HTML (SVG)."""
        return self.site.urls.relative(self.src, src_uri(self.index.records[record_id]))

    def link(self, record_id: str, label: str | None = None) -> Markup:
        """A Markdown link to a record, labelled by its title unless told."""
        if label is None:
            return self.site.cached_link(self.folder, record_id, self.href)
        return Markup(f"[{markup.text(label)}]({self.href(record_id)})")

    def item(self, record: Record) -> Markup:
        """One line about a record in a list: date and badge, and a link."""
        return self.site.cached_item(self.folder, record, self)

    def corroboration(self, record: Record) -> Markup:
        """How a claim is sourced, in words, its origins linked: "4 sources
        from 2 independent origins: Bloomberg, Financial Times"; empty for a
        record that is not a claim."""
        value = self.index.corroborated(record.id)
        if value is None:
            return Markup("")
        names = origin_names(self.index.records, value.origins)
        # The sentence's own words are plain; the names are escaped links.
        return Markup(in_words(value, [str(self.link(sid, name)) for sid, name in names]))

    def markdown(self, source: str | None) -> Markup:
        """A description rendered to sanitized HTML, as a raw block."""
        if not source:
            return Markup("")
        rendered = self.site.markdown.render(source, self.url)
        return self.site.dialect.html_block(f'<div class="dossier-prose">\n{rendered}\n</div>')


class SiteRenderer:
    """Renders every generated page of a dossier from one link index."""

    def __init__(
        self,
        index: LinkIndex,
        template_dirs: list[Path] | None = None,
        updated: dict[str, datetime.date] | None = None,
        urls: Urls | None = None,
        dialect: Dialect = DIALECT,
        revisions: dict[str, list[Revision]] | None = None,
        repo_url: str = "",
        index_cap: int | None = None,
        site_name: str = "",
        site_description: str = "",
        key_points: tuple[str, ...] = (),
        tags_page: str = "",
        bytecode_cache: jinja2.BytecodeCache | None = None,
        previous: SiteRenderer | None = None,
    ) -> None:
        """``previous`` is the renderer of the last ``serve`` reload, made
        with the same settings: what it worked out for the records the edit
        left alone is kept (``change``)."""
        self.index = index
        #: The site's own page holding the tags listing, which the pages of
        #: split tags link back to.
        self.tags_page = tags_page
        self.site_name = site_name
        self.site_description = site_description
        #: The records the site's home page names as its key points.
        self.key_point_ids = key_points
        #: The most entries a generated page lists (``parts.INDEX_CAP``
        #: unless told, read when the renderer is made).
        self.index_cap = splitting.INDEX_CAP if index_cap is None else index_cap
        self._answer_trees: dict[str, list[tuple[int, Any]]] = {}
        self._parts: dict[str, list[Part]] = {}
        self._view_parts: dict[str, list[Part]] = {}
        self._tag_parts: list[tuple[str, list[Part]]] = []
        self._tag_part_of: dict[tuple[str, str], str] = {}
        self.registry = index.registry
        self.updated = updated or {}
        #: Each record file's newest revisions, and where its commits are shown.
        self.revisions = revisions or {}
        self.repo_url = repo_url if _is_web_address(repo_url) else ""
        self.urls = urls or Urls()
        self.dialect = dialect
        #: Whether the site's own templates replace any packaged one.
        self.overrides = any(
            (Path(folder) / path.name).exists()
            for folder in template_dirs or []
            for path in PACKAGED_TEMPLATES.glob("*.j2")
        )
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader([str(d) for d in template_dirs or []]),
            jinja2.FileSystemLoader(str(PACKAGED_TEMPLATES)),
        ]
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            finalize=markup.text,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=True,
            # One renderer serves one build: no need to stat every template
            # each time a page imports the shared macros.
            auto_reload=False,
            # `serve` makes a renderer per reload: the compiled templates
            # are kept (each is compiled again when its source changes).
            bytecode_cache=bytecode_cache,
        )
        self.env.globals.update(
            text=markup.text,
            lines=markup.lines,
            blockquote=markup.blockquote,
            attr=markup.attr,
            spaces=lambda n: Markup("    " * n),
            badge=self.badge,
            term_badge=self.term_badge,
            icon=dialect.icon,
            html_block=dialect.html_block,
            related_mark=Markup(RELATED_MARK),
            title=self.title,
            external=external,
            host=host,
            # Globals rather than render variables, so that the shared macros
            # are imported once (without context) instead of on every page.
            index=index,
            registry=self.registry,
        )
        self.env.filters["human"] = lambda date: date.human() if date is not None else ""
        self.env.filters["html_block"] = dialect.html_block
        self.markdown = MarkdownRenderer(self._label_of, self._url_of)
        self._templates: dict[str, jinja2.Template] = {}
        #: A record's link and list line, by record id, then by the folder
        #: of the page showing it.
        self._links: dict[str, dict[str, Markup]] = {}
        self._items: dict[str, dict[str, Markup]] = {}
        self._badges: dict[str, Markup] = {}
        self._index_specs: list[PageSpec] | None = None
        self._pages: list[PageSpec] | None = None
        self._uris: frozenset[str] | None = None
        #: Each record's page, by id, once ``pages`` has listed them.
        self._record_specs: dict[str, PageSpec] = {}
        #: The ids of each kind's records, in index order.
        self._ids: dict[str, tuple[str, ...]] = {}
        #: Where each record is listed among the parts of a kind's index (or
        #: of the tags'), once a reload has looked: by id, the parts' places.
        self._where: dict[str, dict[str, list[int]]] = {}
        #: The specs of ``previous`` this renderer may take over: of record
        #: pages by id, of parts by source path.
        self._kept_records: dict[str, PageSpec] = {}
        self._kept_parts: dict[str, PageSpec] = {}
        #: What changed since ``previous``; None without one.
        self.change: Change | None = None
        if previous is not None:
            self.change = Change.between(previous.index, index)
        self.edges: dict[tuple[str, str], graph.Edge]
        self.edges_of: dict[str, list[graph.Edge]]
        #: Each entity's edges' total weight, once asked for.
        self._edge_weights: dict[str, float] | None = None
        # Relations, participants and entity names make the graph.
        if self.change is not None and not self.change.kinds & {"entity", "event"}:
            assert previous is not None
            self.edges, self.edges_of = previous.edges, previous.edges_of
            self._edge_weights = previous._edge_weights
        else:
            self.edges = graph.build_edges(index)
            self.edges_of = graph.edges_by_node(self.edges)
        if previous is not None:
            self._take_over(previous)

    def _take_over(self, previous: SiteRenderer) -> None:
        """Keep what ``previous`` made of the records whose faces, and whose
        split keys, are the same: their links, list lines and badges, their
        page specs and the parts of the indexes."""
        change = self.change
        assert change is not None
        # The per-record caches are shared with ``previous`` while the
        # record's face is the same: what either adds holds for both.
        self._links = _without(previous._links, change.shown)
        self._items = _without(previous._items, change.shown)
        self._badges = _without(previous._badges, change.changed)
        self._kept_records = _without(previous._record_specs, change.shown)
        same_order = True
        for kind in self.registry:
            before = previous._ids.get(kind.name)
            if before != self.ids(kind.name):
                same_order = False
                continue
            assert before is not None
            self._ids[kind.name] = before  # the same tuple: specs compare at once
            if kind.name in previous._parts and self._keys_kept(
                previous, kind.name, splitting.keys_of(kind)
            ):
                self._parts[kind.name] = self._swapped(previous, kind.name, previous._parts)
        if (
            same_order
            and TAGS.folder in previous._view_parts
            and self._keys_kept(previous, None, splitting.TAG_KEYS)
        ):
            flat = self._swapped(previous, TAGS.folder, previous._view_parts)
            self._view_parts[TAGS.folder] = flat
            pieces = iter(flat)
            self._tag_parts = [
                (tag, [next(pieces) for _ in parts]) for tag, parts in previous._tag_parts
            ]
            self._tag_part_of = previous._tag_part_of
        # The claims split by the allegations' dates and by how much each
        # shows: its answers, what it is about, the origins of its sources.
        claims = previous._view_parts.get("claims")
        if claims is not None and not change.kinds & {"statement", "source"}:
            self._view_parts["claims"] = claims
        if previous._index_specs is not None:
            self._kept_parts = {s.uri: s for s in previous._index_specs if s.part is not None}

    def _swapped(
        self, previous: SiteRenderer, name: str, parts_of: dict[str, list[Part]]
    ) -> list[Part]:
        """The parts ``previous`` had under ``name`` (a kind, or the tags),
        which split as they did: those listing a changed record list it as
        it is now, the others are the same parts."""
        parts = list(parts_of[name])
        where = previous._where.get(name)
        if where is None:
            where = {}
            for i, part in enumerate(parts):
                for r in part.records:
                    where.setdefault(r.id, []).append(i)
        self._where[name] = where
        records = self.index.records
        assert self.change is not None
        for i in sorted({i for rid in self.change.changed for i in where.get(rid, ())}):
            part = parts[i]
            parts[i] = replace(part, records=tuple(records[r.id] for r in part.records))
        return parts

    def _keys_kept(
        self, previous: SiteRenderer, kind: str | None, keys: tuple[splitting.Key, ...]
    ) -> bool:
        """Whether every record (of ``kind``; of any, by its tags too) that
        the edit reached splits by ``keys`` as it did."""
        change = self.change
        assert change is not None
        for rid in change.near:
            old, new = previous.index.records.get(rid), self.index.records.get(rid)
            if old is None or new is None:
                if kind is None or (old or new).kind == kind:  # type: ignore[union-attr]
                    return False
                continue
            if kind is not None and old.kind != kind and new.kind != kind:
                continue
            if kind is None and old.tags != new.tags:
                return False
            if [key(previous.index, old) for key in keys] != [key(self.index, new) for key in keys]:
                return False
        return True

    # -- the list of pages -------------------------------------------------

    def pages(self) -> list[PageSpec]:
        """Every generated page, in build order: indexes, views, records
        (worked out once, as ``index_specs``)."""
        if self._pages is None:
            kept = self._kept_records
            specs = self._record_specs
            for r in self.index.records.values():
                spec = kept.get(r.id)
                if spec is None or spec.record is not r:
                    spec = PageSpec(
                        src_uri(r),
                        self.registry.of(r).template,
                        self.title(r),
                        record=r,
                        lists=(r.id,),
                    )
                specs[r.id] = spec
            self._pages = [*self.index_specs(), *specs.values()]
            self._kept_records = {}
        return list(self._pages)

    def index_specs(self) -> list[PageSpec]:
        """The indexes and views, each large one followed by its parts
        (worked out once: the renderer's index does not change)."""
        if self._index_specs is None:
            self._index_specs = self._make_index_specs()
            self._kept_parts = {}
        return list(self._index_specs)

    def _make_index_specs(self) -> list[PageSpec]:
        specs: list[PageSpec] = []
        for spec in site_pages(self.registry):
            if spec.kind is not None:
                folder, pieces = spec.kind.folder, self.parts(spec.kind)
                # The first page lists the kind's records, or its parts with
                # their labels and counts, which come from the same records.
                specs.append(replace(spec, lists=self.ids(spec.kind.name)))
            else:
                assert spec.view is not None
                view = spec.view
                folder, pieces = view.folder, self.view_parts(view)
                if view.lists is None:  # its first page may show anything
                    specs.append(spec)
                else:
                    ids = tuple(i for kind in view.lists for i in self.ids(kind))
                    specs.append(replace(spec, lists=ids))
            specs += [
                self._part_spec(
                    part_src(folder, part.slug),
                    spec.template,
                    f"{spec.title}: {part.label}",
                    part,
                    kind=spec.kind,
                    view=spec.view,
                )
                for part in pieces
            ]
        specs += [
            self._part_spec(
                part_src(TAGS.folder, part.slug),
                "tagged.md.j2",
                f"{TAGS.title}: {part.label}",
                part,
                view=TAGS,
            )
            for _, pieces in self.tag_parts()
            for part in pieces
        ]
        return specs

    def _part_spec(
        self,
        uri: str,
        template: str,
        title: str,
        part: Part,
        kind: Kind | None = None,
        view: View | None = None,
    ) -> PageSpec:
        """The page of a part; the previous reload's, for the same part."""
        kept = self._kept_parts.get(uri)
        wanted = (template, title)
        if kept is not None and kept.part is part and (kept.template, kept.title) == wanted:
            return kept
        lists = tuple(r.id for r in part.records)
        return PageSpec(uri, template, title, kind=kind, view=view, part=part, lists=lists)

    def shows_own_lines(self, spec: PageSpec) -> bool:
        """Whether a page listing records shows of each only its own fields
        and the lines of the records it names: a kind's index and its parts,
        the pages of a tag and the views that list kinds (``View.lists``),
        from the packaged templates. A ``serve`` reload renders it again
        only when one of those changed (``Change.listed``), not for every
        change its records' pages see."""
        return (
            spec.record is None
            and (spec.kind is not None or spec.view == TAGS or _lists_kinds(spec.view))
            and not self.overrides
        )

    def ids(self, kind: str) -> tuple[str, ...]:
        """The ids of a kind's records, in index order."""
        found = self._ids.get(kind)
        if found is None:
            found = self._ids[kind] = tuple(r.id for r in self.index.all(kind))
        return found

    def tag_parts(self) -> list[tuple[str, list[Part]]]:
        """Each tag with the pages of its records, when the tags listing
        would be too long for one page; else none (Material lists them)."""
        if TAGS.folder not in self._view_parts:
            found = split_tags(self.index, self.index_cap)
            self._tag_parts = found
            self._view_parts[TAGS.folder] = [p for _, pieces in found for p in pieces]
            self._tag_part_of = {
                (tag, r.id): part_src(TAGS.folder, p.slug)
                for tag, pieces in found
                for p in pieces
                for r in p.records
            }
        return self._tag_parts

    def tag_part_of(self, tag: str, record_id: str) -> str | None:
        """The source of the page listing a record under a tag, when tags
        have pages of their own."""
        self.tag_parts()
        return self._tag_part_of.get((tag, record_id))

    def tags_block(self, src: str) -> str:
        """In place of the tags listing on the site's page at ``src``: each
        tag with its count and the pages of its records, with theirs."""
        page = PageContext(src, self)
        tags = [
            (
                tag,
                sum(len(p.records) for p in pieces),
                [
                    (
                        self.dialect.link(
                            markup.text(p.label.removeprefix(f"{tag}, ")),
                            part_src(TAGS.folder, p.slug),
                            page.src,
                        ),
                        len(p.records),
                    )
                    for p in pieces
                ],
            )
            for tag, pieces in self.tag_parts()
        ]
        return self.template("tags-list.md.j2").render(page=page, tags=tags)

    def _tags_values(self, page: PageContext, part: Part | None) -> dict[str, Any]:
        assert part is not None
        groups: dict[str, tuple[Kind, list[Record]]] = {}
        for record in part.records:
            kind = self.registry.of(record)
            groups.setdefault(kind.name, (kind, []))[1].append(record)
        return {
            "part": part,
            "groups": list(groups.values()),
            "all_link": self.dialect.link(markup.text("All tags"), self.tags_page, page.src)
            if self.tags_page
            else "",
        }

    def parts(self, kind: Kind) -> list[Part]:
        """The parts of a kind's index page; none when it fits on one page."""
        if kind.name not in self._parts:
            records = self.index.all(kind.name)
            self._parts[kind.name] = split(self.index, kind, records, self.index_cap)
        return self._parts[kind.name]

    def view_parts(self, view: View) -> list[Part]:
        """The parts of a view (``_<folder>_parts``); none when it fits on
        one page or never splits."""
        if view.folder not in self._view_parts:
            make = getattr(self, f"_{view.folder}_parts", None)
            self._view_parts[view.folder] = make() if make is not None else []
        return self._view_parts[view.folder]

    def _listing(
        self, folder: str, label: str, parts: list[Part], part: Part | None, page: PageContext
    ) -> dict[str, Any]:
        """What ``_parts.md.j2`` needs: on the first page of a split page its
        parts as ``(link, count)``; on a part, the part and the way back."""
        return {
            "part": part,
            "parts": [
                (
                    self.dialect.link(markup.text(p.label), part_src(folder, p.slug), page.src),
                    len(p.items),
                )
                for p in parts
            ]
            if part is None
            else [],
            "all_link": self.dialect.link(markup.text(label), Urls.index_src(folder), page.src),
        }

    def render(self, spec: PageSpec) -> RenderedPage:
        page = self.record_page(spec.record) if spec.record is not None else self._site_page(spec)
        if self._uris is None:
            self._uris = frozenset(self.all_uris())
        finished = self.dialect.finished(page.markdown, spec.uri, self._uris, self.urls)
        return RenderedPage(page.src_uri, finished)

    def site_pages(self) -> list[RenderedPage]:
        """The indexes and views (with the parts of split indexes), rendered."""
        return [self.render(spec) for spec in self.index_specs()]

    def all_pages(self) -> Iterator[RenderedPage]:
        for spec in self.pages():
            yield self.render(spec)

    def all_uris(self) -> list[str]:
        """The ``src_uri`` of every page, in build order, without rendering any."""
        return [spec.uri for spec in self.pages()]

    # -- pieces templates use ----------------------------------------------

    def badge(self, record: Record) -> Markup:
        """The badge of a record: its status or type, with icon and label."""
        cached = self._badges.get(record.id)
        if cached is None:
            html = self.badge_html(record)
            cached = self._badges[record.id] = self.dialect.inline_html(html) if html else html
        return cached

    def badge_html(self, record: Record) -> Markup:
        """``badge`` as HTML, for places that are not Markdown."""
        found = self.registry.of(record).badge(record)
        return self.term_badge_html(*found) if found else Markup("")

    def kind_line(self, record: Record) -> Markup:
        """What a list of pages of any kind says beside a record's title, as
        HTML: its kind, its date in words and its badge ("Event · 20 January
        2025 · Confirmed"), for the tags page."""
        kind = self.registry.of(record)
        parts = [Markup('<span class="dossier-kind">{}</span>').format(kind.name.capitalize())]
        day = kind.date(record)
        if day is not None:
            parts.append(Markup('<span class="dossier-date">{}</span>').format(day.human()))
        badge = self.badge_html(record)
        if badge:
            parts.append(badge)
        return Markup('<span class="dossier-kind-line">{}</span>').format(Markup(" · ").join(parts))

    def term_badge(self, vocabulary: Vocabulary | str, value: Term | str) -> Markup:
        """The badge of a term of a vocabulary (by name), in the page's Markdown."""
        return self.dialect.inline_html(self.term_badge_html(vocabulary, value))

    def term_badge_html(self, vocabulary: Vocabulary | str, value: Term | str) -> Markup:
        if isinstance(vocabulary, str):
            vocabulary = self.registry.vocabularies[vocabulary]
        term = value if isinstance(value, Term) else vocabulary.term(value)
        return Markup(
            f'<span class="dossier-badge {badge_class(vocabulary, term.value)}" '
            f'title="{markup.attr(term.doc or term.label)}">'
            f"{icon_html(term.icon)} {markup.text(term.label)}</span>"
        )

    def cached_link(self, folder: str, record_id: str, href: Callable[[str], str]) -> Markup:
        # The same records are linked from many pages; from one folder the
        # Markdown of a link is always the same.
        by_folder = self._links.get(record_id)
        if by_folder is None:
            by_folder = self._links[record_id] = {}
        link = by_folder.get(folder)
        if link is None:
            record = self.index.records[record_id]
            link = Markup(f"[{markup.text(self.title(record))}]({href(record_id)})")
            by_folder[folder] = link
        return link

    def cached_item(self, folder: str, record: Record, page: PageContext) -> Markup:
        by_folder = self._items.get(record.id)
        if by_folder is None:
            by_folder = self._items[record.id] = {}
        line = by_folder.get(folder)
        if line is None:
            kind = self.registry.of(record)
            link = page.link(record.id)
            day = kind.date(record)
            if kind.badge_field is None:
                parts = [str(link)]
                publisher = getattr(record, "publisher", None)
                if publisher:
                    parts.append(str(markup.text(self.index.label(publisher))))
                if day is not None:
                    parts.append(str(markup.text(day.human())))
                line = Markup(", ".join(parts))
            elif day is not None:
                line = Markup(f"**{markup.text(day.human())}** {self.badge(record)} {link}")
            else:
                line = Markup(f"{self.badge(record)} {link}")
            by_folder[folder] = line
        return line

    def commit_url(self, sha: str) -> str | None:
        """The web page of a commit, when the site names its repository."""
        return f"{self.repo_url.rstrip('/')}/commit/{sha}" if self.repo_url else None

    def _label_of(self, record_id: str) -> str | None:
        record = self.index.get(record_id)
        return self.title(record) if record is not None else None

    def _url_of(self, record_id: str) -> str:
        return self.urls.url(src_uri(self.index.records[record_id]))

    def template(self, name: str) -> jinja2.Template:
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def title(self, record: Record) -> str:
        return record_title(self.index, record)

    # -- record pages --------------------------------------------------------

    def record_page(self, record: Record) -> RenderedPage:
        src = src_uri(record)
        page = PageContext(src, self)
        index = self.index
        rid = record.id

        def connections() -> tuple[list[graph.Edge], Markup]:
            nodes, edges = graph.neighbourhood(rid, self.edges_of)
            if not edges:
                return [], Markup("")
            svg = graph.graph_svg(
                index,
                nodes,
                edges,
                page.url_to,
                f"{index.label(rid)} and the entities connected to it",
                focus=rid,
            )
            return edges, svg

        body = self.template(self.registry.of(record).template).render(
            record=record,
            page=page,
            backlinks=lambda role: index.backlinks(rid, role),
            pointing=lambda role: index.pointing(rid, role),
            threads=lambda: index.threads(rid),
            connections=connections,
            connected=len(self.edges_of.get(rid, ())),
            listed=LISTED,
        )
        revisions = self.revisions.get(record.path)
        if revisions:
            body = (
                body.rstrip("\n")
                + "\n\n"
                + self.template("revisions.md.j2").render(
                    page=page, revisions=revisions, commit_url=self.commit_url
                )
            )
        day = self.updated.get(record.path)
        if day is not None:
            body = (
                body.rstrip("\n")
                + "\n"
                + str(
                    self.dialect.html_block(
                        f'<p class="dossier-updated">Record last updated '
                        f'<time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time>.</p>'
                    )
                )
            )
        meta: dict[str, object] = {"title": self.title(record), "tags": list(record.tags)}
        summary = getattr(record, "summary", None)
        if summary:
            meta["description"] = summary
        return RenderedPage(src, self.dialect.front_matter(meta) + body)

    # -- indexes and views ---------------------------------------------------

    def _site_page(self, spec: PageSpec) -> RenderedPage:
        page = PageContext(spec.uri, self)
        values: dict[str, Any]
        if spec.kind is not None:
            values = self._index_values(spec.kind, page, spec.part)
        else:
            assert spec.view is not None
            values = getattr(self, f"_{spec.view.folder}_values")(page, spec.part)
        body = self.template(spec.template).render(page=page, **values)
        return RenderedPage(spec.uri, self.dialect.front_matter({"title": spec.title}) + body)

    def _index_values(self, kind: Kind, page: PageContext, part: Part | None) -> dict[str, Any]:
        """An index page's values: its records (or those of one part), grouped;
        on the first page of a split index, the parts as ``(label, href, count)``
        and no records."""
        parts = self.parts(kind)
        records: list[Any]
        if part is not None:
            records = list(part.records)
        elif parts:
            records = []
        else:
            records = self.index.all(kind.name)
        groups = kind.group(self.index, records) if kind.group else records
        values: dict[str, Any] = {
            "kind": kind,
            "groups": groups,
            "records": records,
            **self._listing(kind.folder, f"All {kind.plural.lower()}", parts, part, page),
        }
        if kind.name == "event":
            values.update(self._timeline_values(page, records))
            if parts:  # a year's part has its year's chart; the first page lists parts
                values["chart"] = Markup("")
        values["primary"] = PRIMARY_TYPES
        return values

    def _timeline_values(self, page: PageContext, events: list[Any]) -> dict[str, Any]:
        anchor = self._period_anchor
        return {
            "chart": timeline_svg(events, page.url_to, anchor),
            "legend": legend(),
            "year_chart": lambda year, months: self._year_chart(page, year, months),
        }

    def _graph_values(self, page: PageContext, part: Part | None) -> dict[str, Any]:
        """The most connected entities and the strongest connections among
        them (at most ``graph.MAX_NODES`` and ``graph.MAX_EDGES``, or the
        index cap when lower); how many were left out, and where they are."""
        nodes, edges = graph.whole_graph(
            self.index,
            self.edges,
            min(graph.MAX_NODES, self.index_cap),
            min(graph.MAX_EDGES, self.index_cap),
        )
        drawn_of = graph.edges_by_node({(e.a, e.b): e for e in edges})

        def more_of(node: str) -> int:
            return len(self.edges_of.get(node, ())) - len(drawn_of.get(node, ()))

        return {
            "svg": graph.graph_svg(
                self.index, nodes, edges, page.url_to, "Network of the entities in this dossier"
            ),
            "nodes": nodes,
            "edges": edges,
            "edges_of": drawn_of,
            "more_of": more_of,
            "cut": any(more_of(node) for node in nodes),
            "left_out": len(self.edges_of) - len(nodes),
            "entities": len(self.index.all("entity")),
            "entities_link": self.dialect.link(
                markup.text("entities index"),
                Urls.index_src(self.registry.kinds["entity"].folder),
                page.src,
            ),
            "legend": graph.legend(self.registry.kinds["entity"].vocabulary("type")),
        }

    def _allegations(self) -> list[Any]:
        return [s for s in self.index.all("statement") if s.type == "allegation"]

    def answers(self, statement_id: str) -> list[Any]:
        """The real responses to a statement (denials, comments, silences...),
        in the order of ``ANSWERS``, then by date."""
        by_type = self.index.answers(statement_id)
        return [s for kind in ANSWERS for s in by_type.get(kind, [])]

    def outlet(self, statement: Any) -> str | None:
        """Where a statement was made or reported: its venue, else the
        publisher of its first source."""
        if statement.venue:
            return self.index.label(statement.venue)
        for citation in statement.sources:
            source = self.index.get(citation.source)
            publisher = getattr(source, "publisher", None)
            if publisher:
                return self.index.label(publisher)
        return None

    def words(self, statement: Any) -> str:
        """What a statement says, for a reader skimming answers: its quote,
        else its summary, else what the silence was and to whom."""
        if statement.type not in QUOTELESS:
            if statement.quote:
                return f"“{statement.quote}”"
            return str(statement.summary or STATEMENT_TYPES.term(statement.type).label)
        outlet = self.outlet(statement)
        verb = "declined to comment" if statement.type == "no-comment" else "did not respond"
        return f"{verb} to {outlet}" if outlet else verb

    def answer_tree(self, statement_id: str) -> list[tuple[int, Any]]:
        """The answers to a statement and, nested under each, its own answers
        (three levels down), as ``(depth, statement)`` in reading order; an
        answer that is already an answer above it is left out."""
        tree = self._answer_trees.get(statement_id)
        if tree is None:
            tree = self._answer_trees[statement_id] = self._answers_below(statement_id, 0, ())
        return tree

    def _answers_below(
        self, statement_id: str, depth: int, seen: tuple[str, ...]
    ) -> list[tuple[int, Any]]:
        found: list[tuple[int, Any]] = []
        for answer in self.answers(statement_id):
            if answer.id in seen:
                continue
            found.append((depth, answer))
            if depth < 3:
                found += self._answers_below(answer.id, depth + 1, (*seen, statement_id))
        return found

    def _claim_size(self, claim: Any) -> int:
        """The entries a claim makes on a claims page, counted as the records
        it links: itself, its speaker, what it is about, the origins of its
        sources, and each answer shown with its speaker."""
        answers = min(len(self.answer_tree(claim.id)), ANSWERS_SHOWN)
        corroborated = self.index.corroborated(claim.id)
        origins = len(corroborated.origins) if corroborated is not None else 0
        return 2 + len(claim.about) + origins + 2 * answers

    def _claims_parts(self) -> list[Part]:
        return split_by(
            self.index, self._allegations(), CLAIM_KEYS, self.index_cap, size=self._claim_size
        )

    def _claims_values(self, page: PageContext, part: Part | None) -> dict[str, Any]:
        parts = self._view_parts_of("claims")
        allegations = list(part.records) if part is not None else [] if parts else None
        return {
            "allegations": self._allegations() if allegations is None else allegations,
            "answer_tree": self.answer_tree,
            "shown": ANSWERS_SHOWN,
            "words": self.words,
            "silent": QUOTELESS,
            **self._listing("claims", "All claims", parts, part, page),
        }

    def _view_parts_of(self, folder: str) -> list[Part]:
        return self.view_parts(next(v for v in VIEWS if v.folder == folder))

    def main_claims(self, allegations: list[Any], limit: int = BRIEFING_CLAIMS) -> list[Any]:
        """The claims a briefing prints: every one up to ``limit``, else the
        most answered, then the best corroborated (the latest on a tie), in
        their own order."""
        if len(allegations) <= limit:
            return allegations

        def rank(claim: Any) -> tuple[int, int]:
            corroborated = self.index.corroborated(claim.id)
            origins = corroborated.independent if corroborated is not None else 0
            return len(self.answers(claim.id)), origins

        ranked = sorted(enumerate(allegations), key=lambda p: (*rank(p[1]), p[0]), reverse=True)
        chosen = {claim.id for _, claim in ranked[:limit]}
        return [claim for claim in allegations if claim.id in chosen]

    def _briefing_values(self, page: PageContext, part: Part | None) -> dict[str, Any]:
        as_of = self.as_of()
        allegations = self._allegations()
        claims = self.main_claims(allegations, min(BRIEFING_CLAIMS, self.index_cap))
        events = self.index.all("event")
        event_kind = self.registry.kinds["event"]
        sources = self.bibliography()
        if len(sources) > self.index_cap or len(claims) < len(allegations):
            cited = {
                c.source
                for claim in claims
                for s in (claim, *self.answers(claim.id)[:ANSWERS_SHOWN])
                for c in s.sources
            }
            sources = [s for s in sources if s.id in cited]
        kinds = self.registry.kinds
        return {
            "site_name": self.site_name,
            "lead": self.site_description,
            "as_of": as_of,
            "key_points": self.key_points() or self.busiest_stretch(),
            "allegations": claims,
            "claims_left": len(allegations) - len(claims),
            "claims_link": self.dialect.link(
                markup.text("Claims"), Urls.index_src("claims"), page.src
            ),
            "answers": self.answers,
            "shown": ANSWERS_SHOWN,
            "words": self.words,
            "silent": QUOTELESS,
            "key_entities": self.key_entities(),
            "events": events,
            # A long timeline is printed as its periods, each with its count.
            "periods": self._listing(
                event_kind.folder, "Timeline", self.parts(event_kind), None, page
            )["parts"],
            "timeline_link": self.dialect.link(
                markup.text("timeline"), Urls.index_src(event_kind.folder), page.src
            ),
            "bibliography": sources,
            "sources_total": len(self.index.all("source")),
            "sources_link": self.dialect.link(
                markup.text("Sources"), Urls.index_src(kinds["source"].folder), page.src
            ),
            "summary_of": self.summary_of,
            "glance": Markup(self.glance(page.src)),
        }

    def key_points(self, ids: tuple[str, ...] | None = None) -> list[Record]:
        """The records named as key points (the home page's, unless given);
        ids that name no record are left out (the page reports them)."""
        chosen = self.key_point_ids if ids is None else ids
        return [self.index.records[i] for i in chosen if i in self.index.records]

    def summary_of(self, record: Record) -> str:
        """A record's summary, when it says more than the record's title."""
        summary = getattr(record, "summary", None)
        if not summary or summary == self.title(record):
            return ""
        return str(summary)

    def bibliography(self) -> list[Any]:
        """The sources, in order of publication, for a numbered list."""
        return self.index.all("source")

    def as_of(self) -> datetime.date | None:
        """The date the dossier is as of: the newest change to a record that
        Git knows of, else the newest date a record carries (never in the future)."""
        if self.updated:
            return max(self.updated.values())
        today = datetime.date.today()
        days = [
            day.sort_key()[0]
            for record in self.index.records.values()
            if (day := self.registry.of(record).date(record)) is not None
            and day.earliest is not None
        ]
        days = [d for d in days if d <= today]
        return max(days) if days else None

    def as_of_block(self) -> str:
        """The as-of line for a hand-written page, as raw HTML."""
        day = self.as_of()
        if day is None:
            return ""
        return str(
            self.dialect.html_block(
                f'<p class="dossier-as-of">As of <time datetime="{day.isoformat()}">'
                f"{day.day} {day:%B %Y}</time>, the date of the newest change to "
                "the records.</p>"
            )
        )

    def vocabulary_block(self, name: str) -> str:
        """A vocabulary's words and what each means, as a definition list
        (raw HTML, whatever Markdown extensions the site has)."""
        vocabulary = self.registry.vocabularies.get(name)
        if vocabulary is None:
            return ""
        items = "".join(
            f"<dt>{self.term_badge_html(vocabulary, term)}</dt><dd>{markup.attr(term.doc)}</dd>\n"
            for term in vocabulary.terms
        )
        return str(self.dialect.html_block(f'<dl class="dossier-terms">\n{items}</dl>'))

    def key_points_block(self, src: str, ids: tuple[str, ...]) -> str:
        """Named records as a list of key points, for a hand-written page."""
        page = PageContext(src, self)
        return self.template("key-points.md.j2").render(
            page=page, records=self.key_points(ids), summary_of=self.summary_of
        )

    def open_questions(self) -> list[Any]:
        """The questions the record does not settle yet, oldest first."""
        return [q for q in self.index.all("question") if q.status in OPEN_STATUSES]

    def open_questions_block(self, src: str) -> str:
        """The open and partly answered questions, for a hand-written page
        (at most the index cap, then how many more and where)."""
        page = PageContext(src, self)
        questions = self.open_questions()
        return self.template("open-questions.md.j2").render(
            page=page,
            questions=questions[: self.index_cap],
            more=max(0, len(questions) - self.index_cap),
            questions_link=self.dialect.link(
                markup.text("questions index"),
                Urls.index_src(self.registry.kinds["question"].folder),
                page.src,
            ),
            summary_of=self.summary_of,
        )

    def busiest_stretch(self, size: int = 6) -> list[Any]:
        """The events of the story's densest stretch: of every run of ``size``
        consecutive events, the one spanning the fewest days (the latest on a tie)."""
        events = [e for e in self.index.all("event") if e.date.earliest is not None]
        if len(events) <= size:
            return events
        best = 0
        best_span: int | None = None
        for start in range(len(events) - size + 1):
            first, last = events[start], events[start + size - 1]
            span = (last.date.sort_key()[0] - first.date.sort_key()[0]).days
            if best_span is None or span <= best_span:
                best, best_span = start, span
        return events[best : best + size]

    def _corrections_parts(self) -> list[Part]:
        return split_by(
            self.index, self.corrections(), CORRECTION_KEYS, self.index_cap, lambda e: e[1]
        )

    def _corrections_values(self, page: PageContext, part: Part | None) -> dict[str, Any]:
        parts = self._view_parts_of("corrections")
        corrections = list(part.items) if part is not None else [] if parts else None
        return {
            "corrections": self.corrections() if corrections is None else corrections,
            **self._listing("corrections", "All corrections", parts, part, page),
        }

    def corrections(self) -> list[tuple[Any, Record]]:
        """Every correction of every record with its record, newest first."""
        found = [(c, r) for r in self.index.records.values() for c in r.corrections]
        found.sort(key=lambda pair: (pair[0].date.sort_key(), pair[1].id), reverse=True)
        return found

    def key_entities(self, limit: int = 12) -> list[Any]:
        """The entities with the most connections, for the briefing."""

        if self._edge_weights is None:
            self._edge_weights = {
                node: sum(e.weight for e in edges) for node, edges in self.edges_of.items()
            }
        edge_weights = self._edge_weights

        def weight(entity: Record) -> float:
            return edge_weights.get(entity.id, 0) + len(self.index.backlinks(entity.id, "speaker"))

        entities = self.index.all("entity")
        ranked = sorted(entities, key=lambda e: (-weight(e), e.label.casefold()))
        return [e for e in ranked[:limit] if weight(e) > 0]

    def glance(self, src: str) -> str:
        """The "at a glance" block for a hand-written page at ``src``."""
        page = PageContext(src, self)
        events = self.index.all("event")
        status = self.registry.kinds["event"].vocabulary("status")
        statuses = {value: 0 for value in status}
        for event in events:
            statuses[event.status] = statuses.get(event.status, 0) + 1
        stretch = self.busiest_stretch()
        newest = events[-1] if events and events[-1] not in stretch else None
        counts = [
            (kind, len(self.index.all(kind.name)), page.to_src(Urls.index_src(kind.folder)))
            for kind in self.registry
        ]
        return self.template("glance.md.j2").render(
            page=page,
            statuses={value: n for value, n in statuses.items() if n},
            status=status,
            events=events,
            stretch=stretch,
            newest=newest,
            counts=counts,
        )

    def _year_chart(
        self, page: PageContext, year: str, months: list[tuple[str, list[Any]]]
    ) -> Markup:
        """A chart of one year's events, so a crowded month stays readable."""
        events = [e for _, group in months for e in group]
        if not year.isdigit() or len(self.index.all("event")) < 12 or len(events) < 3:
            return Markup("")
        window = (datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31))
        return timeline_svg(events, page.url_to, self._period_anchor, window, chart_id=year)

    def _period_anchor(self, event: Any) -> str:
        """The list heading an event sits under, as the generator slugs it."""
        from ..kinds.event import month_of, year_of

        return self.dialect.slug(month_of(event) or year_of(event))


def _lists_kinds(view: View | None) -> bool:
    return view is not None and view.lists is not None


def _without(cache: dict[str, T], ids: Iterable[str]) -> dict[str, T]:
    """A copy of ``cache`` without the entries of ``ids``."""
    kept = dict(cache)
    for rid in ids:
        kept.pop(rid, None)
    return kept


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def host(url: str) -> str:
    """The host of an http(s) URL without ``www.``, naming a link's target."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def external(url: str, label: str | None = None) -> Markup:
    """An external http(s) link as inline HTML, so no URL can bend Markdown."""
    return Markup(
        f'<a href="{markup.attr(url)}" rel="noopener nofollow">{markup.text(label or url)}</a>'
    )


__all__ = [
    "VIEWS",
    "PageContext",
    "PageSpec",
    "RenderedPage",
    "SiteRenderer",
    "record_title",
    "relative_url",
    "site_pages",
    "src_uri",
]
