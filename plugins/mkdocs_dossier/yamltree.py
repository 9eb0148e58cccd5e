"""The YAML builder: one record file's bytes into positioned nodes.

The file is read as a stream of parser events from libyaml (PyYAML's C
parser) and assembled here, instead of using a PyYAML loader, because that
is the one place where all of this can be enforced without constructing
anything: every scalar stays the exact text written (no YAML 1.1 booleans,
octals, floats or dates); explicit tags are refused before any constructor
runs; duplicate keys are caught (PyYAML keeps the last silently); aliases
are counted and their expanded size is bounded; nesting depth is bounded
without recursion; and every key and value keeps its line and column.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

from .problems import Position
from .text import Lines, escape_at, find_forbidden, forbidden_char_name
from .yamlerrors import explain_yaml_error

try:  # libyaml is required for speed; the pure parser is a correct fallback.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


MAX_FILE_BYTES = 1024 * 1024
MAX_ALIASES = 16
MAX_NODES = 50_000
MAX_DEPTH = 32

_CORE_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


# Nodes are named tuples: immutable, and several times cheaper to build than
# frozen dataclasses, which matters for a loader that makes one per value.
class Scalar(NamedTuple):
    """A scalar: always the text as written (quotes and escapes resolved)."""

    value: str
    pos: Position
    plain: bool = True

    @property
    def is_empty(self) -> bool:
        """True for ``key:`` with nothing after it (YAML's null)."""
        return self.plain and self.value == ""


class Sequence(NamedTuple):
    items: tuple[Node, ...]
    pos: Position


class Entry(NamedTuple):
    key: str
    key_pos: Position
    value: Node


class Mapping(NamedTuple):
    entries: dict[str, Entry]
    pos: Position

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry.value if entry is not None else None


Node = Scalar | Sequence | Mapping


class LoadError(Exception):
    def __init__(self, message: str, pos: Position, code: str = "yaml") -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.code = code


#: A finding of the parser that does not stop the file: (position, message, code).
Notice = tuple[Position, str, str]


class Parsed(NamedTuple):
    """A parsed record file: its root mapping, its text and its warnings."""

    root: Mapping
    text: str
    warnings: tuple[Notice, ...] = ()


def too_large(size: int, max_bytes: int) -> LoadError:
    return LoadError(
        f"file is {size:,} bytes; a record may be at most {max_bytes:,} bytes",
        Position(),
        "too-large",
    )


def parse_record_bytes(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> tuple[Mapping, str]:
    """Parse one record file's bytes into a positioned mapping and its text.

    Raises ``LoadError`` with a position for every way a file can be unusable.
    """
    parsed = parse_record(data, max_bytes)
    return parsed.root, parsed.text


def parse_record(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> Parsed:
    """Like :func:`parse_record_bytes`, with the parser's warnings."""
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("file is UTF-16; save it as UTF-8", Position(), "encoding")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(
            f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            _offset_position(data, error.start),
            "encoding",
        ) from None
    bad = find_forbidden(text)
    if bad is not None:
        raise LoadError(
            f"{forbidden_char_name(bad[1])} is not allowed in a record; delete it",
            Lines(text).position(bad[0]),
            "character",
        )
    builder = _Builder(text)
    root = builder.build()
    return Parsed(root, text, tuple(builder.warnings))


def _offset_position(data: bytes, offset: int) -> Position:
    before = data[:offset]
    text = before.decode("utf-8", errors="replace")
    return Lines(text).position(len(text))


class _Builder:
    """Turns libyaml's event stream into ``Node`` values, iteratively."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.anchors: dict[str, tuple[Node, int]] = {}
        self.aliases = 0
        self.warnings: list[Notice] = []
        self._lines: Lines | None = None
        # libyaml also ends lines at U+2028 and U+2029 (NEL is refused before
        # parsing); only then do its marks need mapping to editor positions.
        self.remap = "\u2028" in text or "\u2029" in text

    @property
    def lines(self) -> Lines:
        if self._lines is None:
            self._lines = Lines(self.text)
        return self._lines

    def pos(self, mark: Any) -> Position:
        """A mark's position as an editor shows it."""
        if mark is None:
            return Position()
        if self.remap:
            return self.lines.position(mark.index)
        return Position(mark.line + 1, mark.column + 1)

    def build(self) -> Mapping:
        parser = _Parser(self.text)
        try:
            return self._build(parser)
        except yaml.MarkedYAMLError as error:
            message, offset = explain_yaml_error(error, self.text)
            if offset is None:
                raise LoadError(message, self.pos(error.problem_mark)) from None
            raise LoadError(message, self.lines.position(offset)) from None
        except yaml.YAMLError as error:
            raise LoadError(f"YAML error: {error}", Position()) from None
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose is not None:
                dispose()

    def _build(self, parser: _Parser) -> Mapping:
        documents = 0
        root: Node | None = None
        # Each frame: [start event, items or (key entries), pending key, weight]
        stack: list[list] = []
        get_event = parser.get_event
        while True:
            event: Any = get_event()  # libyaml events are untyped
            kind = type(event)
            weight = 1
            # Scalars come first: they are most of every file.
            if kind is yaml.ScalarEvent:
                if event.tag is not None:
                    self._check_tag(event)
                mark = event.start_mark
                style = event.style
                if style == '"':
                    self._check_escapes(event)
                elif not style:
                    self._check_cut_short(event)
                # libyaml reports a plain scalar's style as "", the pure parser as None.
                node: Node = Scalar(
                    event.value,
                    self.pos(mark) if self.remap else Position(mark.line + 1, mark.column + 1),
                    not style,
                )
                if event.anchor is not None:
                    self.anchors[event.anchor] = (node, 1)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.tag is not None:
                    self._check_tag(event)
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(
                        f"nested more than {MAX_DEPTH} levels deep; records are shallow",
                        self.pos(event.start_mark),
                        "too-deep",
                    )
                stack.append([event, {} if kind is yaml.MappingStartEvent else [], None, 1])
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                start, items, _, weight = stack.pop()
                pos = self.pos(start.start_mark)
                if kind is yaml.MappingEndEvent:
                    node = Mapping(items, pos)
                else:
                    node = Sequence(tuple(items), pos)
                self._anchor(start, node, weight)
            elif kind is yaml.AliasEvent:
                node, weight = self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise LoadError(
                        "more than one YAML document: a file holds exactly one record "
                        "(remove the extra '---')",
                        self.pos(event.start_mark),
                        "multi-doc",
                    )
                continue
            elif kind is yaml.StreamEndEvent:
                break
            else:  # stream start, document end
                continue
            if stack:
                self._attach(stack[-1], node, weight)
            else:
                root = node
        if root is None:
            raise LoadError("empty file: a record is a mapping of fields", Position(), "empty")
        if isinstance(root, Scalar) and root.is_empty:
            raise LoadError("empty file: a record is a mapping of fields", Position(), "empty")
        if not isinstance(root, Mapping):
            what = "a list" if isinstance(root, Sequence) else "a single value"
            raise LoadError(
                f"a record must be a mapping of fields (field: value), not {what}",
                root.pos,
                "not-mapping",
            )
        return root

    def _attach(self, frame: list, node: Node, weight: int) -> None:
        frame[3] += weight
        if frame[3] > MAX_NODES:
            raise LoadError(
                f"document expands to more than {MAX_NODES:,} values (too many aliases?)",
                node.pos,
                "too-large",
            )
        container = frame[1]
        if isinstance(container, list):
            container.append(node)
            return
        pending: Scalar | None = frame[2]
        if pending is None:
            if not isinstance(node, Scalar):
                raise LoadError(
                    "a field name must be plain text, not a list or mapping",
                    node.pos,
                    "key-type",
                )
            if node.value in container:
                first = container[node.value].key_pos
                raise LoadError(
                    f'duplicate field "{node.value}" (first given at line {first.line}); '
                    "YAML would silently keep only the last one",
                    node.pos,
                    "duplicate-key",
                )
            frame[2] = node
            return
        container[pending.value] = Entry(pending.value, pending.pos, node)
        frame[2] = None

    def _check_escapes(self, event: Any) -> None:
        """Refuse a forbidden character written as an escape (``"\\x1b"``)."""
        bad = find_forbidden(event.value)
        if bad is None:
            return
        start, end = event.start_mark.index, event.end_mark.index
        found = escape_at(self.text[start:end])
        name = forbidden_char_name(bad[1])
        if found is None:  # pragma: no cover - every such character comes from an escape
            raise LoadError(
                f"{name} is not allowed in a record", self.pos(event.start_mark), "character"
            )
        offset, escape = found
        raise LoadError(
            f'{name}, written "{escape}", is not allowed in a record; delete it',
            self.lines.position(start + offset),
            "character",
        )

    def _check_cut_short(self, event: Any) -> None:
        """Warn when a plain value ends right before " #": the rest of the line
        was read as a comment, which is rarely what a single space means."""
        end = event.end_mark.index
        if self.text[end : end + 2] != " #" or not event.value:
            return
        line_end = self.text.find("\n", end)
        rest = self.text[end + 1 : line_end if line_end >= 0 else len(self.text)].rstrip("\r")
        self.warnings.append(
            (
                self.lines.position(end + 1),
                f'the value "{event.value}" ends here: " #" starts a comment, so '
                f'"{rest}" was not read; quote the whole value if it belongs to it, '
                "or put two spaces before a comment",
                "comment",
            )
        )

    def _check_tag(self, event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!" or tag in _CORE_TAGS:
            return
        shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
        raise LoadError(
            f'YAML tag "{shown}" is not allowed: records hold plain text, lists and mappings',
            self.pos(event.start_mark),
            "tag",
        )

    def _anchor(self, event: Any, node: Node, weight: int) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = (node, weight)

    def _alias(self, event: Any) -> tuple[Node, int]:
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise LoadError(
                f"more than {MAX_ALIASES} aliases (*name) in one record; write the values out",
                self.pos(event.start_mark),
                "alias",
            )
        target = self.anchors.get(event.anchor)
        if target is None:
            # An anchor still being built is the alias's own ancestor.
            raise LoadError(
                f'alias "*{event.anchor}" refers to an anchor that is not complete here '
                "(undefined or recursive)",
                self.pos(event.start_mark),
                "alias",
            )
        return target
