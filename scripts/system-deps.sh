#!/bin/sh
# Install the Debian packages the bot and its tests use, only when missing.
# PDF reports: Pango/HarfBuzz (WeasyPrint shapes Thai text with them).
# Tests: pdftotext/pdftoppm to read rendered reports, chromium to drive the web pages.
set -e
missing=""
has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
has_lib libpango-1.0.so.0 || missing="$missing libpango-1.0-0"
has_lib libpangoft2-1.0.so.0 || missing="$missing libpangoft2-1.0-0"
has_lib libharfbuzz-subset.so.0 || missing="$missing libharfbuzz-subset0"
has_lib libfontconfig.so.1 || missing="$missing libfontconfig1"
has_lib libthai.so.0 || missing="$missing libthai0"
if [ "${1:-}" = "bench" ]; then
  command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
fi
if [ "${1:-}" = "test" ]; then
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fi
[ -z "$missing" ] && exit 0
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "system-deps: please install:$missing" >&2; exit 1; fi
fi
echo "system-deps: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
