# The bot's image: web (gunicorn), clock and worker all run from it, as the Procfile says.
# Slim Debian with the libraries WeasyPrint needs to shape Thai (Pango, HarfBuzz, libthai)
# and Thai fonts inside; runs as a user without privileges.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_ENV=production \
    BOT_DATA_DIR=/data \
    PORT=8000

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 libthai0 \
      fonts-thai-tlwg fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY bot ./bot
COPY scheduler ./scheduler
COPY gunicorn.conf.py Procfile ./

RUN useradd --system --uid 10001 --home-dir /app ita \
 && mkdir -p /data && chown ita /data
USER ita

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/readyz', timeout=4)"

# web by default; the clock and the worker override the command (see compose.yaml).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "bot.app.wsgi:create_app()"]
