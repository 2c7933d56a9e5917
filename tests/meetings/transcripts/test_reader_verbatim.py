"""The UN verbatim-record reader: ``The President:`` / ``Mr. Name (Country) (spoke in French):``
paragraphs, the cover's title and date, page furniture as scaffolding, procedural lines as stage
notes, and low confidence on every other format. The records below are invented in the style of
text taken from a PV PDF (two-column wrapping, running heads); nothing is copied from a record."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers.verbatim import READER, iso_date
from tests.conftest import REPO

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"
SOURCES = REPO / "kg" / "data" / "sources"

# Line numbers matter to the tests.
PLENARY = """\
United Nations
A/79/PV.41
General Assembly
Seventy-ninth session
41st plenary meeting
Tuesday, 12 November 2024, 10 a.m.
New York
Official Records

President: Mr. Orlan Vesk .................................................. (Freedonia)

In the absence of the President, Ms. Tamsin Arroway
(Ruritania), Vice-President, took the Chair.

The meeting was called to order at 10.05 a.m.

Agenda item 17 (continued)

Information and communications technologies for
sustainable development

The Acting President: I now give the floor to the
representative of Kenya.

Mr. Odhiambo Wekesa (Kenya): Thank you, Madam
President. My delegation welcomes the report of the
Secretary-General on the digital cooperation agenda.
Mr. President: we must act now, as the proverb says.

