"""EDTF (Extended Date/Time Format) levels 0 and 1, as Dossier dates.

A small regular-expression parser rather than a general library: it is
called for every date of every record, must refuse what Dossier does not
support with a message that says why, and must accept a few level-1 forms
that the ``edtf`` package refuses (a qualified season, ``2024-23~``).

Each parsed date knows its earliest and latest possible day (for sorting
and for checks such as "a source cannot report what had not happened
yet") and renders itself in words: "Autumn 2024", "c. October 2021",
"April – June 2022".
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = tuple(calendar.month_name[1:])
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
DASH = " – "

_DATE = re.compile(
    r"(?P<year>[0-9X]{4})"
    r"(?:-(?P<month>[0-9X]{2})"
    r"(?:-(?P<day>[0-9X]{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})"
    r"(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?"
    r"(?P<qualifier>[?~%])?"
)
_MONTH_NAMES = {name.lower(): i for i, name in enumerate(MONTHS, 1)}
_MONTH_NAMES.update({name[:3].lower(): i for i, name in enumerate(MONTHS, 1)})
_NATURAL_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_NATURAL_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_NATURAL_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_NATURAL_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


class EdtfError(ValueError):
    """A date that is not valid EDTF level 0-1.

    ``message`` says what was expected and found, with a correct example;
    ``offset`` is where in the text the problem starts.
    """

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """A parsed date: the text as written, its span of possible days, and flags."""

    text: str
    earliest: datetime.date | None
    latest: datetime.date | None
    precision: str
    uncertain: bool = False
    approximate: bool = False
    is_interval: bool = False

    def sort_key(self) -> tuple[datetime.date, datetime.date]:
        """Sort by earliest possible day, then latest; open ends sort outermost."""
        return (self.earliest or datetime.date.min, self.latest or datetime.date.max)

    def contains(self, day: datetime.date) -> bool:
        return (self.earliest is None or self.earliest <= day) and (
            self.latest is None or day <= self.latest
        )

    def human(self) -> str:
        """The date in words, for readers."""
        if self.is_interval:
            return _human_interval(self.text)
        return _human_single(self.text)


def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF level 0-1 date or interval; raise ``EdtfError`` otherwise."""
    if not isinstance(text, str) or not text:
        raise EdtfError("empty date; write e.g. 2025-01-28")
    if text != text.strip():
        raise EdtfError("date has spaces around it; remove them", 0)
    if "/" in text and not _NATURAL_DMY.match(text):
        return _parse_interval(text)
    single = _parse_single(text, 0)
    return EdtfDate(text, single.earliest, single.latest, single.precision,
                    single.uncertain, single.approximate)


@dataclass(frozen=True, slots=True)
class _Single:
    earliest: datetime.date
    latest: datetime.date
    precision: str
    uncertain: bool
    approximate: bool


def _parse_interval(text: str) -> EdtfDate:
    if text.count("/") > 1:
        raise EdtfError("an interval has exactly one '/', e.g. 2024-09/2024-11",
                        text.index("/", text.index("/") + 1))
    start_text, end_text = text.split("/")
    if start_text in ("", "..") and end_text in ("", ".."):
        raise EdtfError("an interval needs at least one known end, e.g. 2024-09/..")
    start = None if start_text in ("", "..") else _parse_single(start_text, 0, interval=True)
    end_offset = len(start_text) + 1
    end = None if end_text in ("", "..") else _parse_single(end_text, end_offset, interval=True)
    if start and end and end.latest < start.earliest:
        raise EdtfError(
            f"interval ends ({end_text}) before it starts ({start_text}); "
            "write the earlier date first", end_offset)
    parts = [p for p in (start, end) if p is not None]
    return EdtfDate(
        text,
        start.earliest if start else None,
        end.latest if end else None,
        "interval",
        any(p.uncertain for p in parts),
        any(p.approximate for p in parts),
        True,
    )


