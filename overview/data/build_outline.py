"""Build ``nordic-outline.json`` from Natural Earth's country outlines (run once, by hand).

The source is the npm package world-atlas (Natural Earth 1:50m admin-0 countries as
TopoJSON, public domain). Fetch it with npm's ordinary client and point this script at it:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python overview/data/build_outline.py package/countries-50m.json

It decodes the TopoJSON arcs, keeps Sweden and its neighbours inside the map's frame,
simplifies every ring (Douglas–Peucker) and writes longitude/latitude rings rounded to
three decimals. The portal projects them in Python when it draws the map (overview/geo.py).
"""

import json
import math
import sys
from pathlib import Path

# ISO 3166 numeric codes in world-atlas → the codes the portal uses.
COUNTRIES = {"752": "SE", "246": "FI", "578": "NO", "208": "DK", "233": "EE"}
# The frame: Sweden, Åland and Åbo/Turku with some sea around them.
FRAME = {"west": 4.0, "east": 31.5, "south": 54.3, "north": 71.3}
TOLERANCE = 0.03  # degrees; keeps the file small and the coastline recognisable
MIN_RING_POINTS = 4


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    translate_x, translate_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def _distance(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    if (x1, y1) == (x2, y2):
        return math.hypot(x - x1, y - y1)
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.hypot(x2 - x1, y2 - y1)


def simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker, iterative (long coastlines would overflow the recursion)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, farthest = None, tolerance
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > farthest:
                index, farthest = i, distance
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def in_frame(points) -> bool:
    return any(
        FRAME["west"] <= x <= FRAME["east"] and FRAME["south"] <= y <= FRAME["north"]
        for x, y in points
    )


def build(source: Path) -> dict:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(geometry.get("id")))
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            outer = ring(arcs, polygon[0])  # islands and coast; lakes (holes) are left out
            if not in_frame(outer):
                continue
            simple = simplify(outer, TOLERANCE)
            if len(simple) >= MIN_RING_POINTS:
                rings.append([[round(x, 3), round(y, 3)] for x, y in simple])
        countries[code] = rings
    return {
        "source": "Natural Earth 1:50m admin-0 countries, via the npm package world-atlas 2.0.2",
        "licence": "Natural Earth: public domain. world-atlas packaging: ISC licence.",
        "frame": FRAME,
        "tolerance_degrees": TOLERANCE,
        "countries": countries,
    }


if __name__ == "__main__":
    data = build(Path(sys.argv[1]))
    target = Path(__file__).with_name("nordic-outline.json")
    target.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{target}: {target.stat().st_size} bytes")  # noqa: T201
