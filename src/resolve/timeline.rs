//! The timeline: events from content/timeline/*.yaml checked (ids, dates,
//! categories, sources, places, actors, pages) with their summaries
//! rendered; ceasefires and opt-in figures merged in without being typed
//! twice; all sorted by the earliest moment each can mean, then grouped
//! into eras and years. Every event is complete before it is copied into
//! its era.

use super::bodies::{render_snippet, Deferred};
use super::facts::Facts;
use super::ids::{IdKind, IdRegistry, Refs};
use super::links::Links;
use crate::diagnostic::{error_at, Diagnostics};
use crate::load::config::SiteConfig;
use crate::load::files::{ErasFile, Event, FactSheetFile, TimelineFile};
use crate::load::Parsed;
use crate::model::dates::{DateKey, PartialDate};
use crate::model::facts::{self, CeasefireView, Citation, FigureView};
use crate::model::timeline::{
    set_years, CategoryView, EraView, EventView, TimelineView, CEASEFIRE,
};
use std::collections::BTreeMap;

/// What the timeline is made from.
pub struct Sources<'a> {
    pub files: &'a [Parsed<TimelineFile>],
    pub eras: Option<&'a Parsed<ErasFile>>,
    pub sheets: &'a [Parsed<FactSheetFile>],
    pub facts: &'a Facts,
}

/// Step: the timeline. Needs: `figures_and_ceasefires` (ceasefires and
/// figures are merged in complete) and `bodies` (`links` must know the
/// pages' headings, so summaries' links are checked at once). Event ids
/// then era ids are claimed in `ids`.
pub fn timeline(
    from: &Sources,
    config: &SiteConfig,
    refs: &Refs,
    links: &Links,
    ids: &mut IdRegistry,
    diags: &mut Diagnostics,
) -> TimelineView {
    let labels = Labels::new(config);
    let mut deferred = Deferred::default(); // stays empty: headings are known
    let mut events = Vec::new();
    for f in from.files {
        for (i, e) in f.data.events.iter().enumerate() {
            let mut cx = EventCx {
                file: f,
                i,
                refs,
                links,
                deferred: &mut deferred,
                diags,
            };
            if let Some(ev) = event(e, &labels, ids, &mut cx) {
                events.push(ev);
            }
        }
    }
    // A duplicate id was refused by `figures_and_ceasefires`: merge each
    // view once, with the dates of the entry that made it.
    let mut merged = std::collections::BTreeSet::new();
    for sheet in from.sheets {
        for c in &sheet.data.ceasefires {
            let view = from.facts.ceasefires.iter().find(|v| v.id == c.id);
            if let Some(view) = view.filter(|_| merged.insert(c.id.as_str())) {
                events.push(ceasefire_event(view, c.agreed, c.ended, refs, &labels));
            }
        }
        for f in sheet.data.figures.iter().filter(|f| f.timeline) {
            let view = from.facts.figures.get(&f.id);
            if let Some(view) = view.filter(|_| merged.insert(f.id.as_str())) {
                events.push(figure_event(view, f.as_of, refs, &labels));
            }
        }
    }
    events.sort_by(|a, b| (a.sort_key, &a.id).cmp(&(b.sort_key, &b.id)));
    let categories = config
        .categories
        .iter()
        .map(|c| CategoryView {
            id: c.id.clone(),
            label: c.label.clone(),
            description: c.description.clone(),
            url: refs.base.url(&crate::generated::category_path(&c.id)),
            count: events.iter().filter(|e| e.category == c.id).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let eras = group_eras(&events, from.eras, ids, diags);
    let mut view = TimelineView {
        events,
        eras,
        categories,
        years: Vec::new(),
    };
    set_years(&mut view);
    view
}

/// Category labels from site.yaml; an id without one is capitalised.
struct Labels<'a>(BTreeMap<&'a str, &'a str>);

impl<'a> Labels<'a> {
    fn new(config: &'a SiteConfig) -> Self {
        Labels(
            config
                .categories
                .iter()
                .map(|c| (c.id.as_str(), c.label.as_str()))
                .collect(),
        )
    }

    fn label(&self, id: &str) -> String {
        match self.0.get(id) {
            Some(l) => l.to_string(),
            None => capitalise(id),
        }
    }
}

/// Where an event sits and what it is checked with.
struct EventCx<'r, 'a, 'f> {
    file: &'f Parsed<TimelineFile>,
    i: usize,
    refs: &'r Refs<'a>,
    links: &'r Links<'a>,
    deferred: &'r mut Deferred<'f>,
    diags: &'r mut Diagnostics,
}

impl EventCx<'_, '_, '_> {
    fn at(&self, key: &str) -> crate::diagnostic::Pos {
        self.file.index.get(&format!("events.{}.{key}", self.i))
    }

    fn error(&mut self, key: &str, message: String, hint: &str) {
        let pos = match key {
            "" => self.file.index.get(&format!("events.{}", self.i)),
            k => self.at(k),
        };
        let f = &self.file.file;
        self.diags
            .push(error_at(&f.rel, &f.text, pos, message, hint));
    }

    fn refs(
        &mut self,
        ids: &[String],
        kind: IdKind,
        key: &str,
    ) -> (Vec<crate::model::facts::Ref>, Vec<usize>) {
        let path = format!("events.{}.{key}", self.i);
        let index = &self.file.index;
        let at = |j: usize| index.get(&format!("{path}.{j}"));
        self.refs
            .refs(ids, kind, None, &self.file.file, &at, self.diags)
    }
}

