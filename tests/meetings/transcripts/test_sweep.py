"""A sweep over transcript conventions common in the field but absent from the development corpus:
each invented transcript must be detected with its own reader, and every header line found (and no
other). The transcripts are invented (names, speech), written in each convention."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.meetings.transcripts.detect import detect
from kg.meetings.transcripts.model import SourceText

#: Teams WebVTT: ``<v Name>`` voice tags, one speaker's cues are one turn.
TEAMS_VOICE_TAGS = """\
WEBVTT

00:00:01.000 --> 00:00:04.000
<v Amara Okafor>Good morning, everyone, and welcome.</v>

00:00:04.000 --> 00:00:07.500
<v Amara Okafor>Let us start with the first item.</v>

00:00:08.000 --> 00:00:11.000
<v Lukas Brandt>Thank you, Amara. I have two points.</v>

00:00:11.000 --> 00:00:14.000
<v Lukas Brandt>First, the budget is late.</v>

00:00:15.000 --> 00:00:18.000
<v Amara Okafor>Noted. Priya, anything from your side?</v>

00:00:18.500 --> 00:00:22.000
<v Priya Raman (Guest)>Only that the draft is ready.</v>
"""

#: YouTube VTT: ``>>`` marks a speaker change without a name.
YOUTUBE_CHEVRONS = """\
WEBVTT
Kind: captions
Language: en

00:00:00.500 --> 00:00:03.000
>> WELCOME TO THE OPEN FORUM ON
RURAL CONNECTIVITY.

00:00:03.000 --> 00:00:06.000
WE HAVE THREE SPEAKERS TODAY.

00:00:06.500 --> 00:00:09.000
>> THANK YOU FOR HAVING ME.

00:00:09.000 --> 00:00:12.000
LET ME START WITH THE NUMBERS.

00:00:12.500 --> 00:00:15.000
>> AND WHAT ABOUT SPECTRUM?

00:00:15.000 --> 00:00:18.000
>> SPECTRUM IS THE HARD PART.
"""

#: Rev export: ``Speaker 1 (00:00:01):`` with the speech below.
REV_SPEAKER_TIME = """\
Speaker 1 (00:00:01):
Okay, we are recording. Welcome to the weekly sync.

Speaker 2 (00:00:06):
Thanks. I pushed the new schema yesterday.

Speaker 1 (00:00:11):
Great. Any blockers?

Speaker 2 (00:00:14):
None for now.

Speaker 3 (00:00:18):
I have one question about the migration.
"""

#: Otter: ``Name  0:00``, the speech below.
OTTER_NAME_TIME = """\
Weekly planning call

Tomasz Wilk  0:00
Right, shall we begin? The agenda is short today.

Ines Carvalho  0:07
Yes. I would like to add one item about the venue.

Tomasz Wilk  0:15
Go ahead.

Ines Carvalho  0:18
The venue moved to the second floor.
We need new signs.

Tomasz Wilk  0:31
Okay, I will take that.
"""

#: WhisperX: ``[SPEAKER_00]: text``.
WHISPERX_BRACKETS = """\
[SPEAKER_00]: Hello and welcome to the podcast.
[SPEAKER_01]: Thanks for having me.
[SPEAKER_00]: Let us talk about open standards.
[SPEAKER_01]: Happy to. They matter more than people think.
[SPEAKER_00]: Why is that?
[SPEAKER_01]: Because every network depends on them.
"""

#: Zoom SRT: ``Name: text`` payloads, one speaker's cues are one turn.
ZOOM_SRT = """\
1
00:00:01,000 --> 00:00:04,000
Hana Sato: Good afternoon, can everyone hear me?

2
00:00:04,500 --> 00:00:06,000
Hana Sato: Great, let us begin.

3
00:00:06,500 --> 00:00:09,000
Oscar Lindqvist: Thanks Hana. I will share my screen.

4
00:00:09,500 --> 00:00:12,000
Oscar Lindqvist: This slide shows the timeline.

5
00:00:12,500 --> 00:00:15,000
Hana Sato: Could you go back one slide?

6
00:00:15,500 --> 00:00:18,000
Oscar Lindqvist: Sure.
"""

#: UN verbatim record with page running heads between paragraphs.
UN_VERBATIM_RUNNING_HEADS = """\
United Nations A/99/PV.7
General Assembly
Ninety-ninth session
7th plenary meeting
Monday, 21 September 2043, 10 a.m.
New York
Official Records

The meeting was called to order at 10.05 a.m.

The President: I now give the floor to the representative of Freedonia.

