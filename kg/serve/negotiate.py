"""Content negotiation: the ``Accept`` header (RFC 9110, 12.5.1), or an explicit ``format``."""

from __future__ import annotations


def _accepted(header: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header; malformed q counts as 0."""
    entries = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        entries.append((media, q, position))
    return entries


def _specificity(media_range: str, offered: str) -> int | None:
    """How closely ``media_range`` matches ``offered`` (2 exact, 1 type/*, 0 */*), or None."""
    if media_range == offered:
        return 2
    kind, _, _ = offered.partition("/")
    if media_range == f"{kind}/*":
        return 1
    if media_range == "*/*":
        return 0
    return None


def best_match(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers; the first offered one when there is no header.

    None when the client accepts none of them (answer 406). For each offered type the most
    specific matching range sets its q; ties go to the order of ``offered`` (the server's taste).
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges = _accepted(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, media in enumerate(offered):
        matches = [(s, q) for r, q, _ in ranges if (s := _specificity(r, media)) is not None]
        if not matches:
            continue
        _, q = max(matches)
        if q <= 0:
            continue
        key = (q, -rank, 0)
        if best is None or key > best:
            best, chosen = key, media
    return chosen
