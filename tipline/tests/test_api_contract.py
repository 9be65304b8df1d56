"""What the OpenAPI schema promises clients: every error answer declared, in one shape, with its
meaning; the category slugs and the Idempotency-Key rule written down."""

import json
import re
import uuid

import pytest

from tipline.api import api

ERROR_SCHEMA = "#/components/schemas/ErrorOut"
# Staff routes any valid token may call (no role, no parameters): refused only without a token.
ANY_TOKEN = {"GET /api/v1/staff/whoami"}


@pytest.fixture(scope="module")
def schema():
    return json.loads(json.dumps(api.get_openapi_schema()))  # keys as a client reads them


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", path, operation


def test_every_staff_operation_declares_its_refusals(schema):
    for label, path, operation in operations(schema):
        if "staff" not in operation["tags"]:
            continue
        expected = {"400", "401", "403", "422", "503"} | ({"404"} if "{" in path else set())
        if label in ANY_TOKEN:
            expected = {"400", "401", "503"}
        assert expected <= set(operation["responses"]), label


def test_every_follow_up_operation_declares_a_missing_or_unknown_receipt(schema):
    for label, path, operation in operations(schema):
        if path.startswith("/api/v1/followup"):
            assert {"400", "401", "404", "503"} <= set(operation["responses"]), label
            assert {"X-Receipt"} <= {p["name"] for p in operation["parameters"]}, label


def test_every_error_answer_has_the_one_shape_and_a_meaning(schema):
    for label, _path, operation in operations(schema):
        for status, answer in operation["responses"].items():
            if int(status) < 400:
                continue
            body = answer["content"]["application/json"]["schema"]
            assert body == {"$ref": ERROR_SCHEMA}, f"{label} {status}"
            assert answer["description"] not in {"Unauthorized", "Not Found"}, f"{label} {status}"
            if status in {"429", "503"}:
                assert "Retry-After" in answer["headers"], f"{label} {status}"


def test_category_slugs_have_a_documented_pattern(schema):
    report = schema["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]
    category = report["application/json"]["schema"]["properties"]["category"]
    pattern = re.compile(category["pattern"])
    assert pattern.match("state-secrets")
    assert not pattern.match("no spaces")
    assert not pattern.match("")
    assert "GET /api/v1/categories" in category["description"]
    queue = schema["paths"]["/api/v1/staff/queue"]["get"]["parameters"]
    filter_ = next(p for p in queue if p["name"] == "category")["schema"]["anyOf"][0]
    assert filter_["pattern"] == category["pattern"]


def test_the_idempotency_key_rule_is_in_the_schema(schema):
    for path in ("/api/v1/reports", "/api/v1/followup/messages"):
        parameters = schema["paths"][path]["post"]["parameters"]
        key = next(p for p in parameters if p["name"] == "Idempotency-Key")
        assert key["in"] == "header"
        assert not key["required"]
        assert key["schema"]["maxLength"] == 200
        assert key["schema"]["pattern"]
        assert "different body" in key["description"]
        assert "422" in key["description"]


@pytest.mark.django_db
def test_a_missing_receipt_is_401_on_every_follow_up_route_whatever_the_body(client, schema):
    for label, path, _operation in operations(schema):
        if not path.startswith("/api/v1/followup"):
            continue
        method, url = label.split()[0], path.replace("{reward_id}", str(uuid.uuid4()))
        response = client.generic(method, url, "{not json", content_type="application/json")
        assert response.status_code == 401, label
        assert "X-Receipt" in response.json()["detail"], label
