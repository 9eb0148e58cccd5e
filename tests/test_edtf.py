"""edtf: levels 0-1, each date with its span of possible days, its flags and its words."""

from __future__ import annotations

import dataclasses
import datetime
import re

import edtf as edtf_package
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_dossier.edtf import MAX_YEAR, MIN_YEAR, EdtfDate, EdtfError, parse_edtf

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)

# text, earliest, latest, precision, uncertain, approximate, human
# fmt: off
VALID: list[tuple[str, D | None, D | None, str, bool, bool, str]] = [
    # -- The Library of Congress specification's own examples, level 0 --
    ("1985-04-12", D(1985, 4, 12), D(1985, 4, 12), "day", False, False, "12 April 1985"),
    ("1985-04", D(1985, 4, 1), D(1985, 4, 30), "month", False, False, "April 1985"),
    ("1985", D(1985, 1, 1), D(1985, 12, 31), "year", False, False, "1985"),
    ("1985-04-12T23:20:30", D(1985, 4, 12), D(1985, 4, 12), "second", False, False,
     "12 April 1985, 23:20:30"),
    ("1985-04-12T23:20:30Z", D(1985, 4, 12), D(1985, 4, 12), "second", False, False,
     "12 April 1985, 23:20:30 UTC"),
    ("1985-04-12T10:10:10-05:00", D(1985, 4, 12), D(1985, 4, 12), "second", False, False,
     "12 April 1985, 10:10:10 UTC-05:00"),
    ("1964/2008", D(1964, 1, 1), D(2008, 12, 31), "interval", False, False, "1964 – 2008"),
    ("2004-06/2006-08", D(2004, 6, 1), D(2006, 8, 31), "interval", False, False,
     "June 2004 – August 2006"),
    ("2004-02-01/2005-02-08", D(2004, 2, 1), D(2005, 2, 8), "interval", False, False,
     "1 February 2004 – 8 February 2005"),
    ("2004-02-01/2005-02", D(2004, 2, 1), D(2005, 2, 28), "interval", False, False,
     "1 February 2004 – February 2005"),
    ("2004-02-01/2005", D(2004, 2, 1), D(2005, 12, 31), "interval", False, False,
     "1 February 2004 – 2005"),
    ("2005/2006-02", D(2005, 1, 1), D(2006, 2, 28), "interval", False, False,
     "2005 – February 2006"),
    # -- level 1: qualification --
    ("1984?", D(1984, 1, 1), D(1984, 12, 31), "year", True, False, "1984?"),
    ("2004-06~", D(2004, 6, 1), D(2004, 6, 30), "month", False, True, "c. June 2004"),
    ("2004-06-11%", D(2004, 6, 11), D(2004, 6, 11), "day", True, True, "c. 11 June 2004?"),
    # -- level 1: unspecified digits --
    ("201X", D(2010, 1, 1), D(2019, 12, 31), "year", False, False, "2010s"),
    ("20XX", D(2000, 1, 1), D(2099, 12, 31), "year", False, False, "2000s"),
    ("2004-XX", D(2004, 1, 1), D(2004, 12, 31), "month", False, False, "2004 (month unknown)"),
    ("1985-04-XX", D(1985, 4, 1), D(1985, 4, 30), "day", False, False,
     "April 1985 (day unknown)"),
    ("1985-XX-XX", D(1985, 1, 1), D(1985, 12, 31), "day", False, False,
     "1985 (month and day unknown)"),
    # -- level 1: extended intervals --
    ("1985-04-12/..", D(1985, 4, 12), None, "interval", False, False, "since 12 April 1985"),
    ("1985-04-12/", D(1985, 4, 12), None, "interval", False, False, "12 April 1985 – unknown"),
    ("../1985-04-12", None, D(1985, 4, 12), "interval", False, False, "until 12 April 1985"),
    ("/1985-04-12", None, D(1985, 4, 12), "interval", False, False, "unknown – 12 April 1985"),
    ("1985-04/..", D(1985, 4, 1), None, "interval", False, False, "since April 1985"),
    ("1985/", D(1985, 1, 1), None, "interval", False, False, "1985 – unknown"),
    ("1984~/2004-06", D(1984, 1, 1), D(2004, 6, 30), "interval", False, True,
     "c. 1984 – June 2004"),
    ("1984/2004-06~", D(1984, 1, 1), D(2004, 6, 30), "interval", False, True,
     "1984 – c. June 2004"),
    ("1984~/2004~", D(1984, 1, 1), D(2004, 12, 31), "interval", False, True,
     "c. 1984 – c. 2004"),
    ("1984?/2004%", D(1984, 1, 1), D(2004, 12, 31), "interval", True, True,
     "1984? – c. 2004?"),
    ("1984-06?/2004-08?", D(1984, 6, 1), D(2004, 8, 31), "interval", True, False,
     "June 1984? – August 2004?"),
    ("1984-06-02?/2004-08-08~", D(1984, 6, 2), D(2004, 8, 8), "interval", True, True,
     "2 June 1984? – c. 8 August 2004"),
    ("1984-06-02?/", D(1984, 6, 2), None, "interval", True, False, "2 June 1984? – unknown"),
    # -- level 1: seasons --
    ("2001-21", D(2001, 3, 1), D(2001, 5, 31), "season", False, False, "Spring 2001"),
    ("2019-24", D(2019, 12, 1), D(2020, 2, 29), "season", False, False, "Winter 2019–20"),
    ("2024-22", D(2024, 6, 1), D(2024, 8, 31), "season", False, False, "Summer 2024"),
    ("2024-23", D(2024, 9, 1), D(2024, 11, 30), "season", False, False, "Autumn 2024"),
    ("2024-24", D(2024, 12, 1), D(2025, 2, 28), "season", False, False, "Winter 2024–25"),
    ("1999-24", D(1999, 12, 1), D(2000, 2, 29), "season", False, False, "Winter 1999–2000"),
    ("2024-23~", D(2024, 9, 1), D(2024, 11, 30), "season", False, True, "c. Autumn 2024"),
    ("2024-21?", D(2024, 3, 1), D(2024, 5, 31), "season", True, False, "Spring 2024?"),
    # -- the forms Dossier's contributors write --
    ("2025", D(2025, 1, 1), D(2025, 12, 31), "year", False, False, "2025"),
    ("2025-01", D(2025, 1, 1), D(2025, 1, 31), "month", False, False, "January 2025"),
    ("2025-01-28", D(2025, 1, 28), D(2025, 1, 28), "day", False, False, "28 January 2025"),
    ("2025-01-29T16:50:00", D(2025, 1, 29), D(2025, 1, 29), "minute", False, False,
     "29 January 2025, 16:50"),
    ("2025-01-29T16:50:00Z", D(2025, 1, 29), D(2025, 1, 29), "minute", False, False,
     "29 January 2025, 16:50 UTC"),
    ("2025-01-29T16:50:00+05:30", D(2025, 1, 29), D(2025, 1, 29), "minute", False, False,
     "29 January 2025, 16:50 UTC+05:30"),
    ("2025-01-29T23:59:59-14:00", D(2025, 1, 29), D(2025, 1, 29), "second", False, False,
     "29 January 2025, 23:59:59 UTC-14:00"),
    ("2025-01-29T16:50:00+05", D(2025, 1, 29), D(2025, 1, 29), "minute", False, False,
     "29 January 2025, 16:50 UTC+05"),
    ("2019~", D(2019, 1, 1), D(2019, 12, 31), "year", False, True, "c. 2019"),
    ("2021-10~", D(2021, 10, 1), D(2021, 10, 31), "month", False, True, "c. October 2021"),
    ("2019?", D(2019, 1, 1), D(2019, 12, 31), "year", True, False, "2019?"),
    ("2021-10?", D(2021, 10, 1), D(2021, 10, 31), "month", True, False, "October 2021?"),
    ("2019%", D(2019, 1, 1), D(2019, 12, 31), "year", True, True, "c. 2019?"),
    ("19XX", D(1900, 1, 1), D(1999, 12, 31), "year", False, False, "1900s"),
    ("199X", D(1990, 1, 1), D(1999, 12, 31), "year", False, False, "1990s"),
    ("200X", D(2000, 1, 1), D(2009, 12, 31), "year", False, False, "2000–2009"),
    ("201X~", D(2010, 1, 1), D(2019, 12, 31), "year", False, True, "c. 2010s"),
    ("2004-02-XX", D(2004, 2, 1), D(2004, 2, 29), "day", False, False,
     "February 2004 (day unknown)"),
    ("2022-04/2022-06", D(2022, 4, 1), D(2022, 6, 30), "interval", False, False,
     "April – June 2022"),
    ("2025-01-28/2025-01-30", D(2025, 1, 28), D(2025, 1, 30), "interval", False, False,
     "28 – 30 January 2025"),
    ("2025-01-28/2025-02-03", D(2025, 1, 28), D(2025, 2, 3), "interval", False, False,
     "28 January – 3 February 2025"),
    ("2024-12-28/2025-01-03", D(2024, 12, 28), D(2025, 1, 3), "interval", False, False,
     "28 December 2024 – 3 January 2025"),
    ("2024-09/2025-03", D(2024, 9, 1), D(2025, 3, 31), "interval", False, False,
     "September 2024 – March 2025"),
    ("2019/2021", D(2019, 1, 1), D(2021, 12, 31), "interval", False, False, "2019 – 2021"),
    ("2024-09/..", D(2024, 9, 1), None, "interval", False, False, "since September 2024"),
    ("../2024-09", None, D(2024, 9, 30), "interval", False, False, "until September 2024"),
    ("2024-09/", D(2024, 9, 1), None, "interval", False, False, "September 2024 – unknown"),
    ("/2024-09", None, D(2024, 9, 30), "interval", False, False, "unknown – September 2024"),
    ("2004-06~/2004-08?", D(2004, 6, 1), D(2004, 8, 31), "interval", True, True,
     "c. June 2004 – August 2004?"),
    ("2024-21/2024-23", D(2024, 3, 1), D(2024, 11, 30), "interval", False, False,
     "Spring – Autumn 2024"),
    ("2024-23/2024-24", D(2024, 9, 1), D(2025, 2, 28), "interval", False, False,
     "Autumn 2024 – Winter 2024–25"),
    ("2024-23~/..", D(2024, 9, 1), None, "interval", False, True, "since c. Autumn 2024"),
    ("2025/2025-02", D(2025, 1, 1), D(2025, 2, 28), "interval", False, False,
     "2025 – February 2025"),
    ("2025/2025", D(2025, 1, 1), D(2025, 12, 31), "interval", False, False, "2025"),
    ("2025-01-29T09:00:00Z/2025-01-29T17:00:00Z", D(2025, 1, 29), D(2025, 1, 29), "interval",
     False, False, "29 January 2025, 09:00 UTC – 29 January 2025, 17:00 UTC"),
    ("0100", D(100, 1, 1), D(100, 12, 31), "year", False, False, "100"),
    ("0850-06", D(850, 6, 1), D(850, 6, 30), "month", False, False, "June 850"),
    ("9899-12-31", D(9899, 12, 31), D(9899, 12, 31), "day", False, False, "31 December 9899"),
    ("9899-24", D(9899, 12, 1), D(9900, 2, 28), "season", False, False, "Winter 9899–9900"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "uncertain", "approximate", "human"), VALID
)
def test_valid(
    text: str,
    earliest: D | None,
    latest: D | None,
    precision: str,
    uncertain: bool,
    approximate: bool,
    human: str,
) -> None:
    date = parse_edtf(text)
    assert date == EdtfDate(
        text, earliest, latest, precision, uncertain, approximate, is_interval="/" in text
    )
    assert date.human() == human


