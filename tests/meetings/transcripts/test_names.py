"""The name-shape rule every transcript reader shares (kg/meetings/transcripts/names.py): what a
speaker label shaped like a name is, in the languages of the delegations, and what it never is.
Every name here is invented (or a common name and surname put together), none is taken from a
transcript."""

from __future__ import annotations

import re

import pytest

from kg.meetings.transcripts.labels import label_kind
from kg.meetings.transcripts.names import (
    CAPITAL,
    NAME_WORD_PATTERN,
    handle_shaped,
    initials_shaped,
    loosely_named,
    name_shaped,
    strip_honorifics,
)


@pytest.mark.parametrize(
    "label",
    [
        # English, with what names carry inside a word
        "Amara Okafor",
        "Mary O'Neil",
        "Mary O’Neil",
        "St. John",
        "Jean-Pierre Dupont",
        "J. R. Okafor",
        "A. B. Lindqvist",
        "Okafor, Amara",
        "Tom Reyes Jr.",
        'Robert "Bob" Okafor',
        "AMARA OKAFOR",
        "Amara",
        "Emily Okafor",  # an adverb's ending, but no verb of a position after it
        # honorifics before the name
        "H.E. Ms. Amina Odhiambo",
        "Dr. Ito",
        "Mr. Smith",
        # particles in lower case, in several languages
        "Ursula von der Kamp",
        "Juan de la Vega",
        "María de los Ángeles Ruiz",
        "Pieter ter Horst",
        "Ana Paula dos Santos",
        "Marco Di Stefano",
        "Karl-Heinz zu Salm",
        "de Vries",
        "Valérie Giscard d'Aulnay",
        "Jeanne l'Huillier",
        # Arabic names, romanised
        "Mohammed bin Rashid",
        "Abd al-Rahman al-Sudairi",
        "Fatima Al-Zahra Haddad",
        "Sidi ould Mohamed",
        "Layla bint Khalid",
        # Chinese, Korean and Vietnamese names, romanised
        "Wang Xiaoming",
        "Ouyang Lin",
        "He Yiming",
        "Kim Min-jun",
        "Oh Seung-hee",
        "So Ji-hye",
        "Nguyễn Văn An",
        # East African, Irish, Nordic, Central European names
        "Wanjiru wa Kamau",
        "Aoife Ní Bhriain",
        "Sigrún Guðmundsdóttir",
        "Łukasz Żółć",
        "Émile Durand",
        # Cyrillic and Greek names
        "Иван Петров",
        "Мария Иванова-Смирнова",
        "ИВАН ПЕТРОВ",
        "Νίκος Παπαδόπουλος",
    ],
)
def test_names_are_name_shaped(label: str) -> None:
    assert name_shaped(label), label


@pytest.mark.parametrize(
    "label",
    [
        # sentence openers and notes: speech, whatever their case
        "Thank you",
        "Thank You",
        "THANK YOU",
        "Thanks",
        "So",
        "SO THE QUESTION IS",
        "Note",
        "Notes",
        "OK",
        "Yes",
        "Well",
        "Of course",
        "Of Course",
        "For Example",
        "Next Steps",
        "Hello everyone",
        "I give the floor to",
        "We Agree",
        # a verb of a delegation's position, then whom it concerns: a note-taker's speech line
        "Support Brazil",
        "Supports Amara Okafor",
        "Supported Kenya",
        "Agree Uruguay",
        "Agreed",
        "Propose Lin",
        "Opposing Norway",
        "Echo Kenya",
        "Endorse EU",
        "Strongly Support Brazil",
        "Fully Agree",
        "the thing is",
        # a surname like an interjection counts only before a given name, and not in capitals
        "Oh Dear",
        "NO WAY",
        "OH SEUNG-HEE",
        # numbers, times and generic labels are no names
        "Speaker 2",
        "Amara Okafor 2",
        "12:30",
        "2031",
        "SPEAKER_00",
        # sentence ends and sentence punctuation
        "Amara Okafor said.",
        "Okafor.",
        "Amara Okafor,",
        "Is it Amara?",
        "Okafor, Amara, Lin",
        # titles before what is no name
        "Mr. and Mrs. Okafor",
        "Dr. who",
        # lower-case phrases, too long labels
        "amara okafor",
        "of Kenya",
        "Amara Okafor Lin Reyes Tan Ito Mensah",
        "A" * 61,
        # scripts without capitals: nothing tells a name from a word, so no name by shape alone
        "王小明",
        "محمد علي",
    ],
)
def test_what_is_not_a_name(label: str) -> None:
    assert not name_shaped(label), label


@pytest.mark.parametrize(
    "label",
    ["Republic of Korea", "Secretary of the Committee", "Minister for Foreign Affairs", "Harbour & Rail Trust"],
)
def test_bodies_and_posts_are_names_only_where_the_format_writes_them(label: str) -> None:
    """Notes and Markdown labels name bodies and posts: their connectors are allowed there, and
    nowhere else (a caption label ``Secretary of the Committee`` is speech or a heading)."""
    assert name_shaped(label, bodies=True)
    assert not name_shaped(label)


