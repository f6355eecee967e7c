//! Figures and ceasefires from the fact sheets: each checked against the
//! sources and actors it names, said the way a reader says it ("nearly 700
//! military deaths"), and gathered into the sheets' pages with their
//! citations numbered.

use super::bodies::{render_snippet, Deferred};
use super::ids::{IdKind, IdRegistry, Refs};
use super::links::Links;
use super::{corrections, history, review};
use crate::diagnostic::{error_at, Diagnostics};
use crate::generated;
use crate::load::config::BaseUrl;
use crate::load::files::{Ceasefire, FactSheetFile, Figure, Qualifier, Topic};
use crate::load::Parsed;
use crate::model::chart;
use crate::model::facts::{CeasefireView, Citation, FigureView, Group, SheetView};
use crate::model::review::Day;
use crate::paths;
use std::collections::BTreeMap;

/// The figures and ceasefires of every usable sheet, complete.
pub struct Facts {
    pub figures: BTreeMap<String, FigureView>,
    pub ceasefires: Vec<CeasefireView>,
    /// Each topic's note as HTML, by sheet name and topic id.
    pub topic_notes: BTreeMap<(String, String), String>,
}

/// Step: figures and ceasefires. Needs: `sources` and the link table (for
/// `refs` and `links`); `links` must not allow `fact()`, since a figure's
/// note showing figures would be circular. Ids are claimed in `ids` in file
/// order: a sheet's figures, then its ceasefires.
pub fn figures_and_ceasefires<'s>(
    sheets: &'s [Parsed<FactSheetFile>],
    refs: &Refs,
    links: &Links,
    ids: &mut IdRegistry,
    deferred: &mut Deferred<'s>,
    today: Option<Day>,
    diags: &mut Diagnostics,
) -> Facts {
    let mut out = Facts {
        figures: BTreeMap::new(),
        ceasefires: Vec::new(),
        topic_notes: BTreeMap::new(),
    };
    let mut cx = Check {
        refs,
        links,
        ids,
        deferred,
        today,
        diags,
    };
    for sheet in sheets {
        let name = sheet.name();
        if !paths::is_slug(&name) {
            cx.diags.push(error_at(
                &sheet.file.rel,
                &sheet.file.text,
                crate::diagnostic::Pos::new(1, 1),
                format!(
                    "fact sheet file name `{name}` must be lowercase letters, digits and hyphens"
                ),
                "rename the file",
            ));
            continue;
        }
        check_topics(sheet, cx.diags);
        for t in &sheet.data.topics {
            if let Some(note) = &t.note {
                let html = render_snippet(note, &sheet.file, cx.links, cx.deferred, cx.diags).html;
                out.topic_notes.insert((name.clone(), t.id.clone()), html);
            }
        }
        for (i, f) in sheet.data.figures.iter().enumerate() {
            if let Some(v) = figure(sheet, i, f, &mut cx) {
                out.figures.insert(f.id.clone(), v);
            }
        }
        for (i, c) in sheet.data.ceasefires.iter().enumerate() {
            if let Some(v) = ceasefire(sheet, i, c, &mut cx) {
                out.ceasefires.push(v);
            }
        }
    }
    out
}

/// A sheet's topics: each id a slug, used once, not a figure's or a
/// ceasefire's id (it is an anchor on the same page); each figure's `topic`
/// one of them.
fn check_topics(sheet: &Parsed<FactSheetFile>, diags: &mut Diagnostics) {
    let (file, data) = (&sheet.file, &sheet.data);
    let err = |diags: &mut Diagnostics, key: String, msg: String, hint: &str| {
        diags.push(error_at(
            &file.rel,
            &file.text,
            sheet.index.get(&key),
            msg,
            hint,
        ));
    };
    let mut seen = std::collections::BTreeSet::new();
    for (i, t) in data.topics.iter().enumerate() {
        let key = format!("topics.{i}.id");
        if !paths::is_slug(&t.id) {
            err(
                diags,
                key,
                format!(
                    "topic id `{}` must be lowercase letters, digits and hyphens",
                    t.id
                ),
                "e.g. `nk-military-deaths-2020`",
            );
        } else if !seen.insert(t.id.as_str()) {
            err(
                diags,
                key,
                format!("topic `{}` is defined twice", t.id),
                "keep one of them",
            );
        } else if data.figures.iter().any(|f| f.id == t.id)
            || data.ceasefires.iter().any(|c| c.id == t.id)
            || RESERVED_ANCHORS.contains(&t.id.as_str())
        {
            err(
                diags,
                key,
                format!("topic id `{}` is already an anchor on this sheet", t.id),
                "topics share the page's anchors with figures and ceasefires; choose another id",
            );
        }
    }
    for (i, f) in data.figures.iter().enumerate() {
        let Some(topic) = &f.topic else { continue };
        if !data.topics.iter().any(|t| &t.id == topic) {
            let known: Vec<&str> = data.topics.iter().map(|t| t.id.as_str()).collect();
            let hint = if known.is_empty() {
                format!("add `topics: [{{ id: {topic}, title: ... }}]` to this sheet")
            } else {
                format!(
                    "known topics: {}; or add it under `topics:` with a title",
                    known.join(", ")
                )
            };
            err(
                diags,
                format!("figures.{i}.topic"),
                format!("unknown topic `{topic}`"),
                &hint,
            );
        }
    }
}

