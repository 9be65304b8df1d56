"""Decide what an upload really is and rebuild a metadata-free copy for analysts.

Tipsters are unmasked by what files carry unseen (EXIF GPS and camera serials, PDF authors, audio
tags), and analysts must never open active content. So the type comes from the bytes, never the
name. Django-free, so it can run in a worker or a sandboxed subprocess.
"""

import io
import logging
import os
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import magic
import mutagen
import pikepdf
from PIL import Image, ImageOps

from core import decoding
from core.decoding import PixelBudget, RejectedFile, check_image_size, decode_slot, from_pixels
from core.sanitize_pdf import sanitize_pdf

logger = logging.getLogger(__name__)

__all__ = ["PixelBudget", "RejectedFile", "SanitizedFile", "sanitize", "strip_mp3_tags"]

MAX_BYTES = 20 * 1024 * 1024

# Sniffed mime -> kind. Anything absent is refused.
_KINDS = {
    **dict.fromkeys(("image/jpeg", "image/png", "image/gif", "image/webp"), "image"),
    "application/pdf": "pdf",
    "text/plain": "text",
    **dict.fromkeys(
        ("audio/mpeg", "audio/ogg", "audio/x-wav", "audio/wav", "audio/vnd.wave"), "audio"
    ),
}

# What a file name claims. Only consulted to catch disguises; unknown extensions claim nothing.
_EXTENSION_KINDS = {
    **dict.fromkeys((".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp"), "image"),
    ".pdf": "pdf",
    ".txt": "text",
    **dict.fromkeys((".mp3", ".ogg", ".oga", ".opus", ".wav"), "audio"),
}

_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}


@dataclass(frozen=True)
class SanitizedFile:
    kind: str
    mime: str
    clean_mime: str
    clean_bytes: bytes
    extension: str


def sanitize(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_pixels: int | None = None,
    budget: PixelBudget | None = None,
) -> SanitizedFile:
    """Return a metadata-free copy of an upload, or raise RejectedFile (and nothing else).

    `max_pixels` caps each image (a photo, or an image inside a PDF); None means the configured
    default (core.decoding.MAX_PIXELS). `budget` is charged with every image's pixels before it
    is decoded: pass one PixelBudget to all the files of a request. Without one, the file gets a
    budget of its own (core.decoding.REQUEST_MAX_PIXELS), so a PDF of 2,000 large images is
    still bounded.
    """
    if not data:
        raise RejectedFile("empty")
    if len(data) > max_bytes:
        raise RejectedFile("too_large")
    mime = _sniff(data)
    kind = _KINDS.get(mime)
    claimed = _EXTENSION_KINDS.get(_extension(filename))
    if claimed is not None and claimed != kind:
        raise RejectedFile("disguised")
    if kind is None:
        raise RejectedFile("type_not_allowed")
    pixels = decoding.MAX_PIXELS if max_pixels is None else max_pixels
    budget = PixelBudget() if budget is None else budget
    with _refuse_unparseable():
        if kind == "image":
            return _sanitize_image(data, mime, pixels, budget)
        if kind == "pdf":
            with decode_slot():
                clean = sanitize_pdf(data, pixels, budget)
            return SanitizedFile("pdf", mime, "application/pdf", clean, ".pdf")
        if kind == "text":
            return _sanitize_text(data)
        return _sanitize_audio(data, mime)


def _sniff(data: bytes) -> str:
    try:
        return magic.from_buffer(data, mime=True)
    except magic.MagicException as exc:
        raise RejectedFile("type_not_allowed") from exc


def _extension(filename: str) -> str:
    # Windows drops trailing dots and spaces, so "x.jpg. " opens as a .jpg there.
    return os.path.splitext((filename or "").rstrip(". "))[1].lower()


@contextmanager
def _refuse_unparseable() -> Iterator[None]:
    # Deliberately broad: Pillow, qpdf and `wave` fed hostile bytes raise a zoo of exception
    # types (OSError, SyntaxError, struct.error, ...); whichever it is, nobody gets a copy.
    try:
        yield
    except RejectedFile:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise RejectedFile("bomb") from exc
    except pikepdf.PasswordError as exc:
        raise RejectedFile(
            "corrupt", "The PDF is password-protected. Please send an unprotected copy."
        ) from exc
    except Exception as exc:
        # Only the type is logged: exception text can quote bytes of the upload.
        logger.info("upload refused as unreadable: %s", type(exc).__name__)
        raise RejectedFile("corrupt") from exc


