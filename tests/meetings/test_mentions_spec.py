"""The mention linker's specification, on small invented records and invented lines.

Mentions are read through the alias table and the fuzzy matcher that speaker resolution uses
(kg.meetings.speakers), precision first: an unlinked mention is fine, a wrong one is not. The
measurements on hand-labelled samples are in test_mentions.py and test_mentions_corpus.py.
"""

from __future__ import annotations

import pytest

from kg.core import settings
from kg.meetings.mentions import MENTIONABLE, AliasTable, alias_table, find_mentions, tokens
from kg.meetings.speakers.tables import NameTables
from kg.records import FieldValue, Record, RecordSet, read_records
from kg.records.names import name_table

#: The invented meeting's record and the text it is recorded in.
CALL = "call.txt"


def _record(kind: str, slug: str, label: str, type_: str, *alt_labels: str, **refs: str) -> Record:
    fields = {"label": FieldValue("label", 0, (label,))}
    if alt_labels:
        fields["alt_labels"] = FieldValue("alt_labels", 0, alt_labels)
    for name, value in refs.items():
        fields[name] = FieldValue(name, 0, (value,))
    return Record(kind, slug, "invented.yaml", 0, type_, fields)


@pytest.fixture(scope="module")
def table() -> AliasTable:
    """Invented bodies (two sharing a short name), a post, people (two a letter apart, one known by
    a first name only), an instrument, two member states and a meeting recorded in call.txt."""
    records = RecordSet(
        {
            r.id: r
            for r in (
                _record("bodies", "nwc", "Nordic Wireless Council", "organization", "NWC"),
                _record("bodies", "aim", "Alliance for Internet Measurement", "organization", "AIM"),
                _record("bodies", "unwic", "United Nations Wireless Committee", "organization", "UNWIC"),
                _record("bodies", "gsf", "Global Spectrum Forum", "organization"),
                _record("bodies", "data-forum-east", "Eastern Data Forum", "organization", "Data Forum"),
                _record("bodies", "data-forum-west", "Western Data Forum", "organization", "Data Forum"),
                _record("bodies", "ghana", "Ghana", "delegation"),
                _record("bodies", "united-states", "United States", "delegation", "US"),
                _record("bodies", "russia", "Russia", "delegation"),
                _record("posts", "nwc-chair", "Chair of the Nordic Wireless Council", "office"),
                _record("people", "ines-okafor", "Ines Okafor", "person"),
                _record("people", "katarina-lindgren", "Katarina Lindgren", "person"),
                _record("people", "katarina-lindgran", "Katarina Lindgran", "person"),
                _record("people", "teodora", "Teodora", "person"),
                _record("instruments", "spectrum-charter", "Charter on Open Spectrum", "agreement"),
                _record(
                    "meetings",
                    "nwc-call",
                    "A call of the NWC",
                    "meeting",
                    meeting_of="nwc",
                    participants="teodora",
                    recorded_in=CALL,
                ),
            )
        }
    )
    reviewed = {"Chair": "nwc-chair", "Secretariat": "nwc", "Nordy": "nwc", "OSC": "spectrum-charter"}
    return alias_table(records, reviewed)


def linked(table: AliasTable, *lines: str, source: str = "other.txt") -> list[tuple[str, str]]:
    return [(m.text, m.entity) for m in find_mentions(source, lines, table)]


# -- one table for speakers and mentions -----------------------------------------------------------


def test_one_alias_table_serves_speakers_and_mentions() -> None:
    """Speakers read the kinds that take the floor, mentions every kind a text names, from the
    same records and aliases in the same normal form."""
    records = read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)
    aliases = name_table(settings.data_dir() / "names.yaml")[0]
    speakers = NameTables.from_records(records, aliases)
    mentions = NameTables.from_records(records, aliases, kinds=MENTIONABLE)
    assert "tunis agenda" not in speakers.aliases and "tunis agenda" in mentions.aliases  # an instrument
    assert set(speakers.labels) < set(mentions.labels)
    assert {k: v for k, v in mentions.kinds.items() if k in speakers.kinds} == speakers.kinds
    assert mentions.kinds["tunis-agenda"] == "instrument"
    assert "who" in mentions.capitals and "teresa" not in mentions.capitals  # written only as "WHO"


