"""Country names and codes in speaker labels, read with pycountry (ISO 3166).

pycountry knows each country's ISO name, official name, common name and codes. A label also
writes the short forms people say ("Iran" for "Iran, Islamic Republic of"; "Republic of Korea"),
which are derived here from those names, and a few forms no ISO name gives (``_SHORT``: "UK",
"Russia", "Türkiye"'s "Turkey"; ``_ADJECTIVES``: "Swiss" as a note-taker writes the delegation).
A derived form that two countries share ("Korea", "Congo" as a base) names neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from kg.meetings.speakers.normalise import key

#: Usual English names that are no ISO name, by ISO 3166 alpha-2 code.
_SHORT = {
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "russia": "RU",
    "turkey": "TR",
    "ivory coast": "CI",
    "brunei": "BN",
    "cape verde": "CV",
    "swaziland": "SZ",
    "burma": "MM",
    "macedonia": "MK",
    "east timor": "TL",
    "vatican": "VA",
    "south korea": "KR",
    "north korea": "KP",
    "dprk": "KP",
    "laos": "LA",
}
#: Adjectival forms that a note-taker writes for a delegation and that are no language's name
#: ("French" and "Chinese" are also languages, and a line "French" may be the interpretation).
_ADJECTIVES = {
    "swiss": "CH",
    "british": "GB",
    "american": "US",
    "canadian": "CA",
    "brazilian": "BR",
    "mexican": "MX",
    "egyptian": "EG",
    "kenyan": "KE",
    "nigerian": "NG",
    "pakistani": "PK",
    "iranian": "IR",
    "argentine": "AR",
    "argentinian": "AR",
    "chilean": "CL",
    "cuban": "CU",
    "belgian": "BE",
    "austrian": "AT",
    "australian": "AU",
    "south african": "ZA",
    "tunisian": "TN",
    "israeli": "IL",
    "malaysian": "MY",
    "sri lankan": "LK",
    "mozambican": "MZ",
    "indonesian": "ID",
    "ghanaian": "GH",
    "senegalese": "SN",
    "moroccan": "MA",
    "saudi": "SA",
    "emirati": "AE",
    "colombian": "CO",
    "peruvian": "PE",
    "uruguayan": "UY",
    "venezuelan": "VE",
    "new zealand": "NZ",
}
_CODE = re.compile(r"^[A-Z]{2,3}$")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    name: str  # its ISO name, for messages and proposals
    how: str  # "name" (an ISO name), "short" (a derived or usual short form), "code" (an ISO code)


def _names(country: object) -> tuple[list[str], list[str]]:
    """(the ISO names, the short forms derived from them) of one pycountry country."""
    primary = [getattr(country, a) for a in ("name", "official_name", "common_name") if getattr(country, a, "")]
    derived: list[str] = []
    for name in primary:
        bare = re.sub(r"\s*\([^)]*\)", "", name)  # "Holy See (Vatican City State)" -> "Holy See"
        derived.append(bare)
        base, comma, rest = bare.partition(",")
        if comma:
            derived += [base, f"{rest} {base}"]  # "Korea, Republic of" -> "Korea", "Republic of Korea"
    return primary, derived


@lru_cache(maxsize=1)
def _name_table() -> dict[str, str]:
    """Normalised name -> alpha-2: ISO names first, then the derived forms no two countries share."""
    table: dict[str, str] = {}
    derived: dict[str, set[str]] = {}
    for country in pycountry.countries:
        primary, forms = _names(country)
        for name in primary:
            table.setdefault(key(name), country.alpha_2)
        for form in forms:
            derived.setdefault(key(form), set()).add(country.alpha_2)
    for form, codes in derived.items():
        if form and form not in table and len(codes) == 1:
            table[form] = next(iter(codes))
    return table


def _country(code: str, how: str) -> Country | None:
    found = pycountry.countries.get(alpha_2=code)
    return Country(code, found.name, how) if found is not None else None


@lru_cache(maxsize=8192)
def country_of(written: str) -> Country | None:
    """The country a label names, or None.

    A code counts only as written in capitals ("PH", "USA"), never a lower-case word ("in").

    >>> country_of("Islamic Republic of Iran").code
    'IR'
    >>> country_of("Swiss").how
    'short'
    >>> country_of("European Union") is None
    True
    """
    text_key = key(written)
    if not text_key:
        return None
    # "St. Lucia", "St Kitts and Nevis": ISO writes "Saint".
    code = _name_table().get(text_key) or _name_table().get(re.sub(r"^st ", "saint ", text_key))
    if code:
        return _country(code, "name")
    code = _SHORT.get(text_key) or _ADJECTIVES.get(text_key)
    if code:
        return _country(code, "short")
    compact = written.strip().replace(".", "")
    if _CODE.match(compact):
        found = (
            pycountry.countries.get(alpha_2=compact) if len(compact) == 2 else pycountry.countries.get(alpha_3=compact)
        )
        if found is not None:
            return Country(found.alpha_2, found.name, "code")
    return None
