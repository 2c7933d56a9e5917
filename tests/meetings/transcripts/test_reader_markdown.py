"""The Markdown transcript reader: headings, bold label lines and inline bold labels are turns;
agenda headings, section labels, emphasis, tables, lists and links are not.

The fixtures are invented (names and speech). The development corpus and the seed are read in
place, never copied: the tests state header counts, header lines and labels checked by reading.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.core import settings
from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers.markdown import READER
from tests.conftest import REPO, require

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"


def read(text: str) -> Reading:
    return READER.read(SourceText("t.md", tuple(text.split("\n"))))


def lines_of(reading: Reading) -> list[int]:
    return [h.line for h in reading.headers]


# --- headings ---------------------------------------------------------------------------------------

TEAMS_IN_MARKDOWN = """\
# Widget board call-20240305\\_101500-Meeting Recording

5 March 2024, 10:15am 31m 02s

## Ola Nordmann started transcription

#### Amara Okafor 0:04

Good morning, everyone.

### **Tomasz Wrona** (00:01:12)

Thank you. Can you hear me?

# Lee, Min-jun 2:30

Yes, we can.

#### Amara Okafor 3:01

Then let us start at 10:30.

Tomasz Wrona 3:40

A line the export left without markup.

Ola Nordmann stopped transcription"""


def test_headings_with_a_name_and_a_time_are_turns() -> None:
    reading = read(TEAMS_IN_MARKDOWN)
    assert lines_of(reading) == [7, 11, 15, 19, 23]
    assert [(h.label, h.time) for h in reading.headers] == [
        ("Amara Okafor", "0:04"),
        ("Tomasz Wrona", "00:01:12"),
        ("Lee, Min-jun", "2:30"),
        ("Amara Okafor", "3:01"),
        ("Tomasz Wrona", "3:40"),  # unmarked, but a label the marked-up headers use, with a time
    ]
    assert reading.title == "Widget board call-20240305_101500-Meeting Recording"
    assert reading.date == "2024-03-05"
    assert 5 in reading.scaffolding  # "started transcription" is a heading, not a turn
    assert reading.confidence > 0.8


def test_agenda_headings_are_not_turns() -> None:
    text = """\
# Session 4 | Widgets and gadgets

## Agenda

### 1. Updates

## Opening Remarks 10:00

Welcome by the host.

## Keynote Address 10:15

## Panel Discussion 11:00

## Lunch 12:30"""
    reading = read(text)
    assert reading.headers == ()
    assert reading.confidence == 0.0


def test_headings_without_a_time_are_turns_only_where_the_headings_consistently_name_speakers() -> None:
    text = """\
# Widget Council

## Amara Okafor

Good morning and welcome.

## Tomasz Wrona

Thank you, Chair. We support the draft.

## Amara Okafor

Thank you.

## Lin Wei

We have concerns about paragraph two."""
    reading = read(text)
    assert lines_of(reading) == [3, 7, 11, 15]  # the title heading is no speaker
    assert reading.title == "Widget Council"
    sections = "# Widget Council\n\n## Background\n\nText.\n\n## Amara Okafor\n\nText.\n\n## Next Steps\n\nText."
    assert read(sections).headers == ()


# --- bold label lines -------------------------------------------------------------------------------

OTTER_IN_MARKDOWN = """\
# Widget call 17

### Meeting Date/Time: Feb 9, 2023, 14:00 UTC

| Decision Item | Description |
| ------------- | ----------- |
| 17.1          | Ship it     |

# [Widget updates](https://example.org/video?t=12)

**Amara Okafor 00:04**

Welcome to call seventeen.

**Tomasz Wrona 01:10**

Thanks. **Really** glad to be here.

**Amara Okafor** 1:02:09

Bye.

## Zoom Chat

15:00:31 From Tomasz Wrona to Everyone:
hello

## Attendees

- Amara Okafor
- Tomasz Wrona"""


