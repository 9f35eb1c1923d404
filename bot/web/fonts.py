"""Sarabun served by the app itself, so pages read well on machines without a Thai font."""

from __future__ import annotations

from pathlib import Path

import fontpkg
from flask import Blueprint, Response, abort, send_file

bp = Blueprint("fonts", __name__)

WEIGHTS = {"400": 400, "600": 600, "700": 700}  # regular, semibold (headings), bold
ONE_YEAR = 365 * 24 * 3600


def font_file(weight: int) -> Path:
    """Return the Sarabun TTF of a weight from the pip-installed fontpkg-sarabun wheel."""
    return Path(fontpkg.path("Sarabun", weight))


@bp.get("/fonts/sarabun-<weight>.ttf")
def sarabun(weight: str) -> Response:
    """Send one weight of Sarabun, cached for a year (the file never changes)."""
    if weight not in WEIGHTS:
        abort(404)
    response = send_file(font_file(WEIGHTS[weight]), mimetype="font/ttf", max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
