"""Whether a label is shaped like a name: the one rule every transcript reader asks before it
takes a line's label for a speaker.

A name is one to six words, each capitalised in its script (``Amara``, ``JOHN``, ``Łukasz``,
``Иван``), with what names carry inside a word (``O'Neil``, ``Jean-Pierre``, ``Min-jun``,
``St.``, initials ``J.`` / ``H.E.``), name particles in lower case (``van der``, ``de la``,
``bin``, ``al-Rahman``, ``d'Aulnay``), at most one comma (``Surname, Name``) and honorifics before
it (``H.E. Ms.``). What a name never is: a sentence opener (``Thank you``, ``So``, ``Note``, ``I
give the floor to``), a verb of a position with whom it concerns (``Support Brazil``, ``Agree
Kenya``: a note-taker's line of speech), digits or times, a phrase with lower-case words, a
sentence end (``said.``).

Precision first: a speech line must never become a header, so the rule refuses what only might be
a name. Two limits follow from it. A word in a script without capitals (Arabic, Chinese, Hebrew
script) is not name-shaped by itself: nothing tells a name from a word there, so such a label
needs the format's own markup (a voice tag, a TEI ``listPerson``) or, as one token, the file's
confirmation as a handle (:func:`handle_shaped`: a caption label that recurs). And the Korean
surnames that are also interjections (``Oh Seung-hee``, ``So Ji-hye``) count only before a
capitalised given name in a label not all in capitals: ``OH SEUNG-HEE`` in capital captions cannot
be told from ``NO WAY``.

Notes and Markdown labels also name bodies and posts (``Republic of Korea``, ``Secretary of the
Committee``): ``bodies=True`` allows the lower-case connectors of such names (``of``, ``the``,
``and``). Caption, export and plain-text labels are people's, and keep the stricter rule (IGF
captions write a delegation in capitals, ``>> REPUBLIC OF KOREA:``, whose ``OF`` is capitalised).
"""

from __future__ import annotations

import re
from functools import lru_cache


def word_set(text: str) -> frozenset[str]:
    """A list of words as the readers write theirs: one string, the words separated by spaces."""
    return frozenset(text.split())


#: Lower-case words inside a personal name, in the languages of the delegations: ``Marco Di
#: Stefano``, ``Ursula von der Kamp``, ``José Ruiz y Pardo``, ``Wanjiru wa Kamau``.
PARTICLES = word_set(
    "de da del della delle dei degli der den des di do dos das du van von la le las los bin binti bint ibn ben "
    "al el ould wa y e ter ten zu af"
)
#: Particles written joined to the name by an apostrophe or hyphen: ``d'Aulnay``, ``l'Huillier``,
#: ``dell'Orto`` (``al-Rahman`` and ``el-Sayed`` come from :data:`PARTICLES`).
_ELIDED = word_set("d l dell dall")
#: Lower-case words inside the name of a body or a post (``Republic of Korea``, ``Secretary of the
#: Committee``, ``Procter & Gamble``): allowed with ``bodies=True``.
CONNECTORS = word_set("of the and for on &")
#: Connectors never open a name (``the`` does: ``The Chair``, ``the Netherlands``).
_LEADING_CONNECTORS = CONNECTORS - {"the"}
#: Korean surnames that are written like interjections (``Oh``, ``So``, ``No``, ``Ok``): before a
#: given name they begin a name, not a sentence.
_SURNAMES = word_set("oh so no ok")
#: Acronyms of bodies that are words of sentences in lower case: ``WHO`` is the World Health Organization.
_ACRONYMS = frozenset({"WHO"})
#: Words that open a sentence or a note, never a name: ``Note: …``, ``So: …``, ``Next steps: …``,
#: ``Thank you: …``. A label whose first word is one of them is speech.
SENTENCE_OPENERS = word_set(
    "note notes so yes no well ok okay oh um uh question questions answer answers q a example e.g i.e update "
    "updates agenda action actions summary result results warning important also and but or re fyi ps edit "
    "correction reminder tip step steps point points topic subject title date time location where when why what "
    "how who because however therefore thus first second third finally next then now here there today tomorrow "
    "yesterday see source sources link links http https conclusion problem solution goal goals issue issues "
    "proposal decision decisions outcome status todo done context background meaning definition quote "
    "translation transcript caption captions chapter section part item items key main bottom line basically "
    "remember please thanks thank hi hello hey right sure exactly again plus minus total good welcome dear ladies "
    "i we you they my our your this that these those let"
)


