"""Option and argument types of the command line: a value is checked where click reads it, so
that a wrong one is refused with the option's name (exit 2) before any work, never later as a
traceback from a library that met it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from typing import Any

import click

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NONE = ("none", "0")


class Slug(click.ParamType):
    """A thing's slug: lower-case letters and digits in words joined by '-' (``wg-igf-improvements``)."""

    name = "slug"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if not _SLUG.fullmatch(text):
            self.fail(
                f"{text!r} is not a slug: lower-case letters and digits in words joined by '-', "
                "like wg-igf-improvements",
                param,
                ctx,
            )
        return text


class IsoDate(click.ParamType):
    """A calendar date written YYYY-MM-DD that exists (2024-02-30 does not)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if not _ISO_DATE.fullmatch(text):
            self.fail(f"{text!r} is not a date: write YYYY-MM-DD, like 2012-01-01", param, ctx)
        try:
            dt.date.fromisoformat(text)
        except ValueError as exc:
            self.fail(f"{text!r} is not a date of the calendar ({exc})", param, ctx)
        return text


class HttpUrl(click.ParamType):
    """An absolute http(s) URL with a host, and nothing a URL may not hold (spaces, controls)."""

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if not _is_http_url(text):
            self.fail(f"{text!r} is not an http(s) URL, like http://127.0.0.1:7878/query", param, ctx)
        return text


def _is_http_url(text: str) -> bool:
    if any(char.isspace() or unicodedata.category(char).startswith("C") for char in text):
        return False
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError:  # a port that is not a number, a bracket left open
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and (port is None or port > 0)


class Seconds(click.ParamType):
    """A number of seconds above 0, or ``none`` (also 0): no deadline."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float | None:
        if value is None or isinstance(value, float):
            return value
        text = str(value).strip().lower()
        if text in _NONE:
            return None
        try:
            seconds = float(text)
        except ValueError:
            seconds = -1.0
        if not seconds > 0 or seconds == float("inf"):
            self.fail(f"{value!r}: give a number of seconds, or none (0) for no deadline", param, ctx)
        return seconds


class Count(click.ParamType):
    """A whole number above 0, or ``none`` (also 0): no limit."""

    name = "count"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | None:
        if value is None or isinstance(value, int):
            return value
        text = str(value).strip().lower()
        if text in _NONE:
            return None
        if not (text.isascii() and text.isdigit()):
            self.fail(f"{value!r}: give a whole number, or none (0) for no limit", param, ctx)
        return int(text)


SLUG = Slug()
ISO_DATE = IsoDate()
HTTP_URL = HttpUrl()
SECONDS = Seconds()
COUNT = Count()
