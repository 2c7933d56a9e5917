"""Synthetic meeting transcripts for the ingestion benchmark (benchmarks/transcripts.py).

Each generated file is written in one of the conventions the transcript readers cover
(kg/meetings/transcripts/readers/), with INVENTED names and speech made of random words from a
small built-in vocabulary: no text of the development corpus or of any published transcript is
used. A file knows its own turns: the generator records the 1-based line of every turn's header
(one header line = one turn; for cue formats, a run of one speaker's cues is one turn, its header
on the first cue's text line), so that the benchmark can check what ingestion found against it.

The same seed gives the same files, byte for byte.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Invented given names and family names: combined at random, they name no one we know of.
_GIVEN = _words(
    "Amara Tomasz Orla Kestrel Ines Lior Marit Oskar Zadie Teodor Ilse Rafe Nadia Bodil Casimir Elowen "
    "Faro Greta Halvard Ysolde Pim Rosalind Anouk Brannoc Deveny Ottilie Severin Tamsin Wendeline Yarrow"
)
_FAMILY = _words(
    "Fenwick Vellacott Ashgrove Quillfeather Montrose Brandvik Tallowmere Renwick Dunmore Harrowgate "
    "Pennick Larkspur Merriwether Oakhurst Thistlewood Corrigal Selbourne Marrowby Kettleby Wyndhollow "
    "Greyhallow Orchardine Fallowmere Stonebridge Lindqvale Brackenfield Hollowell Ravenscroft"
)
#: Real country names: UN verbatim records and UN Web TV labels name delegations by country.
_COUNTRIES = (
    "Kenya",
    "Chile",
    "Norway",
    "Japan",
    "Ghana",
    "Peru",
    "Finland",
    "Senegal",
    "Uruguay",
    "Portugal",
    "Mongolia",
    "Tunisia",
    "Canada",
    "Fiji",
    "Nepal",
)
_BODIES = ("Lantern Council", "Valley Assembly", "Office of Wicks", "LWG", "Riverside Forum")
_ROLES = ("Co-Chair", "Director", "Moderator", "Rapporteur", "Panellist")
#: Lower-case words only, none of them a post, an honorific or a format's keyword, so that no
#: speech line can look like a header.
_WORDS = _words(
    "access network policy capacity local digital community proposal review budget draft partners "
    "regional open data lanterns libraries valley rural schools connection cost training standards "
    "support shared plan measure report progress question answer point issue work group paper "
    "second first next year month week goal target public private sector users rights safety "
    "research funding deploy build improve agree consider welcome suggest note recall propose "
    "should could would must will can we they it this that these our their more less many few "
    "very also still only already again together across within between through over under"
)


@dataclass(frozen=True)
class Person:
    """A generated speaker: an invented name, an honorific, and what labels may add to it."""

    given: str
    family: str
    honorific: str
    country: str
    body: str
    role: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass(frozen=True)
class Generated:
    """One generated file and what it holds: the reader that should claim it, and its turns."""

    name: str
    fmt: str
    reader: str
    lines: int
    headers: tuple[int, ...]  # 1-based header line of every turn, in order


@dataclass
class _Doc:
    """Lines being written, and the header line of each turn as it is written."""

    lines: list[str] = field(default_factory=list)
    headers: list[int] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def head(self, line: str) -> None:
        self.headers.append(len(self.lines) + 1)
        self.lines.append(line)


class _Source:
    """The random choices of one file: its cast, who speaks next, and what they say."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.clock = rng.randint(0, 300)  # seconds since the recording started
        names = rng.sample([(g, f) for g in _GIVEN for f in _FAMILY], rng.randint(4, 8))
        self.cast = [
            Person(g, f, rng.choice(("Mr.", "Ms.")), rng.choice(_COUNTRIES), rng.choice(_BODIES), rng.choice(_ROLES))
            for g, f in names
        ]
        self._last: Person | None = None

    def speaker(self) -> Person:
        """The next speaker: never the one who just spoke, so that every turn is a change."""
        choice = self.rng.choice([p for p in self.cast if p is not self._last])
        self._last = choice
        return choice

    def words(self, low: int = 7, high: int = 13) -> str:
        return " ".join(self.rng.choices(_WORDS, k=self.rng.randint(low, high)))

    def sentence(self) -> str:
        text = self.words()
        return text[0].upper() + text[1:] + self.rng.choice((".", ".", ".", "?"))

    def paragraph(self) -> list[str]:
        """One to four wrapped lines of speech: a sentence broken over lines, as captions and PDFs
        break it."""
        lines = [self.words() for _ in range(self.rng.randint(0, 3))] + [self.words() + "."]
        lines[0] = lines[0][0].upper() + lines[0][1:]
        return lines

    def anyone_next(self) -> None:
        """After a chair's turn, any delegate may speak next."""
        self._last = None

    def tick(self) -> int:
        self.clock += self.rng.randint(2, 40)
        return self.clock


