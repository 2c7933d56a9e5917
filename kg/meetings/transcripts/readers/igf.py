"""IGF real-time captions (CART): ``>> NAME:`` opens a turn, a bare ``>>`` is an unnamed speaker change.

Convention, as the Internet Governance Forum publishes its session captions:

* ``>> JANE DOE:`` (the name in capitals, often with a title: ``>> MR. DOE:``, ``>> H.E. JANE DOE:``),
  the speech following on the same line and the lines below; ``>> JANE DOE, ISOC:`` or
  ``>> JANE DOE (ISOC):`` adds an affiliation;
* ``>> MODERATOR:`` is a role (role "Moderator"); ``>> PARTICIPANT:``, ``>> AUDIENCE:``,
  ``>> SPEAKER:`` name nobody (kind "generic");
* a bare ``>>`` (``>> Thank you.``) marks a speaker change without saying who (kind "unnamed");
* the captioner's preamble and disclaimers ("RAW FILE", "This text, document, or file is based on
  live transcription…", "***"), time-of-day lines and ``(Captioner standing by)`` are not speech.

Title-case labels (``>> Jane Doe:``) are read only with two or more capitalised words, and a
speech line such as ``>> So the question is: what next?`` stays speech (an unnamed turn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.meetings.transcripts.guard import never_raises
from kg.meetings.transcripts.labels import label_kind, stage_note
from kg.meetings.transcripts.model import Header, Reading, SourceText
from kg.meetings.transcripts.names import PARTICLES, name_shaped

NAME = "igf"
#: ``>>`` at the start of a line, after the time some caption exports write first (``[10:05:33] >>``).
_CHEVRONS = re.compile(r"^\s*(?:[\[(]?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)[\])]?\s*)?>>(?!>)\s*(?P<rest>.*)$")
_LABELLED = re.compile(r"^(?P<label>[^:]{1,80}?)\s*:(?!//)\s*(?P<speech>.*)$")
#: A speaker change in the middle of a line: two turns on one line cannot both have a header line.
_MIDLINE = re.compile(r"\S.*?\s>>\s*[A-Z][A-Z .,'-]{1,60}:")
_ROLES = {
    "moderator": "Moderator", "co-moderator": "Co-Moderator", "online moderator": "Online Moderator",
    "chair": "Chair", "the chair": "Chair", "co-chair": "Co-Chair", "chairperson": "Chair", "chairman": "Chair",
    "chairwoman": "Chair", "president": "President", "the president": "President", "vice-chair": "Vice-Chair",
    "rapporteur": "Rapporteur", "facilitator": "Facilitator", "host": "Host",
    "master of ceremonies": "Master of Ceremonies",
}  # fmt: skip
_TIME_LINE = re.compile(
    r"^\s*[\[(]?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,5})?\s*[\])]?\s*$"
)
#: One capitalised word before a colon (not a word of speech, :func:`name_shaped`): maybe a first name.
_NEAR_LABEL = re.compile(r"^[A-Z][a-z'-]{1,20}$")
_RULE = re.compile(r"^\s*(?:(?:\*\s*){3,}|-{3,}|={3,}|_{3,})\s*$")
_SCAFFOLD_LINES = re.compile(
    r"^\s*(?:RAW (?:FILE|COPY|TRANSCRIPT)|FINISHED (?:FILE|TRANSCRIPT)|ROUGH (?:EDITED )?(?:COPY|DRAFT)"
    r"|UNEDITED(?: COPY)?|SERVICES PROVIDED BY:?)\s*$",
    re.IGNORECASE,
)
#: The captioning provider's address block, read only before the first turn (a speech line may
#: well end in "Ltd." or be a number).
_PROVIDER = re.compile(
    r"^\s*(?:[\w .&'-]{2,60},? (?:INC|LLC|LTD|GMBH)\.?|(?:https?://)?(?:www\.)?[\w-]+\.(?:com|org|net)/?"
    r"|P\.?O\.? BOX \d+.*|\+?[\d\s().-]{7,}\d)\s*$",
    re.IGNORECASE,
)
#: Phrases of the captioning disclaimers: a paragraph holding one is scaffolding as a whole.
_DISCLAIMER = re.compile(
    r"based on live transcription|communication access realtime translation|not be a totally verbatim record"
    r"|violate copyright law|outputs of the (?:real-?time )?captioning|largely accurate, in some cases"
    r"|inaudible passages or transcription errors|posted as an aid|should not be treated as an authoritative",
    re.IGNORECASE,
)
_CAPTIONER_NOTE = re.compile(
    r"^\s*[\[(][^\])]*(?:stand(?:ing)? ?by|captioner|captioning|concluded|ended|end of|speaking|no sound)"
    r"[^\])]*[\])]\s*$",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"^\s*#*\s*(?P<title>IGF\s*20\d\d\b.{4,}|(?-i:WS|OF|DC|LT|NRI|BPF|IS|MS|TS)\s*#\s*\d+\b.{4,})$", re.IGNORECASE
)
_SIGNATURE = re.compile(r"\bIGF\s*20\d\d\b|internet governance forum|real-?time captioning|\bCART\b", re.IGNORECASE)
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
)  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(m[:3] + r"(?:" + m[3:] + r")?" for m in _MONTHS) + r")\.?"
_DATES = (
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>20\d\d)\b", re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>20\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>20\d\d)-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
#: Lines that are another format's headers: a text full of them is not IGF captions.
_FOREIGN = re.compile(r"^\s*(?:\*\*|__|#{1,6}\s|WEBVTT|\d{1,2}:\d{2}:\d{2}[.,]\d{3}\s*-->|<v\s)")


def _iso_date(line: str) -> str:
    for pattern in _DATES:
        match = pattern.search(line)
        if match is None:
            continue
        month = match.group("month")
        number = int(month) if month.isdigit() else 1 + [m[:3] for m in _MONTHS].index(month[:3].lower())
        day = int(match.group("day"))
        if 1 <= number <= 12 and 1 <= day <= 31:
            return f"{match.group('year')}-{number:02d}-{day:02d}"
    return ""


def _capital_word(word: str) -> bool:
    """A word of a label in capitals: ``DOE``, ``MR.``, ``H.E.``, ``O'BRIEN``, ``McDONALD``, ``de``."""
    if word.lower() in PARTICLES:
        return True
    body = word[2:] if word.startswith("Mc") else word[3:] if word.startswith("Mac") and word[3:4].isupper() else word
    return not any(c.islower() for c in body)