Mr. Arkwright (Freedonia): Thank you, Mr. President. My delegation welcomes the report
and thanks the Secretary-General for his leadership.

A/99/PV.7 21/09/2043
2/30 43-12345

We believe that cooperation remains essential.

The President: I thank the representative of Freedonia. I now give the floor to the
representative of Ruritania.

Ms. Valdez (Ruritania) (spoke in Spanish): We join others in thanking the President.

21/09/2043 A/99/PV.7
43-12345 3/30

Our region has much to contribute.

The President: I thank the representative of Ruritania.
"""

#: IGF captions saved as an HTML page: ``<p>&gt;&gt; NAME: …</p>``.
IGF_CAPTIONS_HTML = """\
<html><head><title>IGF 2031 Day 1 Workshop</title></head>
<body>
<p>IGF 2031 - DAY 1 - WORKSHOP ROOM 3</p>
<p>&gt;&gt; MODERATOR: Good morning and welcome to the session.</p>
<p>&gt;&gt; JANE DOE: Thank you. I will be brief.</p>
<p>We have worked on community networks for ten years.</p>
<p>&gt;&gt; MODERATOR: Thank you, Jane. Next speaker please.</p>
<p>&gt;&gt; KOFI MENSAH: Hello everyone.</p>
<p>&gt;&gt; JANE DOE: May I add one point?</p>
</body></html>
"""

#: plain ``Name: text``, honorifics, an affiliation, a generic label, multi-line speech.
PLAIN_NAME_COLON = """\
Board meeting, 3 March 2041

Jane Doe: Good morning. Let us begin.
Kenya: We agree with the proposal.
Jane Doe: Thank you. Mr. Smith, you had a comment?
Mr. Smith: Yes. Two things.
First, the timeline is tight.
Second, the budget needs review.
H.E. Ms. Amina Odhiambo (Kenya): May I respond?
Jane Doe: Please.
H.E. Ms. Amina Odhiambo (Kenya): The timeline was agreed in May.
Speaker 1: Can I ask a question from the floor?
Kenya: Of course.
"""

#: Markdown ``### Name`` headings, no times.
MARKDOWN_H3_NAMES = """\
# Community call, 12 June 2040

### Rosa Blanco

Welcome, everyone. Today we review the roadmap.

### Milan Horvat

Thanks, Rosa. The first milestone is done.

### Rosa Blanco

Good. What about the second?

### Milan Horvat

It slipped by two weeks.

### Chen Wei

I can help with testing.
"""

#: time first, bracketed: ``[00:00:02] Name: text`` (the export reader's).
TIME_FIRST_BRACKETS = """\
[00:00:02] Jane Doe: Good morning, all.
[00:00:05] Kofi Mensah: Morning. Shall we start?
[00:00:09] Jane Doe: Yes. First the minutes.
Were there any corrections?
[00:00:15] Kofi Mensah: None from me.
[00:00:18] Lena Vogel: One small one, on page two.
"""

#: time first, bare: ``00:01:02 Name: text`` (the export reader's).
TIME_FIRST_BARE = """\
00:01:02 Jane Doe: Hello.
00:01:05 Kofi Mensah: Hi Jane.
00:01:09 Jane Doe: Ready?
00:01:12 Kofi Mensah: Ready.
"""

#: interview: ``Q:`` / ``A:`` turns.
INTERVIEW_Q_A = """\
Interview with a lighthouse keeper

Q: How long have you worked here?
A: Twenty years, give or take.
Q: What changed in that time?
A: Everything is automatic now.
But the sea is the same.
Q: Do you miss the old days?
A: Sometimes.
"""

#: Otter/Teams export of a hybrid meeting: a room microphone, numbered and unknown speakers.
EXPORT_GENERIC_LABELS = """\
Budget committee, hybrid session

Marek Nowak  0:02
Good morning. Colleagues in the room, can you hear us?

Room-Mic-1   0:15
Yes, loud and clear.

Speaker 2  00:31
May I ask about the second item?

Marek Nowak  0:45
Please.

Unknown Speaker  1:02
Sorry, I was on mute. It is about the travel budget.

Marek Nowak  1:20
Noted, we come back to it.
"""

#: A short Markdown transcript: two headings, each a full name and a time.
MARKDOWN_TWO_TIMED_HEADINGS = """\
#### Selin Aydin 0:04

Welcome to this short update on the cable project.

#### Tariq Haddad 1:12

