"""Wikipedia articles and the DBpedia resources derived from their titles.

A reviewed row may match an igkg thing to the English Wikipedia article that a read page shows
(``wikipedia:Internet_Governance_Forum``). DBpedia publishes one resource per English article,
named by a documented rule:

- "Resource URI for http://en.wikipedia.org/wiki/Xyz" is "http://dbpedia.org/resource/Xyz"
  (DBpedia domains and URIs, :data:`RULE_PAGE`);
- the name keeps the letters, digits and ``. - * / : _ , &``; a space becomes ``_`` and runs
  of ``_`` collapse to one; every other character is written as its UTF-8 bytes, each as
  ``%xy`` (Encoding scheme of DBpedia URIs, :data:`ENCODING_PAGE`).

:func:`propose_dbpedia` turns each accepted Wikipedia row into a DBpedia proposal that cites the
rule page; a reviewer accepts it with ``igkg link review``, as for UN document addresses.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from kg.link.tables import add_proposals
from kg.records.mappings import Mapping, MappingTable
from kg.records.model import RecordSet

WIKIPEDIA_ARTICLE = "https://en.wikipedia.org/wiki/"
DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"
RULE_PAGE = "http://mappings.dbpedia.org/index.php/DBpedia_domains_and_URIs"
RULE_QUOTE = "Resource URI for http://en.wikipedia.org/wiki/Xyz http://dbpedia.org/resource/Xyz"
ENCODING_PAGE = "http://wiki.dbpedia.org/URIencoding"

#: The characters DBpedia's encoding scheme keeps as they are.
_KEPT = frozenset(string.ascii_letters + string.digits + ".-*/:_,&")
_UNDERSCORES = re.compile(r"_{2,}")


def dbpedia_name(title: str) -> str:
    """The local name DBpedia gives the article titled ``title`` (spaces or underscores)."""
    underscored = _UNDERSCORES.sub("_", title.replace(" ", "_"))
    return "".join(c if c in _KEPT else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in underscored)


def dbpedia_resource(title: str) -> str:
    """The DBpedia resource IRI of the English Wikipedia article titled ``title``."""
    return DBPEDIA_RESOURCE + dbpedia_name(title)


def article_title(address: str) -> str:
    """The title of an English Wikipedia article from its address (``…/wiki/Internet_Governance_Forum``
    → ``Internet Governance Forum``); ValueError for any other address."""
    if not address.startswith(WIKIPEDIA_ARTICLE) or len(address) == len(WIKIPEDIA_ARTICLE):
        raise ValueError(f"{address!r} is not the address of an English Wikipedia article")
    # The address may percent-encode the title as MediaWiki does; the title itself never does.
    return unquote(address[len(WIKIPEDIA_ARTICLE) :]).replace("_", " ")


def propose_dbpedia(records: RecordSet, table_file: Path, proposals_file: Path) -> int:
    """Propose the DBpedia resource of every accepted Wikipedia match that has none yet (nor a
    rejected one, nor a waiting proposal); return how many proposals are new."""

    def candidates(reviewed: MappingTable) -> Iterator[Mapping]:
        for row in reviewed.accepted():
            if not row.object_id.startswith("wikipedia:"):
                continue
            title = article_title(reviewed.expand(row.object_id))
            yield Mapping(
                subject_id=row.subject_id,
                subject_label=row.subject_label,
                # The resource stands for the thing itself (the article is a page about it).
                predicate_id="skos:exactMatch",
                object_id="dbpedia:" + dbpedia_name(title),
                object_label=f"DBpedia resource of the Wikipedia article {title}",
                mapping_justification="semapv:UnspecifiedMatching",
                confidence="0.7",  # derived by the documented rule; the resource is not opened
                author_id="igkgagent:igkg-link",
                see_also=RULE_PAGE,
                comment=RULE_QUOTE,
            )

    return add_proposals(records, RULE_PAGE, "DBpedia's resource names", table_file, proposals_file, candidates)
