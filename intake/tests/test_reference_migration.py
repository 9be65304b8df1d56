"""intake 0005 gives every existing report its own random reference, then requires one."""

import uuid

import pytest

from core import references
from intake.models import Report
from tipline.testing.builders import category
from tipline.testing.migrations import migrate, migrated_to

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run outside a test transaction

BEFORE = [("intake", "0004_campaigns")]
ADDING = ("intake", "0005_report_reference")


@pytest.fixture
def before_references():
    with migrated_to(BEFORE) as apps:
        yield apps


def test_existing_reports_get_distinct_references(before_references):
    cat = category()
    OldReport = before_references.get_model("intake", "Report")
    ids = [
        OldReport.objects.create(
            id=uuid.uuid4(),
            receipt_hash=uuid.uuid4().bytes * 2,
            category_id=cat.pk,
            key_id="k",
            wrapped_key=b"w",
            answers_sealed=b"a",
        ).pk
        for _ in range(25)
    ]

    migrate([ADDING])

    found = dict(Report.objects.filter(pk__in=ids).values_list("pk", "reference"))
    assert set(found) == set(ids)
    assert len(set(found.values())) == len(ids)
    assert all(references.normalize(ref) == ref for ref in found.values())