@dataclass(frozen=True)
class _Label:
    label: str
    role: str = ""
    affiliation: str = ""
    confidence: float = 1.0


def _split_affiliation(raw: str) -> tuple[str, str]:
    """``JANE DOE (ISOC)`` / ``JANE DOE, ISOC`` -> (``JANE DOE``, ``ISOC``)."""
    paren = re.match(r"^(?P<name>[^()]+?)\s*\((?P<aff>[^()]{1,60})\)$", raw)
    if paren:
        return paren.group("name"), paren.group("aff").strip()
    if raw.count(",") == 1:
        name, aff = (part.strip() for part in raw.split(","))
        if name and aff and len(aff.split()) <= 5:
            return name, aff
    return raw, ""


def _role_prefix(words: list[str]) -> int:
    """How many leading words are a role (``MODERATOR JANE DOE`` -> 1), 0 when none."""
    for size in (3, 2, 1):
        if len(words) > size and " ".join(words[:size]).lower() in _ROLES:
            return size
    return 0


def _name_label(name: str, role: str, affiliation: str) -> _Label | None:
    """A name part already split from its affiliation: capitals (the IGF convention), a generic
    word, or a title-case name of two or more words."""
    words = name.split()
    # The rule every reader shares (no sentence opener, no digits), for people's names: capitals
    # write a delegation's ``OF`` in capitals too, and a title-case ``Mandate of the WGIGF`` is a heading.
    named = name_shaped(name)
    if named and all(_capital_word(w) for w in words):
        lead = _role_prefix(words)
        if lead:  # MODERATOR JANE DOE: the role, then the name
            return _Label(" ".join(words[lead:]), role=_ROLES[" ".join(words[:lead]).lower()], affiliation=affiliation)
        return _Label(name, role=role, affiliation=affiliation)
    if label_kind(name) == "generic":  # Participant, Audience member
        return _Label(name, role=role, affiliation=affiliation)
    if named and len(words) >= 2:  # title case is not the IGF's convention: a full name only
        return _Label(name, role=role, affiliation=affiliation, confidence=0.8)
    return None


