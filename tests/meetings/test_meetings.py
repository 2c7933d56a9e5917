"""The meeting-record loader: every speaker turn of the three records, by line, and nothing invented.

The seeds are read as the build reads any transcript (kg/meetings/reading.py: the format's reader,
the metadata's per-line corrections, session marks, the speaker resolver); the extraction adds
their sessions, passages, overlay and mentions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.core import settings
from kg.core.errors import SourceError
from kg.meetings import Extraction, extract, read_meta, to_yaml
from kg.records import RecordSet
from kg.records.load import MEETINGS_SUBDIR, read_records
from kg.records.names import name_table
from kg.tools.coverage import speaker_lines
from tests.conftest import SHARED_SOURCES, require
from tests.meetings.cues import stance_cues, support_cues

STEMS = ("000_f75722b46b55aad4", "001_ae93e3ef07a7236a", "004_bf564407ef9a5607")
META_DIR = settings.data_dir() / "meetings"


@pytest.fixture(scope="module")
def records() -> RecordSet:
    return read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)


@pytest.fixture(scope="module")
def aliases() -> dict[str, str]:
    return name_table(settings.data_dir() / "names.yaml")[0]


@pytest.fixture(scope="module")
def extractions(records: RecordSet, aliases: dict[str, str]) -> dict[str, Extraction]:
    return {
        stem: extract(
            settings.sources_dir() / f"{stem}.txt", read_meta(META_DIR / f"{stem}.meta.yaml"), records, aliases
        )
        for stem in STEMS
    }


def lines_of(stem: str) -> list[str]:
    return (settings.sources_dir() / f"{stem}.txt").read_text(encoding="utf-8").split("\n")


def test_the_format_of_each_record_is_detected_from_its_text(extractions: dict[str, Extraction]) -> None:
    styles = {stem: e.style for stem, e in extractions.items()}
    assert styles == dict(zip(STEMS, ("export", "markdown", "notes"), strict=True))


def test_the_seeds_need_no_per_line_correction(extractions: dict[str, Extraction]) -> None:
    """The readers decide every header line of the seeds: their metadata lists no line."""
    for stem, extraction in extractions.items():
        assert (extraction.meta.turns, extraction.meta.not_turns, extraction.unneeded) == ({}, {}, ()), stem


def test_call_transcript_every_name_and_time_line_opens_a_turn(extractions: dict[str, Extraction]) -> None:
    # Independent count: lines "Name   MM:SS" (two or more spaces before the time).
    lines = lines_of(STEMS[0])
    expected = [n for n, x in enumerate(lines, 1) if re.search(r"\S\s{2,}\d{1,2}:\d{2}\s*$", x)]
    turns = extractions[STEMS[0]].turns
    assert [t.turn.label_line for t in turns] == expected
    assert len(turns) == 59
    # The room microphone carries several people: kept as written, never attributed.
    room = [t for t in turns if t.turn.label == "UNHQ-S-1522FC"]
    assert len(room) == 30 and all(t.speaker == "" and t.note for t in room)
    # The first twenty minutes run under the room microphone's single label at 0:07.
    assert (turns[0].turn.line_start, turns[0].turn.line_end, turns[0].turn.time) == (1, 83, "0:07")
    assert {t.speaker for t in turns} == {"", "jimson-olufuye", "hossam-elgamal", "maria-fernanda-garza", "amrita"}


def test_markdown_transcript_headings_with_times_open_turns(extractions: dict[str, Extraction]) -> None:
    lines = lines_of(STEMS[1])
    expected = [n for n, x in enumerate(lines, 1) if re.search(r"[A-Za-z*]\s+\d{1,2}:\d{2}\s*$", x) and len(x) < 60]
    turns = extractions[STEMS[1]].turns
    assert [t.turn.label_line for t in turns] == expected  # 7, 43, 49 (no markup), 55, ... 195
    assert len(turns) == 15
    # "# Prieto, Maria 16:48" is Maria Prieto; Chengetai Masango's heading is the recording account.
    by_line = {t.turn.label_line: t for t in turns}
    assert by_line[157].speaker == "maria-prieto" and by_line[157].turn.label == "Prieto, Maria"
    assert by_line[7].speaker == "" and "recording account" in by_line[7].note
    # The export's front matter (title, date, "started transcription") is not speech.
    assert turns[0].turn.line_start == 7


def test_notes_every_speaker_label_is_a_turn_and_every_other_candidate_was_reviewed(
    extractions: dict[str, Extraction],
) -> None:
    """A loose detector (any short capitalised line) proposes 220 candidates; each is a turn, the
    second line of an organization/person label, or a line of speech reviewed by hand."""
    extraction = extractions[STEMS[2]]
    starts = {t.turn.label_line for t in extraction.turns}
    lines = tuple(lines_of(STEMS[2]))
    candidates = {n for n, _ in speaker_lines(STEMS[2] + ".txt", lines)}
    person_under_org = {384, 392}  # "Nominet UK" / "Martin Boyle", "ICANN" / "Baher Esmat"
    speech = {
        # a name or word of running text right after a label, or at the head of a remark
        10,
        20,
        27,
        30,
        36,
        40,
        48,
        56,
        81,
        188,
        275,
        288,
        300,
        318,
        320,
        342,
        386,
        401,
        425,
        529,
        533,
        554,
        558,
        582,
        613,
        904,
        923,
        931,
        962,
        975,
        979,
        1017,
        1040,
        1044,
        1054,
        # "Name – words": speech to or about someone, not a new speaker (the Chair to Egypt, ...)
        215,
        636,
        735,
        790,
        968,
        # session and end markers
        453,
        1161,
    }
    assert candidates - starts == person_under_org | speech
    # Two unattributed passages (the opening; "Mic is not working.") and the label "??" (line 439).
    assert starts - candidates == {3, 439, 895}
    assert len(extraction.turns) == 179
    assert sum(1 for t in extraction.turns if t.turn.label) == 177


def test_notes_sessions_follow_the_time_marks_and_breaks(extractions: dict[str, Extraction]) -> None:
    extraction = extractions[STEMS[2]]
    got = [(s.label, s.line_start, extraction.day_parts[s.order]) for s in extraction.sessions]
    assert got == [
        ("10:05", 1, "morning"),
        ("11:05 –", 7, "morning"),
        ("After Lunch", 451, "afternoon"),  # [LUNCH BREAK] at 451, named by "After Lunch" at 453
        ("17:00", 762, "afternoon"),  # <Short Break> at 762, then 17:00
        ("18:02", 891, "evening"),  # <break again> at 891, then 18:02
    ]


def test_notes_organization_and_person_on_two_lines_are_one_speaker(extractions: dict[str, Extraction]) -> None:
    by_line = {t.turn.label_line: t for t in extractions[STEMS[2]].turns}
    assert (by_line[383].speaker, by_line[383].speaks_for, by_line[383].turn.label) == (
        "martin-boyle",
        "nominet",
        "Martin Boyle",
    )
    assert (by_line[391].speaker, by_line[391].speaks_for) == ("baher-esmat", "icann")


def test_notes_turns_span_to_the_next_label_and_unattributed_passages_stay_unattributed(
    extractions: dict[str, Extraction],
) -> None:
    turns = extractions[STEMS[2]].turns
    assert (turns[0].turn.label, turns[0].turn.line_start, turns[0].turn.line_end) == ("", 3, 5)
    assert (turns[1].turn.label, turns[1].speaker, turns[1].turn.line_start, turns[1].turn.line_end) == (
        "Philippines",
        "philippines",
        9,
        16,
    )
    uncertain = next(t for t in turns if t.turn.label == "EU ?")
    assert uncertain.speaker == "" and "uncertain" in uncertain.note
    # The Chair's interjections written inline, and the note-taker's "??", open turns by rule.
    by_line = {t.turn.label_line: t for t in turns}
    assert [(by_line[n].turn.label, by_line[n].speaker) for n in (514, 519)] == [("Chair", "cstd-chair")] * 2
    assert (by_line[439].turn.label, by_line[439].speaker, by_line[439].note) == (
        "??",
        "",
        "the note-taker did not know the speaker",
    )
    # No turn runs over a break: the Chair's turn before "<break again>" ends with its session.
    assert (by_line[888].turn.line_end, by_line[888].turn.session) == (890, 4)
    # Stage notes and the note-taker's end marks close a turn: "(Some governments saying from the
    # floor ...)" is not IGC's, "END (around 9 pm)" is not Canada's.
    assert (by_line[1000].turn.label, by_line[1000].turn.line_end) == ("IGC (Izumi)", 1001)
    assert by_line[1140].turn.line_end == 1160


@pytest.mark.parametrize("stem", STEMS)
def test_committed_extraction_is_exactly_what_the_loader_produces(
    stem: str, extractions: dict[str, Extraction], aliases: dict[str, str]
) -> None:
    require(SHARED_SOURCES.is_dir(), "../shared/sources beside the checkout")
    meta = read_meta(META_DIR / f"{stem}.meta.yaml")
    produced = to_yaml(extractions[stem], f"igkg ingest-meeting {stem}.txt --meta {meta.path.name}")
    committed = settings.records_dir() / MEETINGS_SUBDIR / f"{stem}.yaml"
    assert committed.read_text(encoding="utf-8") == produced, (
        f"{committed} is stale: regenerate it with igkg ingest-meeting (README, 'Meeting records')"
    )
    # ... and from the shared sources themselves, not only the shipped copies.
    again = extract(
        SHARED_SOURCES / f"{stem}.txt",
        meta,
        read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False),
        aliases,
    )
    assert to_yaml(again, f"igkg ingest-meeting {stem}.txt --meta {meta.path.name}") == produced


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


META = """source: {name}
meeting: meeting-2010-12-cstd
title: t
date: 2010-12-17
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text"),
        ("Dear all,\nthe minutes will follow.\nBest\n", "no reader finds a speaker turn; formats tried"),
    ],
)
def test_bad_records_are_refused_with_the_file_named(
    tmp_path: Path, records: RecordSet, content: str | bytes, message: str
) -> None:
    record = write(tmp_path / "new.txt", content)
    meta = read_meta(write(tmp_path / "new.meta.yaml", META.format(name="new.txt")))
    with pytest.raises(SourceError, match=message) as info:
        extract(record, meta, records)
    assert str(record) in str(info.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("date: 2010-12-17", "date: 2011-03-01"), r"meta.yaml:4: field 'date': says 2011-03-01 but meeting"),
        (("source: 004_bf564407ef9a5607.txt", "source: 000_f75722b46b55aad4.txt"), "field 'source'"),
        (("title: t", "title: t\nstyle: call"), r"field 'style': says 'call' but .* reads as 'notes'"),
        (("meeting: meeting-2010-12-cstd", "meeting: meeting-2025-11-17-ungis"), "date"),
        (("title: t", "title: t\nspeakers:\n  Chair: nobody-known"), "'nobody-known', which is no person"),
        (("title: t", "title: t\nturns:\n  5000: a line past the end"), r"field 'turns': line 5000 is past the end"),
    ],
)
def test_metadata_that_contradicts_the_record_is_refused(
    tmp_path: Path, records: RecordSet, change: tuple[str, str], message: str
) -> None:
    text = META.format(name="004_bf564407ef9a5607.txt").replace(*change)
    meta = read_meta(write(tmp_path / "meta.yaml", text))
    with pytest.raises(SourceError, match=message):
        extract(settings.sources_dir() / "004_bf564407ef9a5607.txt", meta, records)


