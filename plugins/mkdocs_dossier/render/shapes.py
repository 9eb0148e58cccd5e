"""Chart marks: the shapes a vocabulary term is drawn with, and legends.

Charts draw each term with its ``Term.shape`` inside a group carrying the
term's class (``vocab.badge_class``), which the generated stylesheet
colours; the legend of a chart is the same marks beside the labels.
"""

from __future__ import annotations

import math

from markupsafe import Markup

from ..vocab import Vocabulary, badge_class

_SIDES = {"hexagon": 6, "pentagon": 5, "triangle": 3, "diamond": 4}


def mark(shape: str, x: float, y: float, r: float) -> str:
    """An SVG shape of radius about ``r`` centred on (x, y)."""
    if shape == "square":
        size = 2 * r
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" rx="2"/>'
        )
    if shape in _SIDES:
        sides = _SIDES[shape]
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
    if shape == "cross":
        return (
            f'<path d="M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}M{x + r:.1f} '
            f'{y - r:.1f}L{x - r:.1f} {y + r:.1f}" stroke-width="3"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'


def mark_class(vocabulary: Vocabulary, value: str) -> str:
    """The classes of a chart mark of one term."""
    return f"dossier-mark {badge_class(vocabulary, value)}"


def legend_items(vocabulary: Vocabulary, extra: str = "") -> list[str]:
    """One legend entry per term: its mark and its label."""
    return [
        f'<span class="dossier-legend__item"><svg viewBox="0 0 16 16" width="16" height="16" '
        f'aria-hidden="true"><g class="{extra}{mark_class(vocabulary, term.value)}">'
        f"{mark(term.shape, 8, 8, 5.5)}</g></svg> {Markup.escape(term.label)}</span>"
        for term in vocabulary.terms
    ]
