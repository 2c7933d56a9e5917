"""A note-taker's record of a meeting: a speaker's name, delegation or post stands ALONE on a line
(``Chair``, ``South Africa``, ``Swiss``, ``Secretariat``, ``ICC``, ``Marilyn Cade``, ``EU ?``, ``??``)
and what they said follows on the next lines, until the next such line. Time marks (``11:05 –``),
breaks (``[LUNCH BREAK]``, ``After Lunch``, ``<Short Break>``) and rules (``-----``) divide the day.

Turn boundaries do not depend on knowing the names in advance (issue 14): a line is a header by
its SHAPE and by what the rest of the file says about it, never by a list of known speakers.

- Shape: 1–4 capitalised words (``of``/``the``/``and``… allowed inside), no digits, no final
  punctuation; or a role word (``Chair``, ``Secretariat``, ``Moderator``); or a generic label
  (``Room Mic 2``, ``Speaker 3``: their numbers allowed); or a country as notes
  write it (:func:`~kg.meetings.transcripts.delegations.delegation_like`: pycountry's names and
  short forms, ``US``/``UK``/``EU``, demonyms such as ``Swiss``);
  or an organisation acronym; or an uncertainty mark (``??``, ``EU ?``). A bracketed note
  (``IGC (Izumi)``), a dash with one word (``Mongi – clarification``, ``UK –``), an affiliation
  (``Jane Roe, ISOC``, ``Jane Roe – Internet Society``) or a colon (``Kenya:``) may go with it.
- Evidence from the file: a label that stands alone twice is a label; a word the file also writes
  in lower case ("Support" / "support") is a speech fragment, not a name, and a line opening with a
  verb of a position (``Support Brazil``, ``Agree Kenya``: the shared name rule) is speech wherever
  it stands, so under ``India`` it is India's speech, never a person under India; an acronym the speech
  talks ABOUT far more often than it stands alone (``WG``, ``ECOSOC``) is a topic; a line right
  under a header is that speaker's speech (``Philippines`` / ``ECOSOC``), except a person's name
  under an organisation's (``Nominet UK`` / ``Martin Boyle``: one speaker, the organisation as
  affiliation).
- ``Name – I …``/``Name – We …`` (a strong label, a dash, a first-person sentence) is a header with
  its speech on the same line (the Chair's interjections); ``Egypt – you were not listening`` or
  ``Bill Drake – the success of WGIG`` is speech ABOUT someone, and stays speech.
- Lists are not turns: labels right under a line that ends with a colon (``Co-sponsors:`` /
  ``Ghana`` / ``Peru``), or three labels in a row with nothing said between them.

Precision first: a one-off word that might be a name but has no evidence (``Support``) is speech.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from kg.meetings.transcripts.delegations import delegation_like
from kg.meetings.transcripts.guard import binary, never_raises
from kg.meetings.transcripts.labels import label_kind
from kg.meetings.transcripts.model import Header, Reading, SourceText
from kg.meetings.transcripts.names import CONNECTORS, PARTICLES, name_shaped, word_set

NAME = "notes"
_MAX_LINE = 80  # a label line is short; a longer line is speech whatever its shape


#: Role words a note-taker writes instead of a name ("Chair", "Madam Chair", "Co-Chair").
_ROLE = re.compile(
    r"^(?:(?:the|madam|mr\.?|mme|acting|deputy|vice|co)[\s-]+)*"
    r"(?:chair(?:man|woman|person)?|president|secretariat|secretary(?:-general)?|moderator|facilitator"
    r"|co-?facilitator|rapporteur|convener|host|presenter|panel(?:l)?ist)$",
    re.IGNORECASE,
)
#: Short speech that stands alone on a line in any notes: never a label, whatever the file says.
_SPEECH_WORDS = word_set(
    "yes no agreed agree thanks support supported okay ok right indeed correct noted fine sure objection"
    " none done good great same ditto seconded approved adopted accepted rejected"
)
#: Heading and document words: a title-case line made of them is a heading, not a speaker.
_DOC_WORDS = word_set(
    "agenda declaration resolution report decision session meeting summit proposal draft text article"
    " para paragraph item section annex chapter note notes minutes summary conclusion conclusions"
    " recommendation recommendations questions discussion introduction background overview break lunch"
    " opening closing remarks statement statements afternoon morning evening day welcome"
)
#: Acronyms of processes and documents: what meetings talk about, never who speaks.
_NOT_SPEAKERS = word_set("WG TF AOB TOR TOS TBD TBC FYI MOU MOA SDG SDGS RFC KPI QA FAQ NB PS ETA TODO MSH MS AI AP")
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&]{1,7}$")
_BAD_START = re.compile(r"^[\d\"'“‘«(\[<*#>·•\-–—=_|/\\]")
_DASH = re.compile(r"\s[–—-](?=\s|$)|[–—](?=\s|$)")
_PAREN = re.compile(r"^(?P<label>[^()]+?)\s*\((?P<note>[^()]{1,120})\)\s*$")
_FIRST_PERSON = re.compile(r"^(?:I|We|My|Our)\b")
_TIME_MARK = re.compile(r"^\s*(?P<time>\d{1,2}[:.h]\d{2})\s*(?:[ap]\.?m\.?)?\s*[–—-]?\s*$", re.IGNORECASE)
_RULE = re.compile(r"^\s*(?:[-=_*~·•#]{2,}.{0,20}?[-=_*~]{2,}|[-=_*~·•#]+)\s*$")
_BRACKETED = re.compile(r"^\s*(?:<[^<>]{1,120}>|\[[^\[\]]{1,120}\]|\([^()]{1,200}\))\s*$")
_BREAK = re.compile(
    r"^\s*(?:after (?:the )?(?:lunch|break|coffee(?: break)?|recess)|(?:lunch|coffee|tea|short)? ?break"
    r"|recess|adjourned|resumed|(?-i:END\b.{0,40}))\s*$",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
#: A lower-case word that is no particle or connector of a name: a word of speech.
_SPEECHY = re.compile(
    r"(?<![\w'’-])(?!(?:"
    + "|".join(sorted((PARTICLES | CONNECTORS) - {"&"}, key=lambda word: (-len(word), word)))
    + r")\b)[a-z]\w*"
)
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z][\w'’]*")
_ACRONYM_WORD = re.compile(r"(?<![\w'’])[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*(?![\w'’])")
#: A capitalised word inside a sentence: after a word (or comma) and a space, not after a full stop.
_MID_CAPS = re.compile(r"(?<=[^\s.!?:;\"“]\s)[A-Z][\w'’]*")
_MIN_LABELS = 3  # fewer label-shaped lines than this: no record of a meeting in this format
_CHUNK = 5000  # lines read at once for the file's evidence: regexes over a chunk, memory bounded
#: Lines of other formats: ``Name: text`` inline labels, Markdown, captions, cue timings, XML,
#: ``Name 0:07`` export headers. Many of them mean the text is not a note-taker's record.
_FOREIGN = re.compile(
    r"^\s*(?:(?:\*\*|__)?\[?[A-Z][\w.'’ ()-]{0,50}?\]?(?:\*\*|__)?\s*:\s+\S|#{1,6}\s|\*\*|>>|<v[\s.]|<u\s|<\?xml"
    r"|WEBVTT|.*-->|[A-Z][\w.'’ -]{1,40}\s+\(?\d{1,2}:\d{2}(?::\d{2})?\)?:?\s*$)"
)


@dataclass(frozen=True)
class _Candidate:
    """A line that has the shape of a label."""

    line: int
    label: str
    kind: str  # role | country | generic | mark | acronym | name
    form: str  # bare | colon ("Kenya:") | note ("IGC (Izumi)") | dash ("UK –", "Mongi – clarification")
    # | affiliation ("Jane Roe, ISOC") | speech (a dash and first-person words: "Chair – I did mention that.")
    note: str = ""


def _shaped(label: str) -> bool:
    """A person's, a body's or a post's name, as notes write one: 1–4 words (the shared rule)."""
    return name_shaped(label, max_words=4, bodies=True)