def test_a_date_the_transcript_states_is_checked(tmp_path: Path, records: RecordSet) -> None:
    text = "source: 001_ae93e3ef07a7236a.txt\nmeeting: new-meeting\ntitle: t\ndate: 2025-11-18\n"
    meta = read_meta(write(tmp_path / "meta.yaml", text))
    with pytest.raises(SourceError, match=r"says 2025-11-18 but 001_ae93e3ef07a7236a.txt states 2025-11-17"):
        extract(settings.sources_dir() / "001_ae93e3ef07a7236a.txt", meta, records)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source: a.txt\n", r"meta.yaml:1: field 'meeting': missing"),
        (META.format(name="a.txt") + "colour: blue\n", r"meta.yaml:5: field 'colour': unknown field"),
        (META.format(name="a.txt").replace("2010-12-17", "2010-13-01"), r"meta.yaml:4: field 'date': impossible date"),
        (META.format(name="a.txt") + "turns:\n  x: y\n", r"meta.yaml:6: field 'turns': 'x' is not a line number"),
        ("- a\n- b\n", "expected a mapping"),
    ],
)
def test_bad_metadata_is_refused_with_file_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        read_meta(write(tmp_path / "meta.yaml", text))


# -- the reviewed overlay and the rule-based cues -------------------------------------------


