"""Distances between region seats, and how far a base reaches.

Distances are great-circle kilometres between seats (seeds/region_seats.yaml): a first
approximation of travel that ignores roads, rivers and mountains (road travel time is a later
step). Reach is either administrative (a county base its county, a city base its city, a
province base the province) or by distance, with a radius per base level:

* COUNTY 30 km (and bases without a level): about half an hour by road each way, so a trainee
  can attend by the day; a county seat's nearest neighbour is typically some 20 km away, so a
  county base serves its county and the few seats closest to it.
* CITY 60 km: about an hour; 73 of the 90 county seats lie within 60 km of their city's seat,
  so a city base serves its city's core, not its far mountain counties.
* PROVINCE 120 km: about two hours, the distance for residential courses of a few days; the
  seats span some 480 km, so even a province base does not reach the whole province.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)

DISTANCE = "DISTANCE"
ADMINISTRATIVE = "ADMINISTRATIVE"
DEFAULT_RADIUS_KM = {"COUNTY": 30.0, "CITY": 60.0, "PROVINCE": 120.0}


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Reach:
    """How far a base reaches: by ``mode``, and in DISTANCE mode within these radii (km)."""

    mode: str = DISTANCE
    county_km: float = DEFAULT_RADIUS_KM["COUNTY"]
    city_km: float = DEFAULT_RADIUS_KM["CITY"]
    province_km: float = DEFAULT_RADIUS_KM["PROVINCE"]

    def radius(self, level: str | None) -> float:
        """A base without a level (an enterprise, a college…) reaches as a county base does."""
        if level == "PROVINCE":
            return self.province_km
        if level == "CITY":
            return self.city_km
        return self.county_km


DEFAULT_REACH = Reach()
ADMINISTRATIVE_REACH = Reach(ADMINISTRATIVE)
