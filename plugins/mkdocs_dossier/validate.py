"""Stage 2, validate: positioned documents into typed records, or problems.

``validate`` checks each document against its ``KindSpec`` (fields, types,
vocabularies, dates, URLs, codes), then hands the references it collected
to ``crosscheck`` for the checks that need the whole tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import fields as check
from .corroboration import Corroboration
from .crosscheck import CrossCache, crosscheck
from .documents import DocumentResult, Reference
from .kinds import REGISTRY, Kind, Registry
from .load import Document, LoadResult
from .problems import (
    Position,
    Problem,
    Severity,
    article,
    did_you_mean,
    quoted_list,
    sorted_problems,
)
from .records import Record
from .rules import Levels
from .spec import FieldSpec, FieldType, StructSpec
from .yamltree import Mapping, Node, Scalar, Sequence

_INVALID = object()


class ValidationCache(dict[str, tuple[Mapping, str, str, DocumentResult]]):
    """Each document's own check, kept between builds of ``mkdocs serve`` by
    display path: the parsed body it was made from (the parse cache hands
    back the same object while the file is unchanged), its kind and id, and
    the result; and what the checks between records worked out (``cross``).
    Only the whole-tree rules run again for an unchanged file."""

    def __init__(self) -> None:
        super().__init__()
        self.cross = CrossCache()


@dataclass(slots=True)
class Validated:
    """The outcome of validation: records by id, and every problem found."""

    records: dict[str, Record]
    problems: list[Problem]
    registry: Registry = REGISTRY
    #: The corroboration of the claims, as the rules worked it out.
    corroboration: Corroboration | None = None

    @property
    def ok(self) -> bool:
        return not any(problem.is_error for problem in self.problems)


def validate(
    loaded: LoadResult,
    registry: Registry = REGISTRY,
    rule_levels: Levels | None = None,
    cache: ValidationCache | None = None,
) -> Validated:
    """Validate every loaded document and the references between them, and
    run the whole-tree rules at ``rule_levels`` (``rules.levels``).

    With a ``cache`` (for one registry), a document parsed from an unchanged
    file keeps its previous result; the cache is left holding the results
    of this call's documents only."""
    problems = list(loaded.problems)
    results: list[tuple[Document, DocumentResult]] = []
    kept: dict[str, tuple[Mapping, str, str, DocumentResult]] = {}
    for document in loaded.documents:
        cached = cache.get(document.path) if cache is not None else None
        if (
            cached is not None
            and cached[0] is document.root
            and cached[1:3] == (document.kind, document.id)
        ):
            result = cached[3]
        else:
            result = validate_document(document, registry.kinds[document.kind], registry)
        kept[document.path] = (document.root, document.kind, document.id, result)
        problems.extend(result.problems)
        results.append((document, result))
    if cache is not None:
        cache.clear()
        cache.update(kept)
    records = {
        result.record.id: result.record for _, result in results if result.record is not None
    }
    corroboration = Corroboration(records, registry)
    cross = cache.cross if isinstance(cache, ValidationCache) else None
    problems.extend(
        crosscheck(loaded.record_files, results, registry, rule_levels, corroboration, cross)
    )
    return Validated(records, sorted_problems(problems), registry, corroboration)


def validate_document(
    document: Document, spec: Kind, registry: Registry = REGISTRY
) -> DocumentResult:
    """Check one document against its kind and build its record."""
    checker = _Checker(document, registry.names)
    values = checker.mapping(
        document.root, spec.all_fields, f"{article(spec.name)} {spec.name}", top=True
    )
    result = DocumentResult(
        None,
        checker.problems,
        checker.references,
        {key: entry.key_pos for key, entry in document.root.entries.items()},
        {key: entry.value.pos for key, entry in document.root.entries.items()},
    )
    for name, (condition, exempt) in spec.required_unless.items():
        if name in values or name in checker.failed:
            continue
        kind_value = values.get(condition)
        if isinstance(kind_value, str) and kind_value not in exempt:
            pos = result.positions.get(condition, document.root.pos)
            checker.error(
                pos,
                f'{name} is required for a {spec.name} of {condition} "{kind_value}" '
                f"(only {' and '.join(exempt)} may leave it out)",
                "required",
            )
    if checker.errors:
        return result
    values["mentions"] = tuple(dict.fromkeys(checker.mentions))
    result.record = spec.record(id=document.id, path=document.path, **values)
    return result