/// Ids the sheet's template uses for its own sections.
const RESERVED_ANCHORS: &[&str] = &["main", "ceasefires", "sheet-sources"];

/// What figures and ceasefires are checked with.
struct Check<'r, 'a, 's> {
    refs: &'r Refs<'a>,
    links: &'r Links<'a>,
    ids: &'r mut IdRegistry,
    /// Anchors in the sheets' notes, checked once pages are rendered.
    deferred: &'r mut Deferred<'s>,
    /// The build's "today", for review dates.
    today: Option<Day>,
    diags: &'r mut Diagnostics,
}

fn figure<'s>(
    sheet: &'s Parsed<FactSheetFile>,
    i: usize,
    f: &Figure,
    cx: &mut Check<'_, '_, 's>,
) -> Option<FigureView> {
    let (refs, links) = (cx.refs, cx.links);
    let (ids, deferred, diags) = (&mut *cx.ids, &mut *cx.deferred, &mut *cx.diags);
    let path = format!("figures.{i}");
    let at = |key: &str| sheet.index.get(&format!("{path}.{key}"));
    if !ids.claim(&f.id, "figure", &sheet.file, at("id"), diags) {
        return None;
    }
    if f.sources.is_empty() {
        diags.push(error_at(&sheet.file.rel, &sheet.file.text, sheet.index.get(&path), format!("figure `{}` has no source", f.id), "every figure needs `sources: [source-id]`; leave the figure out if no source can be given"));
    }
    let sources = refs.cite(
        &f.sources,
        &sheet.file,
        &|j| at(&format!("sources.{j}")),
        diags,
    );
    let claimed_by = refs.actor(
        &f.claimed_by,
        "claimed_by",
        &sheet.file,
        at("claimed_by"),
        diags,
    );
    let note_html = match &f.note {
        Some(note) => render_snippet(note, &sheet.file, links, deferred, diags).html,
        None => String::new(),
    };
    let (said, value_said) = say(f);
    let name = sheet.name();
    let url = refs
        .base
        .url(&format!("{}#{}", generated::sheet_path(&name), f.id));
    let history = history::changes(sheet, i, f, &url, refs, diags);
    let owner = corrections::Owner {
        kind: "figure",
        of: &f.id,
        title: &f.label,
        url: &url,
        permalink: &refs
            .base
            .permalink(&format!("{}#{}", generated::sheet_path(&name), f.id)),
        anchor_prefix: format!("{}-", f.id),
    };
    Some(FigureView {
        review: review::figure_review(sheet, i, f, cx.today),
        history,
        corrections: corrections::views(&f.corrections, &owner),
        id: f.id.clone(),
        sheet: name.clone(),
        label: f.label.clone(),
        said,
        value_said,
        value: f.value,
        value_low: f.value.low,
        value_high: f.value.high,
        qualifier: qualifier_name(f.qualifier).to_string(),
        unit: f.unit.clone(),
        as_of: f.as_of.display(),
        as_of_machine: f.as_of.machine(),
        as_of_edtf: f.as_of.edtf(),
        claimed_by_in_text: refs
            .in_text
            .get(&claimed_by.id)
            .cloned()
            .unwrap_or_else(|| claimed_by.title.clone()),
        claimed_by,
        sources,
        topic: f.topic.clone(),
        note_html,
        note: f.note.clone(),
        url,
        timeline: f.timeline,
        label_repeated: false,
    })
}

