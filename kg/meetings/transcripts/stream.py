"""A transcript too large to read whole, read in bounded memory: detection on its first window of
lines, then the chosen reader over the file window by window, each window cut where a turn starts.

Files up to :attr:`Limits.above_bytes` never come here: :func:`kg.meetings.transcripts.ingest.ingest`
reads them whole, exactly as before (all the gold tests read that path). Above it:

1. **Detection** scores every reader on the first window (about :attr:`Limits.window_chars`
   characters, whole lines). The scores, the title and the date are that window's.
2. **Windows.** The chosen reader reads the file a window at a time, each window's line numbers
   offset to the file's. A window is cut at the block where its last turn starts (the header line,
   and the format's own lines just before it: a cue's number and timing), and the next window
   starts there. So a turn is never cut between windows, a cue run (WebVTT, SRT, Teams exports:
   one speaker's consecutive cues are one turn) is read in one window, and every window after the
   first starts with a turn, the way the file's first turn starts. The turns before the cut are
   kept; the reader's scaffolding lines are used for the window's turn ends and then dropped.
3. **The prologue.** What comes before the file's first turn (the ``WEBVTT`` line, a captioner's
   preamble, a title, a roster written at the top; at most :attr:`Limits.prologue_lines` lines) is
   given to the reader in front of every window, so a window reads as a file of that format does.
   Whatever the reader finds in it is dropped: it was read with the first window.
4. **A turn longer than half a window** cannot start the next window (that window would hold
   little else): the window is then kept whole and its last turn goes on into the next one, whose
   lines before its first header are that turn's; in a format of cue runs, a first header that
   names the same speaker continues the run too. Precision first: a window where the reader finds
   no turn at all, or a line before its first header that looks like a header the reader could not
   place, ends that turn; the lines from there to the next turn are in no turn, and the report's
   notes give them (a window's evidence may have missed a header: its speech must not go to the
   turn before).

What a reader cannot be given a window of, it is given the whole file, up to
:attr:`Limits.whole_bytes` (refused above, naming the file, the format and the limit): TEI XML (one
XML document, parsed as a whole), scribe notes (the roster that expands the initials may be
anywhere in the file), notes (a label's evidence is the whole file's) and a page saved as HTML
(its text is extracted from the whole page). Then only the chosen reader reads it, not all.

What differs from reading a file whole, and why it is acceptable above some megabytes: a reader
weighs a label's evidence (a ``Name:`` that recurs, the share of cues that open with a label)
within its window, not the file; a window holds some 40,000 lines, so a header's confidence may
differ, and a speaker heard only once in a window of a file where they speak often may be listed
among the unplaced lines rather than open a turn. A window cut at a turn keeps that turn even when
the next window alone would not confirm its label. The report says the file was read as a stream.
Measured: on files generated in the benchmark's eight text formats (5 MB in windows of 500,000
characters; 50 MB of WebVTT and of IGF captions in the default windows) every turn is the one
reading whole gives; on the development corpus and the seeds in windows of 20,000 characters (a
few windows a file), all but two are (a header's confidence; a long turn cut where a window found
no turn).

Memory is the window (the lines and the reader's work on them) and the turns found so far, in a
:class:`~kg.meetings.transcripts.turntable.TurnTable` (some 30 bytes a turn): it does not grow with
the file but with its turns, some 6 MB for every 50 MB of captions (about 100 MiB peak for 50 MB
of WebVTT, 130 MiB for 200 MB; a file read whole at its limit, 16 MB, up to about 190 MiB).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path

from kg.core.errors import SourceError
from kg.meetings.transcripts.decode import (
    CHUNK_BYTES,
    MAX_STREAMED_BYTES,
    iter_lines,
    read_transcript,
    transcript_size,
)
from kg.meetings.transcripts.detect import Detection, detect, read_as, readers, safe_read
from kg.meetings.transcripts.model import Header, Reader, Reading, SourceText
from kg.meetings.transcripts.segment import Turn, turns
from kg.meetings.transcripts.turntable import TurnTable

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How large files are read. The defaults are igkg's; tests make them small."""

    above_bytes: int = 8 * _MB  # files up to this are read whole, every reader on the whole text
    window_chars: int = 2_000_000  # the characters of lines a reader reads at once (and detection reads)
    whole_bytes: int = 16 * _MB  # the largest file of a format that is read whole (see WHOLE_READERS)
    max_bytes: int = MAX_STREAMED_BYTES
    chunk_bytes: int = CHUNK_BYTES
    prologue_lines: int = 200
    prologue_chars: int = 65536