def test_bold_name_and_time_alone_on_a_line_are_turns_and_the_appendix_is_not_speech() -> None:
    reading = read(OTTER_IN_MARKDOWN)
    assert [(h.line, h.label, h.time) for h in reading.headers] == [
        (11, "Amara Okafor", "00:04"),
        (15, "Tomasz Wrona", "01:10"),
        (19, "Amara Okafor", "1:02:09"),
    ]
    assert reading.headers[-1].last_line == 21  # the chat and the attendee list are no one's speech
    assert reading.title == "Widget call 17" and reading.date == "2023-02-09"
    assert {5, 6, 7, 9, 23, 28} <= set(reading.scaffolding)  # table, section headings


UN_WEB_TV = """\
# Session 2 | Widget review - Panel and questions (Mar 3, 2025)

**IAHWG | Ana Lima | Co-Chair**

Good afternoon.

I give the floor to Kenya.

**Kenya | Representative**

Thank you.

**Ministry of Widgets | Jo Park | Director**

Thank you, Co-Chair.

**Uruguay | Representative**

We align ourselves with the statement.

**IAHWG | Co-Chair**

Thank you.

**Pim Jansen | Moderator**

Questions?"""


def test_bold_pipe_labels_put_the_name_in_the_label_and_the_body_and_role_beside_it() -> None:
    reading = read(UN_WEB_TV)
    assert [(h.line, h.label, h.affiliation, h.role) for h in reading.headers] == [
        (3, "Ana Lima", "IAHWG", "Co-Chair"),
        (9, "Kenya", "", "Representative"),  # the only non-role field is a country: it is the label
        (13, "Jo Park", "Ministry of Widgets", "Director"),
        (17, "Uruguay", "", "Representative"),
        (21, "Co-Chair", "IAHWG", "Co-Chair"),  # a post without a name: the post speaks
        (25, "Pim Jansen", "", "Moderator"),
    ]
    assert all(h.kind == "speaker" and h.time == "" for h in reading.headers)
    assert reading.date == "2025-03-03"
    assert reading.title.startswith("Session 2 | Widget review")


def test_bracketed_and_colon_labels_alone_on_a_line_are_turns() -> None:
    text = "**[Amara]:**\n\nWelcome.\n\n**Tomasz:**\n\nThanks.\n\n**[Amara]:**\n\nBye."
    reading = read(text)
    assert [(h.line, h.label) for h in reading.headers] == [(1, "Amara"), (5, "Tomasz"), (9, "Amara")]


def test_a_generic_label_written_once_opens_its_turn() -> None:
    text = (
        "**Amara Okafor:** Good afternoon.\n\n**Room-Mic-1:** We hear you in the room.\n\n"
        "**Tomasz Wrona:** Thanks.\n\n**Amara Okafor:** Go ahead.\n\n**Tomasz Wrona:** Sure."
    )
    reading = read(text)
    assert [(h.line, h.label, h.kind) for h in reading.headers] == [
        (1, "Amara Okafor", "speaker"),
        (3, "Room-Mic-1", "generic"),
        (5, "Tomasz Wrona", "speaker"),
        (7, "Amara Okafor", "speaker"),
        (9, "Tomasz Wrona", "speaker"),
    ]


def test_a_lone_country_body_or_post_line_joins_a_document_of_bold_label_lines() -> None:
    text = UN_WEB_TV + "\n\n**Kenya**\n\nThank you again.\n\n**UNESCO**\n\nA short remark.\n\n**Highlights**\n\nText."
    reading = read(text)
    assert [(h.line, h.label) for h in reading.headers[-2:]] == [(29, "Kenya"), (33, "UNESCO")]


def test_a_label_over_a_list_or_a_table_is_a_section() -> None:
    text = """\
**Amara Okafor:**

Good morning.

**Tomasz Wrona:**

Thank you.

**Parameters:**

| name | type |
| ---- | ---- |

**Olga Brandt:**

- first point
- second point

**Amara Okafor:**

Bye."""
    assert lines_of(read(text)) == [1, 5, 19]


def test_one_timed_speaker_is_a_transcript_but_one_untimed_label_is_not() -> None:
    assert lines_of(read("# Keynote\n\n**Amara Okafor 00:00**\n\nGood morning, all of you.")) == [3]
    assert read("**Amara Okafor:** Good morning, all of you.").headers == ()