def _clock(seconds: int, cue: bool = False, comma: bool = False) -> str:
    """``00:03:21.000`` (WebVTT), ``00:03:21,000`` (SRT), else ``3:21`` / ``1:03:21``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if cue:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}{',' if comma else '.'}000"
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _cues(src: _Source, target: int, comma: bool) -> _Doc:
    """WebVTT (Zoom: every cue names its speaker) or SRT (the first cue of a turn names it)."""
    doc = _Doc()
    if not comma:
        doc.add("WEBVTT", "")
    number = 0
    while len(doc.lines) < target:
        person = src.speaker()
        for cue in range(src.rng.randint(1, 4)):
            number += 1
            start = src.tick()
            doc.add(str(number), f"{_clock(start, True, comma)} --> {_clock(start + 2, True, comma)}")
            text = src.sentence()
            if cue == 0:
                doc.head(f"{person.name}: {text}")
            else:
                doc.add(text if comma else f"{person.name}: {text}")
            doc.add("")
    return doc


def _webvtt(src: _Source, target: int) -> _Doc:
    return _cues(src, target, comma=False)


def _srt(src: _Source, target: int) -> _Doc:
    return _cues(src, target, comma=True)


def _paragraphs(src: _Source, doc: _Doc, low: int, high: int) -> None:
    """Speech paragraphs below a label line, each followed by a blank line."""
    for _ in range(src.rng.randint(low, high)):
        doc.add(*src.paragraph(), "")


def _markdown_timed(src: _Source, target: int) -> _Doc:
    """``**Name MM:SS**`` alone on a line, the speech below (an Otter export pasted into Markdown)."""
    doc = _Doc()
    doc.add(f"# Lantern working group call {src.rng.randint(1, 200)}", "")
    while len(doc.lines) < target:
        doc.head(f"**{src.speaker().name} {_clock(src.tick())}**")
        doc.add("")
        _paragraphs(src, doc, 1, 3)
    return doc


def _markdown_inline(src: _Source, target: int) -> _Doc:
    """``**Name:** speech`` (CART captions turned into Markdown), sometimes more paragraphs after."""
    doc = _Doc()
    doc.add("# Valley meetup: a panel on lanterns", "", "-----")
    while len(doc.lines) < target:
        doc.head(f"**{src.speaker().name}:** {src.sentence()}")
        doc.add("")
        _paragraphs(src, doc, 0, 2)
    return doc


def _markdown_pipe(src: _Source, target: int) -> _Doc:
    """``**Body | Name | Role**`` or ``**Country | Representative**`` alone between blank lines
    (UN Web TV transcripts), one sentence per paragraph."""
    doc = _Doc()
    doc.add(f"# Session {src.rng.randint(1, 9)} | Lantern review - Panel and questions (Mar 3, 2031)", "")
    while len(doc.lines) < target:
        person = src.speaker()
        if src.rng.random() < 0.3:
            doc.head(f"**{person.country} | Representative**")
        else:
            doc.head(f"**{person.body} | {person.name} | {person.role}**")
        doc.add("")
        for _ in range(src.rng.randint(1, 4)):
            doc.add(src.sentence(), "")
    return doc


_IGF_PREAMBLE = (
    "RAW FILE",
    "IGF 2031 - DAY 2 - WORKSHOP ROOM 7 - WS #412 Lanterns and the Last Mile",
    "TUESDAY, 14 OCTOBER 2031",
    "10:30 CET",
    "",
    "This text, document, or file is based on live transcription. Communication",
    "Access Realtime Translation (CART), captioning, and/or live transcription are",
    "provided in order to facilitate communication accessibility and may not be a",
    "totally verbatim record of the proceedings.",
    "",
    "***",
    "",
)


def _igf(src: _Source, target: int) -> _Doc:
    """IGF real-time captions: ``>> NAME:  speech``, continuation lines, a few bare ``>>`` changes."""
    doc = _Doc()
    doc.add(*_IGF_PREAMBLE)
    while len(doc.lines) < target:
        if src.rng.random() < 0.05:
            doc.head(f">> {src.sentence()}")  # an unnamed speaker change: still a turn
        else:
            doc.head(f">> {src.speaker().name.upper()}:  {src.sentence()}")
        doc.add(*src.paragraph())
    return doc


def _otter(src: _Source, target: int) -> _Doc:
    """Otter export: ``Name  0:04`` (two spaces, a time) on its own line, the speech below."""
    doc = _Doc()
    while len(doc.lines) < target:
        doc.head(f"{src.speaker().name}  {_clock(src.tick())}")
        doc.add(*src.paragraph(), "")
    return doc


def _verbatim(src: _Source, target: int) -> _Doc:
    """A UN verbatim record as PDF text: the cover, then ``Mr. Name (Country): speech`` paragraphs."""
    doc = _Doc()
    chair = src.cast[0]
    doc.add("United Nations", "A/86/PV.17", "General Assembly", "Eighty-sixth session", "17th plenary meeting")
    doc.add("Tuesday, 12 November 2031, 10 a.m.", "New York", "Official Records", "")
    doc.add(f"President: {chair.honorific} {chair.name} . . . . . . . . . . ({chair.country})", "")
    doc.add("The meeting was called to order at 10.05 a.m.", "")
    chaired = False  # two "The President:" paragraphs in a row would be one turn to a reader
    while len(doc.lines) < target:
        if src.rng.random() < 0.15 and not chaired:
            doc.head(f"The President: {src.sentence()}")
            src.anyone_next()
            chaired = True
        else:
            chaired = False
            person = src.speaker()
            doc.head(f"{person.honorific} {person.name} ({person.country}): {src.words(3, 6)}")
        doc.add(*src.paragraph(), "")
        _paragraphs(src, doc, 0, 1)
    return doc


def _tei(src: _Source, target: int) -> _Doc:
    """ParlaMint-style TEI: ``<listPerson>``, then one ``<u who="#Id">`` per turn, ``<seg>`` inside."""
    doc = _Doc()
    doc.add('<?xml version="1.0" encoding="UTF-8"?>', '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="Bench">')
    doc.add("  <teiHeader>", "    <fileDesc><titleStmt>")
    doc.add('      <title type="main">Assembly of the Valley, sitting of 4 March 2031</title>')
    doc.add("    </titleStmt></fileDesc>", "    <profileDesc><particDesc><listPerson>")
    for p in src.cast:
        names = f"<persName><forename>{p.given}</forename> <surname>{p.family}</surname></persName>"
        doc.add(f'      <person xml:id="{p.given}{p.family}">{names}</person>')
    doc.add("    </listPerson></particDesc></profileDesc>", "  </teiHeader>")
    doc.add("  <text><body>", '    <div type="debateSection">', "      <head>Lanterns in the valley</head>")
    number = 0
    while len(doc.lines) < target - 4:
        number += 1
        person = src.speaker()
        doc.head(f'      <u xml:id="u{number}" who="#{person.given}{person.family}">')
        for _ in range(src.rng.randint(1, 5)):
            doc.add(f"        <seg>{src.sentence()}</seg>")
        doc.add("      </u>")
    doc.add("    </div>", "  </body></text>", "</TEI>")
    return doc


#: Format name -> (file suffix, the reader that should claim it, the writer).
FORMATS: dict[str, tuple[str, str, Callable[[_Source, int], _Doc]]] = {
    "webvtt": (".vtt", "webvtt", _webvtt),
    "srt": (".srt", "srt", _srt),
    "markdown-timed": (".md", "markdown", _markdown_timed),
    "markdown-inline": (".md", "markdown", _markdown_inline),
    "markdown-pipe": (".md", "markdown", _markdown_pipe),
    "igf": (".txt", "igf", _igf),
    "otter": (".txt", "export", _otter),
    "verbatim": (".txt", "verbatim", _verbatim),
    "tei": (".xml", "tei", _tei),
}


def transcript(fmt: str, lines: int, seed: int) -> tuple[str, tuple[int, ...]]:
    """One transcript of about ``lines`` lines in format ``fmt``: its text and its header lines."""
    doc = FORMATS[fmt][2](_Source(random.Random(f"{fmt}:{seed}")), lines)
    return "\n".join(doc.lines) + "\n", tuple(doc.headers)


def plan(files: int, seed: int) -> Iterator[tuple[str, str, int]]:
    """(file name, format, seed of the file) of each file: the formats in turn, so every one is used."""
    names = list(FORMATS)
    for i in range(files):
        fmt = names[i % len(names)]
        yield f"t{i:05d}-{fmt}{FORMATS[fmt][0]}", fmt, seed * 1_000_003 + i


def stored(folder: Path, files: int, lines: int, seed: int) -> list[Generated] | None:
    """The files of an earlier run in ``folder``, if its manifest says they were made with the
    same arguments (the files themselves are trusted to be unchanged)."""
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        return None
    saved = json.loads(manifest.read_text())
    if saved.get("params") != {"files": files, "lines": lines, "seed": seed}:
        return None
    return [Generated(**{**g, "headers": tuple(g["headers"])}) for g in saved["files"]]


def generate(folder: Path, files: int, lines: int, seed: int) -> list[Generated]:
    """Write the files into ``folder`` with ``manifest.json`` (what each holds), or reuse them when
    they were made with the same arguments."""
    earlier = stored(folder, files, lines, seed)
    if earlier is not None:
        return earlier
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Generated] = []
    for name, fmt, file_seed in plan(files, seed):
        text, headers = transcript(fmt, lines, file_seed)
        (folder / name).write_text(text, encoding="utf-8")
        made.append(Generated(name, fmt, FORMATS[fmt][1], text.count("\n"), headers))
    params = {"files": files, "lines": lines, "seed": seed}
    (folder / "manifest.json").write_text(json.dumps({"params": params, "files": [asdict(g) for g in made]}))
    return made