LIMITS = Limits()
#: Readers that must read the whole file, and why.
WHOLE_READERS = {
    "tei": "TEI XML, parsed as one document",
    "scribe": "scribe notes, whose roster may be anywhere in the file",
    "notes": "notes, whose labels are confirmed by the whole file",
}
#: Readers whose turns are runs of one speaker's cues or blocks: a run is not cut by a window.
RUN_READERS = frozenset({"webvtt", "srt", "export"})


@dataclass(frozen=True)
class Streamed:
    """A large file's detection (its ``reading`` holds no headers or scaffolding: the turns do)
    and its turns."""

    detection: Detection
    turns: Sequence[Turn]


def read_large(path: Path, forced: str | None = None, limits: Limits = LIMITS) -> Streamed:
    """Read a file too large to read whole (see the module docstring); SourceError as
    :func:`~kg.meetings.transcripts.decode.iter_lines` refuses, or for a format read whole above
    :attr:`Limits.whole_bytes`."""
    lines = iter_lines(path, limits.max_bytes, limits.chunk_bytes)
    with closing(lines):
        first, done = _take(lines, limits.window_chars)
        detection = detect(path, SourceText(path.name, tuple(first)), forced)
        reading = detection.reading
        if detection.html or reading.reader in WHOLE_READERS:
            lines.close()
            return _whole(path, detection, limits)
        if not reading.headers:
            # Read to the end all the same: the decoder's refusals (a binary stretch, a bad
            # encoding further on) must hold as when the file is read whole; memory stays bounded.
            for _ in lines:
                pass
            told = f"{detection.explanation} (in the first {len(first):,} lines, which detection reads)"
            return Streamed(replace(detection, explanation=told, streamed=path), ())
        return _Stream(path, readers()[reading.reader], limits, first).run(lines, reading, done, detection)


def _take(lines: Iterator[str], budget: int) -> tuple[list[str], bool]:
    """Lines until they hold ``budget`` characters (line ends counted); True when the file ended."""
    taken: list[str] = []
    size = 0
    for line in lines:
        taken.append(line)
        size += len(line) + 1
        if size >= budget:
            return taken, False
    return taken, True


def _whole(path: Path, detection: Detection, limits: Limits) -> Streamed:
    """A format whose reader needs the whole file: read whole by that reader alone, up to a limit."""
    name = detection.reading.reader
    what = "an HTML page, whose text is taken from the whole page" if detection.html else WHOLE_READERS[name]
    size = transcript_size(path)
    if size > limits.whole_bytes:
        raise SourceError(
            path,
            f"read as {what}: igkg reads such a file whole, up to {limits.whole_bytes:,} bytes, and this one has "
            f"{size:,}; split it, or convert it to a format read as a stream (plain text, WebVTT, SRT)",
        )
    raw = read_transcript(path, limits.whole_bytes, limits.chunk_bytes)
    found = read_as(path, raw, name, detection.scores)
    table = TurnTable()
    for turn in turns(found.text if found.text.line_map is None else raw, found.reading):
        table.append(turn)
    return Streamed(found, table)


@dataclass
class _Window:
    """Lines of the file from line ``start`` on, read behind the file's prologue."""

    start: int
    lines: list[str]
    prologue: list[str]
    final: bool  # the file ends with this window

    @property
    def offset(self) -> int:
        """Lines of the text before the window's own: the prologue and a blank line after it."""
        return len(self.prologue) + 1 if self.prologue else 0

    def text(self, name: str) -> SourceText:
        return SourceText(name, tuple([*self.prologue, "", *self.lines] if self.prologue else self.lines))

    def line(self, number: int) -> int:
        """The file's line for line ``number`` of :meth:`text` (``line(0)``: what to add to a line of
        :meth:`text` to make it the file's)."""
        return self.start + number - self.offset - 1


