"""The scale-out switches, each off by default (docs/scaling.md): a read replica and its router,
pgbouncer's needs, the attachment storage backend and the broker-backed task backend."""

import pytest

PG = "postgres://tipline@db:5432/tipline"


def test_by_default_there_is_one_database_and_no_router(read_settings):
    values = read_settings()
    assert list(values["DATABASES"]) == ["default"]
    assert values["DATABASE_ROUTERS"] == []


def test_a_replica_url_adds_the_replica_and_the_router(read_settings):
    values = read_settings(
        TIPLINE_DATABASE_URL=PG, TIPLINE_REPLICA_DATABASE_URL="postgres://tipline@db2:5433/tipline"
    )
    replica = values["DATABASES"]["replica"]
    assert (replica["HOST"], replica["PORT"]) == ("db2", 5433)
    assert replica["OPTIONS"]["connect_timeout"] == 2, "a dead replica costs little"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert values["DATABASE_ROUTERS"] == ["core.dbrouter.PrimaryReplicaRouter"]


def test_without_pgbouncer_server_side_cursors_stay_on(read_settings):
    default = read_settings(TIPLINE_DATABASE_URL=PG)["DATABASES"]["default"]
    assert default.get("DISABLE_SERVER_SIDE_CURSORS", False) is False


def pooled(config: dict) -> tuple:
    return (
        config["DISABLE_SERVER_SIDE_CURSORS"],
        config["OPTIONS"]["prepare_threshold"],
        config["CONN_MAX_AGE"] > 0,
        config["CONN_HEALTH_CHECKS"],
    )


def test_pgbouncer_turns_off_server_side_cursors_and_prepared_statements(read_settings):
    values = read_settings(
        TIPLINE_DATABASE_URL=PG,
        TIPLINE_REPLICA_DATABASE_URL="postgres://tipline@db2/tipline",
        TIPLINE_PGBOUNCER="1",
    )
    assert pooled(values["DATABASES"]["default"]) == (True, None, True, True)
    assert pooled(values["DATABASES"]["replica"]) == (True, None, True, True)


def test_one_url_can_say_it_goes_through_pgbouncer(read_settings):
    values = read_settings(
        TIPLINE_DATABASE_URL=f"{PG}?pgbouncer=1&sslmode=disable",
        TIPLINE_REPLICA_DATABASE_URL="postgres://tipline@db2/tipline",
    )
    default = values["DATABASES"]["default"]
    assert pooled(default) == (True, None, True, True)
    assert default["OPTIONS"]["sslmode"] == "disable", "our flag is taken off, others kept"
    assert "pgbouncer" not in default["OPTIONS"]
    assert values["DATABASES"]["replica"].get("DISABLE_SERVER_SIDE_CURSORS") is False


def test_attachments_default_to_the_durable_directory_store(read_settings):
    attachments = read_settings()["STORAGES"]["attachments"]
    assert attachments == {
        "BACKEND": "intake.durable_storage.DurableFileSystemStorage",
        "OPTIONS": {},
    }


def test_the_attachment_store_is_configurable(read_settings):
    attachments = read_settings(
        TIPLINE_STORAGE="storages.backends.s3.S3Storage",
        TIPLINE_STORAGE_OPTIONS='{"bucket_name": "tips"}',
    )["STORAGES"]["attachments"]
    assert attachments == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "tips"},
    }


def test_bad_storage_options_stop_the_start(read_settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="TIPLINE_STORAGE_OPTIONS"):
        read_settings(TIPLINE_STORAGE_OPTIONS="{bucket")


def test_the_rq_backend_brings_django_rq_and_its_queue(read_settings):
    values = read_settings(
        TIPLINE_TASK_BACKEND="django_tasks_rq.RQBackend",
        TIPLINE_CACHE_URL="redis://cache:6379/1",
    )
    assert values["TASKS"]["default"]["QUEUES"] == ["default"]
    assert "django_rq" in values["INSTALLED_APPS"]
    assert values["RQ_QUEUES"] == {"default": {"URL": "redis://cache:6379/1"}}


def test_the_database_backend_stays_the_default(read_settings):
    values = read_settings()
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in values["INSTALLED_APPS"]
