"""The database router used when a replica is configured (settings: TIPLINE_REPLICA_DATABASE_URL).

Every write and every migration goes to the primary; a read goes where core.replicas decides.
"""

from core import replicas


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return replicas.read_alias()

    def db_for_write(self, model, **hints):
        return replicas.PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both: the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == replicas.PRIMARY
