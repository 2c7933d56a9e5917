"""A meeting's transcript too large to read whole, read with its metadata in bounded memory: what
:func:`kg.meetings.reading.read_meeting` does for a file over
:attr:`~kg.meetings.transcripts.stream.Limits.above_bytes` in a format read as a stream.

The turns are those :func:`~kg.meetings.transcripts.stream.read_large` found, in its compact
table. What the metadata and the build need of the lines is read in one more pass over the file
(:func:`iter_lines`, nothing else kept): the line count, the session marks
(:class:`~kg.meetings.sessions.SessionScan`), the lines the metadata's corrections name, and the
first words of every header line (:class:`HeadWords`: what a citation quotes). Then:

- the metadata's per-line corrections (:func:`~kg.meetings.corrections.correct_headers`), on the
  headers they touch: the header at each line they name, and the one before each line of
  ``not_turns`` (which takes the lines of the turn removed);
- the session ends (:func:`~kg.meetings.sessions.within_session`) on every header;
- each turn's end. Where the turn's bounds (its own last line, the next header) did not move
  inside what the stream gave it, its end and its speech lines are the stream's. Where they did
  (a header the metadata adds or removes, a session mark that cuts it), the turn is ended again
  in a last pass over those turns' lines only, as :func:`~kg.meetings.transcripts.segment.turns`
  ends one: on its last line that is neither blank nor a stage note. The format's own lines (a
  cue's number and timing) are not known there, since the stream does not keep them: such a turn
  may end on one, and count it among its lines of speech.
- each header's speaker, resolved once for each distinct label, affiliation and role (a caption
  file has a few dozen speakers and some 200,000 turns), kept as an index per turn.

Memory is the stream's (its window and its table of turns), the header lines' first words (some
100 bytes a turn) and the sessions: it grows with the turns, not with the file. Measured: 50 MB of
WebVTT (174,192 turns) read with its metadata in 113 MiB at peak, where reading it whole took
860 MiB; 150 MB of IGF captions with two corrections and a lunch break (616,861 turns) in 162 MiB.
On files generated in the benchmark's eight text formats and TEI, in windows of 20,000
characters, with session marks and corrections, every turn is the one reading whole gives, but
in the cue formats (WebVTT, SRT) where a correction cuts a cue run: the turn before the cut then
ends on the next cue's number and timing rather than on its last words.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

from kg.core.errors import SourceError
from kg.meetings.corrections import check_lines, correct_headers
from kg.meetings.meta import MeetingMeta
from kg.meetings.model import SessionMark
from kg.meetings.sessions import SessionScan, within_session
from kg.meetings.speakers import HeaderResolution
from kg.meetings.transcripts.decode import iter_lines
from kg.meetings.transcripts.detect import Detection
from kg.meetings.transcripts.model import Header
from kg.meetings.transcripts.segment import Turn
from kg.meetings.transcripts.stream import Limits, Streamed
from kg.meetings.transcripts.turntable import Interned, TurnTable

#: Words kept of a header line: more than a citation quotes (kg.meetings.to_quads.QUOTE_WORDS, 12),
#: which also needs to know whether the line goes on.
HEAD_WORDS = 16

Resolve = Callable[[Header], HeaderResolution]


@dataclass(frozen=True)
class StreamedMeeting:
    """A large transcript read with its metadata (see the module docstring)."""

    detection: Detection  # the stream's; its stage notes without the lines the metadata makes headers
    turns: Sequence[Turn]
    resolutions: Sequence[HeaderResolution]
    sessions: tuple[SessionMark, ...]
    count: int  # the file's lines
    heads: HeadWords
    unneeded: tuple[tuple[str, int], ...]


def read_streamed(
    path: Path, meta: MeetingMeta, streamed: Streamed, limits: Limits, resolve: Resolve
) -> StreamedMeeting:
    """The stream's turns with the metadata's corrections and the session ends applied, and
    their speakers resolved by ``resolve``.

    :raises SourceError: as :func:`iter_lines`, or naming the metadata's field when a correction
        names a line the file does not have or a line with no label.
    """
    table = streamed.turns
    header_lines = heapq.merge((turn.line_start for turn in table), sorted(meta.turns))
    scanned = _scan(path, limits, set(meta.turns), header_lines)
    check_lines(meta, path.name, scanned.count)
    touched = _touched(table, meta)
    before = set(touched)
    unneeded, added = correct_headers(touched, meta, lambda line: scanned.texts.get(line, ""))
    reading = streamed.detection.reading
    stage = tuple(n for n in reading.stage_notes if n not in added)  # a line made a header is no stage note
    detection = replace(streamed.detection, reading=replace(reading, stage_notes=stage))
    found = table
    if meta.turns or meta.not_turns or len(scanned.sessions) > 1:
        plan = _Plan(table, touched, before - set(touched), added, scanned.sessions, scanned.count)
        found = plan.turns(_ends(path, limits, plan.moved(), set(stage)))
    return StreamedMeeting(
        detection, found, _resolved(found, resolve), scanned.sessions, scanned.count, scanned.heads, unneeded
    )


class HeadWords(Mapping[int, str]):
    """The first :data:`HEAD_WORDS` words of some lines, by line, stored compactly (the lines in
    a typed array, their words as UTF-8 in one buffer): lines are added in increasing order."""

    def __init__(self) -> None:
        self._lines = array("i")
        self._ends = array("q")
        self._text = bytearray()

    def add(self, line: int, text: str) -> None:
        self._lines.append(line)
        self._text += " ".join(text.split()[:HEAD_WORDS]).encode("utf-8")
        self._ends.append(len(self._text))

    def __getitem__(self, line: int) -> str:
        index = bisect_left(self._lines, line)
        if index == len(self._lines) or self._lines[index] != line:
            raise KeyError(line)
        start = self._ends[index - 1] if index else 0
        return self._text[start : self._ends[index]].decode("utf-8")

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[int]:
        return iter(self._lines)


@dataclass(frozen=True)
class _Scanned:
    count: int
    sessions: tuple[SessionMark, ...]
    texts: dict[int, str]  # the lines the corrections name, whole
    heads: HeadWords


def _scan(path: Path, limits: Limits, named: Collection[int], header_lines: Iterator[int]) -> _Scanned:
    """One pass over the file's lines (``header_lines`` in increasing order)."""
    sessions = SessionScan()
    heads = HeadWords()
    texts: dict[int, str] = {}
    wanted = next(header_lines, None)
    with closing(iter_lines(path, limits.max_bytes, limits.chunk_bytes)) as lines:
        for number, line in enumerate(lines, 1):
            sessions.feed(line)
            if number in named:
                texts[number] = line
            if number == wanted:
                heads.add(number, line)
                while wanted is not None and wanted <= number:  # the same line twice: a header the metadata names
                    wanted = next(header_lines, None)
    return _Scanned(sessions.count, sessions.marks(), texts, heads)


