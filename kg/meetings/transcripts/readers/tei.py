"""TEI XML transcripts (ParlaMint and other TEI-encoded debates): one turn per ``<u>`` utterance.

Convention: ``<u who="#PersonId" ana="#chair">`` opens an utterance and ``</u>`` closes it;
``<seg>`` (or text directly in ``<u>``) holds the speech; ``<note>``, ``<kinesic>``, ``<vocal>``,
``<incident>`` are stage notes; ``<head>``, ``<gap>`` and the ``<teiHeader>`` are scaffolding. The
label is the person's name from a ``<listPerson>`` in the same file, else the ID with its
CamelCase split into words (``#LeslieGriffiths`` -> "Leslie Griffiths").

Safety: the XML is parsed only through defusedxml's expat SAX driver, which refuses entity
declarations and external references before anything is expanded or fetched, so a "billion
laughs" file is refused at its first ``<!ENTITY``: confidence 0 and a note, never an expansion.
SAX (rather than a tree) because it gives the line of every start and end tag and streams.
"""

from __future__ import annotations

import re
import xml.sax
import xml.sax.handler
from dataclasses import dataclass, field
from xml.sax.expatreader import ExpatLocator
from xml.sax.xmlreader import AttributesImpl

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.expatreader import create_parser  # type: ignore[import-untyped]

from kg.meetings.transcripts.guard import never_raises
from kg.meetings.transcripts.labels import label_kind
from kg.meetings.transcripts.model import Header, Reading, SourceText

NAME = "tei"
_TEI_NS = "http://www.tei-c.org/ns/1.0"
#: Elements whose text happens in the room rather than being said: stage notes.
_STAGE = frozenset({"note", "kinesic", "vocal", "incident", "pause", "shift"})
#: Elements whose text is neither speech nor a stage note: editorial scaffolding.
_NOT_SPEECH = frozenset({"gap", "desc", "head", "fw", "label", "teiHeader"})
#: ParlaMint's utterance roles (``ana`` tokens) that are a role in the meeting; ``#regular`` and
#: ``#guest`` say nothing the resolver can use.
_ROLE_TOKENS = {"chair": "Chair"}
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _local(name: str) -> str:
    """``tei:u`` -> ``u``: the namespace prefix is not part of what an element means here."""
    return name.rsplit(":", 1)[-1]


def split_id(person_id: str) -> str:
    """A person ID as words: ``#LeslieGriffiths`` -> "Leslie Griffiths", ``Smith_John`` -> "Smith John".
    ``Mc``/``Mac`` prefixes stay joined ("McDonald"), hyphens stay ("Clement-Jones")."""
    bare = person_id.rsplit("#", 1)[-1].replace("_", " ").replace(".", " ")
    out: list[str] = []
    for i, char in enumerate(bare):
        prev = bare[i - 1] if i else ""
        nxt = bare[i + 1] if i + 1 < len(bare) else ""
        word = "".join(out).rsplit(" ", 1)[-1]
        camel = char.isupper() and (prev.islower() or (prev.isupper() and nxt.islower()))
        if camel and word not in ("Mc", "Mac"):
            out.append(" ")
        out.append(char)
    return " ".join("".join(out).split())


@dataclass
class _Utterance:
    line: int
    who: tuple[str, ...]
    role: str
    last_line: int | None = None


@dataclass
class _Person:
    parts: dict[str, list[str]] = field(default_factory=dict)  # forename, surname, nameLink, text
    done: bool = False  # the first persName is the one used

    def name(self) -> str:
        def join(key: str) -> str:
            return " ".join(" ".join(self.parts.get(key, [])).split())

        structured = " ".join(p for p in (join("forename"), join("nameLink"), join("surname")) if p)
        return structured or join("text")


