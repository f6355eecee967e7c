//! A figure's value as editors write it (`700`, `26–32`, `76.9`) and the
//! word that qualifies it (`about`, `at least`): parsed, checked and said
//! the way a reader reads it ("100,617", "26–32"). Pure values, used by the
//! raw files (`load::files`) and the views alike.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use std::fmt;

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
