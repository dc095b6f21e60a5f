//! Opening hours: weekly intervals read from HSDS schedules, "open now" in Ontario local time,
//! and the short text a navigator reads out ("Mon–Fri 9am–5pm; Sat 10am–1pm").
//!
//! Times in HSDS schedules are local wall-clock times. Ontario's local time is computed with the
//! Canadian daylight-saving rule in force since 2007 (second Sunday of March to the first Sunday
//! of November, 02:00 local), UTC−5 / UTC−4, as for America/Toronto. The few north-western
//! communities on Central time (Kenora, Dryden) are not modelled.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Utc, Weekday};
use frontdoor_core::types::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// Minutes in a day; a closing time of 1440 means "until midnight".
pub const DAY_MINUTES: u16 = 1440;

/// One opening on one weekday. `closes <= opens` means the opening runs past midnight into the
/// next day; `opens == closes` means the whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OpeningInterval {
    /// Day of the week, 0 = Monday ... 6 = Sunday.
    pub day: u8,
    /// Minutes after local midnight.
    pub opens: u16,
    /// Minutes after local midnight (1440 = midnight at the end of the day).
    pub closes: u16,
}

/// A service's regular weekly hours. Empty means "not known", not "closed".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHours {
    /// The openings, sorted by day then time, without duplicates.
    pub intervals: Vec<OpeningInterval>,
}

impl WeeklyHours {
    /// Builds hours from intervals in any order (duplicates dropped).
    pub fn new(mut intervals: Vec<OpeningInterval>) -> Self {
        intervals.sort();
        intervals.dedup();
        Self { intervals }
    }

    /// True when no hours are known.
    pub fn is_unknown(&self) -> bool {
        self.intervals.is_empty()
    }

    /// Open at a local weekday (0 = Monday) and minute of the day.
    pub fn is_open_local(&self, day: u8, minute: u16) -> bool {
        let yesterday = (day + 6) % 7;
        self.intervals.iter().any(|iv| {
            let whole_day = iv.opens == iv.closes;
            let overnight = iv.closes < iv.opens;
            if iv.day == day {
                whole_day || (minute >= iv.opens && (overnight || minute < iv.closes))
            } else {
                iv.day == yesterday && overnight && minute < iv.closes
            }
        })
    }

    /// Open at `at` in Ontario, or `None` when the hours are not known.
    pub fn is_open_at(&self, at: Timestamp) -> Option<bool> {
        if self.is_unknown() {
            return None;
        }
        let local = ontario_local_time(at.to_datetime());
        let day = local.weekday().num_days_from_monday() as u8;
        let minute = (local.hour() * 60 + local.minute()) as u16;
        Some(self.is_open_local(day, minute))
    }

    /// True when the service is open every minute of the week.
    pub fn is_always_open(&self) -> bool {
        (0..7).all(|day| self.day_ranges(day) == [(0, DAY_MINUTES)])
    }

    /// The hours as a navigator reads them out, or `None` when unknown.
    pub fn describe(&self) -> Option<String> {
        if self.is_unknown() {
            return None;
        }
        if self.is_always_open() {
            return Some("Open 24 hours, 7 days a week".to_owned());
        }
        let per_day: Vec<Vec<(u16, u16)>> = (0..7).map(|d| self.day_ranges(d)).collect();
        // Days with the same hours are read together, in order of their first day.
        let mut parts = Vec::new();
        let mut done = [false; 7];
        for day in 0..7 {
            if done[day] || per_day[day].is_empty() {
                continue;
            }
            let same: Vec<usize> = (day..7).filter(|&d| per_day[d] == per_day[day]).collect();
            same.iter().for_each(|&d| done[d] = true);
            let times: Vec<String> = per_day[day].iter().map(|&(o, c)| describe_range(o, c)).collect();
            parts.push(format!("{} {}", describe_days(&same), times.join(", ")));
        }
        Some(parts.join("; "))
    }

