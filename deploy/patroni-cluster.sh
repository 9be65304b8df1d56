#!/usr/bin/env bash
# A three-member Patroni cluster on this machine (PostgreSQL 15, one etcd, HAProxy in front), for
# trying failover (bench/failover.py, docs/scaling.md "Surviving the loss of the primary").
# Configuration: deploy/patroni/patroni.yml (shared by the members) and deploy/patroni/haproxy.cfg.
#
#   deploy/patroni-cluster.sh up            start etcd, pg1..pg3 and HAProxy; wait for a leader
#                                           and its synchronous standby
#   deploy/patroni-cluster.sh status        patronictl list
#   deploy/patroni-cluster.sh leader        the leader's name
#   deploy/patroni-cluster.sh kill-leader   kill -9 the leader's Patroni AND its PostgreSQL (every
#                                           process of both), as if its machine had died
#   deploy/patroni-cluster.sh start pgN     start a member again (it rejoins as a standby)
#   deploy/patroni-cluster.sh down          stop everything and delete the cluster's files
#
# Ports (private): etcd 5450 (peers 5451); PostgreSQL pg1..pg3 5445-5447, their REST APIs
# 5455-5457; HAProxy 5449 = the leader, 5448 = any streaming standby. Files in $TIPLINE_PATRONI_DIR
# (default /tmp/tipline-patroni). Needs `patroni`, `etcd-server` and `haproxy` (make cluster-deps).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${TIPLINE_PATRONI_DIR:-/tmp/tipline-patroni}
CONFIG=$HERE/patroni/patroni.yml
MEMBERS=(pg1:5445:5455 pg2:5446:5456 pg3:5447:5457)

AS_PG=()  # as root, PostgreSQL (so Patroni) runs as the postgres user
[ "$(id -u)" = 0 ] && AS_PG=(runuser -u postgres --)
# launch PIDFILE LOG COMMAND...: in a session and process group of its own, whose id is written
# by the process itself (setsid forks when called from a group leader, so $! may not be it).
launch() {
  local pidfile=$1 logfile=$2
  shift 2
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  for _ in $(seq 50); do [ -s "$pidfile" ] && return; sleep 0.05; done
}
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
answers() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2" 2>/dev/null || true; }

start_etcd() {
  alive "$DIR/etcd.pid" && return
  launch "$DIR/etcd.pid" "$DIR/etcd.log" etcd --name tl --data-dir "$DIR/etcd" \
    --listen-client-urls http://127.0.0.1:5450 --advertise-client-urls http://127.0.0.1:5450 \
    --listen-peer-urls http://127.0.0.1:5451 --initial-advertise-peer-urls http://127.0.0.1:5451 \
    --initial-cluster tl=http://127.0.0.1:5451
  for _ in $(seq 100); do [ "$(answers 5450 /health)" = 200 ] && return; sleep 0.1; done
  echo "etcd did not start: $DIR/etcd.log" >&2; exit 1
}

start_member() {  # name
  local entry name pg api
  for entry in "${MEMBERS[@]}"; do [ "${entry%%:*}" = "$1" ] && break; done
  IFS=: read -r name pg api <<<"$entry"
  alive "$DIR/$name.pid" && return
  PATRONI_NAME=$name PATRONI_POSTGRESQL_DATA_DIR=$DIR/$name \
    PATRONI_POSTGRESQL_LISTEN=127.0.0.1:$pg PATRONI_POSTGRESQL_CONNECT_ADDRESS=127.0.0.1:$pg \
    PATRONI_RESTAPI_LISTEN=127.0.0.1:$api PATRONI_RESTAPI_CONNECT_ADDRESS=127.0.0.1:$api \
    launch "$DIR/$name.pid" "$DIR/$name.log" "${AS_PG[@]}" patroni "$CONFIG"
}

wait_ready() {  # a leader, a synchronous standby, every member running
  local leader sync healthy
  for _ in $(seq 600); do
    leader=0 sync=0 healthy=0
    for m in "${MEMBERS[@]}"; do
      [ "$(answers "${m##*:}" /primary)" = 200 ] && leader=$((leader + 1))
      [ "$(answers "${m##*:}" /synchronous)" = 200 ] && sync=$((sync + 1))
      [ "$(answers "${m##*:}" /health)" = 200 ] && healthy=$((healthy + 1))
    done
    [ $leader = 1 ] && [ $sync -ge 1 ] && [ $healthy = ${#MEMBERS[@]} ] && return
    sleep 0.2
  done
  echo "cluster not ready after 120 s; logs in $DIR" >&2; exit 1
}

leader() {
  for m in "${MEMBERS[@]}"; do
    [ "$(answers "${m##*:}" /primary)" = 200 ] && { echo "${m%%:*}"; return; }
  done
  return 1
}

kill_leader() {
  local name postmaster
  name=$(leader)
  postmaster=$(head -1 "$DIR/$name/postmaster.pid")
  # Patroni starts PostgreSQL apart from itself (a Patroni crash leaves the database up), and
  # each PostgreSQL backend has a session of its own: Patroni's group, the postmaster and every
  # child of it get SIGKILL in one call.
  # shellcheck disable=SC2046
  kill -9 -- "-$(cat "$DIR/$name.pid")" "$postmaster" $(ps -o pid= --ppid "$postmaster") \
    2>/dev/null || true
  echo "$name"
}

stop_group() {  # pidfile [signal]
  if alive "$1"; then kill "-${2:-TERM}" -- "-$(cat "$1")" 2>/dev/null || true; fi
}

down() {
  stop_group "$DIR/haproxy.pid"
  for m in "${MEMBERS[@]}"; do stop_group "$DIR/${m%%:*}.pid"; done
  for _ in $(seq 150); do
    pgrep -f "patroni $CONFIG" >/dev/null || break
    sleep 0.2
  done
  for m in "${MEMBERS[@]}"; do  # anything left (a member killed -9 leaves its group behind)
    stop_group "$DIR/${m%%:*}.pid" KILL
    if [ -f "$DIR/${m%%:*}/postmaster.pid" ]; then
      kill -QUIT "$(head -1 "$DIR/${m%%:*}/postmaster.pid")" 2>/dev/null || true
    fi
  done
  stop_group "$DIR/etcd.pid" KILL
  sleep 0.5
  rm -rf "$DIR"
}

up() {
  install -d -m 755 "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
  start_etcd
  for m in "${MEMBERS[@]}"; do start_member "${m%%:*}"; done
  wait_ready
  if ! alive "$DIR/haproxy.pid"; then
    launch "$DIR/haproxy.pid" "$DIR/haproxy.log" haproxy -db -f "$HERE/patroni/haproxy.cfg"
  fi
  for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p 5449 -U postgres && break; sleep 0.2; done
  patronictl -c "$CONFIG" list
}

case "${1:-up}" in
  up) up ;;
  status) patronictl -c "$CONFIG" list ;;
  leader) leader ;;
  kill-leader) kill_leader ;;
  start) start_member "$2" ;;
  down) down ;;
  *) echo "usage: $0 up|status|leader|kill-leader|start pgN|down" >&2; exit 2 ;;
esac
