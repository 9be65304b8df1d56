"""Attachments for content roles: the sanitised copy by default, the original only with sudo.

Both are served so a browser cannot be talked into treating them as something else: the stored
type, nosniff, and a CSP sandbox. The original, which may carry metadata or active content the
sanitiser removed, is always a download, never rendered inline."""

from urllib.parse import quote

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from accounts.decorators import staff_required, sudo_required
from cases import access
from cases.audited_reads import open_attachment


def _file_response(data: bytes, mime: str, name: str, disposition: str) -> HttpResponse:
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"
    )
    response["Cache-Control"] = "no-store"
    return response


def _open(request, attachment_id, variant: str):
    attachment = access.attachment_for(request.user, attachment_id)
    data, name = open_attachment(attachment, variant, actor=request.user)
    return attachment, data, name


@never_cache
@staff_required
def attachment_clean(request, attachment_id):
    attachment, data, name = _open(request, attachment_id, "clean")
    return _file_response(data, attachment.clean_mime, name, "inline")


@never_cache
@sudo_required
def attachment_original(request, attachment_id):
    attachment, data, name = _open(request, attachment_id, "orig")
    return _file_response(data, "application/octet-stream", name, "attachment")