def _touched(table: Sequence[Turn], meta: MeetingMeta) -> dict[int, Header]:
    """The headers the corrections read or change: at each line they name, and the one before
    each line of ``not_turns``."""
    found: dict[int, Header] = {}
    for line in {*meta.turns, *meta.not_turns}:
        index = bisect_left(table, line, key=lambda turn: turn.line_start)
        if index < len(table) and table[index].line_start == line:
            found[line] = table[index].header
        if line in meta.not_turns and index > 0:
            found[table[index - 1].line_start] = table[index - 1].header
    return found


@dataclass(frozen=True)
class _Plan:
    """The turns after the corrections and the session ends, made from the stream's table one
    by one (twice: once for the spans to end again, once to store the turns)."""

    table: Sequence[Turn]
    touched: Mapping[int, Header]  # the headers the corrections read, changed or added, by line
    removed: set[int]
    added: set[int]
    sessions: tuple[SessionMark, ...]
    count: int

    def moved(self) -> list[tuple[int, int]]:
        """(first line, last line it may reach) of each turn to end again."""
        return [
            (header.line, bound) for header, read, bound in self._headers() if read is None or not _holds(read, bound)
        ]

    def turns(self, ends: Mapping[int, tuple[int, int]]) -> TurnTable:
        """The turns, those to end again ended by ``ends`` (first line -> last line, speech lines)."""
        table = TurnTable()
        for header, read, bound in self._headers():
            if read is not None and _holds(read, bound):
                end, speech = read.turn.line_end, read.turn.speech_lines
            else:
                end, speech = ends[header.line]
            table.append(Turn(0, header, header.line, end, speech))
        return table

    def _headers(self) -> Iterator[tuple[Header, _Read | None, int]]:
        """Each header, cut at its session's end; what the stream read for it (None: added); the
        last line its turn may reach."""
        merged = self._merged()
        current = next(merged, None)
        session = 0
        while current is not None:
            header, read = current
            after = next(merged, None)
            while session + 1 < len(self.sessions) and header.line > self.sessions[session].line_end:
                session += 1
            if len(self.sessions) > 1:
                header = within_session(header, self.sessions[session])
            yield header, read, _bound(header, after[0].line if after is not None else None, self.count)
            current = after

    def _merged(self) -> Iterator[tuple[Header, _Read | None]]:
        """The stream's headers without those removed, with those changed or added, in order."""
        adds = iter(sorted(self.added))
        pending = next(adds, None)
        turns = iter(self.table)
        turn = next(turns, None)
        while turn is not None:
            after = next(turns, None)
            while pending is not None and pending < turn.line_start:
                yield self.touched[pending], None
                pending = next(adds, None)
            if turn.line_start not in self.removed:
                was = _bound(turn.header, after.line_start if after is not None else None, self.count)
                yield self.touched.get(turn.line_start, turn.header), _Read(turn, was)
            turn = after
        while pending is not None:
            yield self.touched[pending], None
            pending = next(adds, None)