def _parse_single(text: str, offset: int, interval: bool = False) -> _Single:
    match = _DATE.fullmatch(text)
    if match is None:
        # A recognisable non-EDTF form is wrong as a whole; otherwise point
        # at the first character where the text stops being EDTF.
        where = 0 if _suggest(text) else _first_bad(text)
        if where and text[where - 1] in "?~%":
            where -= 1
        raise EdtfError(_explain(text), offset + where)
    qualifier = match["qualifier"] or ""
    uncertain, approximate = qualifier in "?%" and bool(qualifier), qualifier in "~%" and bool(
        qualifier)
    year_text, month_text, day_text = match["year"], match["month"], match["day"]
    if "X" in year_text and not re.fullmatch(r"\d*X*", year_text):
        raise EdtfError("unspecified digits (X) must be the last digits of the year, "
                        "e.g. 201X", offset)
    if month_text == "XX" and day_text not in (None, "XX"):
        raise EdtfError("a day cannot be known when the month is not, e.g. write "
                        "1985-XX-XX", offset + 8)
    later_unknown = (month_text and "X" in year_text) or (day_text and "X" in month_text)
    if later_unknown and not (month_text == "XX" and day_text in (None, "XX")):
        raise EdtfError("only trailing parts of a date may be unspecified, e.g. "
                        "1985-04-XX or 1985-XX-XX", offset)
    low_year = int(year_text.replace("X", "0"))
    high_year = int(year_text.replace("X", "9"))
    if high_year < 1 or (low_year < 1 and "X" not in year_text):
        raise EdtfError("years 0001–9999 are supported", offset)
    low_year = max(low_year, 1)
    if match["hour"] is not None:
        return _datetime(match, text, offset, uncertain, approximate)
    if month_text is None:
        return _Single(datetime.date(low_year, 1, 1), datetime.date(high_year, 12, 31),
                       "year", uncertain, approximate)
    month_offset = offset + 5
    if month_text == "XX":
        if day_text not in (None, "XX"):
            raise EdtfError("a day cannot be known when the month is not, e.g. write "
                            "1985-XX-XX", month_offset)
        return _Single(datetime.date(low_year, 1, 1), datetime.date(high_year, 12, 31),
                       "day" if day_text else "month", uncertain, approximate)
    if "X" in month_text:
        raise EdtfError("a month is either known (01–12) or unspecified (XX)", month_offset)
    month = int(month_text)
    if 21 <= month <= 24:
        if day_text is not None:
            raise EdtfError("a season (21–24) has no day", month_offset + 3)
        if "X" in year_text:
            raise EdtfError("a season needs a known year, e.g. 2024-23", offset)
        earliest, latest = _season(low_year, month)
        return _Single(earliest, latest, "season", uncertain, approximate)
    if not 1 <= month <= 12:
        raise EdtfError(f"month {month_text} does not exist: months are 01–12, seasons "
                        "21–24 (21 spring, 22 summer, 23 autumn, 24 winter)", month_offset)
    last_day_low = calendar.monthrange(low_year, month)[1]
    last_day_high = calendar.monthrange(high_year, month)[1]
    if day_text is None:
        return _Single(datetime.date(low_year, month, 1),
                       datetime.date(high_year, month, last_day_high), "month", uncertain,
                       approximate)
    day_offset = offset + 8
    if day_text == "XX":
        return _Single(datetime.date(low_year, month, 1),
                       datetime.date(high_year, month, last_day_high), "day", uncertain,
                       approximate)
    if "X" in day_text:
        raise EdtfError("a day is either known (01–31) or unspecified (XX)", day_offset)
    day = int(day_text)
    if "X" in year_text:
        if not 1 <= day <= max(last_day_low, last_day_high, 29 if month == 2 else 0):
            raise EdtfError(f"{MONTHS[month - 1]} has no day {day}", day_offset)
        return _Single(datetime.date(low_year, month, min(day, last_day_low)),
                       datetime.date(high_year, month, min(day, last_day_high)), "day",
                       uncertain, approximate)
    if not 1 <= day <= last_day_low:
        raise EdtfError(f"{MONTHS[month - 1]} {low_year} has no day {day} "
                        f"(it has {last_day_low} days)", day_offset)
    day_value = datetime.date(low_year, month, day)
    return _Single(day_value, day_value, "day", uncertain, approximate)


