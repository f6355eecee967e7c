//! A Markdown page as an editor writes it: the YAML front matter split off
//! the body, the fields the front matter may hold, and the kind of page its
//! place in content/ makes it. Raw input only: nothing here is resolved.

use crate::model::dates::PartialDate;
use serde::{Deserialize, Serialize};

/// A page file cut in two, with the line numbers needed to report positions
/// in the original file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the YAML's first line (2: right after the opening `---`).
    pub yaml_first_line: usize,
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_first_line: usize,
    /// Byte offset of the body in the text.
    pub body_offset: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---`.
    NotClosed,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// `text` must already have its BOM removed and CRLF turned into LF.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line_no = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map(|i| offset + i)
            .unwrap_or(text.len());
        if is_fence(&text[offset..end]) {
            let body_offset = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[body_offset..],
                body_first_line: line_no + 1,
                body_offset,
            });
        }
        offset = end + 1;
        line_no += 1;
    }
    Err(SplitError::NotClosed)
}

#[derive(Debug, Clone, Deserialize, Serialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub updated: Option<PartialDate>,
    /// One line saying what changed on `updated`, for the updates feed.
    #[serde(default)]
    pub changes: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    /// A template name to use instead of the default for this kind of page.
    #[serde(default)]
    pub template: Option<String>,
    /// Figure ids for the key-facts box (usually on the home page).
    #[serde(default)]
    pub key_facts: Vec<String>,
    // Places and actors only:
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    /// Actors: how running text names them when the title reads wrong
    /// there, e.g. `the Nagorno-Karabakh authorities` in "…, according to
    /// the Nagorno-Karabakh authorities (October 2020)".
    #[serde(default)]
    pub in_text: Option<String>,
    #[serde(default)]
    pub names: Vec<Name>,
    #[serde(default)]
    pub coords: Option<Coords>,
    /// Skip the both-names check for this place (same name on both sides).
    #[serde(default)]
    pub naming_exempt: bool,
    /// The day this page is due to be checked again.
    #[serde(default)]
    pub review_by: Option<crate::model::review::Day>,
    /// Corrections published on this page.
    #[serde(default)]
    pub corrections: Vec<crate::load::files::Correction>,
}

/// One name of a place or actor, in one language.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Name {
    pub name: String,
    /// BCP 47 language tag: `en`, `hy`, `az`, `ru`, `hy-Latn` ...
    pub lang: String,
    #[serde(default)]
    pub used_by: Side,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(
    Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Armenian,
    Azerbaijani,
    #[default]
    Neutral,
    Historical,
}

/// Where a place is, and where that is published: a place without
/// published coordinates has none (and no marker on the maps).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coords {
    /// Decimal degrees, north positive.
    pub lat: f64,
    /// Decimal degrees, east positive.
    pub lon: f64,
    /// The gazetteer the coordinates are copied from.
    pub source: CoordsSource,
    /// The place's id in GeoNames (https://www.geonames.org/<id>).
    pub geonames_id: u64,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CoordsSource {
    Geonames,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Home,
    Section,
    Page,
    Place,
    Actor,
}

pub const PLACE_KINDS: &[&str] = &[
    "city", "town", "village", "district", "region", "corridor", "country",
];
pub const ACTOR_KINDS: &[&str] = &["state", "de-facto-authority", "organisation", "person"];

impl PageKind {
    /// The kind a file's location gives it: `places/x.md` is a place.
    pub fn of(rel: &str) -> PageKind {
        if rel == "_index.md" {
            PageKind::Home
        } else if rel.ends_with("/_index.md") {
            PageKind::Section
        } else if rel.starts_with("places/") && !rel[7..].contains('/') {
            PageKind::Place
        } else if rel.starts_with("actors/") && !rel[7..].contains('/') {
            PageKind::Actor
        } else {
            PageKind::Page
        }
    }

    /// The front matter fields this kind of page takes, for the "expected
    /// one of" list of an unknown field.
    pub fn fields(self) -> Vec<&'static str> {
        let mut fields = vec![
            "title",
            "summary",
            "date",
            "updated",
            "changes",
            "weight",
            "draft",
            "slug",
            "template",
            "key_facts",
        ];
        match self {
            PageKind::Place => fields.extend(["kind", "names", "coords", "naming_exempt"]),
            PageKind::Actor => fields.extend(["kind", "role", "names", "in_text"]),
            _ => {}
        }
        fields
    }

    pub fn default_template(self) -> &'static str {
        match self {
            PageKind::Home => "index.html",
            PageKind::Section => "section.html",
            PageKind::Page => "page.html",
            PageKind::Place => "place.html",
            PageKind::Actor => "actor.html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\nHello\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_first_line, 4);
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn empty_front_matter_and_body() {
        let s = split("---\n---\n").unwrap();
        assert_eq!((s.yaml, s.body), ("", ""));
        let s = split("---\ntitle: x\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn fences_may_have_trailing_spaces_but_nothing_else() {
        assert!(split("---  \ntitle: A\n--- \nx").is_ok());
        assert_eq!(split("--- x\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("title: A\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::NotClosed));
        assert_eq!(split("---\ntitle: A\n----\n"), Err(SplitError::NotClosed));
    }
}
