"""Samples for the core.sanitize tests, built in code: no binary files live in the repository."""

import io
import os
import struct
import wave
import zlib

import pikepdf
import pytest
from PIL import ExifTags, Image, ImageCms

from core.sanitize import RejectedFile, sanitize

MARKER = "Jane Tipster 52.5200N"


def rejection(data: bytes, filename: str, **limits: object) -> str:
    with pytest.raises(RejectedFile) as excinfo:
        sanitize(data, filename, **limits)
    assert excinfo.value.message  # always something a person can read
    return excinfo.value.code


def noisy_image(size: tuple[int, int] = (64, 32), mode: str = "RGB") -> Image.Image:
    # Random pixels make the entropy-coded data long, so truncation lands inside it.
    channels = len(mode)
    return Image.frombytes(mode, size, os.urandom(size[0] * size[1] * channels))


def jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    exif[ExifTags.Base.ImageDescription] = MARKER
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSMapDatum] = "GPS " + MARKER
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    noisy_image((40, 20)).save(
        out,
        "JPEG",
        exif=exif,
        icc_profile=icc,
        comment=MARKER.encode(),
        xmp=f"<x:xmpmeta>{MARKER}</x:xmpmeta>".encode(),
    )
    return out.getvalue()


def png_bytes(image: Image.Image, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **params)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes claiming to be a width x height RGB image."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    body = png_chunk(b"IDAT", zlib.compress(b"\0" * 1024))
    return b"\x89PNG\r\n\x1a\n" + header + body + png_chunk(b"IEND", b"")


def pdf_with_metadata_and_scripts() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = MARKER
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [MARKER]
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.OpenAction = script
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["boot", pdf.make_indirect(script)])),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array()),
    )
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=script)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)  # so MARKER is plainly visible in the input
    return out.getvalue()


def pdf_with_pages(count: int, **save_options: object) -> bytes:
    pdf = pikepdf.new()
    for _ in range(count):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, **save_options)
    return out.getvalue()


def wav_bytes(frames: bytes = b"\x01\x00\xff\x7f" * 400) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(8000)
        target.writeframes(frames)
    return out.getvalue()


def with_list_info_chunk(wav: bytes, text: str) -> bytes:
    value = text.encode() + b"\0"
    value += b"\0" * (len(value) % 2)  # RIFF chunks are padded to even length
    info = b"INFO" + b"IART" + struct.pack("<I", len(value)) + value
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    body = wav[12:36] + chunk + wav[36:]  # after the 24-byte fmt chunk, before data
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WAVE" + body


# MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: each frame is 417 bytes including its header.
MP3_FRAMES = (b"\xff\xfb\x90\x00" + b"\0" * 413) * 6


def id3v2(text: str, *, footer: bool = False) -> bytes:
    body = b"TPE1" + struct.pack(">I", len(text) + 1) + b"\0\0" + b"\0" + text.encode()
    body += b"\0" * 64  # padding, as real taggers leave room to grow
    size = bytes((len(body) >> shift) & 0x7F for shift in (21, 14, 7, 0))  # syncsafe
    flags = b"\x10" if footer else b"\0"
    return b"ID3\x04\x00" + flags + size + body + (b"3DI\x04\x00\x10" + size if footer else b"")


def id3v1(text: str) -> bytes:
    return b"TAG" + text.encode().ljust(125, b"\0")


def ape_tag(text: str) -> bytes:
    item = struct.pack("<II", len(text), 0) + b"Artist\0" + text.encode()
    footer = b"APETAGEX" + struct.pack("<IIII", 2000, len(item) + 32, 1, 0) + b"\0" * 8
    return item + footer


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        crc &= 0xFFFFFFFF
    return crc


def _ogg_page(packet: bytes, seq: int, granule: int, flags: int) -> bytes:
    lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
    head = struct.pack("<4sBBqIIIB", b"OggS", 0, flags, granule, 7, seq, 0, len(lacing))
    raw = head + bytes(lacing) + packet
    return raw[:22] + struct.pack("<I", _ogg_crc(raw)) + raw[26:]


