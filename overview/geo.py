"""The map of Sweden (and Åbo/Turku in Finland), drawn as SVG on the server.

The outline is Natural Earth's (``data/nordic-outline.json``, see ``data/README.md``). It is
projected here with a Lambert azimuthal equal-area projection centred on Sweden, so the
country keeps its familiar shape and no point needs a tile server or JavaScript.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

OUTLINE = Path(__file__).resolve().parent / "data" / "nordic-outline.json"
CENTRE_LON, CENTRE_LAT = 17.0, 62.0
VIEW_WIDTH = 300.0  # SVG user units; the page scales the drawing
MARGIN = 8.0
# Always in view: Sweden's extent plus Åbo/Turku (22.3° E, 60.45° N).
VIEW_EXTENT = {"west": 10.6, "east": 24.3, "south": 55.2, "north": 69.1}


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude in degrees → unscaled map coordinates (x east, y north)."""
    lam, phi = math.radians(lon - CENTRE_LON), math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    k = math.sqrt(
        2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam))
    )
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, y


@dataclass(frozen=True)
class BaseMap:
    width: float
    height: float
    left: float
    top: float
    scale: float
    sweden: str  # SVG path data
    neighbours: str

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a place goes on the drawing, in SVG user units (y downwards)."""
        x, y = project(lon, lat)
        return (
            round((x - self.left) * self.scale + MARGIN, 1),
            round((self.top - y) * self.scale + MARGIN, 1),
        )


def _extent_points():
    west, east = VIEW_EXTENT["west"], VIEW_EXTENT["east"]
    south, north = VIEW_EXTENT["south"], VIEW_EXTENT["north"]
    for step in range(11):
        lon = west + (east - west) * step / 10
        lat = south + (north - south) * step / 10
        yield from ((lon, south), (lon, north), (west, lat), (east, lat))


@lru_cache(maxsize=1)
def base_map() -> BaseMap:
    """The projected outline, computed once per process."""
    outline = json.loads(OUTLINE.read_text(encoding="utf-8"))
    corners = [project(lon, lat) for lon, lat in _extent_points()]
    left = min(x for x, _y in corners)
    right = max(x for x, _y in corners)
    top = max(y for _x, y in corners)
    bottom = min(y for _x, y in corners)
    scale = (VIEW_WIDTH - 2 * MARGIN) / (right - left)
    height = (top - bottom) * scale + 2 * MARGIN
    provisional = BaseMap(VIEW_WIDTH, height, left, top, scale, "", "")

    def path(rings) -> str:
        parts = []
        for ring in rings:
            points = [provisional.point(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
        return "".join(parts)

    countries = outline["countries"]
    return BaseMap(
        width=VIEW_WIDTH,
        height=height,
        left=left,
        top=top,
        scale=scale,
        sweden=path(countries["SE"]),
        neighbours=path(
            ring for code, rings in countries.items() if code != "SE" for ring in rings
        ),
    )
