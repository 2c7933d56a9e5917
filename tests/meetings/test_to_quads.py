"""Transcripts plus metadata become quads during ``igkg build`` (kg/meetings/to_quads.py).

The specification: every transcript of the transcripts folder that has a metadata file adds, in
its own named graph, its source description and one intervention per speaker turn, in the record
loader's vocabulary; a speaker is named only when resolution named one in a resolved way; a
metadata file that points at no curated meeting is refused with its file and line, and nothing is
written. The transcripts here are invented (invented speakers, invented speech) for meetings that
are curated records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg.core import settings, terms
from kg.core.errors import SourceError
from kg.core.quads import QuadSet
from kg.loaders.derive import DERIVED
from kg.loaders.records import Emitter
from kg.meetings.reading import StreamedSource
from kg.meetings.streamed import HEAD_WORDS
from kg.meetings.to_quads import QUOTE_WORDS, find_transcripts, transcript_records, transcripts_to_quads
from kg.meetings.transcripts.stream import Limits
from kg.records import RecordSet, read_records
from kg.records.sources import read_source_file
from tests.conftest import Cli

CSTD = "meeting-2010-12-cstd"
BRIEFING = "meeting-2025-11-imsb-briefing"

#: WebVTT with voice tags: the Chair (a role the meeting's chairing facts answer), a delegation
#: by its name, and an invented person no record names.
CAPTIONS_VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Chair>Good morning, colleagues. We resume our consultation.

00:00:04.500 --> 00:00:08.000
<v Chair>I give the floor to Brazil.

00:00:09.000 --> 00:00:12.000
<v Brazil>Thank you, Chair. We favour a balanced working group.

00:00:12.500 --> 00:00:15.000
<v Ilse Varga>Speaking for an invented coalition, we would add two seats to the group for observers.

00:00:16.000 --> 00:00:18.000
<v Chair>Thank you. Any further requests?
"""

CAPTIONS_META = """source: cstd-captions.vtt
meeting: meeting-2010-12-cstd
title: Invented captions of the CSTD consultation
date: 2010-12-17
place: Geneva
convened_by: cstd
"""

#: IGF-style real-time captions: a role, a person of the records, a generic label, an unnamed
#: speaker change, an invented person, a stage note.
BRIEFING_TXT = """>> MODERATOR: Good afternoon, everyone, and welcome to this invented session.
We will hear two short statements before the discussion.
>> JIMSON OLUFUYE: Thank you, moderator. The sounding board met twice this month.
Our notes are on the shared drive.
>> PARTICIPANT: Could you say more about the schedule?
>> Yes. The next meeting is on Thursday.
>> ORSOLYA PENTEK: An invented speaker with an invented comment on the schedule.
(Applause)
>> MODERATOR: Thank you all.
"""

BRIEFING_META = """source: briefing-captions.txt
meeting: meeting-2025-11-imsb-briefing
title: Invented captions of the IMSB briefing
date: 2025-11
"""


@pytest.fixture(scope="module")
def records() -> RecordSet:
    return read_records(settings.records_dir(), settings.sources_dir())


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def captions(tmp_path: Path) -> Path:
    return write(
        tmp_path / "transcripts", {"cstd-captions.vtt": CAPTIONS_VTT, "cstd-captions.meta.yaml": CAPTIONS_META}
    )


@pytest.fixture
def quads(records: RecordSet, captions: Path) -> QuadSet:
    return transcripts_to_quads(records, captions)


GRAPH = terms.source("cstd-captions.vtt")


def turn(n: int) -> NamedNode:
    return terms.thing(f"{CSTD}-cstd-captions-vtt-turn-{n}")


def objects(quads: QuadSet, subject: NamedNode, prop: str) -> list[object]:
    pred = terms.RDF_TYPE if prop == "a" else terms.predicate(prop)
    return sorted((q.object for q in quads if q.subject == subject and q.predicate == pred), key=str)


def value(quads: QuadSet, subject: NamedNode, prop: str) -> str | None:
    found = objects(quads, subject, prop)
    assert len(found) <= 1, found
    return getattr(found[0], "value", None) if found else None


def citation(quads: QuadSet, subject: NamedNode) -> NamedNode:
    (node,) = objects(quads, subject, "evidence")
    assert isinstance(node, NamedNode)
    return node


