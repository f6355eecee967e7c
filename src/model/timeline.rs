//! The timeline as readers see it: events (from the timeline files, the
//! ceasefires and the figures that opt in), eras, years and categories.
//! Display types and pure helpers only: built in `resolve::timeline`.

use super::dates::DateKey;
use super::facts::{Citation, Ref};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventView {
    pub id: String,
    pub title: String,
    /// As a reader says it, with the range.
    pub date: String,
    /// The editor's note on the date, shown as a note, not after the date.
    pub date_note: Option<String>,
    pub date_machine: String,
    pub end_machine: Option<String>,
    pub date_edtf: String,
    pub end_edtf: Option<String>,
    pub year: i16,
    #[serde(skip)]
    pub sort_key: DateKey,
    /// The summary as the editor wrote it (Markdown), for search.
    #[serde(skip)]
    pub summary_md: String,
    pub summary_html: String,
    pub category: String,
    pub category_label: String,
    pub places: Vec<Ref>,
    pub actors: Vec<Ref>,
    pub pages: Vec<Ref>,
    pub sources: Vec<Citation>,
    pub url: String,
    /// `event`, `ceasefire` or `figure`: where it came from.
    pub origin: String,
    /// Its corrections (events from timeline files only).
    pub corrections: Vec<super::changes::CorrectionView>,
    /// Pages that list it under "On the timeline" (places, actors, pages).
    #[serde(skip)]
    pub page_idx: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EraView {
    pub id: String,
    pub title: String,
    pub dates: String,
    pub summary: String,
    pub events: Vec<EventView>,
    pub years: Vec<YearHeading>,
}

/// A year's heading inside an era. A year can span two eras (1994, 2020);
/// only its first heading takes the `year-YYYY` anchor the jump list uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearHeading {
    pub year: i16,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryView {
    pub id: String,
    pub label: String,
    pub description: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct TimelineView {
    pub events: Vec<EventView>,
    pub eras: Vec<EraView>,
    pub categories: Vec<CategoryView>,
    pub years: Vec<i16>,
}

pub const CEASEFIRE: &str = "ceasefire";

fn dedup_years(years: impl Iterator<Item = i16>) -> Vec<i16> {
    let mut v: Vec<i16> = years.collect();
    v.dedup();
    v
}

/// The years of the whole timeline and the year headings of each era, from
/// the events they hold (again after filtering by category).
pub fn set_years(view: &mut TimelineView) {
    view.years = dedup_years(view.events.iter().map(|e| e.year));
    let mut seen = std::collections::BTreeSet::new();
    for era in view.eras.iter_mut() {
        era.years = dedup_years(era.events.iter().map(|e| e.year))
            .into_iter()
            .map(|year| YearHeading {
                year,
                id: if seen.insert(year) {
                    format!("year-{year}")
                } else {
                    format!("era-{}-year-{year}", era.id)
                },
            })
            .collect();
    }
}

/// The timeline with only one category's events, eras and years.
pub fn filter(t: &TimelineView, category: &str) -> TimelineView {
    let keep = |e: &&EventView| e.category == category;
    let mut v = TimelineView {
        events: t.events.iter().filter(keep).cloned().collect(),
        eras: t
            .eras
            .iter()
            .map(|era| EraView {
                events: era.events.iter().filter(keep).cloned().collect(),
                ..era.clone()
            })
            .filter(|era| !era.events.is_empty())
            .collect(),
        categories: t.categories.clone(),
        years: Vec::new(),
    };
    set_years(&mut v);
    v
}
