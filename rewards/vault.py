"""Sealing what the reward workflow writes: justifications and officers' notes under the case's
key (like case notes), payee details under the identity key (like a reporter's identity), so bank
details never sit next to the report and only the payer opens them."""

from core.crypto import new_data_key, unwrap_key, wrap_key
from intake.vault import open_json, seal_json


def seal_for_case(case_key: bytes, case_number: str, award_id, what: str, text: str) -> bytes:
    return seal_json(case_key, text, "case", case_number, "award", award_id, what)


def open_for_case(case_key: bytes, case_number: str, award_id, what: str, blob) -> str:
    if not blob:
        return ""
    return open_json(case_key, bytes(blob), "case", case_number, "award", award_id, what)


def seal_payee(share_id, details: dict) -> tuple[str, bytes, bytes]:
    """(key id, wrapped key, sealed): a data key of its own, wrapped by the identity key."""
    dek = new_data_key()
    key_id, wrapped = wrap_key(dek, purpose="identity")
    return key_id, wrapped, seal_json(dek, details, "payee", share_id)


def open_payee(share) -> dict:
    dek = unwrap_key(share.payee_key_id, bytes(share.payee_wrapped_key), purpose="identity")
    return open_json(dek, bytes(share.payee_sealed), "payee", share.id)


def seal_certificate(certificate_id, contents: dict) -> tuple[str, bytes, bytes]:
    dek = new_data_key()
    key_id, wrapped = wrap_key(dek, purpose="identity")
    return key_id, wrapped, seal_json(dek, contents, "certificate", certificate_id)


def open_certificate(certificate) -> dict:
    dek = unwrap_key(certificate.key_id, bytes(certificate.wrapped_key), purpose="identity")
    return open_json(dek, bytes(certificate.sealed), "certificate", certificate.id)


def seal_access_text(request, what: str, text: str) -> bytes:
    """A payee access request's justification or decision note, under the row's own data key
    (created by new_access_key), bound to the row and to which text it is."""
    dek = unwrap_key(request.key_id, bytes(request.wrapped_key), purpose="data")
    return seal_json(dek, text, "payee-access", request.pk, what)


def open_access_text(request, what: str, blob) -> str:
    if not blob:
        return ""
    dek = unwrap_key(request.key_id, bytes(request.wrapped_key), purpose="data")
    return open_json(dek, bytes(blob), "payee-access", request.pk, what)


def new_access_key() -> tuple[str, bytes]:
    return wrap_key(new_data_key(), purpose="data")
