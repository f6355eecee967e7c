//! Every download, serialised in one place: each fact sheet as CSV and
//! JSON, the timeline as our own JSON and in TimelineJS3's format.
//!
//! A sheet's CSV has one row per figure and per ceasefire, told apart by
//! the `kind` column, followed by a `change` row for each earlier state of
//! a figure (newest first: what it was, `changed_on`, `reason`) and a
//! `correction` row for each of its corrections; columns that do not apply
//! to a row are empty. Every
//! source column gives, in the order the item cites them, the source ids,
//! the sources' own URLs (empty where none is known), their archived
//! copies' URLs (empty where there is none) and the absolute URL of each
//! source's entry on `/sources/`, each list separated by `;`.

use super::search::plain_text;
use super::OutputFile;
use crate::generated;
use crate::model::changes::{ChangeView, CorrectionView};
use crate::model::facts::{CeasefireView, Citation, FigureView, Ref, SheetView};
use crate::model::review::ReviewView;
use crate::model::timeline::TimelineView;
use crate::resolve::Site;
use serde_json::json;

/// Every export of the site.
pub fn all(site: &Site) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for sheet in &site.sheets {
        out.push(OutputFile {
            path: generated::sheet_csv(&sheet.name).into(),
            bytes: sheet_csv(sheet),
        });
        out.push(OutputFile {
            path: generated::sheet_json(&sheet.name).into(),
            bytes: sheet_json(sheet).into_bytes(),
        });
    }
    out.push(OutputFile {
        path: crate::published::CORRECTIONS_FILE.into(),
        bytes: corrections_json(site).into_bytes(),
    });
    out.push(OutputFile {
        path: generated::PROV_FILE.into(),
        bytes: super::prov::prov_jsonld(site).into_bytes(),
    });
    out.push(OutputFile {
        path: "timeline.json".into(),
        bytes: timeline_json(&site.timeline).into_bytes(),
    });
    let (title, description) = (&site.config.title, &site.config.description);
    out.push(OutputFile {
        path: "timeline.timelinejs.json".into(),
        bytes: timelinejs(&site.timeline, title, description).into_bytes(),
    });
    out
}

const CSV_HEADER: [&str; COLUMNS] = [
    "kind",
    "id",
    "label",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "as_of",
    "claimed_by",
    "claimed_by_name",
    "topic",
    "agreed",
    "in_force",
    "ended",
    "brokered_by",
    "parties",
    "sources",
    "source_urls",
    "source_archived_urls",
    "source_entries",
    "summary",
    "note",
    "review_by",
    "checked",
    "changed_on",
    "reason",
    "withdrawn",
];

const COLUMNS: usize = 28;
type Row = [String; COLUMNS];

/// A row with `values` in the columns of those names and nothing in the
/// others: the one place a column's position is known.
fn row_of(values: &[(&str, String)]) -> Row {
    let mut row: Row = Default::default();
    for (name, value) in values {
        if let Some(i) = CSV_HEADER.iter().position(|c| c == name) {
            row[i] = value.clone();
        }
    }
    row
}

/// The four source columns: ids, the sources' own URLs, their archived
/// copies, their entries.
fn source_columns(sources: &[Citation]) -> [String; 4] {
    let join = |f: &dyn Fn(&Citation) -> &str| sources.iter().map(f).collect::<Vec<_>>().join(";");
    [
        join(&|s| &s.id),
        join(&|s| s.source_url.as_deref().unwrap_or("")),
        join(&|s| s.archived_url.as_deref().unwrap_or("")),
        join(&|s| &s.entry_permalink),
    ]
}

fn id_list(refs: &[Ref]) -> Vec<&str> {
    refs.iter().map(|r| r.id.as_str()).collect()
}

fn ids(refs: &[Ref]) -> String {
    id_list(refs).join(";")
}

fn text(md: Option<&str>) -> String {
    md.map(|m| plain_text(m, &|_| None)).unwrap_or_default()
}

