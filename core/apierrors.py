"""The one shape of every API error answer, and the declarations that put it in the OpenAPI
schema: each route lists the error statuses it can answer (`response={200: X, **errors(...)}`),
so that a client (and schemathesis, in the tests) knows every answer in advance.

What the statuses mean across the API is written once here, in ERROR_MEANINGS, and shown beside
each answer in the schema by tipline/api.py.
"""

from ninja import Field, Schema


class ErrorOut(Schema):
    """Every 4xx and 5xx answer of the API."""

    detail: str = Field(description="What went wrong, in the request's language.")
    errors: dict[str, str] | None = Field(
        None,
        description=(
            "Only with 422: what is wrong with each field, keyed by its name "
            "(`category`, `answers.when`, `body.priority`, `query.offset`, ...)."
        ),
    )


# Statuses whose answer carries Retry-After (seconds): the client should wait that long.
RETRY_AFTER = frozenset({429, 503})

ERROR_MEANINGS = {
    400: (
        "The request could not be read: a body that is not JSON (or not an object), broken "
        "multipart, a malformed header, or a NUL character anywhere in it."
    ),
    401: (
        "Not authenticated: no (or no valid) staff token, partner key, receipt code or "
        "signature, as the operation requires."
    ),
    403: "The staff token's user has no role that allows this operation.",
    404: "No such object, or not one the caller may see (the two look the same).",
    409: "A request with the same Idempotency-Key is still being processed; retry shortly.",
    413: "The request or one of its files is larger than the limit.",
    422: "The request was read but has errors; `errors` names each field. Nothing was stored.",
    429: "Too many requests: wait the seconds in Retry-After, then try again.",
    503: "The service is briefly unavailable (e.g. its database): retry after Retry-After.",
}


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`{status: ErrorOut}` for a route's `response=`; unknown statuses are a programming error."""
    unknown = set(statuses) - set(ERROR_MEANINGS)
    if unknown:
        raise ValueError(f"no meaning written for {sorted(unknown)}")
    return dict.fromkeys(statuses, ErrorOut)


def describe_errors(openapi: dict) -> dict:
    """Write each error answer's meaning (and its Retry-After header) into an OpenAPI document."""
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            for status, answer in operation.get("responses", {}).items():
                meaning = ERROR_MEANINGS.get(int(status))
                if meaning is None:
                    continue
                answer["description"] = meaning
                if int(status) in RETRY_AFTER:
                    answer["headers"] = {"Retry-After": RETRY_AFTER_HEADER}
    return openapi


RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 1},
}