@dataclass
class _Stream:
    """The windows of one file, read one after the other, and what they found so far."""

    path: Path
    reader: Reader
    limits: Limits
    first: list[str]
    table: TurnTable = field(default_factory=TurnTable)
    stage: list[int] = field(default_factory=list)
    unplaced: list[int] = field(default_factory=list)
    notes: dict[str, None] = field(default_factory=dict)  # in order, without repeats
    open: bool = False  # the last turn kept goes on into the next window
    resume: Header | None = None  # the header (the file's line) of the turn the next window starts with
    windows: int = 0
    unread: list[tuple[int, int]] = field(default_factory=list)  # spans in no turn, where a turn was open

    def run(self, lines: Iterator[str], reading: Reading, done: bool, detection: Detection) -> Streamed:
        window = _Window(1, self.first, [], done)
        prologue = self._prologue(window.text(self.path.name), reading)
        while True:
            resume = self._keep(window, reading)
            if window.final:
                break
            carry = window.lines[resume:]
            more, done = _take(lines, self.limits.window_chars - sum(len(line) + 1 for line in carry))
            window = _Window(window.start + resume, carry + more, prologue, done)
            if not window.lines:
                break
            reading = safe_read(self.reader, window.text(self.path.name))
        told = (
            f"read as a stream of {self.windows} windows of about {self.limits.window_chars:,} characters: "
            "each label's evidence is counted within its window"
        )
        whole = replace(
            detection.reading,
            headers=(),
            scaffolding=(),
            stage_notes=tuple(self.stage),
            unplaced=tuple(self.unplaced),
            notes=(*self.notes, told, *self._unread_note()),
        )
        return Streamed(replace(detection, reading=whole, streamed=self.path), self.table)

    def _unread_note(self) -> list[str]:
        if not self.unread:
            return []
        spans = ", ".join(f"{a}-{b}" for a, b in self.unread[:10]) + (" …" if len(self.unread) > 10 else "")
        return [
            f"lines {spans} are in no turn: a long turn ran into a part of the file where the reader, reading it "
            "window by window, found no turn or a line it could not place; check them"
        ]

    def _prologue(self, text: SourceText, reading: Reading) -> list[str]:
        """The lines before the block of the first turn, as many as the limits allow."""
        first = min(h.line for h in reading.headers)
        block = _block_start(text, set(reading.scaffolding), first, 1)
        prologue = list(text.lines[: min(block - 1, self.limits.prologue_lines)])
        while prologue and sum(len(line) + 1 for line in prologue) > self.limits.prologue_chars:
            prologue.pop()
        return prologue

    def _keep(self, window: _Window, reading: Reading) -> int:
        """Keep the turns of ``window`` up to its cut; the index in ``window.lines`` where the next
        window starts."""
        self.windows += 1
        text = window.text(self.path.name)
        first = window.offset + 1  # the window's first line in ``text``
        own = self._own(reading, window, first)
        cut = None if window.final else self._cut(text, own, first)
        found = self._lead(text, own, window, turns(text, own), first)
        stop = cut if cut is not None else len(text.lines) + 1
        kept = [turn for turn in found if turn.header.line < stop]
        for turn in kept:
            self.table.append(turn, window.line(0))
        self._remember(own, window, range(first, stop))
        self.open = cut is None and (self.open or bool(kept))
        self.resume = _moved_header(own.headers[-1], window) if cut is not None else None
        return stop - first

    def _lead(self, text: SourceText, reading: Reading, window: _Window, found: list[Turn], first: int) -> list[Turn]:
        """The window's lines before its first turn: the open turn's, else nobody's (after the
        first window, whose lines before its first turn are the file's front matter). The
        window's turns left."""
        if self.open:
            return self._go_on(text, reading, window, found, first)
        if window.start > 1:
            self._unread(text, reading, window, first, found[0].line_start - 1 if found else len(text.lines))
        return found

    def _remember(self, reading: Reading, window: _Window, kept: range) -> None:
        """The stage notes, unplaced lines and notes of the lines kept."""
        self.stage += [window.line(n) for n in reading.stage_notes if n in kept]
        self.unplaced += [window.line(n) for n in reading.unplaced if n in kept]
        self.notes.update((note, None) for note in reading.notes if len(self.notes) < 20)

    def _own(self, reading: Reading, window: _Window, first: int) -> Reading:
        """The reading of the window's own lines (not the prologue's). The turn the window was cut
        at is its first, even when this window's evidence no longer confirms its label (a label
        counted in a smaller share of the text): that speech must not go to the turn before."""
        mine = [h for h in reading.headers if h.line >= first]
        unplaced = reading.unplaced
        if self.resume is not None:
            at = self.resume.line - window.start + first
            if not any(h.line == at for h in mine):
                mine.append(replace(self.resume, line=at, last_line=None))
                unplaced = tuple(n for n in unplaced if n != at)
        return replace(reading, headers=tuple(sorted(mine, key=attrgetter("line"))), unplaced=unplaced)

    def _cut(self, text: SourceText, reading: Reading, first: int) -> int | None:
        """Where the next window starts: the block of the window's last turn, unless what would be
        carried over is more than half a window (then None: the window is kept whole)."""
        if not reading.headers or reading.headers[-1].line <= first:
            return None
        cut = _block_start(text, set(reading.scaffolding), reading.headers[-1].line, first + 1)
        carried = sum(len(line) + 1 for line in text.lines[cut - 1 :])
        return cut if carried <= self.limits.window_chars // 2 else None

    def _go_on(self, text: SourceText, reading: Reading, window: _Window, found: list[Turn], first: int) -> list[Turn]:
        """The last turn kept goes on: over the window's lines before its first header, and (cue
        runs) over its first turn when that names the same speaker. The window's turns left.

        Precision first, since a window's evidence is not the file's: a window where the reader
        finds no turn at all does not continue it, and the turn stops before a line the reader
        could not place (one that looks like a header this window's evidence does not confirm).
        The lines left are nobody's, and said so in the notes."""
        lead = found[0].line_start - 1 if found else len(text.lines)
        doubt = _first_unplaced(reading, first, lead)
        spoken = _spoken(text, reading, first, min(lead, doubt - 1))
        if found and spoken:
            self.table.extend_last(window.line(spoken[-1]), len(spoken))
        if not found or doubt <= lead:
            self.open = False
            self._unread(text, reading, window, first if not found else doubt, lead)
            return found
        if self.reader.name in RUN_READERS and _same_run(self.table[-1], found[0]):
            self.table.extend_last(window.line(found[0].line_end), found[0].speech_lines)
            return found[1:]
        return found

    def _unread(self, text: SourceText, reading: Reading, window: _Window, low: int, high: int) -> None:
        """Lines ``low``..``high`` of ``text`` are in no turn: where they hold speech, the span is
        told in the notes."""
        spoken = _spoken(text, reading, low, high)
        if not spoken:
            return
        start, end = window.line(spoken[0]), window.line(spoken[-1])
        if self.unread and self.unread[-1][1] + 1 == start:  # one span across windows
            start = self.unread.pop()[0]
        self.unread.append((start, end))