@dataclass(frozen=True)
class _Read:
    """A turn as the stream read it, and the last line it could reach then."""

    turn: Turn
    bound: int


def _bound(header: Header, next_line: int | None, count: int) -> int:
    """The last line a turn may reach: its own last line, the line before the next header."""
    limit = next_line - 1 if next_line is not None else count
    return max(header.line, min(header.last_line if header.last_line is not None else limit, limit))


def _holds(read: _Read, bound: int) -> bool:
    """Whether the stream's end of the turn holds: the turn's bound (``bound`` now) did not move
    inside its speech, nor past what the stream could reach."""
    return read.turn.line_end <= bound <= max(read.bound, read.turn.line_end)


def _ends(path: Path, limits: Limits, spans: list[tuple[int, int]], stage: set[int]) -> dict[int, tuple[int, int]]:
    """For each span (first line, last line it may reach), in order and apart: the turn's last
    line that is neither blank nor a stage note (else its first), and its lines of speech."""
    ends: dict[int, tuple[int, int]] = {}
    if not spans:
        return ends
    pending = iter(spans)
    first, bound = next(pending)
    last, speech = first, 0
    with closing(iter_lines(path, limits.max_bytes, limits.chunk_bytes)) as lines:
        for number, line in enumerate(lines, 1):
            if number < first:
                continue
            if line.strip() and number not in stage:
                last, speech = number, speech + 1
            if number == bound:
                ends[first] = (last, speech)
                span = next(pending, None)
                if span is None:
                    return ends
                (first, bound), last, speech = span, span[0], 0
    # The spans come from the pass before, which read every line: this one ended sooner.
    raise SourceError(path, f"changed while igkg read it: line {bound} is gone")


def _resolved(turns: Sequence[Turn], resolve: Resolve) -> Interned[HeaderResolution]:
    """Each turn's header resolved, once for each label, affiliation and role."""
    known: dict[tuple[str, str, str], HeaderResolution] = {}
    resolutions: Interned[HeaderResolution] = Interned()
    for turn in turns:
        header = turn.header
        key = (header.label, header.affiliation, header.role)
        found = known.get(key)
        if found is None:
            found = known[key] = resolve(header)
        resolutions.append(found)
    return resolutions
