//! What an editor writes at the top of a Markdown page, and what kind of page
//! its place in content/ makes it.

use crate::dates::PartialDate;
use serde::{Deserialize, Serialize};

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
    #[serde(default)]
    pub names: Vec<Name>,
    #[serde(default)]
    pub coords: Option<Coords>,
    /// Skip the both-names check for this place (same name on both sides).
    #[serde(default)]
    pub naming_exempt: bool,
}

/// One name of a place or actor, in one language.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Copy, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coords {
    pub lat: f64,
    pub lon: f64,
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
