"""Stage 4, render: records plus the link index in, page Markdown out.

Every page comes from a Jinja2 template (packaged, or overridden by a
site's own folder). Templates never print record text raw: the
environment's ``finalize`` escapes every ``{{ value }}`` that is not
already ``Markup``, so forgetting a filter cannot open a hole.
"""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import link
from ..link import LinkIndex
from ..records import AnyRecord, Entity, Event, Record, Source, Statement
from ..schema import ENTITY_TYPES, KINDS
from . import graph, markup
from .markup import MarkdownRenderer
from .timeline import legend, timeline_svg

PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

ENTITY_ICONS = {
    "person": "material-account",
    "organization": "material-account-group",
    "company": "material-office-building",
    "government": "material-bank",
    "media": "material-newspaper-variant",
    "product": "material-package-variant",
    "place": "material-map-marker",
}
ENTITY_TYPE_PLURALS = {
    "person": "People",
    "organization": "Organizations",
    "company": "Companies",
    "government": "Governments",
    "media": "Media",
    "product": "Products",
    "place": "Places",
}
STATUS_ICONS = {
    "confirmed": "material-check-decagram",
    "reported": "material-newspaper-variant-outline",
    "alleged": "material-alert-outline",
    "disputed": "material-scale-balance",
    "refuted": "material-close-octagon-outline",
}
STATEMENT_ICONS = {
    "allegation": "material-alert-circle-outline",
    "denial": "material-close-circle-outline",
    "confirmation": "material-check-circle-outline",
    "comment": "material-comment-text-outline",
    "no-comment": "material-comment-off-outline",
    "no-response": "material-phone-off-outline",
}
DEFAULT_ICON = "material-tag"
#: The kinds with an index page, and the briefing views, in page order.
INDEX_KINDS = ("entity", "event", "statement", "source")
VIEWS = ("graph", "claims", "briefing")


def src_uri(record: Record) -> str:
    """The Markdown source path of a record page: ``entities/openai.md``."""
    return f"{KINDS[record.kind].folder}/{record.id}.md"


def page_url(record: Record) -> str:
    """The directory URL of a record page: ``entities/openai/``."""
    return f"{KINDS[record.kind].folder}/{record.id}/"


@dataclass(frozen=True, slots=True)
class RenderedPage:
    src_uri: str
    markdown: str


class PageContext:
    """What a template needs to link from one page to others."""

    def __init__(self, src: str, url: str, site: SiteRenderer) -> None:
        self.src = src
        self.folder = src.rpartition("/")[0]
        self.url = url
        self.site = site
        self.index = site.index

    def href(self, record_id: str) -> str:
        return markup.relative(self.src, src_uri(self.index.records[record_id]))

    def rel(self, url: str) -> str:
        """A relative URL from this page to a site URL such as ``events/``."""
        return markup.relative_url(self.url, url)

    def url_to(self, record_id: str) -> str:
        """The relative URL of a record page, for links in raw HTML (SVG)."""
        return markup.relative_url(self.url, page_url(self.index.records[record_id]))

    def link(self, record_id: str, label: str | None = None) -> Markup:
        if label is None:
            return self.site.cached_link(self.folder, record_id, self.href)
        return Markup(f"[{markup.text(label)}]({self.href(record_id)})")

    def item(self, record: AnyRecord) -> Markup:
        """One line about a record in a list: date and badge, or type, and a link."""
        return self.site.cached_item(self.folder, record, self)

    def markdown(self, source: str | None) -> Markup:
        if not source:
            return Markup("")
        html = self.site.markdown.render(source, self.url)
        return Markup(f'<div class="dossier-prose" markdown="0">\n{html}\n</div>')


