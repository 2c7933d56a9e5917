"""What a label or a bracketed line is, whatever the format: a stage note, a generic label that
names nobody, or a speaker. Shared by every reader, so that ``[Applause]`` is a stage note and
``PARTICIPANT``, ``Speaker 2``, ``Audience Member 3`` or a room microphone (``Room-Mic-1``,
``UNHQ-S-1522FC``) a generic label in every format alike: each opens a turn like a name, and the
speaker resolver tries no name on it."""

from __future__ import annotations

import re

from kg.meetings.transcripts.model import HeaderKind
from kg.meetings.transcripts.names import word_set

#: Words of stage notes: what happens in the room, not who speaks.
_STAGE_WORDS = (
    "applause", "laughter", "laughs", "laughing", "inaudible", "unintelligible", "indiscernible", "crosstalk",
    "cross talk", "silence", "pause", "music", "no audio", "audio", "background noise", "noise", "off mic",
    "off-mic", "microphone", "mic", "speaking", "spoke in", "speaks in", "interpretation", "interpreted",
    "interpreter", "recess", "break", "lunch", "session", "suspended", "resumed", "adjourned", "technical",
    "video", "break in", "end of", "tapping", "coughs", "cough", "chuckles", "sighs", "gavel", "bell",
)  # fmt: skip
#: Whole words only: "mic" is a stage word, "Dominic" is a name.
_STAGE = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in _STAGE_WORDS) + r")\b", re.IGNORECASE)
_BRACKETED = re.compile(r"^\s*(?:\*\*|__)?\s*[\[(<](?P<inner>[^\])>]{1,120})[\])>]\s*(?:\*\*|__)?\s*[.:]?\s*$")
#: Labels that stand for an unknown or unnamed speaker, as phrases the word rule below cannot build.
_GENERIC_LABELS = (r"from the floor", r"moderator's? mic", r"voice ?over", r"\?+")
_GENERIC = re.compile(r"^(?:" + "|".join(_GENERIC_LABELS) + r")$", re.IGNORECASE)
#: Words of a label that names nobody: who speaks without a name (``Unknown Speaker``, ``Audience
#: Member``, ``Female Voice``) or where (``Room Mic``, ``Floor Mic``, ``Conference Room``). One of them
#: alone is generic; so is a phrase of them with the numbers or letters that tell such speakers apart.
_GENERIC_NOUNS = word_set(
    "speaker participant audience attendee member guest caller voice person man woman male female floor room "
    "rm mic microphone booth podium lectern interpreter interpretation captioner cart narrator voiceover "
    "unknown unidentified inaudible"
)
#: Plurals name several at once (``Multiple Speakers``), but alone they head a list (``Participants``,
#: ``Attendees``, ``Speakers``): generic only with a qualifier.
_GENERIC_PLURALS = word_set("speakers participants attendees voices people members guests")
#: Words that qualify those nouns (``Unnamed``, ``Remote``, ``Conference``), never generic alone.
_GENERIC_QUALIFIERS = word_set(
    "unnamed other another multiple several various new remote online virtual main conference conf meeting zoom"
)
#: What tells unnamed speakers apart: a number (``Speaker 2``, ``#3``) or one letter (``Speaker A``).
_IDENTIFIER = re.compile(r"^(?:#?\d{1,3}|[a-z])$")
#: The words of a label, with a number written onto a word apart (``SPEAKER_00``, ``Speaker2``, ``Mic#3``).
_GENERIC_WORD = re.compile(r"[^\W\d_]+|#?\d+")
#: A room or booth microphone as a video-conference system names it (``UNHQ-S-1522FC``): letters,
#: digits and dashes with at least one digit, no spaces.
_DEVICE = re.compile(r"^(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:-[A-Z0-9]+)+$")


def stage_note(line: str) -> str | None:
    """The note's text when the line is only a stage note (``[Applause]``, ``(spoke in French)``,
    ``<Laughter>``, ``**[Applause]**``), else None."""
    match = _BRACKETED.match(line)
    if match is None:
        return None
    inner = match.group("inner").strip()
    return inner if _STAGE.search(inner) else None


def label_kind(label: str) -> HeaderKind:
    """``generic`` for a label that names nobody in particular, ``unnamed`` for none, else ``speaker``."""
    bare = label.strip().strip("[]()<>*_ :").strip()
    if not bare:
        return "unnamed"
    if _GENERIC.match(bare) or _DEVICE.match(bare) or _generic_words(bare):
        return "generic"
    return "speaker"


def _generic_words(label: str) -> bool:
    """``Room-Mic-1``, ``Audience Member 2``, ``Unidentified Male Speaker``, ``Speaker A``: every word
    a generic noun, its qualifier or an identifier, and one a noun at least. ``The Speaker`` or
    ``Mr. Speaker`` (a presiding officer's post) and ``Speaker of the House`` hold other words."""
    words = _GENERIC_WORD.findall(label.lower())
    nouns = _GENERIC_NOUNS.intersection(words)
    several = bool(_GENERIC_PLURALS.intersection(words)) and bool(_GENERIC_QUALIFIERS.intersection(words))
    if not 1 <= len(words) <= 5 or not (nouns or several):
        return False
    generic = _GENERIC_NOUNS | _GENERIC_PLURALS | _GENERIC_QUALIFIERS
    return all(word in generic or _IDENTIFIER.match(word) for word in words)


def clean_label(label: str) -> str:
    """The label without the format's markup and trailing punctuation (``**[Lainey]:**`` -> ``Lainey``)."""
    text = label.strip()
    for mark in ("**", "__"):
        text = text.replace(mark, "")
    text = text.strip().rstrip(":-–—").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].strip()
    return " ".join(text.split())
