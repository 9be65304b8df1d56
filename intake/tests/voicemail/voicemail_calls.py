"""Calling the voicemail gateway as the telephony system would: signed multipart requests.

    from intake.tests.voicemail.voicemail_calls import call_voicemail, wav_bytes

The shared secret is configured for every voicemail test by conftest.py's `voicemail_secret`.
"""

import hashlib
import hmac
import io
import struct
import time
import wave

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

URL = "/api/v1/channels/voicemail"
SECRET = "voicemail-shared-secret-for-tests"


def wav_bytes(frames: int = 800, *, info: str | None = None) -> bytes:
    """A short silent 8 kHz PCM WAV; `info` goes into a LIST/INFO chunk as telephony tags do."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * frames)
    data = buffer.getvalue()
    if info is None:
        return data
    text = info.encode() + b"\x00"
    text += b"\x00" * (len(text) % 2)
    chunk = b"INFO" + b"ICMT" + struct.pack("<I", len(text)) + text
    data += b"LIST" + struct.pack("<I", len(chunk)) + chunk
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


def mp3_bytes(frames: int = 10) -> bytes:
    """MPEG-1 layer III frames of silence (128 kbit/s, 44.1 kHz: 417 bytes each)."""
    return (bytes([0xFF, 0xFB, 0x90, 0x64]) + b"\x00" * 413) * frames


def recording(data: bytes | None = None, name: str = "message.wav") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, wav_bytes() if data is None else data, "audio/wav")


def sign(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed(fields: dict, *, timestamp: int | None = None, secret: str = SECRET):
    """(body, headers) of a signed voicemail request."""
    body = encode_multipart(BOUNDARY, fields)
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "HTTP_X_TIPLINE_TIMESTAMP": stamp,
        "HTTP_X_TIPLINE_SIGNATURE": sign(body, stamp, secret),
    }
    return body, headers


def send(client, body: bytes, headers: dict):
    return client.generic("POST", URL, body, content_type=MULTIPART_CONTENT, **headers)


def call_voicemail(client, *, recording_file=None, timestamp=None, secret=SECRET, **fields):
    """Post a signed voicemail; fields default to a valid call in the espionage category."""
    data = {"category": "espionage", "call_reference": "CALL-0001", **fields}
    data["recording"] = recording_file if recording_file is not None else recording()
    body, headers = signed(data, timestamp=timestamp, secret=secret)
    return send(client, body, headers)
