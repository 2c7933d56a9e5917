"""``igkg ingest-meeting`` on transcripts of any format: a summary for people, a JSON contract for
machines, a folder at once, and bad input refused by name with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from kg.core import settings
from tests.conftest import REPO, Cli

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"
#: Invented captions in the IGF's real-time captions convention.
IGF = """RAW FILE
>> MODERATOR: Good morning and welcome to this session.
>> JANE EXAMPLE: Thank you. I want to start with data.
Another line of speech.
>> Thank you, Jane.
>> PARTICIPANT: A question from the floor.
"""
VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Ann Sample: Hello everyone.

2
00:00:04.500 --> 00:00:06.000
Ann Sample: Let us begin.

3
00:00:06.500 --> 00:00:09.000
Bo Person: Thanks, Ann.
"""


def test_json_for_one_file_is_an_object_whose_turns_carry_line_label_speaker_how(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(VTT, encoding="utf-8")
    result = cli("ingest-meeting", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["reader"] == "webvtt"
    assert [(t["line"], t["label"], t["speaker"], t["how"]) for t in doc["turns"]] == [
        (5, "Ann Sample", None, "unresolved"),
        (13, "Bo Person", None, "unresolved"),
    ]
    assert {u["label"] for u in doc["unresolved"]} == {"Ann Sample", "Bo Person"}


def test_a_folder_in_mixed_formats_reads_every_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.vtt").write_text(VTT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(IGF, encoding="utf-8")
    result = cli("ingest-meeting", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert [(Path(d["file"]).name, d["reader"], len(d["turns"])) for d in docs] == [
        ("a.vtt", "webvtt", 2),
        ("b.txt", "igf", 4),
    ]


def test_the_summary_names_the_format_the_turns_and_what_stayed_unresolved(cli: Cli) -> None:
    result = cli("ingest-meeting", str(settings.sources_dir() / "004_bf564407ef9a5607.txt"))
    assert result.exit_code == 0, result.output
    assert "004_bf564407ef9a5607.txt: notes (" in result.stdout and " turns, " in result.stdout


def test_with_metadata_the_meetings_roles_resolve_and_no_name_is_wrong(cli: Cli) -> None:
    stem = "004_bf564407ef9a5607"
    meta = settings.data_dir() / "meetings" / f"{stem}.meta.yaml"
    result = cli("ingest-meeting", str(settings.sources_dir() / f"{stem}.txt"), "--meta", str(meta), "--format", "json")
    assert result.exit_code == 0, result.output
    turns = json.loads(result.stdout)["turns"]
    chair = [t for t in turns if t["label"] == "Chair"]
    assert chair and all(t["speaker"] == "cstd-chair" and t["how"] in ("alias", "role") for t in chair)
    curated = _curated_speakers(stem)
    assert len(curated) > 150
    compared = [t for t in turns if t["speaker"] and t["line"] in curated]
    wrong = [(t["line"], t["label"], t["speaker"]) for t in compared if curated[t["line"]] != t["speaker"]]
    assert wrong == [] and len(compared) > 150


def _curated_speakers(stem: str) -> dict[int, str]:
    """Header line -> speaker slug, from the curated extraction (kg/data/records/meetings)."""
    from kg.core.yamlnodes import read_yaml_file, to_plain

    doc = to_plain(read_yaml_file(settings.records_dir() / "meetings" / f"{stem}.yaml"))  # type: ignore[arg-type]
    assert isinstance(doc, dict)
    found: dict[int, str] = {}
    for record in doc.get("interventions", []):
        speaker = record.get("speaker")
        cited = record.get("sources") or [{}]
        if speaker and "lines" in cited[0]:
            found[int(str(cited[0]["lines"]).split("-")[0])] = speaker
    return found


def test_bad_input_is_refused_by_name_with_exit_2_and_nothing_written(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "good.vtt"
    good.write_text(VTT, encoding="utf-8")
    out = tmp_path / "out"
    cases = {
        "empty.txt": b"",
        "binary.bin": bytes(range(256)) * 20,
        "bomb.xml": (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<TEI><text><body><u who="#a">&lol2;</u></body></text></TEI>'
        ),
    }
    for name, data in cases.items():
        bad = tmp_path / name
        bad.write_bytes(data)
        result = cli("ingest-meeting", str(good), str(bad), "--out", str(out))
        if name == "bomb.xml":  # refused as unsafe by the TEI reader: read, but with no turn from it
            assert result.exit_code == 0 and "bomb.xml" in result.output
            continue
        assert result.exit_code == 2, (name, result.output)
        assert str(bad) in result.output and "Traceback" not in result.output
        assert not out.exists()


def test_a_forced_reader_that_does_not_fit_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(VTT, encoding="utf-8")
    result = cli("ingest-meeting", str(path), "--reader", "tei")
    assert result.exit_code == 2
    assert f"{path}: --reader tei does not fit this file" in result.output and "webvtt 0.9" in result.output
    unknown = cli("ingest-meeting", str(path), "--reader", "nope")
    assert unknown.exit_code == 2 and "the readers are: webvtt, srt" in unknown.output


def test_utf16_and_cp1252_transcripts_read_like_utf8(cli: Cli, tmp_path: Path) -> None:
    for encoding in ("utf-16", "cp1252"):
        path = tmp_path / f"{encoding}.vtt"
        path.write_bytes(VTT.replace("Bo Person", "Bö Persön").encode(encoding))
        result = cli("ingest-meeting", str(path), "--format", "json")
        assert result.exit_code == 0, result.output
        assert [t["label"] for t in json.loads(result.stdout)["turns"]] == ["Ann Sample", "Bö Persön"]


def test_metadata_that_contradicts_the_transcript_is_refused_with_its_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(VTT, encoding="utf-8")
    out = tmp_path / "out"
    for field, value in (("source", "other.vtt"), ("style", "notes")):
        meta = tmp_path / "call.meta.yaml"
        fields = {"source": "call.vtt", "meeting": "meeting-2010-12-cstd", "title": "t", "date": "2010-12-17"}
        fields[field] = value
        meta.write_text("".join(f"{k}: {v}\n" for k, v in fields.items()), encoding="utf-8")
        result = cli("ingest-meeting", str(path), "--meta", str(meta), "--out", str(out))
        assert result.exit_code == 2, result.output
        assert f"{meta}:" in result.output and f"field '{field}'" in result.output
        assert not out.exists()


def _whole_json(doc: object) -> str:
    """The JSON of a document built whole in memory, as igkg wrote it before it wrote turns one by one."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def test_json_is_written_turn_by_turn_in_the_same_bytes_as_the_whole_document(cli: Cli, tmp_path: Path) -> None:
    from kg.meetings.transcripts.ingest import ingest

    cues = "".join(
        f"{n}\n00:00:{n % 60:02d}.000 --> 00:00:{n % 60:02d}.500\n{('Zoë Ångström', 'Bo Person')[n % 2]}: point {n}\n\n"
        for n in range(1, 400)
    )
    calls = {"call.vtt": "WEBVTT\n\n" + cues, "captions.txt": IGF}
    for name, text in calls.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    single = tmp_path / "call.vtt"
    one = cli("ingest-meeting", str(single), "--format", "json")
    assert one.exit_code == 0, one.output
    assert one.stdout == _whole_json(ingest(single).as_json())
    both = cli("ingest-meeting", str(tmp_path), "--format", "json")
    assert both.exit_code == 0, both.output
    assert both.stdout == _whole_json([ingest(tmp_path / name).as_json() for name in sorted(calls)])
    out = tmp_path / "out"
    written = cli("ingest-meeting", str(single), "--format", "json", "--out", str(out))
    assert written.exit_code == 0 and written.stdout == ""
    assert (out / "call.turns.json").read_text(encoding="utf-8") == one.stdout
    assert sorted(p.name for p in out.iterdir()) == ["call.turns.json"], "no temporary file is left"
