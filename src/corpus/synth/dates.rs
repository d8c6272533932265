//! Dates and their formats.

#![allow(unused_imports)]
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use super::*;

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Date {
    pub(super) y: i32,
    pub(super) m: u32,
    pub(super) d: u32,
}

#[derive(Clone, Copy)]
pub(super) enum DateFmt {
    Long,
    LongWeekday,
    Abbr,
    Slash,
    SlashFull,
    Iso,
    DayMonth,
    Ordinal,
    OrdinalSuffix,
}

pub(super) const DATE_FMTS: &[DateFmt] = &[
    DateFmt::Long,
    DateFmt::Long,
    DateFmt::Long,
    DateFmt::Long,
    DateFmt::LongWeekday,
    DateFmt::Abbr,
    DateFmt::Slash,
    DateFmt::SlashFull,
    DateFmt::Iso,
    DateFmt::DayMonth,
    DateFmt::Ordinal,
    DateFmt::OrdinalSuffix,
];

pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(super) const MON_ABBR: [&str; 12] = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
];
pub(super) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Date {
    pub(super) fn new(y: i32, m: u32, d: u32) -> Date {
        Date { y, m, d }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub(super) fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub(super) fn from_days(z: i64) -> Date {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            y: y as i32,
            m: m as u32,
            d: d as u32,
        }
    }

    pub(super) fn add(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// 0 = Monday.
    pub(super) fn weekday(self) -> usize {
        (self.days() + 3).rem_euclid(7) as usize
    }

    /// The same day, or the next Monday if it falls on a weekend.
    pub(super) fn weekday_fwd(self) -> Date {
        match self.weekday() {
            5 => self.add(2),
            6 => self.add(1),
            _ => self,
        }
    }

    /// A working day between `lo` and `hi` calendar days later.
    pub(super) fn add_bd(self, r: &mut StdRng, lo: i64, hi: i64) -> Date {
        self.add(r.random_range(lo..=hi)).weekday_fwd()
    }

    pub(super) fn fmt(self, f: DateFmt) -> String {
        let (y, m, d) = (self.y, self.m as usize, self.d);
        let month = MONTHS[m - 1];
        match f {
            DateFmt::Long => format!("{month} {d}, {y}"),
            DateFmt::LongWeekday => format!("{}, {month} {d}, {y}", WEEKDAYS[self.weekday()]),
            DateFmt::Abbr => format!("{} {d}, {y}", MON_ABBR[m - 1]),
            DateFmt::Slash => format!("{m}/{d}/{:02}", y % 100),
            DateFmt::SlashFull => format!("{m:02}/{d:02}/{y}"),
            DateFmt::Iso => format!("{y}-{m:02}-{d:02}"),
            DateFmt::DayMonth => format!("{d} {month} {y}"),
            DateFmt::Ordinal => format!("the {d}{} of {month}, {y}", ordinal(d)),
            DateFmt::OrdinalSuffix => format!("{month} {d}{}, {y}", ordinal(d)),
        }
    }
}

pub(super) fn ordinal(d: u32) -> &'static str {
    match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}
