"""What the migrations seed is still there after a transactional test's flush, whichever file an
xdist worker runs next (CI once lost the default tiers this way)."""

import pytest
from django.core.management import call_command

from rewards.models import Tier


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_default_tiers():
    call_command("flush", interactive=False, verbosity=0)
    assert set(Tier.objects.values_list("code", flat=True)) >= {"tier-1", "letter", "certificate"}
