"""UN verbatim records (General Assembly / Security Council ``A/80/PV.12``, ``S/PV.9999``, committee
``A/C.1/80/PV.5``), as text taken from the published PDF.

A paragraph starts with its speaker, then a colon and the speech on the same line:
``The President:``, ``The Acting President:``, ``The Chair:``, ``The Secretary-General:``,
``Mr. Name (Country):``, ``Ms. Name (Organization) (spoke in French):``, and titled names
(``Dame``, ``Sir``, ``Archbishop``, ``Cardinal``, ``Sheikh``, ``Prince``, ``President Name``…).

- ``(Country)`` / ``(Organization)`` is the header's affiliation; ``(spoke in French)`` is a stage
  note on the header: it leaves the label and the affiliation, and is listed in ``Reading.notes``.
- ``The X`` names a post: ``role`` is ``X``. A titled name (``President Name``, ``Prime Minister
  Name``) keeps its title in the label but gets no role: the role of a visiting head of state
  must not be mistaken for the meeting's President.
- Two-column PDFs wrap long headers (``Mr. Name (Bolivarian Republic of`` / ``Venezuela): …``):
  a header may take up to three lines; its line is the first.
- Page furniture is scaffolding: the symbol and date (``A/80/PV.12  25/09/2025``), page numbers,
  ``United Nations``, ``General Assembly`` / ``Eightieth session``, ``Official Records``, job numbers,
  the "This record contains the text of speeches…" disclaimer. Procedural lines ("The meeting was
  called to order at…", "…took the Chair.", "A recorded vote was taken.") are stage notes.
- The cover gives the title (body, session, meeting, symbol) and the date.

A name's words are the shared rule's (:data:`kg.meetings.transcripts.names.NAME_WORD_PATTERN`);
whether an affiliation is a delegation is :func:`kg.meetings.transcripts.delegations.delegation_like`.
"""

from __future__ import annotations

import re
from datetime import date

from kg.meetings.transcripts.delegations import delegation_like
from kg.meetings.transcripts.guard import binary, never_raises
from kg.meetings.transcripts.model import Header, Reading, SourceText
from kg.meetings.transcripts.names import NAME_WORD_PATTERN

NAME = "verbatim"
#: Forms of address that open a speaker's paragraph, in any case (records before the mid-1980s
#: print "MR. NAME (Country):"), optionally after "His Excellency" / "Her Majesty".
_HONORIFIC = (
    r"(?i:(?:(?:His|Her)\s+(?:Excellency|Majesty|Royal\s+Highness|Highness|Holiness)\s+)?"
    r"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Msgr|H\.E)\.?|Miss|Madam|Professor|Dame|Sir|Lord|Lady|Baroness|Baron|Archbishop"
    r"|Cardinal|Monsignor|Bishop|Father|Sister|Rabbi|Imam|Sheikh|Sheikha|Shaikh|Shaikha|Crown Prince|Prince"
    r"|Princess|King|Queen|Emir|Amir|Sultan|Grand Duke|Vice-President|President|Deputy Prime Minister"
    r"|Prime Minister|Minister|Judge|Justice|Ambassador|Senator|Datuk|Dato['’]?|Tan Sri|Nana))"
)
_AFTER = r"(?:\s*\([^()]{1,160}\)){0,3}\s*:(?:\s+(?P<rest>.*)|\s*$)"
_PERSON = re.compile(rf"^\s*(?P<label>(?:{_HONORIFIC})\s+{NAME_WORD_PATTERN}(?:\s+{NAME_WORD_PATTERN}){{0,7}}){_AFTER}")
#: "The President", "The Acting President", "The Secretary-General", "The Chair of the Committee".
_POST_FIRST = (
    r"(?i:Acting|Temporary|Interim|Deputy|Vice|Co|Assistant|Chief|Special|Executive|High|Legal|Under-Secretary-General"
    r"|President|Vice-President|Chair|Chairperson|Chairman|Chairwoman|Co-Chair|Vice-Chair|Secretary-General"
    r"|Secretary|Rapporteur|Facilitator|Co-Facilitator|Moderator|Director-General|Administrator|Registrar"
    r"|Prosecutor|Observer|Representative|Permanent)"
)
_POST = re.compile(
    rf"^\s*(?P<label>(?i:The)\s+{_POST_FIRST}(?:[\s-]+(?:[A-Z][\w\-]*|of|for|and|the|on)){{0,9}}){_AFTER}"
)
_PARENS = re.compile(r"\(([^()]{1,160})\)")
_STAGE_PAREN = re.compile(r"^(?:spoke|speaking|spoke via|interpretation|interpreted|through|in )", re.IGNORECASE)
_NOT_A_NAME = frozenset({"president", "chair", "chairman", "chairperson", "chairwoman", "secretary-general"})
_HEADER_START = re.compile(rf"^\s*(?:(?:{_HONORIFIC})\s+{NAME_WORD_PATTERN}|(?i:The)\s+{_POST_FIRST}\b)")
_SENTENCE_END = re.compile(r"(?:[.!?:;”\"’)]|\.\.\.)\s*$")