class _Handler(xml.sax.handler.ContentHandler):
    """Collects utterances, the line of every piece of text by what it is, the person list, the
    title and the date. Line numbers come from the expat locator."""

    def __init__(self) -> None:
        super().__init__()
        self.locator: ExpatLocator | None = None
        self.stack: list[str] = []
        self.root = ""
        self.tei = False
        self.utterances: list[_Utterance] = []
        self.speech: set[int] = set()
        self.stage: set[int] = set()
        self.persons: dict[str, _Person] = {}
        self.titles: list[tuple[str, str, str]] = []  # (type, lang, text)
        self.dates: dict[str, str] = {}  # where -> ISO date
        self.end_line: int | None = None  # the line where a parse error stopped reading
        self._person: _Person | None = None
        self._in_persname = False
        self._title: list[str] | None = None
        self._title_attrs: tuple[str, str] = ("", "")

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator is not None else 1

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # the SAX API's names
        local = _local(name)
        if not self.stack:
            self.root = local
            self.tei = local in ("TEI", "teiCorpus", "TEI.2") or attrs.get("xmlns", "") == _TEI_NS
        self.stack.append(local)
        if local == "u" and (self.tei or attrs.get("who")):
            self.utterances.append(_Utterance(self.line(), tuple(attrs.get("who", "").split()), _role(attrs)))
        elif local == "person":
            self._person = self.persons.setdefault(attrs.get("xml:id", attrs.get("id", "")), _Person())
        elif local == "persName" and self._person is not None and not self._person.done:
            self._in_persname = True
        elif local == "title" and self.stack[-2:-1] == ["titleStmt"] and "fileDesc" in self.stack:
            self._title = []
            self._title_attrs = (attrs.get("type", ""), attrs.get("xml:lang", ""))
        elif local == "date" and "teiHeader" in self.stack:
            self._date(attrs)

    def _date(self, attrs: AttributesImpl) -> None:
        match = _ISO_DATE.match(attrs.get("when", ""))
        if match is None:
            return
        # The sitting's date: the setting first, then the source's bibliographic date; never the
        # publication date of the encoding.
        where = "setting" if "setting" in self.stack else "source" if "sourceDesc" in self.stack else ""
        if where:
            self.dates.setdefault(where, match.group(0))

    def endElement(self, name: str) -> None:  # the SAX API's names
        local = _local(name)
        if local == "u" and self.utterances and self.utterances[-1].last_line is None and "u" not in self.stack[:-1]:
            self.utterances[-1].last_line = self.line()
        elif local == "persName" and self._in_persname and self._person is not None:
            self._in_persname = False
            self._person.done = True
        elif local == "person":
            self._person = None
        elif local == "title" and self._title is not None:
            self.titles.append((*self._title_attrs, " ".join("".join(self._title).split())))
            self._title = None
        if self.stack:
            self.stack.pop()

    def characters(self, content: str) -> None:
        if self._title is not None:
            self._title.append(content)
        if self._in_persname and self._person is not None:
            key = self.stack[-1] if self.stack[-1] in ("forename", "surname", "nameLink") else "_"
            self._person.parts.setdefault(key, []).append(content)
            self._person.parts.setdefault("text", []).append(content)
        target = self._target()
        if target is None:
            return
        first = self.line()
        for offset, piece in enumerate(content.split("\n")):
            if piece.strip():
                target.add(first + offset)

    def _target(self) -> set[int] | None:
        """Which line set this text belongs to: stage notes wherever they are, speech inside an
        utterance, None (scaffolding) otherwise."""
        if any(tag in _STAGE for tag in self.stack):
            return self.stage
        if "u" in self.stack and not any(tag in _NOT_SPEECH for tag in self.stack):
            return self.speech
        return None


def _role(attrs: AttributesImpl) -> str:
    explicit = attrs.get("role", "").strip()
    if explicit:
        return explicit[:1].upper() + explicit[1:]
    for token in attrs.get("ana", "").split():
        role = _ROLE_TOKENS.get(token.lstrip("#").lower())
        if role:
            return role
    return ""


def _title(titles: list[tuple[str, str, str]]) -> str:
    """The meeting's title. ParlaMint's main title names the corpus ("… parliamentary corpus …")
    and its subtitle names the sitting, so a subtitle wins over a main title that names a corpus.
    English is preferred where a title is given in several languages."""

    def pick(kinds: tuple[str, ...]) -> str:
        found = [(lang, text) for kind, lang, text in titles if kind in kinds and text]
        for lang, text in found:
            if lang.lower().startswith("en"):
                return text
        return found[0][1] if found else ""

    main = pick(("main", ""))
    sub = pick(("sub",))
    if sub and (not main or "corpus" in main.lower()):
        return sub
    return main or pick(tuple({kind for kind, _, _ in titles}))


