"""Transcripts of any format -> speaker turns: one reader per format behind one interface
(:mod:`.model`), detection by scoring every reader (:mod:`.detect`), turn boundaries
(:mod:`.segment`)."""

from kg.meetings.transcripts.model import Header, HeaderKind, Reader, Reading, SourceText

__all__ = ["Header", "HeaderKind", "Reader", "Reading", "SourceText"]
