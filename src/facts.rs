//! Figures and their provenance: fact sheets checked against sources and
//! actors, figures said the way a reader says them ("nearly 700 military
//! deaths"), the `fact()` HTML, CSV and JSON exports, and charts of claims
//! made over time.

use crate::formats::{Ceasefire, Figure, Qualifier};
use crate::paths;
use serde::Serialize;
use std::collections::BTreeMap;

/// A link to something with a title: an actor, a place, a page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    pub title: String,
    pub url: String,
    pub id: String,
}

/// A source as cited from one item, with its number on that page.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub n: usize,
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub id: String,
    pub sheet: String,
    pub label: String,
    /// "nearly 700 military deaths"
    pub said: String,
    /// "nearly 700"
    pub value_said: String,
    pub value_low: f64,
    pub value_high: Option<f64>,
    pub qualifier: String,
    pub unit: String,
    pub as_of: String,
    pub as_of_machine: String,
    pub as_of_edtf: String,
    pub claimed_by: Ref,
    pub sources: Vec<Citation>,
    pub topic: Option<String>,
    pub note_html: String,
    pub note: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CeasefireView {
    pub id: String,
    pub name: String,
    pub agreed: String,
    pub agreed_machine: String,
    pub in_force: Option<String>,
    pub in_force_machine: Option<String>,
    pub ended: Option<String>,
    pub ended_machine: Option<String>,
    pub brokered_by: Vec<Ref>,
    pub parties: Vec<Ref>,
    pub sources: Vec<Citation>,
    pub summary_html: String,
    pub note_html: String,
    pub url: String,
}

/// Figures that share a topic, shown side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub topic: Option<String>,
    pub label: String,
    pub figures: Vec<FigureView>,
    /// SVG markup, when the topic has two or more dated figures.
    pub chart: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    pub name: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub csv_url: String,
    pub json_url: String,
    pub groups: Vec<Group>,
    pub ceasefires: Vec<CeasefireView>,
    /// Every source the sheet cites, numbered as in its rows.
    pub sources: Vec<Citation>,
    pub figure_count: usize,
    pub weight: i64,
    /// schema.org `Dataset` JSON-LD describing the sheet and its downloads.
    pub jsonld: String,
}

/// The `Dataset` JSON-LD for a sheet; `<` is escaped so the block can never
/// close its `<script>` element early.
pub fn dataset_jsonld(sheet: &SheetView, base_full: &str, base_path: &str) -> String {
    let abs = |u: &str| format!("{base_full}{}", u.strip_prefix(base_path).unwrap_or(u));
    let v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": sheet.title,
        "description": sheet.summary,
        "url": abs(&sheet.url),
        "distribution": [
            { "@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": abs(&sheet.csv_url) },
            { "@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": abs(&sheet.json_url) }
        ],
        "variableMeasured": sheet.groups.iter().map(|g| g.label.clone()).collect::<Vec<_>>(),
    });
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// "nearly 700 military deaths", "76.9%", "26–32 civilians".
pub fn say(f: &Figure) -> (String, String) {
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

pub fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exactly => "exactly",
        other => other.words(),
    }
}

/// The HTML `fact()` puts into prose and templates.
pub fn fact_html(f: &FigureView) -> String {
    let esc = crate::html::escape;
    let mut sources = String::new();
    for (i, s) in f.sources.iter().enumerate() {
        if i > 0 {
            sources.push_str(", ");
        }
        sources.push_str(&format!(
            "<a href=\"{}\" title=\"{}\">{}</a>",
            esc(&s.url),
            esc(&s.title),
            esc(&s.outlet)
        ));
    }
    format!(
        "<span class=\"fact\"><a class=\"fact-value\" href=\"{}\">{}</a> <span class=\"fact-meta\">(claimed by: {}; as of <time datetime=\"{}\">{}</time>; source: {})</span></span>",
        esc(&f.url),
        esc(&f.said),
        esc(&f.claimed_by.title),
        f.as_of_machine,
        esc(&f.as_of),
        sources
    )
}

/// Group a sheet's figures by topic, keeping the sheet's order of first
/// appearance; figures within a topic by date, then claimant.
pub fn group(figures: Vec<FigureView>) -> Vec<Group> {
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
            let topic = key.filter(|k| !k.starts_with('\u{0}'));
            let label = figures.first().map(|f| f.label.clone()).unwrap_or_default();
            let chart = match &topic {
                Some(t) => chart_svg(t, &figures),
                None => None,
            };
            Group {
                topic,
                label,
                figures,
                chart,
            }
        })
        .collect()
}

fn day_number(machine: &str) -> f64 {
    let parts: Vec<i32> = machine
        .split(['-', 'T'])
        .take(3)
        .filter_map(|p| p.parse().ok())
        .collect();
    let (y, m, d) = (
        parts[0],
        *parts.get(1).unwrap_or(&1),
        *parts.get(2).unwrap_or(&1),
    );
    match jiff::civil::Date::new(y as i16, m as i8, d as i8) {
        Ok(date) => (y - 1970) as f64 * 365.2425 + date.day_of_year() as f64,
        Err(_) => 0.0,
    }
}