def test_two_timed_headings_with_full_names_are_a_transcript() -> None:
    """A short file is not refused for being short: a heading holding a full name and a time is
    distinctive on its own, two of them are a transcript (one, a monologue, already is)."""
    text = "#### Amara Okafor 0:04\n\nGood morning, everyone.\n\n#### Tomasz Wrona 0:21\n\nThank you, good morning."
    reading = read(text)
    assert [(h.line, h.label, h.time) for h in reading.headers] == [
        (1, "Amara Okafor", "0:04"),
        (5, "Tomasz Wrona", "0:21"),
    ]
    assert reading.confidence >= 0.8
    fractions = text.replace(" 0:04", " 0:04.250").replace(" 0:21", " 0:21.5")
    assert [h.time for h in read(fractions).headers] == ["0:04.250", "0:21.5"]
    # a generic label among them opens its turn too
    room = text.replace("#### Tomasz Wrona 0:21", "#### Room-Mic-1 0:12\n\nWe hear you.\n\n#### Tomasz Wrona 0:21")
    assert [(h.line, h.kind) for h in read(room).headers] == [(1, "speaker"), (5, "generic"), (9, "speaker")]


def test_a_programme_with_timed_headings_is_no_transcript() -> None:
    """What tells a programme from a short transcript: one-word items (``Registration 8:30``), or
    two-word ones at round times of day, where a recording's offsets fall anywhere."""
    assert read("## Registration 8:30\n\nIn the lobby.\n\n## Networking 17:00\n\nOn the terrace.").headers == ()
    programme = "## Award Ceremony 18:00\n\nOn the terrace.\n\n## Gala Dinner 19:30\n\nIn the hall."
    assert read(programme).headers == ()
    assert read("# Programme\n\n## Award Ceremony 18:00\n\nOn the terrace, with music.").headers == ()


MIXED_TIMED_LABELS = """\
#### Amara Okafor 0:04

Good morning, everyone.

#### Tomasz Wrona 0:21

Thank you.

**Lin Wei** 4:22

A question from me, on the second item.

**Rosa Blanco**, 4:40

And one from me.

**Pim** @ 4:51

Same here.

#### Amara Okafor 5:01

Go ahead.

### Kofi Mensah (00:05:30)

Last point."""


def test_a_bold_name_then_a_time_opens_a_turn_in_any_timed_transcript() -> None:
    """``**Name** 4:22`` (the time after the bold, after a space, a comma or an @) is a speaker line
    even where the document's other turns are headings, and a timed heading joins bold ones alike:
    a timed label in markup is the transcript's convention, whichever markup carries it."""
    reading = read(MIXED_TIMED_LABELS)
    assert [(h.line, h.label, h.time) for h in reading.headers] == [
        (1, "Amara Okafor", "0:04"),
        (5, "Tomasz Wrona", "0:21"),
        (9, "Lin Wei", "4:22"),
        (13, "Rosa Blanco", "4:40"),
        (17, "Pim", "4:51"),
        (21, "Amara Okafor", "5:01"),
        (25, "Kofi Mensah", "00:05:30"),
    ]
    bold_first = MIXED_TIMED_LABELS.replace("#### ", "**", 1).replace(" 0:04", "** 0:04", 1)
    assert [h.line for h in read(bold_first).headers] == [1, 5, 9, 13, 17, 21, 25]


# --- inline bold labels -----------------------------------------------------------------------------

NOTES_WITH_INLINE_TIMES = """\
## Meeting Date/Time: Thursday 2023/02/09 at 14:00 UTC
### Moderator: Amara Okafor
—----------------------------

**Amara Okafor (0:12) -** Welcome.

## Widget Updates

**Pim (Widget Labs) (1:05) -** We shipped it.

**Amara Okafor (2:40) -** Great.

**zed42 (3:01) -** One question about **the** release.

### Attendees
* Amara Okafor
* Pim"""


def test_inline_bold_label_with_time_and_affiliation() -> None:
    reading = read(NOTES_WITH_INLINE_TIMES)
    assert [(h.line, h.label, h.affiliation, h.time) for h in reading.headers] == [
        (5, "Amara Okafor", "", "0:12"),
        (9, "Pim", "Widget Labs", "1:05"),
        (11, "Amara Okafor", "", "2:40"),
        (13, "zed42", "", "3:01"),  # a handle as a video call shows it
    ]
    assert reading.date == "2023-02-09" and reading.title == ""
    assert reading.headers[-1].last_line == 13