# text, offset where the problem starts, phrase the message must contain
INVALID: list[tuple[str, int, str]] = [
    ("", 0, "found nothing"),
    ("   ", 0, "found nothing"),
    (" 2025", 0, "no spaces around the date"),
    ("2025 ", 4, 'found "2025 "; write 2025'),
    ("2025-01-28\n", 10, "no spaces around the date"),
    # impossible dates and times
    ("2025-02-30", 8, "February 2025 has no day 30 (it has 28 days)"),
    ("2025-04-31", 8, 'expected a day 01–30 or XX, found "31"; e.g. 2025-04-30'),
    ("2025-01-00", 8, 'found "00"'),
    ("2025-13", 5, 'a month 01–12, XX or a season 21–24, found "13"'),
    ("2025-00", 5, 'found "00"'),
    ("2024-25", 5, "a season 21–24"),
    ("2004-06-11/2025-13", 16, 'found "13"'),
    ("2025-01-29T25:00:00", 11, 'a time 00:00:00–23:59:59, found "25:00:00"'),
    ("2025-01-29T24:00:00", 11, "00:00:00–23:59:59"),
    ("2025-01-29T12:60:00", 11, "00:00:00–23:59:59"),
    ("2025-01-29T12:00:60", 11, "00:00:00–23:59:59"),
    ("2025-02-30T12:00:00", 8, "has no day 30"),
    ("2025-01-29T10:00:00+15:00", 19, 'a time zone Z or -14:00 to +14:00, found "+15:00"'),
    ("2025-01-29T10:00:00-14:01", 19, "a time zone"),
    ("2025-01-29T10:00:00+05:60", 19, "a time zone"),
    ("2025-01-29T16:50", 10, "expected seconds (they are required)"),
    ("2025-01-29T16:50", 10, "write 2025-01-29T16:50:00"),
    ("2025-01-29 16:50", 10, "write 2025-01-29T16:50:00"),
    ("2025-01-29T16:50Z", 10, "write 2025-01-29T16:50:00Z"),
    ("2025-01-29 16:50:00", 10, "a T between date and time"),
    ("2025-01-29T16:50:00.250Z", 19, "write 2025-01-29T16:50:00Z"),
    ("2025-01-29T16:50:00+0530", 22, "write 2025-01-29T16:50:00+05:30"),
    ("2025-01-29t16:50:00z", 10, "X, T and Z in capitals"),
    ("2025-01-29T16:50:00~", 19, "no ? ~ or % after a time"),
    ("2025-01-XXT10:00:00", 8, "a known day before a time"),
    ("9999-24", 0, "years 0100–9899 are supported"),
    ("9999-12-31", 0, 'years 0100–9899 are supported, found "9999-12-31"; e.g. 2025'),
    ("9900", 0, "years 0100–9899 are supported"),
    ("0099", 0, "years 0100–9899 are supported"),
    ("0001", 0, "years 0100–9899 are supported"),
    ("00XX", 0, "years 0100–9899 are supported"),
    ("99XX", 0, "years 0100–9899 are supported"),
    ("2025/9999-12-31", 5, "years 0100–9899 are supported"),
    # intervals
    ("2025-02/2024-01", 8, "interval ends (2024-01) before it starts (2025-02)"),
    ("2025-02/2024-01", 8, "write 2024-01/2025-02"),
    ("2025-01-28/2025-01-27", 11, "before it starts"),
    ("2024-24/2024-11", 8, "before it starts"),
    ("../..", 0, "at least one date in an interval"),
    ("/", 0, "at least one date"),
    ("../", 0, "at least one date"),
    ("/..", 0, "at least one date"),
    ("2024/2025/2026", 9, 'one "/" in an interval'),
    ("2024/..2025", 5, "an EDTF date"),
    # level 2 and other EDTF this profile refuses
    ("2004?-06-11", 4, "at the end of the whole date, not on a part"),
    ("2004?-06-11", 4, "write 2004-06-11?"),
    ("?2004-06", 0, "not on a part"),
    ("2004-06?-11", 7, "not on a part"),
    ("1984~?", 4, "not on a part"),
    ("[1667, 1668]", 0, "not a set"),
    ("{1667,1668}", 0, "not a set"),
    ("1984/[1990,1992]", 5, "not a set"),
    ("0000", 0, "years 0100–9899 are supported"),
    ("-1985", 0, "years 0100–9899 are supported"),
    ("+1985", 0, "years 0100–9899 are supported"),
    ("Y170000002", 0, "years 0100–9899 are supported"),
    ("Y-17E7", 0, "years 0100–9899 are supported"),
    ("12025", 0, "years 0100–9899 are supported"),
    ("2X24", 1, "X for only the last one or two digits of a year"),
    ("2XXX", 1, "X for only the last one or two digits"),
    ("XXXX", 0, "X for only the last one or two digits"),
    ("201X-05", 4, "a year with X to stand alone"),
    ("20XX-XX", 4, "stand alone"),
    ("2004-XX-05", 8, "day XX when the month is XX"),
    ("2004-0X", 5, 'found "0X"'),
    ("1985-04-1X", 8, 'found "1X"'),
    ("2024-23-01", 7, "no day after a season"),
    ("1950S2", 4, "an EDTF date"),
    ("2004-06-11T", 10, "an EDTF date"),
    ("\uff12\uff10\uff12\uff15", 0, "an EDTF date"),  # fullwidth digits
    ("2025-01-28T1\u0666:50:00", 10, "an EDTF date"),  # an Arabic-Indic 6
    # two-digit years
    ("25", 0, "years have four digits"),
    ("25-01-28", 0, "e.g. 2025-01-28"),
    # natural language and other calendars' spellings, with the EDTF they mean
    ("Jan 2025", 0, "write 2025-01"),
    ("January 2025", 0, "write 2025-01"),
    ("Sept. 2024", 0, "write 2024-09"),
    ("28 January 2025", 0, "write 2025-01-28"),
    ("28th Jan, 2025", 0, "write 2025-01-28"),
    ("January 28, 2025", 0, "write 2025-01-28"),
    ("28/01/2025", 0, "write 2025-01-28"),
    ("28.01.2025", 0, "write 2025-01-28"),
    ("01/28/2025", 0, "write 2025-01-28"),
    ("03/04/2025", 0, "write 2025-04-03 (or 2025-03-04 if month first)"),
    ("2025/01/28", 0, "write 2025-01-28"),
    ("2025.1.28", 0, "write 2025-01-28"),
    ("2025-1-28", 0, "write 2025-01-28"),
    ("20250128", 0, "write 2025-01-28"),
    ("2025-1", 0, "write 2025-01"),
    ("01/2025", 0, "write 2025-01"),
    ("Autumn 2024", 0, "write 2024-23"),
    ("fall 2024", 0, "write 2024-23"),
    ("c. 2019", 0, "write 2019~"),
    ("circa 2019-05", 0, "write 2019-05~"),
    ("1990s", 0, "write 199X"),
    ("201x", 3, "write 201X"),
    ("2024-09 to 2024-11", 7, "write 2024-09/2024-11"),
    ("2024-09 – 2024-11", 7, "write 2024-09/2024-11"),
    ("2024-09/present", 8, "write 2024-09/.."),
    ("since 2024-09", 0, "write 2024-09/.."),
    ("until 2024-09", 0, "write ../2024-09"),
    ("Jan 20255", 0, "an EDTF date"),
    ("Smarch 2025", 0, "an EDTF date"),
    ("soon", 0, "an EDTF date"),
]


