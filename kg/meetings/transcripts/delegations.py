"""Whether a label names a delegation: a country as meeting records write it, or a regional body
that takes the floor as one. The one rule the transcript readers ask (a note-taker's ``South
Africa`` line, a verbatim record's ``(Kenya)``, a Markdown ``**Kenya | Representative**``).

Countries are the speaker resolver's (:func:`kg.meetings.speakers.countries.country_of`, read with
pycountry), so that a label a reader takes for a country is one the resolver can read. A reader
asks more than which country a label names, and this module adds what a delegation label can be
without naming one ISO country:

- regional bodies that speak as delegations (``EU``, ``European Union``, ``African Union``);
- of the codes, only those records write for a delegation (``US``, ``UK``, ``EU``, ``UAE``,
  ``DRC``), in capitals: a line ``us`` or ``eu`` is speech, and a line ``AI`` or ``IT`` (ISO codes
  too) is a topic;
- ``Kosovo``, which ISO 3166 does not list;
- demonyms the resolver's list does not hold (``Jordanian``, ``Ethiopian``): a word that extends a
  one-word country name with a demonym ending. A demonym that is also a language's name (ISO 639:
  ``French``, ``Chinese``, ``Dutch``) is not a delegation on its own: a line ``French`` may as well
  be the interpretation, and a header must not be guessed from it (precision first).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from kg.meetings.speakers.countries import country_of

#: Regional bodies that take the floor as delegations, by name (any case).
_BODIES = frozenset({"european union", "african union"})
#: Codes that records write for a delegation, counted only as written in capitals. Other ISO codes
#: are no delegation label on their own: a line ``AI``, ``IT`` or ``MS`` is a topic.
_CODES = frozenset({"US", "USA", "UK", "EU", "UAE", "DRC", "DPRK", "PRC", "ROK"})
#: What a country's name is written with: letters, spaces, and ``.,'’()-`` (``Côte d'Ivoire``,
#: ``Korea, Republic of``, ``Iran (Islamic Republic of)``); a digit or a dash after it is no name.
_NAME_CHARS = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'’()\-])*$")
#: Names of delegations that ISO 3166 does not list.
_UNLISTED = frozenset({"kosovo"})
#: "Delegation of Kenya", "Egypt delegate", "Ambassador of Chile": the country and the word that
#: makes it a delegation (the resolver's normal form strips the usual ones, not all of these).
_DELEGATION = re.compile(
    r"^(?:the\s+)?(?:(?:delegation|delegate|representative|ambassador|minister)\s+(?:of|from)\s+(?:the\s+)?)?"
    r"(?P<country>.+?)(?:\s+(?:delegation|delegate|representative|rep\.?))?$",
    re.IGNORECASE,
)
_DEMONYM_ENDINGS = ("ian", "ean", "an", "ese", "ish", "i")


@lru_cache(maxsize=1)
def _one_word_countries() -> tuple[str, ...]:
    """pycountry's one-word country names in lower case (``kenya``, ``iran`` from "Iran, Islamic
    Republic of"), the stems of the demonym rule."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value.split(",")[0].strip().lower())
    return tuple(sorted(name for name in names if name.isalpha() and len(name) >= 4))


@lru_cache(maxsize=1)
def _language_names() -> frozenset[str]:
    """ISO 639 language names in lower case (``french``, ``chinese``, ``dutch``)."""
    names: set[str] = set()
    for language in pycountry.languages:
        for part in str(getattr(language, "name", "")).split(";"):
            names.add(part.strip().lower())
    return frozenset(names)


def _demonym(word: str) -> bool:
    """``Jordanian``, ``Ethiopian``, ``Sudanese``: a one-word country name extended by a demonym
    ending, and no language's name."""
    if not word.isalpha() or not word.endswith(_DEMONYM_ENDINGS) or word in _language_names():
        return False
    return any(
        len(word) >= len(name) and word.startswith(name[: max(4, len(name) - 2)]) for name in _one_word_countries()
    )


@lru_cache(maxsize=4096)  # labels recur all through a record: judge each once
def delegation_like(label: str) -> bool:
    """Whether ``label`` names a delegation as meeting records write it: a country's name, short
    form, code or demonym (``Kenya``, ``Iran``, ``US``, ``Swiss``, ``Jordanian``), perhaps with
    the word that makes it a delegation (``Delegation of Kenya``), or a regional body (``EU``)."""
    text = " ".join(label.split()).strip(".")
    match = _DELEGATION.match(text)
    country = match["country"].strip() if match else ""
    if not country or not _NAME_CHARS.match(country):
        return False
    if country.replace(".", "") in _CODES or country.lower() in _BODIES | _UNLISTED:
        return True
    found = country_of(country)
    if found is not None:
        return found.how != "code"  # "PH", "IT": see _CODES
    return " " not in country and _demonym(country.lower())
