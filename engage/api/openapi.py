"""The API's OpenAPI 3.1 document: every route, its parameters, responses and errors."""

from engage.api.services import DEFAULT_LIMIT, MAX_LIMIT

NULLABLE_STRING = {"type": ["string", "null"]}
CELL = {"type": ["string", "number", "null"]}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(description: str, schema: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


ERRORS = {
    "401": _error("No API token, or an unknown or revoked one"),
    "403": _error("Your role does not include this, or a staff survey's answers are withheld"),
    "404": _error("No such consultation"),
}
BAD = {"400": _error("A parameter is not valid")}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[a-z0-9-]+$"}}
LIMIT = {"name": "limit", "in": "query", "required": False,
         "description": f"Items per page (default {DEFAULT_LIMIT})",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}}
CURSOR = {"name": "cursor", "in": "query", "required": False,
          "description": "The next_cursor of the previous page",
          "schema": {"type": "string", "pattern": "^[0-9]{1,19}$"}}
RESPONSES_CURSOR = CURSOR | {"schema": {"type": "string", "pattern": "^[0-9]{1,19}[.][0-9]{1,19}$"}}
LAYOUT = {"name": "layout", "in": "query", "required": False,
          "description": "wide: one item per response; long: one item per answer",
          "schema": {"type": "string", "enum": ["wide", "long"]}}

CONSULTATION = {
    "type": "object",
    "required": ["slug", "title", "audience", "status", "opens_on", "closes_on", "responses", "withheld",
                 "responses_allowed"],
    "properties": {
        "slug": {"type": "string"},
        "title": {"type": "string", "description": "In English"},
        "audience": {"type": "string", "enum": ["residents", "staff", "stakeholders"]},
        "status": {"type": "string", "enum": ["open", "closed", "feedback_published"]},
        "opens_on": {"type": "string", "format": "date"},
        "closes_on": {"type": "string", "format": "date"},
        "responses": {"type": "integer", "minimum": 0},
        "withheld": {"type": ["string", "null"], "enum": ["open", "few", None],
                     "description": "Why a staff survey's answers are not available yet"},
        "responses_allowed": {"type": "boolean", "description": "Whether your role may read its responses"},
    },
}
QUESTION = {"type": "object", "required": ["column", "question", "type"],
            "properties": {"column": {"type": "string"}, "question": {"type": "string"}, "type": {"type": "string"}}}
LABEL = {"type": "object", "required": ["question", "code", "label"],
         "properties": {"question": {"type": "string"}, "code": {"type": "string"}, "label": {"type": "string"}}}
COUNT = {"type": "object", "required": ["count", "suppressed"],
         "properties": {"count": {"type": ["integer", "null"], "minimum": 0}, "suppressed": {"type": "boolean"}}}
OPTION_COUNT = {"type": "object", "required": ["code", "label", "count", "suppressed"],
                "properties": {"code": {"type": "string"}, "label": {"type": "string"},
                               "count": {"type": ["integer", "null"], "minimum": 0}, "suppressed": {"type": "boolean"}}}

RUN = {"name": "run", "in": "query", "required": False,
       "description": "One finished analysis (its run number) instead of the current analysis of each question",
       "schema": {"type": "string", "pattern": "^[0-9]{1,19}$"}}
RESPONSES_LIMIT = LIMIT | {"description": f"Responses per page, each with its answers' assignments "
                                          f"(default {DEFAULT_LIMIT}); a page may hold no assignments"}
STRINGS = {"type": "array", "items": {"type": "string"}}
THEME = {"type": "object",
         "required": ["id", "label", "description", "status", "made_by", "answers", "suppressed", "top_terms",
                      "plan_priorities", "quotes"],
         "properties": {
             "id": {"type": "integer"}, "label": {"type": "string", "description": "Personal details removed"},
             "description": {"type": "string"}, "status": {"type": "string", "enum": ["agreed", "proposed"]},
             "made_by": {"type": "string", "enum": ["machine", "person", "coder"]},
             "answers": {"type": ["integer", "null"], "minimum": 0,
                         "description": "Answers in the theme; null below min_group_size"},
             "suppressed": {"type": "boolean"}, "top_terms": STRINGS, "plan_priorities": STRINGS,
             "quotes": {**STRINGS, "description": "Redacted; empty unless your role may read the answers"}}}
ANALYSIS = {"type": "object",
            "required": ["run", "questions", "current_for", "based_on", "finished_at", "themes"],
            "properties": {
                "run": {"type": "integer"}, "questions": STRINGS,
                "current_for": {**STRINGS, "description": "The questions whose latest finished analysis this is"},
                "based_on": {"type": ["integer", "null"]}, "finished_at": {"type": "string", "format": "date-time"},
                "themes": {"type": "array", "items": THEME}}}