#: Verbs a note-taker opens a line of speech with, then whom it concerns (``Support Brazil``,
#: ``Agree Kenya``, ``Echoes the EU``), in their forms: a delegation's position, never a name.
#: Verbs that are also given names (Mark, Grant, Will, Bill, Drew, Hope) are left out: ``Grant
#: Okafor`` is a person.
SPEECH_VERBS = word_set(
    "support supports supported supporting agree agrees agreed agreeing disagree disagrees disagreed "
    "propose proposes proposed proposing oppose opposes opposed opposing object objects objected "
    "endorse endorses endorsed endorsing echo echoes echoed echoing reject rejects rejected "
    "accept accepts accepted prefer prefers preferred suggest suggests suggested "
    "recommend recommends recommended favour favours favoured favor favors favored concur concurs concurred "
    "insist insists insisted request requests requested urge urges urged invite invites invited "
    "recall recalls recalled stress stresses stressed emphasise emphasises emphasised emphasize emphasizes "
    "emphasized reiterate reiterates reiterated underline underlines underlined highlight highlights "
    "highlighted align aligns aligned congratulate congratulates congratulated commend commends commended "
    "appreciate appreciates appreciated welcomes welcomed reply replies replied respond responds responded "
    "clarify clarifies clarified"
)
#: Words of sentences: a label holding one of these anywhere is speech (``the thing is: …``).
FUNCTION_WORDS = word_set(
    "i we you he she it they is are was were be been am the this that these those to of in on at for with my "
    "our your their his its if then than there here what which who how why when so and but or not do does "
    "did have has had will would can could should just like"
)
#: Honorifics before a name (``H.E. Ms. Jane Doe``, ``Dr. Ito``): the rule judges the name after them.
_HONORIFICS = re.compile(r"^(?:(?:H\.\s?E\.|Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Hon|Rev|Sen|Amb|Sir|Dame)\.?\s+)+(?=\S)")
#: A word of a name: letters, inner apostrophes and hyphens before more letters (``O'Neil``,
#: ``Jean-Pierre``), perhaps a closing dot (``Jr.``, ``St.``); or initials (``J.``, ``H.E.``).
_WORD = re.compile(r"^(?:(?:[^\W\d_]\.)+|[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?)$")
#: A particle joined to the name it belongs to: ``al-Rahman``, ``d'Aulnay``.
_JOINED = re.compile(r"^(?P<head>[^\W\d_]+)['’\-](?P<rest>.+)$")
#: A nickname in quotes inside a name: ``Robert "Bob" Okafor``.
_QUOTED = re.compile(r"^([\"“'‘])(?P<word>[^\"“”'‘’]+)[\"”'’]$")
#: A handle as a video call or chat shows it: ``danceratopz``, ``pk910``, ``jochem-brouwer``, ``xin.eth``.
_HANDLE = re.compile(r"^(?=.*[^\W\d_])[^\W_][\w.\-@']{1,39}$")
#: Initials as scribe notes write a person (``JD``, ``JdB``, ``ABC``): two to four letters, two capitals.
_INITIALS = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z]{1,3}$")
_MAX_CHARS = 60
_MAX_CHARS_BODIES = 80  # "Permanent Representative of the Bolivarian Republic of Venezuela"


def strip_honorifics(label: str) -> str:
    """The label without the honorifics before the name (``H.E. Ms. Jane Doe`` -> ``Jane Doe``)."""
    return _HONORIFICS.sub("", label)


def _opens_like_speech(words: list[str]) -> bool:
    """The first word opens a sentence (``So``, ``Note.``, ``e.g.``, ``Of course``) or is a verb of
    a position, perhaps after its adverb (``Support Brazil``, ``Strongly Oppose``), so the label is
    speech; but an initial (``A.``) is a name's, ``WHO`` in capitals is the organisation, and a
    Korean surname written like an interjection (``Oh Seung-hee``) begins a name (:func:`_surname_first`)."""
    first = words[0]
    lowered = first.lower()
    if lowered in _LEADING_CONNECTORS:
        return True
    if first in _ACRONYMS or (lowered in _SURNAMES and _surname_first(words)):
        return False
    bare = lowered.strip(".") if len(first) > 2 else lowered
    # "Kelly", "Emily" end in -ly too: an adverb counts only before a verb of a position.
    adverb = lowered.endswith("ly") and len(words) > 1 and words[1].lower() in SPEECH_VERBS
    return lowered in SENTENCE_OPENERS or bare in SENTENCE_OPENERS or bare in SPEECH_VERBS or adverb


def _surname_first(words: list[str]) -> bool:
    """``Oh Seung-hee``, ``So Ji-hye``, ``No Kyu-duk``: two or three capitalised words after the surname,
    none a word of sentences; not all in capitals, where case no longer tells ``OH SEUNG-HEE`` from ``NO WAY``."""
    rest = words[1:]
    return (
        1 <= len(rest) <= 2
        and not " ".join(words).isupper()
        and all(_capitalised(word) and word.lower() not in SENTENCE_OPENERS | FUNCTION_WORDS for word in rest)
    )


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def name_word(word: str, small: frozenset[str] = PARTICLES) -> bool:
    """One word of a name: capitalised and shaped like a name's word, or one of the ``small``
    lower-case words names hold (particles), or a particle joined to a capitalised word
    (``al-Rahman``, ``d'Aulnay``)."""
    quoted = _QUOTED.match(word)
    bare = quoted["word"] if quoted else word
    if bare.lower() in small:
        return True
    if not _WORD.match(bare):
        return False
    if _capitalised(bare):
        return True
    joined = _JOINED.match(bare)
    return joined is not None and joined["head"] in PARTICLES | _ELIDED and _capitalised(joined["rest"])