fn ceasefire<'s>(
    sheet: &'s Parsed<FactSheetFile>,
    i: usize,
    c: &Ceasefire,
    cx: &mut Check<'_, '_, 's>,
) -> Option<CeasefireView> {
    let (refs, links) = (cx.refs, cx.links);
    let (ids, deferred, diags) = (&mut *cx.ids, &mut *cx.deferred, &mut *cx.diags);
    let (file, path) = (&sheet.file, format!("ceasefires.{i}"));
    let at = |key: &str| sheet.index.get(&format!("{path}.{key}"));
    if !ids.claim(&c.id, "ceasefire", file, at("id"), diags) {
        return None;
    }
    for (label, d) in [("in_force", c.in_force), ("ended", c.ended)] {
        match d {
            Some(d) if d.end_key() < c.agreed.sort_key() => diags.push(error_at(
                &file.rel,
                &file.text,
                at(label),
                format!(
                    "`{label}` ({}) is before `agreed` ({})",
                    d.display(),
                    c.agreed.display()
                ),
                "check the dates",
            )),
            _ => {}
        }
    }
    if c.sources.is_empty() {
        diags.push(error_at(
            &file.rel,
            &file.text,
            sheet.index.get(&path),
            format!("ceasefire `{}` has no source", c.id),
            "add `sources: [source-id]`",
        ));
    }
    let sources = refs.cite(&c.sources, file, &|j| at(&format!("sources.{j}")), diags);
    let actors = |key: &str, list: &[String], diags: &mut Diagnostics| {
        let at = |j: usize| sheet.index.get(&format!("{path}.{key}.{j}"));
        refs.refs(list, IdKind::Actor, None, file, &at, diags).0
    };
    let brokered_by = actors("brokered_by", &c.brokered_by, diags);
    let parties = actors("parties", &c.parties, diags);
    let summary_html = render_snippet(&c.summary, file, links, deferred, diags).html;
    let note_html = match &c.note {
        Some(n) => render_snippet(n, file, links, deferred, diags).html,
        None => String::new(),
    };
    Some(CeasefireView {
        id: c.id.clone(),
        name: c.name.clone(),
        agreed: c.agreed.display(),
        agreed_machine: c.agreed.machine(),
        in_force: c.in_force.map(|d| d.display()),
        in_force_machine: c.in_force.map(|d| d.machine()),
        ended: c.ended.map(|d| d.display()),
        ended_machine: c.ended.map(|d| d.machine()),
        agreed_edtf: c.agreed.edtf(),
        in_force_edtf: c.in_force.map(|d| d.edtf()),
        ended_edtf: c.ended.map(|d| d.edtf()),
        brokered_by,
        parties,
        sources,
        summary: c.summary.clone(),
        summary_html,
        note: c.note.clone(),
        note_html,
        url: refs.base.url(&format!(
            "{}#{}",
            generated::sheet_path(&sheet.name()),
            c.id
        )),
    })
}

/// "nearly 700 military deaths", "76.9%", "26–32 civilians", and the value
/// alone ("nearly 700").
pub(super) fn say(f: &Figure) -> (String, String) {
    let q = f.qualifier.words();
    let v = f.value.display();
    let value_said = if q.is_empty() {
        v.clone()
    } else {
        format!("{q} {v}")
    };
    let said = if f.unit == "percent" {
        format!("{value_said}%")
    } else if f.unit.is_empty() {
        value_said.clone()
    } else {
        format!("{value_said} {}", f.unit)
    };
    (said, value_said)
}

pub(super) fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exactly => "exactly",
        other => other.words(),
    }
}

/// Step: the sheets' pages. Needs: `figures_and_ceasefires`. Each sheet
/// shows its figures grouped by topic and its ceasefires, with every source
/// numbered in order of first appearance; sheets sorted by weight, title.
pub fn sheet_views(
    sheets: &[Parsed<FactSheetFile>],
    facts: &Facts,
    base: &BaseUrl,
) -> Vec<SheetView> {
    let mut views: Vec<SheetView> = sheets
        .iter()
        .filter(|s| paths::is_slug(&s.name()))
        .map(|sheet| sheet_view(sheet, facts, base))
        .collect();
    views.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    views
}

fn sheet_view(sheet: &Parsed<FactSheetFile>, facts: &Facts, base: &BaseUrl) -> SheetView {
    let name = sheet.name();
    let figures: Vec<FigureView> = sheet
        .data
        .figures
        .iter()
        .filter_map(|f| facts.figures.get(&f.id).cloned())
        .collect();
    let ceasefires: Vec<CeasefireView> = sheet
        .data
        .ceasefires
        .iter()
        .filter_map(|c| facts.ceasefires.iter().find(|v| v.id == c.id).cloned())
        .collect();
    let notes = |topic: &str| {
        facts
            .topic_notes
            .get(&(name.clone(), topic.to_string()))
            .cloned()
            .unwrap_or_default()
    };
    let mut groups = group(figures, &sheet.data.topics, &notes);
    let mut ceasefires = ceasefires;
    let sources = number_citations(&mut groups, &mut ceasefires);
    let jsonld = dataset_jsonld(sheet, &name, &groups, base);
    SheetView {
        title: sheet.data.title.clone(),
        summary: sheet.data.summary.clone(),
        url: base.url(&generated::sheet_path(&name)),
        csv_url: base.url(&generated::sheet_csv(&name)),
        json_url: base.url(&generated::sheet_json(&name)),
        figure_count: groups.iter().map(|g| g.figures.len()).sum(),
        groups,
        ceasefires,
        sources,
        weight: sheet.data.weight.unwrap_or(i64::MAX),
        jsonld,
        name,
    }
}