ASSIGNMENT = {"type": "object", "required": ["question", "run", "theme_id", "theme", "weight", "primary", "set_by"],
              "properties": {
                  "reference": {"type": "string", "description": "The response's reference (not staff surveys)"},
                  "respondent": {"type": "integer", "description": "Staff surveys: the response's number, as "
                                                                   "in the responses' long layout"},
                  "question": {"type": "string"}, "run": {"type": "integer"}, "theme_id": {"type": "integer"},
                  "theme": {"type": "string"}, "weight": {"type": "number"}, "primary": {"type": "boolean"},
                  "set_by": {"type": "string", "enum": ["machine", "person", "coder"]}}}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error", "message"],
              "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
    "Consultation": CONSULTATION,
    "ConsultationPage": {"type": "object", "required": ["items", "next_cursor"], "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Consultation"}},
        "next_cursor": NULLABLE_STRING}},
    "ConsultationDetail": {"allOf": [{"$ref": "#/components/schemas/Consultation"}, {
        "type": "object", "required": ["questions", "labels"], "properties": {
            "questions": {"type": "array", "items": QUESTION}, "labels": {"type": "array", "items": LABEL}}}]},
    "ResponsePage": {"type": "object", "required": ["consultation", "layout", "columns", "items", "next_cursor"],
                     "properties": {
                         "consultation": {"type": "string"}, "layout": {"type": "string", "enum": ["wide", "long"]},
                         "columns": {"type": "array", "items": {"type": "string"}},
                         "items": {"type": "array", "items": {
                             "type": "object", "additionalProperties": CELL,
                             "description": "column -> value: numbers, dates as yyyy-mm-dd, text redacted"}},
                         "next_cursor": NULLABLE_STRING}},
    "Breakdowns": {"type": "object", "required": ["consultation", "responses", "min_group_size", "questions"],
                   "properties": {
                       "consultation": {"type": "string"},
                       "responses": {"type": "integer", "minimum": 0},
                       "min_group_size": {"type": "integer"},
                       "questions": {"type": "array", "items": {
                           "type": "object", "required": ["question", "text", "type", "rows"], "properties": {
                               "question": {"type": "string"}, "text": {"type": "string"}, "type": {"type": "string"},
                               "rows": {"type": "array", "items": {
                                   "type": "object", "required": ["item", "item_label", "options", "not_answered"],
                                   "properties": {
                                       "item": NULLABLE_STRING, "item_label": NULLABLE_STRING,
                                       "options": {"type": "array", "items": OPTION_COUNT},
                                       "not_answered": COUNT}}}}}}}},
    "Themes": {"type": "object", "required": ["consultation", "min_group_size", "runs"], "properties": {
        "consultation": {"type": "string"}, "min_group_size": {"type": "integer"},
        "runs": {"type": "array", "items": ANALYSIS}}},
    "AssignmentPage": {"type": "object", "required": ["consultation", "runs", "items", "next_cursor"], "properties": {
        "consultation": {"type": "string"}, "runs": {"type": "array", "items": {"type": "integer"}},
        "items": {"type": "array", "items": ASSIGNMENT}, "next_cursor": NULLABLE_STRING}},
}


def document() -> dict:
    secured = [{"bearer": []}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Engage read-only API",
            "version": "1.0.0",
            "description": "Consultations, their responses (redacted as the exports; staff surveys only after "
                           "closing with enough responses, written answers only), counts per closed question "
                           "and the themes of their analyses (counts below the minimum group size suppressed), "
                           "and which answer is in which theme. Send 'Authorization: Bearer TOKEN'.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": {
            "/api/v1/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This document", "security": [],
                "responses": {"200": {"description": "The OpenAPI document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/api/v1/consultations": {"get": {
                "operationId": "listConsultations", "summary": "Consultations you may see anything of",
                "security": secured, "parameters": [LIMIT, CURSOR],
                "responses": {"200": _ok("A page of consultations", "ConsultationPage"), **BAD,
                              "401": ERRORS["401"]}}},
            "/api/v1/consultations/{slug}": {"get": {
                "operationId": "getConsultation", "summary": "One consultation with its questions and labels",
                "security": secured, "parameters": [SLUG],
                "responses": {"200": _ok("The consultation", "ConsultationDetail"), **ERRORS}}},
            "/api/v1/consultations/{slug}/responses": {"get": {
                "operationId": "listResponses", "summary": "A page of a consultation's responses",
                "security": secured, "parameters": [SLUG, LAYOUT, LIMIT, RESPONSES_CURSOR],
                "responses": {"200": _ok("A page of responses", "ResponsePage"), **BAD, **ERRORS}}},
            "/api/v1/consultations/{slug}/breakdowns": {"get": {
                "operationId": "getBreakdowns", "summary": "Counts per closed question, small counts suppressed",
                "security": secured, "parameters": [SLUG],
                "responses": {"200": _ok("Counts per closed question", "Breakdowns"), **ERRORS}}},
            "/api/v1/consultations/{slug}/themes": {"get": {
                "operationId": "getThemes",
                "summary": "Themes of the consultation's finished analyses, with counts (small ones suppressed)",
                "description": "Analysts and administrators get every finished analysis and its proposed and "
                               "agreed themes; other roles the current analysis of each question and its agreed "
                               "themes. No analysis yet: an empty list.",
                "security": secured, "parameters": [SLUG],
                "responses": {"200": _ok("The analyses and their themes", "Themes"), **ERRORS}}},
            "/api/v1/consultations/{slug}/assignments": {"get": {
                "operationId": "listAssignments",
                "summary": "Which answer is in which theme, a page of responses at a time (analysts)",
                "security": secured, "parameters": [SLUG, RUN, RESPONSES_LIMIT, RESPONSES_CURSOR],
                "responses": {"200": _ok("A page of assignments", "AssignmentPage"), **BAD, **ERRORS,
                              "404": _error("No such consultation, or no such finished analysis of it")}}},
        },
    }
