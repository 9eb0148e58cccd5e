"""edtf: levels 0-1, each date with its span of possible days and its words."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_dossier.edtf import EdtfError, parse_edtf

D = datetime.date

# text, earliest, latest, precision, human
VALID: list[tuple[str, D | None, D | None, str, str]] = [
    # Level 0 (the specification's own examples first)
    ("1985-04-12", D(1985, 4, 12), D(1985, 4, 12), "day", "12 April 1985"),
    ("1985-04", D(1985, 4, 1), D(1985, 4, 30), "month", "April 1985"),
    ("1985", D(1985, 1, 1), D(1985, 12, 31), "year", "1985"),
    ("1985-04-12T23:20:30", D(1985, 4, 12), D(1985, 4, 12), "second",
     "12 April 1985, 23:20:30"),
    ("1985-04-12T23:20:30Z", D(1985, 4, 12), D(1985, 4, 12), "second",
     "12 April 1985, 23:20:30 UTC"),
    ("1985-04-12T10:10:10-05:00", D(1985, 4, 12), D(1985, 4, 12), "second",
     "12 April 1985, 10:10:10 UTC-05:00"),
    ("2025-01-29T16:50:00+05:30", D(2025, 1, 29), D(2025, 1, 29), "minute",
     "29 January 2025, 16:50 UTC+05:30"),
    ("1964/2008", D(1964, 1, 1), D(2008, 12, 31), "interval", "1964 – 2008"),
    ("2004-06/2006-08", D(2004, 6, 1), D(2006, 8, 31), "interval", "June 2004 – August 2006"),
    ("2004-02-01/2005-02-08", D(2004, 2, 1), D(2005, 2, 8), "interval",
     "1 February 2004 – 8 February 2005"),
    ("2004-02-01/2005-02", D(2004, 2, 1), D(2005, 2, 28), "interval",
     "1 February 2004 – February 2005"),
    ("2004-02-01/2005", D(2004, 2, 1), D(2005, 12, 31), "interval", "1 February 2004 – 2005"),
    ("2005/2006-02", D(2005, 1, 1), D(2006, 2, 28), "interval", "2005 – February 2006"),
    # Level 1: qualification
    ("1984?", D(1984, 1, 1), D(1984, 12, 31), "year", "1984?"),
    ("2004-06~", D(2004, 6, 1), D(2004, 6, 30), "month", "c. June 2004"),
    ("2004-06-11%", D(2004, 6, 11), D(2004, 6, 11), "day", "c. 11 June 2004?"),
    ("2019~", D(2019, 1, 1), D(2019, 12, 31), "year", "c. 2019"),
    ("2021-10~", D(2021, 10, 1), D(2021, 10, 31), "month", "c. October 2021"),
    # Level 1: unspecified digits
    ("201X", D(2010, 1, 1), D(2019, 12, 31), "year", "2010s"),
    ("20XX", D(2000, 1, 1), D(2099, 12, 31), "year", "2000s"),
    ("2004-XX", D(2004, 1, 1), D(2004, 12, 31), "month", "2004 (month unknown)"),
    ("1985-04-XX", D(1985, 4, 1), D(1985, 4, 30), "day", "April 1985 (day unknown)"),
    ("1985-XX-XX", D(1985, 1, 1), D(1985, 12, 31), "day", "1985 (day unknown)"),
    # Level 1: seasons
    ("2001-21", D(2001, 3, 1), D(2001, 5, 31), "season", "Spring 2001"),
    ("2001-22", D(2001, 6, 1), D(2001, 8, 31), "season", "Summer 2001"),
    ("2024-23", D(2024, 9, 1), D(2024, 11, 30), "season", "Autumn 2024"),
    ("2019-24", D(2019, 12, 1), D(2020, 2, 29), "season", "Winter 2019–20"),
    ("2023-24", D(2023, 12, 1), D(2024, 2, 29), "season", "Winter 2023–24"),
    ("2024-23~", D(2024, 9, 1), D(2024, 11, 30), "season", "c. Autumn 2024"),
    # Level 1: extended intervals
    ("1985-04-12/..", D(1985, 4, 12), None, "interval", "since 12 April 1985"),
    ("1985-04-12/", D(1985, 4, 12), None, "interval", "12 April 1985 – unknown"),
    ("../1985-04-12", None, D(1985, 4, 12), "interval", "until 12 April 1985"),
    ("/1985-04-12", None, D(1985, 4, 12), "interval", "unknown – 12 April 1985"),
    ("1985-04/..", D(1985, 4, 1), None, "interval", "since April 1985"),
    ("1985/", D(1985, 1, 1), None, "interval", "1985 – unknown"),
    ("1984~/2004-06", D(1984, 1, 1), D(2004, 6, 30), "interval", "c. 1984 – June 2004"),
    ("1984/2004-06~", D(1984, 1, 1), D(2004, 6, 30), "interval", "1984 – c. June 2004"),
    ("1984~/2004~", D(1984, 1, 1), D(2004, 12, 31), "interval", "c. 1984 – c. 2004"),
    ("1984?/2004%", D(1984, 1, 1), D(2004, 12, 31), "interval", "1984? – c. 2004?"),
    ("1984-06?/2004-08?", D(1984, 6, 1), D(2004, 8, 31), "interval",
     "June 1984? – August 2004?"),
    ("1984-06-02?/2004-08-08~", D(1984, 6, 2), D(2004, 8, 8), "interval",
     "2 June 1984? – c. 8 August 2004"),
    ("1984-06-02?/", D(1984, 6, 2), None, "interval", "2 June 1984? – unknown"),
    # Renderings a briefing uses
    ("2022-04/2022-06", D(2022, 4, 1), D(2022, 6, 30), "interval", "April – June 2022"),
    ("2025-01-28/2025-01-30", D(2025, 1, 28), D(2025, 1, 30), "interval",
     "28 – 30 January 2025"),
    ("2025-01-28/2025-02-03", D(2025, 1, 28), D(2025, 2, 3), "interval",
     "28 January – 3 February 2025"),
    ("2025/2025-02", D(2025, 1, 1), D(2025, 2, 28), "interval", "2025 – February 2025"),
    ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29), "day", "29 February 2024"),
]


@pytest.mark.parametrize(("text", "earliest", "latest", "precision", "human"), VALID)
def test_valid_dates(text: str, earliest: D | None, latest: D | None, precision: str,
                     human: str) -> None:
    date = parse_edtf(text)
    assert (date.earliest, date.latest, date.precision) == (earliest, latest, precision)
    assert date.human() == human
    assert date.text == text


def test_flags_and_sorting() -> None:
    assert parse_edtf("1984?").uncertain and not parse_edtf("1984?").approximate
    assert parse_edtf("1984~").approximate and not parse_edtf("1984~").uncertain
    both = parse_edtf("1984%")
    assert both.uncertain and both.approximate
    assert parse_edtf("1984~/2004").is_interval and parse_edtf("1984~/2004").approximate
    dates = [parse_edtf(t) for t in ("2025-01-28", "2024-23", "../2024-01", "2025", "2024-09/..")]
    ordered = [d.text for d in sorted(dates, key=lambda d: d.sort_key())]
    assert ordered == ["../2024-01", "2024-23", "2024-09/..", "2025", "2025-01-28"]
    assert parse_edtf("2024-23").contains(D(2024, 10, 1))
    assert not parse_edtf("2024-23").contains(D(2024, 12, 1))


# text, offset, message fragment
INVALID: list[tuple[str, int, str]] = [
    ("", 0, "empty date"),
    (" 2025", 0, "spaces around it"),
    ("2025-02-30", 8, "February 2025 has no day 30 (it has 28 days)"),
    ("2025-02-29", 8, "February 2025 has no day 29"),
    ("2025-13", 5, "month 13 does not exist"),
    ("2025-00", 5, "month 00 does not exist"),
    ("2025-01-29T25:00:00", 11, "25:00:00 is not a time of day"),
    ("2025-01-29T10:00:00+15:00", 19, "time zone +15:00 is out of range"),
    ("2025-01-29T16:50", 0, "a time needs seconds in EDTF: write 2025-01-29T16:50:00"),
    ("2025-01-29 16:50:00", 10, "separate date and time with T"),
    ("2025-02/2024-01", 8, "interval ends (2024-01) before it starts (2025-02)"),
    ("../..", 0, "at least one known end"),
    ("2024/2025/2026", 9, "exactly one '/'"),
    ("2004?-06-11", 4, "qualifying one part is not supported"),
    ("?2004-06", 0, "qualifying one part is not supported"),
    ("0000", 0, "years 0001–9999 are supported"),
    ("-1985", 0, "years 0001–9999 are supported"),
    ("Y170000002", 0, "years 0001–9999 are supported"),
    ("25", 0, "years have four digits, e.g. 2025"),
    ("Jan 2025", 0, "write 2025-01"),
    ("January 28, 2025", 0, "write 2025-01-28"),
    ("28 January 2025", 0, "write 2025-01-28"),
    ("28/01/2025", 0, "write 2025-01-28"),
    ("[1667, 1668]", 0, "sets of dates are not supported"),
    ("2024-23-01", 8, "a season (21–24) has no day"),
    ("2X24", 0, "must be the last digits of the year"),
    ("20XX-06", 0, "only trailing parts of a date may be unspecified"),
    ("2004-XX-05", 8, "a day cannot be known when the month is not"),
    ("2025-01-29T16:50:00~", 19, "cannot be qualified"),
    ("soon", 0, "is not an EDTF date"),
]


@pytest.mark.parametrize(("text", "offset", "message"), INVALID)
def test_invalid_dates(text: str, offset: int, message: str) -> None:
    with pytest.raises(EdtfError) as caught:
        parse_edtf(text)
    assert message in caught.value.message
    assert caught.value.offset == offset


@st.composite
def edtf_dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(1, 9998))
    shape = draw(st.sampled_from(["year", "month", "day", "season"]))
    text = f"{year:04d}"
    if shape == "month":
        text += f"-{draw(st.integers(1, 12)):02d}"
    elif shape == "day":
        day = draw(st.dates(D(year, 1, 1), D(year, 12, 31)))
        text = day.isoformat()
    elif shape == "season":
        text += f"-{draw(st.integers(21, 24))}"
    return text + draw(st.sampled_from(["", "?", "~", "%"]))


@given(edtf_dates())
def test_generated_dates_parse_with_ordered_bounds(text: str) -> None:
    date = parse_edtf(text)
    assert date.earliest is not None and date.latest is not None
    assert date.earliest <= date.latest
    assert date.human()


@given(edtf_dates(), edtf_dates())
def test_generated_intervals_parse_or_explain_order(start: str, end: str) -> None:
    try:
        date = parse_edtf(f"{start}/{end}")
    except EdtfError as error:
        assert "before it starts" in error.message
    else:
        assert date.earliest <= date.latest  # type: ignore[operator]


@given(st.text(max_size=40))
def test_arbitrary_text_never_raises_anything_else(text: str) -> None:
    try:
        date = parse_edtf(text)
    except EdtfError as error:
        assert 0 <= error.offset <= len(text)
        assert error.message
    else:
        date.human()
        date.sort_key()