fn figure_row(f: &FigureView) -> Row {
    let [sources, urls, archived, entries] = source_columns(&f.sources);
    let review = |get: &dyn Fn(&ReviewView) -> &Option<String>| {
        f.review
            .as_ref()
            .and_then(|r| get(r).clone())
            .unwrap_or_default()
    };
    row_of(&[
        ("kind", "figure".into()),
        ("id", f.id.clone()),
        ("label", f.label.clone()),
        ("value", f.value_said.clone()),
        ("value_low", f.value_low.to_string()),
        (
            "value_high",
            f.value_high.map(|v| v.to_string()).unwrap_or_default(),
        ),
        ("qualifier", f.qualifier.clone()),
        ("unit", f.unit.clone()),
        ("as_of", f.as_of_edtf.clone()),
        ("claimed_by", f.claimed_by.id.clone()),
        ("claimed_by_name", f.claimed_by.title.clone()),
        ("topic", f.topic.clone().unwrap_or_default()),
        ("sources", sources),
        ("source_urls", urls),
        ("source_archived_urls", archived),
        ("source_entries", entries),
        ("note", text(f.note.as_deref())),
        ("review_by", review(&|r| &r.due_machine)),
        ("checked", review(&|r| &r.checked_machine)),
    ])
}

/// What a figure was before one change: the figure's columns as they
/// were, the day it changed and why.
fn change_row(f: &FigureView, c: &ChangeView) -> Row {
    row_of(&[
        ("kind", "change".into()),
        ("id", f.id.clone()),
        ("label", f.label.clone()),
        ("value", c.was_value.display()),
        ("value_low", c.was_value.low.to_string()),
        (
            "value_high",
            c.was_value.high.map(|v| v.to_string()).unwrap_or_default(),
        ),
        ("qualifier", c.was_qualifier.clone()),
        ("unit", f.unit.clone()),
        ("as_of", c.was_as_of_edtf.clone()),
        ("claimed_by", c.was_claimed_by.id.clone()),
        ("claimed_by_name", c.was_claimed_by.title.clone()),
        ("topic", f.topic.clone().unwrap_or_default()),
        ("changed_on", c.date_machine.clone()),
        ("reason", c.reason.clone()),
    ])
}

/// One correction of a figure: its text as the summary, what was wrong
/// as the note.
fn correction_row(f: &FigureView, c: &CorrectionView) -> Row {
    row_of(&[
        ("kind", "correction".into()),
        ("id", f.id.clone()),
        ("label", f.label.clone()),
        ("summary", c.text.clone()),
        ("note", c.wrong.clone().unwrap_or_default()),
        ("changed_on", c.date_machine.clone()),
        ("withdrawn", c.withdrawn.clone().unwrap_or_default()),
    ])
}

/// A figure's row, then its changes and corrections.
fn figure_rows(f: &FigureView) -> Vec<Row> {
    std::iter::once(figure_row(f))
        .chain(f.history.iter().map(|c| change_row(f, c)))
        .chain(f.corrections.iter().map(|c| correction_row(f, c)))
        .collect()
}

fn ceasefire_row(c: &CeasefireView) -> Row {
    let [sources, urls, archived, entries] = source_columns(&c.sources);
    row_of(&[
        ("kind", "ceasefire".into()),
        ("id", c.id.clone()),
        ("label", c.name.clone()),
        ("agreed", c.agreed_edtf.clone()),
        ("in_force", c.in_force_edtf.clone().unwrap_or_default()),
        ("ended", c.ended_edtf.clone().unwrap_or_default()),
        ("brokered_by", ids(&c.brokered_by)),
        ("parties", ids(&c.parties)),
        ("sources", sources),
        ("source_urls", urls),
        ("source_archived_urls", archived),
        ("source_entries", entries),
        ("summary", text(Some(&c.summary))),
        ("note", text(c.note.as_deref())),
    ])
}