# --- the folder -------------------------------------------------------------------------------


def test_no_folder_or_no_metadata_means_no_quads(records: RecordSet, tmp_path: Path) -> None:
    assert len(transcripts_to_quads(records, tmp_path / "absent")) == 0
    folder = write(tmp_path / "t", {"notes.txt": "Chair\nWelcome.\n", "README.md": "# transcripts\n"})
    skipped: list[str] = []
    assert len(transcripts_to_quads(records, folder, skipped.append)) == 0
    assert [m.split(":")[0] for m in skipped] == ["skipping README.md", "skipping notes.txt"]


def test_the_default_folder_is_in_the_data_and_the_environment_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IGKG_TRANSCRIPTS_DIR", raising=False)
    assert settings.transcripts_dir() == settings.data_dir() / "transcripts"
    monkeypatch.setenv("IGKG_TRANSCRIPTS_DIR", str(tmp_path))
    assert settings.transcripts_dir() == tmp_path


def test_metadata_pairs_by_file_name_or_stem_as_ingest_meeting_does(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "t",
        {
            "a.vtt": "",
            "a.vtt.meta.yaml": "",
            "b.txt": "",
            "b.meta.yaml": "",
            "b.overlay.yaml": "",
            "c.srt": "",
            ".hidden.txt": "",
        },
    )
    pairs, bare = find_transcripts(folder)
    assert [(p.name, m.name) for p, m in pairs] == [("a.vtt", "a.vtt.meta.yaml"), ("b.txt", "b.meta.yaml")]
    assert [p.name for p in bare] == ["c.srt"]


def test_a_metadata_file_without_its_transcript_is_refused_at_its_source_line(tmp_path: Path) -> None:
    folder = write(tmp_path / "t", {"gone.meta.yaml": CAPTIONS_META.replace("cstd-captions.vtt", "gone.vtt")})
    with pytest.raises(SourceError) as exc:
        find_transcripts(folder)
    assert str(exc.value).startswith(f"{folder / 'gone.meta.yaml'}:1: field 'source': 'gone.vtt' is not a file of")


# --- what a transcript becomes ----------------------------------------------------------------


def test_one_intervention_per_turn_in_the_sources_graph(quads: QuadSet) -> None:
    interventions = {q.subject for q in quads if q.object == terms.igkg("Intervention")}
    assert interventions == {turn(n) for n in (1, 2, 3, 4)}
    assert {q.graph_name for q in quads if q.subject in interventions and q.graph_name != DERIVED} == {GRAPH}
    assert [value(quads, turn(n), "order") for n in (1, 2, 3, 4)] == ["1", "2", "3", "4"]
    assert all(objects(quads, turn(n), "inMeeting") == [terms.thing(CSTD)] for n in (1, 2, 3, 4))
    assert [value(quads, turn(n), "speakerAsWritten") for n in (1, 2, 3, 4)] == [
        "Chair",
        "Brazil",
        "Ilse Varga",
        "Chair",
    ]
    assert value(quads, turn(2), "timeMark") == "00:00:09.000"


def test_a_speaker_is_named_only_when_resolved(quads: QuadSet) -> None:
    # "Chair" through the meeting's chairing facts (a role), "Brazil" by the delegation's name;
    # the invented person keeps only the label as written.
    assert value(quads, turn(1), "speaker") == terms.thing("cstd-chair").value
    assert value(quads, turn(2), "speaker") == terms.thing("brazil").value
    assert value(quads, turn(3), "speaker") is None


def test_each_turn_cites_its_lines_with_the_first_words_of_its_header_line(quads: QuadSet) -> None:
    first = citation(quads, turn(1))
    assert (value(quads, first, "lineStart"), value(quads, first, "lineEnd")) == ("4", "7")
    assert value(quads, first, "inSource") == GRAPH.value
    assert value(quads, first, "quote") == "<v Chair>Good morning, colleagues. We resume our consultation."
    long = value(quads, citation(quads, turn(3)), "quote")
    assert long is not None and long.endswith(" …") and len(long.split()) == QUOTE_WORDS + 1
    assert (value(quads, citation(quads, turn(3)), "lineStart"), value(quads, citation(quads, turn(3)), "lineEnd")) == (
        "13",
        "13",
    )


