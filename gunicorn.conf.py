"""Gunicorn settings for the web process.

Run as ``gunicorn --config gunicorn.conf.py 'bot.app.wsgi:create_app()'``: the app factory
builds the runtime in each worker after the fork.

Every setting can be overridden by GUNICORN_CMD_ARGS; PORT comes from the platform.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
# LINE wants an answer within seconds; a step that hangs is killed long before LINE gives up.
timeout = 30
# On deploys and restarts, requests in flight finish (a webhook step commits or not at all).
graceful_timeout = 25
keepalive = 5
# Behind a load balancer or reverse proxy: trust its X-Forwarded-* headers for https links.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Workers are forked before the app makes connections (nothing connects at import)...
preload_app = False
# ...but with the bot's code already imported here, in the master, before it binds the
# port. Importing takes seconds of CPU (more on a busy host); done in each worker after
# the fork, it made every start and crash restart a window in which the bound port took
# LINE's webhooks and held them unanswered past LINE's timeout. Now a worker forks with
# the code loaded and only builds the app (create_app connects; importing connects nothing).
import bot.app.wsgi  # noqa: E402, F401

if os.environ.get("S3_BUCKET"):
    import boto3  # the file store imports it lazily: local runs do without

    # A throwaway client loads botocore's S3 model into the default session, which each
    # worker's client then reuses (explicit keys: no credential lookup; no connection).
    boto3.client(
        "s3",
        region_name=os.environ.get("S3_REGION") or "us-east-1",
        aws_access_key_id="preload",
        aws_secret_access_key="preload",
    )
