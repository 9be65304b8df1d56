"""search 0002 gives every existing search document its report's unit, and from then on the
document follows the report."""

import pytest

from cases.search.models import SearchDocument
from cases.similarity.tests.helpers import ZH, file_report
from intake.models import Report
from tipline.testing.migrations import migrate, migrated_to

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run outside a test transaction

BEFORE = [("search", "0001_initial")]
ADDING = ("search", "0002_searchdocument_unit")


def test_existing_documents_take_their_reports_unit_and_follow_it(unit_hq, unit_a, unit_b):
    with migrated_to(BEFORE) as apps:
        reports = [file_report(ZH, index=False), file_report(ZH, index=False)]
        Report.objects.filter(pk=reports[1].pk).update(unit=unit_b)
        OldDocument = apps.get_model("search", "SearchDocument")
        for report in reports:
            OldDocument.objects.create(report_id=report.pk, key_fp="old")

        migrate([ADDING])

        units = dict(SearchDocument.objects.values_list("report_id", "unit_id"))
        assert units == {reports[0].pk: unit_a.pk, reports[1].pk: unit_b.pk}
        Report.objects.filter(pk=reports[0].pk).update(unit=unit_b)
        assert SearchDocument.objects.get(report_id=reports[0].pk).unit_id == unit_b.pk
