"""The reconciliation service (W3C Entity Reconciliation API 0.2, and the 0.1 form OpenRefine 3.x
sends) against a real ``igkg serve`` on loopback, with answers checked against our own statement
of what the protocol requires of each document (tests/serve/reconcile_shapes.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.serve.conftest import Server
from tests.serve.reconcile_shapes import validator

#: Documents written for these tests in the protocol's shapes: a batch with a plain query and a
#: property-only query, the answer a service could give it, and a batch whose only query has
#: nothing to match on (an empty query string and no properties).
QUERY_BATCH_VALID = {
    "q0": {"query": "Internet Governance Forum", "type": "Body", "limit": 3},
    "q1": {"query": "", "properties": [{"pid": "symbol", "v": "A/RES/65/141"}], "type": ["Instrument"]},
}
RESULT_BATCH_VALID = {
    "q0": {
        "result": [
            {
                "id": "igf",
                "name": "Internet Governance Forum",
                "score": 100,
                "match": True,
                "type": [{"id": "Body", "name": "body"}],
            },
            {"id": "wgig", "name": "Working Group on Internet Governance", "score": 61.5, "match": False},
        ]
    },
    "q1": {"result": []},
}
QUERY_BATCH_INVALID = {"q0": {"query": ""}}


def request(
    server: Server, path: str, data: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request as a plain HTTP client makes it: a form body when ``data`` is given; the
    headers come back with lower-case names."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(server.url + path.lstrip("/"), data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def get_json(server: Server, path: str) -> Any:
    status, headers, body = request(server, path)
    assert status == 200, body
    assert headers["access-control-allow-origin"] == "*"
    return json.loads(body)


def reconcile(server: Server, batch: dict[str, Any]) -> dict[str, Any]:
    """What OpenRefine does: POST a form with ``queries=`` holding the batch as JSON."""
    status, headers, body = request(server, "/reconcile", {"queries": json.dumps(batch)})
    assert status == 200, body
    assert headers["access-control-allow-origin"] == "*"
    answer: dict[str, Any] = json.loads(body)
    validator("result-batch").validate(answer)
    return answer


# --- the protocol's shapes, on example documents -----------------------------------------------


def test_the_shapes_accept_the_valid_examples_and_refuse_the_invalid_one() -> None:
    validator("query-batch").validate(QUERY_BATCH_VALID)
    validator("result-batch").validate(RESULT_BATCH_VALID)
    assert not validator("query-batch").is_valid(QUERY_BATCH_INVALID)


@pytest.mark.parametrize(
    ("shape", "document"),
    [
        ("manifest", {"versions": ["0.2"], "name": "x", "schemaSpace": "https://example.org/s#"}),
        ("manifest", {"versions": [], "name": "x", "identifierSpace": "i", "schemaSpace": "s"}),
        ("manifest", {"versions": ["0.2"], "name": "x", "identifierSpace": "i", "schemaSpace": "s", "view": {}}),
        ("query-batch", {"q0": {"query": "a", "type_strict": "sometimes"}}),
        ("query-batch", {"q0": {"properties": []}}),
        ("query-batch", {"q0": {"query": "a", "properties": [{"pid": "symbol"}]}}),
        ("result-batch", {"q0": {"result": [{"id": "igf", "name": "IGF", "match": True}]}}),
        ("result-batch", {"q0": {"result": [{"id": "igf", "name": "IGF", "score": "high", "match": True}]}}),
        ("result-batch", {"q0": {"candidates": []}}),
        ("suggest-entities", {"result": [{"id": "igf"}]}),
        ("suggest-types", [{"id": "Body", "name": "body"}]),
    ],
)
def test_the_shapes_refuse_what_the_protocol_does_not_allow(shape: str, document: Any) -> None:
    """Each shape has teeth: a missing required field or a wrong type is caught."""
    assert not validator(shape).is_valid(document)


def test_manifest_follows_the_schema_and_offers_the_five_kinds(server: Server) -> None:
    manifest = get_json(server, "/reconcile")
    validator("manifest").validate(manifest)
    assert manifest["versions"] == ["0.1", "0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/igkg/id/"
    assert manifest["schemaSpace"] == "https://w3id.org/igkg/ontology#"
    assert [t["id"] for t in manifest["defaultTypes"]] == ["Body", "Instrument", "Mandate", "Person", "Meeting"]
    assert manifest["view"]["url"] == server.url + "id/{{id}}"
    assert manifest["preview"]["url"] == server.url + "reconcile/preview?id={{id}}"
    for kind in ("entity", "type", "property"):
        suggest = manifest["suggest"][kind]
        assert (suggest["service_url"] + suggest["service_path"]).startswith(server.url + "reconcile/suggest/")


def test_a_query_using_every_field_is_answered(server: Server) -> None:
    """Every field a 0.2 query may carry (query, a type, a limit, a property with a string and an
    {id, name} value, type_strict), with igkg's own type and property."""
    batch = {
        "q0": {
            "query": "General Assembly resolution 65/141",
            "type": "Instrument",
            "limit": 5,
            "properties": [{"pid": "symbol", "v": ["A/RES/65/141", {"id": "a-res-65-141", "name": "A/RES/65/141"}]}],
            "type_strict": "should",
        }
    }
    validator("query-batch").validate(batch)
    result = reconcile(server, batch)["q0"]["result"]
    assert 1 <= len(result) <= 5
    assert result[0]["id"] == "a-res-65-141" and result[0]["match"] is True and result[0]["score"] == 100
    assert result[0]["type"][0] == {"id": "Instrument", "name": "instrument"}
    assert [c["score"] for c in result] == sorted((c["score"] for c in result), reverse=True)


