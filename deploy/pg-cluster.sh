#!/usr/bin/env bash
# A PostgreSQL primary with two streaming standbys on this machine, for bench/cluster.py and for
# trying failover by hand (docs/scaling.md). Leaves the machine's own "main" cluster alone: the
# primary is a separate cluster, so changing its replication settings interrupts nobody.
#
#   deploy/pg-cluster.sh up      create what is missing (pg_createcluster + pg_basebackup), start
#   deploy/pg-cluster.sh stop    stop all three
#   deploy/pg-cluster.sh drop    stop and delete all three
#
# tlprimary (5442) commits once ANY 1 of the standbys has the WAL on disk (quorum commit):
# tlreplica (5443) serves the staff's heavy reads, tlstandby (5444) is the spare that keeps
# commits flowing while tlreplica is down. With a single synchronous standby, its loss would stop
# every commit on the primary. Local, trust authentication, 127.0.0.1 only: a bench, not a deploy.
set -euo pipefail
VERSION=15
PRIMARY=tlprimary PRIMARY_PORT=5442
STANDBYS=(tlreplica:5443 tlstandby:5444)
as_pg() { runuser -u postgres -- "$@"; }
exists() { pg_lsclusters -h | awk '{print $2}' | grep -qx "$1"; }
conf() { echo "/etc/postgresql/$VERSION/$1"; }

configure() {  # cluster port
  cat > "$(conf "$1")/conf.d/tipline-bench.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $2
max_connections = 200
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
shared_buffers = 256MB
CONF
  cat > "$(conf "$1")/pg_hba.conf" <<HBA
local all all peer
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
HBA
}

up() {
  if ! exists $PRIMARY; then
    pg_createcluster $VERSION $PRIMARY -p $PRIMARY_PORT >/dev/null
    configure $PRIMARY $PRIMARY_PORT
    names=$(IFS=,; echo "${STANDBYS[*]%%:*}" | tr ' ' ',')
    echo "synchronous_standby_names = 'ANY 1 ($names)'" >> "$(conf $PRIMARY)/conf.d/tipline-bench.conf"
  fi
  pg_ctlcluster $VERSION $PRIMARY start 2>/dev/null || true
  for entry in "${STANDBYS[@]}"; do
    name=${entry%%:*} port=${entry##*:}
    if ! exists "$name"; then
      pg_createcluster $VERSION "$name" -p "$port" >/dev/null
      configure "$name" "$port"
      data=/var/lib/postgresql/$VERSION/$name
      rm -rf "$data" && install -d -o postgres -g postgres -m 700 "$data"
      as_pg psql -h 127.0.0.1 -p $PRIMARY_PORT -qAtc \
        "SELECT pg_create_physical_replication_slot('$name') WHERE NOT EXISTS
         (SELECT 1 FROM pg_replication_slots WHERE slot_name = '$name')" >/dev/null
      as_pg pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D "$data" -X stream -S "$name" -R
      echo "primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=postgres application_name=$name'" \
        | as_pg tee -a "$data/postgresql.auto.conf" >/dev/null
    fi
    pg_ctlcluster $VERSION "$name" start 2>/dev/null || true
  done
  pg_lsclusters | grep -E "tlprimary|tlreplica|tlstandby"
}

case "${1:-up}" in
  up) up ;;
  stop) for c in ${STANDBYS[@]%%:*} $PRIMARY; do pg_ctlcluster $VERSION "$c" stop 2>/dev/null || true; done ;;
  drop) for c in ${STANDBYS[@]%%:*} $PRIMARY; do exists "$c" && pg_dropcluster --stop $VERSION "$c"; done; true ;;
  *) echo "usage: $0 up|stop|drop" >&2; exit 2 ;;
esac
