"""Attachments for content roles: the sanitised copy by default, the original only with sudo.

Both are served so a browser cannot be talked into treating them as something else: the stored
type, nosniff, and a CSP sandbox. The original, which may carry metadata or active content the
sanitiser removed, is always a download, never rendered inline."""

from urllib.parse import quote

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from accounts.decorators import staff_required, sudo_required
from audit.actions import record
from cases import access
from intake import storage, vault


def _file_response(data: bytes, mime: str, name: str, disposition: str) -> HttpResponse:
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"
    )
    response["Cache-Control"] = "no-store"
    return response


def _open(request, attachment_id, variant: str, action: str):
    attachment = access.attachment_for(request.user, attachment_id)
    dek = vault.report_key(attachment.report)
    record(
        action,
        actor=request.user,
        target_type="attachment",
        target_id=attachment.pk,
        details={"report": str(attachment.report_id)},
    )
    name = vault.open_json(dek, attachment.name_sealed, "attachment", attachment.id, "name")
    return attachment, storage.read(dek, attachment.id, variant), name


@never_cache
@staff_required
def attachment_clean(request, attachment_id):
    attachment, data, name = _open(request, attachment_id, "clean", "attachment.view")
    return _file_response(data, attachment.clean_mime, name, "inline")


@never_cache
@sudo_required
def attachment_original(request, attachment_id):
    attachment, data, name = _open(request, attachment_id, "orig", "attachment.view_original")
    return _file_response(data, "application/octet-stream", name, "attachment")