def _datetime(match: re.Match[str], text: str, offset: int, uncertain: bool,
              approximate: bool) -> _Single:
    if "X" in text:
        raise EdtfError("a date with a time cannot have unspecified digits", offset)
    try:
        day = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise EdtfError(f"{match['year']}-{match['month']}-{match['day']} is not a day of the "
                        "calendar", offset + 5) from None
    time_offset = offset + 11
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    if hour > 23 or minute > 59 or second > 59:
        raise EdtfError(f"{match['hour']}:{match['minute']}:{match['second']} is not a time "
                        "of day (00:00:00–23:59:59)", time_offset)
    tz = match["tz"]
    if tz and tz != "Z":
        tz_hours, tz_minutes = int(tz[1:3]), int(tz[4:6])
        if tz_minutes > 59 or tz_hours * 60 + tz_minutes > 14 * 60:
            raise EdtfError(f"time zone {tz} is out of range (-14:00 to +14:00)",
                            time_offset + 8)
    if uncertain or approximate:
        raise EdtfError("a date with a time cannot be qualified with ? ~ or %",
                        offset + len(text) - 1)
    precision = "second" if second else "minute"
    return _Single(day, day, precision, False, False)


def _season(year: int, season: int) -> tuple[datetime.date, datetime.date]:
    if season == 24:
        end_year = year + 1
        if end_year > 9999:
            raise EdtfError("winter 9999 ends after the supported years")
        return (datetime.date(year, 12, 1),
                datetime.date(end_year, 2, calendar.monthrange(end_year, 2)[1]))
    first = {21: 3, 22: 6, 23: 9}[season]
    return (datetime.date(year, first, 1),
            datetime.date(year, first + 2, calendar.monthrange(year, first + 2)[1]))


def _first_bad(text: str) -> int:
    """Offset of the first character where ``text`` stops looking like EDTF."""
    for end in range(len(text), 0, -1):
        if _DATE.fullmatch(text[:end]) or _DATE_PREFIX.fullmatch(text[:end]):
            return end if end < len(text) else 0
    return 0


_DATE_PREFIX = re.compile(r"[0-9X]{1,4}(-[0-9X]{0,2}(-[0-9X]{0,2}(T[0-9:]{0,8})?)?)?")


def _explain(text: str) -> str:
    """Why ``text`` is not EDTF, with the form a contributor probably meant."""
    example = "e.g. 2025, 2025-01, 2025-01-28, 2024-23 (autumn) or 2025-01-26/2025-01-27"
    suggestion = _suggest(text)
    if suggestion:
        return f'"{text}" is not an EDTF date; write {suggestion}'
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text):
        return f"a time needs seconds in EDTF: write {text}:00"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?", text):
        return f"separate date and time with T: write {text.replace(' ', 'T')}"
    if re.fullmatch(r"\d{2}", text):
        return f'"{text}": years have four digits, e.g. 20{text}'
    if re.fullmatch(r"[+-]?\d{1,3}|\d{5,}|[-Y].*", text):
        return f'"{text}": years 0001–9999 are supported, written with four digits ({example})'
    if re.search(r"[?~%]", text[:-1]) or text[:1] in "?~%":
        return (f'"{text}": a qualifier ? ~ or % goes once, at the end of the whole date '
                "(e.g. 2004-06-11?); qualifying one part is not supported")
    if text[:1] in "[{":
        return f'"{text}": sets of dates are not supported; use an interval ({example})'
    return f'"{text}" is not an EDTF date ({example})'


