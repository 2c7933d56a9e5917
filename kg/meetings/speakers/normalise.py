"""One normal form for speaker labels and record names, and the role words a label may be.

Both sides of every comparison go through :func:`key`, so that case, accents, punctuation,
honorifics ("Mr.", "H.E.", "Ambassador") and the phrases of formal records ("Delegation of",
"Representative of", "the Kenyan delegation") never decide whether a label names a record.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

#: Titles that precede a name and say nothing about who it is. Matched on the text as written
#: (with their dot), only at the start and only when a space follows: "Drake" keeps its "Dr".
_HONORIFIC = re.compile(
    r"^(?:(?:the|mr|mrs|ms|miss|mister|madam|madame|mme|dr|doctor|prof|professor|sir|dame|hon|honourable"
    r"|honorable|ambassador|his excellency|her excellency|excellency|h\.\s?e)\.?,?\s+)+",
    re.IGNORECASE,
)
#: "U.S.A." -> "USA": dotted initials written without spaces are one token (but "M. C. Masango"
#: keeps its initials apart).
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
#: The phrases of formal records around a delegation's name, on the normalised key.
_DELEGATION_PREFIX = re.compile(
    r"^(?:the )?(?:permanent )?(?:representative|representatives|delegation|delegate|mission|observer)"
    r" (?:of|from|for) (?:the )?"
)
_DELEGATION_SUFFIX = re.compile(r" (?:delegation|delegate|representative|mission)$")


#: Labels that name a delegation's speaker by function: the header's affiliation says whose.
ENVOYS = frozenset((
    "representative", "permanent representative", "deputy permanent representative", "delegate", "delegation",
    "ambassador", "observer", "head of delegation",
))  # fmt: skip


def is_envoy(written: str) -> bool:
    """Whether a label names a speaker only by function ("Permanent Representative")."""
    return fold(strip_titles(written)) in ENVOYS


def strip_titles(text: str) -> str:
    """The label without the titles before the name (``"H.E. Ms. Ana Pérez"`` -> ``"Ana Pérez"``)."""
    text = " ".join(text.split())
    return _HONORIFIC.sub("", text).strip() or text


@functools.lru_cache(maxsize=65536)  # labels recur hundreds of times in a transcript
def fold(text: str) -> str:
    """Lower case without accents, every run of non-letters one space (``"Côte d'Ivoire"`` ->
    ``"cote d ivoire"``)."""
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NOT_WORD.sub(" ", bare).strip()


def key(text: str) -> str:
    """The normal form a label and a record name are compared in.

    >>> key("H.E. Mr. Jānis Kārkliņš")
    'janis karklins'
    >>> key("Delegation of the Philippines")
    'philippines'
    >>> key("the Swiss delegation")
    'swiss'
    """
    text = " ".join(text.split())
    text = _HONORIFIC.sub("", text)
    folded = fold(text)
    stripped = _DELEGATION_SUFFIX.sub("", _DELEGATION_PREFIX.sub("", folded))
    # "The" may stand again after a stripped phrase ("Representative of The Gambia" is handled by
    # the prefix; "the Swiss delegation" here).
    return re.sub(r"^the ", "", stripped).strip()


def tokens(text_key: str) -> list[str]:
    return text_key.split()


#: A label that is only an acronym as written: "ICC", "IGC", "APC", "UNESCO".
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")


def is_acronym(written: str) -> bool:
    return bool(_ACRONYM.match(written.strip())) and any(c.isalpha() for c in written)


@dataclass(frozen=True)
class RoleWords:
    """A label that is, or starts with, a role: ``role`` is the meeting role it asks for
    (``chair``, ``vice_chair``, ``moderator``, ``secretariat``, ``convener``) or "" for a role
    no meeting fact answers ("Rapporteur", "Acting President"); ``co`` when the role is shared
    ("Co-Chair"); ``rest`` what follows the role words ("Co-Chair Kenya" -> "kenya"); ``title``
    when the rest makes the whole another body's officer ("Chair of the CSTD")."""

    role: str
    co: bool
    rest: str
    title: bool = False


#: Role words on the normalised key, most specific first; (pattern, role, shared).
_ROLES: tuple[tuple[str, str, bool], ...] = (
    (r"(?:acting|interim|temporary) (?:chair\w*|president)", "", False),
    (r"co ?(?:chair(?:man|person|woman)?|president)s?", "chair", True),
    (r"vice ?(?:chair(?:man|person|woman)?|president)s?", "vice_chair", False),
    (r"chair(?:man|person|woman)?|president|presiding officer", "chair", False),
    (r"co ?(?:moderator|facilitator)s?", "moderator", True),
    (r"moderator|facilitator|session moderator", "moderator", False),
    (r"secretary general|under secretary general|director general|director|rapporteur|co ?host|host", "", False),
    (r"executive secretary|secretariat|secretary|secretariat representative", "secretariat", False),
    (r"co ?(?:convener|convenor|organi[sz]er)s?", "convener", True),
    (r"convener|convenor|organi[sz]er", "convener", False),
)
_ROLE_RES = tuple((re.compile(rf"^(?:{pattern})(?: (?P<rest>.+))?$"), role, co) for pattern, role, co in _ROLES)
#: What may follow a role without making it another post's title: "Chair of the CSTD" is a post
#: record's label, not the meeting's chair.
_TITLE_TAIL = re.compile(r"^(?:of|for|to|on|in|at)\b")


def role_words(text_key: str) -> RoleWords | None:
    """The role a normalised label states, if it starts with role words.

    >>> role_words("co chair kenya")
    RoleWords(role='chair', co=True, rest='kenya', title=False)
    >>> role_words("chairman")
    RoleWords(role='chair', co=False, rest='', title=False)
    >>> role_words("president of the general assembly")
    RoleWords(role='', co=False, rest='of the general assembly', title=True)
    >>> role_words("chengetai masango") is None
    True
    """
    for pattern, role, co in _ROLE_RES:
        match = pattern.match(text_key)
        if match is None:
            continue
        rest = match.group("rest") or ""
        if rest and _TITLE_TAIL.match(rest):
            # Another body's officer ("Chair of the CSTD"): a title, which no meeting fact answers.
            return RoleWords("", False, rest, title=True)
        return RoleWords(role, co, rest)
    return None


def slug_of(text: str) -> str:
    """A record id for a label: its key, words joined by ``-`` (``"H.E. Ms. Ana Pérez"`` ->
    ``ana-perez``)."""
    return "-".join(tokens(key(text))) or "unnamed"
