"""The plots' SVG: Qt's SVG 1.1 generator (ui/images.write_svg), so the clipping survives,
with the curves' transforms baked in.

pyqtgraph 0.14's SVGExporter is not used: it fails on the close-path command ``Z`` that
Qt 6 writes for rectangles (pyqtgraph issue #3495), and with that worked around its output
still misplaced the curves here. Qt's generator in SVG 1.1 mode keeps clip paths (SVG Tiny
1.2, the default, drops them and the curves spill out of their plots); its resolution must
match the screen's, or pyqtgraph's cached axis pictures are replayed at the wrong scale.

Qt draws each curve inside ``<g transform="matrix(…)">`` in data coordinates and keeps
line widths right with ``vector-effect="non-scaling-stroke"``, which browsers honour but
simpler renderers (cairosvg, librsvg's older versions, ImageMagick) do not: lines become
bars thousands of pixels wide. So the transform is baked into the coordinates of every
group that holds only lines and paths, which reads the same everywhere.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import numpy as np

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
_MATRIX = re.compile(r"matrix\(([^)]*)\)")
_SHAPES = {f"{{{SVG}}}path", f"{{{SVG}}}polyline", f"{{{SVG}}}polygon"}


def bake_transforms(svg: bytes) -> bytes:
    """Apply each line-only group's ``matrix(…)`` to its coordinates and drop the transform."""
    tree = ET.parse(io.BytesIO(svg))
    for group in tree.iter(f"{{{SVG}}}g"):
        match = _MATRIX.fullmatch(group.get("transform", "").strip())
        children = list(group)
        if match is None or not children or any(c.tag not in _SHAPES for c in children):
            continue
        a, b, c, d, e, f = (float(v) for v in match.group(1).split(","))
        matrix = np.array([[a, c, e], [b, d, f]])
        for child in children:
            if child.tag == f"{{{SVG}}}path":
                child.set("d", _map_path(child.get("d", ""), matrix))
            else:
                child.set("points", _map_points(child.get("points", ""), matrix))
        del group.attrib["transform"]
    out = io.BytesIO()
    tree.write(out, encoding="UTF-8", xml_declaration=True)
    return out.getvalue()


def _map_xy(pairs: list[str], matrix: np.ndarray) -> list[str]:
    xy = np.array([[float(v) for v in p.split(",")] for p in pairs]).reshape(-1, 2)
    mapped = xy @ matrix[:, :2].T + matrix[:, 2]
    return [f"{x:.6g},{y:.6g}" for x, y in mapped]


def _map_points(points: str, matrix: np.ndarray) -> str:
    pairs = points.split()
    return " ".join(_map_xy(pairs, matrix)) if pairs else points


def _map_path(d: str, matrix: np.ndarray) -> str:
    """Map Qt's absolute path data ("M x,y L x,y C x,y x,y x,y Z") through ``matrix``."""
    tokens = d.split()
    commands = [t[0] if t[0].isalpha() else "" for t in tokens]
    pairs = [t[1:] if t[0].isalpha() else t for t in tokens]
    coordinates = [i for i, p in enumerate(pairs) if p]
    mapped = _map_xy([pairs[i] for i in coordinates], matrix) if coordinates else []
    for i, text in zip(coordinates, mapped, strict=True):
        pairs[i] = text
    return " ".join(c + p for c, p in zip(commands, pairs, strict=True))
