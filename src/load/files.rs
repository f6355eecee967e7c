//! The editors' raw YAML formats, exactly as they are read: fact sheets,
//! ceasefires, sources, timeline events and eras. Every struct refuses
//! unknown keys so a typo (`soruces:`) is an error, not silence.
//! Checking ids against each other happens later, in `resolve`.

use crate::model::dates::PartialDate;
pub use crate::model::values::{FigureValue, Qualifier};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactSheetFile {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub weight: Option<i64>,
    /// Claims about the same thing, shown together under their own title.
    #[serde(default)]
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub ceasefires: Vec<Ceasefire>,
}

/// A group of figures on a sheet: its id is the group's anchor
/// (`/facts/<sheet>/#<id>`), its title the group's heading.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub title: String,
    /// Markdown, shown under the title.
    #[serde(default)]
    pub note: Option<String>,
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
    /// The day the editor last read the source at `url`: `2024-05-01`.
    #[serde(default)]
    pub accessed: Option<PartialDate>,
    /// An archive's snapshot of the source (e.g. a Wayback Machine address),
    /// copied from the archive: never made up.
    #[serde(default)]
    pub archived_url: Option<String>,
    /// The source's language as a BCP 47 tag: `en`, `ru`, `hy`, `az`, `pt-BR`.
    #[serde(default)]
    pub language: Option<String>,
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

/// `content/glossary.yaml`: the terms of the `/glossary/` page, in the
/// order they are shown. Markdown links to one with `{{ term(id="…") }}`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term's anchor on `/glossary/`: lowercase letters, digits and hyphens.
    pub id: String,
    /// The term as the glossary heads its entry, and as `term()` shows it.
    pub term: String,
    /// Other names for the same thing, shown after the term.
    #[serde(default)]
    pub other_names: Vec<String>,
    /// Markdown: a short definition, in the site's own words.
    pub definition: String,
    /// Ids from content/sources.yaml.
    #[serde(default)]
    pub sources: Vec<String>,
}