def test_each_citation_names_the_facts_of_its_turn_it_supports(quads: QuadSet) -> None:
    """Evidence names what it proves (README, "Evidence"): the turn's lines support each of its
    facts (the speaker only where one was resolved), and nothing it does not have."""
    for n in (1, 2, 3, 4):
        facts = {q.predicate for q in quads if q.subject == turn(n) and q.graph_name == GRAPH}
        facts -= {terms.RDF_TYPE, terms.igkg("evidence")}
        supported = set(objects(quads, citation(quads, turn(n)), "supportsProperty"))
        assert supported == facts, n
        assert (terms.predicate("speaker") in supported) is (n != 3), n


def test_quotes_are_in_the_cited_lines(quads: QuadSet, captions: Path) -> None:
    source = read_source_file(captions / "cstd-captions.vtt")
    for node in {q.subject for q in quads if q.object == terms.igkg("Citation")}:
        start, end, quote = (value(quads, node, p) for p in ("lineStart", "lineEnd", "quote"))
        assert start and end and quote
        assert source.contains(int(start), int(end), quote), (start, quote)


def test_the_source_is_described_as_the_other_transcripts_are(quads: QuadSet, captions: Path) -> None:
    source = read_source_file(captions / "cstd-captions.vtt")
    assert objects(quads, GRAPH, "a") == [terms.igkg("Transcript")]
    assert objects(quads, GRAPH, "title") == [terms.english("Invented captions of the CSTD consultation")]
    assert value(quads, GRAPH, "sourceDate") == "2010-12-17"
    assert value(quads, GRAPH, "fileName") == "cstd-captions.vtt"
    assert value(quads, GRAPH, "lineCount") == str(source.line_count)
    assert value(quads, GRAPH, "sha256") == source.sha256
    assert "webvtt" in str(value(quads, GRAPH, "description"))
    assert Quad(GRAPH, terms.igkg("linesUsed"), Literal("4-7, 10, 13, 16"), DERIVED) in quads
    labels = objects(quads, turn(3), "label")
    assert [str(getattr(label, "value", "")).endswith("turn 3: Ilse Varga") for label in labels] == [True]


def test_the_vocabulary_is_the_record_loaders(quads: QuadSet, records: RecordSet) -> None:
    """A transcript's turn says nothing a curated turn of the seeds could not say."""
    emitter = Emitter(records, {})
    for record in records.of_kind("interventions"):
        emitter.record(record)
    curated = {q.predicate for q in emitter.quads}
    new = {q.predicate for q in quads if q.graph_name == GRAPH and q.subject != GRAPH}
    assert new <= curated, new - curated


def test_generic_labels_and_unnamed_turns_name_nobody(records: RecordSet, tmp_path: Path) -> None:
    folder = write(
        tmp_path / "t", {"briefing-captions.txt": BRIEFING_TXT, "briefing-captions.meta.yaml": BRIEFING_META}
    )
    quads = transcripts_to_quads(records, folder)

    def at(n: int) -> NamedNode:
        return terms.thing(f"{BRIEFING}-briefing-captions-txt-turn-{n}")

    written = [value(quads, at(n), "speakerAsWritten") for n in range(1, 7)]
    assert written == ["MODERATOR", "JIMSON OLUFUYE", "PARTICIPANT", None, "ORSOLYA PENTEK", "MODERATOR"]
    speakers = [value(quads, at(n), "speaker") for n in range(1, 7)]
    assert speakers == [None, terms.thing("jimson-olufuye").value, None, None, None, None]
    # The unnamed change of speaker is still a turn, citing its line.
    assert value(quads, citation(quads, at(4)), "quote") == ">> Yes. The next meeting is on Thursday."


def test_a_page_is_quoted_by_its_text_without_markup(records: RecordSet, tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html>\n<html><head><title>Invented captions</title></head>\n<body>\n"
        + "".join(f"<p>{line.replace('>>', '&gt;&gt;')}</p>\n" for line in BRIEFING_TXT.splitlines()[:5])
        + "</body></html>\n"
    )
    meta = BRIEFING_META.replace("briefing-captions.txt", "briefing.html")
    quads = transcripts_to_quads(records, write(tmp_path / "t", {"briefing.html": page, "briefing.meta.yaml": meta}))
    first = citation(quads, terms.thing(f"{BRIEFING}-briefing-html-turn-1"))
    assert value(quads, first, "lineStart") == "4", "the line of the page, as the user's file numbers it"
    assert value(quads, first, "quote") == (
        ">> MODERATOR: Good afternoon, everyone, and welcome to this invented session."
    )