CART = """\

Widget Meetup: A Panel Discussion
MAY 4, 2022
7:00 P.M. E.T.

CART CAPTIONING PROVIDED BY:
EXAMPLE CAPTIONS, LLC

This is being provided in a rough-draft format.

-----
**Amara Okafor:** Welcome all. Our panelists tonight are Pim and Jo.

**Pim:** Thanks for having me. This is **really** exciting.

**Jo:** Hello!

**Pim** Sorry, one more thing.

**Attendee:** Can you repeat that?

**Jo:** Sure. [ Laughter ]"""


def test_inline_colon_labels_a_label_without_its_colon_and_a_generic_label() -> None:
    reading = read(CART)
    assert [(h.line, h.label, h.kind) for h in reading.headers] == [
        (12, "Amara Okafor", "speaker"),
        (14, "Pim", "speaker"),
        (16, "Jo", "speaker"),
        (18, "Pim", "speaker"),  # no colon, but the document's own label
        (20, "Attendee", "generic"),
        (22, "Jo", "speaker"),
    ]
    assert reading.headers[3].confidence < reading.headers[1].confidence
    assert reading.date == "2022-05-04"


def test_times_before_the_name_and_labels_alone_or_inline_are_one_convention() -> None:
    text = """\
**[00:00:04] Amara Okafor:** Good morning.

**[00:01:10] Jan Kowalski, Permanent Representative of Poland:** Thank you.

**Lin Wei:**

We have a question.

**Amara Okafor:** Please.

## 10:00 Amara Okafor

Schedule headings open with a time; they are no turns."""
    reading = read(text)
    assert [(h.line, h.label, h.time, h.role) for h in reading.headers] == [
        (1, "Amara Okafor", "00:00:04", ""),
        (3, "Jan Kowalski", "00:01:10", "Permanent Representative of Poland"),
        (5, "Lin Wei", "", ""),
        (9, "Amara Okafor", "", ""),
    ]


def test_bracketed_inline_labels_and_stage_notes() -> None:
    text = """\
# Widget Law Update
## Amara Okafor - Thursday, October 5, 2023
[Source recording](https://example.org/v/1)

**[Amara]:** Can everyone hear me? [tapping the mic]

[Attendee speaking away from mic]

**[Pim]:** Yes.

**[Applause]**

**[Amara]:** Thank you.

**[Attendee]:** One question."""
    reading = read(text)
    assert [(h.line, h.label, h.kind) for h in reading.headers] == [
        (5, "Amara", "speaker"),
        (9, "Pim", "speaker"),
        (13, "Amara", "speaker"),
        (15, "Attendee", "generic"),
    ]
    assert reading.stage_notes == (7, 11)
    assert reading.title == "Widget Law Update" and reading.date == "2023-10-05"
    assert 3 in reading.scaffolding


# --- what is not a header ---------------------------------------------------------------------------


def test_section_labels_tables_lists_and_emphasis_in_notes_are_not_turns() -> None:
    text = """\
# Working group on widgets, 3 March 2024

**Decision:** The group adopts the plan.

**Action items:**

- **Olga:** circulate the draft

**Summary**

| Item | Owner |
| ---- | ----- |

The chair said this was **very important** for everyone.

**Important:** read the annex.

**Decision:** The group meets again.

Thank you."""
    reading = read(text)
    assert reading.headers == ()
    assert reading.confidence == 0.0


def test_section_labels_and_front_matter_inside_a_transcript_are_not_turns() -> None:
    text = """\
**Moderator:** Amara Okafor
**Date:** 2024-05-01

**Amara Okafor:** Welcome.

**Tomasz Wrona:** Thank you.

**Decision:** Adopt the plan.

**Summary**

**Amara Okafor:** Good. **Kenya** asked for the floor.

**Kenya:** Thank you.

**Kenya** supported the text, the chair noted.

**Moderator:** Thanks.

**Tomasz Wrona:** Bye."""
    reading = read(text)
    assert lines_of(reading) == [4, 6, 12, 14, 18, 20]
    assert reading.date == "2024-05-01"


