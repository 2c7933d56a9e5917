"""UN document addresses from UN document symbols.

A recorded page documents the address of any UN document: ``https://undocs.org/`` followed by
its symbol. Each instrument whose symbol is a UN symbol (A/…, E/…; not the WSIS symbols, which
ITU publishes) gets a proposal citing that page; a reviewer accepts it with ``igkg link review``.
:func:`symbols_without_address` names the instruments whose symbol no accepted row gives a
document address yet (UN symbols by this rule, WSIS symbols by a page that shows ITU's address).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.link.tables import REVIEWED, add_proposals, load_or_empty
from kg.records.mappings import Mapping, MappingTable
from kg.records.model import RecordSet

PATTERN_PAGE = "https://researchguides.library.vanderbilt.edu/UNDocs/symbols"
PATTERN_QUOTE = "by entering the following URL in your browser, followed by the document symbol: https://undocs.org/"
ADDRESS = "https://undocs.org/"
UN_SYMBOL = re.compile(r"^[AE]/")
#: Prefixes of the graphs that hold document addresses (the UN document system, the UN Digital
#: Library, ITU's WSIS documents).
DOCUMENT_PREFIXES = ("undocsorg:", "undocs:", "undl:", "itu:", "ituwsis:")


def document_address(symbol: str) -> str | None:
    """The public address of a UN document symbol by the documented pattern; None for a symbol
    that is not a UN one (the WSIS symbols: ITU publishes those documents)."""
    return ADDRESS + symbol if UN_SYMBOL.match(symbol) else None


def symbols_without_address(records: RecordSet, table_file: Path) -> list[tuple[str, str]]:
    """The instruments (slug, symbol) with a symbol and no accepted document address."""
    addressed = {
        m.subject_id.split(":", 1)[1]
        for m in load_or_empty(table_file, REVIEWED).accepted()
        if m.object_id.startswith(DOCUMENT_PREFIXES)
    }
    return [
        (r.id, str(r.first("symbol")))
        for r in records.of_kind("instruments")
        if r.first("symbol") and r.id not in addressed
    ]


def propose_undocs(records: RecordSet, table_file: Path, proposals_file: Path) -> int:
    """Write proposals for the instruments not yet linked (or rejected); return how many are new."""

    def candidates(_reviewed: MappingTable) -> Iterator[Mapping]:
        for record in records.of_kind("instruments"):
            symbol = str(record.first("symbol") or "")
            if document_address(symbol) is None:
                continue
            yield Mapping(
                subject_id=f"igkg:{record.id}",
                subject_label=str(record.first("label") or ""),
                predicate_id="skos:exactMatch",
                object_id=f"undocsorg:{symbol}",
                object_label=f"UN document {symbol}",
                mapping_justification="semapv:UnspecifiedMatching",
                confidence="0.7",  # a third-party guide documents the pattern; the address is not opened
                author_id="igkgagent:igkg-link",
                see_also=PATTERN_PAGE,
                comment=PATTERN_QUOTE,
            )

    return add_proposals(records, PATTERN_PAGE, "the address pattern", table_file, proposals_file, candidates)