def _suggest(text: str) -> str | None:
    if m := _NATURAL_MONTH_YEAR.match(text):
        month = _MONTH_NAMES.get(m[1].lower())
        if month:
            return f"{m[2]}-{month:02d}"
    if m := _NATURAL_DAY_MONTH_YEAR.match(text):
        month = _MONTH_NAMES.get(m[2].lower())
        if month:
            return f"{m[3]}-{month:02d}-{int(m[1]):02d}"
    if m := _NATURAL_MONTH_DAY_YEAR.match(text):
        month = _MONTH_NAMES.get(m[1].lower())
        if month:
            return f"{m[3]}-{month:02d}-{int(m[2]):02d}"
    if m := _NATURAL_DMY.match(text):
        first, second = int(m[1]), int(m[2])
        if first > 12 and second <= 12:
            return f"{m[3]}-{second:02d}-{first:02d}"
        if second > 12 and first <= 12:
            return f"{m[3]}-{first:02d}-{second:02d}"
        return f"{m[3]}-MM-DD (day and month are ambiguous here)"
    return None


# -- words --------------------------------------------------------------------


def _qualify(words: str, qualifier: str) -> str:
    if qualifier == "~":
        return f"c. {words}"
    if qualifier == "?":
        return f"{words}?"
    if qualifier == "%":
        return f"c. {words}?"
    return words


def _parts(text: str) -> re.Match[str]:
    match = _DATE.fullmatch(text)
    assert match is not None  # only called on parsed text
    return match


def _human_single(text: str) -> str:
    m = _parts(text)
    return _qualify(_words(m), m["qualifier"] or "")


def _words(m: re.Match[str]) -> str:
    year, month, day = m["year"], m["month"], m["day"]
    if "X" in year:
        known = year.rstrip("X")
        if len(known) == 3:
            return f"{known}0s"
        if len(known) == 2:
            return f"{known}00s"
        return "an unknown year"
    if month is None:
        return year
    if month == "XX":
        return f"{year} (month unknown)" if day is None else f"{year} (day unknown)"
    number = int(month)
    if number in SEASONS:
        if number == 24:
            return f"Winter {year}–{str(int(year) + 1)[-2:]}"
        return f"{SEASONS[number]} {year}"
    month_name = MONTHS[number - 1]
    if day is None:
        return f"{month_name} {year}"
    if day == "XX":
        return f"{month_name} {year} (day unknown)"
    words = f"{int(day)} {month_name} {year}"
    if m["hour"] is not None:
        words += f", {m['hour']}:{m['minute']}"
        if m["second"] != "00":
            words += f":{m['second']}"
        tz = m["tz"]
        if tz == "Z":
            words += " UTC"
        elif tz:
            words += f" UTC{tz}"
    return words


def _human_interval(text: str) -> str:
    start_text, end_text = text.split("/")
    if start_text == "..":
        return f"until {_human_single(end_text)}"
    if end_text == "..":
        return f"since {_human_single(start_text)}"
    if start_text == "":
        return f"unknown{DASH}{_human_single(end_text)}"
    if end_text == "":
        return f"{_human_single(start_text)}{DASH}unknown"
    a, b = _parts(start_text), _parts(end_text)
    plain = not (a["qualifier"] or b["qualifier"] or "X" in text or a["hour"] or b["hour"])
    if plain and a["year"] == b["year"] and a["month"] and b["month"]:
        am, bm = int(a["month"]), int(b["month"])
        if am <= 12 and bm <= 12:
            if a["day"] is None and b["day"] is None:
                return f"{MONTHS[am - 1]}{DASH}{MONTHS[bm - 1]} {a['year']}"
            if a["day"] and b["day"]:
                if am == bm:
                    return f"{int(a['day'])}{DASH}{int(b['day'])} {MONTHS[am - 1]} {a['year']}"
                return (f"{int(a['day'])} {MONTHS[am - 1]}{DASH}"
                        f"{int(b['day'])} {MONTHS[bm - 1]} {a['year']}")
    return f"{_human_single(start_text)}{DASH}{_human_single(end_text)}"