# --- refusals ---------------------------------------------------------------------------------


def refused(records: RecordSet, folder: Path) -> str:
    with pytest.raises(SourceError) as exc:
        transcripts_to_quads(records, folder)
    return str(exc.value)


@pytest.mark.parametrize(
    ("meeting", "why"),
    [
        ("meeting-1999-nowhere", "'meeting-1999-nowhere' is no record"),
        ("cstd", "'cstd' is a bodies record"),
    ],
)
def test_a_meeting_that_is_no_curated_meeting_is_refused_at_its_line(
    records: RecordSet, captions: Path, meeting: str, why: str
) -> None:
    meta = captions / "cstd-captions.meta.yaml"
    meta.write_text(CAPTIONS_META.replace(CSTD, meeting), encoding="utf-8")
    assert refused(records, captions).startswith(f"{meta}:2: field 'meeting': {why}; a transcript is loaded into")


def test_a_date_outside_the_meetings_days_is_refused(records: RecordSet, captions: Path) -> None:
    meta = captions / "cstd-captions.meta.yaml"
    meta.write_text(CAPTIONS_META.replace("2010-12-17", "2011-03"), encoding="utf-8")
    assert refused(records, captions).startswith(f"{meta}:4: field 'date': says 2011-03 but meeting {CSTD!r}")


def test_a_speakers_entry_must_name_an_agent(records: RecordSet, captions: Path) -> None:
    meta = captions / "cstd-captions.meta.yaml"
    meta.write_text(CAPTIONS_META + "speakers:\n  Chair: tunis-agenda\n", encoding="utf-8")
    assert refused(records, captions).startswith(f"{meta}:7: field 'speakers': 'Chair' -> 'tunis-agenda'")


