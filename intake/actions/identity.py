"""The reporter tells the agency who they are, after submitting."""

from django.db import transaction

from intake import vault
from intake.models import Report, ReporterIdentity


def do_reveal_identity(report: Report, contact: dict) -> None:
    """The reporter chose to tell who they are (later than at submission): merge and reseal."""
    with transaction.atomic():
        # Lock the report, not the identity: when there is no identity row yet there is nothing
        # to lock, and two first reveals would each merge with nothing and one would be lost.
        Report.objects.select_for_update().values_list("id", flat=True).get(id=report.id)
        existing = ReporterIdentity.objects.filter(report=report).first()
        merged = {**(vault.open_identity(existing) if existing else {}), **contact}
        key_id, wrapped, sealed = vault.seal_identity(report.id, merged)
        ReporterIdentity.objects.update_or_create(
            report=report, defaults={"key_id": key_id, "wrapped_key": wrapped, "sealed": sealed}
        )
        kind = {"reporter_kind": "organisation"} if merged.get("organisation") else {}
        Report.objects.filter(id=report.id).update(has_identity=True, **kind)
