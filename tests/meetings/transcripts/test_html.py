"""A transcript saved as an HTML page: its visible text as lines, each mapped back to the page line
where it starts; None for what is not a page; never a crash on malformed markup. Pages are invented."""

from __future__ import annotations

import time

import pytest

from kg.meetings.transcripts.html import close_omitted_ends, looks_like_html, page_text
from kg.meetings.transcripts.model import SourceText

CAPTIONS_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <title>Lanterns workshop captions</title>
  <style>
    p { margin: 0; }
  </style>
  <script>var note = "<p>>> NOT SPEECH: hidden in a script</p>";</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li>Sessions</li></ul></nav>
<header><p>Site banner</p></header>
<main>
<h1>IGF 2031 - Day 2 - WS #412 Lanterns and Libraries</h1>
<div class="transcript">
<p>RAW FILE</p>
<p>&gt;&gt; MODERATOR:  Good morning,
   everyone.</p>
<p>&gt;&gt; JANE DOE: Good morning.</p>
<p
   class="turn">&gt;&gt; TOMASZ IBARRA: Thank you. <em>Very</em> glad<br>to be here.</p>
<!-- a comment
     over two lines -->
<p>&gt;&gt; Can you hear me?</p>
<p style="display: none">&gt;&gt; HIDDEN: not shown</p>
</div>
</main>
<footer><p>Copyright notice</p></footer>
</body>
</html>
"""


def _pairs(text: SourceText) -> list[tuple[int, str]]:
    assert text.line_map is not None and len(text.line_map) == len(text.lines)
    return list(zip(text.line_map, text.lines, strict=True))


def test_an_igf_captions_page_becomes_one_line_per_paragraph_mapped_to_its_page_line() -> None:
    text = page_text(CAPTIONS_PAGE, "captions.html")
    assert text is not None and text.name == "captions.html"
    assert [(n, line) for n, line in _pairs(text) if line] == [
        (14, "# IGF 2031 - Day 2 - WS #412 Lanterns and Libraries"),
        (16, "RAW FILE"),
        (17, ">> MODERATOR: Good morning, everyone."),  # a wrapped <p> is one line, where it starts
        (19, ">> JANE DOE: Good morning."),
        (21, ">> TOMASZ IBARRA: Thank you. Very glad"),  # the start tag spans lines 20-21
        (21, "to be here."),  # after <br>
        (24, ">> Can you hear me?"),  # after a comment over two lines
    ]


def test_scripts_styles_navigation_header_footer_and_hidden_elements_are_dropped() -> None:
    text = page_text(CAPTIONS_PAGE, "captions.html")
    assert text is not None
    joined = "\n".join(text.lines)
    for gone in ("NOT SPEECH", "margin", "Home", "Sessions", "Site banner", "Copyright", "HIDDEN", "Lanterns workshop"):
        assert gone not in joined


def test_paragraphs_are_separated_by_one_blank_line_as_in_markdown() -> None:
    text = page_text(CAPTIONS_PAGE, "captions.html")
    assert text is not None
    assert text.lines[0] and text.lines[-1]  # no blank line at either end
    assert all(not (a == "" and b == "") for a, b in zip(text.lines, text.lines[1:], strict=False))
    assert text.lines[text.lines.index("RAW FILE") + 1] == ""


MARKDOWN_PAGE = """\
<html><body>
<article>
<h2>Lantern call 12</h2>
<p><strong>Orla Fenwick:</strong> Welcome, everyone.</p>
<p><b>Tomasz Ibarra (1:05) -</b> Thanks. We <b>must</b> light the lanterns.</p>
<p><strong>Valley Assembly | Pavla Montrose | Co-Chair</strong></p>
<p>The wicks are ready.</p>
<p><b>A very long bold sentence that goes on and on about the lanterns, the libraries, the wicks, the valley and
everything else that anybody could think of saying in a meeting.</b> More.</p>
<ul>
<li>first point</li>
<li>second point</li>
</ul>
<table><tr><th>Name</th><th>Role</th></tr><tr><td>Orla</td><td>Chair</td></tr></table>
<pre>
  kept   as