def test_every_support_link_the_rules_find_is_in_the_reviewed_overlay(
    extractions: dict[str, Extraction], records: RecordSet
) -> None:
    from kg.meetings.attribution import resolver_for

    extraction = extractions[STEMS[2]]
    assert extraction.overlay is not None
    # The names in "Support PH and Malaysia" resolved as speakers are, in the meeting's context.
    resolver = resolver_for(extraction.meta)
    cues = support_cues(extraction, lambda name: resolver.index.resolve(name, context=resolver.context).slug)
    by_rule = {(c.line, c.supporter, c.supported) for c in cues}
    reviewed = {(s.cited.line_start, s.supporter, s.supported) for s in extraction.overlay.supports}
    assert by_rule <= reviewed  # the rules' precision against the reviewed links is 1.0
    assert (20, "malaysia", "philippines") in by_rule  # "Support Philippines"
    assert (27, "india", "malaysia") in by_rule  # "Support- PH and Malaysia"
    # What rules cannot read stays the reviewer's: "Support Philippines to Russia" (Iran, line 52).
    assert (52, "iran", "south-africa") in reviewed - by_rule
    assert len(by_rule) == 22 and len(reviewed) == 84


def test_overlay_entries_are_placed_in_the_session_and_turn_that_hold_their_lines(
    extractions: dict[str, Extraction],
) -> None:
    text = (settings.records_dir() / MEETINGS_SUBDIR / f"{STEMS[2]}.yaml").read_text(encoding="utf-8")
    entry = text.split("  - id: meeting-2010-12-cstd-position-philippines-1\n")[1].split("\n\n")[0]
    assert "session: meeting-2010-12-cstd-session-2" in entry
    assert "intervention: meeting-2010-12-cstd-turn-002" in entry
    assert "stance: governments-only" in entry


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "stances:\n  - {speaker: philippines, stance: maybe, lines: '9', quote: Philippines}\n",
            "'maybe' is not one of",
        ),
        (
            "stances:\n  - {speaker: atlantis, stance: compromise, lines: '9', quote: Philippines}\n",
            "'atlantis' is no record",
        ),
        (
            "supports:\n  - {from: malaysia, to: philippines, kind: support, line: '20', quote: Support Malaysia}\n",
            "not found in 004_bf564407ef9a5607.txt lines 20",
        ),
        ("stances:\n  - {speaker: philippines, stance: compromise, lines: '9-9999', quote: x}\n", "outside"),
    ],
)
def test_a_bad_overlay_entry_is_refused_with_file_line_and_field(
    tmp_path: Path, records: RecordSet, entry: str, message: str
) -> None:
    (tmp_path / "o.yaml").write_text(entry)
    meta = (
        (META_DIR / f"{STEMS[2]}.meta.yaml").read_text().replace(f"overlay: {STEMS[2]}.overlay.yaml", "overlay: o.yaml")
    )
    meta_path = write(tmp_path / "m.meta.yaml", meta)
    with pytest.raises(SourceError, match=message) as info:
        extract(settings.sources_dir() / f"{STEMS[2]}.txt", read_meta(meta_path), records)
    assert f"{tmp_path / 'o.yaml'}:2" in str(info.value)