@pytest.mark.parametrize(("text", "offset", "phrase"), INVALID)
def test_invalid(text: str, offset: int, phrase: str) -> None:
    with pytest.raises(EdtfError) as caught:
        parse_edtf(text)
    error = caught.value
    assert phrase in error.message
    assert error.offset == offset
    assert str(error) == error.message
    assert "found" in error.message or "supported" in error.message


@pytest.mark.parametrize("text", [text for text, _, _ in INVALID])
def test_suggestions_are_valid_edtf(text: str) -> None:
    """Every "write X" in a message is itself accepted (ambiguous day/month: both are)."""
    with pytest.raises(EdtfError) as caught:
        parse_edtf(text)
    for suggestion in re.findall(r"write (\S+)", caught.value.message):
        parse_edtf(suggestion)


def test_leap_years() -> None:
    assert parse_edtf("2024-02-29").earliest == D(2024, 2, 29)
    assert parse_edtf("2000-02-29").latest == D(2000, 2, 29)
    for not_leap in ("2025-02-29", "1900-02-29", "2100-02-29"):
        with pytest.raises(EdtfError, match="has no day 29"):
            parse_edtf(not_leap)
    assert parse_edtf("2024-02").latest == D(2024, 2, 29)
    assert parse_edtf("1900-02").latest == D(1900, 2, 28)
    assert parse_edtf("2023-24").latest == D(2024, 2, 29)
    assert parse_edtf("2024-24").latest == D(2025, 2, 28)
    assert parse_edtf("2099-24").latest == D(2100, 2, 28)
    assert parse_edtf("2399-24").latest == D(2400, 2, 29)