def _sanitize_image(
    data: bytes, mime: str, max_pixels: int, budget: PixelBudget | None
) -> SanitizedFile:
    fmt = _PIL_FORMATS[mime]
    # Image.open reads only the header, so a 100k x 100k PNG is refused before any pixel is
    # allocated. Our own limit rather than Image.MAX_IMAGE_PIXELS, which is process-wide;
    # Pillow's DecompressionBombError still fires above ~179M pixels.
    header = Image.open(io.BytesIO(data), formats=[fmt])
    header.verify()  # checksums only, no pixels: a damaged file is not charged to the budget
    check_image_size(*header.size, max_pixels, budget)
    with decode_slot():
        image = Image.open(io.BytesIO(data), formats=[fmt])  # verify() left `header` unusable
        image.load()
        ImageOps.exif_transpose(image, in_place=True)  # keep the orientation the EXIF implied
        out = io.BytesIO()
        if fmt == "JPEG":
            # Stay lossy: re-encoding a photo as PNG would multiply its size for no gain.
            from_pixels(image, "RGB").save(out, "JPEG", quality=90)
            return SanitizedFile("image", mime, "image/jpeg", out.getvalue(), ".jpg")
        mode = "RGBA" if image.has_transparency_data else "RGB"
        from_pixels(image, mode).save(out, "PNG")  # first frame only for animations
        return SanitizedFile("image", mime, "image/png", out.getvalue(), ".png")


def _sanitize_text(data: bytes) -> SanitizedFile:
    # GB18030 is the fallback because it is what older Chinese Windows editors save by default.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text:
            raise RejectedFile("empty")  # e.g. nothing but a byte-order mark
        clean = text.encode("utf-8")
        return SanitizedFile("text", "text/plain", "text/plain; charset=utf-8", clean, ".txt")
    raise RejectedFile("corrupt", "The text file is not in a supported encoding (UTF-8, GB18030).")


def _sanitize_audio(data: bytes, mime: str) -> SanitizedFile:
    if mime == "audio/mpeg":
        return SanitizedFile("audio", mime, "audio/mpeg", strip_mp3_tags(data), ".mp3")
    if mime == "audio/ogg":
        return SanitizedFile("audio", mime, "audio/ogg", _strip_ogg_tags(data), ".ogg")
    return SanitizedFile("audio", mime, "audio/wav", _rewrite_wav(data), ".wav")


def _strip_ogg_tags(data: bytes) -> bytes:
    """Vorbis/Opus comment packets can carry the recording device, an app name or a place;
    mutagen rewrites the stream without them (the codec's vendor string stays)."""
    buffer = io.BytesIO(data)
    audio = mutagen.File(buffer)
    if audio is None:
        raise RejectedFile("corrupt")
    audio.delete(buffer)
    return buffer.getvalue()


def _rewrite_wav(data: bytes) -> bytes:
    # `wave` reads only the fmt and data chunks, so LIST/INFO, bext and iXML chunks (artist,
    # recorder model, timestamps) never reach the copy. It accepts plain PCM only.
    with wave.open(io.BytesIO(data), "rb") as source:
        params = source.getparams()
        frames = source.readframes(params.nframes)
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setparams(params)
        target.writeframes(frames)
    return out.getvalue()


def strip_mp3_tags(data: bytes) -> bytes:
    """Remove ID3v2, APEv2 and ID3v1 tags, leaving only MPEG audio frames."""
    # Several ID3v2 tags may be stacked by tools that prepend instead of replacing.
    while data[:3] == b"ID3" and len(data) >= 10:
        footer = 10 if data[5] & 0x10 else 0
        data = data[10 + _syncsafe(data[6:10]) + footer :]
    # Trailing tags come in several orders; peel until none is left. Each step shrinks data.
    while len(shorter := _without_trailing_tag(data)) < len(data):
        data = shorter
    data = data.lstrip(b"\0")  # padding between tag and audio
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        raise RejectedFile("corrupt")  # no MPEG frame sync where the audio should start
    return data


def _without_trailing_tag(data: bytes) -> bytes:
    if data[-128:-125] == b"TAG":  # ID3v1: fixed 128 bytes at the very end
        return data[:-128]
    if data[-227:-223] == b"TAG+":  # "enhanced" ID3v1 block
        return data[:-227]
    if data[-10:-7] == b"3DI":  # ID3v2.4 appended at the end, found via its footer
        return data[: -(_syncsafe(data[-4:]) + 20)]
    if data[-32:-24] == b"APETAGEX":  # APEv2 footer; its size excludes the optional header
        header = 32 if int.from_bytes(data[-12:-8], "little") & 0x80000000 else 0
        return data[: -(int.from_bytes(data[-20:-16], "little") + header)]
    return data


def _syncsafe(raw: bytes) -> int:
    # ID3v2 sizes use 7 bits per byte so they can never look like an MPEG frame sync.
    return (raw[0] & 0x7F) << 21 | (raw[1] & 0x7F) << 14 | (raw[2] & 0x7F) << 7 | raw[3] & 0x7F
