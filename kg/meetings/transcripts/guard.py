"""A reader never raises (:class:`~kg.meetings.transcripts.model.Reader`): any text, however
hostile, gets a reading. The one place that turns an error into "this text is not this format".

- :func:`never_raises` wraps a reader's ``read``: an error inside the reader (its own bug, or a
  library's error it did not expect) is a reading with confidence 0 and a note naming the error,
  so detection goes on with the other readers.
- :func:`binary` says a text is no transcript at all (NUL bytes, control characters), so a reader
  can refuse it before reading it.
- :func:`attempt` wraps one call into a parsing library (webvtt-py, srt, defusedxml's parser) on
  the text: the reader gets the value, or the error as a sentence, and decides what it means
  (webvtt falls back to its own line scan, srt reads no cue).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from kg.meetings.transcripts.model import Reading, SourceText

_T = TypeVar("_T")
#: How much of a text :func:`binary` samples: its first lines, up to this many characters.
_SAMPLE_LINES = 200
_SAMPLE_CHARS = 20000
#: The share of control characters (or U+FFFD, what a wrong decoding leaves) above which a text is binary.
_MOST_CONTROL = 0.01
#: How much of an error's message a note quotes: a library may quote the whole text it refused.
_MESSAGE_CHARS = 200


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_R = TypeVar("_R", bound=_Named)


def describe(error: BaseException) -> str:
    """An error as a note says it: its kind and the start of its message."""
    message = " ".join(str(error).split())
    if len(message) > _MESSAGE_CHARS:
        message = message[:_MESSAGE_CHARS] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def binary(lines: Sequence[str]) -> bool:
    """Whether the text is binary rather than a transcript: a NUL, or more than 1 % of control
    characters (or U+FFFD) in its first lines. Tabs, form feeds and line ends are text."""
    sample = "".join(lines[:_SAMPLE_LINES])[:_SAMPLE_CHARS]
    if "\x00" in sample:
        return True
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f\v") or ch == "\ufffd")
    return bad > len(sample) * _MOST_CONTROL


def failed(reader: str, error: BaseException) -> Reading:
    """The reading of a reader that failed on a text: the text is not its format."""
    return Reading(reader=reader, confidence=0.0, notes=(f"the {reader} reader failed: {describe(error)}",))


def never_raises(read: Callable[[_R, SourceText], Reading]) -> Callable[[_R, SourceText], Reading]:
    """A reader's ``read`` that gives :func:`failed`'s reading instead of raising."""

    @functools.wraps(read)
    def guarded(reader: _R, text: SourceText) -> Reading:
        try:
            return read(reader, text)
        except Exception as error:  # the contract: any text gets a reading, a failure costs this reader only
            return failed(reader.name, error)

    return guarded


@dataclass(frozen=True)
class Attempt(Generic[_T]):
    """What a library call on the text gave: its value, or the error (``value`` None)."""

    value: _T | None
    error: str = ""  # "" when the call succeeded; else what went wrong, as a note says it


def attempt(call: Callable[[], _T]) -> Attempt[_T]:
    """Call a parsing library on the text; its error is an :class:`Attempt` with the error, not a crash."""
    try:
        return Attempt(call())
    except Exception as error:  # a library on a hostile text may raise anything; the reader decides
        return Attempt(None, describe(error))
