//! The timeline: dated events from content/timeline/*.yaml, ceasefires and
//! opt-in figures merged in without being typed twice, sorted by the
//! earliest moment each can mean, grouped into eras and years, and the two
//! exports (our own JSON and TimelineJS3's).

use crate::dates::{DateKey, PartialDate};
use crate::diagnostic::{Diagnostics, Pos};
use crate::facts::{CeasefireView, Citation, FigureView, Ref};
use crate::formats::{Ceasefire, ErasFile, TimelineFile};
use crate::load::Parsed;
use crate::resolve::{check_id, err_at, Lookup};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: String,
    pub title: String,
    /// As a reader says it, with the range and any note.
    pub date: String,
    pub date_machine: String,
    pub end_machine: Option<String>,
    pub date_edtf: String,
    pub end_edtf: Option<String>,
    pub year: i16,
    #[serde(skip)]
    pub sort_key: DateKey,
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
    /// The file that defines it (for positions).
    #[serde(skip)]
    pub file: String,
    /// Pages that list it under "On the timeline" (places, actors, pages).
    #[serde(skip)]
    pub page_idx: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct YearHeading {
    pub year: i16,
    pub id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub id: String,
    pub label: String,
    pub description: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct TimelineView {
    pub events: Vec<EventView>,
    pub eras: Vec<EraView>,
    pub categories: Vec<CategoryView>,
    pub years: Vec<i16>,
}

pub const CEASEFIRE: &str = "ceasefire";

fn date_text(start: &PartialDate, end: Option<&PartialDate>, note: Option<&str>) -> String {
    let base = match end {
        Some(e) => start.display_range(e),
        None => start.display(),
    };
    match note {
        Some(n) if !n.trim().is_empty() => format!("{base} ({})", n.trim()),
        _ => base,
    }
}

pub struct Inputs<'a> {
    pub files: &'a [Parsed<TimelineFile>],
    pub eras: Option<&'a Parsed<ErasFile>>,
    pub ceasefires: &'a [(CeasefireView, Ceasefire)],
    pub figures: &'a BTreeMap<String, FigureView>,
    pub figure_dates: &'a BTreeMap<String, PartialDate>,
}

