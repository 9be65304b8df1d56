"""Shapes of the public reporting API and the request documentation its OpenAPI schema shows.

Kept apart from the handlers in intake/api.py: bodies are parsed by hand there (JSON or multipart),
so these document what is accepted rather than bind it.
"""

from typing import Annotated, Any, Literal

from ninja import Field, Schema

from intake import idempotency
from intake.partners import keys as partners

# A category's slug, as GET /categories lists them (Category.slug is a SlugField). The set is
# data the agency edits, so the schema gives the slugs' shape; a well-shaped slug that names no
# active category is a 422 on `category`.
CATEGORY_SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,50}$"
CategorySlug = Annotated[
    str,
    Field(
        pattern=CATEGORY_SLUG_PATTERN,
        description="A category's slug, one of those GET /api/v1/categories lists.",
        examples=["espionage", "state-secrets", "cyber-attack"],
    ),
]


class ChoiceOut(Schema):
    value: str
    label: str


class FieldOut(Schema):
    key: str
    label: str
    help: str
    type: str
    required: bool
    choices: list[ChoiceOut] | None = None


class CategoryOut(Schema):
    slug: CategorySlug
    name: str
    description: str
    fields: list[FieldOut]


class RegionOut(Schema):
    code: str
    name: str
    children: list["RegionOut"] = []


class ReportIn(Schema):
    category: CategorySlug
    region: str | None = None
    answers: dict[str, Any]
    language: Literal["zh-hans", "en"] = "zh-hans"
    contact: dict[str, str] | None = None
    # "organisation": made on behalf of one; contact.organisation then names it.
    reporter_kind: Literal["person", "organisation"] = "person"


class ReceiptOut(Schema):
    receipt: str
    status: str


class FollowupAttachmentOut(Schema):
    name: str
    size: int
    kind: str


class FollowupMessageOut(Schema):
    author: Literal["reporter", "agency"]
    body: str
    sent_at: str
    attachments: list[FollowupAttachmentOut] = []


class FollowupOut(Schema):
    status: str
    outcome: str | None
    messages: list[FollowupMessageOut]


class MessageIn(Schema):
    body: str


class IdentityIn(Schema):
    contact: dict[str, str]


FILES_SCHEMA = {"type": "array", "items": {"type": "string", "format": "binary"}}


def body_doc(json_schema: dict, multipart: dict | None = None) -> dict:
    """The request body as documented: JSON, and optionally the multipart form with files."""
    content: dict[str, Any] = {"application/json": {"schema": json_schema}}
    if multipart is not None:
        content["multipart/form-data"] = {"schema": multipart}
    return {"requestBody": {"required": True, "content": content}}


def headers_doc(*, idempotent: bool = False) -> dict:
    """The optional partner key (and Idempotency-Key) every partner-facing route accepts."""
    headers = [*partners.PARTNER_HEADERS]
    if idempotent:
        headers.append(idempotency.IDEMPOTENCY_HEADER)
    return {"parameters": headers}


REPORT_BODY = {
    **headers_doc(idempotent=True),
    **body_doc(
        ReportIn.model_json_schema(),
        {
            "type": "object",
            "required": ["report"],
            "properties": {
                "report": {"type": "string", "description": "ReportIn as JSON"},
                "attachments": FILES_SCHEMA,
            },
        },
    ),
}


RECEIPT_HEADER = {
    "parameters": [
        {
            "name": "X-Receipt",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "description": (
                "The 20-digit receipt code (spaces and dashes allowed). Missing, or not 20 "
                "digits: 401, and it does not count as a wrong guess. No report has it: 404."
            ),
        }
    ]
}


def with_receipt(doc: dict, *, idempotent: bool = False) -> dict:
    headers = headers_doc(idempotent=idempotent)["parameters"]
    return {**doc, "parameters": [*RECEIPT_HEADER["parameters"], *headers]}


MESSAGE_BODY = with_receipt(
    body_doc(
        MessageIn.model_json_schema(),
        {
            "type": "object",
            "properties": {"body": {"type": "string"}, "attachments": FILES_SCHEMA},
        },
    ),
    idempotent=True,
)


FOLLOWUP_DOC = with_receipt({})
IDENTITY_BODY = with_receipt(body_doc(IdentityIn.model_json_schema()))