def test_overlapping_ends_are_fine_but_reversed_ends_are_not() -> None:
    assert parse_edtf("2025/2025-02").sort_key() == (D(2025, 1, 1), D(2025, 2, 28))
    assert parse_edtf("2025-02/2025").sort_key() == (D(2025, 2, 1), D(2025, 12, 31))
    assert parse_edtf("2024-24/2025-01").latest == D(2025, 1, 31)
    with pytest.raises(EdtfError, match="before it starts"):
        parse_edtf("2025-03/2024-24")


def test_sorting_and_containment() -> None:
    texts = ["2025-01-28", "2024-23", "../2024-01", "2025", "2024-09/..", "201X", "/2024-02"]
    ordered = sorted((parse_edtf(t) for t in texts), key=EdtfDate.sort_key)
    expected = "../2024-01 /2024-02 201X 2024-23 2024-09/.. 2025 2025-01-28"
    assert [d.text for d in ordered] == expected.split()
    assert parse_edtf("../2024-01").sort_key() == (D.min, D(2024, 1, 31))
    assert parse_edtf("2024-09/..").sort_key() == (D(2024, 9, 1), D.max)
    autumn = parse_edtf("2024-23")
    assert autumn.contains(D(2024, 10, 1)) and not autumn.contains(D(2024, 12, 1))
    assert parse_edtf("2024-09/..").contains(D(9999, 12, 31))
    assert not parse_edtf("2024-09/..").contains(D(2024, 8, 31))