def opus_with_tags(**tags: str) -> bytes:
    """A minimal Ogg Opus stream: identification header, comment header, one audio packet."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    comments = [f"{key}={value}".encode() for key, value in tags.items()]
    tags_packet = (
        b"OpusTags"
        + struct.pack("<I", 4)
        + b"test"
        + struct.pack("<I", len(comments))
        + b"".join(struct.pack("<I", len(c)) + c for c in comments)
    )
    return (
        _ogg_page(head, 0, 0, 2)
        + _ogg_page(tags_packet, 1, 0, 0)
        + _ogg_page(b"\xfc\xff\xfe", 2, 960, 4)
    )


# --- PDFs with images and active content ---------------------------------------------------

SERIAL = "BODY-SN-4815162342"
GPS_DATUM = "WGS-84 tipster-home"
XFA_MARKER = "xfa-script-marker"
TRACKER_URL = "https://tracker.example/leak?id=42"
# The GPS latitude as Pillow writes it into EXIF: three big-endian rationals (52/1 31/1 12/1).
GPS_LATITUDE = struct.pack(">IIIIII", 52, 1, 31, 1, 12, 1)


def gradient_image(size: tuple[int, int] = (96, 64)) -> Image.Image:
    """Smooth pixels, so a lossy re-encode stays close to the original."""
    width, height = size
    image = Image.new("RGB", size)
    image.putdata(
        [(x * 255 // width, y * 255 // height, 128) for y in range(height) for x in range(width)]
    )
    return image


def camera_jpeg(size: tuple[int, int] = (96, 64)) -> bytes:
    """A JPEG as a phone writes it: EXIF with the body serial and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Tipcam"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = SERIAL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSMapDatum] = GPS_DATUM
    out = io.BytesIO()
    gradient_image(size).save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def image_xobject(pdf: pikepdf.Pdf, data: bytes, size: tuple[int, int], **keys) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, data)
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Image
    stream.Width, stream.Height = size
    stream.BitsPerComponent = 8
    stream.ColorSpace = pikepdf.Name.DeviceRGB
    for key, value in keys.items():
        if value is None:
            del stream[f"/{key}"]
        else:
            stream[f"/{key}"] = value
    return pdf.make_indirect(stream)


def pdf_with_images(*images: tuple) -> bytes:
    """One page drawing each image, side by side. `images` are (data, size, keys) triples."""
    pdf = pikepdf.new()
    add_image_page(pdf, *images)
    return save_plain(pdf)


def add_image_page(pdf: pikepdf.Pdf, *images: tuple) -> None:
    pdf.add_blank_page(page_size=(612, 792))
    page = pdf.pages[-1]
    xobjects, drawing = {}, b""
    for index, (data, size, keys) in enumerate(images):
        xobjects[f"/Im{index}"] = image_xobject(pdf, data, size, **keys)
        drawing += b"q 96 0 0 64 %d 600 cm /Im%d Do Q\n" % (index * 100, index)
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects))
    page.Contents = pdf.make_stream(drawing)


def save_plain(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)  # so markers are plainly visible in the input
    return out.getvalue()


def hostile_pdf() -> bytes:
    """The issue's sample: a camera JPEG as the page image, an XFA form and a tracking link."""
    pdf = pikepdf.new()
    add_image_page(pdf, (camera_jpeg(), (96, 64), {"Filter": pikepdf.Name.DCTDecode}))
    xfa = pdf.make_stream(
        f'<xdp:xdp><template><script contentType="application/x-javascript">'
        f'app.launchURL("{TRACKER_URL}"); // {XFA_MARKER}</script></template></xdp:xdp>'.encode()
    )
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=xfa)
    pdf.Root.NeedsRendering = True
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([0, 600, 96, 664]),
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(TRACKER_URL)),
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    return save_plain(pdf)


def fax_g4(image: Image.Image) -> bytes:
    """CCITT group 4 data for a 1-bit image, as a scanner puts it in a PDF (via a TIFF)."""
    out = io.BytesIO()
    image.save(out, "TIFF", compression="group4")
    tiff = Image.open(out)
    (offset,), (length,) = tiff.tag_v2[273], tiff.tag_v2[279]  # a single strip
    return out.getvalue()[offset : offset + length]
