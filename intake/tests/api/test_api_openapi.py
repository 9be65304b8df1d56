import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_documents_every_public_route(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/categories",
        "/api/v1/regions",
        "/api/v1/reports",
        "/api/v1/followup",
        "/api/v1/followup/messages",
        "/api/v1/followup/identity",
    ):
        assert path in paths, path


def test_submission_documents_json_and_multipart_bodies(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/reports"]["post"]
    content = operation["requestBody"]["content"]
    assert set(content) == {"application/json", "multipart/form-data"}
    assert {"201", "400", "413", "422", "429"} <= set(operation["responses"])


def test_follow_up_documents_the_receipt_header_and_attachments(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/followup"]["get"]
    assert any(p["name"] == "X-Receipt" and p["in"] == "header" for p in operation["parameters"])
    message = schema["components"]["schemas"]["FollowupMessageOut"]
    assert "attachments" in message["properties"]


def test_the_docs_page_renders(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
