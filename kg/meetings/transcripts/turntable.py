"""Turns and their attributions stored column by column, for a transcript too large to hold one
object per turn (:mod:`kg.meetings.transcripts.stream`).

A :class:`~kg.meetings.transcripts.segment.Turn` with its :class:`~kg.meetings.transcripts.model.Header`
costs about 700 bytes as Python objects; a 50 MB caption file has some 200,000 turns. Here a turn
costs about 40 bytes: its numbers in typed arrays, its label, kind, affiliation, role and confidence
as an index into the distinct ones (a meeting has a few dozen speakers), its time as bytes. Each
turn is rebuilt, equal to the one stored, when it is read: the tables are read-only sequences that
the report and its consumers iterate, index and zip like the tuples of a small file.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterator, Sequence
from typing import Generic, TypeVar, overload

from kg.meetings.transcripts.model import Header, HeaderKind
from kg.meetings.transcripts.segment import Turn

T = TypeVar("T", bound=Hashable)
#: What a header says about its speaker, stored once for all the turns that say the same.
_Voice = tuple[str, HeaderKind, str, str, float]


class Interned(Sequence[T], Generic[T]):
    """A sequence of values that repeat: each distinct value stored once, an index per item."""

    def __init__(self) -> None:
        self._values: list[T] = []
        self._index: dict[T, int] = {}
        self._items = array("i")

    def append(self, value: T) -> None:
        index = self._index.setdefault(value, len(self._values))
        if index == len(self._values):
            self._values.append(value)
        self._items.append(index)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self._values[i] for i in self._items[index]]
        return self._values[self._items[index]]

    def __iter__(self) -> Iterator[T]:
        values = self._values
        return (values[i] for i in self._items)


class TurnTable(Sequence[Turn]):
    """Turns in the order they were added; ``order`` is each turn's position (1-based)."""

    def __init__(self) -> None:
        self._line = array("i")  # the header's line, also the turn's first line
        self._last = array("i")  # the header's last_line, 0 when it has none
        self._end = array("i")
        self._speech = array("i")
        self._voices: Interned[_Voice] = Interned()
        self._time_ends = array("q")  # where each turn's time ends in _times
        self._times = bytearray()

    def append(self, turn: Turn, shift: int = 0) -> None:
        """Store ``turn`` as the next one, its line numbers moved by ``shift`` (its ``order`` is
        ignored: it is its position)."""
        header = turn.header
        if turn.line_start != header.line:
            raise ValueError(f"a turn starts at its header's line ({turn.line_start} is not {header.line})")
        self._line.append(header.line + shift)
        self._last.append(header.last_line + shift if header.last_line is not None else 0)
        self._end.append(turn.line_end + shift)
        self._speech.append(turn.speech_lines)
        self._voices.append((header.label, header.kind, header.affiliation, header.role, header.confidence))
        self._times += header.time.encode("utf-8")
        self._time_ends.append(len(self._times))

    def extend_last(self, line_end: int, speech_lines: int) -> None:
        """The last turn goes on to ``line_end`` with ``speech_lines`` more lines of speech (a turn
        that runs past the window it started in)."""
        self._end[-1] = max(self._end[-1], line_end)
        self._speech[-1] += speech_lines
        if self._last[-1]:  # a format that delimits its turns: the turn's last line moves too
            self._last[-1] = max(self._last[-1], line_end)

    def __len__(self) -> int:
        return len(self._line)

    @overload
    def __getitem__(self, index: int) -> Turn: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Turn]: ...
    def __getitem__(self, index: int | slice) -> Turn | Sequence[Turn]:
        if isinstance(index, slice):
            return [self._turn(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("turn index out of range")
        return self._turn(index)

    def __iter__(self) -> Iterator[Turn]:
        return (self._turn(i) for i in range(len(self)))

    def _turn(self, i: int) -> Turn:
        label, kind, affiliation, role, confidence = self._voices[i]
        start = self._time_ends[i - 1] if i else 0
        header = Header(
            line=self._line[i],
            label=label,
            kind=kind,
            time=self._times[start : self._time_ends[i]].decode("utf-8"),
            affiliation=affiliation,
            role=role,
            confidence=confidence,
            last_line=self._last[i] or None,
        )
        return Turn(i + 1, header, header.line, self._end[i], self._speech[i])
