"""EDTF (Extended Date/Time Format, ISO 8601-2) levels 0 and 1, as Dossier dates.

A small regular-expression parser rather than a general library: it runs
for every date of every record, must refuse what Dossier does not support
with a message that says why, and accepts a level-1 form that the ``edtf``
package refuses, the qualified season (``2024-23~``).

Accepted: ``2025``, ``2025-01``, ``2025-01-28``; date-times with seconds and
an optional zone (``2025-01-29T16:50:00``, ``...Z``, ``...+05:30``, ``...+05``);
a ``?`` (uncertain), ``~`` (approximate) or ``%`` (both) after a whole date
without a time; unspecified digits ``201X``, ``20XX``, ``2004-XX``,
``1985-04-XX``, ``1985-XX-XX``; seasons ``-21`` to ``-24``; intervals of all
of these, with ``..`` for an open end and nothing for an unknown one.
Years run from 0100 to 9899 (``MIN_YEAR``, ``MAX_YEAR``): Python's dates end at
0001 and 9999, and pages compute with a margin around every date (a winter
reaches into the next year, timelines pad their axis by a month and tick up
to the next year), so a date near either end would fail at render time; a
century of margin on each side keeps every such step far from the edge.
A date-time spans the day written, in its own zone.

Words (:meth:`EdtfDate.human`), in English whatever the locale:

* ``2025`` "2025", ``2025-01`` "January 2025", ``2025-01-28`` "28 January 2025";
  times as "29 January 2025, 16:50 UTC+05:30", seconds only when not ``00``.
* ``~`` "c. 2019", ``?`` "2019?", ``%`` "c. 2019?".
* Seasons "Spring 2024", "Summer 2024", "Autumn 2024", "Winter 2024–25"
  ("Winter 1999–2000" across a century).
* ``201X`` "2010s"; ``19XX`` "1900s"; a decade that would read like a century
  (``190X``, ``200X``) as "1900–1909", so that ``20XX`` and ``200X`` differ;
  ``2004-XX`` "2004 (month unknown)", ``1985-04-XX`` "April 1985 (day unknown)",
  ``1985-XX-XX`` "1985 (month and day unknown)".
* Intervals joined by " – ", sharing the year when both ends are plain dates of
  one year ("April – June 2022", "28 – 30 January 2025", "28 January – 3 February
  2025", "Spring – Autumn 2024"); ``x/..`` "since x", ``../x`` "until x",
  ``x/`` "x – unknown", ``/x`` "unknown – x". Qualified ends keep their own
  words ("c. June 2004 – August 2004?").
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MAX_YEAR", "MIN_YEAR", "EdtfDate", "EdtfError", "parse_edtf"]

# fmt: off
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# fmt: on
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
DASH = " – "
EXAMPLES = "2025, 2025-01, 2025-01-28, 2024-23 (autumn 2024) or 2024-09/2024-11"
MIN_YEAR = 100
MAX_YEAR = 9899
_YEARS = f"years {MIN_YEAR:04d}–{MAX_YEAR:04d} are supported"

_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FLAGS = {None: (False, False), "?": (True, False), "~": (False, True), "%": (True, True)}
_OPEN = ("", "..")
# [0-9], not \d: \d would also accept Arabic-Indic and other Unicode digits.
_SINGLE = re.compile(
    r"([0-9X]{4})(?:-([0-9X]{2})(?:-([0-9X]{2})"
    r"(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(Z|[+-][0-9]{2}(?::[0-9]{2})?)?)?)?)?([?~%])?"
)
_YEAR_X = re.compile(r"[0-9]{2}(?:[0-9]X|XX)")
# The longest run of whole components, to point at where a bad date goes wrong.
_PREFIX = re.compile(
    r"[0-9X]{4}(?:-[0-9X]{2}(?:-[0-9X]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?)?)?"
)
_LONG_YEAR = re.compile(r"[-+Y]|[0-9]{5}")
_INNER_QUALIFIER = re.compile(r"[?~%](?!$)")
_TWO_DIGIT_YEAR = re.compile(r"[0-9]{2}(?:-[0-9]{2}){0,2}")


class EdtfError(ValueError):
    """A date that is not valid EDTF level 0-1.

    ``message`` is one sentence saying what was expected, what was found and
    giving a correct example; ``offset`` is the 0-based character offset in the
    text where the problem starts (0 if unknown).
    """

    message: str
    offset: int

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """A parsed date: the text as written, its span of possible days, and flags.

    ``earliest``/``latest`` are the first and last possible days (``None`` for an
    open or unknown interval end); ``precision`` is "year", "month", "day",
    "minute" (a time at :00 seconds), "second", "season" or "interval";
    ``uncertain`` (``?`` or ``%``) and ``approximate`` (``~`` or ``%``) hold if
    either end of an interval has them.
    """

    text: str
    earliest: datetime.date | None
    latest: datetime.date | None
    precision: str
    uncertain: bool = False
    approximate: bool = False
    is_interval: bool = False

    def sort_key(self) -> tuple[datetime.date, datetime.date]:
        """Earliest possible day, then latest; open ends sort outermost."""
        return (self.earliest or datetime.date.min, self.latest or datetime.date.max)

    def contains(self, day: datetime.date) -> bool:
        """Whether ``day`` is one of the possible days (open ends contain everything)."""
        return (self.earliest is None or self.earliest <= day) and (
            self.latest is None or day <= self.latest
        )

    def human(self) -> str:
        """The date in words for readers, as listed in the module docstring."""
        return _human(self.text, self.is_interval)


@functools.lru_cache(maxsize=4096)
def _human(text: str, is_interval: bool) -> str:
    # Pages print the same dates many times over; the words depend on the text alone.
    if not is_interval:
        return _words(text)
    start, _, end = text.partition("/")
    if start == "..":
        return f"until {_words(end)}"
    if end == "..":
        return f"since {_words(start)}"
    if start == end:
        return _words(start)
    first = _words(start) if start else "unknown"
    last = _words(end) if end else "unknown"
    return _shared_year(start, end) or f"{first}{DASH}{last}"


def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF level 0-1 date or interval; raise :class:`EdtfError` otherwise."""
    try:
        return _parse(text)
    except EdtfError:
        hint = _suggest(text)
        if hint is None:
            raise
        raise EdtfError(*hint) from None


