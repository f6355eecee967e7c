//! Review dates: the [`Day`] editors write them in, the [`Period`] of a
//! sheet's `review_every`, the build's "today" ([`today`]), and what a
//! reader is shown of a figure's review ([`ReviewView`]).
//!
//! "Today" comes from `--today`, else `SOURCE_DATE_EPOCH`, else the system
//! clock. It decides only which items are past their review date: the
//! stale list and the "last checked" line under an overdue figure. Two
//! builds of the same files on the same "today" are byte-identical.

use super::dates::{PartialDate, Precision};
use serde::de::{self, Deserializer, Visitor};
use serde::Serialize;
use std::fmt;

/// A calendar day, `YYYY-MM-DD`: review dates and `checked:` dates are
/// always whole days, so "past its review date" has one meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(jiff::civil::Date);

impl Day {
    pub fn parse(input: &str) -> Result<Day, String> {
        let date = PartialDate::parse(input).map_err(|_| not_a_day(input))?;
        if date.precision != Precision::Day || date.approximate || date.uncertain {
            return Err(not_a_day(input));
        }
        jiff::civil::Date::new(date.year, date.month as i8, date.day as i8)
            .map(Day)
            .map_err(|_| not_a_day(input))
    }

    /// `2026-06-01`
    pub fn machine(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }

    /// "1 June 2026"
    pub fn display(&self) -> String {
        PartialDate::parse(&self.machine())
            .map(|d| d.display())
            .unwrap_or_else(|_| self.machine())
    }

    /// This day plus `p`, or `None` past the calendar's end.
    pub fn plus(&self, p: Period) -> Option<Day> {
        let span = match p.unit {
            Unit::Days => jiff::Span::new().try_days(p.count),
            Unit::Weeks => jiff::Span::new().try_weeks(p.count),
            Unit::Months => jiff::Span::new().try_months(p.count),
            Unit::Years => jiff::Span::new().try_years(p.count),
        }
        .ok()?;
        self.0.checked_add(span).ok().map(Day)
    }
}

fn not_a_day(input: &str) -> String {
    format!("`{input}` is not a day; write review and checked dates as YYYY-MM-DD, e.g. 2026-06-01")
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.machine())
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::dates::from_text(d, "a day such as 2026-06-01", Day::parse)
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.machine())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// `6 months`, `1 year`, `2 weeks`, `30 days`: how often a sheet's figures
/// are to be checked again, counted from each figure's `checked:` day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub count: i64,
    pub unit: Unit,
}

impl Period {
    pub fn parse(input: &str) -> Result<Period, String> {
        let usage = "write a number and a unit: `6 months`, `1 year`, `2 weeks` or `30 days`";
        let mut words = input.split_whitespace();
        let (Some(n), Some(unit), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!("`{input}` is not a period; {usage}"));
        };
        let count: i64 = match n.parse() {
            Ok(c) if (1..=1000).contains(&c) => c,
            _ => {
                return Err(format!(
                    "`{n}` in `{input}` is not a whole number from 1 to 1000; {usage}"
                ))
            }
        };
        let unit = match unit.trim_end_matches('s') {
            "day" => Unit::Days,
            "week" => Unit::Weeks,
            "month" => Unit::Months,
            "year" => Unit::Years,
            _ => {
                return Err(format!(
                "unknown unit `{unit}` in `{input}`; the units are days, weeks, months and years"
            ))
            }
        };
        Ok(Period { count, unit })
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Period;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a period such as `6 months`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
                Period::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// The build's "today": `given` (from `--today`), else the UTC day of
/// `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible builds set
/// it), else the system clock's UTC day. A malformed `SOURCE_DATE_EPOCH`
/// is an error: silently falling back to the clock would make a build
/// that is meant to be reproducible depend on the day it ran.
pub fn today(given: Option<Day>) -> Result<Day, String> {
    if let Some(d) = given {
        return Ok(d);
    }
    if let Ok(s) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = s.trim().parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH is `{s}`, not a number of seconds since 1970-01-01")
        })?;
        let ts = jiff::Timestamp::from_second(secs)
            .map_err(|e| format!("SOURCE_DATE_EPOCH `{s}` is out of range: {e}"))?;
        return Ok(utc_day(ts));
    }
    Ok(utc_day(jiff::Timestamp::now()))
}

fn utc_day(ts: jiff::Timestamp) -> Day {
    Day(jiff::tz::Offset::UTC.to_datetime(ts).date())
}

/// What a reader is shown of a figure's review, and what exports say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewView {
    /// The day it is due to be checked again, if any.
    pub due: Option<String>,
    pub due_machine: Option<String>,
    /// The day it was last checked, if recorded.
    pub checked: Option<String>,
    pub checked_machine: Option<String>,
    /// Past its review date on the build's "today".
    pub overdue: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_periods() {
        let d = Day::parse("2026-01-31").unwrap();
        assert_eq!(d.display(), "31 January 2026");
        let p = Period::parse("1 month").unwrap();
        assert_eq!(d.plus(p).unwrap().machine(), "2026-02-28");
        assert_eq!(
            Day::parse("2026-06-01")
                .unwrap()
                .plus(Period::parse("6 months").unwrap())
                .unwrap()
                .machine(),
            "2026-12-01"
        );
        assert!(Day::parse("2026-06").is_err());
        assert!(Day::parse("2026-06-01~").is_err());
        assert!(Period::parse("6 moons")
            .unwrap_err()
            .contains("unknown unit `moons`"));
        assert!(Period::parse("six months").is_err());
        assert!(Period::parse("0 days").is_err());
    }
}
