"""The default tiers (modelled on the national scheme: under 10,000; 10,000–30,000;
30,000–100,000; over 100,000 CNY; letter and certificate of commendation), and the trigger that
makes the payment ledger append-only on PostgreSQL."""

from decimal import Decimal

from django.db import migrations

TIERS = [
    ("tier-1", "一档奖励（1万元以下）", "Tier 1 (under 10,000)", "money", "0.01", "9999.99", 10),
    ("tier-2", "二档奖励（1万至3万元）", "Tier 2 (10,000–30,000)", "money", "10000", "30000", 20),
    ("tier-3", "三档奖励（3万至10万元）", "Tier 3 (30,000–100,000)", "money", "30000", "100000", 30),
    ("tier-4", "四档奖励（10万元以上）", "Tier 4 (over 100,000)", "money", "100000.01", None, 40),
    ("letter", "表扬信", "Letter of commendation", "letter", None, None, 50),
    ("certificate", "荣誉证书", "Certificate of commendation", "certificate", None, None, 60),
]

LEDGER_SQL = """
CREATE FUNCTION rewards_payment_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the payment ledger is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER rewards_payment_append_only
    BEFORE UPDATE OR DELETE ON rewards_payment
    FOR EACH ROW EXECUTE FUNCTION rewards_payment_append_only();
"""
DROP_LEDGER_SQL = """
DROP TRIGGER IF EXISTS rewards_payment_append_only ON rewards_payment;
DROP FUNCTION IF EXISTS rewards_payment_append_only();
"""


def add_default_tiers(apps, schema_editor):
    Tier = apps.get_model("rewards", "Tier")
    for code, name_zh, name_en, kind, low, high, position in TIERS:
        Tier.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "kind": kind,
                "min_amount": Decimal(low) if low else None,
                "max_amount": Decimal(high) if high else None,
                "position": position,
            },
        )


def make_ledger_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LEDGER_SQL, params=None)


def undo_ledger_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_LEDGER_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_rewards")]

    operations = [
        migrations.RunPython(add_default_tiers, migrations.RunPython.noop),
        migrations.RunPython(make_ledger_append_only, undo_ledger_trigger),
    ]
