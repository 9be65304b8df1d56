"""Commendation certificates: issued once per share to its reporter (through follow-up), with a
verification code of 120 random bits; named only with the reporter's explicit consent."""

import base64
import hashlib
import secrets
import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.actions import record
from cases.errors import ActionError
from rewards import vault
from rewards.models import Certificate, ClaimMethod, Share, ShareStatus

NAME_MAX = 100


def new_code() -> str:
    """24 characters of base32: 120 random bits, grouped by four for reading aloud."""
    raw = base64.b32encode(secrets.token_bytes(15)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(f"tipline-certificate:{normalize(code)}".encode()).hexdigest()


def earned(share: Share) -> bool:
    if share.status == ShareStatus.PAID:
        return True
    return share.status == ShareStatus.CLAIMED and share.method == ClaimMethod.COMMENDATION


def do_issue_certificate(share: Share, *, report, name: str = "", consent: bool = False):
    """(certificate, its sealed contents). Issuing again returns the one already issued."""
    name = (name or "").strip()
    if share.report_id != report.pk or not earned(share):
        raise ActionError(_("No certificate can be issued for this yet."))
    if name and not consent:
        raise ActionError(_("Tick the box to agree to your name being shown."), "consent")
    if len(name) > NAME_MAX:
        raise ActionError(_("The name is too long."), "name")
    existing = Certificate.objects.filter(share=share).first()
    if existing is not None:
        return existing, vault.open_certificate(existing)
    code = new_code()
    certificate = Certificate(id=uuid.uuid4(), share=share, code_hash=code_hash(code))
    contents = {"code": code, "name": name if consent else ""}
    certificate.named = bool(contents["name"])
    certificate.key_id, certificate.wrapped_key, certificate.sealed = vault.seal_certificate(
        certificate.id, contents
    )
    try:
        with transaction.atomic():
            certificate.save(force_insert=True)
            record(
                "reward.certificate",
                actor="reporter",
                target_type="award",
                target_id=share.award_id,
                details={"share": str(share.id), "named": certificate.named},
            )
    except IntegrityError:  # issued meanwhile by another request
        certificate = Certificate.objects.get(share=share)
        return certificate, vault.open_certificate(certificate)
    return certificate, contents


def verify(code: str) -> Certificate | None:
    if len(normalize(code)) != 24:
        return None
    return (
        Certificate.objects.filter(code_hash=code_hash(code))
        .select_related("share__award__tier")
        .first()
    )
