//! The editors' raw YAML formats, exactly as they are read: fact sheets,
//! ceasefires, sources, timeline events and eras. Every struct refuses
//! unknown keys so a typo (`soruces:`) is an error, not silence.
//! Checking ids against each other happens later, in `resolve`.

use crate::model::dates::PartialDate;
use crate::model::review::{Day, Period};
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
    /// The day every figure of the sheet is due to be checked again
    /// (a figure's own `review_by` wins).
    #[serde(default)]
    pub review_by: Option<Day>,
    /// How often each figure is checked again, counted from its `checked:`
    /// day: `6 months`, `1 year`. Used where no `review_by` applies.
    #[serde(default)]
    pub review_every: Option<Period>,
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
    /// The day this figure is due to be checked again.
    #[serde(default)]
    pub review_by: Option<Day>,
    /// The day an editor last checked this figure against its sources.
    #[serde(default)]
    pub checked: Option<Day>,
    /// What the figure was before each change, oldest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Corrections published about this figure.
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// One change to a figure: on `date` the figure stopped being what this
/// entry says (each field given is what it was; a field left out was the
/// same as after the change), for the editor's one-line `reason`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// The day the figure was changed on the site.
    pub date: Day,
    /// One line: why it changed ("the authorities' later count").
    pub reason: String,
    #[serde(default)]
    pub value: Option<FigureValue>,
    #[serde(default)]
    pub qualifier: Option<Qualifier>,
    #[serde(default)]
    pub as_of: Option<PartialDate>,
    #[serde(default)]
    pub claimed_by: Option<String>,
}

/// A correction: what the site got wrong, said where it was wrong and on
/// `/corrections/`. Published corrections are never deleted: to take one
/// back, keep it and say why in `withdrawn`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The day the correction was made.
    pub date: Day,
    /// What the correction says, in plain text.
    pub text: String,
    /// What the site said before, if worth quoting.
    #[serde(default)]
    pub wrong: Option<String>,
    /// Why the correction itself was taken back (it stays on /corrections/).
    #[serde(default)]
    pub withdrawn: Option<String>,
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
    /// The day this event is due to be checked again.
    #[serde(default)]
    pub review_by: Option<Day>,
    /// Corrections published about this event.
    #[serde(default)]
    pub corrections: Vec<Correction>,
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
