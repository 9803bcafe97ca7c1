"""Writes one SVG glyph per op of the table (run from the repo root after adding an op).

python assets/ops/generate_icons.py
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from guiad.core.ops import GROUPS, OPS

# one soft colour per palette group, so the palette reads as groups at a glance
COLOURS = ["#2563eb", "#0d9488", "#7c3aed", "#db2777", "#ca8a04", "#ea580c", "#475569"]

TEMPLATE = """<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <rect x="1" y="1" width="30" height="30" rx="7" fill="{fill}" fill-opacity="0.14" \
stroke="{fill}" stroke-width="1.5"/>
  <text x="16" y="{y}" font-family="DejaVu Sans, sans-serif" font-size="{size}" \
font-weight="600" fill="{fill}" text-anchor="middle">{label}</text>
</svg>
"""


# conventional short forms where the label is too long for 32 px or the math symbol reads better
GLYPHS = {
    "exp": "eˣ",
    "log": "ln",
    "arcsin": "asin",
    "arccos": "acos",
    "arctan": "atan",
    "softplus": "sp₊",
    "log1p": "ln1p",
    "expm1": "eˣ−1",
}


def glyph(name: str, label: str) -> str:
    return GLYPHS.get(name, label if len(label) <= 4 else label[:4])


def main() -> None:
    out = Path(__file__).resolve().parent
    for op in OPS.values():
        fill = COLOURS[GROUPS.index(op.group) % len(COLOURS)]
        label = glyph(op.name, op.label)
        size = {1: 18, 2: 15, 3: 12}.get(len(label), 10)
        svg = TEMPLATE.format(fill=fill, label=escape(label), size=size, y=16 + size * 0.36)
        (out / f"{op.name}.svg").write_text(svg, encoding="utf-8")


if __name__ == "__main__":
    main()
