"""Vocabularies as data: every choice a record can make, declared once.

A ``Vocabulary`` is an ordered tuple of ``Term``: the value written in a
record, its label and plural, the Material icon shown beside it, the shape
and colour token charts draw it with, and the schema.org type it maps to.
Templates, the stylesheet (``stylesheet()``), charts, legends, the JSON
Schemas, the data dictionary and the methodology page all read these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

#: Colour tokens: light foreground/background, dark foreground/background,
#: and the chart colour for each palette.
PALETTE: dict[str, tuple[str, str, str, str, str, str]] = {
    "green": ("#1b5e20", "#c8e6c9", "#c8e6c9", "#1b5e20", "#2e7d32", "#81c784"),
    "blue": ("#0d47a1", "#bbdefb", "#bbdefb", "#0d47a1", "#1565c0", "#64b5f6"),
    "orange": ("#7a3b00", "#ffe0b2", "#ffe0b2", "#7a3b00", "#ef6c00", "#ffb74d"),
    "purple": ("#6a1b9a", "#e1bee7", "#e1bee7", "#4a148c", "#8e24aa", "#ce93d8"),
    "red": ("#b71c1c", "#ffcdd2", "#ffcdd2", "#b71c1c", "#c62828", "#ef9a9a"),
    "grey": ("#37474f", "#cfd8dc", "#eceff1", "#455a64", "#546e7a", "#b0bec5"),
    "teal": ("#004d40", "#b2dfdb", "#b2dfdb", "#004d40", "#00796b", "#4db6ac"),
}
SHAPES = ("circle", "square", "diamond", "triangle", "hexagon", "pentagon", "pin", "cross")
DEFAULT_ICON = "material/tag"


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a vocabulary and everything shown for it."""

    value: str
    label: str
    doc: str = ""
    plural: str = ""
    icon: str = DEFAULT_ICON
    shape: str = "circle"
    colour: str = "grey"
    schema_type: str | None = None

    def __post_init__(self) -> None:
        if not self.plural:
            object.__setattr__(self, "plural", self.label + "s")
        if self.shape not in SHAPES:
            raise ValueError(f"term {self.value}: unknown shape {self.shape!r}")
        if self.colour not in PALETTE:
            raise ValueError(f"term {self.value}: unknown colour {self.colour!r}")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """An ordered set of terms, e.g. the event statuses."""

    name: str
    terms: tuple[Term, ...]
    doc: str = ""
    #: Said after the allowed values when a record uses another.
    hint: str = ""
    _by_value: dict[str, Term] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_value.update((t.value, t) for t in self.terms)
        if len(self._by_value) != len(self.terms):
            raise ValueError(f"vocabulary {self.name}: duplicate values")

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_value)

    def __contains__(self, value: object) -> bool:
        return value in self._by_value

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, index: int) -> str:
        return self.terms[index].value

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self._by_value)

    def term(self, value: str) -> Term:
        """The term for ``value``; an unknown value gets a plain generic term."""
        found = self._by_value.get(value)
        if found is not None:
            return found
        return Term(value, value.replace("-", " ").capitalize())

    def extended(self, terms: Iterable[Term]) -> Vocabulary:
        """This vocabulary with ``terms`` added (a site's own entity types)."""
        extra = tuple(t for t in terms if t.value not in self._by_value)
        return replace(self, terms=self.terms + extra, _by_value={}) if extra else self


def badge_class(vocabulary: Vocabulary, value: str) -> str:
    """The CSS class a badge or chart mark of this term carries."""
    return f"dossier-{vocabulary.name}-{value}"


def stylesheet(vocabularies: Iterable[Vocabulary]) -> str:
    """CSS for every term's badge and chart colour, light and dark."""
    light: list[str] = []
    dark: list[str] = []
    rules: list[str] = []
    for vocabulary in vocabularies:
        for term in vocabulary.terms:
            fg, bg, dfg, dbg, chart, dchart = PALETTE[term.colour]
            cls = badge_class(vocabulary, term.value)
            var = f"--{cls}"
            light.append(f"{var}: {chart};")
            dark.append(f"{var}: {dchart};")
            rules.append(f".dossier-badge.{cls} {{ color: {fg}; background-color: {bg}; }}")
            rules.append(
                f'[data-md-color-scheme="slate"] .dossier-badge.{cls} '
                f"{{ color: {dfg}; background-color: {dbg}; }}"
            )
            rules.append(
                f".dossier-mark.{cls} {{ color: var({var}); fill: var({var}); "
                f"stroke: var({var}); }}"
            )
    return (
        "/* Generated from the vocabularies: one rule set per term. */\n"
        f":root {{ {' '.join(light)} }}\n"
        f'[data-md-color-scheme="slate"] {{ {" ".join(dark)} }}\n' + "\n".join(rules) + "\n"
    )
