"""Correct Thai marks that a PDF font's ToUnicode map names wrongly, from the glyphs' outlines."""

from __future__ import annotations

import io
import logging
from typing import Any

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from pdfminer.pdftypes import PDFObjRef, resolve1

log = logging.getLogger(__name__)
_ABOVE = {chr(c) for c in (0x0E31, *range(0x0E34, 0x0E38), *range(0x0E47, 0x0E4F))}
_SARA_U, _SARA_UU = "\u0e38", "\u0e39"


def repair_fonts(pdf: Any, page: Any, done: set[int]) -> None:
    """Fix below vowels mapped to tone marks in a page's fonts; done holds font ids seen."""
    resources = resolve1(page.page_obj.resources or {})
    fonts = resolve1(resources.get("Font") or {})
    if not isinstance(fonts, dict):
        return
    for spec in fonts.values():
        objid = spec.objid if isinstance(spec, PDFObjRef) else None
        spec_dict = resolve1(spec)
        if objid is None or not isinstance(spec_dict, dict) or objid in done:
            continue
        done.add(objid)
        try:
            font = pdf.rsrcmgr.get_font(objid, spec_dict)
            _repair(font, spec_dict)
        except Exception:  # noqa: BLE001 - a font we cannot inspect keeps its own mapping
            log.debug("font %s not inspected", objid, exc_info=True)


def _repair(font: Any, spec: dict[str, Any]) -> None:
    umap = getattr(font, "unicode_map", None)
    mapping = getattr(umap, "cid2unichr", None)
    if not isinstance(mapping, dict):
        return
    bounds = _glyph_bounds(spec)
    if not bounds:
        return
    mapped = set(mapping.values())
    for code, text in list(mapping.items()):
        box = bounds.get(code)
        if text in _ABOVE and box is not None and box[1] <= 0:
            # An outline wholly below the baseline is a below vowel, whatever the map says.
            mapping[code] = _SARA_U if _SARA_UU in mapped and _SARA_U not in mapped else _SARA_UU


def _glyph_bounds(spec: dict[str, Any]) -> dict[int, tuple[int, int]]:
    """Return code -> (yMin, yMax) of an embedded TrueType simple font's glyphs."""
    descriptor = resolve1(spec.get("FontDescriptor"))
    if not isinstance(descriptor, dict) or "FontFile2" not in descriptor:
        return {}
    data = resolve1(descriptor["FontFile2"]).get_data()
    tt = TTFont(io.BytesIO(data), lazy=True)
    if "glyf" not in tt or "cmap" not in tt:
        return {}
    glyf = tt["glyf"]
    bounds: dict[int, tuple[int, int]] = {}
    for table in tt["cmap"].tables:
        if (table.platformID, table.platEncID) not in ((1, 0), (3, 0)):
            continue
        for code, name in table.cmap.items():
            glyph = glyf[name]
            if glyph.numberOfContours == 0:
                continue
            if not hasattr(glyph, "yMax"):
                glyph.recalcBounds(glyf)
            bounds[code & 0xFF] = (glyph.yMin, glyph.yMax)
    return bounds