/// The schema.org `Dataset` JSON-LD for a sheet and its downloads; `<` is
/// escaped so the block can never close its `<script>` element early.
fn dataset_jsonld(
    sheet: &Parsed<FactSheetFile>,
    name: &str,
    groups: &[Group],
    base: &BaseUrl,
) -> String {
    let download = |format: &str, path: String| serde_json::json!({ "@type": "DataDownload", "encodingFormat": format, "contentUrl": base.permalink(&path) });
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": sheet.data.title,
        "description": sheet.data.summary,
        "url": base.permalink(&generated::sheet_path(name)),
        "distribution": [
            download("text/csv", generated::sheet_csv(name)),
            download("application/json", generated::sheet_json(name)),
        ],
        "variableMeasured": groups.iter().map(|g| g.label.clone()).collect::<Vec<_>>(),
    });
    let corrections: Vec<_> = groups
        .iter()
        .flat_map(|g| g.figures.iter().flat_map(|f| f.corrections.iter().cloned()))
        .collect();
    if !corrections.is_empty() {
        v["correction"] = crate::render::context::correction_jsonld(&corrections);
    }
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// Number a sheet's citations 1, 2, 3 in order of first appearance, and
/// return the list of its sources so numbered.
fn number_citations(groups: &mut [Group], ceasefires: &mut [CeasefireView]) -> Vec<Citation> {
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut list = Vec::new();
    let mut number = |c: &mut Citation| {
        let next = numbers.len() + 1;
        let n = *numbers.entry(c.id.clone()).or_insert_with(|| {
            list.push(Citation {
                n: next,
                ..c.clone()
            });
            next
        });
        c.n = n;
    };
    for g in groups.iter_mut() {
        for f in g.figures.iter_mut() {
            f.sources.iter_mut().for_each(&mut number);
        }
    }
    for c in ceasefires.iter_mut() {
        c.sources.iter_mut().for_each(&mut number);
    }
    list
}

/// Group a sheet's figures by topic, keeping the sheet's order of first
/// appearance; figures within a topic by date, then claimant.
fn group(
    figures: Vec<FigureView>,
    topics: &[Topic],
    note_html: &dyn Fn(&str) -> String,
) -> Vec<Group> {
    let mut order: Vec<Option<String>> = Vec::new();
    let mut by: BTreeMap<Option<String>, Vec<FigureView>> = BTreeMap::new();
    for f in figures {
        let key = f.topic.clone().or_else(|| Some(format!("\u{0}{}", f.id)));
        if !by.contains_key(&key) {
            order.push(key.clone());
        }
        by.entry(key).or_default().push(f);
    }
    order
        .into_iter()
        .map(|key| {
            let mut figures = by.remove(&key).unwrap_or_default();
            figures.sort_by(|a, b| {
                (&a.as_of_machine, &a.claimed_by.title, &a.id).cmp(&(
                    &b.as_of_machine,
                    &b.claimed_by.title,
                    &b.id,
                ))
            });
            for i in 1..figures.len() {
                figures[i].label_repeated = figures[i].label == figures[i - 1].label;
            }
            let topic = key.filter(|k| !k.starts_with('\u{0}'));
            let declared = topic
                .as_ref()
                .and_then(|t| topics.iter().find(|d| &d.id == t));
            let first = figures.first();
            let (anchor, label, note) = match (&topic, declared) {
                (Some(t), Some(d)) => (t.clone(), d.title.clone(), note_html(t)),
                _ => (
                    format!("{}-group", first.map(|f| f.id.as_str()).unwrap_or_default()),
                    first.map(|f| f.label.clone()).unwrap_or_default(),
                    String::new(),
                ),
            };
            // The heading already says it: a row whose label is the
            // group's title shows it only to screen readers.
            if let Some(f) = figures.first_mut() {
                f.label_repeated = f.label == label;
            }
            let chart = topic
                .as_ref()
                .and_then(|t| chart::chart_svg(t, &label, &figures));
            Group {
                topic,
                anchor,
                label,
                note_html: note,
                figures,
                chart,
            }
        })
        .collect()
}