class SiteRenderer:
    """Renders every generated page of a dossier from one link index."""

    def __init__(
        self,
        index: LinkIndex,
        template_dirs: list[Path] | None = None,
        updated: dict[str, datetime.date] | None = None,
    ) -> None:
        self.index = index
        self.updated = updated or {}
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
        )
        self.env.globals.update(
            text=markup.text,
            lines=markup.lines,
            blockquote=markup.blockquote,
            attr=markup.attr,
            badge=badge,
            type_badge=type_badge,
            title=self.title,
            external=external,
            # A global rather than a render variable, so that the shared macros
            # are imported once (without context) instead of on every page.
            index=index,
            Entity=Entity,
            Event=Event,
            Statement=Statement,
            Source=Source,
        )
        self.env.filters["human"] = lambda date: date.human() if date is not None else ""
        self.markdown = MarkdownRenderer(self._label_of, self._url_of)
        self._templates: dict[str, jinja2.Template] = {}
        self._links: dict[tuple[str, str], Markup] = {}
        self._items: dict[tuple[str, str], Markup] = {}
        self.edges = graph.build_edges(index)
        self.edges_of = graph.edges_by_node(self.edges)

    def cached_link(self, folder: str, record_id: str, href: Callable[[str], str]) -> Markup:
        # The same records are linked from many pages; from one folder the
        # Markdown of a link is always the same.
        key = (folder, record_id)
        link = self._links.get(key)
        if link is None:
            record = self.index.records[record_id]
            link = Markup(f"[{markup.text(self.title(record))}]({href(record_id)})")
            self._links[key] = link
        return link

    def cached_item(self, folder: str, record: AnyRecord, page: PageContext) -> Markup:
        key = (folder, record.id)
        line = self._items.get(key)
        if line is None:
            link = page.link(record.id)
            if isinstance(record, Event):
                line = Markup(
                    f"**{markup.text(record.date.human())}** {badge(record.status)} {link}"
                )
            elif isinstance(record, Statement):
                line = Markup(f"**{markup.text(record.date.human())}** {badge(record.type)} {link}")
            elif isinstance(record, Source):
                publisher = (
                    f", {markup.text(self.index.label(record.publisher))}"
                    if record.publisher
                    else ""
                )
                line = Markup(f"{link}{publisher}, {markup.text(record.published.human())}")
            else:
                line = Markup(f"{type_badge(record.type)} {link}")  # type: ignore[union-attr]
            self._items[key] = line
        return line

    def _label_of(self, record_id: str) -> str | None:
        record = self.index.get(record_id)
        return self.title(record) if record is not None else None

    def _url_of(self, record_id: str) -> str:
        return page_url(self.index.records[record_id])

    def template(self, name: str) -> jinja2.Template:
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def title(self, record: AnyRecord) -> str:
        return record_title(self.index, record)

    def record_page(self, record: AnyRecord) -> RenderedPage:
        src = src_uri(record)
        context = PageContext(src, page_url(record), self)
        extra: dict[str, object] = {}
        if isinstance(record, Entity | Event):
            extra["threads"] = self.index.threads(record.id)
        if isinstance(record, Entity):
            nodes, edges = graph.neighbourhood(record.id, self.edges_of)
            extra["neighbourhood"] = edges
            extra["neighbourhood_svg"] = (
                graph.graph_svg(
                    self.index,
                    nodes,
                    edges,
                    context.url_to,
                    f"{record.name} and the entities connected to it",
                    focus=record.id,
                )
                if edges
                else Markup("")
            )
        body = self.template(f"{record.kind}.md.j2").render(
            record=record,
            page=context,
            index=self.index,
            **_backlink_context(record, self.index),
            **extra,
        )
        day = self.updated.get(record.path)
        if day is not None:
            body = body.rstrip("\n") + (
                f'\n\n<p class="dossier-updated" markdown="0">Record last updated '
                f'<time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time>.</p>\n'
            )
        return RenderedPage(src, front_matter(self.title(record), record.tags) + body)

    def view_pages(self) -> list[RenderedPage]:
        """The briefing views: graph, claims and the printable briefing."""
        nodes, edges = graph.whole_graph(self.index, self.edges)
        allegations = [s for s in self.index.statements if s.type == "allegation"]
        values: dict[str, Callable[[PageContext], dict[str, object]]] = {
            "graph": lambda page: {
                "svg": graph.graph_svg(
                    self.index,
                    nodes,
                    edges,
                    page.url_to,
                    "Network of the entities in this dossier",
                ),
                "nodes": nodes,
                "edges": edges,
                "edges_of": self.edges_of,
                "legend": graph.legend(),
            },
            "claims": lambda page: {"allegations": allegations},
            "briefing": lambda page: {
                "allegations": allegations,
                "key_entities": self.key_entities(),
                "events": self.index.events,
                "glance": Markup(self.glance(page.src)),
            },
        }
        return [self._view(view, values[view]) for view in VIEWS]

    def _view(
        self, folder: str, values: Callable[[PageContext], dict[str, object]]
    ) -> RenderedPage:
        """Render ``<folder>.md.j2`` as the page ``<folder>/index.md``."""
        page = PageContext(f"{folder}/index.md", f"{folder}/", self)
        body = self.template(f"{folder}.md.j2").render(page=page, index=self.index, **values(page))
        return RenderedPage(page.src, body)

    def key_entities(self, limit: int = 12) -> list[Entity]:
        """The entities with the most connections, for the briefing."""

        def weight(entity: Entity) -> float:
            return sum(e.weight for e in self.edges_of.get(entity.id, ())) + len(
                self.index.backlinks(entity.id, link.SPEAKER)
            )

        ranked = sorted(self.index.entities, key=lambda e: (-weight(e), e.name.casefold()))
        return [e for e in ranked[:limit] if weight(e) > 0]

    def glance(self, src: str) -> str:
        """The "at a glance" block for a hand-written page at ``src``."""
        url = "" if src in ("index.md", "README.md") else src.removesuffix(".md") + "/"
        if src.endswith("/index.md"):
            url = src.removesuffix("index.md")
        context = PageContext(src, url, self)
        statuses: dict[str, int] = {}
        for event in self.index.events:
            statuses[event.status] = statuses.get(event.status, 0) + 1
        latest = sorted(self.index.events, key=lambda e: e.date.sort_key(), reverse=True)[:5]
        return self.template("glance.md.j2").render(
            page=context, index=self.index, statuses=statuses, latest=latest
        )

    def index_pages(self) -> list[RenderedPage]:
        pages = []
        events_context = PageContext("events/index.md", "events/", self)
        chart = timeline_svg(self.index.events, events_context.url_to, _period_anchor)
        groups = {
            "entity": self._entities_by_type,
            "event": self._events_by_period,
            "statement": self._statements_by_speaker,
            "source": lambda: self.index.sources,
        }
        for kind in INDEX_KINDS:
            grouped = groups[kind]()
            folder = KINDS[kind].folder
            src = f"{folder}/index.md"
            context = PageContext(src, f"{folder}/", self)
            body = self.template(f"{folder}.md.j2").render(
                groups=grouped,
                page=context,
                index=self.index,
                chart=chart,
                legend=legend(),
                year_chart=lambda year, months: self._year_chart(events_context, year, months),
            )
            pages.append(RenderedPage(src, body))
        return pages

    def _year_chart(
        self, context: PageContext, year: str, months: list[tuple[str, list[Event]]]
    ) -> Markup:
        """A chart of one year's events, so a crowded month stays readable."""
        events = [e for _, group in months for e in group]
        if not year.isdigit() or len(self.index.events) < 12 or len(events) < 3:
            return Markup("")
        window = (datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31))
        return timeline_svg(events, context.url_to, _period_anchor, window, chart_id=year)

    def all_pages(self) -> Iterator[RenderedPage]:
        yield from self.index_pages()
        yield from self.view_pages()
        for record in self.index.records.values():
            yield self.record_page(record)

    def all_uris(self) -> list[str]:
        """The ``src_uri`` of every page ``all_pages`` renders, in its order,
        without rendering any."""
        indexes = [f"{KINDS[kind].folder}/index.md" for kind in INDEX_KINDS]
        views = [f"{view}/index.md" for view in VIEWS]
        return [*indexes, *views, *map(src_uri, self.index.records.values())]

    def _entities_by_type(self) -> list[tuple[str, str, list[Entity]]]:
        order = {t: i for i, t in enumerate(ENTITY_TYPES)}
        entities = sorted(self.index.entities, key=lambda e: (order.get(e.type, 99), e.type))
        return [
            (kind, ENTITY_TYPE_PLURALS.get(kind, kind.replace("-", " ").capitalize()), list(group))
            for kind, group in groupby(entities, key=lambda e: e.type)
        ]

    def _events_by_period(self) -> list[tuple[str, list[tuple[str, list[Event]]]]]:
        """Events by year, then month of their earliest possible day."""
        years: list[tuple[str, list[tuple[str, list[Event]]]]] = []
        for year, in_year in groupby(self.index.events, key=_year_of):
            months = [(month, list(group)) for month, group in groupby(in_year, key=_month_of)]
            years.append((year, months))
        return years

    def _statements_by_speaker(self) -> list[tuple[Entity, list[Statement]]]:
        by_speaker: dict[str, list[Statement]] = {}
        for statement in self.index.statements:
            by_speaker.setdefault(statement.speaker, []).append(statement)
        speakers = sorted(by_speaker, key=lambda s: self.index.label(s).casefold())
        return [(self.index.records[s], by_speaker[s]) for s in speakers]  # type: ignore[misc]


