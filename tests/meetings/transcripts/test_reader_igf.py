"""The IGF real-time captions reader: ``>> NAME:`` headers, bare ``>>`` speaker changes, roles and
generic labels, the captioner's preamble and disclaimers as scaffolding, and low confidence on
every other format. Fixtures are invented in the captions' convention, never copied."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.meetings.transcripts.html import page_text
from kg.meetings.transcripts.model import SourceText
from kg.meetings.transcripts.readers.igf import READER, read_label
from tests.conftest import REPO

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"

# An invented session in the captions' convention. Line numbers matter to the tests.
SESSION = """\
RAW FILE
IGF 2031 - DAY 2 - WORKSHOP ROOM 7 - WS #412 Lanterns, Libraries and the Last Mile
TUESDAY, 14 OCTOBER 2031
10:30 CET

Services provided by:
Caption Example, Inc.
www.captionexample.com

This text, document, or file is based on live transcription. Communication
Access Realtime Translation (CART), captioning, and/or live transcription are
provided in order to facilitate communication accessibility and may not be a
totally verbatim record of the proceedings.

***

(Captioner standing by)

>> MODERATOR:  Good morning, everyone.  We will start in one minute.
Please take your seats.
>> ORLA FENWICK:  Thank you.  I am glad to be here with the lanterns.
The libraries in our valley have been connected since last spring.
Note: the valley has eleven libraries.
>> Can you hear me?
>> PARTICIPANT:  Yes, we can hear you.
>> So the question is: what do we do next?
>> DR. TOMASZ IBARRA-QUILL, VALLEY NETWORK:  Let me answer that.
(Applause)
>> (Speaking in Spanish)
>> H.E. PAVLA MONTROSE (Ministry of Light):  Our ministry pays for the wicks.
>> MODERATOR ORLA FENWICK: One more point before we close.
>> Question: who pays for the last mile?
>> AUDIENCE MEMBER:  The libraries do.
>> Kestrel Amadou-Lind: I can add a word on that. >> ORLA FENWICK: Please.
>> Kestrel:  And a word on the wicks.
(Session concluded)
11:45
"""


def _text(body: str, name: str = "captions.txt") -> SourceText:
    return SourceText(name=name, lines=tuple(body.splitlines()))


def _headers(body: str) -> list[tuple[int, str, str]]:
    return [(h.line, h.label, h.kind) for h in READER.read(_text(body)).headers]


def test_every_chevron_line_opens_a_turn_named_or_not() -> None:
    reading = READER.read(_text(SESSION))
    assert reading.reader == "igf" and reading.confidence >= 0.8
    assert [(h.line, h.label, h.kind) for h in reading.headers] == [
        (19, "MODERATOR", "speaker"),
        (21, "ORLA FENWICK", "speaker"),
        (24, "", "unnamed"),
        (25, "PARTICIPANT", "generic"),
        (26, "", "unnamed"),  # speech with a colon, not a label
        (27, "DR. TOMASZ IBARRA-QUILL", "speaker"),
        (29, "", "unnamed"),  # ">> (Speaking in Spanish)": a new voice
        (30, "H.E. PAVLA MONTROSE", "speaker"),
        (31, "ORLA FENWICK", "speaker"),
        (32, "", "unnamed"),  # "Question:" is a word of speech
        (33, "AUDIENCE MEMBER", "generic"),
        (34, "Kestrel Amadou-Lind", "speaker"),  # title case, two words
        (35, "", "unnamed"),  # one title-case word: a first name or a word? not read, listed
    ]


def test_roles_and_affiliations_are_taken_from_the_label() -> None:
    by_line = {h.line: h for h in READER.read(_text(SESSION)).headers}
    assert by_line[19].role == "Moderator"
    assert (by_line[27].affiliation, by_line[30].affiliation) == ("VALLEY NETWORK", "Ministry of Light")
    assert (by_line[31].label, by_line[31].role) == ("ORLA FENWICK", "Moderator")
    assert by_line[34].confidence < by_line[21].confidence  # title case is the weaker evidence


def test_preamble_disclaimer_times_and_captioner_notes_are_not_speech() -> None:
    reading = READER.read(_text(SESSION))
    assert set(reading.scaffolding) == {1, 2, 3, 4, 6, 7, 8, 10, 11, 12, 13, 15, 37}
    assert reading.stage_notes == (17, 28, 29, 36)
    assert reading.title == "IGF 2031 - DAY 2 - WORKSHOP ROOM 7 - WS #412 Lanterns, Libraries and the Last Mile"
    assert reading.date == "2031-10-14"
    # the speech line "Note: the valley has eleven libraries." is speech, not scaffolding or a header
    assert 23 not in reading.scaffolding and 23 not in {h.line for h in reading.headers}


def test_a_speaker_change_inside_a_line_and_a_bare_first_name_are_listed_as_unplaced() -> None:
    reading = READER.read(_text(SESSION))
    assert reading.unplaced == (34, 35)
    assert any("inside the line" in note for note in reading.notes)


@pytest.mark.parametrize(
    ("raw", "label", "role", "affiliation"),
    [
        ("JANE DOE", "JANE DOE", "", ""),
        ("MS. JANE McDONALD", "MS. JANE McDONALD", "", ""),
        ("JUAN DE LA VEGA", "JUAN DE LA VEGA", "", ""),
        ("ANA de SOUSA", "ANA de SOUSA", "", ""),
        ("THE CHAIR", "THE CHAIR", "Chair", ""),
        ("Moderator", "Moderator", "Moderator", ""),
        ("CO-MODERATOR", "CO-MODERATOR", "Co-Moderator", ""),
        ("JANE DOE, MODERATOR", "JANE DOE", "Moderator", ""),
        ("JANE DOE (ISOC)", "JANE DOE", "", "ISOC"),
        ("SPEAKER 2", "SPEAKER 2", "", ""),
        ("Participant", "Participant", "", ""),
        ("MARÍA JOSÉ DE LA VEGA", "MARÍA JOSÉ DE LA VEGA", "", ""),
        ("ИВАН ПЕТРОВ", "ИВАН ПЕТРОВ", "", ""),
        ("ABD AL-RAHMAN al-SUDAIRI", "ABD AL-RAHMAN al-SUDAIRI", "", ""),
        ("Oh Seung-hee", "Oh Seung-hee", "", ""),
    ],
)
def test_labels_as_the_captions_write_them(raw: str, label: str, role: str, affiliation: str) -> None:
    read = read_label(raw)
    assert read is not None and (read.label, read.role, read.affiliation) == (label, role, affiliation)


@pytest.mark.parametrize(
    "raw",
    [
        "So the question is",
        "Thank you very much",
        "I have one point",
        "Yes",
        "Good Morning",
        "What is the plan?",
        "Here is the thing; and more",
        "Q",
        "this is lower case",
        "a" * 70,
        "THANK YOU",
        "OK",
        "NOTE",
        "SO THE QUESTION IS",
        "Mandate of the Forum",
    ],
)
def test_speech_before_a_colon_is_not_a_label(raw: str) -> None:
    assert read_label(raw) is None


@pytest.mark.parametrize("raw", ["ROOM MIC 2", "AUDIENCE MEMBER 2", "SPEAKER A", "FLOOR MIC"])
def test_a_room_microphone_or_a_numbered_participant_is_a_generic_label(raw: str) -> None:
    """Not an unnamed change: the captioner wrote who spoke, only it names nobody."""
    read = read_label(raw)
    assert read is not None and read.label == raw


def test_continuation_lines_and_colons_in_speech_are_never_headers() -> None:
    body = (
        ">> MODERATOR: Welcome.\n"
        "Kenya: please take the floor.\n"
        "JANE DOE: this line has no chevrons, so it is speech.\n"
        ">> JANE DOE: Thank you, Moderator.\n"
        "I give the floor to Kenya.\n"
    )
    assert _headers(body) == [(1, "MODERATOR", "speaker"), (4, "JANE DOE", "speaker")]


def test_a_time_written_before_the_chevrons_is_the_header_time() -> None:
    body = "[10:05:33] >> ORLA FENWICK: Good morning.\nWe begin.\n10:06 >> Thank you.\n"
    headers = READER.read(_text(body)).headers
    assert [(h.line, h.label, h.time) for h in headers] == [(1, "ORLA FENWICK", "10:05:33"), (3, "", "10:06")]


def test_an_html_captions_page_is_read_through_the_extracted_text() -> None:
    page = (
        "<!DOCTYPE html>\n<html><body>\n"
        "<h1>IGF 2031 - Day 3 - Main Hall - Opening of the Lantern Forum</h1>\n"
        "<p>&gt;&gt; MODERATOR: Good afternoon.</p>\n"
        "<p>&gt;&gt; ORLA FENWICK: Thank you,\nModerator.</p>\n"
        "<p>&gt;&gt; Hello?</p>\n"
        "</body></html>\n"
    )
    text = page_text(page, "captions.html")
    assert text is not None
    reading = READER.read(text)
    assert [(text.source_line(h.line), h.label) for h in reading.headers] == [
        (4, "MODERATOR"),
        (5, "ORLA FENWICK"),
        (7, ""),
    ]
    assert reading.title == "IGF 2031 - Day 3 - Main Hall - Opening of the Lantern Forum"
    assert reading.confidence >= 0.7


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n \n\t\n",
        "\x00\x01\x02\x03\x04 binary \ufffd\ufffd",
        "Just a paragraph of prose: with a colon.\nAnd another line.\n",
    ],
    ids=["empty", "blank", "binary", "prose"],
)
def test_texts_without_a_header_get_zero(body: str) -> None:
    reading = READER.read(_text(body))
    assert reading.confidence == 0.0 and reading.headers == ()


def test_a_quoted_email_is_not_captions() -> None:
    body = (
        "On Tuesday, Orla wrote:\n"
        ">> I think the lanterns should be lit at dusk.\n"
        ">> The libraries agree.\n"
        ">> Regards,\n"
        ">> Orla\n"
        "\nThanks Orla, agreed.\n"
    )
    assert READER.read(_text(body)).confidence < 0.2


def test_a_markdown_transcript_quoting_one_caption_line_is_not_captions() -> None:
    body = (
        "# Lantern call 12\n\n"
        "**Orla Fenwick (0:15) -** Welcome everyone.\n\n"
        "**Tomasz Ibarra (0:40) -** Last time someone said:\n\n"
        ">> JANE DOE: the wicks are too short.\n\n"
        "**Orla Fenwick (1:05) -** Right.\n\n"
        "**Pavla Montrose (1:20) -** Agreed.\n"
    )
    assert READER.read(_text(body)).confidence < 0.3


def test_captions_inside_webvtt_cues_score_lower_than_plain_captions() -> None:
    cues = "WEBVTT\n\n" + "".join(
        f"{n}\n00:00:{n:02d}.000 --> 00:00:{n + 1:02d}.000\n>> {name}: Line {n} of the talk.\n\n"
        for n, name in enumerate(["ORLA FENWICK", "TOMASZ IBARRA", "ORLA FENWICK", "PAVLA MONTROSE"] * 3, 1)
    )
    assert READER.read(_text(cues)).confidence < READER.read(_text(SESSION)).confidence - 0.2


def test_a_large_text_is_read_quickly() -> None:
    block = ">> ORLA FENWICK: The lanterns are lit at dusk.\nThe libraries stay open late.\n>> Thank you.\n"
    body = block * 60_000  # 180,000 lines
    started = time.perf_counter()
    reading = READER.read(_text(body))
    assert len(reading.headers) == 120_000
    assert time.perf_counter() - started < 20


# --- the real corpus: no file there is IGF captions, so each must score low --------------------------


@pytest.mark.parametrize(
    "path",
    sorted(p for p in CORPUS.glob("*") if p.suffix in (".md", ".vtt", ".xml")) if CORPUS.exists() else [],
    ids=lambda p: p.name,
)
def test_the_corpus_files_of_other_formats_are_not_igf(path: Path) -> None:
    text = SourceText(name=path.name, lines=tuple(path.read_text(encoding="utf-8").splitlines()))
    reading = READER.read(text)
    assert reading.confidence < 0.1 and reading.headers == ()


@pytest.mark.parametrize("seed", ["000_f75722b46b55aad4.txt", "001_ae93e3ef07a7236a.txt", "004_bf564407ef9a5607.txt"])
def test_the_seed_records_are_not_igf(seed: str) -> None:
    path = REPO / "kg" / "data" / "sources" / seed
    text = SourceText(name=seed, lines=tuple(path.read_text(encoding="utf-8").splitlines()))
    assert READER.read(text).confidence < 0.1
