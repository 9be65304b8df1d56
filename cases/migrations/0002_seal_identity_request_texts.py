"""Seal identity-request justifications and custodians' notes under the case's key.

Add the sealed columns, fill them from the plain ones, drop the plain ones, then require the
sealed justification. The sealing is written out here rather than imported from cases.vault, so
this migration keeps meaning what it meant if the vault's functions change later.
"""

import json

from django.db import migrations, models

from core.crypto import seal, unseal, unwrap_key


def _aad(case, request_id, field: str) -> bytes:
    return f"tipline:case:{case.number}:identity_request:{request_id}:{field}".encode()


def _seal(case, request_id, field: str, text: str) -> bytes:
    body = json.dumps(text, ensure_ascii=False, separators=(",", ":")).encode()
    dek = unwrap_key(case.key_id, bytes(case.wrapped_key))
    return seal(dek, body, _aad(case, request_id, field))


def _open(case, request_id, field: str, blob) -> str:
    dek = unwrap_key(case.key_id, bytes(case.wrapped_key))
    return json.loads(unseal(dek, bytes(blob), _aad(case, request_id, field)))


def seal_existing_texts(apps, schema_editor):
    IdentityRequest = apps.get_model("cases", "IdentityRequest")
    for request in IdentityRequest.objects.select_related("case").iterator(chunk_size=500):
        request.justification_sealed = _seal(
            request.case, request.pk, "justification", request.justification
        )
        request.decision_note_sealed = (
            _seal(request.case, request.pk, "decision", request.decision_note)
            if request.decision_note
            else None
        )
        request.save(update_fields=["justification_sealed", "decision_note_sealed"])


def open_texts_again(apps, schema_editor):
    IdentityRequest = apps.get_model("cases", "IdentityRequest")
    for request in IdentityRequest.objects.select_related("case").iterator(chunk_size=500):
        request.justification = _open(
            request.case, request.pk, "justification", request.justification_sealed
        )
        request.decision_note = (
            _open(request.case, request.pk, "decision", request.decision_note_sealed)
            if request.decision_note_sealed
            else ""
        )
        request.save(update_fields=["justification", "decision_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="identityrequest",
            name="justification_sealed",
            field=models.BinaryField(null=True),
        ),
        migrations.AddField(
            model_name="identityrequest",
            name="decision_note_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        # Blank allowed for a moment, so that migrating backwards can re-add the column to
        # existing rows before open_texts_again fills it.
        migrations.AlterField(
            model_name="identityrequest",
            name="justification",
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.RunPython(seal_existing_texts, open_texts_again),
        migrations.RemoveField(model_name="identityrequest", name="justification"),
        migrations.RemoveField(model_name="identityrequest", name="decision_note"),
        migrations.AlterField(
            model_name="identityrequest",
            name="justification_sealed",
            field=models.BinaryField(),
        ),
    ]
