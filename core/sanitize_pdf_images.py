"""Decode each image of a PDF to pixels and write it back as a new stream.

A JPEG inside a PDF is a whole JPEG file, EXIF (GPS position, camera serial) included; other
encodings can hide bytes after the last row. Re-encoding from pixels leaves neither. Decoding
is where bombs go off, so nothing is decoded before its size is known to be bounded: declared
pixels against the caps in core.decoding, general-purpose filters against a byte limit.

An image that cannot be decoded here (JBIG2, 12-bit JPEG, damaged data) is replaced
by a one-pixel grey placeholder rather than refusing the whole document: the page keeps its
layout and text, analysts see a grey box where the image was, and the sealed original keeps
the image as evidence. Bombs and spent budgets are still refused.
"""

import io
import logging
import math
import zlib

import pikepdf
from PIL import Image

from core.decoding import PixelBudget, RejectedFile, check_image_size, from_pixels

logger = logging.getLogger(__name__)

_ABBREVIATIONS = {
    "/AHx": "/ASCIIHexDecode",
    "/A85": "/ASCII85Decode",
    "/LZW": "/LZWDecode",
    "/Fl": "/FlateDecode",
    "/RL": "/RunLengthDecode",
    "/CCF": "/CCITTFaxDecode",
    "/DCT": "/DCTDecode",
}
# Most bytes one input byte can become, per general-purpose filter (LZW: a 12-bit code for a
# string of up to ~4,000 bytes; deflate's own maximum ratio is 1032:1).
_EXPANSION = {
    "/ASCIIHexDecode": 1,
    "/ASCII85Decode": 4,
    "/RunLengthDecode": 64,
    "/LZWDecode": 4096,
    "/FlateDecode": 1032,
}
_PIL_FORMATS = {"/DCTDecode": "JPEG", "/JPXDecode": "JPEG2000"}
_COMPONENTS = {
    **dict.fromkeys(("/DeviceGray", "/CalGray", "/G", "/Indexed", "/I", "/Separation"), 1),
    **dict.fromkeys(("/DeviceRGB", "/CalRGB", "/RGB", "/Lab"), 3),
    **dict.fromkeys(("/DeviceCMYK", "/CMYK"), 4),
}
_DEVICE_SPACES = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}
# Decoded samples may take what an RGBA photo of the same pixel count takes, and no more.
_BYTES_PER_PIXEL = 4


class _Undecodable(Exception):
    """This image cannot be decoded here; it gets a placeholder."""


def filters(stream: pikepdf.Stream) -> list[str]:
    value = stream.get("/Filter")
    names = [value] if isinstance(value, pikepdf.Name) else list(value or [])
    return [_ABBREVIATIONS.get(str(name), str(name)) for name in names]


def decoded_bytes(stream: pikepdf.Stream, limit: int) -> bytes:
    """The stream's data through its general-purpose filters, never more than `limit` bytes.

    qpdf inflates whatever a stream holds (a 1 MB stream of zeros becomes 1 GB), so deflate is
    first run here with a cap, and other filters only where their worst case fits the limit.
    """
    chain = filters(stream)
    raw = stream.read_raw_bytes()
    if any(name not in _EXPANSION for name in chain):
        raise _Undecodable(",".join(chain))
    if chain == ["/FlateDecode"]:
        if "/DecodeParms" not in stream:
            return _inflate(raw, limit)
        _inflate(raw, limit)  # only to bound it: a predictor removes bytes, never adds them
    elif len(raw) * math.prod(_EXPANSION[name] for name in chain) > limit:
        raise RejectedFile("bomb")  # too big to bound without decoding it
    return stream.read_bytes(decode_level=pikepdf.StreamDecodeLevel.specialized)