pub(crate) fn build(
    inp: &Inputs,
    look: &Lookup,
    ids: &mut BTreeMap<String, (std::path::PathBuf, Pos)>,
    diags: &mut Diagnostics,
) -> TimelineView {
    let categories: BTreeMap<&str, &str> = look
        .config
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.label.as_str()))
        .collect();
    let label_of = |id: &str| {
        categories
            .get(id)
            .map(|s| s.to_string())
            .unwrap_or_else(|| capitalise(id))
    };
    let url_of = |id: &str| format!("{}timeline/#{id}", look.base.path);
    let mut events = Vec::new();
    for f in inp.files {
        let (rel, text) = (&f.file.rel, &f.file.text);
        for (i, e) in f.data.events.iter().enumerate() {
            let path = format!("events.{i}");
            if !check_id(
                &e.id,
                "event",
                rel,
                text,
                f.index.get(&format!("{path}.id")),
                ids,
                diags,
            ) {
                continue;
            }
            if let Some(end) = e.end {
                if end.end_key() < e.date.sort_key() {
                    diags.push(err_at(
                        rel,
                        text,
                        f.index.get(&format!("{path}.end")),
                        format!(
                            "the event ends ({}) before it starts ({})",
                            end.display(),
                            e.date.display()
                        ),
                        "check the two dates; `end` must not be before `date`",
                    ));
                }
            }
            if !categories.contains_key(e.category.as_str()) {
                let known: Vec<&str> = categories.keys().copied().collect();
                diags.push(err_at(
                    rel,
                    text,
                    f.index.get(&format!("{path}.category")),
                    format!("unknown category `{}`", e.category),
                    &format!(
                        "use one of the categories in site.yaml: {}",
                        known.join(", ")
                    ),
                ));
            }
            if e.sources.is_empty() {
                diags.push(err_at(
                    rel,
                    text,
                    f.index.get(&path),
                    format!("event `{}` has no source", e.id),
                    "every event needs `sources: [source-id]`",
                ));
            }
            let path = &path;
            let at = |key: &'static str| move |j: usize| f.index.get(&format!("{path}.{key}.{j}"));
            let sources = look.cite(&e.sources, rel, text, &at("sources"), diags);
            let (places, mut idx) = look.refs(&e.places, "place", rel, text, &at("places"), diags);
            let (actors, idx2) = look.refs(&e.actors, "actor", rel, text, &at("actors"), diags);
            let (pages, idx3) = look.refs(&e.pages, "page", rel, text, &at("pages"), diags);
            idx.extend(idx2);
            idx.extend(idx3);
            events.push(EventView {
                id: e.id.clone(),
                title: e.title.clone(),
                date: date_text(&e.date, e.end.as_ref(), e.date_note.as_deref()),
                date_machine: e.date.machine(),
                end_machine: e.end.map(|d| d.machine()),
                date_edtf: e.date.edtf(),
                end_edtf: e.end.map(|d| d.edtf()),
                year: e.date.year,
                sort_key: e.date.sort_key(),
                summary_md: e.summary.clone(),
                summary_html: String::new(),
                category: e.category.clone(),
                category_label: label_of(&e.category),
                places,
                actors,
                pages,
                sources,
                url: url_of(&e.id),
                origin: "event".into(),
                file: rel.to_string_lossy().into_owned(),
                page_idx: idx,
            });
        }
    }
    // Ceasefires appear by themselves, at the date they were agreed.
    for (c, raw) in inp.ceasefires {
        let mut idx: Vec<usize> = Vec::new();
        for r in c.brokered_by.iter().chain(c.parties.iter()) {
            if let Some(&i) = look.actors.get(&r.id) {
                idx.push(i);
            }
        }
        let end = raw.ended.filter(|e| {
            e.sort_key() > raw.agreed.sort_key() || e.precision != raw.agreed.precision
        });
        let mut actors = c.parties.clone();
        for b in &c.brokered_by {
            if !actors.contains(b) {
                actors.push(b.clone());
            }
        }
        events.push(EventView {
            id: c.id.clone(),
            title: c.name.clone(),
            date: date_text(&raw.agreed, end.as_ref(), None),
            date_machine: raw.agreed.machine(),
            end_machine: end.map(|d| d.machine()),
            date_edtf: raw.agreed.edtf(),
            end_edtf: end.map(|d| d.edtf()),
            year: raw.agreed.year,
            sort_key: raw.agreed.sort_key(),
            summary_md: String::new(),
            summary_html: String::new(),
            category: CEASEFIRE.into(),
            category_label: label_of(CEASEFIRE),
            places: Vec::new(),
            actors,
            pages: Vec::new(),
            sources: c
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| Citation {
                    n: i + 1,
                    ..s.clone()
                })
                .collect(),
            url: url_of(&c.id),
            origin: "ceasefire".into(),
            file: String::new(),
            page_idx: idx,
        });
    }
    // Figures that opted in appear at their as-of date.
    for (id, date) in inp.figure_dates {
        let Some(f) = inp.figures.get(id) else {
            continue;
        };
        let idx: Vec<usize> = look
            .actors
            .get(&f.claimed_by.id)
            .copied()
            .into_iter()
            .collect();
        events.push(EventView {
            id: format!("figure-{id}"),
            title: f.label.clone(),
            date: date.display(),
            date_machine: date.machine(),
            end_machine: None,
            date_edtf: date.edtf(),
            end_edtf: None,
            year: date.year,
            sort_key: date.sort_key(),
            summary_md: String::new(),
            summary_html: crate::facts::fact_html(f),
            category: "figure".into(),
            category_label: label_of("figure"),
            places: Vec::new(),
            actors: vec![f.claimed_by.clone()],
            pages: Vec::new(),
            sources: f
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| Citation {
                    n: i + 1,
                    ..s.clone()
                })
                .collect(),
            url: url_of(&format!("figure-{id}")),
            origin: "figure".into(),
            file: String::new(),
            page_idx: idx,
        });
    }
    for e in events.iter_mut() {
        for (i, s) in e.sources.iter_mut().enumerate() {
            s.n = i + 1;
        }
    }
    events.sort_by(|a, b| (a.sort_key, &a.id).cmp(&(b.sort_key, &b.id)));

    let mut view = TimelineView {
        events,
        ..Default::default()
    };
    view.categories = look
        .config
        .categories
        .iter()
        .map(|c| CategoryView {
            id: c.id.clone(),
            label: c.label.clone(),
            description: c.description.clone(),
            url: format!("{}timeline/{}/", look.base.path, c.id),
            count: view.events.iter().filter(|e| e.category == c.id).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    view.eras = group_eras(&view.events, inp.eras, ids, diags);
    set_years(&mut view);
    view
}

/// Fill in ceasefire summaries once they are rendered.
pub fn refresh_ceasefire_summaries(
    view: &mut TimelineView,
    ceasefires: &[(CeasefireView, Ceasefire)],
) {
    let by_id: BTreeMap<&str, &CeasefireView> =
        ceasefires.iter().map(|(c, _)| (c.id.as_str(), c)).collect();
    let fix = |e: &mut EventView| {
        if e.origin == "ceasefire" {
            if let Some(c) = by_id.get(e.id.as_str()) {
                e.summary_html = c.summary_html.clone();
            }
        }
    };
    view.events.iter_mut().for_each(fix);
    for era in view.eras.iter_mut() {
        era.events.iter_mut().for_each(fix);
    }
}

fn dedup_years(years: impl Iterator<Item = i16>) -> Vec<i16> {
    let mut v: Vec<i16> = years.collect();
    v.dedup();
    v
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Group sorted events into eras (an event belongs to the first era whose
/// span contains its start); events outside every era go into "Other".
fn group_eras(
    events: &[EventView],
    eras: Option<&Parsed<ErasFile>>,
    ids: &mut BTreeMap<String, (std::path::PathBuf, Pos)>,
    diags: &mut Diagnostics,
) -> Vec<EraView> {
    let mut out: Vec<(EraView, DateKey, DateKey)> = Vec::new();
    if let Some(p) = eras {
        for (i, era) in p.data.eras.iter().enumerate() {
            if !check_id(
                &era.id,
                "era",
                &p.file.rel,
                &p.file.text,
                p.index.get(&format!("eras.{i}.id")),
                ids,
                diags,
            ) {
                continue;
            }
            let end_key = era
                .end
                .map(|e| e.end_key())
                .unwrap_or((i16::MAX, 12, 31, 23, 59));
            if end_key < era.start.sort_key() {
                diags.push(err_at(
                    &p.file.rel,
                    &p.file.text,
                    p.index.get(&format!("eras.{i}.end")),
                    format!("era `{}` ends before it starts", era.id),
                    "check the two dates",
                ));
            }
            let dates = match era.end {
                Some(e) => era.start.display_range(&e),
                None => format!("{} onwards", era.start.display()),
            };
            out.push((
                EraView {
                    id: era.id.clone(),
                    title: era.title.clone(),
                    dates,
                    summary: era.summary.clone(),
                    events: Vec::new(),
                    years: Vec::new(),
                },
                era.start.sort_key(),
                end_key,
            ));
        }
    }
    let mut other = EraView {
        id: "other-events".into(),
        title: "Other events".into(),
        dates: String::new(),
        summary: String::new(),
        events: Vec::new(),
        years: Vec::new(),
    };
    for e in events {
        match out
            .iter_mut()
            .find(|(_, s, end)| e.sort_key >= *s && e.sort_key <= *end)
        {
            Some((era, _, _)) => era.events.push(e.clone()),
            None => other.events.push(e.clone()),
        }
    }
    let mut eras: Vec<EraView> = out
        .into_iter()
        .map(|(e, _, _)| e)
        .filter(|e| !e.events.is_empty())
        .collect();
    if !other.events.is_empty() {
        eras.push(other);
    }
    eras
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

/// `/timeline.json`: every field of every event, in order.
pub fn export_json(view: &TimelineView) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "events": view.events })).unwrap_or_default()
        + "\n"
}