def read_label(raw: str) -> _Label | None:
    """The label of ``>> RAW: speech``, or None when RAW is not a speaker label (then the line is
    the speech of an unnamed turn)."""
    raw = " ".join(raw.split())
    if not raw or any(c in raw for c in '?!;"“”') or len(raw) > 60:
        return None  # sentence punctuation: speech, not a label
    name, affiliation = _split_affiliation(raw)
    role = _ROLES.get(affiliation.lower(), "")
    if role:  # JANE DOE, MODERATOR
        affiliation = ""
    if not 1 <= len(name.split()) <= 7 or sum(c.isalpha() for c in name) < 2:
        return None
    if name.lower() in _ROLES:  # MODERATOR, THE CHAIR, Moderator
        return _Label(name, role=_ROLES[name.lower()], affiliation=affiliation)
    return _name_label(name, role, affiliation)


@dataclass
class _Scan:
    headers: list[Header] = field(default_factory=list)
    stage: list[int] = field(default_factory=list)
    scaffolding: set[int] = field(default_factory=set)
    unplaced: list[int] = field(default_factory=list)
    midline: list[int] = field(default_factory=list)  # lines with a '>> NAME:' inside them
    foreign: int = 0
    preamble: int = 0  # non-blank lines before the first header that nothing explains
    signature: bool = False
    title: str = ""
    date: str = ""


def _disclaimer_lines(lines: tuple[str, ...]) -> set[int]:
    """The lines of every blank-separated paragraph that holds a captioning disclaimer, and is not a turn."""
    found: set[int] = set()
    block: list[int] = []
    for number, line in enumerate((*lines, ""), start=1):
        if line.strip():
            block.append(number)
            continue
        # A turn's paragraph is speech even when the speaker reads a disclaimer out.
        if block and not _CHEVRONS.match(lines[block[0] - 1]) and any(_DISCLAIMER.search(lines[n - 1]) for n in block):
            found.update(block)
        block = []
    return found


def _header(number: int, rest: str, time: str, scan: _Scan) -> None:
    """``rest`` follows the ``>>`` of line ``number``."""
    match = _LABELLED.match(rest)
    label = read_label(match.group("label")) if match else None
    if label is not None:
        kind = label_kind(label.label)
        scan.headers.append(
            Header(
                line=number,
                label=label.label,
                kind=kind,
                time=time,
                role=label.role,
                affiliation=label.affiliation,
                confidence=label.confidence,
            )
        )
        return
    scan.headers.append(Header(line=number, label="", kind="unnamed", time=time, confidence=0.9))
    if stage_note(rest) or _CAPTIONER_NOTE.match(rest):
        scan.stage.append(number)  # ">> (Speaking Spanish)": a new voice, and a stage note
    elif match and _NEAR_LABEL.match(match.group("label").strip()) and name_shaped(match.group("label").strip()):
        scan.unplaced.append(number)  # ">> Pavla: …": a first name, or a word of speech? not read