def _parse(text: str) -> EdtfDate:
    if "/" not in text:
        low, high, precision, qualifier = _single(text, 0)
        return EdtfDate(text, low, high, precision, *_FLAGS[qualifier])
    start, _, end = text.partition("/")
    at = len(start) + 1
    if "/" in end:
        raise _error(at + end.index("/"), 'one "/" in an interval', text, "e.g. 2024-09/2024-11")
    if start in _OPEN and end in _OPEN:
        example = "e.g. 2024-09/.. (open end) or ../2024-09 (open start)"
        raise _error(0, "at least one date in an interval", text, example)
    earliest = latest = None
    uncertain = approximate = False
    if start not in _OPEN:
        earliest, _, _, qualifier = _single(start, 0)
        uncertain, approximate = _FLAGS[qualifier]
    if end not in _OPEN:
        _, latest, _, qualifier = _single(end, at)
        end_uncertain, end_approximate = _FLAGS[qualifier]
        uncertain, approximate = uncertain or end_uncertain, approximate or end_approximate
        if earliest is not None and latest < earliest:
            raise EdtfError(
                f"interval ends ({end}) before it starts ({start}): expected the earlier date "
                f'first, found "{text}"; write {end}/{start}',
                at,
            )
    return EdtfDate(text, earliest, latest, "interval", uncertain, approximate, True)


def _error(offset: int, expected: str, found: str, example: str) -> EdtfError:
    return EdtfError(f'expected {expected}, found "{found}"; {example}', offset)


