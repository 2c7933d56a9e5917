"""What a label or a bracketed line is, whatever the format: a stage note, a generic label that
names nobody, or a speaker. Shared by every reader, so that ``[Applause]`` is a stage note and
``PARTICIPANT`` a generic label in every format alike."""

from __future__ import annotations

import re

from kg.meetings.transcripts.model import HeaderKind

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
#: Labels that stand for an unknown or unnamed speaker, or for a place rather than a person.
_GENERIC_LABELS = (
    r"participant", r"audience(?: member)?", r"attendee", r"speaker", r"unknown(?: speaker)?", r"speaker unknown",
    r"unidentified(?: speaker)?", r"inaudible", r"voice", r"male(?: voice| speaker)?", r"female(?: voice| speaker)?",
    r"man", r"woman", r"floor", r"from the floor", r"caller", r"interpreter", r"interpretation", r"captioner",
    r"cart", r"moderator's? mic", r"room", r"room mic(?:rophone)?", r"microphone", r"mic", r"speaker[ _]?\d+",
    r"participant \d+", r"unknown speaker \d+", r"guest(?: \d+)?", r"\?+", r"voice ?over", r"narrator",
)  # fmt: skip
_GENERIC = re.compile(r"^(?:" + "|".join(_GENERIC_LABELS) + r")$", re.IGNORECASE)
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
    if _GENERIC.match(bare) or _DEVICE.match(bare):
        return "generic"
    return "speaker"


def clean_label(label: str) -> str:
    """The label without the format's markup and trailing punctuation (``**[Lainey]:**`` -> ``Lainey``)."""
    text = label.strip()
    for mark in ("**", "__"):
        text = text.replace(mark, "")
    text = text.strip().rstrip(":-–—").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].strip()
    return " ".join(text.split())