def _preamble_line(number: int, line: str, scan: _Scan) -> None:
    """A line before the first header: the captioner's preamble (event, room, session, date, in
    capitals or as a title line, the provider's address), or text nothing explains."""
    title = _TITLE.match(line)
    date = _iso_date(line) if len(line) <= 80 else ""
    if title and not scan.title:
        scan.title = " ".join(title.group("title").split())
    if date and not scan.date:
        scan.date = date
    if title or date or _PROVIDER.match(line) or (len(line) <= 100 and not any(c.islower() for c in line)):
        scan.scaffolding.add(number)
    elif _FOREIGN.match(line):
        scan.foreign += 1
    else:
        scan.preamble += 1


def _other_line(number: int, line: str, scan: _Scan, disclaimers: set[int]) -> None:
    """A line that does not start with ``>>``: scaffolding, a stage note, or speech."""
    if number in disclaimers or _RULE.match(line) or _SCAFFOLD_LINES.match(line) or _TIME_LINE.match(line):
        scan.scaffolding.add(number)
    elif stage_note(line) or _CAPTIONER_NOTE.match(line):
        scan.stage.append(number)
    elif not scan.headers:
        _preamble_line(number, line, scan)
    elif _FOREIGN.match(line):
        scan.foreign += 1
    if _MIDLINE.match(line):
        scan.midline.append(number)


def _scan(lines: tuple[str, ...]) -> _Scan:
    scan = _Scan()
    disclaimers = _disclaimer_lines(lines)
    scan.signature = bool(disclaimers)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if number < 40 and _SIGNATURE.search(line):
            scan.signature = True
        chevrons = _CHEVRONS.match(line)
        if chevrons is not None:
            _header(number, chevrons.group("rest"), chevrons.group("time") or "", scan)
            if _MIDLINE.match(chevrons.group("rest")):
                scan.midline.append(number)
        else:
            _other_line(number, line, scan, disclaimers)
    return scan


def _confidence(scan: _Scan, non_blank: int) -> float:
    """Coverage of the non-blank lines × how distinctive the evidence is. Named ``>> NAME:``
    headers are the evidence; unnamed ``>>`` alone (a quoted e-mail, a Markdown quote) is weak."""
    named = sum(1 for h in scan.headers if h.kind != "unnamed")
    unnamed = len(scan.headers) - named
    if not scan.headers or non_blank == 0:
        return 0.0
    if named == 0 and not scan.signature:
        return round(min(0.15, 0.03 * unnamed), 3)
    evidence = 1.0 - float(0.5 ** ((named + 0.2 * min(unnamed, 3 * named + 3)) / 2.0))
    if scan.signature:
        evidence = 1.0 - (1.0 - max(evidence, 0.5)) * 0.5
    unexplained = scan.foreign + scan.preamble
    coverage = max(0.0, 1.0 - unexplained / non_blank)
    return round(coverage * evidence * 0.98, 3)


class _IgfReader:
    name = NAME
    summary = "IGF real-time captions: '>> NAME:' opens a turn, a bare '>>' is an unnamed speaker change"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        if not any(_CHEVRONS.match(line) for line in text.lines):
            # No speaker change at all: not captions. Checked first, because detection runs every
            # reader on every text and the line-by-line scan costs most on texts that are not IGF's.
            return Reading(reader=NAME, confidence=0.0)
        lines = tuple(line.rstrip("\r\n") for line in text.lines)
        if lines:
            lines = (lines[0].lstrip("\ufeff"), *lines[1:])
        scan = _scan(lines)
        non_blank = sum(1 for line in lines if line.strip())
        confidence = _confidence(scan, non_blank)
        if confidence == 0.0:
            return Reading(reader=NAME, confidence=0.0)
        notes: list[str] = []
        if scan.midline:
            notes.append(f"{len(scan.midline)} lines hold a '>> NAME:' speaker change inside the line; not split")
        return Reading(
            reader=NAME,
            confidence=confidence,
            headers=tuple(scan.headers),
            stage_notes=tuple(sorted(set(scan.stage))),
            scaffolding=tuple(sorted(scan.scaffolding)),
            title=scan.title,
            date=scan.date,
            unplaced=tuple(sorted({*scan.unplaced, *scan.midline})),
            notes=tuple(notes),
        )


READER = _IgfReader()
