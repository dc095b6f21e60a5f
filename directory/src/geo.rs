//! Distances and bounding boxes on the map.

use frontdoor_core::ports::GeoPoint;
use serde::{Deserialize, Serialize};

const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in kilometres.
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// A latitude/longitude rectangle: the cheap pre-filter before exact distances.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoBox {
    /// Southern edge.
    pub min_lat: f64,
    /// Northern edge.
    pub max_lat: f64,
    /// Western edge.
    pub min_lon: f64,
    /// Eastern edge.
    pub max_lon: f64,
}

impl GeoBox {
    /// The smallest box holding every point within `radius_km` of `center`.
    pub fn around(center: GeoPoint, radius_km: f64) -> Self {
        let dlat = (radius_km / EARTH_RADIUS_KM).to_degrees();
        let cos = center.lat.to_radians().cos().max(0.01);
        let dlon = (dlat / cos).min(180.0);
        Self {
            min_lat: (center.lat - dlat).max(-90.0),
            max_lat: (center.lat + dlat).min(90.0),
            min_lon: center.lon - dlon,
            max_lon: center.lon + dlon,
        }
    }

    /// True when the point is inside (edges included).
    pub fn contains(&self, p: GeoPoint) -> bool {
        p.lat >= self.min_lat && p.lat <= self.max_lat && p.lon >= self.min_lon && p.lon <= self.max_lon
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toronto_to_ottawa_is_about_350_km() {
        let toronto = GeoPoint {
            lat: 43.6532,
            lon: -79.3832,
        };
        let ottawa = GeoPoint {
            lat: 45.4215,
            lon: -75.6972,
        };
        let d = distance_km(toronto, ottawa);
        assert!((d - 352.0).abs() < 5.0, "{d}");
        assert!(distance_km(toronto, toronto) < 1e-9);
    }

    #[test]
    fn a_box_around_a_point_holds_the_circle() {
        let c = GeoPoint {
            lat: 43.65,
            lon: -79.38,
        };
        let b = GeoBox::around(c, 10.0);
        assert!(b.contains(GeoPoint {
            lat: 43.65 + 0.089,
            lon: -79.38
        }));
        assert!(b.contains(GeoPoint {
            lat: 43.65,
            lon: -79.38 - 0.12
        }));
        assert!(!b.contains(GeoPoint {
            lat: 43.65 + 0.1,
            lon: -79.38
        }));
    }
}
