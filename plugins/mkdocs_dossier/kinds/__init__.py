"""The registry of kinds: one entry per kind of record.

Adding a kind means a module here declaring its ``KIND`` and one line in
``BUILTIN``; every stage (loader, validator, link index, pages, exports,
schemas, ``dossier new``) loops over the registry.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..records import Record
from ..spec import FieldSpec, FieldType
from ..vocab import PALETTE, SHAPES, Term, Vocabulary
from . import entity, event, question, source, statement
from .base import Kind

BUILTIN: tuple[Kind, ...] = (entity.KIND, event.KIND, statement.KIND, source.KIND, question.KIND)

#: The role a record plays when its description links another: [[id]].
MENTION = "mention"


@dataclass(frozen=True)
class Registry:
    """The kinds of one site, in page order, with what derives from them."""

    kinds: dict[str, Kind]
    folders: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folders", {k.folder: k.name for k in self.kinds.values()})

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.kinds.values())

    def of(self, record: Record) -> Kind:
        return self.kinds[record.kind]

    @functools.cached_property
    def vocabularies(self) -> dict[str, Vocabulary]:
        """Every vocabulary a choice field draws on, by name."""
        found: dict[str, Vocabulary] = {}
        for kind in self:
            for spec in kind.choice_fields():
                assert spec.vocabulary is not None
                found.setdefault(spec.vocabulary.name, spec.vocabulary)
        return found

    @functools.cached_property
    def roles(self) -> tuple[str, ...]:
        """Every backlink role: one per reference field, and mentions."""
        found: dict[str, None] = {}
        for kind in self:
            for spec in _walk(kind.all_fields):
                if spec.type is FieldType.REF and spec.role:
                    found[spec.role] = None
        found[MENTION] = None
        return tuple(found)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.kinds)


def _walk(specs: Iterable[FieldSpec]) -> Iterator[FieldSpec]:
    for spec in specs:
        yield spec
        if spec.item is not None:
            yield from _walk((spec.item,))
        if spec.struct is not None:
            yield from _walk(spec.struct.fields)


REGISTRY = Registry({kind.name: kind for kind in BUILTIN})


class OptionError(ValueError):
    """A site option the registry cannot accept, with the reason."""


def registry(entity_types: Iterable[str | Mapping[str, Any]] = ()) -> Registry:
    """The registry of a site that adds its own entity types.

    Each entry is a type name (``vessel``) or a mapping with ``value`` and
    any of ``label``, ``plural``, ``icon``, ``shape``, ``colour``,
    ``schema_type``; an icon must exist in the icon set (``icons``).
    """
    terms = tuple(site_term(entry) for entry in entity_types)
    if not terms:
        return REGISTRY
    kind = REGISTRY.kinds["entity"]
    vocabulary = kind.vocabulary("type").extended(terms)
    return Registry({**REGISTRY.kinds, "entity": kind.with_vocabulary("type", vocabulary)})


_TERM_KEYS = ("value", "label", "plural", "icon", "shape", "colour", "schema_type", "doc")


def site_term(entry: str | Mapping[str, Any]) -> Term:
    """A site's entity type as a term, or ``OptionError`` saying what is wrong."""
    from ..fields import ID_RE
    from ..icons import icon_exists

    if isinstance(entry, str):
        entry = {"value": entry}
    if not isinstance(entry, Mapping):
        raise OptionError(f"an entity type is a name or a mapping with value, not {entry!r}")
    unknown = [key for key in entry if key not in _TERM_KEYS]
    if unknown:
        raise OptionError(
            f"entity type option {unknown[0]!r} is not known; use {', '.join(_TERM_KEYS)}"
        )
    value = entry.get("value")
    if not isinstance(value, str) or not ID_RE.match(value):
        raise OptionError(
            f'entity type {value!r} must be lowercase words joined by hyphens, like "vessel"'
        )
    for key in _TERM_KEYS:
        if key in entry and not isinstance(entry[key], str):
            raise OptionError(f"entity type {value}: {key} must be text")
    label = entry.get("label") or value.replace("-", " ").capitalize()
    icon = entry.get("icon", "material/tag")
    if not icon_exists(icon):
        raise OptionError(
            f'entity type {value}: no icon named "{icon}"; use a Material icon name '
            'such as "material/ferry" (see the icon search on squidfunk.github.io/mkdocs-material)'
        )
    shape = entry.get("shape", "circle")
    if shape not in SHAPES:
        raise OptionError(f"entity type {value}: shape {shape!r} is not one of {', '.join(SHAPES)}")
    colour = entry.get("colour", "grey")
    if colour not in PALETTE:
        raise OptionError(
            f"entity type {value}: colour {colour!r} is not one of {', '.join(PALETTE)}"
        )
    return Term(
        value,
        label,
        entry.get("doc", ""),
        entry.get("plural") or label + "s",
        icon,
        shape,
        colour,
        entry.get("schema_type") or "Thing",
    )


__all__ = ["BUILTIN", "MENTION", "REGISTRY", "Kind", "OptionError", "Registry", "registry"]
