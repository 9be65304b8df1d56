"""Canaries: bank details, justifications, split reasons and officers' notes exist at rest only
sealed. Unique strings go in through the real actions; the raw database (pg_dump on PostgreSQL,
the database image on SQLite) is then searched for them in every form they could take. The same
search first finds a planted copy, so a pass means absent, not unsearched."""

from decimal import Decimal

import pytest

from cases.tests.helpers import submit
from rewards.actions.approvals import do_adjust_award
from rewards.actions.claims import do_claim_share
from rewards.actions.proposals import Nominee
from rewards.models import Tier
from tipline.testing.canaries import canary, database_image, found_in

from .helpers import BANK, closed_case, propose

pytestmark = pytest.mark.django_db(transaction=True)  # committed, as a dump would see it


def test_the_search_finds_a_planted_copy(analyst_a):
    planted = canary("planted")
    Tier.objects.create(code="planted", name_zh=planted)
    assert found_in(database_image(), planted)


def test_reward_secrets_never_appear_in_the_raw_database(analyst_a, reward_officer_a):
    secrets = {
        "justification": canary("justification"),
        "split": canary("split"),
        "note": canary("note"),
        "account": canary("account"),
        "holder": canary("holder"),
    }
    first, second = submit(), submit()
    case, reports, _ = closed_case(analyst_a, reports=[first, second])
    award = propose(
        case,
        analyst_a,
        reports,
        nominees=[Nominee(first, Decimal("3000")), Nominee(second, Decimal("2000"))],
        justification=secrets["justification"],
        split_reason=secrets["split"],
    )
    award = do_adjust_award(
        award, actor=reward_officer_a, fresh=True, amount=Decimal("4000"), note=secrets["note"]
    )
    share = award.shares.get(report=first)
    payee = BANK | {"account_number": secrets["account"], "account_name": secrets["holder"]}
    do_claim_share(share, report=first, method="bank", payee=payee)
    image = database_image()
    leaked = [name for name, secret in secrets.items() if found_in(image, secret)]
    assert leaked == []