def _block_start(text: SourceText, scaffolding: set[int], line: int, lowest: int) -> int:
    """The first line of the block ``line`` is in: the format's own lines just above it (a cue's
    number and timing), not above a blank line or ``lowest``."""
    while line > lowest and line - 1 in scaffolding and text.lines[line - 2].strip():
        line -= 1
    return line


def _first_unplaced(reading: Reading, low: int, high: int) -> int:
    """The first line among ``low``..``high`` that the reader could not place (``high + 1``: none)."""
    return min((n for n in reading.unplaced if low <= n <= high), default=high + 1)


def _spoken(text: SourceText, reading: Reading, low: int, high: int) -> list[int]:
    """The lines of speech among lines ``low``..``high``: not blank, stage notes or scaffolding."""
    skipped = set(reading.stage_notes) | set(reading.scaffolding)
    return [n for n in range(low, high + 1) if text.lines[n - 1].strip() and n not in skipped]


def _same_run(before: Turn, after: Turn) -> bool:
    """Two turns that a format of cue runs would have read as one: the same speaker, both runs."""
    a, b = before.header, after.header
    same = (a.label, a.kind, a.affiliation, a.role) == (b.label, b.kind, b.affiliation, b.role)
    return same and a.kind != "unnamed" and a.last_line is not None and b.last_line is not None


def _moved_header(header: Header, window: _Window) -> Header:
    """The header with the file's line numbers."""
    last = window.line(header.last_line) if header.last_line is not None else None
    return replace(header, line=window.line(header.line), last_line=last)