def _kind(label: str) -> str:
    if label.lower() in _SPEECH_WORDS:
        return ""
    if _ROLE.match(label):
        return "role"
    if delegation_like(label):
        return "country"
    if label_kind(label) == "generic":
        return "generic"
    if _ACRONYM.match(label):
        return "" if label.upper() in _NOT_SPEAKERS else "acronym"
    if not _shaped(label):
        return ""
    words = label.lower().split()
    return "" if words[0] in _DOC_WORDS or words[-1] in _DOC_WORDS else "name"


def _mark(text: str, number: int) -> _Candidate | None:
    """``??`` or ``EU ?``: the note-taker's own uncertainty about who spoke."""
    if re.fullmatch(r"\?{1,3}", text):
        return _Candidate(number, text, "mark", "bare")
    match = re.fullmatch(r"(?P<label>.+?)\s*\(?\?{1,3}\)?", text)
    if match and _kind(match["label"]) in ("role", "country", "acronym", "name"):
        return _Candidate(number, " ".join(text.split()), "mark", "bare")
    return None


def _split(text: str) -> tuple[str, str, str] | None:
    """(label, form, note) of a label line: ``IGC (Izumi)`` has a bracketed note, ``Jane Roe,
    ISOC`` and ``Jane Roe – Internet Society`` an affiliation, ``UK –`` and ``Mongi –
    clarification`` a dash, ``Chair – I did mention that.`` its speech after the dash; None for a
    dash or comma followed by speech about someone ("Egypt – you were not listening")."""
    paren = _PAREN.match(text)
    if paren:
        return paren["label"].strip(), "note", paren["note"].strip()
    dash = _DASH.search(text)
    cut = dash.span() if dash else (text.find(","), text.find(",") + 1)
    if cut[0] < 0:
        return text, "bare", ""
    label, rest = text[: cut[0]].strip(), text[cut[1] :].strip()
    if rest and _shaped(rest) and rest.lower() not in _SPEECH_WORDS:
        return label, "affiliation", rest
    if dash and _FIRST_PERSON.match(rest):
        return label, "speech", rest
    if dash and len(rest.split()) <= 1 and not rest.endswith((",", ";")):
        return label, "dash", rest
    return None