#: Invented notes of the CSTD consultation: an inline answer of the Chair that rules read as
#: speech (line 6), a country named inside a sentence that rules read as a label (line 10), and
#: a break with a remark after it that no one is named for (line 16).
NOTES_TXT = """Chair
We open the consultation and give the floor to Brazil.

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
NOTES_META = CAPTIONS_META.replace("cstd-captions.vtt", "cstd-notes.txt") + "style: notes\n"


def test_per_line_corrections_apply_as_in_the_seed_extraction(records: RecordSet, tmp_path: Path) -> None:
    corrections = "turns:\n  6: the Chair answers Brazil inline\nnot_turns:\n  10: Peru is named in India's sentence\n"
    folder = write(tmp_path / "t", {"cstd-notes.txt": NOTES_TXT, "cstd-notes.meta.yaml": NOTES_META + corrections})
    quads = transcripts_to_quads(records, folder)

    def at(n: int) -> NamedNode:
        return terms.thing(f"{CSTD}-cstd-notes-txt-turn-{n}")

    written = [value(quads, at(n), "speakerAsWritten") for n in range(1, 6)]
    assert written == ["Chair", "Brazil", "Chair", "India", "Chile"]
    spans = [tuple(value(quads, citation(quads, at(n)), p) for p in ("lineStart", "lineEnd")) for n in range(1, 6)]
    # India's turn holds line 10 again, and ends at the break: the remark after it is nobody's.
    assert spans == [("1", "2"), ("4", "5"), ("6", "6"), ("8", "11"), ("18", "19")]
    assert value(quads, at(3), "speaker") == terms.thing("cstd-chair").value


def test_fields_of_the_seed_extraction_only_are_refused_rather_than_ignored(records: RecordSet, captions: Path) -> None:
    meta = captions / "cstd-captions.meta.yaml"
    meta.write_text(CAPTIONS_META + "day_parts:\n  1: morning\n", encoding="utf-8")
    assert refused(records, captions).startswith(f"{meta}:7: field 'day_parts': the transcript loader")


def test_metadata_that_the_transcript_contradicts_is_refused(records: RecordSet, captions: Path) -> None:
    meta = captions / "cstd-captions.meta.yaml"
    meta.write_text(CAPTIONS_META + "style: notes\n", encoding="utf-8")
    assert refused(records, captions).startswith(f"{meta}:7: field 'style': says 'notes'")


def test_a_curated_source_or_an_unsafe_name_is_refused(records: RecordSet, tmp_path: Path) -> None:
    seed = write(tmp_path / "a", {"004_bf564407ef9a5607.txt": CAPTIONS_VTT, "004_bf564407ef9a5607.meta.yaml": ""})
    assert "is a curated source already" in refused(records, seed)
    spaced = write(
        tmp_path / "b",
        {"cstd captions.vtt": CAPTIONS_VTT, "cstd captions.meta.yaml": CAPTIONS_META.replace("-captions", " captions")},
    )
    assert "use only letters, digits" in refused(records, spaced)


def test_a_transcript_no_reader_can_read_is_refused(records: RecordSet, tmp_path: Path) -> None:
    folder = write(
        tmp_path / "t",
        {
            "plain.txt": "The meeting discussed the working group at length.\nNo one is named here.\n",
            "plain.meta.yaml": CAPTIONS_META.replace("cstd-captions.vtt", "plain.txt"),
        },
    )
    assert "no reader finds a speaker turn" in refused(records, folder)


# --- a transcript too large to read whole -----------------------------------------------------

#: Limits under which a file of some 30 KB is "large": read as a stream in windows of 4,000
#: characters, as igkg reads a file over 8 MB in windows of 2,000,000.
SMALL = Limits(above_bytes=1_000, window_chars=4_000)


def long_captions(turns: int) -> str:
    """Invented IGF captions of a long session: speakers in rotation (a person of the records,
    invented people, a role, a generic label, unnamed changes of speaker), stage notes, a lunch
    break then a time mark in the middle, and an inline answer of the moderator that the rules
    read as speech."""
    speakers = ("MODERATOR", "JIMSON OLUFUYE", "ORSOLYA PENTEK", "PARTICIPANT", "", "KALMAN VIRTANEN-OYELARAN")
    lines: list[str] = []
    for n in range(turns):
        who = speakers[n % len(speakers)]
        remark = f"Invented remark {n} about the schedule, the notes and the next two meetings of the group."
        lines.append(f">> {who}: {remark}" if who else f">> Yes, {n}.")
        lines.append("A second line of the same invented remark.")
        if n % 7 == 3:
            lines += ["(Applause)", ""]
        if n == turns // 2:
            lines += ["", "[LUNCH BREAK]", "", "14:05", ""]
        if n == turns // 3:
            lines.append("Moderator – thank you, we move to the next item.")
    return "\n".join(lines) + "\n"


def without_description(quads: QuadSet) -> set[Quad]:
    """The quads but the source's description, which says how sure detection was: a stream's
    detection reads its first window only."""
    return {q for q in quads if q.predicate != terms.predicate("description")}


def test_a_transcript_over_the_streaming_threshold_gives_the_quads_of_one_read_whole(
    records: RecordSet, tmp_path: Path
) -> None:
    text = long_captions(300)
    numbered = text.splitlines()
    inline = numbered.index("Moderator – thank you, we move to the next item.") + 1
    participant = next(n for n, line in enumerate(numbered, 1) if line.startswith(">> PARTICIPANT:") and n > 400)
    corrections = f"turns:\n  {inline}: the moderator answers inline\nnot_turns:\n  {participant}: for the test\n"
    meta = BRIEFING_META.replace("briefing-captions.txt", "long.txt") + corrections
    folder = write(tmp_path / "t", {"long.txt": text, "long.meta.yaml": meta})
    assert len(text.encode()) > 8 * SMALL.window_chars, "a file of several windows"

    whole, streamed = transcripts_to_quads(records, folder), transcripts_to_quads(records, folder, limits=SMALL)
    assert without_description(streamed) == without_description(whole)
    # The corrections did apply: the inline answer is a turn, the participant's header is none.
    written = terms.predicate("speakerAsWritten")
    turns = [(q.subject, q.object) for q in streamed if q.predicate == written and isinstance(q.subject, NamedNode)]
    starts = {
        (value(streamed, citation(streamed, node), "lineStart"), getattr(label, "value", "")) for node, label in turns
    }
    assert (str(inline), "Moderator") in starts and (str(participant), "PARTICIPANT") not in starts
    assert QUOTE_WORDS < HEAD_WORDS, "a stream keeps more of a header line than a citation quotes"
    found = transcript_records(records, folder / "long.txt", folder / "long.meta.yaml", SMALL)
    assert isinstance(found.file, StreamedSource), "its lines are counted, not kept"
    source = read_source_file(folder / "long.txt")
    assert (found.file.line_count, found.file.sha256) == (source.line_count, source.sha256)
    assert found.file.lines[inline - 1] == numbered[inline - 1], "a line asked for is read then"


def test_a_correction_past_the_end_of_a_large_transcript_is_refused_at_its_field(
    records: RecordSet, tmp_path: Path
) -> None:
    meta = BRIEFING_META.replace("briefing-captions.txt", "long.txt") + "turns:\n  99999: no such line\n"
    folder = write(tmp_path / "t", {"long.txt": long_captions(100), "long.meta.yaml": meta})
    with pytest.raises(SourceError, match=r"field 'turns': line 99999 is past the end of long\.txt"):
        transcripts_to_quads(records, folder, limits=SMALL)


# --- end to end: igkg build --transcripts, then igkg query interventions ----------------------


@dataclass(frozen=True)
class Built:
    """One ``igkg build --transcripts`` of a folder holding two invented transcripts."""

    transcripts: Path
    out: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = write(
        tmp_path_factory.mktemp("transcripts"),
        {
            "cstd-captions.vtt": CAPTIONS_VTT,
            "cstd-captions.meta.yaml": CAPTIONS_META,
            "briefing-captions.txt": BRIEFING_TXT,
            "briefing-captions.meta.yaml": BRIEFING_META,
        },
    )
    out = tmp_path_factory.mktemp("igkg") / "build"
    done = Cli()("build", "--out", str(out), "--transcripts", str(folder))
    assert done.exit_code == 0, done.output
    assert "validation: conforms" in done.stdout
    return Built(folder, out)


def rows(cli: Cli, store: Path, source: str) -> list[tuple[str, str, str | None, str, str]]:
    """The interventions of the CSTD meeting read from ``source``: order, speaker as written,
    speaker id, first and last line."""
    done = cli("query", "interventions", "--param", f"id={CSTD}", "--format", "json", "--store", str(store))
    assert done.exit_code == 0, done.output
    found = [{k: v["value"] for k, v in b.items()} for b in json.loads(done.stdout)["results"]["bindings"]]
    return [
        (r["order"], r["speaker"], r.get("speaker_id"), r["line_start"], r["line_end"])
        for r in found
        if r["source"] == source
    ]


def test_build_loads_the_transcripts_and_query_answers_their_turns(cli: Cli, built: Built) -> None:
    report = (built.out / "validation.txt").read_text(encoding="utf-8")
    assert report.startswith("igkg validation: conforms — 0 violations")
    assert rows(cli, built.out / "store", "cstd-captions.vtt") == [
        ("1", "Chair", "cstd-chair", "4", "7"),
        ("2", "Brazil", "brazil", "10", "10"),
        ("3", "Ilse Varga", None, "13", "13"),
        ("4", "Chair", "cstd-chair", "16", "16"),
    ]
    assert len(rows(cli, built.out / "store", "004_bf564407ef9a5607.txt")) == 179, "the seed's turns are untouched"


def test_build_refuses_metadata_naming_an_unknown_meeting_and_writes_nothing(
    cli: Cli, built: Built, tmp_path: Path
) -> None:
    folder = write(tmp_path / "t", {p.name: p.read_text(encoding="utf-8") for p in built.transcripts.iterdir()})
    meta = folder / "briefing-captions.meta.yaml"
    meta.write_text(BRIEFING_META.replace(BRIEFING, "meeting-2099-unknown"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in built.out.iterdir() if p.is_file()}
    failed = cli("build", "--out", str(built.out), "--transcripts", str(folder))
    assert failed.exit_code == 2
    assert f"{meta}:2: field 'meeting': 'meeting-2099-unknown' is no record" in failed.stderr
    assert "Traceback" not in failed.output
    assert {p.name: p.read_bytes() for p in built.out.iterdir() if p.is_file()} == before
    fresh = tmp_path / "fresh"
    assert cli("build", "--out", str(fresh), "--transcripts", str(folder)).exit_code == 2
    assert not fresh.exists()
