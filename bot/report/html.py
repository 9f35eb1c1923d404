"""The HTML the PDFs are laid out from: Jinja templates, Thai-safe escaping, the Sarabun faces."""

from __future__ import annotations

import base64
import re
from functools import cache

import fontpkg
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

FONT_FAMILY = "Sarabun"
_SARA_AM = re.compile("([\u0e48-\u0e4b]?)\u0e33")


def thai_text(text: object) -> Markup:
    """Escape text for HTML, with SARA AM written out as NIKHAHIT + SARA AA.

    HarfBuzz splits SARA AM into those two glyphs anyway (NIKHAHIT before a tone mark), and
    WeasyPrint's per-glyph text map then loses the NIKHAHIT, so copied text reads "ดาเนิน".
    Splitting it first draws the same glyphs and copies as "ดําเนิน" (NFKC-equal to "ดำเนิน").
    """
    return escape(_SARA_AM.sub("\u0e4d\\1\u0e32", str(text)))


def css_string(text: str) -> str:
    """Quote text as a CSS string (for page-margin content)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


@cache
def font_faces() -> str:
    """Return the @font-face rules of Sarabun regular and bold, loaded by file:// URL."""
    faces = []
    for weight in (400, 700):
        url = fontpkg.path(FONT_FAMILY, weight).as_uri()
        faces.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'src: url("{url}") format("truetype"); }}'
        )
    return "\n".join(faces)


@cache
def environment(package: str) -> Environment:
    """Return the Jinja environment of a package's ``templates`` folder (autoescaped)."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["th"] = thai_text
    env.filters["css_string"] = css_string
    env.filters["b64"] = lambda data: base64.b64encode(data).decode()
    env.globals["font_faces"] = font_faces
    env.globals["FONT_FAMILY"] = FONT_FAMILY
    return env