def _text(line: str) -> tuple[str, bool] | None:
    """The line's text with its spaces normalised, and whether it ended with a colon ("Kenya:" alone
    on its line labels the lines below); None if the line cannot be a label."""
    if len(line) > 2 * _MAX_LINE:
        return None
    text = " ".join(line.split())
    if not text or len(text) > _MAX_LINE or _BAD_START.match(text):
        return None
    colon = text.endswith(":")
    text = text[:-1].rstrip() if colon else text
    return (text, colon) if text and not text.endswith(":") else None


def _candidate(line: str, number: int) -> _Candidate | None:
    """The label a line would give if it opened a turn, with its form; None if it cannot be one."""
    found = _text(line)
    if found is None:
        return None
    text, colon = found
    if "?" in text:
        return _mark(text, number)
    split = _split(text)
    if split is None:
        return None
    label, form, note = split
    # Two lower-case words make a phrase of speech, whatever else the line has; a digit is no
    # name's, but tells unnamed speakers apart ("Room Mic 2", "Speaker 3").
    if not label or label[-1] in ".,;:!" or len(_SPEECHY.findall(label)) > 1:
        return None
    if _DIGIT.search(label) and label_kind(label) != "generic":
        return None
    kind = _kind(label)
    return _Candidate(number, label, kind, "colon" if colon and form == "bare" else form, note) if kind else None


class _Evidence:
    """What the whole file says about words: which it also writes in lower case, which it writes
    capitalised inside a sentence (proper nouns), how often each stands alone as a label."""

    def __init__(self, lines: tuple[str, ...], candidates: dict[int, _Candidate]) -> None:
        self.lower: set[str] = set()
        self.mid_caps: Counter[str] = Counter()
        self.acronyms: Counter[str] = Counter()
        for start in range(0, len(lines), _CHUNK):
            chunk = "\n".join(lines[start : start + _CHUNK])
            self.lower.update(_LOWER_WORD.findall(chunk))
            self.mid_caps.update(_MID_CAPS.findall(chunk))
            self.acronyms.update(_ACRONYM_WORD.findall(chunk))
        self.alone = Counter(c.label.casefold() for c in candidates.values() if c.form != "speech")

    def recurring(self, label: str) -> bool:
        return self.alone[label.casefold()] >= 2

    def topic(self, acronym: str) -> bool:
        """An acronym the speech mentions far more often than it stands alone: what is talked about."""
        alone = self.alone[acronym.casefold()]
        mentions = self.acronyms[acronym] - alone
        return mentions >= 5 and mentions > 3 * alone

    def proper(self, label: str) -> bool:
        """The first word is never written in lower case elsewhere ("Support" / "support" is not)."""
        first = label.split()[0].strip(".")
        return first.lower() not in self.lower or first.isupper()


