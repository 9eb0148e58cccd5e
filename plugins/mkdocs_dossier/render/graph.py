"""The relationship graph: entities linked by their relations and by taking
part in the same events, laid out at build time with networkx and drawn
as SVG. Node shape and colour give the entity type; each node links to its
page; the project's own small script adds pan, zoom and highlighting.

Labels are placed where they touch neither another label nor a node: each
node tries positions around itself (right, left, above, below, then the
diagonals) and keeps the first free one; a node with no free position keeps
its name in its ``<title>`` and shows the label on hover or focus. The
script places them again at the size they are shown, so they stay readable
and unobstructed at any screen width and zoom.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from markupsafe import Markup

from ..kinds.entity import Entity
from ..link import LinkIndex
from ..vocab import Vocabulary
from .shapes import legend_items, mark, mark_class

WIDTH, HEIGHT = 1000, 680
LABEL_SIZE = 19  # user units; the script resizes labels to 13 CSS px
LABEL_CHARS = 40
PAD = 12  # around the fitted view
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
MAX_NODES = 150
#: The whole graph draws at most this many connections (the strongest):
#: past that the lines hide each other, and the list of connections under
#: the chart would grow with the square of the nodes.
MAX_EDGES = 300
#: Of an event's participants, at most this many (the first listed) are
#: linked to each other: a crowd says little about who is connected to whom,
#: and linking every pair of a large event would cost the square of its size.
SHARED_EVENT_LINKS = 12


@dataclass(slots=True)
class Edge:
    a: str
    b: str
    relations: list[str] = field(default_factory=list)
    events: int = 0

    @property
    def weight(self) -> float:
        return len(self.relations) * 2 + self.events


def build_edges(index: LinkIndex) -> dict[tuple[str, str], Edge]:
    """Relations (both directions folded) and co-participation counts (among
    the first ``SHARED_EVENT_LINKS`` participants of each event)."""
    edges: dict[tuple[str, str], Edge] = {}

    def edge(a: str, b: str) -> Edge:
        key = (a, b) if a < b else (b, a)
        if key not in edges:
            edges[key] = Edge(*key)
        return edges[key]

    for entity in index.all("entity"):
        for relation in entity.relations:
            if relation.entity != entity.id:
                edge(entity.id, relation.entity).relations.append(
                    f"{entity.name} — {relation.relation} — {index.label(relation.entity)}"
                )
    for event in index.all("event"):
        first = dict.fromkeys(p.entity for p in event.participants)
        members = sorted(list(first)[:SHARED_EVENT_LINKS])
        for a, b in combinations(members, 2):
            edge(a, b).events += 1
    return edges


def _layout(
    nodes: list[str], edges: Iterable[Edge], seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Spring layout of the largest connected group over most of the canvas;
    smaller groups side by side in a strip below it."""
    # The same graph is laid out the same way (the layout is seeded): a
    # `serve` reload whose edit leaves the entity graph alone reuses it.
    return dict(_laid_out(tuple(nodes), tuple((e.a, e.b) for e in edges), seed))


@functools.lru_cache(maxsize=4)
def _laid_out(
    nodes: tuple[str, ...], pairs: tuple[tuple[str, str], ...], seed: int
) -> dict[str, tuple[float, float]]:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(pairs)
    groups = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    main, rest = groups[0], groups[1:]
    strip = 110 if rest else 0
    positions = _fit(
        nx.spring_layout(
            _ordered(graph, main), k=2.4 / math.sqrt(len(main)), seed=seed, iterations=200
        )
        if len(main) > 1
        else {main[0]: (0.0, 0.0)},
        (90, 40, WIDTH - 90, HEIGHT - 40 - strip),
    )
    if rest:
        cell = (WIDTH - 180) / len(rest)
        for i, group in enumerate(rest):
            layout = (
                nx.circular_layout(_ordered(graph, group))
                if len(group) > 1
                else {group[0]: (0.0, 0.0)}
            )
            left = 90 + i * cell
            positions.update(
                _fit(layout, (left + 10, HEIGHT - strip, left + cell - 60, HEIGHT - 30))
            )
    return positions