#: Field types whose value is checked by one function of the scalar alone.
_SCALAR_CHECKS: dict[FieldType, Callable[[Scalar, str], Any]] = {
    FieldType.LINE: check.check_line,
    FieldType.TAG: check.check_tag,
    FieldType.TEXT: check.check_text,
    FieldType.DATE: check.check_date,
    FieldType.URL: check.check_url,
    FieldType.COUNTRY: check.check_country,
    FieldType.LANGUAGE: check.check_language,
    FieldType.WIKIDATA: check.check_wikidata,
}


#: Field types shown as plain text, where a wikilink is not a link.
_PLAIN_TEXT = (FieldType.LINE, FieldType.TEXT, FieldType.TAG)


class _Checker:
    """Walks one document, converting values and collecting problems."""

    def __init__(self, document: Document, kinds: tuple[str, ...]) -> None:
        self.document = document
        self.kinds = kinds
        self.problems: list[Problem] = []
        self.references: list[Reference] = []
        self.mentions: list[str] = []
        self.failed: set[str] = set()
        self.errors = 0

    def error(
        self,
        pos: Position,
        message: str,
        code: str = "invalid",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(
            Problem(self.document.path, pos.line, pos.column, message, code, severity)
        )
        if severity is Severity.ERROR:
            self.errors += 1

    def mapping(
        self,
        node: Mapping,
        specs: tuple[FieldSpec, ...],
        what: str,
        top: bool = False,
        prefix: str = "",
    ) -> dict[str, Any]:
        known = {spec.name: spec for spec in specs}
        values: dict[str, Any] = {}
        for key, entry in node.entries.items():
            spec = known.get(key)
            if spec is None:
                self.error(entry.key_pos, _unknown_field(key, what, known), "unknown-field")
                continue
            value = self.value(entry.value, spec, prefix + key)
            if value is _INVALID:
                if top:
                    self.failed.add(key)
            else:
                values[key] = value
        for spec in specs:
            if spec.required and spec.name not in node.entries:
                allowed = f"; one of {quoted_list(spec.choices)}" if spec.choices else ""
                self.error(
                    node.pos,
                    f"missing required field {spec.name} ({spec.doc}{allowed})",
                    "required",
                )
        return values

    def value(self, node: Node, spec: FieldSpec, label: str) -> Any:
        try:
            return self._convert(node, spec, label)
        except check.FieldError as error:
            self.error(error.pos, error.message, error.code)
            return _INVALID

    def _convert(self, node: Node, spec: FieldSpec, label: str) -> Any:
        if spec.type is FieldType.LIST:
            return self._list(node, spec, label)
        if spec.type is FieldType.STRUCT:
            assert spec.struct is not None
            return self._struct(node, spec.struct, label)
        if not isinstance(node, Scalar):
            raise check.FieldError(
                f"{label} must be a single value, not a {_shape(node)}", node.pos, "type"
            )
        if node.is_empty:
            raise check.FieldError(
                f"{label} has no value: fill it in or remove the line", node.pos, "empty"
            )
        simple = _SCALAR_CHECKS.get(spec.type)
        if simple is not None:
            value = simple(node, label)
            if spec.type in _PLAIN_TEXT and "[[" in node.value:
                self._plain_wikilink(node, label)
            return value
        match spec.type:
            case FieldType.MARKDOWN:
                text = check.check_text(node, label)
                self._wikilinks(node, label)
                return text
            case FieldType.CHOICE:
                return check.check_choice(node, label, spec.choices, _choice_hint(spec))
            case FieldType.REF:
                value = check.check_id(node, label)
                self.references.append(
                    Reference(
                        self.document.path, self.document.id, label, value, spec.targets, node.pos
                    )
                )
                return value
        raise AssertionError(f"unhandled field type {spec.type}")  # pragma: no cover

    def _list(self, node: Node, spec: FieldSpec, label: str) -> tuple[Any, ...]:
        assert spec.item is not None
        if isinstance(node, Scalar) and node.is_empty:
            raise check.FieldError(
                f'{label} has no value: list items below it as "- item", or remove the line',
                node.pos,
                "empty",
            )
        if not isinstance(node, Sequence):
            raise check.FieldError(
                f'{label} must be a list: write each item on its own line as "- item"',
                node.pos,
                "type",
            )
        if len(node.items) < spec.min_items:
            raise check.FieldError(
                f"{label} is empty: give at least {spec.min_items}", node.pos, "required"
            )
        items: list[Any] = []
        seen: dict[Any, Position] = {}
        invalid = False
        for index, child in enumerate(node.items):
            value = self.value(child, spec.item, f"{label}[{index + 1}]")
            if value is _INVALID:
                invalid = True
                continue
            if value in seen:
                self.error(
                    child.pos,
                    f"{label}: duplicate of the item at line {seen[value].line}",
                    "duplicate",
                    Severity.WARNING,
                )
                continue
            seen[value] = child.pos
            items.append(value)
        if invalid:
            return _INVALID  # type: ignore[return-value]
        return tuple(items)

    def _struct(self, node: Node, struct: StructSpec, label: str) -> Any:
        if isinstance(node, Scalar) and struct.shorthand and not node.is_empty:
            spec = struct.field_named(struct.shorthand)
            assert spec is not None
            value = self.value(node, spec, label)
            if value is _INVALID:
                return _INVALID
            return struct.cls(**{struct.shorthand: value})
        if not isinstance(node, Mapping):
            raise check.FieldError(f"{label} must be {struct.doc}", node.pos, "type")
        before = self.errors
        values = self.mapping(node, struct.fields, f"the {struct.name} {label}", prefix=f"{label}.")
        if self.errors > before:
            return _INVALID
        if "start" in values and "end" in values:
            self._span_order(node, values, label)
        return struct.cls(**values)

    def _span_order(self, node: Mapping, values: dict[str, Any], label: str) -> None:
        start, end = values.get("start"), values.get("end")
        if start is None or end is None:
            return
        if start.earliest and end.latest and end.latest < start.earliest:
            entry = node.entries["end"]
            self.error(
                entry.value.pos,
                f"{label}: end {end.text} is before start {start.text}",
                "date-order",
            )

    def _plain_wikilink(self, node: Scalar, label: str) -> None:
        match = check.WIKILINK_RE.search(node.value)
        if match is None:
            return
        pos = check.locate(self.document.text, node.pos, match.group(0), 0)
        self.error(
            pos,
            f"{label} is plain text, so {match.group(0)} shows as typed: wikilinks work "
            "in description only; write the name as text or move the link there",
            "wikilink-in-text",
            Severity.WARNING,
        )

    def _wikilinks(self, node: Scalar, label: str) -> None:
        counts: dict[str, int] = {}
        for match in check.WIKILINK_RE.finditer(node.value):
            token = match.group(0)
            occurrence = counts.get(token, 0)
            counts[token] = occurrence + 1
            pos = check.locate(self.document.text, node.pos, token, occurrence)
            target = match.group(1).strip()
            if not check.ID_RE.match(target):
                self.error(
                    pos,
                    f"wikilink {token} does not name a record id; write "
                    f"[[{check.suggest_id(target) or 'id'}]] or [[id|text]]",
                    "wikilink",
                )
                continue
            self.mentions.append(target)
            self.references.append(
                Reference(
                    self.document.path,
                    self.document.id,
                    f"{label} wikilink",
                    target,
                    self.kinds,
                    pos,
                )
            )


def _choice_hint(spec: FieldSpec) -> str:
    return spec.vocabulary.hint if spec.vocabulary is not None else ""


def _shape(node: Node) -> str:
    return "list" if isinstance(node, Sequence) else "mapping"


def _unknown_field(key: str, what: str, known: dict[str, FieldSpec]) -> str:
    hint = did_you_mean(key, known)
    if not hint:
        lowered = key.strip().lower().replace("-", "_").replace(" ", "_")
        if lowered in known and lowered != key:
            hint = f' (did you mean "{lowered}"?)'
    allowed = ", ".join(known)
    return f'unknown field "{key}" for {what}{hint}; fields are: {allowed}'