    /// The (opens, closes) ranges that start on `day`, closes possibly past 1440 for overnight.
    fn day_ranges(&self, day: u8) -> Vec<(u16, u16)> {
        let mut ranges: Vec<(u16, u16)> = self
            .intervals
            .iter()
            .filter(|iv| iv.day == day)
            .map(|iv| {
                if iv.opens == iv.closes {
                    (0, DAY_MINUTES)
                } else if iv.closes < iv.opens {
                    (iv.opens, iv.closes + DAY_MINUTES)
                } else {
                    (iv.opens, iv.closes)
                }
            })
            .collect();
        ranges.sort();
        // Merge touching or overlapping ranges (e.g. two schedules 9-12 and 12-17).
        let mut merged: Vec<(u16, u16)> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
                _ => merged.push(r),
            }
        }
        merged
    }
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// "Mon–Fri", "Tue, Thu", "Mon–Wed, Sat": runs of three or more days become ranges.
fn describe_days(days: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}–{}", DAY_NAMES[days[i]], DAY_NAMES[days[j]]));
        } else {
            parts.extend(days[i..=j].iter().map(|&d| DAY_NAMES[d].to_owned()));
        }
        i = j + 1;
    }
    parts.join(", ")
}

fn describe_range(opens: u16, closes: u16) -> String {
    if opens == 0 && closes == DAY_MINUTES {
        return "24 hours".to_owned();
    }
    format!("{}–{}", describe_minute(opens), describe_minute(closes % DAY_MINUTES))
}

/// `9am`, `8:30am`, `12pm` (noon), `12am` (midnight).
fn describe_minute(minute: u16) -> String {
    let (h, m) = (minute / 60, minute % 60);
    let (h12, suffix) = match h {
        0 => (12, "am"),
        1..=11 => (h, "am"),
        12 => (12, "pm"),
        _ => (h - 12, "pm"),
    };
    let mut s = String::new();
    let _ = if m == 0 {
        write!(s, "{h12}{suffix}")
    } else {
        write!(s, "{h12}:{m:02}{suffix}")
    };
    s
}

/// A clock time read from a schedule, and whether it said am/pm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockTime {
    /// Minutes after midnight (0..=1440).
    pub minute: u16,
    /// True when the text said `am`/`pm` (or used 24-hour form past 12), so no guess was made.
    pub explicit: bool,
}

/// Reads the clock times exports write: `09:00`, `17:00:00`, `9:00am`, `9am`, `7:30 am `,
/// `9:00a`, `830am`, `9:0am`, `12:00pm` (noon), `23:59` (read as midnight).
pub fn parse_clock(raw: &str) -> Option<ClockTime> {
    let lower = raw.trim().to_ascii_lowercase();
    // Words after the time ("12:00pm (dispensing)", "5:00pm Mon") are comments.
    let head = lower.split('(').next().unwrap_or_default().trim();
    let digits_end = head
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(head.len());
    let (clock, rest) = head.split_at(digits_end);
    if clock.is_empty() {
        return None;
    }
    let mut words = rest.split_whitespace();
    let word: String = words.next().unwrap_or_default().chars().filter(|c| *c != '.').collect();
    let meridiem = match word.as_str() {
        "" => None,
        "am" | "a" => Some(false),
        "pm" | "p" => Some(true),
        // "8:00m" appears in real exports: a typo for am or pm, so guess like a bare time.
        "m" => None,
        _ if clock.contains(':') && rest.starts_with(char::is_whitespace) => None,
        _ => return None,
    };
    let mut fields = clock.split(':');
    let (hour, min): (u16, u16) = match (fields.next(), fields.next(), fields.next(), fields.next()) {
        (Some(h), None, None, None) if h.len() >= 3 && h.len() <= 4 => {
            let (h, m) = h.split_at(h.len() - 2);
            (h.parse().ok()?, m.parse().ok()?)
        }
        (Some(h), None, None, None) => (h.parse().ok()?, 0),
        (Some(h), Some(m), secs, None) => {
            if let Some(secs) = secs {
                secs.parse::<u16>().ok().filter(|s| *s < 60)?;
            }
            (h.parse().ok()?, if m.is_empty() { 0 } else { m.parse().ok()? })
        }
        _ => return None,
    };
    if min >= 60 {
        return None;
    }
    let hour = match meridiem {
        Some(pm) => {
            if hour == 0 || hour > 12 {
                return None;
            }
            (hour % 12) + if pm { 12 } else { 0 }
        }
        None if hour > 24 => return None,
        None => hour,
    };
    let mut minute = hour * 60 + min;
    if minute > DAY_MINUTES {
        return None;
    }
    if minute == DAY_MINUTES - 1 {
        minute = DAY_MINUTES; // 23:59 is how "until midnight" is written.
    }
    Some(ClockTime {
        minute,
        explicit: meridiem.is_some() || hour > 12 || hour == 0,
    })
}