def _inflate(raw: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    for start in range(0, len(raw), 1 << 16):
        try:
            part = inflater.decompress(raw[start : start + (1 << 16)], limit + 1 - size)
        except zlib.error:
            break  # damaged: keep what came before, as qpdf and viewers do
        parts.append(part)
        size += len(part)
        if size > limit:
            raise RejectedFile("bomb")
        if inflater.eof:
            break
    return b"".join(parts)


def reencode_image(obj: pikepdf.Stream, max_pixels: int, budget: PixelBudget | None) -> None:
    width, height = _dimension(obj, "/Width"), _dimension(obj, "/Height")
    check_image_size(width, height, max_pixels, budget)
    try:
        _rewrite_from_pixels(obj, width, height, max_pixels)
    except RejectedFile:
        raise
    except Exception as exc:
        # Only the type is logged: exception text can quote bytes of the upload.
        logger.info("PDF image replaced by a placeholder: %s", type(exc).__name__)
        _write_placeholder(obj)


def _dimension(obj: pikepdf.Stream, key: str) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise RejectedFile("corrupt")
    return value


def _rewrite_from_pixels(obj: pikepdf.Stream, width: int, height: int, max_pixels: int) -> None:
    chain = filters(obj)
    last = chain[-1] if chain else None
    if last in _PIL_FORMATS:
        _rewrite_encoded(obj, _PIL_FORMATS[last], chain[:-1], width, height, max_pixels)
    elif all(name in _EXPANSION for name in chain):
        _rewrite_samples(obj, width, height, max_pixels)
    elif chain == ["/CCITTFaxDecode"]:
        _rewrite_fax(obj, width, height)
    else:
        raise _Undecodable(last)  # JBIG2, encrypted streams, fax behind other filters


def _rewrite_samples(obj: pikepdf.Stream, width: int, height: int, max_pixels: int) -> None:
    """Raw samples: keep exactly width x height of them, drop whatever follows."""
    mask = bool(obj.get("/ImageMask", False))
    bits = 1 if mask else obj.get("/BitsPerComponent", 8)
    if not isinstance(bits, int) or bits not in (1, 2, 4, 8, 16):
        raise _Undecodable(bits)
    components = 1 if mask else _components(obj.get("/ColorSpace"))
    expected = (width * components * bits + 7) // 8 * height
    if expected > max_pixels * _BYTES_PER_PIXEL:
        raise RejectedFile("bomb")
    # PNG predictors add one byte a row; a little more slack for producers' padding.
    data = decoded_bytes(obj, expected + height + 65536)
    if len(data) < expected:
        raise _Undecodable("short")
    obj.write(zlib.compress(memoryview(data)[:expected]), filter=pikepdf.Name.FlateDecode)


def _rewrite_fax(obj: pikepdf.Stream, width: int, height: int) -> None:
    """Fax-coded black and white, as scanners write letters: pikepdf decodes it (through
    libtiff) to the samples a viewer would see before /Decode, written back as plain 1-bit
    samples, so /Decode, /ImageMask and the colour space keep their meaning."""
    image = pikepdf.PdfImage(obj).as_pil_image(apply_decode_array=False, apply_mask=False)
    if image.mode != "1" or image.size != (width, height):
        raise _Undecodable(image.mode)
    obj.write(zlib.compress(image.tobytes()), filter=pikepdf.Name.FlateDecode)
    obj.BitsPerComponent = 1


def _components(space: object) -> int:
    if isinstance(space, pikepdf.Name) and str(space) in _COMPONENTS:
        return _COMPONENTS[str(space)]
    if isinstance(space, pikepdf.Array) and len(space) >= 2:
        family = str(space[0])
        if family == "/ICCBased" and isinstance(count := space[1].get("/N"), int):
            return count
        if family == "/DeviceN":
            return len(space[1])
        if family in _COMPONENTS:
            return _COMPONENTS[family]
    raise _Undecodable("colour space")


def _rewrite_encoded(
    obj: pikepdf.Stream, fmt: str, outer: list[str], width: int, height: int, max_pixels: int
) -> None:
    """A JPEG or JPEG 2000 file inside the stream: decode it with Pillow and write pixels."""
    if outer not in ([], ["/FlateDecode"]) or "/DecodeParms" in obj and outer:
        raise _Undecodable(",".join(outer))
    encoded = obj.read_raw_bytes()
    if outer:
        try:  # a JPEG wrapped in deflate: it may not take more than a byte a pixel
            encoded = _inflate(encoded, width * height)
        except RejectedFile as exc:
            raise _Undecodable("wrapped") from exc
    image = Image.open(io.BytesIO(encoded), formats=[fmt])
    if image.size != (width, height):
        raise _Undecodable("size")  # what was charged to the budget is what gets decoded
    if fmt == "JPEG2000" and width * height > max_pixels // 2:
        # OpenJPEG holds 4 bytes per sample while decoding: twice what a JPEG needs.
        raise RejectedFile("bomb")
    image.load()
    if fmt == "JPEG" and image.mode in _DEVICE_SPACES:
        # Stay lossy, in the same colour space: /ColorSpace and /Decode still apply.
        out = io.BytesIO()
        from_pixels(image, image.mode).save(out, "JPEG", quality=90)
        obj.write(out.getvalue(), filter=pikepdf.Name.DCTDecode)
        obj.BitsPerComponent = 8
        return
    mode = image.mode if image.mode in _DEVICE_SPACES else "RGB"
    clean = from_pixels(image, "L" if image.mode in ("1", "L", "LA", "I;16", "I") else mode)
    obj.write(zlib.compress(clean.tobytes()), filter=pikepdf.Name.FlateDecode)
    _drop(obj, ("/Decode", "/SMaskInData"))
    obj.ColorSpace = pikepdf.Name(_DEVICE_SPACES[clean.mode])
    obj.BitsPerComponent = 8


def _write_placeholder(obj: pikepdf.Stream) -> None:
    # An image is drawn into the unit square whatever its size, so one pixel keeps the layout.
    mask = bool(obj.get("/ImageMask", False))
    _drop(obj, ("/Decode", "/Mask", "/SMaskInData", "/JBIG2Globals"))
    obj.write(b"\xff" if mask else b"\xc8")  # a mask of 1 paints nothing; grey otherwise
    obj.Width, obj.Height = 1, 1
    obj.BitsPerComponent = 1 if mask else 8
    if not mask:
        obj.ColorSpace = pikepdf.Name.DeviceGray


def _drop(obj: pikepdf.Object, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in obj:
            del obj[key]
