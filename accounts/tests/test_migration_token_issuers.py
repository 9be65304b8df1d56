"""accounts 0003 revokes every token issued before tokens had to be issued by their holder."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from tipline.testing.migrations import migrate, migrated_to

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run outside a test transaction

BEFORE = [("accounts", "0002_apitoken_enrolmenttoken")]
AFTER = [("accounts", "0003_service_accounts_and_token_issuers")]


@pytest.fixture
def old_schema(analyst_a):
    """The schema before service accounts, with analyst_a made while the model still fits."""
    with migrated_to(BEFORE) as apps:
        yield apps


def test_tokens_an_administrator_issued_for_someone_else_stop_working(old_schema, analyst_a):
    OldToken = old_schema.get_model("accounts", "ApiToken")
    expires = timezone.now() + timedelta(days=30)
    live = OldToken.objects.create(
        user_id=analyst_a.pk,
        name="cases",
        token_hash="a" * 64,
        prefix="tl_aaaaa",
        expires_at=expires,
    )
    migrate(AFTER)
    token = ApiToken.objects.get(pk=live.pk)
    assert token.revoked_at is not None
    assert not ApiToken.objects.active().exists()