/// `/timeline.timelinejs.json` in TimelineJS3's format.
pub fn export_timelinejs(view: &TimelineView, title: &str, description: &str) -> String {
    fn tl_date(machine: &str) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        let (date, time) = match machine.split_once('T') {
            Some((d, t)) => (d, Some(t.trim_end_matches('Z'))),
            None => (machine, None),
        };
        let parts: Vec<&str> = date.split('-').collect();
        for (key, val) in ["year", "month", "day"].iter().zip(parts.iter()) {
            m.insert(
                key.to_string(),
                serde_json::Value::String(val.trim_start_matches('0').to_string()),
            );
        }
        if let Some(t) = time {
            let (h, mi) = t.split_once(':').unwrap_or((t, "0"));
            m.insert("hour".into(), h.trim_start_matches('0').to_string().into());
            m.insert(
                "minute".into(),
                mi.trim_start_matches('0').to_string().into(),
            );
        }
        serde_json::Value::Object(m)
    }
    let events: Vec<serde_json::Value> = view
        .events
        .iter()
        .map(|e| {
            let mut ev = serde_json::json!({
                "unique_id": e.id,
                "start_date": tl_date(&e.date_machine),
                "display_date": e.date,
                "text": { "headline": e.title, "text": e.summary_html },
                "group": e.category_label,
            });
            if let Some(end) = &e.end_machine {
                ev["end_date"] = tl_date(end);
            }
            ev
        })
        .collect();
    let eras: Vec<serde_json::Value> = view
        .eras
        .iter()
        .filter_map(|era| {
            let first = era.events.first()?;
            let last = era.events.last()?;
            Some(serde_json::json!({
                "start_date": tl_date(&first.date_machine),
                "end_date": tl_date(last.end_machine.as_ref().unwrap_or(&last.date_machine)),
                "text": { "headline": era.title },
            }))
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "title": { "text": { "headline": title, "text": description } },
        "events": events,
        "eras": eras,
    }))
    .unwrap_or_default()
        + "\n"
}