/// A line chart, one series per claimant, as plain SVG (no script). Colours
/// come from CSS classes so that print and dark mode can restyle it.
pub fn chart_svg(topic: &str, figures: &[FigureView]) -> Option<String> {
    if figures.len() < 2 {
        return None;
    }
    let mut series: BTreeMap<&str, Vec<&FigureView>> = BTreeMap::new();
    for f in figures {
        series
            .entry(f.claimed_by.title.as_str())
            .or_default()
            .push(f);
    }
    let xs: Vec<f64> = figures
        .iter()
        .map(|f| day_number(&f.as_of_machine))
        .collect();
    let (x0, x1) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    if x1 <= x0 {
        return None; // all on one day: the table says it better
    }
    let ymax = figures
        .iter()
        .map(|f| f.value_high.unwrap_or(f.value_low))
        .fold(0.0, f64::max);
    let ymax = if ymax <= 0.0 { 1.0 } else { ymax * 1.15 };
    let (w, h, left, right, top, bottom) = (640.0, 300.0, 56.0, 16.0, 16.0, 64.0);
    let px = |x: f64| left + (x - x0) / (x1 - x0) * (w - left - right);
    let py = |y: f64| top + (1.0 - y / ymax) * (h - top - bottom);
    let esc = crate::html::escape;
    let id = paths::slugify(topic);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"chart-{id}-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-{id}-title\">{} over time, one line per claimant; the table beside it gives every value</title>",
        esc(&figures[0].label)
    );
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/><line class=\"axis\" x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{b}\"/>",
        b = h - bottom,
        r = w - right
    ));
    for (label, y) in [
        ("0".to_string(), 0.0),
        (
            crate::formats::format_number((ymax / 1.15).round()),
            ymax / 1.15,
        ),
    ] {
        svg.push_str(&format!(
            "<text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            py(y) + 4.0,
            label
        ));
    }
    let first = figures
        .iter()
        .min_by(|a, b| a.as_of_machine.cmp(&b.as_of_machine))
        .unwrap_or(&figures[0]);
    let last = figures
        .iter()
        .max_by(|a, b| a.as_of_machine.cmp(&b.as_of_machine))
        .unwrap_or(&figures[0]);
    svg.push_str(&format!(
        "<text class=\"tick\" x=\"{left}\" y=\"{:.1}\">{}</text><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        h - bottom + 16.0,
        esc(&first.as_of),
        w - right,
        h - bottom + 16.0,
        esc(&last.as_of)
    ));
    for (i, (claimant, points)) in series.iter().enumerate() {
        let class = format!("series-{}", i % 6);
        let coords: Vec<String> = points
            .iter()
            .map(|f| {
                format!(
                    "{:.1},{:.1}",
                    px(day_number(&f.as_of_machine)),
                    py(f.value_low)
                )
            })
            .collect();
        if coords.len() > 1 {
            svg.push_str(&format!(
                "<polyline class=\"{class}\" fill=\"none\" points=\"{}\"/>",
                coords.join(" ")
            ));
        }
        for f in points {
            let (x, y) = (px(day_number(&f.as_of_machine)), py(f.value_low));
            // Labels at the edges grow inwards so they are never cut off.
            let anchor = if x > w - right - 60.0 {
                "end"
            } else if x < left + 60.0 {
                "start"
            } else {
                "middle"
            };
            svg.push_str(&format!(
                "<circle class=\"{class}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" data-date=\"{}\" data-value=\"{}\"/><text class=\"value\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                f.as_of_machine,
                f.value_low,
                y - 8.0,
                esc(&f.value_said)
            ));
        }
        let lx = left + (i as f64) * 190.0;
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{lx}\" y=\"{:.1}\" width=\"12\" height=\"12\"/><text class=\"legend\" x=\"{}\" y=\"{:.1}\">{}</text>",
            h - 30.0,
            lx + 18.0,
            h - 20.0,
            esc(claimant)
        ));
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// RFC 4180 CSV of a sheet's figures, every column including sources.
pub fn csv(sheet: &SheetView) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
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
        "sources",
        "source_urls",
        "note",
    ];
    w.write_record(header).map_err(|e| e.to_string())?;
    for g in &sheet.groups {
        for f in &g.figures {
            let ids: Vec<&str> = f.sources.iter().map(|s| s.id.as_str()).collect();
            let urls: Vec<&str> = f.sources.iter().map(|s| s.url.as_str()).collect();
            w.write_record([
                f.id.as_str(),
                &f.label,
                &f.value_said,
                &f.value_low.to_string(),
                &f.value_high.map(|v| v.to_string()).unwrap_or_default(),
                &f.qualifier,
                &f.unit,
                &f.as_of_edtf,
                &f.claimed_by.id,
                &f.claimed_by.title,
                f.topic.as_deref().unwrap_or(""),
                &ids.join(";"),
                &urls.join(" "),
                f.note.as_deref().unwrap_or(""),
            ])
            .map_err(|e| e.to_string())?;
        }
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// JSON of a sheet: every figure and ceasefire with every field.
pub fn json(sheet: &SheetView, figures: &[&Figure], ceasefires: &[&Ceasefire]) -> String {
    #[derive(Serialize)]
    struct Export<'a> {
        title: &'a str,
        summary: &'a str,
        url: &'a str,
        figures: Vec<serde_json::Value>,
        ceasefires: &'a [&'a Ceasefire],
    }
    let views: BTreeMap<&str, &FigureView> = sheet
        .groups
        .iter()
        .flat_map(|g| g.figures.iter())
        .map(|f| (f.id.as_str(), f))
        .collect();
    let figures = figures
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            if let (Some(obj), Some(view)) = (v.as_object_mut(), views.get(f.id.as_str())) {
                obj.insert("said".into(), view.said.clone().into());
                obj.insert(
                    "claimed_by_name".into(),
                    view.claimed_by.title.clone().into(),
                );
                obj.insert("url".into(), view.url.clone().into());
                obj.insert(
                    "source_details".into(),
                    serde_json::to_value(&view.sources).unwrap_or_default(),
                );
            }
            v
        })
        .collect();
    let e = Export {
        title: &sheet.title,
        summary: &sheet.summary,
        url: &sheet.url,
        figures,
        ceasefires,
    };
    serde_json::to_string_pretty(&e).unwrap_or_default() + "\n"
}
