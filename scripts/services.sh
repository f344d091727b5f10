#!/usr/bin/env bash
# Makes sure the local PostgreSQL and Redis the integration tests use answer on
# 127.0.0.1, starting them where this machine can. Used by .ci/run.
set -u

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! pg_up; then
  echo "services: PostgreSQL is not answering; starting it"
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! redis_up; then
  echo "services: Redis is not answering; starting it"
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi

ok=0
if pg_up; then echo "services: PostgreSQL answers on 127.0.0.1:5432"; else echo "services: PostgreSQL is DOWN"; ok=1; fi
if redis_up; then echo "services: Redis answers on 127.0.0.1:6379"; else echo "services: Redis is DOWN"; ok=1; fi
exit $ok
