import pytest
from django.core.management import CommandError

from core import crypto, keyring
from intake import vault
from intake.actions.reports import do_submit_report
from intake.models import Report, ReporterIdentity
from tipline.test import submission
from tipline.testing.fixtures import rotate_keys as rotate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keyring")]


@pytest.fixture
def reports(category):
    for i in range(3):
        do_submit_report(
            submission(
                category_id=category.id,
                region_code="110000",
                answers={"what": f"report {i}"},
                language="en",
                channel="test",
                contact={"name": f"reporter {i}"},
            )
        )
    return Report.objects.all()


def answers() -> set[str]:
    return {vault.open_answers(r)["what"] for r in Report.objects.all()}


def identities() -> set[str]:
    return {vault.open_identity(i)["name"] for i in ReporterIdentity.objects.all()}


def test_rotation_rewraps_every_report_under_a_new_key(reports):
    old_ring = crypto.current_keyring()
    old_wrapped = {r.id: bytes(r.wrapped_key) for r in reports}
    assert "re-wrapped 3" in rotate()
    ring = crypto.current_keyring()
    assert ring.master_active != old_ring.master_active
    assert set(ring.master) == {old_ring.master_active, ring.master_active}
    for report in Report.objects.all():
        assert report.key_id == ring.master_active
        assert bytes(report.wrapped_key) != old_wrapped[report.id]
    assert answers() == {"report 0", "report 1", "report 2"}
    assert ring.identity == old_ring.identity  # the other family is untouched


def test_retire_removes_the_old_key_and_reports_still_open(reports):
    old_id = crypto.current_keyring().master_active
    rotate()
    assert "retired 1" in rotate("--retire")
    ring = crypto.current_keyring()
    assert old_id not in ring.master
    assert answers() == {"report 0", "report 1", "report 2"}


def test_retire_keeps_keys_still_in_use(reports, own_keyring):
    """As after a rotation that crashed before re-wrapping anything."""
    ring = crypto.current_keyring()
    new_id = keyring.new_key_id("m-")
    keyring.save(
        ring.with_family("data", {**ring.master, new_id: keyring.new_key()}, new_id), own_keyring
    )
    crypto.forget_keyring()
    with pytest.raises(CommandError, match="no unused keys"):
        rotate("--retire")
    assert ring.master_active in crypto.current_keyring().master
    assert answers() == {"report 0", "report 1", "report 2"}


def test_rotating_identity_keys_rewraps_identities_only(reports):
    old_ring = crypto.current_keyring()
    report_keys = set(Report.objects.values_list("key_id", flat=True))
    assert "re-wrapped 3" in rotate("--purpose", "identity")
    ring = crypto.current_keyring()
    assert set(ReporterIdentity.objects.values_list("key_id", flat=True)) == {ring.identity_active}
    assert ring.identity_active != old_ring.identity_active
    assert set(Report.objects.values_list("key_id", flat=True)) == report_keys
    assert identities() == {"reporter 0", "reporter 1", "reporter 2"}
    rotate("--purpose", "identity", "--retire")
    assert set(crypto.current_keyring().identity) == {ring.identity_active}
    assert identities() == {"reporter 0", "reporter 1", "reporter 2"}


def test_rotating_twice_in_a_row_leaves_every_key_usable(reports):
    rotate()
    rotate()
    assert len(crypto.current_keyring().master) == 3
    rotate("--retire")
    assert len(crypto.current_keyring().master) == 1
    assert answers() == {"report 0", "report 1", "report 2"}


def test_the_rotated_keyring_stays_owner_only(reports, own_keyring):
    rotate()
    assert own_keyring.stat().st_mode & 0o777 == 0o600
