//! Honest dates: the subset of ISO 8601-2 (EDTF) that editors need to say
//! exactly as much as is known and no more: `1994`, `1994-05`, `1994-05-12`,
//! `2020-10-17T20:00Z`, approximate `1921~`, uncertain `1994-05-05?`.
//!
//! A date sorts by the earliest moment it can mean and is displayed the way
//! a reader says it ("May 1994", "c. 1921", "17–18 October 2020").

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

const MONTHS: [&str; 12] = [
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

/// A sortable moment: year, month, day, hour, minute.
pub type DateKey = (i16, u8, u8, u8, u8);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    Minute,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub precision: Precision,
    /// `~`: about this date.
    pub approximate: bool,
    /// `?`: this date, but not confirmed.
    pub uncertain: bool,
}

impl PartialDate {
    pub fn parse(input: &str) -> Result<PartialDate, String> {
        let s = input.trim();
        let (s, approximate, uncertain) = if let Some(r) = s.strip_suffix('%') {
            (r, true, true)
        } else if let Some(r) = s.strip_suffix('~') {
            (r, true, false)
        } else if let Some(r) = s.strip_suffix('?') {
            (r, false, true)
        } else {
            (s, false, false)
        };
        let bad = || {
            format!("`{input}` is not a date; write 2020, 2020-10, 2020-10-18 or 2020-10-17T20:00Z (add ~ for approximate, ? for uncertain)")
        };
        let (date_part, time_part) = match s.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (s, None),
        };
        let fields: Vec<&str> = date_part.split('-').collect();
        let num = |f: &str, len: usize| -> Result<u32, String> {
            if f.len() == len && f.bytes().all(|b| b.is_ascii_digit()) {
                f.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = num(fields[0], 4)? as i16;
        let mut date = PartialDate {
            year,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            precision: Precision::Year,
            approximate,
            uncertain,
        };
        if fields.len() > 3 {
            return Err(bad());
        }
        if let Some(m) = fields.get(1) {
            let m = num(m, 2)?;
            if !(1..=12).contains(&m) {
                return Err(format!("`{input}` has month {m}; months run from 01 to 12"));
            }
            date.month = m as u8;
            date.precision = Precision::Month;
        }
        if let Some(d) = fields.get(2) {
            let d = num(d, 2)?;
            if jiff::civil::Date::new(year, date.month as i8, d as i8).is_err() {
                return Err(format!(
                    "`{input}` is not a real date: {} {year} has no day {d}",
                    MONTHS[date.month as usize - 1]
                ));
            }
            date.day = d as u8;
            date.precision = Precision::Day;
        }
        if let Some(t) = time_part {
            if date.precision != Precision::Day {
                return Err(bad());
            }
            let t = t.strip_suffix('Z').ok_or_else(|| {
                format!("`{input}`: a time must be in UTC and end with Z, e.g. 2020-10-17T20:00Z")
            })?;
            let (h, m) = t.split_once(':').ok_or_else(bad)?;
            let (h, m) = (num(h, 2)?, num(m, 2)?);
            if h > 23 || m > 59 {
                return Err(format!("`{input}` has an impossible time {h:02}:{m:02}"));
            }
            date.hour = h as u8;
            date.minute = m as u8;
            date.precision = Precision::Minute;
        }
        Ok(date)
    }

    /// The earliest moment this date can mean, as a sortable key.
    pub fn sort_key(&self) -> DateKey {
        (self.year, self.month, self.day, self.hour, self.minute)
    }

    /// The latest day this date can mean, as a sortable key (for "end before
    /// start" checks: `1994` ends after `1994-05-12`).
    pub fn end_key(&self) -> DateKey {
        match self.precision {
            Precision::Year => (self.year, 12, 31, 23, 59),
            Precision::Month => (self.year, self.month, 31, 23, 59),
            Precision::Day => (self.year, self.month, self.day, 23, 59),
            Precision::Minute => self.sort_key(),
        }
    }

    /// The machine-readable form for `<time datetime>`, at its own precision.
    pub fn machine(&self) -> String {
        match self.precision {
            Precision::Year => format!("{:04}", self.year),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
            Precision::Minute => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}Z",
                self.year, self.month, self.day, self.hour, self.minute
            ),
        }
    }

    /// The EDTF form the editor wrote (normalised).
    pub fn edtf(&self) -> String {
        let mark = match (self.approximate, self.uncertain) {
            (true, true) => "%",
            (true, false) => "~",
            (false, true) => "?",
            _ => "",
        };
        format!("{}{mark}", self.machine())
    }

    /// A full date for feeds and sitemaps (`YYYY-MM-DD`), earliest day.
    pub fn iso_day(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn month_name(&self) -> &'static str {
        MONTHS[self.month as usize - 1]
    }

    fn plain(&self) -> String {
        match self.precision {
            Precision::Year => self.year.to_string(),
            Precision::Month => format!("{} {}", self.month_name(), self.year),
            Precision::Day => format!("{} {} {}", self.day, self.month_name(), self.year),
            Precision::Minute => format!(
                "{} {} {}, {:02}:{:02} UTC",
                self.day,
                self.month_name(),
                self.year,
                self.hour,
                self.minute
            ),
        }
    }

    fn qualify(&self, text: String) -> String {
        let text = if self.approximate {
            format!("c. {text}")
        } else {
            text
        };
        if self.uncertain {
            format!("{text} (uncertain)")
        } else {
            text
        }
    }

    /// As a reader says it: "1994", "May 1994", "12 May 1994", "c. 1921".
    pub fn display(&self) -> String {
        self.qualify(self.plain())
    }

    /// A range as a reader says it, sharing what the two ends share:
    /// "17–18 October 2020", "May–June 1994", "1988–1994".
    pub fn display_range(&self, end: &PartialDate) -> String {
        let plain_pair = !self.approximate && !self.uncertain && !end.approximate && !end.uncertain;
        if plain_pair && self.precision == end.precision && self.precision != Precision::Minute {
            let same_year = self.year == end.year;
            match self.precision {
                Precision::Day if same_year && self.month == end.month => {
                    return format!(
                        "{}–{} {} {}",
                        self.day,
                        end.day,
                        self.month_name(),
                        self.year
                    )
                }
                Precision::Day if same_year => {
                    return format!(
                        "{} {} – {} {} {}",
                        self.day,
                        self.month_name(),
                        end.day,
                        end.month_name(),
                        self.year
                    )
                }
                Precision::Month if same_year => {
                    return format!("{}–{} {}", self.month_name(), end.month_name(), self.year)
                }
                Precision::Year => return format!("{}–{}", self.year, end.year),
                _ => {}
            }
        }
        format!("{} – {}", self.display(), end.display())
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.edtf())
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_text(
            d,
            "a date such as 2020, 2020-10 or 2020-10-18",
            PartialDate::parse,
        )
    }
}

