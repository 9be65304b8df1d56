"""Rebuild a PDF without metadata, active content or the hidden payloads of its images.

What leaks or acts in a PDF: the document info and XMP packets, JPEG images that still carry
their camera's EXIF (GPS position, body serial), XFA forms with their scripts, and actions that
open links, launch programs, submit forms or run JavaScript. Images are decoded to pixels and
written back as new streams (core.sanitize_pdf_images); every action except a jump inside the
document is removed.
"""

import io
import re

import pikepdf

from core.decoding import PixelBudget, RejectedFile
from core.sanitize_pdf_images import decoded_bytes, reencode_image

MAX_PDF_PAGES = 2000
# A page's drawing instructions, decoded, may take this much; beyond it the file is a bomb.
MAX_CONTENT_BYTES = 64 * 1024 * 1024

_PDF_ROOT_KEYS = ("/Metadata", "/OpenAction", "/AA", "/PieceInfo", "/URI", "/NeedsRendering")
_PDF_NAME_TREES = ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions")
# Keys dropped from every object: actions fired by events, XMP packets, private app data,
# embedded file streams (/EF of file specifications), page thumbnails (a second, unsanitised
# copy of the page) and alternate or externally linked (OPI) versions of images.
_PDF_OBJECT_KEYS = ("/AA", "/Metadata", "/PieceInfo", "/EF", "/Thumb", "/Alternates", "/OPI")
# Every action type in ISO 32000-2 but /GoTo (a jump to a page of this same document).
_ACTIONS = (
    "/GoToR /GoToE /GoToDp /Launch /Thread /URI /Sound /Movie /Hide /Named /SubmitForm "
    "/ResetForm /ImportData /SetOCGState /Rendition /Trans /GoTo3DView /JavaScript "
    "/RichMediaExecute /ECMAScript"
)
_UNSAFE_ACTIONS = frozenset(map(pikepdf.Name, _ACTIONS.split()))
# Annotations that play or carry media and files; their content is dropped elsewhere, so what
# would remain is an empty frame that some viewers still try to activate.
_MEDIA_ANNOTATIONS = frozenset(
    map(pikepdf.Name, ["/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"])
)
_INLINE_IMAGE = re.compile(rb"(?:^|[\s\]\)>])BI[\s/]")


def sanitize_pdf(data: bytes, max_pixels: int, budget: PixelBudget | None) -> bytes:
    """Return the clean PDF's bytes, or raise (RejectedFile or any parser error)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
        if pages > MAX_PDF_PAGES:
            raise RejectedFile("bomb")
        if pages == 0:
            raise RejectedFile("corrupt")
        _strip_pdf(pdf)
        _externalize_inline_images(pdf)
        for obj in list(pdf.objects):
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
                reencode_image(obj, max_pixels, budget)
        out = io.BytesIO()
        # A fresh, content-derived /ID: qpdf otherwise keeps the original's first ID, which
        # matches the copy still on the tipster's computer. Stream levels are left alone so
        # qpdf never inflates a (possibly bomb) stream while saving.
        raw = pikepdf.StreamDecodeLevel.none
        pdf.save(out, deterministic_id=True, encryption=False, stream_decode_level=raw)
    return out.getvalue()


def _strip_pdf(pdf: pikepdf.Pdf) -> None:
    _drop(pdf.trailer, ("/Info", "/ID"))
    _drop(pdf.Root, _PDF_ROOT_KEYS)
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        _drop(names, _PDF_NAME_TREES)
    form = pdf.Root.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary):
        # XFA is a second, scriptable form that XFA-aware viewers render instead of the pages.
        _drop(form, ("/XFA",))
    for page in pdf.pages:
        _drop_media_annotations(page.obj)
    # Walking every indirect object also reaches outlines, form fields and annotations.
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _drop(obj, _PDF_OBJECT_KEYS)
            _neutralise_actions(obj)


def _drop_media_annotations(page: pikepdf.Dictionary) -> None:
    annots = page.get("/Annots")
    if not isinstance(annots, pikepdf.Array):
        return
    kept = [
        a
        for a in annots
        if not (isinstance(a, pikepdf.Dictionary) and a.get("/Subtype") in _MEDIA_ANNOTATIONS)
    ]
    if len(kept) < len(annots):
        page.Annots = pikepdf.Array(kept)


def _neutralise_actions(obj: pikepdf.Object) -> None:
    # Links, outline entries and form fields hold their action under /A (an attribute object of
    # a structure element also sits under /A, but has no /S, so it is left alone).
    action = obj.get("/A")
    if isinstance(action, pikepdf.Dictionary) and "/S" in action:
        if action.get("/S") == "/GoTo":
            _drop(action, ("/Next",))  # a harmless first action may chain to a script
        else:
            del obj["/A"]
    if obj.get("/S") in _UNSAFE_ACTIONS:  # an action that is itself an indirect object
        for key in list(obj.keys()):
            del obj[key]


def _externalize_inline_images(pdf: pikepdf.Pdf) -> None:
    """Move images written inside drawing instructions into image objects of their own, so the
    image pass re-encodes them too (a JPEG can sit inline with its EXIF)."""
    holders: list[pikepdf.Object] = [page.obj for page in pdf.pages]
    holders += [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream)
        and (obj.get("/Subtype") == pikepdf.Name.Form or obj.get("/PatternType") == 1)
    ]
    for holder in holders:
        if _may_hold_inline_images(holder):
            if "/Resources" not in holder:
                holder.Resources = pikepdf.Dictionary()  # or the new image has nowhere to live
            pikepdf.Page(holder).externalize_inline_images(min_size=0, shallow=True)


def _may_hold_inline_images(holder: pikepdf.Object) -> bool:
    streams: list[pikepdf.Object | None]
    if isinstance(holder, pikepdf.Stream):
        streams = [holder]
    else:
        contents = holder.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return any(
        isinstance(stream, pikepdf.Stream)
        and _INLINE_IMAGE.search(decoded_bytes(stream, MAX_CONTENT_BYTES))
        for stream in streams
    )


def _drop(obj: pikepdf.Object, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in obj:
            del obj[key]
