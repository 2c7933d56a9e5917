"""Wikidata's numbers and addresses that the reconciliation relies on.

Only properties listed in the verified table of the project's reference notes
(``vocabularies-and-anchors.md`` §1.8) are built in. ``instance of`` and the class items
(human, organization, UN resolution) are not in that table, so the class check is off unless the
user names the property and the classes (:class:`kg.link.wikidata.scoring.TypeCheck`); without
it, the kind of an item is read from verified properties that only one kind of thing carries
(:data:`SIGNALS`).
"""

from __future__ import annotations

import re

ENTITY = "http://www.wikidata.org/entity/"
DIRECT = "http://www.wikidata.org/prop/direct/"
PAGE = "https://www.wikidata.org/wiki/"

#: UN document symbol; inception; publication date (vocabularies-and-anchors.md §1.8).
P_SYMBOL, P_INCEPTION, P_PUBLISHED = "P3069", "P571", "P577"
#: Verified properties (§1.8) that, in practice, only one kind of thing carries: an item with
#: one of them is taken to be of that kind. Properties shared by kinds (member of, part of,
#: inception, title) are left out on purpose.
SIGNALS: dict[str, tuple[str, ...]] = {
    "bodies": ("P749", "P355", "P488", "P112", "P576", "P2388", "P2124"),
    "people": ("P39",),
    "instruments": ("P3069", "P577", "P2378", "P790", "P467"),
}
#: The date of a thing and the Wikidata property it is compared with.
DATE_PROPERTY = {"bodies": P_INCEPTION, "instruments": P_PUBLISHED}

QID = re.compile(r"^Q[1-9][0-9]*$")
PID = re.compile(r"^P[1-9][0-9]*$")