class _TeiReader:
    name = NAME
    summary = 'TEI XML / ParlaMint: one turn per <u who="#Id">, names from <listPerson>'

    @never_raises
    def read(self, text: SourceText) -> Reading:
        first = next((line.lstrip("\ufeff \t") for line in text.lines if line.strip()), "")
        if not first.startswith("<"):
            return Reading(reader=NAME, confidence=0.0)  # not XML: spare the parser
        handler = _Handler()
        parser = create_parser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        parser.setContentHandler(handler)
        handler.locator = ExpatLocator(parser)
        error = ""
        try:
            # Line by line, so that a large file streams; a str chunk makes expat read UTF-8
            # whatever the declaration says (the text is already decoded).
            for line in text.lines:
                parser.feed(line.rstrip("\r\n") + "\n")
            parser.close()
        except DefusedXmlException as refused:
            return Reading(
                reader=NAME,
                confidence=0.0,
                notes=(f"refused as unsafe XML (entity declarations or external references): {refused}",),
            )
        except xml.sax.SAXParseException as bad:
            error = f"not well-formed XML at line {bad.getLineNumber()}: {bad.getMessage()}"
            handler.end_line = bad.getLineNumber()
        return _reading(text, handler, error)


def _labels(handler: _Handler, who: tuple[str, ...]) -> tuple[str, bool]:
    """The label for an utterance's ``who`` and whether a name had to be made from an ID."""
    names: list[str] = []
    from_id = False
    for ref in who:
        person = handler.persons.get(ref.rsplit("#", 1)[-1])
        name = person.name() if person is not None else ""
        if not name:
            name, from_id = split_id(ref), True
        names.append(name)
    return " and ".join(n for n in names if n), from_id


def _headers(handler: _Handler, utterances: list[_Utterance]) -> tuple[list[Header], int]:
    """One header per utterance, and how many labels had to be made from IDs."""
    headers: list[Header] = []
    from_ids = 0
    for utterance in utterances:
        label, from_id = _labels(handler, utterance.who)
        from_ids += from_id
        headers.append(
            Header(
                line=utterance.line,
                label=label,
                kind=label_kind(label),
                role=utterance.role,
                last_line=utterance.last_line,
            )
        )
    return headers, from_ids


def _line_kinds(text: SourceText, handler: _Handler, header_lines: set[int]) -> tuple[set[int], set[int]]:
    """Stage-note and scaffolding lines. A line holds one kind: a header line first, then speech,
    then a stage note; every other non-blank line of the XML is markup, so scaffolding."""
    stage = handler.stage - header_lines - handler.speech
    taken = header_lines | handler.speech | stage
    lines = text.lines[: handler.end_line]
    return stage, {number for number, line in enumerate(lines, start=1) if line.strip() and number not in taken}


def _reading(text: SourceText, handler: _Handler, error: str) -> Reading:
    notes: list[str] = [error] if error else []
    # After a parse error, only the utterances read to their end count.
    closed = [u for u in handler.utterances if u.last_line is not None or not error]
    if not closed:
        return Reading(reader=NAME, confidence=0.0, notes=(*notes, "no <u> utterances"))
    headers, from_ids = _headers(handler, closed)
    if from_ids:
        notes.append(f"{from_ids} speaker names were made from person IDs (no <listPerson> entry in the file)")
    if len({h.line for h in headers}) < len(headers):
        notes.append("several utterances start on the same line; each is still its own turn")
    stage, scaffolding = _line_kinds(text, handler, {h.line for h in headers})
    # TEI is unmistakable: a TEI root with utterances is certain; other XML with <u who> less so.
    confidence = 0.95 if handler.tei else 0.7
    if error:
        confidence *= 0.5
    date = handler.dates.get("setting") or handler.dates.get("source", "")
    return Reading(
        reader=NAME,
        confidence=confidence,
        headers=tuple(headers),
        stage_notes=tuple(sorted(stage)),
        scaffolding=tuple(sorted(scaffolding)),
        title=_title(handler.titles),
        date=date,
        notes=tuple(notes),
    )


READER = _TeiReader()
