"""The second factor: TOTP devices (django-otp), their QR codes, and checking a code."""

from base64 import b32encode

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import pdf

ENROLMENT_DEVICE_NAME = "enrolment"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("id").first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device an enrolment page shows; the same one on every visit."""
    device = (
        TOTPDevice.objects.devices_for_user(user, confirmed=False)
        .filter(name=ENROLMENT_DEVICE_NAME)
        .order_by("id")
        .first()
    )
    return device or TOTPDevice.objects.create(
        user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False
    )


def verify(device: TOTPDevice | None, code: str) -> bool:
    """True if the code is right now. django-otp refuses replays and slows down guessing."""
    if device is None:
        return False
    code = "".join(code.split())
    if not code.isdigit() or len(code) != device.digits:
        return False
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return locked.verify_token(code)


def mark_verified(request, device: TOTPDevice) -> None:
    """Remember in the session that this user passed the second factor."""
    otp_login(request, device)


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (our CSP allows data: images; no script needed)."""
    return pdf.qr_data_uri(text, box_size=8)