This record contains the text of speeches delivered in English and of the
translation of speeches delivered in other languages. Corrections should be
submitted to the original languages only. They should be incorporated in a copy
of the record and sent under the signature of a member of the delegation concerned
to the Chief of the Verbatim Reporting Service (verbatimrecords@un.org). Corrected
records will be reissued electronically on the Official Document System of the
United Nations (http://documents.un.org).

24-33112 (E)
*2433112*
Please recycle
A/79/PV.41 12/11/2024

2/4 24-33112

Ms. Lucía Fernández de la Barra (Bolivarian Republic of
Venezuela) (spoke in Spanish): We align ourselves with the
statement made on behalf of the Group of 77.

The Acting President (spoke in French): I thank the
representative.

Archbishop Tomasz Wielki (Holy See): The Holy See
recalls that technology must serve the human person.

Dame Philippa Hartwell (United Kingdom of Great Britain
and Northern Ireland): Thank you.

President Amadou Keita (spoke in French): It is an honour.
Mr. Keita, President of the Republic of Wakanda, was escorted from the General Assembly Hall.

The Secretary-General: Excellencies, the clock is ticking.

A recorded vote was taken.
In favour:
Afghanistan, Albania, Algeria
Draft resolution A/79/L.12 was adopted by 150 votes to 3 (resolution 79/55).

Ms. Sato (Japan): Explanation of vote after the vote.
The meeting rose at 1.05 p.m.
"""

# A Security Council record, with the member list of the cover and an older, capitalised header.
COUNCIL = """\
S/PV.10432
Security Council
Eighty-first year
10432nd meeting
Monday, 9 March 2026, 10 a.m.
New York
Provisional

President: Mr. Varga . . . . . . . . . . . . . . . . . . . . (Borduria)
Members: Freedonia . . . . . . . . . . . . . . . . . . Ms. Lindqvist
Ruritania . . . . . . . . . . . . . . . . . . . . . Mr. Osei

The meeting was called to order at 10.05 a.m.
Adoption of the agenda
The agenda was adopted.
The President (spoke in Spanish): I welcome the briefers.
Ms. Lindqvist (Freedonia): I thank the President.
MR. OSEI (RURITANIA): We concur with the previous speaker.
The President: I now resume my functions.
"""


def read(text: str) -> Reading:
    return READER.read(SourceText("record.txt", tuple(text.splitlines())))


def lines_of(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())


def test_speakers_posts_and_affiliations() -> None:
    reading = read(PLENARY)
    assert [(h.line, h.label, h.affiliation, h.role) for h in reading.headers] == [
        (22, "The Acting President", "", "Acting President"),
        (25, "Mr. Odhiambo Wekesa", "Kenya", ""),
        (45, "Ms. Lucía Fernández de la Barra", "Bolivarian Republic of Venezuela", ""),  # wrapped header
        (49, "The Acting President", "", "Acting President"),
        (52, "Archbishop Tomasz Wielki", "Holy See", ""),
        (55, "Dame Philippa Hartwell", "United Kingdom of Great Britain and Northern Ireland", ""),
        (58, "President Amadou Keita", "", ""),  # a visiting head of state: no role, never the chair
        (61, "The Secretary-General", "", "Secretary-General"),
        (68, "Ms. Sato", "Japan", ""),
    ]
    assert reading.confidence > 0.8


def test_spoke_in_is_a_stage_note_of_the_header_not_its_affiliation() -> None:
    reading = read(PLENARY)
    assert all("spoke" not in h.label + h.affiliation for h in reading.headers)
    assert "line 45: Ms. Lucía Fernández de la Barra (spoke in Spanish)" in reading.notes
    assert "line 49: The Acting President (spoke in French)" in reading.notes


def test_addressing_the_president_is_speech() -> None:
    assert 28 not in {h.line for h in read(PLENARY).headers}  # "Mr. President: we must act now"


def test_cover_title_and_date() -> None:
    reading = read(PLENARY)
    assert reading.title == "General Assembly, Seventy-ninth session, 41st plenary meeting (A/79/PV.41)"
    assert reading.date == "2024-11-12"


def test_page_furniture_is_scaffolding_and_procedure_is_stage_notes() -> None:
    reading = read(PLENARY)
    assert set(range(1, 9)) <= set(reading.scaffolding)  # the cover
    assert set(range(30, 37)) <= set(reading.scaffolding)  # the disclaimer
    assert {10, 17, 38, 39, 40, 41, 43} <= set(reading.scaffolding)  # roster, agenda item, job numbers, heads
    assert {12, 13, 15, 59, 63, 64, 66, 69} <= set(reading.stage_notes)
    assert not set(reading.scaffolding) & {h.line for h in reading.headers}


def test_security_council_record() -> None:
    reading = read(COUNCIL)
    assert [(h.line, h.label, h.affiliation) for h in reading.headers] == [
        (16, "The President", ""),
        (17, "Ms. Lindqvist", "Freedonia"),
        (18, "MR. OSEI", "RURITANIA"),
        (19, "The President", ""),
    ]
    assert reading.title == "Security Council, Eighty-first year, 10432nd meeting (S/PV.10432)"
    assert reading.date == "2026-03-09"
    assert {9, 10, 11, 14} <= set(reading.scaffolding)
    assert {13, 15} <= set(reading.stage_notes)


def test_dates_as_records_write_them() -> None:
    assert iso_date("Thursday, 25 September 2025, 3 p.m.") == "2025-09-25"
    assert iso_date("A/80/PV.12 25/09/2025") == "2025-09-25"
    assert iso_date("March 5, 2024") == iso_date("5 Mar. 2024") == "2024-03-05"
    assert iso_date("31/02/2025") == iso_date("Item 12 of 2025") == ""


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*") if p.name != "README.md"))
def test_other_formats_get_a_low_confidence(name: str) -> None:
    assert READER.read(SourceText(name, lines_of(CORPUS / name))).confidence < 0.1


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES.glob("*.txt")))
def test_seed_records_are_not_verbatim_records(name: str) -> None:
    assert READER.read(SourceText(name, lines_of(SOURCES / name))).confidence < 0.1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "\x00\x01binary\x00" * 500,
        "Mr. " * 100_000,
        "The President" + " of the" * 50_000 + ":",
        "\ud800 The President: lone surrogate",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThe President: Hello.\n",
        "Chair\nWe begin.\n\nKenya\nWe agree.\n",
        "JD: we agree\nAB: fine\nJD: good\n",
    ],
)
def test_hostile_and_foreign_inputs(text: str) -> None:
    assert read(text).confidence < 0.3


# Invented: names written in Cyrillic, opening with a particle, or with a joined particle.
NAMES_OF_THE_WORLD = """\
The President: I give the floor to the representative of the Russian Federation.

Mr. Иванов (Russian Federation): We thank the President.

Mr. de Klerk-Vos (South Africa): We support the resolution.

Mr. Abdullah al-Nasser (Qatar): Thank you, Mr. President.

Ms. Ñúñez Ortega (Chile) (spoke in Spanish): We align ourselves with the statement.
"""


def test_names_in_other_scripts_and_with_particles_are_speakers() -> None:
    reading = read(NAMES_OF_THE_WORLD)
    assert [(h.line, h.label, h.affiliation) for h in reading.headers] == [
        (1, "The President", ""),
        (3, "Mr. Иванов", "Russian Federation"),
        (5, "Mr. de Klerk-Vos", "South Africa"),
        (7, "Mr. Abdullah al-Nasser", "Qatar"),
        (9, "Ms. Ñúñez Ortega", "Chile"),
    ]