@lru_cache(maxsize=8192)  # labels recur all through a transcript: judge each once
def name_shaped(label: str, max_words: int = 6, bodies: bool = False) -> bool:
    """Whether ``label`` is shaped like a person's name (with ``bodies``, also a body's or a post's):
    ``Amara Okafor``, ``Okafor, Amara``, ``Marco Di Stefano``, ``JOHN SMITH``, ``H.E. Ms. Amina
    Odhiambo``, ``Ursula von der Kamp``; never ``Thank you``, ``Note``, ``Speaker 2``, ``said.``."""
    words = _name_words(" ".join(label.split()), _MAX_CHARS_BODIES if bodies else _MAX_CHARS)
    if words is None or not 1 <= len(words) <= max_words or _opens_like_speech(words):
        return False
    small = PARTICLES | CONNECTORS if bodies else PARTICLES
    return all(name_word(word, small) for word in words) and any(word.lower() not in small for word in words)


def _name_words(text: str, longest: int) -> list[str] | None:
    """The words of the name in ``text`` after its honorifics; None where the text as a whole is
    no name (too long, two commas, sentence punctuation at its end)."""
    if not text or len(text) > longest or text.count(",") > 1 or text.endswith((",", ";", ":", "?", "!")):
        return None
    bare = strip_honorifics(text)
    if bare != text and not _capitalised(bare):
        return None  # "Mr. and Mrs. …", "Dr. who": a title before a word that is no name
    words = bare.replace(",", " ").split()
    if bare.endswith(".") and len(words[-1]) > 4:
        return None  # "Jr.", "St.", "J." end names; "said." ends a sentence
    return words


def handle_shaped(token: str) -> bool:
    """One token as people type a user name (``danceratopz``, ``pk910``, ``jochem-brouwer``, ``王伟``):
    not all in capitals, and no word of sentences (``so``, ``note``, ``this``)."""
    return (
        bool(_HANDLE.match(token))
        and not token.isupper()  # "JD", "ICANN": capitals are judged as names or acronyms, not handles
        and token.lower() not in SENTENCE_OPENERS
        and token.lower() not in FUNCTION_WORDS
    )


def loosely_named(label: str) -> bool:
    """Could be a display name though not name-shaped (``Jane's iPhone``, ``dev ops team``): short,
    not opening like a sentence, no word of sentences, no sentence punctuation at its end."""
    words = label.lower().split()
    return (
        0 < len(words) <= 6
        and len(label) <= _MAX_CHARS
        and words[0].strip(".,") not in SENTENCE_OPENERS
        and not any(word in FUNCTION_WORDS for word in words)
        and not label.endswith((".", ",", ";", "?", "!"))
        and '"' not in label
        and any(char.isalpha() for char in label)
    )


def initials_shaped(label: str) -> bool:
    """Initials as scribe notes label a person: ``JD``, ``JdB``, ``ABC`` (two to four letters, two capitals)."""
    return bool(_INITIALS.match(label))


def _capital_class() -> str:
    """A regex class of the capital letters of the Latin, Greek, Cyrillic and Armenian scripts (with
    Vietnamese's), for the readers whose header grammar is a regular expression."""
    codes = [*range(0x41, 0x590), *range(0x1E00, 0x1F00)]
    return "[" + "".join(chr(code) for code in codes if chr(code).isupper()) + "]"


#: A capital letter in a regular expression (``re`` has no ``\\p{Lu}``).
CAPITAL = _capital_class()
_PARTICLE_PATTERN = "(?:" + "|".join(sorted(PARTICLES, key=lambda word: (-len(word), word))) + ")"
_ELIDED_PATTERN = "(?:" + "|".join(sorted(PARTICLES | _ELIDED, key=lambda word: (-len(word), word))) + ")"
#: A word of a name in a regular expression: a capitalised word (``O'Brien``, ``Jean-Pierre``,
#: ``St.``), a particle joined to one (``al-Thani``, ``d'Aulnay``) or a particle alone (``van``).
#: For the readers whose header grammar is a regex; the rule itself is :func:`name_shaped`.
NAME_WORD_PATTERN = (
    rf"(?:{CAPITAL}[\w'’.\-]*|{_ELIDED_PATTERN}['’\-]{CAPITAL}[\w'’.\-]*|{_PARTICLE_PATTERN}\b(?!['’\-]))"
)