# -- token spans -----------------------------------------------------------------------------------


def test_words_are_tokens_with_their_place_in_the_line() -> None:
    assert [(t.word, t.start, t.end) for t in tokens("The NWC's U.S. office")] == [
        ("the", 0, 3), ("nwc", 4, 7), ("s", 8, 9), ("us", 10, 14), ("office", 15, 21),
    ]  # fmt: skip
    assert [t.word for t in tokens("Côte d’Ivoire & Søren")] == ["cote", "d", "ivoire", "and", "s", "ren"]


def test_a_mention_is_its_span_as_written_at_its_offset(table: AliasTable) -> None:
    line = "Thanks to the Nordic  Wireless Council, and to NWC's chair."
    found = find_mentions("other.txt", (line,), table)
    assert [(m.line, m.start, m.text, m.entity) for m in found] == [
        (1, line.index("Nordic"), "Nordic  Wireless Council", "nwc"),
        (1, line.index("NWC"), "NWC", "nwc"),
    ]


def test_the_longest_name_wins_and_names_never_overlap(table: AliasTable) -> None:
    assert linked(table, "The Chair of the Nordic Wireless Council spoke.") == [
        ("Chair of the Nordic Wireless Council", "nwc-chair")
    ]
    # "the" inside a name does not decide it
    assert linked(table, "The Chair of Nordic Wireless Council spoke.") == [
        ("Chair of Nordic Wireless Council", "nwc-chair")
    ]


def test_a_name_does_not_run_across_a_sentence_or_a_list(table: AliasTable) -> None:
    assert linked(table, "We went to the Nordic. Wireless Council members came.") == []
    assert linked(table, "Eastern Data; Forum") == []


def test_a_name_covers_whole_written_words(table: AliasTable) -> None:
    assert linked(table, "see docs/NWC_report_2024.pdf and NWCs") == []


# -- precision rules -------------------------------------------------------------------------------


def test_an_acronym_matches_only_as_written_in_capitals(table: AliasTable) -> None:
    assert linked(table, "AIM says our aim is clear; Aim and aim.") == [("AIM", "aim")]


def test_in_a_line_all_in_capitals_an_acronym_cannot_be_told_from_a_word(table: AliasTable) -> None:
    assert linked(table, "THAT IS OUR AIM AND THE NWC AGREES") == []
    assert linked(table, ">> NWC:") == [("NWC", "nwc")]  # a label alone is not a sentence in capitals
    assert linked(table, "THANK YOU, INES OKAFOR.") == [("INES OKAFOR", "ines-okafor")]  # names are still names


def test_an_acronym_in_lower_case_after_the_only_where_the_text_never_uses_the_word(table: AliasTable) -> None:
    # Speech recognition writes "the NWC" as "the nwc": no pronoun or verb stands after "the".
    assert linked(table, "We report to the nwc, as agreed.") == [("nwc", "nwc")]
    # "aim" is a word in this text, so "the aim" is the word too.
    assert linked(table, "Our aim is simple.", "That is the aim, and AIM agrees.") == [("AIM", "aim")]


def test_a_long_acronym_in_title_case_inside_a_sentence(table: AliasTable) -> None:
    assert linked(table, "The work of Unwic continues.") == [("Unwic", "unwic")]
    assert linked(table, "Unwic opened the session.") == []  # a capital at the start says nothing
    assert linked(table, "The work of Nwc continues.") == []  # three letters: too short to tell


def test_a_name_two_records_share_is_dropped(table: AliasTable) -> None:
    assert linked(table, "The Data Forum met.") == []
    assert linked(table, "The Eastern Data Forum met.") == [("Eastern Data Forum", "data-forum-east")]


def test_role_words_are_not_mentions_in_running_text(table: AliasTable) -> None:
    assert linked(table, "The Chair thanked the Secretariat.") == []