def _single(s: str, at: int) -> tuple[datetime.date, datetime.date, str, str | None]:
    """Earliest and latest day, precision and qualifier of one date at offset ``at``."""
    match = _SINGLE.fullmatch(s)
    if match is None:
        raise _diagnose(s, at)
    y, m, d, hour, minute, second, zone, qualifier = match.groups()
    if "X" in y:
        if not _YEAR_X.fullmatch(y):
            expected = "X for only the last one or two digits of a year"
            raise _error(at + y.index("X"), expected, y, "e.g. 201X or 20XX")
        if m is not None:
            raise _error(at + 4, "a year with X to stand alone", s, f"write {y}")
        low, high = int(y.replace("X", "0")), int(y.replace("X", "9"))
        _check_years(low, high, s, at)
        return datetime.date(low, 1, 1), datetime.date(high, 12, 31), "year", qualifier
    year = int(y)
    _check_years(year, year, s, at)
    if m is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", qualifier
    if hour is not None and "X" in s:
        raise _error(at + s.index("X"), "a known day before a time", s, f"e.g. {y}-01-01T12:00:00")
    if m == "XX":
        if d not in (None, "XX"):
            raise _error(at + 8, "day XX when the month is XX", s, f"write {y}-XX-XX")
        precision = "month" if d is None else "day"
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), precision, qualifier
    month = int(m) if m.isdigit() else 0
    if 21 <= month <= 24:
        if d is not None:
            raise _error(at + 7, "no day after a season (21–24)", s, f"write {y}-{m}")
        earliest, latest = _season(year, month, at)
        return earliest, latest, "season", qualifier
    if not 1 <= month <= 12:
        raise _error(at + 5, "a month 01–12, XX or a season 21–24", m, f"e.g. {y}-01 or {y}-21")
    last = 29 if month == 2 and calendar.isleap(year) else _DAYS[month]
    if d is None or d == "XX":
        precision = "month" if d is None else "day"
        return datetime.date(year, month, 1), datetime.date(year, month, last), precision, qualifier
    day = int(d) if d.isdigit() else 0
    if not 1 <= day <= last:
        message = (
            f"{MONTHS[month - 1]} {year} has no day {d} (it has {last} days): expected a day "
            f'01–{last} or XX, found "{d}"; e.g. {y}-{m}-{last}'
        )
        raise EdtfError(message, at + 8)
    value = datetime.date(year, month, day)
    if hour is None:
        return value, value, "day", qualifier
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        found = f"{hour}:{minute}:{second}"
        raise _error(at + 11, "a time 00:00:00–23:59:59", found, f"e.g. {y}-{m}-{d}T16:50:00")
    shift = 0 if zone in (None, "Z") else int(zone[1:3]) * 60 + int(zone[4:] or 0)
    if shift > 14 * 60 or (zone and zone[4:] > "59"):
        example = f"e.g. {s[:19]}+05:30 or {s[:19]}Z"
        raise _error(at + 19, "a time zone Z or -14:00 to +14:00", str(zone), example)
    if qualifier:
        example = f"qualify the day alone: {s[:10]}{qualifier}"
        raise _error(at + len(s) - 1, "no ? ~ or % after a time", s, example)
    return value, value, "minute" if second == "00" else "second", None


def _check_years(low: int, high: int, s: str, at: int) -> None:
    if low < MIN_YEAR or high > MAX_YEAR:
        raise EdtfError(f'{_YEARS}, found "{s}"; e.g. 2025', at)


def _season(year: int, season: int, at: int) -> tuple[datetime.date, datetime.date]:
    if season < 24:
        first = (season - 21) * 3 + 3
        return datetime.date(year, first, 1), datetime.date(year, first + 2, _DAYS[first + 2])
    end = 29 if calendar.isleap(year + 1) else 28
    return datetime.date(year, 12, 1), datetime.date(year + 1, 2, end)


