"""Headers -> turns: each turn runs from its header to the line before the next header (or to
the last line its format gives it), without trailing blank lines, stage notes or scaffolding.

Boundaries never depend on knowing the names: an unknown label opens a turn like a known one, so
no speech is ever added to the previous speaker's turn.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.meetings.transcripts.model import Header, Reading, SourceText


@dataclass(frozen=True)
class Turn:
    """One speaker turn: its header and the lines it spans (1-based, inclusive)."""

    order: int
    header: Header
    line_start: int
    line_end: int
    speech_lines: int  # lines in the span that carry speech (not blank, not stage notes or scaffolding)


def turns(text: SourceText, reading: Reading) -> list[Turn]:
    """The turns of ``reading``, in the order of their header lines."""
    headers = sorted(reading.headers, key=lambda h: h.line)
    skipped = set(reading.stage_notes) | set(reading.scaffolding)
    out: list[Turn] = []
    for i, header in enumerate(headers):
        limit = headers[i + 1].line - 1 if i + 1 < len(headers) else len(text.lines)
        end = min(header.last_line, limit) if header.last_line is not None else limit
        end = max(end, header.line)
        while end > header.line and (not text.lines[end - 1].strip() or end in skipped):
            end -= 1
        speech = sum(1 for n in range(header.line, end + 1) if text.lines[n - 1].strip() and n not in skipped)
        out.append(Turn(len(out) + 1, header, header.line, end, speech))
    return out