Thanks, Selin. The survey ship leaves next week.
"""

#: Markdown whose speaker lines mix timed headings and a bold name with the time after the bold.
MARKDOWN_BOLD_THEN_TIME = """\
# Cable project call

#### Selin Aydin 0:04

Welcome, everyone.

#### Tariq Haddad 0:40

Thanks. The ship leaves next week.

**Nadia Petrova** 2:05

Is the permit signed?

#### Selin Aydin 2:30

Yes, since Monday.
"""

#: A note-taker's record where a delegation's speech line opens with a verb and a country.
NOTES_VERB_LINES = """\
Chair
Opened the session and presented the draft.

India
Support Brazil

Brazil
Thank you, India. Flexible on paragraph 3.

Norway
Agree Kenya
Concerned about the timeline.

Kenya
Echo Norway on the timeline.

Chair
Noted.

India
Propose new wording for paragraph 5.

Secretariat
Will circulate a revised text.

Brazil
Endorse the revised text.

Chair
Closed the meeting.
"""

#: (case id, file name, text, expected reader, expected header lines)
CASES = [
    ("teams_voice_tags", "teams.vtt", TEAMS_VOICE_TAGS, "webvtt", [4, 10, 16, 19]),
    ("youtube_chevrons", "youtube.vtt", YOUTUBE_CHEVRONS, "webvtt", [6, 13, 19, 22]),
    ("rev_speaker_time", "rev.txt", REV_SPEAKER_TIME, "export", [1, 4, 7, 10, 13]),
    ("otter_name_time", "otter.txt", OTTER_NAME_TIME, "export", [3, 6, 9, 12, 16]),
    ("whisperx_brackets", "whisperx.txt", WHISPERX_BRACKETS, "plain", [1, 2, 3, 4, 5, 6]),
    ("zoom_srt", "zoom.srt", ZOOM_SRT, "srt", [3, 11, 19, 23]),
    ("un_verbatim_running_heads", "verbatim.txt", UN_VERBATIM_RUNNING_HEADS, "verbatim", [11, 13, 21, 24, 31]),
    ("igf_captions_html", "igf.html", IGF_CAPTIONS_HTML, "igf", [4, 5, 7, 8, 9]),
    ("plain_name_colon", "plain.txt", PLAIN_NAME_COLON, "plain", [3, 4, 5, 6, 9, 10, 11, 12, 13]),
    ("markdown_h3_names", "headings.md", MARKDOWN_H3_NAMES, "markdown", [3, 7, 11, 15, 19]),
    ("time_first_brackets", "timefirst.txt", TIME_FIRST_BRACKETS, "export", [1, 2, 3, 5, 6]),
    ("time_first_bare", "timefirst2.txt", TIME_FIRST_BARE, "export", [1, 2, 3, 4]),
    ("interview_q_a", "interview.txt", INTERVIEW_Q_A, "plain", [3, 4, 5, 6, 8, 9]),
    ("export_generic_labels", "hybrid.txt", EXPORT_GENERIC_LABELS, "export", [3, 6, 9, 12, 15, 18]),
    ("markdown_two_timed_headings", "short.md", MARKDOWN_TWO_TIMED_HEADINGS, "markdown", [1, 5]),
    ("markdown_bold_then_time", "mixed.md", MARKDOWN_BOLD_THEN_TIME, "markdown", [3, 7, 11, 15]),
    ("notes_verb_lines", "notes.txt", NOTES_VERB_LINES, "notes", [1, 4, 7, 10, 14, 17, 20, 23, 26, 29]),
]


@pytest.mark.parametrize(
    ("name", "text", "reader", "header_lines"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_convention_is_detected_with_its_reader_and_every_header_line(
    name: str, text: str, reader: str, header_lines: list[int]
) -> None:
    detection = detect(Path(name), SourceText(name, tuple(text.splitlines())))
    assert detection.reading.reader == reader, detection.scores
    assert detection.confident, detection.scores
    assert [h.line for h in detection.reading.headers] == header_lines


@pytest.mark.parametrize(("name", "text"), [case[1:3] for case in CASES], ids=[case[0] for case in CASES])
def test_each_label_is_written_on_its_header_line(name: str, text: str) -> None:
    """The label a turn gets is the one its header line writes: a line of speech below it (``Support
    Brazil`` under ``India``) never becomes the label."""
    detection = detect(Path(name), SourceText(name, tuple(text.splitlines())))
    lines = text.splitlines()
    for header in detection.reading.headers:
        line = lines[header.line - 1].replace("&gt;", ">")
        assert header.label.casefold() in line.casefold(), (header.line, header.label, line)