def _diagnose(s: str, at: int) -> EdtfError:
    """Why ``s`` is not an EDTF date, pointing at where it goes wrong."""
    if s[:1] in ("[", "{"):
        return _error(at, "one date or interval, not a set (EDTF level 2)", s, "e.g. 1667/1668")
    if _LONG_YEAR.match(s):
        message = f'{_YEARS}, with four digits; found "{s}"; e.g. 2025'
        return EdtfError(message, at)
    inner = _INNER_QUALIFIER.search(s)
    if inner:
        example = s.replace("?", "").replace("~", "").replace("%", "") + inner.group()
        expected = "one ? ~ or % at the end of the whole date, not on a part (EDTF level 2)"
        return _error(at + inner.start(), expected, s, f"write {example}")
    if _TWO_DIGIT_YEAR.fullmatch(s):
        return _error(at, "a four-digit year (years have four digits)", s, f"e.g. 20{s}")
    prefix = _PREFIX.match(s)
    return _error(at + (prefix.end() if prefix else 0), "an EDTF date", s, f"e.g. {EXAMPLES}")


# -- suggestions for common non-EDTF spellings (error path only) ---------------

_NAMES = {name.lower()[:n]: i for i, name in enumerate(MONTHS, 1) for n in (3, 9)}
_NAMES.update(sept=9, spring=21, summer=22, autumn=23, fall=23, winter=24)
# "28 January 2025", "January 28th, 2025", "Jan. 2025", "Autumn 2024".
_BY_NAME = (
    r"^(?:(\d\d?)(?:st|nd|rd|th)?\s+)?([a-z]+)\.?(?:\s+(\d\d?)(?:st|nd|rd|th)?)?,?\s+(\d{4})$"
)
_YMD = "year-month-day"


def _by_name(m: re.Match[str]) -> str:
    number, day = _NAMES.get(m[2].lower(), 0), m[1] or m[3]
    if not number or (m[1] and m[3]):
        return ""
    return f"{m[4]}-{number:02d}" + (f"-{day:0>2}" if day else "")


def _numeric_dmy(m: re.Match[str]) -> str:
    first, second, year = int(m[1]), int(m[3]), m[4]
    if first == second or first > 12:
        return f"{year}-{second:02d}-{first:02d}"
    if second > 12:
        return f"{year}-{first:02d}-{second:02d}"
    return f"{year}-{second:02d}-{first:02d} (or {year}-{first:02d}-{second:02d} if month first)"


_Fix = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], str]
# (where it matches, its replacement, what EDTF expects instead). A fix is only
# offered when its result parses, so \d (any Unicode digit) is safe here.
_FIXES: tuple[_Fix, ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement, what)
    for pattern, replacement, what in (
        (_BY_NAME, _by_name, "numbers, year first"),
        (r"^(\d\d?)([/.-])(\d\d?)\2(\d{4})$", _numeric_dmy, _YMD),
        (r"^(\d{4})([/.-])(\d\d?)\2(\d\d?)$", lambda m: f"{m[1]}-{m[3]:0>2}-{m[4]:0>2}", _YMD),
        (r"^(\d{4})(\d\d)(\d\d)$", r"\1-\2-\3", "year-month-day with hyphens"),
        (r"^(\d{4})[.-](\d\d?)$", lambda m: f"{m[1]}-{m[2]:0>2}", "year-month"),
        (r"^(\d\d?)[/.-](\d{4})$", lambda m: f"{m[2]}-{m[1]:0>2}", "year-month"),
        (r"^(\d{3})0'?s$", r"\1X", "unspecified digits as X"),
        (r"^(?:c\.|ca\.|circa|about)\s*([\d-]+)$", r"\1~", 'a "~" after the date for "about"'),
        (r"(?-i:[xtz])", lambda m: m[0].upper(), "X, T and Z in capitals"),
        (r"(?<=\d{4}-\d\d-\d\d)\s+(?=\d\d:)", "T", "a T between date and time"),
        (r"(?<=-\d\d)[T ](\d\d:\d\d)(?=$|Z|[+-]|/)", r"T\1:00", "seconds (they are required)"),
        (r"(?<=:\d\d)[.,]\d+", "", "whole seconds, without a fraction"),
        (r"(?<=[+-]\d\d)(?=\d\d$)", ":", "a time zone as +hh:mm"),
        (r"\s*(?:[–—]|--|\s-\s|\s+to\s+)\s*", "/", 'an interval written with "/"'),
        (r"(?<=/)(?:present|now|today|ongoing)$", "..", 'an open end written ".."'),
        (r"^since\s+(\S+)$", r"\1/..", 'an open end written ".."'),
        (r"^until\s+(\S+)$", r"../\1", 'an open start written ".."'),
    )
)


