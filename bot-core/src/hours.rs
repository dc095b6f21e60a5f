//! Local time in Ontario and the navigators' hours. Eastern Time is UTC-5, and UTC-4 from the
//! second Sunday of March, 02:00 local, to the first Sunday of November, 02:00 local (the rule
//! Ontario has followed since 2007). Written out here so the core needs no time-zone database.

use crate::types::Timestamp;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

fn nth_sunday(year: i32, month: u32, n: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let offset = (7 - first.weekday().num_days_from_sunday()) % 7;
    first + Duration::days(i64::from(offset + 7 * (n - 1)))
}

/// Ontario local time (America/Toronto) for an instant.
pub fn toronto_local(at: Timestamp) -> NaiveDateTime {
    let utc: DateTime<Utc> = at.to_datetime();
    let year = utc.year();
    // DST starts 07:00 UTC on the second Sunday of March and ends 06:00 UTC on the first Sunday of November.
    let start = Utc.from_utc_datetime(&nth_sunday(year, 3, 2).and_hms_opt(7, 0, 0).unwrap_or_default());
    let end = Utc.from_utc_datetime(&nth_sunday(year, 11, 1).and_hms_opt(6, 0, 0).unwrap_or_default());
    let offset = if utc >= start && utc < end { -4 } else { -5 };
    (utc + Duration::hours(offset)).naive_utc()
}

/// One weekly opening of the navigators' desk, in Ontario local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    /// Days, e.g. `["mon", "tue", "wed", "thu", "fri"]`.
    pub days: Vec<String>,
    /// Opening time, `HH:MM`.
    pub opens: String,
    /// Closing time, `HH:MM`.
    pub closes: String,
}

/// When human navigators answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NavigatorHours {
    /// Navigators answer at any hour (211's phone line is 24/7 in Ontario).
    #[serde(default)]
    pub always: bool,
    /// Weekly openings.
    #[serde(default)]
    pub weekly: Vec<Opening>,
    /// Closed days, `YYYY-MM-DD`.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

fn weekday(day: &str) -> Option<Weekday> {
    day.trim().to_ascii_lowercase().get(..3)?.parse().ok()
}

fn time(hhmm: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(hhmm.trim(), "%H:%M").ok()
}

impl NavigatorHours {
    /// True when a navigator is available at `at`.
    pub fn is_open(&self, at: Timestamp) -> bool {
        if self.always {
            return true;
        }
        let local = toronto_local(at);
        if self.holidays.contains(&local.date()) {
            return false;
        }
        self.weekly.iter().any(|o| {
            o.days.iter().filter_map(|d| weekday(d)).any(|d| d == local.weekday())
                && matches!((time(&o.opens), time(&o.closes)), (Some(a), Some(b)) if local.time() >= a && local.time() < b)
        })
    }

    /// Checks the settings (days and times parse).
    pub fn validate(&self) -> Result<(), String> {
        for o in &self.weekly {
            if o.days.iter().any(|d| weekday(d).is_none()) {
                return Err(format!("navigator hours: unknown day in {:?}", o.days));
            }
            if time(&o.opens).is_none() || time(&o.closes).is_none() {
                return Err(format!(
                    "navigator hours: times must be HH:MM, got {} - {}",
                    o.opens, o.closes
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(rfc3339: &str) -> Timestamp {
        Timestamp(DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis())
    }

    #[test]
    fn toronto_time_follows_daylight_saving() {
        assert_eq!(
            toronto_local(ts("2026-01-15T17:00:00Z")).to_string(),
            "2026-01-15 12:00:00"
        );
        assert_eq!(
            toronto_local(ts("2026-07-15T17:00:00Z")).to_string(),
            "2026-07-15 13:00:00"
        );
        // 2026: DST from 8 March 07:00 UTC to 1 November 06:00 UTC.
        assert_eq!(
            toronto_local(ts("2026-03-08T06:59:00Z")).to_string(),
            "2026-03-08 01:59:00"
        );
        assert_eq!(
            toronto_local(ts("2026-03-08T07:00:00Z")).to_string(),
            "2026-03-08 03:00:00"
        );
        assert_eq!(
            toronto_local(ts("2026-11-01T05:59:00Z")).to_string(),
            "2026-11-01 01:59:00"
        );
        assert_eq!(
            toronto_local(ts("2026-11-01T06:00:00Z")).to_string(),
            "2026-11-01 01:00:00"
        );
    }

    #[test]
    fn navigator_hours_respect_days_times_and_holidays() {
        let hours = NavigatorHours {
            always: false,
            weekly: vec![Opening {
                days: vec!["mon".into(), "tue".into()],
                opens: "09:00".into(),
                closes: "17:00".into(),
            }],
            holidays: vec![NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()],
        };
        assert!(hours.is_open(ts("2026-11-23T14:00:00Z")), "Monday 09:00 local");
        assert!(!hours.is_open(ts("2026-11-23T13:59:00Z")), "Monday 08:59 local");
        assert!(
            !hours.is_open(ts("2026-11-23T22:00:00Z")),
            "Monday 17:00 local is closed"
        );
        assert!(!hours.is_open(ts("2026-11-24T15:00:00Z")), "holiday");
        assert!(!hours.is_open(ts("2026-11-25T15:00:00Z")), "Wednesday");
        assert!(NavigatorHours { always: true, ..hours }.is_open(ts("2026-11-25T03:00:00Z")));
    }
}
