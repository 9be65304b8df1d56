import time

import pytest

from core import tokens


class Clock:
    """Stands in for the `time` module inside core.tokens, so a token can age instantly."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(tokens, "time", fake)
    return fake


def test_a_token_opens_to_its_payload():
    token = tokens.seal_token({"step": 2, "text": "草稿"}, purpose="draft")
    assert tokens.open_token(token, purpose="draft", max_age=60) == {"step": 2, "text": "草稿"}


def test_a_token_is_url_safe_and_hides_its_payload():
    token = tokens.seal_token({"text": "canary-in-draft"}, purpose="draft")
    assert "canary" not in token
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_an_expired_token_is_refused(clock):
    token = tokens.seal_token({}, purpose="form")
    clock.now += 61
    with pytest.raises(tokens.BadToken, match="expired"):
        tokens.open_token(token, purpose="form", max_age=60)


def test_a_token_used_too_soon_is_refused(clock):
    token = tokens.seal_token({}, purpose="form")
    clock.now += 1
    with pytest.raises(tokens.BadToken, match="too soon"):
        tokens.open_token(token, purpose="form", max_age=60, min_age=3)
    clock.now += 3
    assert tokens.open_token(token, purpose="form", max_age=60, min_age=3) == {}


def test_a_tampered_token_is_refused():
    token = tokens.seal_token({"step": 1}, purpose="draft")
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    with pytest.raises(tokens.BadToken):
        tokens.open_token(flipped, purpose="draft", max_age=60)


def test_a_token_for_another_purpose_is_refused():
    token = tokens.seal_token({"step": 1}, purpose="draft")
    with pytest.raises(tokens.BadToken):
        tokens.open_token(token, purpose="form", max_age=60)


@pytest.mark.parametrize("garbage", ["", "x", "!!!", "ä" * 40, "A" * 4000, None])
def test_garbage_is_a_bad_token_not_a_crash(garbage):
    with pytest.raises(tokens.BadToken):
        tokens.open_token(garbage, purpose="draft", max_age=60)
