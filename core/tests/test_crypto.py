import pytest

from core import crypto


def test_seal_and_unseal_round_trip():
    key = crypto.new_data_key()
    blob = crypto.seal(key, "举报内容 report".encode(), b"report:1:answers")
    assert crypto.unseal(key, blob, b"report:1:answers") == "举报内容 report".encode()


def test_sealing_twice_gives_different_ciphertexts():
    key = crypto.new_data_key()
    assert crypto.seal(key, b"same", b"ctx") != crypto.seal(key, b"same", b"ctx")


def test_ciphertext_moved_to_another_context_does_not_open():
    key = crypto.new_data_key()
    blob = crypto.seal(key, b"secret", b"report:1:answers")
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(key, blob, b"report:2:answers")


def test_wrong_key_does_not_open():
    blob = crypto.seal(crypto.new_data_key(), b"secret", b"ctx")
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(crypto.new_data_key(), blob, b"ctx")


@pytest.mark.parametrize("blob", [b"", b"short", b"x" * 27])
def test_truncated_ciphertext_is_a_decryption_error(blob):
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(crypto.new_data_key(), blob, b"ctx")


def test_tampered_ciphertext_does_not_open():
    key = crypto.new_data_key()
    blob = bytearray(crypto.seal(key, b"secret", b"ctx"))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(key, bytes(blob), b"ctx")


def test_wrap_and_unwrap_a_data_key():
    dek = crypto.new_data_key()
    key_id, wrapped = crypto.wrap_key(dek)
    assert key_id == crypto.current_keyring().master_active
    assert dek not in wrapped
    assert crypto.unwrap_key(key_id, wrapped) == dek


def test_identity_keys_wrap_separately():
    dek = crypto.new_data_key()
    key_id, wrapped = crypto.wrap_key(dek, purpose="identity")
    assert key_id == crypto.current_keyring().identity_active
    assert crypto.unwrap_key(key_id, wrapped, purpose="identity") == dek


def test_a_data_wrapped_key_does_not_unwrap_as_identity():
    key_id, wrapped = crypto.wrap_key(crypto.new_data_key(), purpose="data")
    with pytest.raises(crypto.DecryptionError):
        crypto.unwrap_key(key_id, wrapped, purpose="identity")


def test_purpose_is_bound_even_under_the_same_key_bytes():
    """Separation must not rest only on the families holding different keys."""
    ring = crypto.current_keyring()
    key_id = ring.master_active
    wrapped = crypto.seal(ring.master[key_id], crypto.new_data_key(), b"tipline:wrap:data:x")
    with pytest.raises(crypto.DecryptionError):
        crypto.unwrap_key(key_id, wrapped)  # AAD names the key id it was wrapped under


def test_unknown_key_id_is_a_decryption_error():
    _key_id, wrapped = crypto.wrap_key(crypto.new_data_key())
    with pytest.raises(crypto.DecryptionError, match="not in the keyring"):
        crypto.unwrap_key("m-00000000", wrapped)
