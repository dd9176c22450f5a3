"""The OpenAPI 3 document of /api/v1 (served at /api/v1/openapi.json).

A test checks that every API route is documented here and schemathesis fuzzes it.
"""

from __future__ import annotations

from flask import current_app

from vizlou.services.ideas.reactions import MAX_COMMENT, REPORT_REASONS
from vizlou.services.ideas.read import PAGE_MAX, SORTS
from vizlou.services.inputs import MAX_TEXT
from vizlou.services.voting import methods

JSON = "application/json"
GEOJSON = "application/geo+json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, media: str = JSON) -> dict:
    return {"content": {media: {"schema": schema}}}


def _ok(description: str, schema: dict, media: str = JSON) -> dict:
    return {"description": description, **_json(schema, media)}


ERRORS = {status: {"$ref": f"#/components/responses/E{status}"}
          for status in ("400", "403", "404", "409", "413", "415", "422")}


def _errors(*codes: str) -> dict:
    return {code: ERRORS[code] for code in codes}


PARTICIPANT = {"name": "X-Participant", "in": "header", "required": False,
               "description": "The participant's random token (16 to 64 letters, digits, - "
                              "or _), made by the client. Writes need it; the participant is "
                              "created on first use.",
               "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$"}}
PARTICIPANT_REQUIRED = {**PARTICIPANT, "required": True}
KIOSK = {"name": "X-Kiosk", "in": "header", "required": False,
         "description": "A kiosk key from a facilitated session's kiosk link.",
         "schema": {"type": "string"}}
IDEA_ID = {"name": "idea_id", "in": "path", "required": True,
           "schema": {"type": "integer", "minimum": 1}}
QUESTION_ID = {"name": "question_id", "in": "path", "required": True,
               "schema": {"type": "integer", "minimum": 1}}
def _bbox(city) -> dict:
    """The bbox parameter, its example a box around the city's first view."""
    lat, lon = city.center
    example = ",".join(f"{v:.2f}" for v in (lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05))
    return {"name": "bbox", "in": "query", "description": "west,south,east,north in degrees",
            "schema": {"type": "string", "example": example}}


def _required(method) -> str:
    return "{" + ", ".join(method.choice_schema().get("required", [])) + "}"


def _schemas(categories: list[str]) -> dict:
    point = {"type": "object", "required": ["type", "coordinates"],
             "properties": {"type": {"enum": ["Point"]},
                            "coordinates": {"type": "array", "items": {"type": "number"},
                                            "minItems": 2, "maxItems": 2}}}
    area_ref = {"type": "object", "required": ["layer", "id"],
                "properties": {"layer": {"type": "string"}, "id": {"type": "integer"}}}
    return {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                           "field": {"type": ["string", "null"]}}}}},
        "AreaRef": area_ref,
        "NewIdea": {
            "type": "object", "required": ["category", "text"],
            "description": "Either lon and lat, or area (the no-map path).",
            "properties": {
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "area": area_ref,
                "category": {"type": "string", "enum": categories},
                "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
                "client_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$",
                              "description": "Idempotency key: the same key again returns "
                                             "the same idea with status 200."}}},
        "Idea": {"type": "object", "required": ["type", "id", "geometry", "properties"],
                 "properties": {"type": {"enum": ["Feature"]}, "id": {"type": "integer"},
                                "geometry": point, "properties": {"type": "object"}}},
        "IdeaCollection": {"type": "object", "required": ["type", "features"],
                           "properties": {"type": {"enum": ["FeatureCollection"]},
                                          "features": {"type": "array", "items": _ref("Idea")},
                                          "numberMatched": {"type": "integer"},
                                          "numberReturned": {"type": "integer"}}},
        "MapData": {"type": "object", "required": ["type", "features"],
                    "properties": {"type": {"enum": ["FeatureCollection"]},
                                   "features": {"type": "array"}}},
        "Support": {"type": "object", "properties": {
            "idea": {"type": "integer"}, "supported": {"type": "boolean"},
            "supports": {"type": "integer"}}},
        "NewComment": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string", "minLength": 1, "maxLength": MAX_COMMENT},
            "client_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"}}},
        "Comment": {"type": "object", "properties": {
            "id": {"type": "integer"}, "text": {"type": "string"},
            "created_at": {"type": "string"},
            "moderation": {"type": "string", "enum": ["visible", "flagged", "hidden"],
                           "description": "flagged: held for a quick check, not public yet"}}},
        "NewReport": {"type": "object", "required": ["reason"], "properties": {
            "reason": {"type": "string", "enum": list(REPORT_REASONS)},
            "note": {"type": "string", "maxLength": MAX_COMMENT}}},
        "Question": {"type": "object", "properties": {
            "id": {"type": "integer"}, "title": {"type": "string"},
            "method": {"enum": list(methods.keys())},
            "options": {"type": "array"}, "my_ballot": {"type": ["object", "null"]}}},
        "Ballot": {
            "type": "object", "required": ["choice"],
            "properties": {
                "client_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"},
                "code": {"type": "string", "maxLength": 20,
                         "description": "The voter's single-use code, on a question whose "
                                        "identity is code"},
                "choice": {"description": "The ballot in the shape of the question's method: "
                                          + ", ".join(f"{key} {_required(m)}"
                                                      for key, m in methods.REGISTRY.items()),
                           "oneOf": [m.choice_schema() for m in methods.REGISTRY.values()]}}},
        "Profile": {"type": "object", "properties": {
            "age_bracket": {"type": ["string", "null"]},
            "home_areas": {"type": "object"}}},
        "NewProfile": {"type": "object", "properties": {
            "age_bracket": {"type": "string"}, "home_area": area_ref,
            "home_point": {"type": "array", "items": {"type": "number"}, "minItems": 2,
                           "maxItems": 2, "description": "[lon, lat]: reduced to areas, "
                                                        "never stored"}}},
    }


