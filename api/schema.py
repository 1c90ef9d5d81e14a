"""The OpenAPI description tells every answer an operation gives, errors included.

drf-spectacular describes the 200 answers from the serializers; ``document_every_answer``
(a post-processing hook) adds what the stack around the views answers: 400 and 404 for
paging (``api.pagination``), 404 for an unknown id, 406 for an ``Accept`` the API
cannot serve, 304 for a matching ``If-None-Match`` (ConditionalGetMiddleware) and 503 while
the database is unreachable (``core.middleware``, an HTML page). tests/api checks real
answers of every operation against it.
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "What went wrong, in the request's language.",
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag of an earlier answer: 304 without a body if it is unchanged.",
}

COMMON = {
    "304": {
        "description": "Not modified: the answer is the one whose ETag was sent in "
        "If-None-Match. No body.",
    },
    "406": _error("The Accept header asks for a format other than JSON."),
    "503": {
        "description": "The database is unreachable for a moment: try again after "
        "Retry-After seconds. An HTML page, not JSON.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        "content": {"text/html": {"schema": {"type": "string"}}},
    },
}


def _blank_or_uri_any_of(node) -> None:
    """A URL field that may be blank is ``oneOf`` [uri, empty string]: "" matches both where
    ``format`` is only an annotation (JSON Schema's default), so it is ``anyOf``."""
    if isinstance(node, dict):
        branches = node.get("oneOf")
        if branches and all(b.get("type") == "string" for b in branches):
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            _blank_or_uri_any_of(value)
    elif isinstance(node, list):
        for value in node:
            _blank_or_uri_any_of(value)


def document_every_answer(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    _blank_or_uri_any_of(result["components"]["schemas"])
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method != "get":
                continue
            names = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
            responses = operation.setdefault("responses", {})
            if ("query", "page") in names:
                responses["400"] = _error("The page is not a whole number from 1 to the maximum.")
                responses["404"] = _error(
                    "There is no such page (past the last one), or ?format names a format "
                    "other than json."
                )
            if any(place == "path" for place, _name in names):
                responses["404"] = _error(
                    "There is no such object (or it is not public), or ?format names a format "
                    "other than json."
                )
            responses.update(COMMON)
            operation.setdefault("parameters", []).append(IF_NONE_MATCH)
            operation["responses"] = dict(sorted(responses.items()))
    return result