def test_a_role_modifier_makes_another_post(table: AliasTable) -> None:
    assert linked(table, "The Vice-Chair of the Nordic Wireless Council spoke.") == []
    assert linked(table, "The Deputy Chair of the Nordic Wireless Council spoke.") == []


def test_the_first_word_of_a_longer_unknown_name_is_not_a_mention(table: AliasTable) -> None:
    assert linked(table, "The NWC Spectrum Taskforce met.") == []
    assert linked(table, "The NWC-Habitat office.") == []
    # a list, a month, a title or another name do not carry the name on
    assert linked(table, "NWC, Ghana and AIM.") == [("NWC", "nwc"), ("Ghana", "ghana"), ("AIM", "aim")]
    assert linked(table, "The NWC May 2024 report, thank you NWC Ms. Okafor.") == [("NWC", "nwc"), ("NWC", "nwc")]
    assert linked(table, "NWC Ghana") == [("NWC", "nwc"), ("Ghana", "ghana")]


def test_a_currency_is_not_a_country(table: AliasTable) -> None:
    assert linked(table, "It cost US$20,000 in the US.") == [("US", "united-states")]


# -- countries, through pycountry as for speakers ------------------------------------------------


def test_countries_by_name_and_adjective(table: AliasTable) -> None:
    assert linked(table, "Support the Ghanaian proposal.") == [("Ghanaian", "ghana")]
    # the ISO name of a member state whose record says "Russia", without the envoy's words
    assert linked(table, "Thank you, Representative of the Russian Federation.") == [("Russian Federation", "russia")]
    assert linked(table, "An American company.") == [("American", "united-states")]
    assert linked(table, "Latin American states agreed.") == []  # part of a longer name


def test_a_name_at_the_end_of_a_longer_unknown_name_is_not_a_mention(table: AliasTable) -> None:
    assert linked(table, "They flew in from New Ghana.") == []  # as "Papua New Guinea" is not Guinea
    assert linked(table, "Thank you, Co-Chair Ghana and Ambassador Ines Okafor.") == [
        ("Ghana", "ghana"), ("Ines Okafor", "ines-okafor"),
    ]  # fmt: skip


# -- near spellings, with the speakers' fuzzy matcher -----------------------------------------------


@pytest.mark.parametrize(
    ("line", "text", "slug"),
    [
        ("We met at the Global Spectrum Forun last year.", "Global Spectrum Forun", "gsf"),  # a title's short word
        ("Today Global Spectrum Forun met.", "Global Spectrum Forun", "gsf"),  # a sentence's first capital
        ("Thanks to Ines Okafar for that.", "Ines Okafar", "ines-okafor"),
        ("The Charter on Open Spectrun applies.", "Charter on Open Spectrun", "spectrum-charter"),
    ],
)
def test_a_garbled_name_is_a_near_spelling(table: AliasTable, line: str, text: str, slug: str) -> None:
    assert linked(table, line) == [(text, slug)]


@pytest.mark.parametrize(
    "line",
    [
        "The Global Spectrum Fund paid.",  # another name
        "Thanks to Inez Okafor.",  # a short personal name differs by one letter between people
        "Thanks to Katarina Lindgron.",  # near two records: ambiguous
        "Thanks to Teodor Okafor.",
    ],
)
def test_a_look_alike_is_refused(table: AliasTable, line: str) -> None:
    assert linked(table, line) == []


# -- names that are someone else's as often: only where the meeting involves the record ------------


def test_one_word_names_and_garbles_link_only_in_a_meeting_that_involves_the_record(table: AliasTable) -> None:
    line = "Teodora said Nordy and the OSC agree."
    # The call's record: its body is the NWC, Teodora takes part, and it is recorded in call.txt.
    assert linked(table, line, source=CALL) == [("Teodora", "teodora"), ("Nordy", "nwc"), ("OSC", "spectrum-charter")]
    # Anywhere else "Teodora" may be anyone and "Nordy" a word; an acronym alias still reads.
    assert linked(table, line) == [("OSC", "spectrum-charter")]