def test_connectors_never_open_a_name_and_who_in_capitals_is_a_body() -> None:
    assert not name_shaped("of the Committee", bodies=True)
    assert not name_shaped("and Kenya", bodies=True)
    assert name_shaped("the Netherlands", bodies=True)
    assert name_shaped("WHO", bodies=True)
    assert not name_shaped("Who", bodies=True)


def test_a_format_may_allow_fewer_or_more_words() -> None:
    assert name_shaped("Amara Okafor Lin Reyes", max_words=4)
    assert not name_shaped("Amara Okafor Lin Reyes Tan", max_words=4)
    assert name_shaped("Permanent Representative of the Republic of Korea", max_words=8, bodies=True)


def test_honorifics_are_judged_with_the_name_after_them() -> None:
    assert strip_honorifics("H.E. Ms. Amina Odhiambo") == "Amina Odhiambo"
    assert strip_honorifics("Drake") == "Drake"
    assert not name_shaped("Dr. Thanks")


@pytest.mark.parametrize("token", ["danceratopz", "pk910", "jochem-brouwer", "xin.eth", "amara_o", "王小明"])
def test_handles(token: str) -> None:
    assert handle_shaped(token)


@pytest.mark.parametrize("token", ["so", "note", "this", "ICANN", "JD", "2031", "two words", "x"])
def test_what_is_not_a_handle(token: str) -> None:
    """Words of sentences are no handle; capitals are judged as names or acronyms; a number is no handle."""
    assert not handle_shaped(token)


def test_loosely_named_display_names() -> None:
    assert loosely_named("Amara's iPhone")
    assert loosely_named("dev ops team")
    assert not loosely_named("so this is it")
    assert not loosely_named("Note")
    assert not loosely_named("done.")


def test_initials_as_scribe_notes_write_a_person() -> None:
    assert all(initials_shaped(label) for label in ("JD", "JdB", "ABC"))
    assert not any(initials_shaped(label) for label in ("J", "Jd", "JDABC", "jd"))


@pytest.mark.parametrize(
    "word", ["Okafor", "O'Neil", "Небензя", "Ñúñez", "Nguyễn", "al-Thani", "d'Aulnay", "de", "van"]
)
def test_the_regex_form_of_a_name_word(word: str) -> None:
    """For the readers whose header grammar is a regular expression (verbatim records, scribe rosters)."""
    assert re.fullmatch(NAME_WORD_PATTERN, word), word


@pytest.mark.parametrize("word", ["élan", "said", "2031", "-Okafor", "detail"])
def test_the_regex_form_refuses_what_no_name_word_is(word: str) -> None:
    assert not re.fullmatch(NAME_WORD_PATTERN, word), word


def test_capital_letters_of_several_scripts() -> None:
    assert all(re.fullmatch(CAPITAL, c) for c in "AZÉÑŁĐΣЖԱỄ")
    assert not any(re.fullmatch(CAPITAL, c) for c in "azéñłđσжաễ王1")


@pytest.mark.parametrize(
    "label",
    [
        # who: an unknown or unnamed speaker, a participant, a voice, numbered or lettered
        "Speaker 2",
        "Speaker A",
        "SPEAKER_00",
        "Unknown Speaker",
        "Unknown speaker 3",
        "Unidentified Male Speaker",
        "Audience Member 2",
        "Participant B",
        "Person 1",
        "Voice 2",
        "Female Voice",
        "Guest 4",
        "Multiple Speakers",
        "[Speaker Unknown]",
        "Interpreter",
        "From the floor",
        "??",
        # where: a room or a microphone, however the system spells it
        "Room-Mic-1",
        "ROOM MIC 2",
        "Room 4",
        "Floor Mic",
        "Mic 3",
        "Conference Room B",
        "conf-rm-2",
        "UNHQ-S-1522FC",
    ],
)
def test_generic_labels_name_nobody(label: str) -> None:
    """A label made only of the words of unnamed speakers and room microphones, and of the numbers
    or letters that tell them apart, names nobody: the turn opens, but no one is resolved from it."""
    assert label_kind(label) == "generic", label


@pytest.mark.parametrize(
    "label",
    [
        "Amara Okafor",
        "The Speaker",  # the post of a parliament's presiding officer
        "Mr. Speaker",
        "Madam Speaker",
        "Speaker of the House",
        "Guest Speaker Amara Okafor",
        "Room for Improvement Ltd",
        "Roomba",
        "Dominic",
        "Micah Ito",
        # a plural alone heads a list of names
        "Attendees",
        "Participants",
        "Speakers",
    ],
)
def test_names_and_posts_are_not_generic(label: str) -> None:
    assert label_kind(label) == "speaker", label
