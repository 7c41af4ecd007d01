"""Places: Finnish map coordinates to WGS 84, and the map link a card shows.

Why (issue 16): Suomi.fi PTV gives a service location's coordinates in ETRS-TM35FIN
(EPSG:3067, metres north and east), while maps on the web and HSDS use WGS 84 degrees.
The inverse transverse Mercator below is the one of the Finnish public-administration
recommendation JHS 154 (Krüger's series on GRS80), accurate to well under a metre in
Finland — far better than a map pin needs, with no projection library to install.
"""
from __future__ import annotations

import math
from urllib.parse import quote

_A = 6378137.0
_F = 1 / 298.257222101  # GRS80
_K0, _LON0, _E0 = 0.9996, math.radians(27.0), 500000.0
_N = _F / (2 - _F)
_A1 = _A / (1 + _N) * (1 + _N ** 2 / 4 + _N ** 4 / 64)
_E = math.sqrt(_F * (2 - _F))
_H = (_N / 2 - 2 / 3 * _N ** 2 + 37 / 96 * _N ** 3 - 1 / 360 * _N ** 4,
      1 / 48 * _N ** 2 + 1 / 15 * _N ** 3 - 437 / 1440 * _N ** 4,
      17 / 480 * _N ** 3 - 37 / 840 * _N ** 4,
      4397 / 161280 * _N ** 4)


def tm35fin_to_wgs84(north: float, east: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees for ETRS-TM35FIN metres (ETRS89 ≈ WGS 84 here)."""
    xi = north / (_A1 * _K0)
    eta = (east - _E0) / (_A1 * _K0)
    xi_p, eta_p = xi, eta
    for i, h in enumerate(_H, start=1):
        xi_p -= h * math.sin(2 * i * xi) * math.cosh(2 * i * eta)
        eta_p -= h * math.cos(2 * i * xi) * math.sinh(2 * i * eta)
    beta = math.asin(math.sin(xi_p) / math.cosh(eta_p))
    lon = _LON0 + math.asin(math.tanh(eta_p) / math.cos(beta))
    q = math.asinh(math.tan(beta))
    q_p = q
    for _ in range(8):  # converges in 3–4 rounds
        q_p = q + _E * math.atanh(_E * math.tanh(q_p))
    return math.degrees(math.atan(math.sinh(q_p))), math.degrees(lon)


#: the map link's default: OpenStreetMap centred on the pin; ``GRAPHMAP_MAP_LINK`` (or
#: the app setting MAP_LINK) may name another with the same {lat}/{lon}/{q} fields, e.g.
#: ``geo:{lat},{lon}`` for a phone's own map app
DEFAULT_MAP_LINK = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
#: for a unit with an address but no coordinates
DEFAULT_MAP_SEARCH = "https://www.openstreetmap.org/search?query={q}"


def map_link(latitude: float | None, longitude: float | None, address: str | None,
             template: str = DEFAULT_MAP_LINK, search: str = DEFAULT_MAP_SEARCH) -> str | None:
    """The URL that shows the place: by coordinates when known, else an address search;
    None when neither is known."""
    if latitude is not None and longitude is not None:
        return template.format(lat=f"{latitude:.6f}".rstrip("0").rstrip("."),
                               lon=f"{longitude:.6f}".rstrip("0").rstrip("."),
                               q=quote(address or ""))
    if address:
        return search.format(q=quote(address), lat="", lon="")
    return None
