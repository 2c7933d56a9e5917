"""Dates are kept at the precision their source gives."""

import pytest

from kg.core.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "datatype", "first", "last"),
    [
        ("2010", "gYear", "2010-01-01", "2010-12-31"),
        ("2010-02", "gYearMonth", "2010-02-01", "2010-02-28"),
        ("2012-02", "gYearMonth", "2012-02-01", "2012-02-29"),
        ("2010-12-17", "date", "2010-12-17", "2010-12-17"),
    ],
)
def test_precision_and_bounds(text: str, datatype: str, first: str, last: str) -> None:
    date = PartialDate.parse(text)
    assert (date.datatype, date.text, date.first_day(), date.last_day()) == (datatype, text, first, last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "impossible date '2024-02-30': February 2024 has 29 days"),
        ("2010-13", "impossible date '2010-13': there is no month 13"),
        ("17/12/2010", "malformed date '17/12/2010'"),
        ("2010-1-5", "malformed date"),
        ("", "malformed date"),
    ],
)
def test_bad_dates_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PartialDate.parse(text)