def test_bold_words_opening_a_sentence_are_not_labels() -> None:
    text = "Our meeting went well.\n\n**Kenya** supported the text and **Brazil** did not.\n\n**Note** that it ended."
    assert read(text).headers == ()


def test_an_interview_keeps_its_q_and_a_and_a_bold_sentence_opener_is_no_label() -> None:
    """``**Q:**`` / ``**A:**`` are an interview's turns though no name; ``**Yes:**``, recurring or
    not, is emphasis: a sentence opener is never a label (the shared name rule)."""
    text = (
        "# Invented interview\n\n**Q:** How did the project start?\n\n**A:** With one radio station.\n\n"
        "**Q:** And now?\n\n**A:** Forty stations.\n\n**Yes:** this is emphasis.\n\n**Yes:** again.\n"
    )
    assert lines_of(read(text)) == [3, 5, 7, 9]


@pytest.mark.parametrize(
    "text",
    [
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAna Silva: Good morning.\n\n"
        "2\n00:00:04.500 --> 00:00:07.000\nAna Silva: Let us begin.\n",
        '<?xml version="1.0"?>\n<TEI><text><body><u who="#AnaSilva"><seg>Good morning.</seg></u>'
        '<u who="#PimJansen"><seg>Thank you.</seg></u></body></text></TEI>\n',
        "The committee met on Tuesday. Ana Silva opened the meeting at 10:30.\n\n"
        "Several delegations spoke. Kenya: supported the text.\n\nThe meeting closed at 12:00.\n",
        ">> AMARA OKAFOR: Good morning.\n\n>> PARTICIPANT: Thank you.\n\n>> Next question.\n",
        "Amara Okafor  00:03:21\nGood morning.\n\nTomasz Wrona  00:03:40\nThank you.\n",
        "",
        "\x00\x01\x02**\x00**\n#\n##\n**|**\n**:**\n" + "\ufffd" * 500,
    ],
    ids=["webvtt", "xml", "prose", "igf-captions", "otter-text", "empty", "garbage"],
)
def test_other_formats_get_no_confidence(text: str) -> None:
    reading = read(text)
    assert reading.headers == ()
    assert reading.confidence == 0.0
    assert reading.reader == "markdown"


def test_never_raises_and_stays_linear_on_long_hostile_lines() -> None:
    hostile = "**" + "a (" * 5000 + "\n" + "#" * 10000 + " x 1:00\n" + "**" + "x" * 100000 + "**\n"
    reading = read(hostile * 3)
    assert reading.confidence == 0.0


# --- the development corpus and the seed --------------------------------------------------------------

#: Each file's header convention as an independent line pattern (the second method); the reader must
#: find exactly these lines. The counts were checked by reading each file start, middle and end.
CONVENTIONS = {
    "un80_iahwg_s4_2025-10-30.md": (r"^\*\*.*\*\*$", 39),
    "ethereum_acde124_2021-10-15.md": (r"^\*\*.* [0-9:]+\*\*$", 103),
    "ethereum_acdc092_2022-07-28.md": (r"^\*\*[^*]+ \([0-9:]+\) -\*\*", 168),
    "a11ychi_2020-05-21_invisible-disabilities-panel.md": (r"^\*\*[A-Za-z ]+:?\*\*", 83),
    "a11ychi_2017-10-19_accessibility-legal-update.md": (r"^\*\*\[[^]]+\]:\*\*", 34),
}


def corpus_file(name: str) -> tuple[str, ...]:
    path = CORPUS / name
    require(path.is_file(), f"the development corpus ({path})")
    return tuple(path.read_text(encoding="utf-8").splitlines())


def corpus_reading(name: str) -> Reading:
    return READER.read(SourceText(name, corpus_file(name)))


@pytest.mark.parametrize("name", sorted(CONVENTIONS))
def test_corpus_headers_are_exactly_the_lines_of_the_files_convention(name: str) -> None:
    pattern, count = CONVENTIONS[name]
    lines = corpus_file(name)
    expected = [n for n, line in enumerate(lines, 1) if re.match(pattern, line)]
    reading = READER.read(SourceText(name, lines))
    assert len(expected) == count
    assert lines_of(reading) == expected
    assert reading.confidence >= 0.9