def test_the_invalid_example_query_is_refused(server: Server) -> None:
    status, headers, body = request(server, "/reconcile", {"queries": json.dumps(QUERY_BATCH_INVALID)})
    assert status == 400 and b"query string or at least one property" in body
    assert headers["access-control-allow-origin"] == "*"


# --- an OpenRefine-shaped client ---------------------------------------------------------------

#: A spreadsheet column a journalist reconciles: bodies and a resolution, one name matching nothing.
COLUMN = [
    "General Assembly",
    "ECOSOC",
    "A/RES/65/141",
    "Internet Governance Forum",
    "Commission on Science and Technology for Development",
    "Ministry of Silly Walks",
]


def test_openrefine_reconciles_a_column_of_body_and_resolution_names(server: Server) -> None:
    """OpenRefine 3.x: the manifest first, then batches of ``{"query", "type_strict": "should"}``
    (no type: "reconcile against no particular type") POSTed as a form, then previews."""
    manifest = get_json(server, "/reconcile")
    batch = {f"q{i}": {"query": name, "type_strict": "should"} for i, name in enumerate(COLUMN)}
    answer = reconcile(server, batch)
    best = {COLUMN[int(key[1:])]: (r["result"][0] if r["result"] else None) for key, r in answer.items()}
    assert best["ECOSOC"] is not None and (best["ECOSOC"]["id"], best["ECOSOC"]["match"]) == ("ecosoc", True)
    assert best["A/RES/65/141"] is not None and (best["A/RES/65/141"]["id"], best["A/RES/65/141"]["match"]) == (
        "a-res-65-141",
        True,
    )
    for name, slug in (
        ("Internet Governance Forum", "igf"),
        ("Commission on Science and Technology for Development", "cstd"),
    ):
        candidate = best[name]
        assert candidate is not None and candidate["id"] == slug and candidate["match"] is True
        assert candidate["score"] == 100
    # Not an exact label or alias ("United Nations General Assembly"): the best candidate, no match.
    ga = best["General Assembly"]
    assert ga is not None and ga["id"] == "ga" and ga["match"] is False and 55 <= ga["score"] < 100
    assert best["Ministry of Silly Walks"] is None
    # Only one candidate per query may match.
    assert all(sum(c["match"] for c in r["result"]) <= 1 for r in answer.values())
    # The view and preview templates give working pages for a chosen candidate.
    status, _, _ = request(server, manifest["view"]["url"].replace("{{id}}", "ecosoc")[len(server.url) :])
    assert status == 200
    status, headers, page = request(server, manifest["preview"]["url"].replace("{{id}}", "ecosoc")[len(server.url) :])
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"Economic and Social Council" in page and b"ECOSOC" in page


def test_typed_queries_keep_to_their_type(server: Server) -> None:
    answer = reconcile(
        server,
        {
            "bodies": {"query": "ECOSOC", "type": "Body"},
            "instruments": {
                "query": "ECOSOC resolution",
                "type": "https://w3id.org/igkg/ontology#Instrument",
                "limit": 3,
            },
            "subclass": {"query": "Internet Governance Forum", "type": "Forum"},
            "symbol-only": {"properties": [{"pid": "symbol", "v": "A/RES/65/141"}], "type": "Instrument"},
        },
    )
    assert all(c["type"][0]["id"] == "Body" for c in answer["bodies"]["result"])
    instruments = answer["instruments"]["result"]
    assert 1 <= len(instruments) <= 3 and all(c["type"][0]["id"] == "Instrument" for c in instruments)
    assert answer["subclass"]["result"][0]["id"] == "igf"
    assert answer["symbol-only"]["result"][0]["id"] == "a-res-65-141"
    assert answer["symbol-only"]["result"][0]["match"] is True


def test_get_with_queries_and_the_single_query_form(server: Server) -> None:
    batch = urllib.parse.quote(json.dumps({"q0": {"query": "igf"}}))
    answer = get_json(server, f"/reconcile?queries={batch}")
    validator("result-batch").validate(answer)
    assert answer["q0"]["result"][0]["id"] == "igf"  # its own id is an exact match
    single = get_json(server, "/reconcile?query=" + urllib.parse.quote("Internet Governance Forum"))
    assert single["result"][0]["id"] == "igf"


