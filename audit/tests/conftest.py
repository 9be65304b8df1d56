"""Every audit test gets its own checkpoint directory: checkpoints outlive the test database's
rollbacks, so a shared file would hold another test's history."""

import pytest

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
