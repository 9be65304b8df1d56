"""Every operation of the API is run by one of the schemathesis modules (test_schemathesis_*)."""

from tipline.api import api
from tipline.testing.contract import operations_of, partner_operations

SURFACES = ["public", "followup", "staff", "voicemail"]


def labels(schema) -> set[str]:
    return {result.ok().label for result in schema.get_all_operations()}


def test_every_operation_is_run_by_exactly_one_surface():
    paths = api.get_openapi_schema()["paths"]
    every = {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}
    covered = [labels(operations_of(surface)) for surface in SURFACES]
    assert all(covered), "a surface selects no operation"
    assert sum(len(ops) for ops in covered) == len(every)
    assert set().union(*covered) == every


def test_partners_calls_are_run_with_a_key():
    assert {"POST /api/v1/reports", "GET /api/v1/followup"} <= labels(partner_operations)