def test_normalisation_ignores_case_diacritics_and_punctuation(server: Server) -> None:
    answer = reconcile(
        server,
        {
            "case": {"query": "internet governance FORUM"},
            "stops": {"query": "E.C.O.S.O.C."},
            "accents": {"query": "Économic and Sociál Council"},
            "symbol": {"query": "a/res/65/141"},
        },
    )
    assert [answer[k]["result"][0]["id"] for k in ("case", "stops", "accents", "symbol")] == [
        "igf",
        "ecosoc",
        "ecosoc",
        "a-res-65-141",
    ]
    assert all(answer[k]["result"][0]["match"] for k in answer)


# --- suggest and preview ------------------------------------------------------------------------


def test_suggest_entities_types_and_properties(server: Server) -> None:
    entities = get_json(server, "/reconcile/suggest/entity?prefix=ECOS")
    validator("suggest-entities").validate(entities)
    assert entities["result"][0]["id"] == "ecosoc"
    assert entities["result"][0]["notable"][0] == {"id": "Body", "name": "body"}
    typed = get_json(server, "/reconcile/suggest/entity?prefix=ECOS&type=Instrument")
    assert typed["result"] and all(r["notable"][0]["id"] == "Instrument" for r in typed["result"])
    more = get_json(server, "/reconcile/suggest/entity?prefix=ECOS&cursor=1")
    assert more["result"][0] == entities["result"][1]
    types = get_json(server, "/reconcile/suggest/type?prefix=work")
    validator("suggest-types").validate(types)
    assert [t["id"] for t in types["result"]] == ["WorkingGroup"]
    properties = get_json(server, "/reconcile/suggest/property?prefix=sym")
    validator("suggest-properties").validate(properties)
    assert [p["id"] for p in properties["result"]] == ["symbol"]


def test_preview_escapes_what_it_shows(server: Server) -> None:
    status, headers, page = request(server, "/reconcile/preview?id=" + urllib.parse.quote("<script>alert(1)</script>"))
    assert status == 404 and b"<script>" not in page and b"&lt;script&gt;" in page
    assert "default-src 'none'" in headers["content-security-policy"]
    status, _, page = request(server, "/reconcile/preview?id=" + urllib.parse.quote("https://w3id.org/igkg/id/igf"))
    assert status == 200 and b"Internet Governance Forum" in page


# --- what a hostile or careless client gets -----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "form", "status", "says"),
    [
        ("/reconcile?callback=alert", None, 400, b"JSONP is not offered"),
        ("/reconcile/suggest/entity?prefix=a&callback=x", None, 400, b"JSONP is not offered"),
        ("/reconcile", {"queries": "{not json"}, 400, b"not JSON"),
        ("/reconcile", {"queries": "[" * 100_000}, 400, b"not JSON"),
        ("/reconcile", {"queries": json.dumps([{"query": "a"}])}, 400, b"JSON object"),
        ("/reconcile", {"queries": json.dumps({f"q{i}": {"query": "igf"} for i in range(51)})}, 413, b"batchSize"),
        ("/reconcile", {"queries": json.dumps({"q": {"query": "x" * 501}})}, 400, b"at most 500"),
        ("/reconcile", {"queries": json.dumps({"q": {"query": "a", "limit": -1}})}, 400, b"positive integer"),
        ("/reconcile", {"queries": json.dumps({"q": {"query": "a", "limit": 1e400}})}, 400, b"positive integer"),
        (
            "/reconcile",
            {"queries": json.dumps({"q": {"query": "a", "properties": [{"pid": "P31", "v": "x"}]}})},
            400,
            b"unknown property",
        ),
        ("/reconcile", {"queries": json.dumps({"q": {"query": "a", "FROM": "x"}})}, 400, b"unknown field"),
        ("/reconcile", {"extend": "{}"}, 400, b"not offered"),
        ("/reconcile/suggest/entity?prefix=a&cursor=-1", None, 400, b"cursor"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(
    server: Server, path: str, form: dict[str, str] | None, status: int, says: bytes
) -> None:
    got, headers, body = request(server, path, form)
    assert (got, says in body) == (status, True), body[:300]
    assert headers["access-control-allow-origin"] == "*"


def test_preflight_allows_any_origin(server: Server) -> None:
    for path in ("/reconcile", "/reconcile/suggest/entity", "/reconcile/preview"):
        status, headers, _ = request(server, path, method="OPTIONS")
        assert status == 204
        assert headers["access-control-allow-origin"] == "*"
        assert "POST" in headers["access-control-allow-methods"]
        assert "Content-Type" in headers["access-control-allow-headers"]
