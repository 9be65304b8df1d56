"""Every audit test gets its own checkpoint directory: checkpoints outlive the test database's
rollbacks, so a shared file would hold another test's history."""

from io import StringIO

import pytest
from django.core.management import call_command

from audit.actions import record
from audit.anchoring import do_write_checkpoint
from audit.models import AuditEvent, AuditHead


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


def rewind_to(seq: int) -> None:
    """What restoring an older backup (or a DBA covering tracks) does to the trail."""
    AuditEvent.objects.filter(seq__gt=seq).delete()
    kept = AuditEvent.objects.filter(seq=seq).first()
    AuditHead.objects.update(seq=seq, hash=kept.hash if kept else "0" * 64)


def verify() -> str:
    """What `manage.py verify_audit` printed (its complaints on stderr are left out)."""
    out = StringIO()
    call_command("verify_audit", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def anchored():
    """Eight events, checkpointed after the fifth and after the eighth: {seq: hash}."""
    for i in range(1, 9):
        record("test.event", details={"n": i})
        if i in (5, 8):
            do_write_checkpoint()
    return {e.seq: e.hash for e in AuditEvent.objects.all()}