def record_title(index: LinkIndex, record: AnyRecord) -> str:
    """A record's page title; statements are titled by speaker and words."""
    if isinstance(record, Statement):
        speaker = index.label(record.speaker)
        if record.type == "no-comment":
            return f"{speaker} declined to comment"
        if record.type == "no-response":
            return f"{speaker} did not respond"
        if record.summary:
            return record.summary
        return f"{speaker}: {record.label}"
    return record.label


def _period_anchor(event: Event) -> str:
    """The list heading an event sits under, as the toc extension slugs it."""
    month = _month_of(event)
    return (month or _year_of(event)).lower().replace(" ", "-")


def _year_of(event: Event) -> str:
    earliest = event.date.earliest
    return str(earliest.year) if earliest else "Undated"


def _month_of(event: Event) -> str:
    earliest = event.date.earliest
    if earliest is None or event.date.precision == "year":
        return ""
    return earliest.strftime("%B %Y")


def _backlink_context(record: AnyRecord, index: LinkIndex) -> dict[str, object]:
    return {
        "backlinks": lambda role: index.backlinks(record.id, role),
        "pointing": lambda role: index.pointing(record.id, role),
        "roles": link,
    }


def front_matter(title: str, tags: tuple[str, ...]) -> str:
    """YAML front matter for a generated page; values dumped, never spliced.

    The title is stored HTML-escaped because MkDocs' and Material's templates
    print ``page.meta.title`` without escaping it (``<title>``, the header,
    the search index, the tags listing).
    """
    # JSON strings are valid YAML scalars, and much faster to write than YAML.
    lines = ["---", "title: " + json.dumps(html.escape(title, quote=True), ensure_ascii=False)]
    if tags:
        lines.append("tags:")
        lines.extend("- " + json.dumps(tag, ensure_ascii=False) for tag in tags)
    return "\n".join(lines) + "\n---\n\n"


def badge(status: str) -> Markup:
    icon = STATUS_ICONS.get(status) or STATEMENT_ICONS.get(status, DEFAULT_ICON)
    label = status.replace("-", " ").capitalize()
    return Markup(
        f'<span class="dossier-badge dossier-badge--{markup.attr(status)}" '
        f'title="{markup.attr(label)}">:{icon}: {markup.text(label)}</span>'
    )


def type_badge(entity_type: str) -> Markup:
    icon = ENTITY_ICONS.get(entity_type, DEFAULT_ICON)
    label = entity_type.replace("-", " ").capitalize()
    return Markup(
        f'<span class="dossier-badge dossier-type" title="{markup.attr(label)}">'
        f":{icon}: {markup.text(label)}</span>"
    )


def external(url: str, label: str | None = None) -> Markup:
    """An external http(s) link as inline HTML, so no URL can bend Markdown."""
    return Markup(
        f'<a href="{markup.attr(url)}" rel="noopener nofollow">{markup.text(label or url)}</a>'
    )
