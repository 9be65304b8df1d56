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

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo decodes to ~160 MB of RGBA
MAX_PDF_PAGES = 2000

_MESSAGES = {
    "too_large": "The file is too large.",
    "type_not_allowed": (
        "This type of file is not accepted. Please send photos, PDF documents, "
        "plain text or audio recordings."
    ),
    "corrupt": "The file is damaged or unreadable.",
    "bomb": "The file expands to an unreasonable size when opened and cannot be accepted.",
    "disguised": "The file's name does not match its contents.",
    "empty": "The file is empty.",
}

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


class RejectedFile(Exception):
    """The upload is refused; `code` is stable for callers, `message` is English for people."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or _MESSAGES[code]
        super().__init__(self.message)


@dataclass(frozen=True)
class SanitizedFile:
    kind: str
    mime: str
    clean_mime: str
    clean_bytes: bytes
    extension: str


def sanitize(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS
) -> SanitizedFile:
    """Return a metadata-free copy of an upload, or raise RejectedFile (and nothing else)."""
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
    with _refuse_unparseable():
        if kind == "image":
            return _sanitize_image(data, mime, max_pixels)
        if kind == "pdf":
            return _sanitize_pdf(data)
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


def _sanitize_image(data: bytes, mime: str, max_pixels: int) -> SanitizedFile:
    fmt = _PIL_FORMATS[mime]
    _open_image(data, fmt, max_pixels).verify()
    image = _open_image(data, fmt, max_pixels)  # verify() leaves the image unusable; reopen
    image.load()
    image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF we drop implied
    out = io.BytesIO()
    if fmt == "JPEG":
        # Stay lossy: re-encoding a photo as PNG would multiply its size for no gain.
        _from_pixels(image, "RGB").save(out, "JPEG", quality=90)
        return SanitizedFile("image", mime, "image/jpeg", out.getvalue(), ".jpg")
    mode = "RGBA" if image.has_transparency_data else "RGB"
    _from_pixels(image, mode).save(out, "PNG")  # first frame only for animations
    return SanitizedFile("image", mime, "image/png", out.getvalue(), ".png")


def _open_image(data: bytes, fmt: str, max_pixels: int) -> Image.Image:
    # Image.open reads only the header, so a 100k x 100k PNG is refused before any pixel is
    # allocated. We check our own limit rather than setting Image.MAX_IMAGE_PIXELS, which is
    # process-wide; Pillow's own DecompressionBombError still fires above ~179M pixels.
    image = Image.open(io.BytesIO(data), formats=[fmt])
    width, height = image.size
    if width * height > max_pixels:
        raise RejectedFile("bomb")
    return image


def _from_pixels(image: Image.Image, mode: str) -> Image.Image:
    # A brand-new image built from raw pixels inherits nothing of image.info: no EXIF, XMP,
    # ICC profile, text chunks or comments. Trade-off: wide-gamut photos lose their profile
    # and may look slightly duller.
    pixels = image.convert(mode)
    return Image.frombytes(mode, pixels.size, pixels.tobytes())


_PDF_ROOT_KEYS = ("/Metadata", "/OpenAction", "/AA", "/PieceInfo")
_PDF_NAME_TREES = ("/JavaScript", "/EmbeddedFiles")
# Keys dropped from every object: actions fired by events, XMP packets, private app data and
# embedded file streams (/EF of file specifications, e.g. in file-attachment annotations).
_PDF_OBJECT_KEYS = ("/AA", "/Metadata", "/PieceInfo", "/EF")
_ACTIONS = "/JavaScript /Launch /SubmitForm /ImportData /GoToR /GoToE /Rendition"
_PDF_ACTIVE_ACTIONS = frozenset(map(pikepdf.Name, _ACTIONS.split()))


def _sanitize_pdf(data: bytes) -> SanitizedFile:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
        if pages > MAX_PDF_PAGES:
            raise RejectedFile("bomb")
        if pages == 0:
            raise RejectedFile("corrupt")
        _strip_pdf(pdf)
        out = io.BytesIO()
        # A fresh, content-derived /ID: qpdf otherwise keeps the original's first ID, which
        # matches the copy still on the tipster's computer. Stream levels are left alone so
        # qpdf never inflates a (possibly bomb) stream while saving.
        raw = pikepdf.StreamDecodeLevel.none
        pdf.save(out, deterministic_id=True, encryption=False, stream_decode_level=raw)
    return SanitizedFile("pdf", "application/pdf", "application/pdf", out.getvalue(), ".pdf")


def _strip_pdf(pdf: pikepdf.Pdf) -> None:
    _drop(pdf.trailer, ("/Info", "/ID"))
    _drop(pdf.Root, _PDF_ROOT_KEYS)
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        _drop(names, _PDF_NAME_TREES)
    # Walking every indirect object also reaches outlines, form fields and annotations.
    # Limitation: JPEG streams inside the PDF keep whatever EXIF they carry.
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _drop(obj, _PDF_OBJECT_KEYS)
            _neutralise_actions(obj)


def _neutralise_actions(obj: pikepdf.Object) -> None:
    action = obj.get("/A")
    if isinstance(action, pikepdf.Dictionary) and action.get("/S") in _PDF_ACTIVE_ACTIONS:
        del obj["/A"]
    elif isinstance(action, pikepdf.Dictionary):
        _drop(action, ("/Next",))  # a harmless first action may chain to a script
    if obj.get("/S") in _PDF_ACTIVE_ACTIONS:  # an action that is itself an indirect object
        _drop(obj, ("/JS", "/F", "/Next"))


def _drop(obj: pikepdf.Object, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in obj:
            del obj[key]


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