def test_corpus_un_web_tv_labels() -> None:
    reading = corpus_reading("un80_iahwg_s4_2025-10-30.md")
    by_line = {h.line: (h.label, h.affiliation, h.role) for h in reading.headers}
    assert by_line[3] == ("Carolyn Schwalger", "IAHWG", "Co-Chair")
    assert by_line[123] == ("Guy Ryder", "UN Secretariat", "USG Policy")
    assert by_line[451] == ("Martin Kimani", "Africa Centre", "President & CEO")
    assert by_line[907] == ("Costa Rica", "", "Representative")
    assert by_line[1157] == ("EU", "", "Representative")
    assert by_line[1091] == ("Russian Federation", "", "Representative")
    assert not {81, 117, 119} & set(by_line)  # "Thank you.", "I will now give the floor to Mr." are speech
    assert reading.title.startswith("Session 4 | Mandate Implementation briefing")
    assert reading.date == "2025-10-30"


def test_corpus_otter_in_markdown_ends_before_the_chat_and_attendees() -> None:
    reading = corpus_reading("ethereum_acde124_2021-10-15.md")
    assert (reading.headers[0].line, reading.headers[0].label, reading.headers[0].time) == (25, "Tim Beiko", "04:48")
    assert (reading.headers[-1].line, reading.headers[-1].time, reading.headers[-1].last_line) == (439, "1:03:59", 441)
    assert {23, 85, 411, 443, 727} <= set(reading.scaffolding)  # agenda headings with video links, sections
    assert reading.title == "All Core Devs Meeting 124" and reading.date == "2021-10-15"


def test_corpus_inline_times_keep_affiliations_and_handles() -> None:
    reading = corpus_reading("ethereum_acdc092_2022-07-28.md")
    by_line = {h.line: h for h in reading.headers}
    assert (by_line[20].label, by_line[20].affiliation, by_line[20].time) == ("Terence", "Prysmatic Labs", "11:44")
    assert (by_line[78].label, by_line[78].time) == ("jgold", "22:01")
    assert by_line[259].label == "Danny Ryan" and by_line[259].affiliation == ""  # a mistyped time is no affiliation
    assert not {1, 5, 14, 15, 374, 380, 424} & set(by_line)  # front matter, sections, attendees, chat
    assert reading.headers[-1].last_line == 370
    assert reading.date == "2022-07-28"


def test_corpus_cart_labels() -> None:
    reading = corpus_reading("a11ychi_2020-05-21_invisible-disabilities-panel.md")
    by_line = {h.line: h for h in reading.headers}
    assert (by_line[13].label, by_line[29].label) == ("Nick Ng", "Fen")
    assert by_line[153].label == "Keidra"  # the one label without its colon
    assert by_line[151].kind == "generic"  # Attendee
    assert min(by_line) == 13  # the CART header is not speech
    assert reading.date == "2020-05-21"


def test_corpus_bracketed_labels_and_stage_notes() -> None:
    reading = corpus_reading("a11ychi_2017-10-19_accessibility-legal-update.md")
    assert {h.label for h in reading.headers} == {"Lainey", "Dennis", "Attendee", "Voiceover"}
    assert reading.stage_notes == (43, 261)
    assert reading.title == "Accessibility Legal Update" and reading.date == "2017-10-19"


def test_the_markdown_seed_record() -> None:
    path = settings.data_dir() / "sources" / "001_ae93e3ef07a7236a.txt"
    lines = tuple(Path(path).read_text(encoding="utf-8").splitlines())
    reading = READER.read(SourceText(path.name, lines))
    assert lines_of(reading) == [7, 43, 49, 55, 61, 77, 107, 123, 141, 157, 163, 169, 179, 189, 195]
    assert [h.label for h in reading.headers if h.line in (77, 157)] == ["Wachholz, Cedric", "Prieto, Maria"]
    assert reading.date == "2025-11-17"


@pytest.mark.parametrize("name", ["ethereum_acdt072_2026-03-02.vtt", "parlamint_gb_2020-02-12_lords.xml", "README.md"])
def test_the_other_corpus_files_are_not_markdown_transcripts(name: str) -> None:
    assert corpus_reading(name).confidence == 0.0