_SYMBOL = re.compile(
    r"\b(?P<symbol>[ASE](?:/C\.\d)?(?:/[A-Z0-9.-]+)*?/(?:PV|SR)\.\d+(?:\s*\((?:Resumption|Part) \d+\))?)"
)
_DATE_NUM = re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
#: The cover's date line ("Thursday, 25 September 2025, 3 p.m."): the weekday makes it the cover's.
_DATE_LONG = re.compile(rf"\b{_WEEKDAY}(?P<d>\d{{1,2}})\s+(?P<m>[A-Z][a-z]+)\s+(?P<y>\d{{4}})")
_DATE_WORDS = (
    re.compile(rf"\b(?:{_WEEKDAY})?(?P<d>\d{{1,2}})\s+(?P<m>[A-Z][a-z]+)\.?,?\s+(?P<y>\d{{4}})"),
    re.compile(rf"\b(?:{_WEEKDAY})?(?P<m>[A-Z][a-z]+)\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})"),
)
_BODY = re.compile(
    r"^\s*(?P<body>General Assembly|Security Council|Economic and Social Council|Trusteeship Council"
    r"|Human Rights Council|(?:First|Second|Third|Fourth|Fifth|Sixth) Committee)"
    r"(?:\s+(?P<session>[A-Z][a-z-]+(?:-[a-z]+)? (?:session|year|special session|emergency special session)))?\s*$"
)
_SESSION = re.compile(
    r"^\s*(?P<session>[A-Z][a-z]+(?:-[a-z]+)? (?:session|year|special session|emergency special session))\s*$"
)
_MEETING = re.compile(r"^\s*(?P<meeting>\d+(?:st|nd|rd|th) (?:plenary )?meeting)\s*$")
#: Page furniture found on any page: the running head (symbol and date), page and job numbers, the
#: barcode, agenda headings, dot-leader lists.
_FURNITURE = re.compile(
    r"^\s*(?:\d{1,4}(?:/\d{1,4})?|\d{2}-\d{5,6}\s*(?:\([A-Z]\))?|\d{1,3}/\d{1,3}\s+\d{2}-\d{5,6}"
    r"|\d{2}-\d{5,6}\s+\d{1,3}/\d{1,3}|\*\d{6,9}\*|Please recycle\W*"
    r"|[ASE](?:/C\.\d)?(?:/[A-Z0-9.-]+)*?/(?:PV|SR)\.\d+(?:\s+\S+){0,3}|.*(?:\.\s?){5,}.*"
    r"|Agenda items? \d+.{0,60}|Adoption of the agenda|General debate|Address by .{0,120}|Statement by .{0,120})\s*$"
)
#: What only the cover says (taken before the first speaker only: mid-speech, a wrapped line can
#: read "General Assembly" too).
_COVER = re.compile(
    r"^\s*(?:United Nations|Official Records|Provisional|New York|Geneva|President:.*|Vice-Presidents?:.*|Members:.*"
    r"|Chair:.*)\s*$"
)
_DISCLAIMER = re.compile(r"^\s*This record contains the (?:text|original)", re.IGNORECASE)
_PROCEDURE = re.compile(
    r"^\s*(?:The meeting (?:was called to order|rose|was suspended|resumed|was adjourned|was resumed|was closed)\b.*"
    r"|In the absence of the President\b.*|The President returned to the Chair\.?|It was so decided\.?"
    r"|The agenda was adopted\.?"
    r"|A recorded vote was taken\.?|A vote was taken\b.*|In favour:.*|Against:.*|Abstaining:.*"
    r"|(?:Draft )?(?:resolution|decision|amendment) .{0,120}\bwas (?:adopted|rejected)\b.*"
    r"|\[(?:[^\]]{1,120})\]|\((?:[^()]{1,120})\))\s*$"
)
#: Procedural sentences that name someone first ("Mr. Name, President of …, was escorted into the
#: General Assembly Hall."; "Mr. Name (Country), Vice-President, took the Chair.").
_PROCEDURE_END = re.compile(r"(?:\bwas escorted (?:into|from) the \S.*|\btook the Chair\.?)\s*$")
_FOREIGN = re.compile(r"^\s*(?:WEBVTT|.*-->|<v[\s.]|>>|\*\*|#{1,6}\s|<\?xml|<u\s)")


