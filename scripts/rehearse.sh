#!/bin/sh
# The production topology rehearsed on loopback: a 3-master Valkey cluster (or one server
# with REHEARSE_REDIS=single), moto's S3 server, two gunicorn web processes on two ports,
# one clock and two outbox workers. Signed LINE report webhooks alternate between the web
# processes; one web process and one worker are killed with SIGKILL mid-load and started
# again. Prints reports acknowledged and stored, and reminder pushes doubled; exits 1
# unless every report is stored and no push is doubled. Prints the webhooks' answer time
# (p50/p95/max, in and out of the kill window, with the offered rate and each phase's
# share in the web process) and the load average of the host during the load.
#   REHEARSE_REDIS=cluster|single (default cluster)   REHEARSE_SECONDS=40 (the load)
#   REHEARSE_USERS=12 (people reporting at once, each waiting for its answers)
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
exec "$PY" -m tests.chaos.rehearse "$@"
