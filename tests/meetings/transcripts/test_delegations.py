"""The delegation rule every transcript reader shares (kg/meetings/transcripts/delegations.py):
a label that names a country as meeting records write it, or a regional body that takes the floor
as one. Countries are the speaker resolver's (pycountry); the rule adds what a delegation label
may be without naming one ISO country, and refuses what a line may be besides a delegation."""

from __future__ import annotations

import pytest

from kg.meetings.speakers.countries import country_of
from kg.meetings.transcripts.delegations import delegation_like


@pytest.mark.parametrize(
    "label",
    [
        "Kenya",
        "kenya",
        "Iran",
        "Republic of Korea",
        "Holy See",
        "Côte d'Ivoire",
        "Iran (Islamic Republic of)",
        "State of Palestine",
        "Türkiye",
        "Turkey",
        "UK",
        "US",
        "U.S.",
        "USA",
        "EU",
        "UAE",
        "European Union",
        "African Union",
        "Kosovo",
        "Swiss",
        "Egyptian",
        "Jordanian",
        "Ethiopian",
        "Delegation of Kenya",
        "Egypt delegate",
        "the Swiss delegation",
        "Ambassador of Chile",
    ],
)
def test_delegations_as_records_write_them(label: str) -> None:
    assert delegation_like(label), label


@pytest.mark.parametrize(
    "label",
    [
        "Support",
        "Chair",
        "Roman",
        "Christian",
        "ICANN",
        "politician",
        # a demonym that is also a language: a line "French" may be the interpretation
        "French",
        "Chinese",
        "Dutch",
        "Spanish",
        # codes: only those records write for a delegation, and only in capitals
        "us",
        "eu",
        "AI",
        "IT",
        "MS",
        "PH",
        # names two countries share name neither
        "Korea",
        "Virgin Islands",
        # what follows a name on a line is no part of it
        "Kenya –",
        "Kenya 2",
        "",
    ],
)
def test_what_is_not_a_delegation(label: str) -> None:
    assert not delegation_like(label), label


@pytest.mark.parametrize("label", ["Kenya", "Republic of Korea", "Swiss", "UK", "Delegation of Kenya", "Türkiye"])
def test_a_country_the_readers_take_is_one_the_resolver_reads(label: str) -> None:
    assert delegation_like(label)
    assert country_of(label) is not None