/// Deserialize a value editors write as text, with `parse` and its
/// message on failure. YAML reads `2020` as a number; it is the text
/// `2020` here. (Dates and review days.)
pub(crate) fn from_text<'de, D: Deserializer<'de>, T>(
    d: D,
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct V<T> {
        expecting: &'static str,
        parse: fn(&str) -> Result<T, String>,
    }
    impl<T> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
    }
    d.deserialize_any(V { expecting, parse })
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.edtf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn parses_and_displays_every_form() {
        let table = [
            ("1994", "1994", "1994"),
            ("1994-05", "May 1994", "1994-05"),
            ("1994-05-12", "12 May 1994", "1994-05-12"),
            (
                "2020-10-17T20:00Z",
                "17 October 2020, 20:00 UTC",
                "2020-10-17T20:00Z",
            ),
            ("1921~", "c. 1921", "1921"),
            ("1994-05-05?", "5 May 1994 (uncertain)", "1994-05-05"),
            ("1920-03%", "c. March 1920 (uncertain)", "1920-03"),
        ];
        for (input, shown, machine) in table {
            assert_eq!(d(input).display(), shown, "{input}");
            assert_eq!(d(input).machine(), machine, "{input}");
        }
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(
            PartialDate::parse("2020-02-30").unwrap_err(),
            "`2020-02-30` is not a real date: February 2020 has no day 30"
        );
        assert!(PartialDate::parse("2021-02-29").is_err());
        assert!(PartialDate::parse("2020-02-29").is_ok());
        assert!(PartialDate::parse("2020-13").is_err());
        assert!(PartialDate::parse("20-10-10").is_err());
        assert!(PartialDate::parse("2020-10-17T25:00Z").is_err());
        assert!(PartialDate::parse("2020-10-17T20:00").is_err());
        assert!(PartialDate::parse("").is_err());
        assert!(PartialDate::parse("2020-1-1").is_err());
    }

    #[test]
    fn ranges_share_what_they_share() {
        assert_eq!(
            d("2020-10-17").display_range(&d("2020-10-18")),
            "17–18 October 2020"
        );
        assert_eq!(d("1994-05").display_range(&d("1994-06")), "May–June 1994");
        assert_eq!(d("1988").display_range(&d("1994")), "1988–1994");
        assert_eq!(
            d("2020-09-27").display_range(&d("2020-11-10")),
            "27 September – 10 November 2020"
        );
        assert_eq!(
            d("1994-05-12").display_range(&d("2020-09-27")),
            "12 May 1994 – 27 September 2020"
        );
    }

    #[test]
    fn sorts_by_earliest_moment() {
        let mut v = [d("1994-05-12"), d("1994"), d("1994-05")];
        v.sort_by_key(|x| x.sort_key());
        assert_eq!(v.map(|x| x.machine()), ["1994", "1994-05", "1994-05-12"]);
        assert!(d("1994").end_key() > d("1994-05-12").end_key());
    }
}