def _suggest(text: str) -> tuple[str, int] | None:
    """A message and offset proposing the EDTF form ``text`` probably means."""
    stripped = text.strip()
    if not stripped:
        return f"expected a date such as {EXAMPLES}, found nothing", 0
    if stripped != text:
        example = stripped if _parses(stripped) else "2025-01-28"
        where = 0 if text[0].isspace() else len(text.rstrip())
        return f'expected no spaces around the date, found "{text}"; write {example}', where
    for pattern, replacement, what in _FIXES:
        found = pattern.search(text)
        if found is None:
            continue
        fixed = pattern.sub(replacement, text)
        if fixed and _parses(fixed.partition(" (or ")[0]):
            return f'expected {what}, found "{text}"; write {fixed}', found.start()
    return None


def _parses(text: str) -> bool:
    try:
        _parse(text)
    except EdtfError:
        return False
    return True


# -- words ----------------------------------------------------------------------


def _words(s: str) -> str:
    match = _SINGLE.fullmatch(s)
    assert match is not None, s  # only called on text that parsed
    y, m, d, hour, minute, second, zone, qualifier = match.groups()
    if "X" in y:
        start = int(y.replace("X", "0"))
        if y.endswith("XX"):
            words = f"{start}s" if start else "1–99"
        else:
            words = f"{start}s" if start % 100 else f"{max(start, 1)}–{start + 9}"
    elif m is None:
        words = str(int(y))
    elif m == "XX":
        words = f"{int(y)} (month unknown)" if d is None else f"{int(y)} (month and day unknown)"
    elif int(m) in SEASONS:
        words = f"{SEASONS[int(m)]} {int(y)}"
        if m == "24":
            following = str(int(y) + 1)
            words += "–" + (following[-2:] if following[:-2] == y[:2] else following)
    else:
        words = f"{MONTHS[int(m) - 1]} {int(y)}"
        if d == "XX":
            words += " (day unknown)"
        elif d is not None:
            words = f"{int(d)} {words}"
    if hour is not None:
        words += f", {hour}:{minute}" + (f":{second}" if second != "00" else "")
        words += " UTC" if zone == "Z" else f" UTC{zone}" if zone else ""
    if qualifier in ("~", "%"):
        words = f"c. {words}"
    return f"{words}?" if qualifier in ("?", "%") else words


def _shared_year(start: str, end: str) -> str | None:
    """Words for two plain dates of one year that say the year once, else ``None``."""
    a, b = _SINGLE.fullmatch(start), _SINGLE.fullmatch(end)
    if a is None or b is None or a[1] != b[1] or "X" in start + end or "T" in start + end:
        return None
    if a[8] or b[8] or a[2] is None or b[2] is None or (a[3] is None) != (b[3] is None):
        return None
    year, first, last = int(a[1]), int(a[2]), int(b[2])
    if first > 12 or last > 12:
        if 24 in (first, last) or first <= 12 or last <= 12:
            return None
        return f"{SEASONS[first]}{DASH}{SEASONS[last]} {year}"
    if a[3] is None:
        return f"{MONTHS[first - 1]}{DASH}{MONTHS[last - 1]} {year}"
    if first == last:
        return f"{int(a[3])}{DASH}{int(b[3])} {MONTHS[first - 1]} {year}"
    return f"{int(a[3])} {MONTHS[first - 1]}{DASH}{int(b[3])} {MONTHS[last - 1]} {year}"
