// Great-circle distance between two seats, as the API computes it (domain/coverage/geo.py):
// only to label a list the API has already ordered by distance.

const EARTH_RADIUS_KM = 6371.0088;
const rad = (degrees) => (degrees * Math.PI) / 180;

/** Kilometres between two regions with latitude/longitude; null when either lacks them. */
export function distance(a, b) {
  if (!a || !b || a.latitude == null || b.latitude == null) return null;
  const dlat = rad(b.latitude - a.latitude);
  const dlon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dlat / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dlon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