def _strength(candidate: _Candidate, evidence: _Evidence) -> tuple[float, bool]:
    """How sure the line is a label by its kind and the file's evidence (0: it is not), and
    whether a refused line still looks like a label (listed as unplaced for the user)."""
    kind, label = candidate.kind, candidate.label
    if kind in ("role", "country"):
        return 0.95, False
    if kind in ("generic", "mark"):
        return 0.85, False
    recurring = evidence.recurring(label)
    if kind == "acronym":
        # A topic; or a word in capitals ("AGREED", "WHO") the file also writes in lower case,
        # which must stand alone twice to count.
        if evidence.topic(label) or (label.lower() in evidence.lower and not recurring):
            return 0.0, candidate.form == "bare"
        return (0.9 if recurring else 0.6), False
    if not evidence.proper(label):
        return 0.0, False  # "Support": the file writes it in lower case too
    if recurring:
        return 0.85, False
    # A one-off single word needs a sign that it is a name: written capitalised mid-sentence.
    if len(label.split()) > 1 or evidence.mid_caps[label] > 0:
        return 0.65, False
    return 0.0, candidate.form == "bare"


def _person_under(previous: Header, candidate: _Candidate, previous_kind: str) -> bool:
    """``Nominet UK`` / ``Martin Boyle``: a person's name right under an organisation's or a
    country's label is one speaker."""
    return (
        candidate.kind == "name"
        and candidate.form == "bare"
        and len(candidate.label.split()) >= 2
        and previous_kind in ("acronym", "name", "country")
        and not previous.affiliation
        and previous.last_line is None
    )


@dataclass
class _State:
    headers: list[Header]
    kinds: list[str]
    stage: list[int]
    scaffolding: list[int]
    unplaced: list[int]
    notes: list[str]
    inline: set[int] = field(default_factory=set)  # header lines with the speech on them
    time: str = ""
    after_header: bool = False  # the line just before is a header line (no blank between)
    in_list: bool = False  # the lines just above (no blank) are "Co-sponsors:" and its items


def _classify(number: int, line: str, state: _State) -> bool:
    """Stage notes, time marks, breaks and rules; True if the line is one of them."""
    if len(line) > 250:
        return False  # running text: no mark is that long
    time = _TIME_MARK.match(line)
    if time:
        state.scaffolding.append(number)
        state.time = time["time"].replace(".", ":").replace("h", ":")
    elif _RULE.match(line):
        state.scaffolding.append(number)
    elif _BRACKETED.match(line) or _BREAK.match(line):
        state.stage.append(number)
    else:
        return False
    state.after_header = False
    return True


def _place(candidate: _Candidate, strength: float, state: _State) -> None:
    """Open a turn at a label line."""
    confidence = strength if candidate.form != "speech" else min(strength, 0.75)
    label = candidate.label
    if candidate.form == "note" and name_shaped(candidate.note, max_words=3):
        label = f"{label} ({candidate.note})"  # "IGC (Izumi)": who speaks for it, kept as written
    elif candidate.form == "note":
        state.notes.append(f"line {candidate.line}: {label} ({candidate.note})")
    state.headers.append(
        Header(
            line=candidate.line,
            label=label,
            kind=label_kind(label),
            time=state.time,
            affiliation=candidate.note if candidate.form == "affiliation" else "",
            confidence=round(confidence, 2),
        )
    )
    state.kinds.append(candidate.kind)
    state.time = ""
    state.after_header = candidate.form != "speech"
    if candidate.form == "speech":
        state.inline.add(candidate.line)


def _under_header(candidate: _Candidate, strength: float, state: _State) -> bool:
    """A label-shaped line right under a header line: a person's name under an organisation's
    merges into that header; anything but a role, a country or a mark is the speaker's first
    words ("Philippines" / "ECOSOC"). True when the line has been dealt with."""
    previous = state.headers[-1]
    if _person_under(previous, candidate, state.kinds[-1]):
        state.headers[-1] = replace(
            previous,
            label=candidate.label,
            affiliation=previous.label,
            confidence=round(max(previous.confidence, strength), 2),
        )
        state.kinds[-1] = "name"
        state.after_header = False
        return True
    if candidate.kind not in ("role", "country", "mark"):
        state.after_header = False
        return True
    return False


def _wrapped(lines: tuple[str, ...], number: int) -> bool:
    """The line continues a sentence: the line above ends mid-sentence (a lower-case word) or the
    line below goes on in lower case. Only weak labels are refused for it: notes often put a
    strong one ("China") right under an unpunctuated line."""
    above = lines[number - 2].rstrip() if number >= 2 else ""
    below = lines[number].lstrip() if number < len(lines) else ""
    return bool(re.search(r"\b[a-z][\w'’]*,?$", above)) or bool(re.match(r"[a-z]", below))


