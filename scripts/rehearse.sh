#!/bin/sh
# The production topology rehearsed on loopback: a 3-master Valkey cluster (or one server
# with REHEARSE_REDIS=single), moto's S3 server, two gunicorn web processes on two ports,
# one clock and two outbox workers. Signed LINE report webhooks alternate between the web
# processes; one web process and one worker are killed with SIGKILL mid-load and started
# again. Prints reports acknowledged and stored, and reminder pushes doubled; exits 1
# unless every report is stored and no push is doubled.
#   REHEARSE_REDIS=cluster|single (default cluster)   REHEARSE_SECONDS=40 (the load)
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
exec "$PY" -m tests.chaos.rehearse "$@"
