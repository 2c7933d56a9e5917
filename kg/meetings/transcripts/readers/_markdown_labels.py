"""The grammar of a Markdown transcript's labels, one label at a time: where its time is, which
part is the name, the affiliation or the role, whether it is a section word, a post or a body, and
the dates a title or front matter states. Whether a label is shaped like a name is the rule every
reader shares (:func:`kg.meetings.transcripts.names.name_shaped`, with ``bodies=True``: Markdown
labels name posts and bodies too). The document-level decisions (which convention
is the document's) are :mod:`.markdown`'s.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from kg.meetings.transcripts.delegations import delegation_like
from kg.meetings.transcripts.labels import clean_label, stage_note
from kg.meetings.transcripts.names import name_shaped, word_set

_TIME = r"\d{1,2}:\d{2}(?::\d{2,3})?(?:[.,]\d{1,3})?"  # "1:00:017" too: a typo keeps its place as a time
#: A time closing a label: ``Name 0:04``, ``Name (00:03:21)``, ``Name - 4:22``, ``Name @ 1:02:09``.
_TAIL_TIME = re.compile(rf"(?:^|[\s,@\-–—])[(\[]?(?P<time>{_TIME})[)\]]?$")
#: A time before the name, as some exports write it: ``[00:03:21] Name``, ``00:04 - Name``.
_HEAD_TIME = re.compile(rf"^[(\[]?(?P<time>{_TIME})[)\]]?(?:\s*[-–—|]\s*|\s+)(?=\S)")
#: A time that is all the text after a bold name (``**Name** 04:48``), perhaps before the speech.
_LEAD_TIME = re.compile(rf"^[(\[]?(?P<time>{_TIME})[)\]]?\s*(?:[:\-–—]\s*)?(?P<speech>.*)$")
#: The same time set off by a comma or an at sign, alone after the bold (``**Name**, 4:22``,
#: ``**Name** @ 4:22``): the separators a time closing a label takes inside the bold (``_TAIL_TIME``).
_LEAD_TIME_SET_OFF = re.compile(rf"^[,@]\s*[(\[]?(?P<time>{_TIME})[)\]]?\s*$")
_SEP_END = re.compile(r"\s*(?P<sep>[:\-–—])\s*$")
_SEP_START = re.compile(r"^\s*(?P<sep>:|[\-–—](?=\s))\s*")
_PAREN = re.compile(r"\(([^()]{1,80})\)")
#: Words of section labels, agenda items and note-taking, not of names: a label with one is no speaker.
_SECTION_WORDS = word_set(
    "action actions agenda announcements answer answers attendees background break chat closing comment "
    "comments conclusion conclusions context date deadline decision decisions description details discussion "
    "disclaimer duration edit example feedback follow-up goal goals highlights important introduction issue "
    "issues item items keynote links location lunch meeting minutes misc motivation next note notes objective "
    "objectives opening outcome outcomes overview owner panel participants priority problem progress proposal "
    "proposals purpose question questions recap recommendation recommendations recording references remarks "
    "reminder resources result results review risks scope session status steps summary takeaways tip todo "
    "topic topics transcript update updates venue video warning welcome q&a tl;dr"
)
#: Words of posts and functions (a ``|`` field holding one is the role).
_ROLE_WORDS = word_set(
    "chair co-chair chairperson chairman chairwoman vice-chair president vice-president moderator "
    "co-moderator facilitator co-facilitator rapporteur representative ambassador delegate observer secretary "
    "secretary-general under-secretary-general director director-general minister deputy ceo cto coo cfo usg "
    "asg sg dsg srsg head chief officer coordinator panelist panellist host co-host member adviser advisor "
    "envoy commissioner executive manager lead founder co-founder professor former permanent spokesperson "
    "convenor convener presenter interpreter"
)
#: Roles whose holder speaks *for* the body next to it: ``Kenya | Representative`` is Kenya speaking.
_SPEAKS_FOR_BODY = word_set("representative ambassador delegate observer delegation")
_BODY_WORDS = word_set(
    "un secretariat centre center organization organisation union council commission committee bank fund "
    "institute foundation labs agency office ministry department group association federation university "
    "programme program forum delegation mission government republic kingdom alliance network society "
    "coalition partnership initiative consortium board assembly parliament court"
)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")  # fmt: skip
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d{{2}})\b"),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})(?!\d)"),
)


def split_bold(inner: str, rest: str) -> tuple[str, str, str, str]:
    """``(label text, time, separator, speech)`` of a bold span and what follows it on the line."""
    text, sep, speech = inner.strip(), "", rest.strip()
    if match := _SEP_END.search(text):
        sep, text = match.group("sep"), text[: match.start()]
    text, time = take_time(text, head=True)
    if not sep and (lead := _SEP_START.match(rest)):
        sep, speech = lead.group("sep"), rest[lead.end() :].strip()
    if not time and (after := _LEAD_TIME.match(speech)):  # ``**Name** 04:48`` or ``**Name** (0:04): text``
        time, speech = after.group("time"), after.group("speech").strip()
    elif not time and (after := _LEAD_TIME_SET_OFF.match(speech)):
        time, speech = after.group("time"), ""
    return text.strip(), time, sep, speech


def take_time(text: str, head: bool = False) -> tuple[str, str]:
    """``(text without its time, the time)``: the time closing the label, or opening a bold one (a
    heading opening with a time is a schedule's: ``## 10:00 Opening``)."""
    if match := _TAIL_TIME.search(text):
        return text[: match.start()].rstrip(" ,@-–—"), match.group("time")
    if head and (match := _HEAD_TIME.match(text)):
        return text[match.end() :], match.group("time")
    return text, ""


@lru_cache(maxsize=4096)  # labels recur all through a transcript: judge each once
def label_fields(text: str) -> tuple[str, str, str]:
    """``(label, affiliation, role)`` of ``Name (Affiliation)``, ``[Name]``, ``Name (Chair)``."""
    affiliations: list[str] = []
    roles: list[str] = []
    for note in _PAREN.findall(text):
        note = note.strip()
        if stage_note(f"({note})") is not None and not name_shaped(note, bodies=True):
            continue  # "(spoke in French)" says how, not who
        (roles if is_role(note) else affiliations).append(note)
    base = _PAREN.sub(" ", text)
    name, _, after = base.partition(",")
    if after.strip() and is_role(after):  # "Jan Kowalski, Permanent Representative of Poland"
        base, roles = name, [after.strip(), *roles]
    return clean_label(base), "; ".join(affiliations), "; ".join(roles)


def pipe_fields(text: str) -> tuple[str, str, str]:
    """``(label, affiliation, role)`` of ``Body | Name | Role``, ``Country | Representative``,
    ``Name | Role``: each field is classified by its shape, not its position, where it can be."""
    fields = [f for f in (clean_label(f) for f in text.split("|")) if f]
    if not 1 <= len(fields) <= 3:
        return "", "", ""
    people, body, role = _sort_fields(fields)
    if len(people) == 1:
        return people[0], body, role
    if people:  # two name-shaped fields: only the usual order "Body | Name | Role" decides
        return (fields[1], fields[0], fields[2]) if len(fields) == 3 and fields[1] in people else ("", "", "")
    if body and (not role or any(t in _SPEAKS_FOR_BODY for t in _tokens(role))):
        return body, "", role  # "Kenya | Representative": the delegation is the speaker
    return role, body, role  # "IAHWG | Co-Chair": the post speaks, the body is whose (or nothing)


def _sort_fields(fields: list[str]) -> tuple[list[str], str, str]:
    """The name-shaped fields, the first body (country, acronym, organisation) and the first role."""
    roles = [f for f in fields if is_role(f)]
    bodies = [f for f in fields if f not in roles and is_body(f)]
    people = [f for f in fields if f not in roles and f not in bodies and name_shaped(f, max_words=8, bodies=True)]
    return people, (bodies or [""])[0], (roles or [""])[0]


def _iso(match: re.Match[str]) -> str:
    text = match.group("month").lower()
    names = [i for i, name in enumerate(_MONTH_NAMES, 1) if len(text) >= 3 and name.startswith(text)]
    month = int(text) if text.isdigit() else (names or [0])[0]
    try:
        return datetime.date(int(match.group("year")), month, int(match.group("day"))).isoformat()
    except ValueError:
        return ""


@lru_cache(maxsize=4096)
def is_section(label: str) -> bool:
    words = [w.strip(".,:;!?()[]").lower() for w in label.split()]
    return any(w in _SECTION_WORDS for w in words)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s&/,;]+", text.lower()) if t]


@lru_cache(maxsize=4096)
def is_role(text: str) -> bool:
    return any(t in _ROLE_WORDS or t.split("-")[-1] in _ROLE_WORDS for t in _tokens(text))


def is_body(text: str) -> bool:
    """A country, an acronym (``IAHWG``, ``EU``) or an organisation's name."""
    if re.fullmatch(r"[A-Z][A-Z0-9&\-]{1,9}", text) or delegation_like(text):
        return True
    return any(t in _BODY_WORDS for t in _tokens(text))


def date_in(line: str) -> str:
    """The first date in ``line``, as ISO (``Oct 30, 2025``, ``2022/07/28``, ``17 November 2025``), or ""."""
    hits = [(m.start(), iso) for pattern in _DATE_PATTERNS for m in pattern.finditer(line) if (iso := _iso(m))]
    return min(hits)[1] if hits else ""
