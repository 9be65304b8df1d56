"""core.sanitize on audio: WAV rewritten, MP3 and Ogg tags stripped."""

import io
import wave

import mutagen
import pytest

from core.sanitize import RejectedFile, SanitizedFile, sanitize, strip_mp3_tags
from core.tests.sanitize_samples import (
    MARKER,
    MP3_FRAMES,
    ape_tag,
    id3v1,
    id3v2,
    opus_with_tags,
    rejection,
    wav_bytes,
    with_list_info_chunk,
)

# --- audio --------------------------------------------------------------------------------


def test_it_drops_list_info_chunks_from_wav():
    frames = b"\x01\x00\xff\x7f" * 400
    original = with_list_info_chunk(wav_bytes(frames), MARKER)
    assert MARKER.encode() in original

    cleaned = sanitize(original, "voicemail.wav")

    assert (cleaned.kind, cleaned.clean_mime, cleaned.extension) == ("audio", "audio/wav", ".wav")
    assert MARKER.encode() not in cleaned.clean_bytes
    assert b"LIST" not in cleaned.clean_bytes
    with wave.open(io.BytesIO(cleaned.clean_bytes)) as clean:
        assert clean.readframes(clean.getnframes()) == frames


def test_it_rejects_a_broken_wav_as_corrupt():
    assert rejection(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00garbage", "a.wav") == "corrupt"


def test_it_strips_id3_tags_from_mp3():
    original = id3v2(MARKER) + MP3_FRAMES + id3v1(MARKER)

    cleaned = sanitize(original, "call.mp3")

    assert cleaned == SanitizedFile("audio", "audio/mpeg", "audio/mpeg", MP3_FRAMES, ".mp3")


def test_it_strips_stacked_appended_and_ape_tags_from_mp3():
    tagged = id3v2("a") + id3v2("b") + MP3_FRAMES + ape_tag(MARKER) + id3v1(MARKER)
    assert strip_mp3_tags(tagged) == MP3_FRAMES
    assert strip_mp3_tags(MP3_FRAMES + id3v2(MARKER, footer=True)) == MP3_FRAMES


def test_it_rejects_an_mp3_with_no_audio_after_its_tags():
    with pytest.raises(RejectedFile) as excinfo:
        strip_mp3_tags(id3v2(MARKER) + b"not audio")
    assert excinfo.value.code == "corrupt"


def test_it_strips_ogg_comments():
    data = opus_with_tags(ENCODER=MARKER, LOCATION="31.2304,121.4737")
    cleaned = sanitize(data, "voice.ogg")
    assert (cleaned.kind, cleaned.clean_mime, cleaned.extension) == ("audio", "audio/ogg", ".ogg")
    assert MARKER.encode() not in cleaned.clean_bytes
    assert b"31.2304" not in cleaned.clean_bytes
    assert not mutagen.File(io.BytesIO(cleaned.clean_bytes)).tags


def test_a_broken_ogg_is_corrupt():
    packet = b"OpusHead\x01\x01" + b"\0" * 9
    page = b"OggS\x00\x02" + b"\0" * 8 + b"\x01\0\0\0" + b"\0" * 8 + bytes([1, len(packet)])
    with pytest.raises(RejectedFile) as excinfo:
        sanitize(page + packet, "voice.ogg")
    assert excinfo.value.code == "corrupt"
