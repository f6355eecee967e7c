//! The editors' YAML formats, exactly as they are read: fact sheets,
//! ceasefires, sources, timeline events and eras. Every struct refuses
//! unknown keys so a typo (`soruces:`) is an error, not silence.
//! Checking ids against each other happens later, in `resolve`.

use crate::dates::PartialDate;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactSheetFile {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub ceasefires: Vec<Ceasefire>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub id: String,
    pub label: String,
    pub value: FigureValue,
    #[serde(default)]
    pub qualifier: Qualifier,
    #[serde(default)]
    pub unit: String,
    pub as_of: PartialDate,
    pub claimed_by: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Show this figure on the timeline at its `as_of` date.
    #[serde(default)]
    pub timeline: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ceasefire {
    pub id: String,
    pub name: String,
    pub agreed: PartialDate,
    #[serde(default)]
    pub in_force: Option<PartialDate>,
    #[serde(default)]
    pub ended: Option<PartialDate>,
    #[serde(default)]
    pub brokered_by: Vec<String>,
    #[serde(default)]
    pub parties: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A figure's value: one number, or a range written `26–32`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureValue {
    pub low: f64,
    pub high: Option<f64>,
}

impl FigureValue {
    pub fn parse(s: &str) -> Result<FigureValue, String> {
        let t = s.trim();
        let num = |x: &str| -> Result<f64, String> {
            let x = x.trim();
            if x.contains(',') {
                return Err(format!(
                    "`{s}`: write numbers without thousands separators (100617, not 100,617)"
                ));
            }
            x.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("`{s}` is not a number or a range such as 26–32"))
        };
        // Ranges use an en dash; accept a hyphen too, as editors type it.
        match t.split_once(['–', '-']) {
            Some((a, b)) if !a.trim().is_empty() => {
                let (low, high) = (num(a)?, num(b)?);
                if high <= low {
                    return Err(format!(
                        "`{s}`: a range must go from the lower to the higher number"
                    ));
                }
                Ok(FigureValue {
                    low,
                    high: Some(high),
                })
            }
            _ => Ok(FigureValue {
                low: num(t)?,
                high: None,
            }),
        }
    }

    /// "100,617", "26–32", "76.9".
    pub fn display(&self) -> String {
        match self.high {
            None => format_number(self.low),
            Some(h) => format!("{}–{}", format_number(self.low), format_number(h)),
        }
    }

    /// Machine form for exports: "673", "26-32".
    pub fn plain(&self) -> String {
        match self.high {
            None => self.low.to_string(),
            Some(h) => format!("{}-{}", self.low, h),
        }
    }
}

/// Thousands separated with commas; decimals as written.
pub fn format_number(v: f64) -> String {
    let s = v.to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

impl<'de> Deserialize<'de> for FigureValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = FigureValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or a range such as \"26–32\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FigureValue, E> {
                FigureValue::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FigureValue, E> {
                Ok(FigureValue {
                    low: v as f64,
                    high: None,
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FigureValue, E> {
                FigureValue::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FigureValue, E> {
                FigureValue::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for FigureValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.high {
            None => s.serialize_f64(self.low),
            Some(_) => s.serialize_str(&self.plain()),
        }
    }
}

#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default, schemars::JsonSchema,
)]
pub enum Qualifier {
    #[default]
    #[serde(rename = "exactly")]
    Exactly,
    #[serde(rename = "about")]
    About,
    #[serde(rename = "nearly")]
    Nearly,
    #[serde(rename = "at least")]
    AtLeast,
    #[serde(rename = "more than")]
    MoreThan,
    #[serde(rename = "up to")]
    UpTo,
}

impl Qualifier {
    pub fn words(self) -> &'static str {
        match self {
            Qualifier::Exactly => "",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::AtLeast => "at least",
            Qualifier::MoreThan => "more than",
            Qualifier::UpTo => "up to",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub outlet: String,
    pub title: String,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineFile {
    #[serde(default)]
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    pub date: PartialDate,
    #[serde(default)]
    pub end: Option<PartialDate>,
    /// Shown after the date in brackets: "some sources: 5 May".
    #[serde(default)]
    pub date_note: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub category: String,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub pages: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasFile {
    pub eras: Vec<Era>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Era {
    pub id: String,
    pub title: String,
    pub start: PartialDate,
    #[serde(default)]
    pub end: Option<PartialDate>,
    #[serde(default)]
    pub summary: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_ranges() {
        assert_eq!(FigureValue::parse("26–32").unwrap().display(), "26–32");
        assert_eq!(FigureValue::parse("26-32").unwrap().display(), "26–32");
        assert_eq!(FigureValue::parse("100617").unwrap().display(), "100,617");
        assert_eq!(FigureValue::parse("76.9").unwrap().display(), "76.9");
        assert_eq!(
            FigureValue::parse("1000000").unwrap().display(),
            "1,000,000"
        );
        assert!(FigureValue::parse("100,617")
            .unwrap_err()
            .contains("thousands separators"));
        assert!(FigureValue::parse("many").is_err());
        assert!(FigureValue::parse("32–26").is_err());
        assert!(FigureValue::parse("-5").is_err());
    }
}