# -- a new record of each style ---------------------------------------------------------------

NEW_RECORDS = {
    "call": "[image: ]\nJimson Olufuye   0:05\nGood morning, colleagues.\n[image: ]\nGVA-R-2201XB   0:40\n"
    "Thank you. Next speaker please.\n[image: ]\nJimson Olufuye   1:02\nOne more point on the IGF.\n",
    "markdown": "# Call recording\n\n3 March 2025, 10:00am\n\n#### Deniz Susar 0:04\n\nWelcome.\n\n"
    "#### Wachholz, Cedric 1:10\n\nThank you, Deniz.\n\n#### Deniz Susar 2:15\n\nNext item.\n",
    "notes": "09:30\n\nThe Chair opened the meeting.\n\nBrazil\n\nWe want an open group.\n\nIndia\n"
    "We support Brazil.\n\n[LUNCH BREAK]\n14:00\n\nChile\n\nAgree with India.\n",
}


@pytest.mark.parametrize("style", sorted(NEW_RECORDS))
def test_a_new_record_of_each_style_is_read(tmp_path: Path, records: RecordSet, style: str) -> None:
    record = write(tmp_path / f"new-{style}.txt", NEW_RECORDS[style])
    meta_text = f"source: new-{style}.txt\nmeeting: meeting-new\ntitle: t\ndate: 2025-03-03\nstyle: {style}\n"
    meta_text += "unattributed_labels:\n  GVA-R-2201XB: a room microphone\n" if style == "call" else ""
    extraction = extract(record, read_meta(write(tmp_path / "m.meta.yaml", meta_text)), records)
    got = [(t.turn.label, t.speaker, t.turn.line_start, t.turn.line_end) for t in extraction.turns]
    expected = {
        "call": [
            ("Jimson Olufuye", "jimson-olufuye", 2, 3),
            ("GVA-R-2201XB", "", 5, 6),
            ("Jimson Olufuye", "jimson-olufuye", 8, 9),
        ],
        "markdown": [
            ("Deniz Susar", "deniz-susar", 5, 7),
            ("Wachholz, Cedric", "cedric-wachholz", 9, 11),
            ("Deniz Susar", "deniz-susar", 13, 15),
        ],
        "notes": [
            ("", "", 3, 3),
            ("Brazil", "brazil", 5, 7),
            ("India", "india", 9, 10),
            ("Chile", "chile", 15, 17),
        ],
    }[style]
    assert got == expected
    if style == "notes":
        assert [(s.label, extraction.day_parts[s.order]) for s in extraction.sessions] == [
            ("09:30", "morning"),
            ("14:00", "afternoon"),
        ]
    # The YAML names the meeting; the build needs that meeting as a record before it accepts the turns.
    assert "meeting: meeting-new" in to_yaml(extraction, "test")