/// Turns an opening and closing time into minutes, guessing pm for a bare closing time that
/// would otherwise come before the opening ("8:00"–"5:00" is 8am–5pm).
pub fn opening_minutes(opens: ClockTime, closes: ClockTime) -> (u16, u16) {
    let mut close = closes.minute;
    if !closes.explicit && close <= opens.minute && close < 720 && close + 720 > opens.minute {
        close += 720;
    }
    (opens.minute, close)
}

/// Reads a weekday as HSDS writes it: `Monday`, `mon`, `MO`, `lundi`, or 1-7 (1 = Monday).
pub fn parse_weekday(raw: &str) -> Option<u8> {
    let key = crate::text::fold(raw);
    let day = match key.as_str() {
        "1" | "mo" | "mon" | "monday" | "lundi" | "lun" => 0,
        "2" | "tu" | "tue" | "tues" | "tuesday" | "mardi" | "mar" => 1,
        "3" | "we" | "wed" | "wednesday" | "mercredi" | "mer" => 2,
        "4" | "th" | "thu" | "thur" | "thurs" | "thursday" | "jeudi" | "jeu" => 3,
        "5" | "fr" | "fri" | "friday" | "vendredi" | "ven" => 4,
        "6" | "sa" | "sat" | "saturday" | "samedi" | "sam" => 5,
        "7" | "0" | "su" | "sun" | "sunday" | "dimanche" | "dim" => 6,
        _ => return None,
    };
    Some(day)
}

/// Ontario (America/Toronto) local wall-clock time for a UTC instant.
pub fn ontario_local_time(utc: DateTime<Utc>) -> NaiveDateTime {
    let naive = utc.naive_utc();
    let year = naive.year();
    // DST starts at 02:00 EST (07:00 UTC) and ends at 02:00 EDT (06:00 UTC).
    let start = nth_sunday(year, 3, 2).and_hms_opt(7, 0, 0).unwrap_or_default();
    let end = nth_sunday(year, 11, 1).and_hms_opt(6, 0, 0).unwrap_or_default();
    let offset_hours = if naive >= start && naive < end { -4 } else { -5 };
    naive + Duration::hours(offset_hours)
}

/// The `n`th Sunday of a month.
fn nth_sunday(year: i32, month: u32, n: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let to_sunday = (7 - first.weekday().num_days_from_sunday()) % 7;
    first + Duration::days(i64::from(to_sunday + 7 * (n - 1)))
}