written
</pre>
</article>
</body></html>
"""


def test_a_bold_label_at_the_start_of_a_line_stays_markdown_bold_for_the_markdown_readers() -> None:
    text = page_text(MARKDOWN_PAGE, "notes.html")
    assert text is not None
    lines = [line for line in text.lines if line]
    assert lines[:4] == [
        "## Lantern call 12",
        "**Orla Fenwick:** Welcome, everyone.",
        "**Tomasz Ibarra (1:05) -** Thanks. We must light the lanterns.",  # bold inside speech: plain
        "**Valley Assembly | Pavla Montrose | Co-Chair**",
    ]
    assert lines[5].startswith("A very long bold sentence") and not lines[5].startswith("**")  # too long for a label


def test_lists_tables_and_pre_keep_their_lines() -> None:
    text = page_text(MARKDOWN_PAGE, "notes.html")
    assert text is not None
    pairs = _pairs(text)
    assert (11, "first point") in pairs and (12, "second point") in pairs
    assert (14, "Name | Role") in pairs and (14, "Orla | Chair") in pairs
    assert (16, "  kept   as") in pairs and (17, "written") in pairs  # the newline after <pre> is not a line


def test_the_line_map_points_at_the_page_line_of_each_text() -> None:
    page = (
        "<!doctype html>\n"  # 1
        "<html>\n"  # 2
        "<body>\n"  # 3
        "<div>\n"  # 4
        "\n"  # 5
        "   first text\n"  # 6
        "</div><p>second</p><p>third\n"  # 7
        "</p>\n"  # 8
        '<p><span title="a\n'  # 9
        'b">fourth</span> fifth<br/>\n'  # 10
        "sixth</p>\n"  # 11
        "</body></html>\n"
    )
    text = page_text(page, "p.html")
    assert text is not None
    assert [(n, line) for n, line in _pairs(text) if line] == [
        (6, "first text"),
        (7, "second"),
        (7, "third"),
        (10, "fourth fifth"),
        (11, "sixth"),
    ]


def test_windows_line_ends_count_as_one_line_each() -> None:
    page = "<html>\r\n<body>\r\n<p>one</p>\r\n<p>two</p>\r\n</body></html>"
    text = page_text(page, "crlf.html")
    assert text is not None
    assert [(n, line) for n, line in _pairs(text) if line] == [(3, "one"), (4, "two")]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   \n\n",
        ">> JANE DOE: Good morning.\n>> Thank you.\n",
        "# Lantern call\n\n**Orla Fenwick:** Welcome.\n\n```html\n<html><body>example</body></html>\n```\n",
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Orla Fenwick>Hello.\n",
        '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
        '<text><body><u who="#A">x</u></body></text></TEI>',  # a TEI <body> is not HTML's
        "Minutes: see <body> of the report.\n",
        "\x00\x01\x02<html>",
    ],
    ids=["empty", "blank", "igf-text", "markdown", "webvtt", "tei", "prose", "binary"],
)
def test_what_is_not_an_html_page_gives_none(raw: str) -> None:
    assert page_text(raw, "x") is None


@pytest.mark.parametrize(
    "raw",
    [
        "<!DOCTYPE html>",
        '\ufeff<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">\n<HTML><BODY><P>x',
        '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\n<html/>',
        "<!-- saved from url=(0014)about:internet -->\n<html>",
        "  <body><p>fragment</p></body>",
    ],
)
def test_html_signatures(raw: str) -> None:
    assert looks_like_html(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "<html><body><p>unclosed <b>bold <div><<<>>></p>&#xZZZZ; &bogus; <![CDATA[ never closed",
        "<html><body>" + "<div>" * 20_000 + "deep" + "</span>" * 100,
        "<html><body><p>a</p></html></body></html></p><p>b",
        "<html><body><table><td>x<tr>y</table></li></ul><script>unterminated",
        "<html><body><p>\x00\x01 control \udcff bytes</p>",
        "<html><" + "a " * 10_000,
        "<html><body><!-- unterminated comment <p>x</p>",
    ],
    ids=["unclosed", "deep", "stray-ends", "tables", "controls", "attribute-flood", "open-comment"],
)
def test_malformed_pages_never_crash_and_keep_their_line_map(raw: str) -> None:
    text = page_text(raw, "bad.html")
    assert text is not None
    assert text.line_map is not None and len(text.line_map) == len(text.lines)
    page_lines = raw.count("\n") + 1
    assert all(1 <= n <= page_lines for n in text.line_map)


def test_a_deeply_nested_page_still_gives_its_text() -> None:
    text = page_text("<html><body>" + "<div>" * 20_000 + "deep text", "deep.html")
    assert text is not None and text.lines == ("deep text",)


def test_omitted_paragraph_and_item_ends_are_closed_without_moving_a_line() -> None:
    raw = "<p>a\n<p>b<div>c</div><ul><li>x\n<li>y</ul>"
    closed = close_omitted_ends(raw)
    assert closed == "<p>a\n</p><p>b</p><div>c</div><ul><li>x\n</li><li>y</ul>"
    assert closed.count("\n") == raw.count("\n")


def test_an_old_page_with_unclosed_paragraphs_keeps_one_line_per_paragraph() -> None:
    page = "<html><body>\n" + "".join(f"<p>&gt;&gt; SPEAKER {n}: Turn {n}.\n" for n in range(3))
    text = page_text(page, "old.html")
    assert text is not None
    assert [(n, line) for n, line in _pairs(text) if line] == [
        (2, ">> SPEAKER 0: Turn 0."),
        (3, ">> SPEAKER 1: Turn 1."),
        (4, ">> SPEAKER 2: Turn 2."),
    ]


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>\n" + "<p><b>JANE DOE:</b> Turn.\n" * 30_000,  # unclosed <p>: nested 30,000 deep in html.parser
        "<html><body>" + "<b>" * 20_000 + "<p>x",  # unclosed <b>: each one a bold-label candidate
        "<html><body>\n" + "<font>x<br>\n" * 30_000,  # unclosed inline elements with children
    ],
    ids=["unclosed-paragraphs", "unclosed-bold", "unclosed-fonts"],
)
def test_pages_that_nest_deep_are_read_in_linear_time(page: str) -> None:
    started = time.perf_counter()
    text = page_text(page, "deep.html")
    assert text is not None and text.lines
    assert time.perf_counter() - started < 20


def test_a_page_nested_too_deep_is_read_line_by_line_with_its_own_line_numbers() -> None:
    page = "<html><body>\n" + "<span>\n" * 5000 + "<b>&gt;&gt; JANE DOE:</b> Good morning.\n"
    text = page_text(page, "deep.html")
    assert text is not None and text.line_map is not None
    assert text.lines[5001] == ">> JANE DOE: Good morning." and text.line_map[5001] == 5002


def test_a_large_captions_page_is_extracted_in_reasonable_time() -> None:
    turns = "".join(f"<p>&gt;&gt; SPEAKER {n % 7}: Sentence {n} about the lanterns.</p>\n" for n in range(20_000))
    page = "<!DOCTYPE html>\n<html><body>\n" + turns + "</body></html>\n"
    started = time.perf_counter()
    text = page_text(page, "big.html")
    assert text is not None
    assert len([line for line in text.lines if line]) == 20_000
    assert text.line_map is not None and text.line_map[-1] == 20_002
    assert time.perf_counter() - started < 30
