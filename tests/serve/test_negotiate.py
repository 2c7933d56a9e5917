"""Content negotiation follows RFC 9110: q-values, specificity, and the server's order on ties."""

import pytest

from kg.serve.negotiate import best_match

OFFERED = ["text/html", "text/turtle", "application/ld+json"]


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "text/html"),
        ("", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json, text/turtle;q=0.9", "application/ld+json"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("*/*", "text/html"),
        ("text/*", "text/html"),
        ("text/*;q=0.5, text/turtle", "text/turtle"),
        ("text/html;q=0, */*", "text/turtle"),
        ("image/png", None),
        ("TEXT/TURTLE", "text/turtle"),
        ("text/turtle;q=bogus, application/ld+json", "application/ld+json"),
        # A browser's usual header.
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ],
)
def test_best_match(accept: str | None, chosen: str | None) -> None:
    assert best_match(accept, OFFERED) == chosen