def iso_date(text: str) -> str:
    """The first date ``text`` states ("Thursday, 25 September 2025", "March 5, 2024", "25/09/2025")
    as ISO, or "". Numeric dates are read day first, as UN documents write them."""
    for pattern in (*_DATE_WORDS, _DATE_NUM):
        match = pattern.search(text)
        if not match:
            continue
        month = match["m"].lower()
        months = [i for i, name in enumerate(_MONTHS, 1) if len(month) >= 3 and name.startswith(month)]
        number = int(month) if month.isdigit() else months[0] if months else 0
        try:
            return date(int(match["y"]), number, int(match["d"])).isoformat()
        except ValueError:
            continue
    return ""


def _split_parens(header: str, label: str) -> tuple[str, list[str]]:
    """The affiliation and the stage notes of a header's bracketed parts (after the label)."""
    affiliation, stage = "", []
    for inner in _PARENS.findall(header[len(label) :].split(":", 1)[0]):
        text = " ".join(inner.split())
        if _STAGE_PAREN.match(text):
            stage.append(text)
        elif not affiliation:
            affiliation = text
    return affiliation, stage


def _match_header(text: str) -> tuple[str, str, str, list[str]] | None:
    """(label, affiliation, role, stage notes) of a header line, or None."""
    person = _PERSON.match(text)
    post = None if person else _POST.match(text)
    match = person or post
    if match is None:
        return None
    label = " ".join(match["label"].split())
    if person and label.split(None, 1)[1].lower() in _NOT_A_NAME:
        return None  # "Mr. President:" addresses the President; it names nobody
    affiliation, stage = _split_parens(text[match.start("label") :], match["label"])
    role = label[4:] if post else ""
    return label, affiliation, role, stage


class _Cover:
    """What the cover and the page furniture say: title parts and the date."""

    def __init__(self) -> None:
        self.body = self.session = self.meeting = self.symbol = self.date = ""

    def take(self, line: str, cover: bool) -> bool:
        """Record what a furniture line states; True if the line is furniture. ``cover``: the
        line comes before the first speaker."""
        if len(line.strip()) > 100:
            return False
        if cover and self._cover(line):
            return True
        if _FURNITURE.match(line):
            symbol = _SYMBOL.search(line)
            if symbol:
                self.symbol = self.symbol or symbol["symbol"]
                self.date = self.date or iso_date(line)
            return True
        return False

    def _cover(self, line: str) -> bool:
        for pattern in (_BODY, _SESSION, _MEETING):
            match = pattern.match(line)
            if match:
                for name, value in match.groupdict().items():
                    if value and not getattr(self, name):
                        setattr(self, name, value)
                return True
        if _DATE_LONG.search(line) and len(line.strip()) < 60:
            self.date = iso_date(line) or self.date  # "Thursday, 25 September 2025, 3 p.m.": the cover's date wins
            return True
        return bool(_COVER.match(line))

    def title(self) -> str:
        parts = ", ".join(part for part in (self.body, self.session, self.meeting) if part)
        return f"{parts} ({self.symbol})" if parts and self.symbol else parts or self.symbol