/// The weekday index (0 = Monday) of a chrono weekday.
pub fn weekday_index(day: Weekday) -> u8 {
    day.num_days_from_monday() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rfc3339: &str) -> Timestamp {
        Timestamp(DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis())
    }

    fn iv(day: u8, opens: u16, closes: u16) -> OpeningInterval {
        OpeningInterval { day, opens, closes }
    }

    #[test]
    fn clock_times_in_the_shapes_exports_write() {
        let cases = [
            ("09:00", 540),
            ("17:00:00", 1020),
            ("9:00am", 540),
            ("9am", 540),
            ("7:30 am ", 450),
            ("9:00a", 540),
            ("830am", 510),
            ("9:0am", 540),
            ("12:00pm", 720),
            ("12:00am", 0),
            ("5:00pm", 1020),
            ("23:59", 1440),
            ("8:00m", 480),
            ("12:00pm (dispensing)", 720),
            ("5:00pm Mon", 1020),
            ("9:00 a.m.", 540),
        ];
        for (raw, minute) in cases {
            assert_eq!(parse_clock(raw).map(|c| c.minute), Some(minute), "{raw:?}");
        }
        for bad in ["", "noon-ish", "25:00", "9:75", "13pm", "6:300pm", "5:00pmish"] {
            assert_eq!(parse_clock(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_bare_closing_time_before_the_opening_is_read_as_pm() {
        let (o, c) = opening_minutes(parse_clock("8:00").unwrap(), parse_clock("5:00").unwrap());
        assert_eq!((o, c), (480, 1020));
        let (o, c) = opening_minutes(parse_clock("20:00").unwrap(), parse_clock("02:00").unwrap());
        assert_eq!((o, c), (1200, 120), "24-hour times are not guessed: overnight");
    }

    #[test]
    fn toronto_local_time_follows_daylight_saving() {
        // Winter: UTC-5.
        assert_eq!(ontario_local_time(at("2025-01-15T14:00:00Z").to_datetime()).hour(), 9);
        // Summer: UTC-4.
        assert_eq!(ontario_local_time(at("2025-07-15T14:00:00Z").to_datetime()).hour(), 10);
        // 2025 DST starts 9 March 07:00 UTC, ends 2 November 06:00 UTC.
        assert_eq!(ontario_local_time(at("2025-03-09T06:59:00Z").to_datetime()).hour(), 1);
        assert_eq!(ontario_local_time(at("2025-03-09T07:00:00Z").to_datetime()).hour(), 3);
        assert_eq!(ontario_local_time(at("2025-11-02T05:59:00Z").to_datetime()).hour(), 1);
        assert_eq!(ontario_local_time(at("2025-11-02T06:00:00Z").to_datetime()).hour(), 1);
    }

    #[test]
    fn open_now_on_fixed_times() {
        // Mon-Fri 9-17, Sat 10-13.
        let mut ivs: Vec<_> = (0..5).map(|d| iv(d, 540, 1020)).collect();
        ivs.push(iv(5, 600, 780));
        let hours = WeeklyHours::new(ivs);
        // Wednesday 15 January 2025, 10:00 EST = 15:00 UTC.
        assert_eq!(hours.is_open_at(at("2025-01-15T15:00:00Z")), Some(true));
        // Same day 17:00 local: closed (closing minute is exclusive).
        assert_eq!(hours.is_open_at(at("2025-01-15T22:00:00Z")), Some(false));
        // Saturday 18 January 12:59 local open, Sunday closed.
        assert_eq!(hours.is_open_at(at("2025-01-18T17:59:00Z")), Some(true));
        assert_eq!(hours.is_open_at(at("2025-01-19T15:00:00Z")), Some(false));
        // Summer: Wednesday 16 July 2025 08:30 local = 12:30 UTC, not yet open.
        assert_eq!(hours.is_open_at(at("2025-07-16T12:30:00Z")), Some(false));
        assert_eq!(hours.is_open_at(at("2025-07-16T13:00:00Z")), Some(true));
        assert_eq!(WeeklyHours::default().is_open_at(at("2025-07-16T13:00:00Z")), None);
    }

    #[test]
    fn overnight_and_24_7_hours() {
        // Friday 20:00 to Saturday 02:00.
        let hours = WeeklyHours::new(vec![iv(4, 1200, 120)]);
        assert!(hours.is_open_local(4, 1300));
        assert!(hours.is_open_local(5, 60));
        assert!(!hours.is_open_local(5, 130));
        assert!(!hours.is_open_local(4, 1000));
        let always = WeeklyHours::new((0..7).map(|d| iv(d, 0, 1440)).collect());
        assert!(always.is_always_open());
        assert_eq!(always.describe().unwrap(), "Open 24 hours, 7 days a week");
    }

    #[test]
    fn hours_read_out_grouped_by_day() {
        let mut ivs: Vec<_> = (0..5).map(|d| iv(d, 540, 1020)).collect();
        ivs.push(iv(5, 600, 780));
        assert_eq!(
            WeeklyHours::new(ivs).describe().unwrap(),
            "Mon–Fri 9am–5pm; Sat 10am–1pm"
        );
        let split = WeeklyHours::new(vec![iv(1, 510, 720), iv(1, 780, 990), iv(3, 510, 720), iv(3, 780, 990)]);
        assert_eq!(split.describe().unwrap(), "Tue, Thu 8:30am–12pm, 1pm–4:30pm");
        let two = WeeklyHours::new(vec![iv(5, 600, 780), iv(6, 600, 780)]);
        assert_eq!(two.describe().unwrap(), "Sat, Sun 10am–1pm");
        let mixed = WeeklyHours::new(vec![
            iv(0, 540, 1020),
            iv(1, 540, 1020),
            iv(2, 540, 1020),
            iv(4, 540, 1020),
            iv(3, 600, 720),
        ]);
        assert_eq!(mixed.describe().unwrap(), "Mon–Wed, Fri 9am–5pm; Thu 10am–12pm");
    }

    #[test]
    fn weekdays_in_words_codes_and_numbers() {
        assert_eq!(parse_weekday("Monday"), Some(0));
        assert_eq!(parse_weekday("SU"), Some(6));
        assert_eq!(parse_weekday("3"), Some(2));
        assert_eq!(parse_weekday("jeudi"), Some(3));
        assert_eq!(parse_weekday("someday"), None);
    }
}