# -- per-line corrections, sessions, the metadata's format -------------------------------------

#: Invented notes: an inline answer of the Chair that rules read as speech (line 9), a country
#: named inside India's sentence that rules read as a label (line 13), a break with a remark
#: after it that nobody is named for (line 19).
CORRECTED_NOTES = """10:00

Chair
We open the meeting and give the floor to Brazil.

Brazil
We want an open working group.

Chair – to Brazil, thank you for the proposal.

India
We can accept the text proposed by
Peru
and we thank the Chair.

[COFFEE BREAK]
11:30

The microphone is not working.

Chile
We agree with India.
"""
CORRECTED_META = """source: cstd-notes.txt
meeting: meeting-new
title: Invented notes
date: 2025-03-03
style: notes
speakers:
  Chair: cstd-chair
"""
CORRECTIONS = """turns:
  9: the Chair answers Brazil inline, after a dash
not_turns:
  13: Peru is named inside India's sentence
"""


def read_notes(tmp_path: Path, records: RecordSet, meta: str) -> Extraction:
    record = write(tmp_path / "cstd-notes.txt", CORRECTED_NOTES)
    return extract(record, read_meta(write(tmp_path / "cstd-notes.meta.yaml", meta)), records)


def turns_of(extraction: Extraction) -> list[tuple[str, str, int, int, int]]:
    return [(t.turn.label, t.speaker, t.turn.line_start, t.turn.line_end, t.turn.session) for t in extraction.turns]


def test_sessions_divide_the_record_and_no_turn_runs_over_a_break(tmp_path: Path, records: RecordSet) -> None:
    extraction = read_notes(tmp_path, records, CORRECTED_META)
    assert turns_of(extraction) == [
        ("Chair", "cstd-chair", 3, 4, 1),
        ("Brazil", "brazil", 6, 9, 1),  # "Chair – to Brazil, ..." is read as speech by rule
        ("India", "india", 11, 12, 1),
        ("Peru", "", 13, 14, 1),  # ... and "Peru" alone on its line as a label (igkg has no record of Peru)
        ("", "", 19, 19, 2),  # after the break, before anyone is named: nobody's
        ("Chile", "chile", 21, 22, 2),
    ]
    assert extraction.unresolved == (("Peru", 13),)
    sessions = [(s.label, s.line_start, s.line_end, extraction.day_parts[s.order]) for s in extraction.sessions]
    assert sessions == [("10:00", 1, 15, "morning"), ("11:30", 16, 22, "morning")]
    # The time a header line does not write is the session's, not the turn's.
    assert [t.turn.time for t in extraction.turns] == [""] * 6


def test_per_line_corrections_open_and_close_turns(tmp_path: Path, records: RecordSet) -> None:
    extraction = read_notes(tmp_path, records, CORRECTED_META + CORRECTIONS)
    assert turns_of(extraction) == [
        ("Chair", "cstd-chair", 3, 4, 1),
        ("Brazil", "brazil", 6, 7, 1),
        ("Chair", "cstd-chair", 9, 9, 1),  # the label is what the line writes before its dash
        ("India", "india", 11, 14, 1),  # line 13 is speech again: India's
        ("", "", 19, 19, 2),
        ("Chile", "chile", 21, 22, 2),
    ]
    assert extraction.unneeded == ()