def test_dates_are_immutable_values() -> None:
    date = parse_edtf("2024-23~")
    with pytest.raises(dataclasses.FrozenInstanceError):
        date.text = "2025"  # type: ignore[misc]
    assert date == parse_edtf("2024-23~") and hash(date) == hash(parse_edtf("2024-23~"))
    assert issubclass(EdtfError, ValueError)


# -- properties -------------------------------------------------------------------

SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11)}
QUALIFIERS = st.sampled_from(["", "?", "~", "%"])


def last_of_month(year: int, month: int) -> D:
    return (D(year + 1, 1, 1) if month == 12 else D(year, month + 1, 1)) - ONE_DAY


@st.composite
def single_dates(draw: st.DrawFn) -> tuple[str, D, D]:
    """A valid single date and its span of possible days, worked out independently."""
    day = draw(st.dates(D(MIN_YEAR, 1, 1), D(MAX_YEAR, 12, 31)))
    year, y = day.year, f"{day.year:04d}"
    shape = draw(
        st.sampled_from(["year", "month", "day", "time", "season", "decade", "century", "xx"])
    )
    if shape == "time":
        time = draw(st.times()).strftime("%H:%M:%S")
        zone = draw(st.sampled_from(["", "Z", "+05:30", "-14:00", "+14:00", "-03", "+00:00"]))
        return f"{day.isoformat()}T{time}{zone}", day, day
    if shape == "year":
        text, span = y, (D(year, 1, 1), D(year, 12, 31))
    elif shape == "month":
        text, span = (
            y[:7] + f"-{day.month:02d}",
            (day.replace(day=1), last_of_month(year, day.month)),
        )
    elif shape == "day":
        text, span = day.isoformat(), (day, day)
    elif shape == "season":
        season = draw(st.integers(21, 24))
        if season == 24:
            span = (D(year, 12, 1), D(year + 1, 3, 1) - ONE_DAY)
        else:
            first, last = SEASON_MONTHS[season]
            span = (D(year, first, 1), last_of_month(year, last))
        text = f"{y}-{season}"
    elif shape == "decade":
        text, span = y[:3] + "X", (D(max(year // 10 * 10, 1), 1, 1), D(year // 10 * 10 + 9, 12, 31))
    elif shape == "century":
        text, span = (
            y[:2] + "XX",
            (D(max(year // 100 * 100, 1), 1, 1), D(year // 100 * 100 + 99, 12, 31)),
        )
    else:
        known = draw(st.sampled_from(["month", "none"]))
        if known == "month":
            text, span = (
                f"{y}-{day.month:02d}-XX",
                (day.replace(day=1), last_of_month(year, day.month)),
            )
        else:
            text, span = (
                f"{y}-XX" + draw(st.sampled_from(["", "-XX"])),
                (D(year, 1, 1), D(year, 12, 31)),
            )
    return text + draw(QUALIFIERS), *span


@given(single_dates())
def test_generated_dates_have_their_span(case: tuple[str, D, D]) -> None:
    text, earliest, latest = case
    date = parse_edtf(text)
    assert (date.earliest, date.latest) == (earliest, latest)
    assert date.earliest <= date.latest
    assert date.uncertain == (text[-1] in "?%") and date.approximate == (text[-1] in "~%")
    assert date.human() and "None" not in date.human()


ENDS = st.one_of(single_dates(), st.sampled_from([("", None, None), ("..", None, None)]))


@given(ENDS, ENDS)
def test_generated_intervals_parse_or_explain_their_order(
    start: tuple[str, D | None, D | None], end: tuple[str, D | None, D | None]
) -> None:
    text = f"{start[0]}/{end[0]}"
    if start[1] is None and end[1] is None:
        with pytest.raises(EdtfError, match="at least one date"):
            parse_edtf(text)
    elif start[1] is not None and end[2] is not None and end[2] < start[1]:
        with pytest.raises(EdtfError, match="before it starts") as caught:
            parse_edtf(text)
        assert caught.value.offset == len(start[0]) + 1
    else:
        date = parse_edtf(text)
        assert (date.earliest, date.latest) == (start[1], end[2])
        assert date.is_interval and date.precision == "interval"
        assert date.sort_key()[0] <= date.sort_key()[1]
        words = date.human()
        assert " – " in words or words.startswith(("since ", "until ")) or start[0] == end[0]


EDTF_ALPHABET = "0123456789X-/:.?~%TZ+ [],{}xYS"


@settings(max_examples=500)
@given(st.one_of(st.text(max_size=40), st.text(EDTF_ALPHABET, max_size=30)))
def test_arbitrary_text_parses_or_raises_edtf_error(text: str) -> None:
    try:
        date = parse_edtf(text)
    except EdtfError as error:
        assert 0 <= error.offset <= len(text)
        assert error.message
    else:
        assert date.text == text
        assert date.human()
        assert date.sort_key()[0] <= date.sort_key()[1]


# -- differential: the ``edtf`` package on level 0 --------------------------------


@st.composite
def level0_candidates(draw: st.DrawFn) -> str:
    """Level-0 shaped strings, some impossible (month 13, day 31 in April, hour 25)."""

    def one() -> str:
        text = f"{draw(st.integers(0, 9999)):04d}"
        if draw(st.booleans()):
            text += f"-{draw(st.integers(0, 13)):02d}"
            if draw(st.booleans()):
                text += f"-{draw(st.integers(0, 32)):02d}"
        return text

    text = one()
    if draw(st.booleans()):
        return f"{text}/{one()}"
    if text.count("-") == 2 and draw(st.booleans()):
        h, m, s = (draw(st.integers(0, top)) for top in (25, 60, 60))
        zone = draw(st.sampled_from(["", "Z", "+05:30", "-05:00", "+13:59", "+14:00", "+15:00"]))
        text += f"T{h:02d}:{m:02d}:{s:02d}{zone}"
    return text


def known_difference(text: str) -> bool:
    """Where the ``edtf`` package is more lenient than the specification or Dossier."""
    years = [int(end[:4]) for end in text.split("/") if end[:4].isdigit()]
    return (
        any(not MIN_YEAR <= year <= MAX_YEAR for year in years)
        or "0000" in text.split("-")[0]
        or "/0000" in text
        or bool(re.search(r"-02-29", text))
        or "T24:00:00" in text
    )


@settings(max_examples=300, deadline=None)
@given(level0_candidates())
def test_agrees_with_the_edtf_package_on_level_0(text: str) -> None:
    if known_difference(text):
        return
    try:
        theirs = edtf_package.parse_edtf(text)
    except edtf_package.EDTFParseException:
        theirs = None
    try:
        ours = parse_edtf(text)
    except EdtfError as error:
        # The edtf package accepts reversed intervals; Dossier refuses them.
        assert theirs is None or "before it starts" in error.message
        return
    assert theirs is not None
    assert ours.earliest == D(*theirs.lower_strict()[:3])
    assert ours.latest == D(*theirs.upper_strict()[:3])