/// RFC 4180 CSV of a sheet: its figures, then its ceasefires.
pub fn sheet_csv(sheet: &SheetView) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let figures = sheet
        .groups
        .iter()
        .flat_map(|g| g.figures.iter())
        .flat_map(figure_rows);
    let ceasefires = sheet.ceasefires.iter().map(ceasefire_row);
    let rows = std::iter::once(CSV_HEADER.map(String::from))
        .chain(figures)
        .chain(ceasefires);
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// JSON of a sheet: every figure and ceasefire with every field as the
/// editor wrote it, plus what the site made of it (`said`, names, URLs and
/// the sources' details).
pub fn sheet_json(sheet: &SheetView) -> String {
    let figures: Vec<serde_json::Value> = sheet
        .groups
        .iter()
        .flat_map(|g| g.figures.iter())
        .map(|f| {
            json!({
                "id": f.id,
                "label": f.label,
                "value": f.value,
                "qualifier": f.qualifier,
                "unit": f.unit,
                "as_of": f.as_of_edtf,
                "claimed_by": f.claimed_by.id,
                "sources": f.sources.iter().map(|s| &s.id).collect::<Vec<_>>(),
                "topic": f.topic,
                "note": f.note,
                "timeline": f.timeline,
                "said": f.said,
                "claimed_by_name": f.claimed_by.title,
                "url": f.url,
                "source_details": f.sources,
                "review": f.review,
                "history": f.history.iter().map(change_json).collect::<Vec<_>>(),
                "corrections": f.corrections.iter().map(correction_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let ceasefires: Vec<serde_json::Value> = sheet
        .ceasefires
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "agreed": c.agreed_edtf,
                "in_force": c.in_force_edtf,
                "ended": c.ended_edtf,
                "brokered_by": id_list(&c.brokered_by),
                "parties": id_list(&c.parties),
                "sources": c.sources.iter().map(|s| &s.id).collect::<Vec<_>>(),
                "summary": c.summary,
                "note": c.note,
                "url": c.url,
                "source_details": c.sources,
            })
        })
        .collect();
    let e = json!({
        "title": sheet.title,
        "summary": sheet.summary,
        "url": sheet.url,
        "figures": figures,
        "ceasefires": ceasefires,
    });
    serde_json::to_string_pretty(&e).unwrap_or_default() + "\n"
}

/// One change as the sheet's JSON gives it: the figure before, field by
/// field as the editor would write it, and the day and reason.
fn change_json(c: &ChangeView) -> serde_json::Value {
    json!({
        "date": c.date_machine,
        "reason": c.reason,
        "fields": c.fields,
        "was": {
            "value": c.was_value,
            "qualifier": c.was_qualifier,
            "as_of": c.was_as_of_edtf,
            "claimed_by": c.was_claimed_by.id,
            "said": c.was_said,
        },
        "url": c.url,
    })
}

/// One correction as the exports give it.
pub fn correction_json(c: &CorrectionView) -> serde_json::Value {
    json!({
        "kind": c.kind,
        "of": c.of,
        "title": c.title,
        "date": c.date_machine,
        "text": c.text,
        "wrong": c.wrong,
        "withdrawn": c.withdrawn,
        "url": c.permalink,
    })
}

/// `/corrections.json`: every correction of the site, newest first. The
/// next build reads it back to notice a correction that went missing
/// (`published`).
pub fn corrections_json(site: &Site) -> String {
    let list: Vec<serde_json::Value> = site.corrections.iter().map(correction_json).collect();
    serde_json::to_string_pretty(&json!({ "corrections": list })).unwrap_or_default() + "\n"
}

/// `/timeline.json`: every field of every event, in order.
pub fn timeline_json(view: &TimelineView) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "events": view.events })).unwrap_or_default()
        + "\n"
}

/// `/timeline.timelinejs.json` in TimelineJS3's format.
pub fn timelinejs(view: &TimelineView, title: &str, description: &str) -> String {
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