def _ordered(graph: Any, nodes: list[str]) -> Any:
    """The subgraph of ``nodes`` in their order. A subgraph view of a few of
    many nodes iterates them in set order, which differs between runs, and
    the layouts place nodes in the order they come."""
    import networkx as nx

    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(graph.subgraph(nodes).edges())
    return ordered


def _fit(layout: dict, box: tuple[float, float, float, float]) -> dict[str, tuple[float, float]]:
    x0, y0, x1, y1 = box
    xs = [float(p[0]) for p in layout.values()]
    ys = [float(p[1]) for p in layout.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    centre = len(layout) == 1
    return {
        node: (
            (x0 + x1) / 2 if centre else x0 + (float(x) - min(xs)) / span_x * (x1 - x0),
            (y0 + y1) / 2 if centre else y0 + (float(y) - min(ys)) / span_y * (y1 - y0),
        )
        for node, (x, y) in layout.items()
    }


def radial_layout(
    focus: str, nodes: list[str], edges: list[Edge]
) -> dict[str, tuple[float, float]]:
    """A neighbourhood: the entity in the centre, its neighbours on a circle,
    strongest first. Linear, so every entity page can afford one."""
    weight = {n: 0.0 for n in nodes}
    for e in edges:
        other = e.b if e.a == focus else e.a
        weight[other] = weight.get(other, 0) + e.weight
    ring = sorted((n for n in nodes if n != focus), key=lambda n: (-weight[n], n))
    positions = {focus: (WIDTH / 2, HEIGHT / 2)}
    for i, node in enumerate(ring):
        angle = -math.pi / 2 + i * 2 * math.pi / max(len(ring), 1)
        positions[node] = (WIDTH / 2 + 330 * math.cos(angle), HEIGHT / 2 + 250 * math.sin(angle))
    return positions


Box = tuple[float, float, float, float]


def chart_frame(svg: str, name: str, note: str = "", scroll: str | None = None) -> Markup:
    """A chart with a link that skips it, kept out of the search index.

    ``name`` makes the ids unique on a page; ``scroll``, the label of a
    horizontally scrollable box that shows the SVG at its natural size (the
    box takes focus, so a keyboard can scroll it)."""
    target = f"dossier-after-{html.escape(name, quote=True)}"
    body = svg
    if scroll is not None:
        body = (
            f'<div class="dossier-chart__scroll" tabindex="0" role="group" '
            f'aria-label="{html.escape(scroll, quote=True)}">{svg}</div>'
        )
    caption = f'<p class="dossier-chart__note">{html.escape(note)}</p>' if note else ""
    return Markup(
        f'<div class="dossier-chart__frame" data-search-exclude>'
        f'<a class="dossier-skip" href="#{target}">Skip chart</a>{body}{caption}'
        f'<span class="dossier-chart__end" id="{target}" tabindex="-1"></span></div>'
    )


def node_radius(degree: int, focus: bool) -> float:
    return 12 if focus else 8 + min(degree, 8) * 0.5


def node_box(x: float, y: float, r: float) -> Box:
    """The extent of any node shape (polygons reach 1.15 r, a pin's tip 1.4 r)."""
    return (x - r * 1.2, y - r * 1.2, x + r * 1.2, y + r * 1.4)


def label_text(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def label_candidates(
    x: float, y: float, r: float, width: float, size: float
) -> list[tuple[Box, float, float, str]]:
    """Positions around a node, in order of preference: (box, text x,
    baseline y, anchor). Boxes are the text's extent with a small margin."""
    gap = 4.0
    h = size * 1.2
    up = size * 0.35  # baseline below the middle of the text
    out: list[tuple[Box, float, float, str]] = []

    def add(left: float, top: float, tx: float, ty: float, anchor: str) -> None:
        out.append(((left, top, left + width, top + h), tx, ty, anchor))

    mid = y - h / 2
    add(x + r + gap, mid, x + r + gap, y + up, "start")
    add(x - r - gap - width, mid, x - r - gap, y + up, "end")
    add(x - width / 2, y - r - gap - h, x, y - r - gap - h / 2 + up, "middle")
    add(x - width / 2, y + r + gap, x, y + r + gap + h / 2 + up, "middle")
    d = r * 0.75
    add(x + d + gap, y - d - h, x + d + gap, y - d - h / 2 + up, "start")
    add(x + d + gap, y + d, x + d + gap, y + d + h / 2 + up, "start")
    add(x - d - gap - width, y - d - h, x - d - gap, y - d - h / 2 + up, "end")
    add(x - d - gap - width, y + d, x - d - gap, y + d + h / 2 + up, "end")
    return out


def place_labels(
    order: list[str],
    positions: dict[str, tuple[float, float]],
    radius: dict[str, float],
    names: dict[str, str],
    size: float = LABEL_SIZE,
    bounds: Box | None = None,
) -> dict[str, tuple[Box, float, float, str]]:
    """The first free position of each node's label, in ``order``; nodes
    without one are left out. A label must not overlap another label or any
    node, nor leave ``bounds`` when given."""
    nodes = [node_box(x, y, radius[n]) for n, (x, y) in positions.items()]
    placed: list[Box] = []
    chosen: dict[str, tuple[Box, float, float, str]] = {}
    for node in order:
        x, y = positions[node]
        width = len(names[node]) * size * 0.6
        for candidate in label_candidates(x, y, radius[node], width, size):
            box = candidate[0]
            if bounds is not None and not _inside(box, bounds):
                continue
            if any(_overlaps(box, other) for other in placed):
                continue
            if any(_overlaps(box, shape) for shape in nodes):
                continue
            placed.append(box)
            chosen[node] = candidate
            break
    return chosen


def _inside(box: Box, bounds: Box) -> bool:
    return (
        box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
    )


def graph_svg(
    index: LinkIndex,
    nodes: list[str],
    edges: list[Edge],
    href: Callable[[str], str],
    title: str,
    focus: str | None = None,
) -> Markup:
    """Draw ``nodes`` and ``edges`` as SVG; with a ``focus``, as its neighbourhood."""
    if not nodes:
        return Markup("")
    types = index.registry.kinds["entity"].vocabulary("type")
    positions = radial_layout(focus, nodes, edges) if focus else _layout(nodes, edges)
    neighbours: dict[str, set[str]] = {n: set() for n in nodes}
    for e in edges:
        neighbours[e.a].add(e.b)
        neighbours[e.b].add(e.a)
    radius = {n: node_radius(len(neighbours[n]), n == focus) for n in nodes}
    names = {}
    for node in nodes:
        entity = index.records[node]
        assert isinstance(entity, Entity)
        names[node] = label_text(entity.name)
    # The best-connected nodes are labelled first.
    order = sorted(nodes, key=lambda n: (n != focus, -len(neighbours[n]), n))
    labels = place_labels(order, positions, radius, names)
    # The view holds every node and every label shown, so none is cut at the edge.
    extent = [node_box(x, y, radius[n]) for n, (x, y) in positions.items()]
    extent += [box for box, *_ in labels.values()]
    left = min(b[0] for b in extent) - PAD
    top = min(b[1] for b in extent) - PAD
    width = max(b[2] for b in extent) + PAD - left
    height = max(b[3] for b in extent) + PAD - top
    parts = [
        f'<svg class="dossier-graph" {XLINK} '
        f'viewBox="{left:.0f} {top:.0f} {math.ceil(width)} {math.ceil(height)}" '
        f'role="group" aria-label="{html.escape(title, quote=True)}" data-dossier-zoom>'
        '<g class="dossier-zoom-layer">'
    ]
    for e in edges:
        (x1, y1), (x2, y2) = positions[e.a], positions[e.b]
        kind = "relation" if e.relations else "shared"
        stroke = min(1 + e.weight * 0.6, 7)
        words = e.relations + (
            [f"{e.events} shared event{'s' if e.events > 1 else ''}"] if e.events else []
        )
        parts.append(
            f'<line class="dossier-edge dossier-edge--{kind}" x1="{x1:.1f}" y1="{y1:.1f}" '
            f'x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{stroke:.1f}" '
            f'data-a="{html.escape(e.a, quote=True)}" data-b="{html.escape(e.b, quote=True)}">'
            f"<title>{html.escape('; '.join(words))}</title></line>"
        )
    rank = {n: i for i, n in enumerate(order)}
    for node in nodes:
        entity = index.records[node]
        assert isinstance(entity, Entity)
        x, y = positions[node]
        r = radius[node]
        if node in labels:
            _, lx, ly, anchor = labels[node]
            crowded = ""
        else:
            lx, ly, anchor = x + r + 4, y + LABEL_SIZE * 0.35, "start"
            crowded = ' class="dossier-label--crowded"'
        parts.append(
            f'<a class="dossier-node {mark_class(types, entity.type)}'
            f'{" dossier-node--focus" if node == focus else ""}" '
            f'xlink:href="{html.escape(href(node), quote=True)}" '
            f'data-node="{html.escape(node, quote=True)}" data-rank="{rank[node]}" '
            f'data-x="{x:.1f}" data-y="{y:.1f}" data-r="{r:.1f}" '
            f'data-neighbours="{html.escape(" ".join(sorted(neighbours[node])), quote=True)}">'
            f"<title>{html.escape(entity.name)} ({html.escape(types.term(entity.type).label)})"
            "</title>"
            f"{mark(types.term(entity.type).shape, x, y, r)}"
            f'<text{crowded} x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">'
            f"{html.escape(names[node])}</text></a>"
        )
    parts.append("</g></svg>")
    return chart_frame("".join(parts), "graph-" + (focus or "all"))


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def legend(types: Vocabulary) -> Markup:
    """Shapes and colours of the entity types, as the graph draws them."""
    items = legend_items(types, "dossier-node ")
    items.append(
        '<span class="dossier-legend__item"><svg viewBox="0 0 28 10" width="28" '
        'height="10" aria-hidden="true"><line class="dossier-edge" x1="0" y1="5" x2="28" '
        'y2="5" stroke-width="2"/></svg> Relation</span>'
    )
    items.append(
        '<span class="dossier-legend__item"><svg viewBox="0 0 28 10" width="28" '
        'height="10" aria-hidden="true"><line class="dossier-edge dossier-edge--shared" '
        'x1="0" y1="5" x2="28" y2="5" stroke-width="2"/></svg> Shared events</span>'
    )
    return Markup('<p class="dossier-legend" data-search-exclude>' + "".join(items) + "</p>")


def whole_graph(
    index: LinkIndex,
    edges: dict[tuple[str, str], Edge],
    limit: int = MAX_NODES,
    edge_limit: int = MAX_EDGES,
) -> tuple[list[str], list[Edge]]:
    """The most connected entities (at most ``limit``) and the strongest
    edges among them (at most ``edge_limit``)."""
    degree: dict[str, float] = {}
    for e in edges.values():
        degree[e.a] = degree.get(e.a, 0) + e.weight
        degree[e.b] = degree.get(e.b, 0) + e.weight
    ranked = sorted(degree, key=lambda n: (-degree[n], n))[:limit]
    chosen = set(ranked)
    among = [e for e in edges.values() if e.a in chosen and e.b in chosen]
    return sorted(chosen), strongest(among, edge_limit)


def strongest(edges: list[Edge], limit: int) -> list[Edge]:
    """At most ``limit`` of the edges, in their order: each node's strongest
    edge (so no node is left floating), then the strongest of the rest."""
    if len(edges) <= limit:
        return edges
    order = sorted(range(len(edges)), key=lambda i: (-edges[i].weight, i))
    kept: set[int] = set()
    linked: set[str] = set()
    for i in order:
        if edges[i].a not in linked or edges[i].b not in linked:
            kept.add(i)
            linked.update((edges[i].a, edges[i].b))
    for i in order:
        if len(kept) >= limit:
            break
        kept.add(i)
    return [edges[i] for i in sorted(kept)]


def neighbourhood(
    entity_id: str, edges_of: dict[str, list[Edge]], limit: int = 24
) -> tuple[list[str], list[Edge]]:
    """An entity and its strongest neighbours, with the edges among them."""
    own = sorted(edges_of.get(entity_id, []), key=lambda e: (-e.weight, e.a, e.b))[:limit]
    nodes = {entity_id} | {e.a for e in own} | {e.b for e in own}
    return sorted(nodes), own


def edges_by_node(edges: dict[tuple[str, str], Edge]) -> dict[str, list[Edge]]:
    by_node: dict[str, list[Edge]] = {}
    for e in edges.values():
        by_node.setdefault(e.a, []).append(e)
        by_node.setdefault(e.b, []).append(e)
    return by_node
