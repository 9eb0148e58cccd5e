"""Value checks for single fields: text, vocabularies, dates, URLs, codes.

Each check takes a scalar and returns the clean value or raises
``FieldError`` with the position of the fault inside the value.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from .edtf import EdtfDate, EdtfError, parse_edtf
from .problems import Position, did_you_mean, quoted_list
from .spec import TAG_MAX_LENGTH
from .text import Lines
from .yamltree import Scalar

# \Z, not $: "$" also matches before a final newline, so "acme\n" would pass.
ID_RE = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")
WIKIDATA_RE = re.compile(r"\AQ[1-9][0-9]*\Z")
#: ``[[id]]`` or ``[[id|text]]``.
WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]*?)(?:\|([^\[\]]*?))?\]\]")
_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")


class FieldError(ValueError):
    def __init__(self, message: str, pos: Position, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.code = code


def inner_pos(scalar: Scalar, offset: int) -> Position:
    """Position of character ``offset`` of a single-line scalar's value."""
    quote = 0 if scalar.plain else 1
    return Position(scalar.pos.line, scalar.pos.column + quote + offset)


def check_line(scalar: Scalar, name: str) -> str:
    value = scalar.value
    if value.endswith("\n"):  # a block scalar's final line break
        value = value.rstrip("\n")
    if "\n" in value:
        raise FieldError(
            f"{name} must be one line; use description for longer text", scalar.pos, "one-line"
        )
    if "\r" in value:
        raise FieldError(
            f"{name} must be one line of plain text, but holds a carriage return (\\r); remove it",
            scalar.pos,
            "one-line",
        )
    if not value.strip():
        raise FieldError(f"{name} is empty", scalar.pos, "empty")
    return value


def check_text(scalar: Scalar, name: str) -> str:
    if not scalar.value.strip():
        raise FieldError(f"{name} is empty", scalar.pos, "empty")
    return scalar.value


def check_tag(scalar: Scalar, name: str) -> str:
    """Any one line of text up to ``TAG_MAX_LENGTH`` characters; pages escape it."""
    value = check_line(scalar, name)
    if value != value.strip():
        raise FieldError(f'{name} "{value}" starts or ends with spaces', scalar.pos, "tag")
    if len(value) > TAG_MAX_LENGTH:
        raise FieldError(
            f"{name} is {len(value)} characters long; a tag has at most {TAG_MAX_LENGTH}",
            scalar.pos,
            "tag",
        )
    return value


def check_choice(scalar: Scalar, name: str, choices: tuple[str, ...], note: str = "") -> str:
    value = scalar.value
    if value in choices:
        return value
    hint = did_you_mean(value.lower().strip(), choices)
    raise FieldError(
        f'{name} "{value}" is not allowed; use one of {quoted_list(choices)}{hint}{note}',
        scalar.pos,
        "vocabulary",
    )


def check_date(scalar: Scalar, name: str) -> EdtfDate:
    try:
        return parse_edtf(scalar.value)
    except EdtfError as error:
        raise FieldError(
            f"{name}: {error.message}", inner_pos(scalar, error.offset), "date"
        ) from None


def check_id(scalar: Scalar, name: str) -> str:
    value = scalar.value
    if not ID_RE.match(value):
        raise FieldError(
            f'{name} "{value}" is not a record id: ids are lowercase letters, digits and '
            f'single hyphens, like "{suggest_id(value) or "openai"}"',
            scalar.pos,
            "id",
        )
    return value


def suggest_id(text: str) -> str:
    """The id a contributor probably meant: ``"Open AI"`` -> ``"open-ai"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:100]


def check_url(scalar: Scalar, name: str) -> str:
    value = scalar.value
    bad = _URL_FORBIDDEN.search(value)
    if bad:
        raise FieldError(
            f"{name} contains {bad.group()!r}, which a URL cannot hold unencoded",
            inner_pos(scalar, bad.start()),
            "url",
        )
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise FieldError(f'{name} "{value}" is not a valid URL', scalar.pos, "url") from None
    if parts.scheme not in ("http", "https"):
        raise FieldError(
            f'{name} must be an http:// or https:// URL, not "{parts.scheme or value}"',
            scalar.pos,
            "url",
        )
    if not host or ("." not in host and host != "localhost"):
        raise FieldError(f'{name} "{value}" has no valid host name', scalar.pos, "url")
    return value


@functools.cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes."""
    import pycountry  # loaded on first use: its database costs a few ms

    return frozenset(country.alpha_2 for country in pycountry.countries)


def check_country(scalar: Scalar, name: str) -> str:
    value = scalar.value
    if value in country_codes():
        return value
    hint = f' (did you mean "{value.upper()}"?)' if value.upper() in country_codes() else ""
    raise FieldError(
        f'{name} "{value}" is not an ISO 3166-1 alpha-2 country code such as "US" or "CN"{hint}',
        scalar.pos,
        "country",
    )


@functools.lru_cache(maxsize=1024)
def _language_ok(tag: str) -> bool:
    import langcodes

    return bool(langcodes.tag_is_valid(tag))


def check_language(scalar: Scalar, name: str) -> str:
    value = scalar.value
    if value.isascii() and value.strip() == value and _language_ok(value):
        return value
    raise FieldError(
        f'{name} "{value}" is not a BCP 47 language tag such as "en", "zh-Hans" or "pt-BR"',
        scalar.pos,
        "language",
    )


def check_wikidata(scalar: Scalar, name: str) -> str:
    value = scalar.value
    if WIKIDATA_RE.match(value):
        return value
    raise FieldError(
        f'{name} "{value}" is not a Wikidata item id such as "Q95"', scalar.pos, "wikidata"
    )


@functools.lru_cache(maxsize=4)
def _lines_of(text: str) -> Lines:
    """The line starts of a file's text, kept while its wikilinks are located."""
    return Lines(text)


def locate(text: str, start: Position, needle: str, occurrence: int) -> Position:
    """Find the ``occurrence``-th ``needle`` in ``text`` at or after ``start``.

    Multi-line values lose their file columns when YAML folds them; searching
    the file text from the value's start gives the real line and column.
    """
    lines = _lines_of(text)
    offset = lines.offset(start)
    found = -1
    for _ in range(occurrence + 1):
        found = text.find(needle, offset)
        if found < 0:
            return start
        offset = found + len(needle)
    return lines.position(found)