def _scan(lines: tuple[str, ...]) -> _State:
    state = _State([], [], [], [], [], [])
    candidates = {n: c for n, line in enumerate(lines, 1) if (c := _candidate(line, n)) is not None}
    if len(candidates) < _MIN_LABELS:
        return state  # not a note-taker's record: spare reading the whole file for evidence
    evidence = _Evidence(lines, candidates)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            state.after_header = state.in_list = False
        elif not _classify(number, line, state):
            _consider(lines, number, candidates.get(number), evidence, state)
    _drop_lists(lines, state)
    return state


def _drop_lists(lines: tuple[str, ...], state: _State) -> None:
    """Three labels or more in a row with nothing said between them are a list of names (who
    co-sponsors, who is on the list of speakers), not turns: they go back to the text, unplaced."""
    marks = set(state.stage) | set(state.scaffolding)
    ends = [h.line for h in state.headers[1:]] + [len(lines) + 1]
    said = [
        h.line in state.inline or any(lines[n - 1].strip() and n not in marks for n in range(h.line + 1, end))
        for h, end in zip(state.headers, ends, strict=True)
    ]
    drop: set[int] = set()
    run: list[int] = []
    for index, spoken in enumerate([*said, True]):
        if not spoken:
            run.append(index)
            continue
        drop.update(run if len(run) >= 3 else ())
        run = []
    state.unplaced += [state.headers[i].line for i in sorted(drop)]
    state.headers = [h for i, h in enumerate(state.headers) if i not in drop]
    state.kinds = [k for i, k in enumerate(state.kinds) if i not in drop]


def _consider(
    lines: tuple[str, ...], number: int, candidate: _Candidate | None, evidence: _Evidence, state: _State
) -> None:
    """Decide whether a non-blank line that is no mark opens a turn."""
    strength, looks = _strength(candidate, evidence) if candidate else (0.0, False)
    listed, state.in_list = state.in_list, False
    if candidate is None or strength == 0.0 or (candidate.form == "speech" and strength < 0.85):
        if looks:
            state.unplaced.append(number)
        state.after_header = False
        state.in_list = lines[number - 1].rstrip().endswith(":")
    elif listed:
        state.in_list = True  # "Co-sponsors:" / "Ghana" / "Peru": the items of a list
    elif state.after_header and _under_header(candidate, strength, state):
        return
    elif strength < 0.85 and _wrapped(lines, number):
        state.after_header = False  # a name-like phrase inside a wrapped sentence
    else:
        _place(candidate, strength, state)


def _confidence(lines: tuple[str, ...], state: _State) -> float:
    """Share of the lines the format explains × how distinctive the evidence is × a penalty for
    lines of other formats (a Markdown or caption transcript is not a note-taker's record)."""
    headers = state.headers
    nonblank = sum(1 for line in lines if line.strip())
    if not headers or nonblank == 0:
        return 0.0
    marks = set(state.stage) | set(state.scaffolding)
    in_turns = sum(1 for n in range(headers[0].line, len(lines) + 1) if lines[n - 1].strip() and n not in marks)
    coverage = min(1.0, (in_turns + len(marks)) / nonblank)
    strong = sum(1 for kind in state.kinds if kind in ("role", "country", "mark")) / len(headers)
    labels = Counter(h.label.casefold() for h in headers)
    recurring = sum(1 for h in headers if labels[h.label.casefold()] >= 2) / len(headers)
    amount = min(1.0, len(headers) / 8) * min(1.0, (len(headers) / nonblank) / 0.05)
    foreign = sum(1 for line in lines if _FOREIGN.match(line))
    penalty = 1.0 / (1.0 + 2.0 * foreign / len(headers))
    score = coverage * (0.5 + 0.25 * strong + 0.2 * recurring) * amount * penalty
    return round(min(0.95, score), 3)


class NotesReader:
    """A note-taker's record: a name, delegation or post alone on a line, then the speech."""

    name = NAME
    summary = (
        "note-taker's record: a name, delegation or post alone on a line (Chair, South Africa, EU ?), speech below"
    )

    @never_raises
    def read(self, text: SourceText) -> Reading:
        lines = tuple(text.lines)
        if not lines or binary(lines):
            return Reading(reader=NAME, confidence=0.0)
        state = _scan(lines)
        confidence = _confidence(lines, state)
        if confidence == 0.0:
            return Reading(reader=NAME, confidence=0.0)
        return Reading(
            reader=NAME,
            confidence=confidence,
            headers=tuple(state.headers),
            stage_notes=tuple(state.stage),
            scaffolding=tuple(state.scaffolding),
            unplaced=tuple(state.unplaced),
            notes=tuple(state.notes),
        )


READER = NotesReader()