/// A warning for each placeholder `explainer new event` wrote that is still
/// there, at the field: readers would see it as it is.
fn placeholders(e: &Event, cx: &mut EventCx) {
    use crate::scaffold::{PLACEHOLDER_SUMMARY, PLACEHOLDER_TITLE};
    for (key, value, wanted) in [
        ("title", &e.title, PLACEHOLDER_TITLE),
        ("summary", &e.summary, PLACEHOLDER_SUMMARY),
    ] {
        if value.trim() != wanted {
            continue;
        }
        let f = &cx.file.file;
        let message = format!(
            "the {key} of event `{}` is still the placeholder from `explainer new event`",
            e.id
        );
        let hint = match key {
            "title" => "replace the placeholder title with what happened, in a few words",
            _ => "replace the placeholder summary with what happened and who said so, attributed",
        };
        let mut d = error_at(&f.rel, &f.text, cx.at(key), message, hint);
        d.severity = crate::diagnostic::Severity::Warning;
        cx.diags.push(d);
    }
}

fn event(e: &Event, labels: &Labels, ids: &mut IdRegistry, cx: &mut EventCx) -> Option<EventView> {
    if !ids.claim(&e.id, "event", &cx.file.file, cx.at("id"), cx.diags) {
        return None;
    }
    if let Some(end) = e.end.filter(|end| end.end_key() < e.date.sort_key()) {
        let message = format!(
            "the event ends ({}) before it starts ({})",
            end.display(),
            e.date.display()
        );
        cx.error(
            "end",
            message,
            "check the two dates; `end` must not be before `date`",
        );
    }
    if !labels.0.contains_key(e.category.as_str()) {
        let known: Vec<&str> = labels.0.keys().copied().collect();
        let hint = format!(
            "use one of the categories in site.yaml: {}",
            known.join(", ")
        );
        cx.error(
            "category",
            format!("unknown category `{}`", e.category),
            &hint,
        );
    }
    if e.sources.is_empty() {
        cx.error(
            "",
            format!("event `{}` has no source", e.id),
            "every event needs `sources: [source-id]`",
        );
    }
    placeholders(e, cx);
    let path = format!("events.{}.sources", cx.i);
    let at = |j: usize| cx.file.index.get(&format!("{path}.{j}"));
    let sources = numbered(cx.refs.cite(&e.sources, &cx.file.file, &at, cx.diags));
    let (places, mut page_idx) = cx.refs(&e.places, IdKind::Place, "places");
    let (actors, idx) = cx.refs(&e.actors, IdKind::Actor, "actors");
    page_idx.extend(idx);
    let (pages, idx) = cx.refs(&e.pages, IdKind::Page, "pages");
    page_idx.extend(idx);
    let summary = render_snippet(&e.summary, &cx.file.file, cx.links, cx.deferred, cx.diags);
    for p in summary.links {
        if !page_idx.contains(&p) {
            page_idx.push(p);
        }
    }
    Some(EventView {
        id: e.id.clone(),
        title: e.title.clone(),
        date: date_text(&e.date, e.end.as_ref(), None),
        date_note: e
            .date_note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from),
        date_machine: e.date.machine(),
        end_machine: e.end.map(|d| d.machine()),
        date_edtf: e.date.edtf(),
        end_edtf: e.end.map(|d| d.edtf()),
        year: e.date.year,
        sort_key: e.date.sort_key(),
        summary_md: e.summary.clone(),
        summary_html: summary.html,
        category: e.category.clone(),
        category_label: labels.label(&e.category),
        places,
        actors,
        pages,
        sources,
        url: cx.refs.base.url(&format!("timeline/#{}", e.id)),
        origin: "event".into(),
        corrections: super::corrections::views(
            &e.corrections,
            &super::corrections::Owner {
                kind: "event",
                of: &e.id,
                title: &e.title,
                url: &cx.refs.base.url(&format!("timeline/#{}", e.id)),
                permalink: &cx.refs.base.permalink(&format!("timeline/#{}", e.id)),
                anchor_prefix: format!("{}-", e.id),
            },
        ),
        page_idx,
    })
}

