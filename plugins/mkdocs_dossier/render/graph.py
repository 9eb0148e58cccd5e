"""The relationship graph: entities linked by their relations and by taking
part in the same events, laid out at build time with networkx and drawn
as SVG. Node shape and colour give the entity type; each node links to its
page; the project's own small script adds pan, zoom and highlighting.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from markupsafe import Markup

from ..kinds.entity import Entity
from ..link import LinkIndex

WIDTH, HEIGHT = 1000, 680
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
MAX_NODES = 150
TYPE_SHAPES = {
    "person": "circle",
    "organization": "hexagon",
    "company": "square",
    "government": "triangle",
    "media": "diamond",
    "product": "pentagon",
    "place": "pin",
}


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
    """Relations (both directions folded) and co-participation counts."""
    edges: dict[tuple[str, str], Edge] = {}

    def edge(a: str, b: str) -> Edge:
        key = (a, b) if a < b else (b, a)
        if key not in edges:
            edges[key] = Edge(*key)
        return edges[key]

    for entity in index.entities:
        for relation in entity.relations:
            if relation.entity != entity.id:
                edge(entity.id, relation.entity).relations.append(
                    f"{entity.name} — {relation.relation} — {index.label(relation.entity)}"
                )
    for event in index.events:
        members = sorted({p.entity for p in event.participants})
        for a, b in combinations(members, 2):
            edge(a, b).events += 1
    return edges


def _layout(
    nodes: list[str], edges: Iterable[Edge], seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Spring layout of the largest connected group over most of the canvas;
    smaller groups side by side in a strip below it."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((e.a, e.b) for e in edges)
    groups = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    main, rest = groups[0], groups[1:]
    strip = 110 if rest else 0
    positions = _fit(
        nx.spring_layout(
            graph.subgraph(main), k=2.4 / math.sqrt(len(main)), seed=seed, iterations=200
        )
        if len(main) > 1
        else {main[0]: (0.0, 0.0)},
        (90, 40, WIDTH - 90, HEIGHT - 40 - strip),
    )
    if rest:
        cell = (WIDTH - 180) / len(rest)
        for i, group in enumerate(rest):
            layout = (
                nx.circular_layout(graph.subgraph(group))
                if len(group) > 1
                else {group[0]: (0.0, 0.0)}
            )
            left = 90 + i * cell
            positions.update(
                _fit(layout, (left + 10, HEIGHT - strip, left + cell - 60, HEIGHT - 30))
            )
    return positions


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


def _node_shape(kind: str, x: float, y: float, r: float) -> str:
    shape = TYPE_SHAPES.get(kind, "circle")
    if shape == "square":
        size = 2 * r
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" rx="2"/>'
        )
    if shape in ("hexagon", "pentagon", "triangle", "diamond"):
        sides = {"hexagon": 6, "pentagon": 5, "triangle": 3, "diamond": 4}[shape]
        turn = -math.pi / 2
        points = " ".join(
            f"{x + r * 1.15 * math.cos(turn + i * 2 * math.pi / sides):.1f},"
            f"{y + r * 1.15 * math.sin(turn + i * 2 * math.pi / sides):.1f}"
            for i in range(sides)
        )
        return f'<polygon points="{points}"/>'
    if shape == "pin":
        return (
            f'<path d="M{x:.1f} {y + r * 1.4:.1f}L{x - r:.1f} {y:.1f}A{r:.1f} {r:.1f} 0 1 1 '
            f'{x + r:.1f} {y:.1f}Z"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'


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
    positions = radial_layout(focus, nodes, edges) if focus else _layout(nodes, edges)
    neighbours: dict[str, set[str]] = {n: set() for n in nodes}
    for e in edges:
        neighbours[e.a].add(e.b)
        neighbours[e.b].add(e.a)
    parts = [
        f'<svg class="dossier-graph" {XLINK} viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{html.escape(title, quote=True)}" data-dossier-zoom>'
        '<g class="dossier-zoom-layer">'
    ]
    for e in edges:
        (x1, y1), (x2, y2) = positions[e.a], positions[e.b]
        kind = "relation" if e.relations else "shared"
        width = min(1 + e.weight * 0.6, 7)
        words = e.relations + ([f"{e.events} shared event(s)"] if e.events else [])
        parts.append(
            f'<line class="dossier-edge dossier-edge--{kind}" x1="{x1:.1f}" y1="{y1:.1f}" '
            f'x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:.1f}" '
            f'data-a="{html.escape(e.a, quote=True)}" data-b="{html.escape(e.b, quote=True)}">'
            f"<title>{html.escape('; '.join(words))}</title></line>"
        )
    # Labels of the best-connected nodes are placed first; a label that would
    # overlap one already placed is shown only on hover or focus.
    placed: list[tuple[float, float, float, float]] = []
    shown: set[str] = set()
    for node in sorted(nodes, key=lambda n: (n != focus, -len(neighbours[n]), n)):
        x, y = positions[node]
        box = _label_box(index.label(node), x, y)
        if not any(_overlaps(box, other) for other in placed):
            placed.append(box)
            shown.add(node)
    for node in nodes:
        entity = index.records[node]
        assert isinstance(entity, Entity)
        x, y = positions[node]
        r = 12 if node == focus else 8 + min(len(neighbours[node]), 8) * 0.5
        label = entity.name if len(entity.name) <= 28 else entity.name[:27] + "…"
        anchor = "end" if x > WIDTH - 160 else "start"
        lx = x - r - 4 if anchor == "end" else x + r + 4
        hidden = "" if node in shown else ' class="dossier-label--crowded"'
        parts.append(
            f'<a class="dossier-node dossier-type-{html.escape(entity.type, quote=True)}'
            f'{" dossier-node--focus" if node == focus else ""}" '
            f'xlink:href="{html.escape(href(node), quote=True)}" '
            f'data-node="{html.escape(node, quote=True)}" '
            f'data-neighbours="{html.escape(" ".join(sorted(neighbours[node])), quote=True)}">'
            f"<title>{html.escape(entity.name)} ({html.escape(entity.type)})</title>"
            f"{_node_shape(entity.type, x, y, r)}"
            f'<text{hidden} x="{lx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">'
            f"{html.escape(label)}</text></a>"
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))


LABEL_CHAR_WIDTH = 10.5


def _label_box(name: str, x: float, y: float) -> tuple[float, float, float, float]:
    width = min(len(name), 28) * LABEL_CHAR_WIDTH + 20
    if x > WIDTH - 160:
        return (x - width, y - 14, x + 10, y + 8)
    return (x - 10, y - 14, x + width, y + 8)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def legend() -> Markup:
    """Shapes and colours of the entity types, as the graph draws them."""
    items = []
    for kind in TYPE_SHAPES:
        items.append(
            f'<span class="dossier-legend__item"><svg viewBox="0 0 16 16" width="16" height="16" '
            f'aria-hidden="true"><g class="dossier-node dossier-type-{kind}">'
            f"{_node_shape(kind, 8, 8, 5.5)}</g></svg> {kind.capitalize()}</span>"
        )
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
    return Markup('<p class="dossier-legend">' + "".join(items) + "</p>")


def whole_graph(
    index: LinkIndex, edges: dict[tuple[str, str], Edge]
) -> tuple[list[str], list[Edge]]:
    """The most connected entities (at most ``MAX_NODES``) and their edges."""
    degree: dict[str, float] = {}
    for e in edges.values():
        degree[e.a] = degree.get(e.a, 0) + e.weight
        degree[e.b] = degree.get(e.b, 0) + e.weight
    ranked = sorted(degree, key=lambda n: (-degree[n], n))[:MAX_NODES]
    chosen = set(ranked)
    return sorted(chosen), [e for e in edges.values() if e.a in chosen and e.b in chosen]


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
