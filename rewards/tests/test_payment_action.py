import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from cases.errors import ActionError
from rewards.actions.claims import do_claim_share
from rewards.actions.payments import do_record_payment
from rewards.models import Payment, ShareStatus

from .helpers import claimed_by_bank

pytestmark = pytest.mark.django_db


def test_a_payment_enters_the_ledger_with_its_approval(offered, finance_officer):
    share, report = offered
    share = claimed_by_bank(share, report)
    payment = do_record_payment(share, actor=finance_officer, fresh=True, reference="TX-9")
    share.refresh_from_db()
    assert share.status == ShareStatus.PAID
    assert payment.approval == share.award.approvals.get()
    assert payment.amount == share.amount
    assert payment.method == "bank"
    assert AuditEvent.objects.filter(action="reward.pay").exists()


def test_only_a_claimed_share_is_paid_and_only_once(offered, finance_officer):
    share, report = offered
    with pytest.raises(ActionError):
        do_record_payment(share, actor=finance_officer, fresh=True)
    share = claimed_by_bank(share, report)
    do_record_payment(share, actor=finance_officer, fresh=True)
    with pytest.raises(ActionError):
        do_record_payment(share, actor=finance_officer, fresh=True)
    assert Payment.objects.count() == 1


def test_in_person_collection_needs_the_one_time_code(offered, finance_officer):
    share, report = offered
    code = do_claim_share(share, report=report, method="in_person")
    with pytest.raises(ActionError, match="claim code"):
        do_record_payment(share, actor=finance_officer, fresh=True, claim_code="WRONGCODE2")
    do_record_payment(share, actor=finance_officer, fresh=True, claim_code=code.lower())
    share.refresh_from_db()
    assert share.status == ShareStatus.PAID
    assert share.claim_code_hash == ""


@pytest.mark.postgres_only
def test_the_ledger_refuses_update_and_delete_in_the_database(offered, finance_officer):
    if connection.vendor != "postgresql":
        pytest.skip("the ledger trigger is PostgreSQL's")
    share, report = offered
    payment = do_record_payment(claimed_by_bank(share, report), actor=finance_officer, fresh=True)
    for sql in (
        "UPDATE rewards_payment SET amount = 1 WHERE id = %s",
        "DELETE FROM rewards_payment WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [payment.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(reference="changed")
    payment.refresh_from_db()
    assert payment.reference == ""
