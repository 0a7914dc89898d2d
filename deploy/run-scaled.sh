#!/usr/bin/env bash
# Start the scaled stack on this machine: PostgreSQL, Redis, 2 uvicorn workers of the production
# profile, the ledger worker, nginx in front (when installed), with the demo county. Ctrl+C stops
# everything it started. See deploy/stack.py for the options, e.g.
#   deploy/run-scaled.sh                        # own throwaway PostgreSQL cluster and redis-server
#   deploy/run-scaled.sh --workers 4 --port 8080
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \
#       deploy/run-scaled.sh                    # a database `zongzhi_scaled` on that server (kept)
# Needs: the project's .venv (`make setup`), PostgreSQL server binaries (initdb, pg_ctl) unless
# DATABASE_URL is given, redis-server unless REDIS_URL is given; nginx is optional
# (Debian: apt-get install -y postgresql redis-server nginx-light).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -x .venv/bin/python ]]; then
    echo "No .venv: run 'make setup' first." >&2
    exit 2
fi
exec .venv/bin/python deploy/stack.py run "$@"
