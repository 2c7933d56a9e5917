"""Wikidata reconciliation: candidate Wikidata items for igkg's bodies, people and instruments.

For each thing in the built store (:mod:`.things`) the client (:mod:`.client`, answers kept by
:mod:`.cache`) asks a SPARQL endpoint — Wikidata's query service, or any store holding
Wikidata-shaped triples — three small questions (:mod:`.queries`): which items carry one of the
thing's names, which carry its UN document symbol, and what the items found say about themselves
(read back by :mod:`.items`). Each candidate is scored (:mod:`.scoring`, with Wikidata's numbers
in :mod:`.terms`), and :mod:`.reconcile` runs it all and merges the candidates above a threshold
into the SSSOM proposals table, for a person to accept or reject (``igkg link review``).
"""

from kg.link.wikidata.cache import Cache, default_cache_dir
from kg.link.wikidata.client import (
    DEFAULT_ENDPOINT,
    PROJECT_URL,
    USER_AGENT,
    Client,
    EndpointError,
    Throttle,
    check_endpoint,
    retry_after,
)
from kg.link.wikidata.items import Item, parse_details, qids_of
from kg.link.wikidata.queries import MAX_CANDIDATES, PREFIXES, details_query, lookup_query, symbol_query, variants
from kg.link.wikidata.reconcile import KindCount, Report, candidates_for, merge_proposals, reconcile
from kg.link.wikidata.scoring import (
    AUTHOR,
    DEFAULT_MIN_SCORE,
    PENALTIES,
    PREDICATE,
    WEIGHTS,
    Candidate,
    TypeCheck,
    comment,
    date_fit,
    name_fit,
    normalise,
    normalise_symbol,
    score,
    symbol_fit,
    type_fit,
)
from kg.link.wikidata.terms import (
    DATE_PROPERTY,
    DIRECT,
    ENTITY,
    P_INCEPTION,
    P_PUBLISHED,
    P_SYMBOL,
    PAGE,
    SIGNALS,
)
from kg.link.wikidata.things import KINDS, Thing, read_things

__all__ = [
    "AUTHOR",
    "DATE_PROPERTY",
    "DEFAULT_ENDPOINT",
    "DEFAULT_MIN_SCORE",
    "DIRECT",
    "ENTITY",
    "KINDS",
    "MAX_CANDIDATES",
    "PAGE",
    "PENALTIES",
    "PREDICATE",
    "PREFIXES",
    "PROJECT_URL",
    "P_INCEPTION",
    "P_PUBLISHED",
    "P_SYMBOL",
    "SIGNALS",
    "USER_AGENT",
    "WEIGHTS",
    "Cache",
    "Candidate",
    "Client",
    "EndpointError",
    "Item",
    "KindCount",
    "Report",
    "Thing",
    "Throttle",
    "TypeCheck",
    "candidates_for",
    "check_endpoint",
    "comment",
    "date_fit",
    "default_cache_dir",
    "details_query",
    "lookup_query",
    "merge_proposals",
    "name_fit",
    "normalise",
    "normalise_symbol",
    "parse_details",
    "qids_of",
    "read_things",
    "reconcile",
    "retry_after",
    "score",
    "symbol_fit",
    "symbol_query",
    "type_fit",
    "variants",
]