/// A ceasefire appears by itself, at the date it was agreed.
fn ceasefire_event(
    c: &CeasefireView,
    agreed: PartialDate,
    ended: Option<PartialDate>,
    refs: &Refs,
    labels: &Labels,
) -> EventView {
    let page_idx = c
        .brokered_by
        .iter()
        .chain(c.parties.iter())
        .filter_map(|r| refs.actors.get(&r.id).copied())
        .collect();
    let end = ended.filter(|e| e.sort_key() > agreed.sort_key() || e.precision != agreed.precision);
    let mut actors = c.parties.clone();
    for b in &c.brokered_by {
        if !actors.contains(b) {
            actors.push(b.clone());
        }
    }
    EventView {
        id: c.id.clone(),
        title: c.name.clone(),
        date: date_text(&agreed, end.as_ref(), None),
        date_note: None,
        date_machine: agreed.machine(),
        end_machine: end.map(|d| d.machine()),
        date_edtf: agreed.edtf(),
        end_edtf: end.map(|d| d.edtf()),
        year: agreed.year,
        sort_key: agreed.sort_key(),
        summary_md: String::new(),
        summary_html: c.summary_html.clone(),
        category: CEASEFIRE.into(),
        category_label: labels.label(CEASEFIRE),
        places: Vec::new(),
        actors,
        pages: Vec::new(),
        sources: numbered(c.sources.clone()),
        url: refs.base.url(&format!("timeline/#{}", c.id)),
        origin: "ceasefire".into(),
        corrections: Vec::new(),
        page_idx,
    }
}

/// A figure that opted in appears at its as-of date.
fn figure_event(f: &FigureView, as_of: PartialDate, refs: &Refs, labels: &Labels) -> EventView {
    let id = format!("figure-{}", f.id);
    EventView {
        title: f.label.clone(),
        date: as_of.display(),
        date_note: None,
        date_machine: as_of.machine(),
        end_machine: None,
        date_edtf: as_of.edtf(),
        end_edtf: None,
        year: as_of.year,
        sort_key: as_of.sort_key(),
        summary_md: String::new(),
        summary_html: facts::fact_html(f),
        category: "figure".into(),
        category_label: labels.label("figure"),
        places: Vec::new(),
        actors: vec![f.claimed_by.clone()],
        pages: Vec::new(),
        sources: numbered(f.sources.clone()),
        url: refs.base.url(&format!("timeline/#{id}")),
        origin: "figure".into(),
        corrections: Vec::new(),
        page_idx: refs
            .actors
            .get(&f.claimed_by.id)
            .copied()
            .into_iter()
            .collect(),
        id,
    }
}

/// An event's sources, numbered 1, 2, 3 for its own list.
fn numbered(mut sources: Vec<Citation>) -> Vec<Citation> {
    for (i, s) in sources.iter_mut().enumerate() {
        s.n = i + 1;
    }
    sources
}

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
    ids: &mut IdRegistry,
    diags: &mut Diagnostics,
) -> Vec<EraView> {
    let mut spans: Vec<(EraView, DateKey, DateKey)> = Vec::new();
    if let Some(p) = eras {
        for (i, era) in p.data.eras.iter().enumerate() {
            if !ids.claim(
                &era.id,
                "era",
                &p.file,
                p.index.get(&format!("eras.{i}.id")),
                diags,
            ) {
                continue;
            }
            let end_key = era
                .end
                .map(|e| e.end_key())
                .unwrap_or((i16::MAX, 12, 31, 23, 59));
            if end_key < era.start.sort_key() {
                diags.push(error_at(
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
            let view = EraView {
                id: era.id.clone(),
                title: era.title.clone(),
                dates,
                summary: era.summary.clone(),
                events: Vec::new(),
                years: Vec::new(),
            };
            spans.push((view, era.start.sort_key(), end_key));
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
        let era = spans
            .iter_mut()
            .find(|(_, s, end)| e.sort_key >= *s && e.sort_key <= *end);
        match era {
            Some((era, _, _)) => era.events.push(e.clone()),
            None => other.events.push(e.clone()),
        }
    }
    let mut out: Vec<EraView> = spans
        .into_iter()
        .map(|(e, _, _)| e)
        .filter(|e| !e.events.is_empty())
        .collect();
    if !other.events.is_empty() {
        out.push(other);
    }
    out
}