def test_a_correction_the_reader_agrees_with_is_reported_and_a_blank_line_refused(
    tmp_path: Path, records: RecordSet
) -> None:
    agreed = read_notes(tmp_path, records, CORRECTED_META + "turns:\n  6: Brazil opens a turn\n")
    assert agreed.unneeded == (("turns", 6),)
    with pytest.raises(SourceError, match=r"cstd-notes.meta.yaml:8: field 'turns': line 2 of cstd-notes.txt has no"):
        read_notes(tmp_path, records, CORRECTED_META + "turns:\n  2: a blank line\n")


def test_the_metadatas_format_is_used_when_no_reader_is_sure_and_refused_when_it_finds_nothing(
    tmp_path: Path, records: RecordSet
) -> None:
    with pytest.raises(SourceError, match=r"field 'style': says 'markdown' but the markdown reader finds no speaker"):
        read_notes(tmp_path, records, CORRECTED_META.replace("style: notes", "style: markdown"))


def test_time_marks_divide_a_day_and_time_stamps_of_a_recording_do_not() -> None:
    from kg.meetings.sessions import day_part, session_marks

    day = ["Opening remarks.", "", "2.30 pm", "", "Chair", "Welcome back.", "(Lunch break)", "After Lunch", "Brazil"]
    marks = session_marks(day)
    assert [(s.label, s.line_start, s.line_end, s.time) for s in marks] == [
        ("", 1, 2, ""),
        ("2.30 pm", 3, 6, "14:30"),
        ("After Lunch", 7, 9, ""),
    ]
    assert [day_part(s, {}) for s in marks] == ["", "afternoon", "afternoon"]
    stamps = [line for n in range(40) for line in (f"{n // 60}:{n % 60:02d}", "Speaker 1", "Some words.")]
    assert len(session_marks(stamps)) == 1


def test_stance_cues_agree_with_the_reviewed_stances_except_where_the_words_mislead(
    extractions: dict[str, Extraction],
) -> None:
    """Rules read "only governments" and "equal footing"; a reader sees what the rules cannot:
    "Equal footing is no in the UN fora" (South Africa, 249), "not treated on equal footing"
    (Tunisia, 601), "difficulty with UK proposal – to allow stakeholders on equal footing" (India, 824)."""
    from kg.meetings.overlay import turn_at

    extraction = extractions[STEMS[2]]
    assert extraction.overlay is not None
    turns = tuple(t.turn for t in extraction.turns)
    reviewed: dict[tuple[str, int | None], set[str]] = {}
    for s in extraction.overlay.stances:
        reviewed.setdefault((s.holder, turn_at(turns, s.cited.line_start)), set()).add(s.stance)
    cues = stance_cues(extraction)
    compared = [c for c in cues if (c.holder, c.turn) in reviewed]
    agree = [c for c in compared if c.stance in reviewed[(c.holder, c.turn)]]
    misled = sorted(c.line for c in compared if c not in agree)
    assert (len(cues), len(compared), len(agree)) == (16, 13, 10)
    assert misled == [249, 601, 824]


def test_every_committed_extraction_including_the_prepared_texts_mentions_is_up_to_date() -> None:
    from kg.tools.meetings import produce

    produced = produce()
    assert {p.name for p in produced} == {f"{s}.yaml" for s in STEMS} | {
        "002_d7f4be828bee6026.yaml",
        "003_669eaa658907defa.yaml",
    }
    for path, text in produced.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m kg.tools.meetings"


def test_an_overlay_that_is_not_utf8_is_refused_by_name(tmp_path: Path, records: RecordSet) -> None:
    (tmp_path / "o.yaml").write_bytes(b"stances:\n  - {speaker: caf\xe9}\n")
    meta = (
        (META_DIR / f"{STEMS[2]}.meta.yaml").read_text().replace(f"overlay: {STEMS[2]}.overlay.yaml", "overlay: o.yaml")
    )
    with pytest.raises(SourceError, match="not UTF-8 text") as info:
        extract(settings.sources_dir() / f"{STEMS[2]}.txt", read_meta(write(tmp_path / "m.meta.yaml", meta)), records)
    assert str(tmp_path / "o.yaml") in str(info.value)