class _Scan:
    def __init__(self, lines: tuple[str, ...]) -> None:
        self.lines = lines
        self.headers: list[Header] = []
        self.stage: list[int] = []
        self.scaffolding: list[int] = []
        self.unplaced: list[int] = []
        self.notes: list[str] = []
        self.cover = _Cover()
        self.signature = 0  # UN-specific evidence: symbol, disclaimer, meeting line

    def run(self) -> None:
        lines, number = self.lines, 1
        while number <= len(lines):
            number = self._line(number, lines[number - 1])

    def _line(self, number: int, line: str) -> int:
        """Classify one line (or a header spread over several); the next line number to read."""
        if not line.strip():
            return number + 1
        if _DISCLAIMER.match(line):
            return self._disclaimer(number)
        if _HEADER_START.match(line):
            taken = self._header(number)
            if taken:
                return number + taken
        if self.cover.take(line, cover=not self.headers):
            self.scaffolding.append(number)
            self.signature += bool(_SYMBOL.search(line) or _MEETING.match(line) or _BODY.match(line))
        elif len(line) < 300 and (
            _PROCEDURE.match(line) or (("escorted" in line or "took the Chair" in line) and _PROCEDURE_END.search(line))
        ):
            self.stage.append(number)
        return number + 1

    def _disclaimer(self, number: int) -> int:
        """The "This record contains…" box: scaffolding up to its end (the documents address)."""
        self.signature += 2
        last = min(len(self.lines), number + 9)
        for current in range(number, last + 1):
            text = self.lines[current - 1]
            if not text.strip():
                return current
            self.scaffolding.append(current)
            if re.search(r"documents\.un\.org|Official Document System\W*$|\(http[^)]*\)\.?\s*$", text):
                return current + 1
        return last + 1

    def _header(self, number: int) -> int:
        """Read a header starting at ``number`` (joined with up to two wrapped lines); how many
        lines it takes, 0 if it is not one."""
        text = self.lines[number - 1].strip()
        for extra in range(3):
            if extra:
                if number + extra > len(self.lines) or not self.lines[number + extra - 1].strip():
                    break
                text += " " + self.lines[number + extra - 1].strip()
            found = _match_header(text)
            if found:
                self._add(number, found)
                return 1 + extra
            if ":" in text.split("(")[0] or len(text) > 260:
                break
        if re.match(r"^[^:]{3,160}\):", text):
            self.unplaced.append(number)  # a header shape that could not be read
        return 0

    def _add(self, number: int, found: tuple[str, str, str, list[str]]) -> None:
        label, affiliation, role, stage = found
        previous = self.lines[number - 2].strip() if number >= 2 else ""
        clean_start = not previous or bool(_SENTENCE_END.search(previous)) or (number - 1) in self.scaffolding
        self.headers.append(
            Header(
                line=number, label=label, affiliation=affiliation, role=role, confidence=0.95 if clean_start else 0.7
            )
        )
        self.notes += [f"line {number}: {label} ({note})" for note in stage]


def _confidence(scan: _Scan) -> float:
    """Share of the lines the format explains × how distinctive the evidence is."""
    lines, headers = scan.lines, scan.headers
    nonblank = sum(1 for line in lines if line.strip())
    if not headers or nonblank == 0:
        return 0.0
    first = headers[0].line
    explained = (
        set(scan.scaffolding) | set(scan.stage) | {n for n in range(first, len(lines) + 1) if lines[n - 1].strip()}
    )
    coverage = len(explained) / nonblank
    # Posts and delegations make the record: "The President:", "Mr. Name (Kenya):".
    typical = sum(1.0 if h.role or delegation_like(h.affiliation) else 0.5 if h.affiliation else 0.0 for h in headers)
    typical /= len(headers)
    signature = min(1.0, scan.signature / 3)
    distinct = 0.45 + 0.2 * min(1.0, len(headers) / 5) + 0.15 * typical + 0.17 * signature
    foreign = sum(1 for line in lines if _FOREIGN.match(line))
    penalty = 1.0 / (1.0 + 2.0 * foreign / len(headers))
    return round(min(0.97, coverage * distinct * penalty), 3)


class VerbatimReader:
    """UN verbatim records: ``The President:``, ``Mr. Name (Country) (spoke in French):`` paragraphs."""

    name = NAME
    summary = "UN verbatim record (A/80/PV.12): 'The President:', 'Mr. Name (Country) (spoke in French):' + speech"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        lines = tuple(text.lines)
        if not lines or binary(lines):
            return Reading(reader=NAME, confidence=0.0)
        if not any(_HEADER_START.match(line) for line in lines):
            return Reading(reader=NAME, confidence=0.0)  # no paragraph opens with a form of address
        scan = _Scan(lines)
        scan.run()
        confidence = _confidence(scan)
        if confidence == 0.0:
            return Reading(reader=NAME, confidence=0.0)
        return Reading(
            reader=NAME,
            confidence=confidence,
            headers=tuple(scan.headers),
            stage_notes=tuple(scan.stage),
            scaffolding=tuple(scan.scaffolding),
            title=scan.cover.title(),
            date=scan.cover.date,
            unplaced=tuple(scan.unplaced),
            notes=tuple(scan.notes),
        )


READER = VerbatimReader()