def document() -> dict:
    city = current_app.config["CITY"]
    categories = list(city.category_keys)
    bbox = _bbox(city)
    idea_filters = [
        bbox,
        {"name": "category", "in": "query", "schema": {"type": "string", "enum": categories}},
        {"name": "status", "in": "query", "schema": {"type": "string", "enum": [
            "new", "under_review", "in_plan", "not_feasible", "done"]}},
        {"name": "layer", "in": "query", "schema": {"type": "string"}},
        {"name": "area", "in": "query", "schema": {"type": "integer"}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                    "maximum": PAGE_MAX}},
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
        PARTICIPANT,
    ]
    writes = [PARTICIPANT_REQUIRED, KIOSK]
    paths = {
        "/ideas": {
            "get": {"summary": "Ideas as GeoJSON, filtered and paged",
                    "parameters": idea_filters,
                    "responses": {"200": _ok("Ideas", _ref("IdeaCollection"), JSON),
                                  **_errors("400", "404")}},
            "post": {"summary": "Add an idea, exactly once per client_id",
                     "parameters": writes, "requestBody": {"required": True,
                                                           **_json(_ref("NewIdea"))},
                     "responses": {"201": _ok("Created", _ref("Idea")),
                                   "200": _ok("Already stored (same client_id)", _ref("Idea")),
                                   **_errors("400", "404", "409", "413", "415", "422")}}},
        "/ideas/{idea_id}": {"get": {
            "summary": "One idea with its areas, supports, status, response and comments",
            "parameters": [IDEA_ID, PARTICIPANT],
            "responses": {"200": _ok("The idea", _ref("Idea")), **_errors("400", "404")}}},
        "/ideas/{idea_id}/support": {
            "put": {"summary": "Support an idea (idempotent)", "parameters": [IDEA_ID, *writes],
                    "responses": {"200": _ok("Supported", _ref("Support")),
                                  **_errors("400", "404")}},
            "delete": {"summary": "Stop supporting (idempotent)",
                       "parameters": [IDEA_ID, *writes],
                       "responses": {"200": _ok("Not supported", _ref("Support")),
                                     **_errors("400", "404")}}},
        "/ideas/{idea_id}/comments": {
            "get": {"summary": "Comments on an idea", "parameters": [IDEA_ID],
                    "responses": {"200": _ok("Comments", {"type": "object"}),
                                  **_errors("400", "404")}},
            "post": {"summary": "Comment on an idea", "parameters": [IDEA_ID, *writes],
                     "requestBody": {"required": True, **_json(_ref("NewComment"))},
                     "responses": {"201": _ok("Created", _ref("Comment")),
                                   "200": _ok("Already stored", _ref("Comment")),
                                   **_errors("400", "404", "413", "415")}}},
        "/ideas/{idea_id}/photo": {"put": {
            "summary": "Attach the idea's photo (its author only; one per idea, replaced): a "
                       "JPEG, PNG or WebP under 8 MB, stored upright, without metadata, at "
                       "most 1,024 px",
            "parameters": [IDEA_ID, *writes],
            "requestBody": {"required": True, "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {"201": _ok("Stored", {"type": "object"}),
                          **_errors("400", "403", "404", "413")}}},
        "/ideas/{idea_id}/reports": {"post": {
            "summary": "Report an idea", "parameters": [IDEA_ID, *writes],
            "requestBody": {"required": True, **_json(_ref("NewReport"))},
            "responses": {"201": _ok("Reported", {"type": "object"}),
                          "200": _ok("Already reported", {"type": "object"}),
                          **_errors("400", "404", "413", "415")}}},
        "/comments/{comment_id}/reports": {"post": {
            "summary": "Report a comment",
            "parameters": [{"name": "comment_id", "in": "path", "required": True,
                            "schema": {"type": "integer", "minimum": 1}}, *writes],
            "requestBody": {"required": True, **_json(_ref("NewReport"))},
            "responses": {"201": _ok("Reported", {"type": "object"}),
                          "200": _ok("Already reported", {"type": "object"}),
                          **_errors("400", "404", "413", "415")}}},
        "/map": {"get": {
            "summary": "Clusters and ideas for one map view (server-side clustering)",
            "parameters": [{**bbox, "required": True},
                           {"name": "zoom", "in": "query",
                            "schema": {"type": "integer", "minimum": 0, "maximum": 22}},
                           {"name": "category", "in": "query",
                            "description": "comma-separated category keys",
                            "schema": {"type": "string"}}],
            "responses": {"200": _ok("Map data", _ref("MapData")), **_errors("400")}}},
        "/questions": {"get": {
            "summary": "Open and closed questions with their options and my ballot",
            "parameters": [PARTICIPANT],
            "responses": {"200": _ok("Questions", {"type": "object"}), **_errors("400")}}},
        "/questions/{question_id}": {"get": {
            "summary": "One question", "parameters": [QUESTION_ID, PARTICIPANT],
            "responses": {"200": _ok("The question", _ref("Question")),
                          **_errors("400", "404")}}},
        "/questions/{question_id}/ballot": {"put": {
            "summary": "Cast or replace my ballot while the question is open",
            "parameters": [QUESTION_ID, *writes],
            "requestBody": {"required": True, **_json(_ref("Ballot"))},
            "responses": {"201": _ok("Stored", {"type": "object"}),
                          "200": _ok("Replaced", {"type": "object"}),
                          **_errors("400", "404", "409", "413", "415")}}},
        "/questions/{question_id}/results": {"get": {
            "summary": "Results with the question's method", "parameters": [QUESTION_ID],
            "responses": {"200": _ok("Results", {"type": "object"}),
                          **_errors("400", "404")}}},
        "/areas": {"get": {"summary": "Area layers",
                           "responses": {"200": _ok("Layers", {"type": "object"})}}},
        "/areas/{key}": {"get": {
            "summary": "A layer's simplified outlines for the map (with ETag)",
            "parameters": [{"name": "key", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _ok("Areas", {"type": "object"}, GEOJSON),
                          "304": {"description": "Not modified"}, **_errors("404")}}},
        "/places": {"get": {
            "summary": "Areas, landmarks and street corners whose names match q, best first",
            "parameters": [{"name": "q", "in": "query", "required": False,
                            "schema": {"type": "string", "maxLength": 100}}],
            "responses": {"200": _ok("Places", {"type": "object"}, GEOJSON)}}},
        "/categories": {"get": {"summary": "Category keys with labels in my language",
                                "responses": {"200": _ok("Categories", {"type": "object"})}}},
        "/me/data": {"get": {
            "summary": "Everything I sent (ideas, comments, supports, ballots, profile)",
            "parameters": [PARTICIPANT],
            "responses": {"200": _ok("My data", {"type": "object"}), **_errors("400")}}},
        "/me": {
            "delete": {"summary": "Delete what I sent that says something about me (my votes "
                                  "and supports stay, counted, belonging to no one)",
                       "parameters": [PARTICIPANT],
                       "responses": {"200": _ok("Deleted", {"type": "object"}),
                                     **_errors("400")}},
            "get": {"summary": "My profile", "parameters": [PARTICIPANT],
                    "responses": {"200": _ok("Profile", _ref("Profile")), **_errors("400")}},
            "put": {"summary": "Set my age group and home area (asked once)",
                    "parameters": writes,
                    "requestBody": {"required": True, **_json(_ref("NewProfile"))},
                    "responses": {"200": _ok("Profile", _ref("Profile")),
                                  **_errors("400", "404", "413", "415")}}},
    }
    error = {"description": "Error", **_json(_ref("Error"))}
    return {
        "openapi": "3.1.0",
        "info": {"title": f"VizLou API ({city.name})", "version": "1",
                 "description": "Ideas, supports, comments, reports and votes. Errors are "
                                "JSON {error: {code, message, field}} in the request's "
                                "language (Accept-Language, or ?lang=es)."},
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {"schemas": _schemas(categories),
                       "responses": {f"E{code}": error for code in
                                     ERRORS}},
    }
