//! Figures, ceasefires and fact sheets as readers see them, each with its
//! provenance (who claims it, as of when, which sources), the `fact()` HTML
//! and the grouping of a sheet's figures by topic. Display types only: they
//! are built in `resolve::facts`.

use super::values::FigureValue;
use serde::Serialize;

/// A link to something with a title: an actor, a place, a page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    pub title: String,
    pub url: String,
    pub id: String,
}

/// A source as cited from one item, with its number on that page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    pub n: usize,
    pub id: String,
    pub outlet: String,
    pub title: String,
    /// Its entry on `/sources/`, as pages link it.
    pub url: String,
    /// The source's own address, when known.
    pub source_url: Option<String>,
    /// An archive's snapshot of the source, when the editor gives one.
    pub archived_url: Option<String>,
    /// Its entry on `/sources/` as an absolute URL, for downloads (a CSV
    /// has no base to resolve a relative link against).
    pub entry_permalink: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureView {
    pub id: String,
    pub sheet: String,
    pub label: String,
    /// "nearly 700 military deaths"
    pub said: String,
    /// "nearly 700"
    pub value_said: String,
    pub value: FigureValue,
    pub value_low: f64,
    pub value_high: Option<f64>,
    pub qualifier: String,
    pub unit: String,
    pub as_of: String,
    pub as_of_machine: String,
    pub as_of_edtf: String,
    pub claimed_by: Ref,
    /// The claimant as running text names it ("the Nagorno-Karabakh
    /// authorities"): the actor's `in_text`, or its title.
    pub claimed_by_in_text: String,
    pub sources: Vec<Citation>,
    pub topic: Option<String>,
    pub note_html: String,
    pub note: Option<String>,
    pub url: String,
    /// Shown on the timeline at its as-of date.
    pub timeline: bool,
    /// On a sheet: the row above has the same label, so it is not shown again.
    pub label_repeated: bool,
    /// When it is due to be checked again, when it last was, and whether
    /// it is overdue; `None` when the editors recorded neither.
    pub review: Option<super::review::ReviewView>,
    /// Its changes, newest first.
    pub history: Vec<super::changes::ChangeView>,
    /// Its corrections, in the order the editor wrote them.
    pub corrections: Vec<super::changes::CorrectionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CeasefireView {
    pub id: String,
    pub name: String,
    pub agreed: String,
    pub agreed_machine: String,
    pub in_force: Option<String>,
    pub in_force_machine: Option<String>,
    pub ended: Option<String>,
    pub ended_machine: Option<String>,
    /// The three dates in EDTF, for exports.
    pub agreed_edtf: String,
    pub in_force_edtf: Option<String>,
    pub ended_edtf: Option<String>,
    pub brokered_by: Vec<Ref>,
    pub parties: Vec<Ref>,
    pub sources: Vec<Citation>,
    /// As the editor wrote them (Markdown), and as HTML.
    pub summary: String,
    pub summary_html: String,
    pub note: Option<String>,
    pub note_html: String,
    pub url: String,
}

/// Figures that share a topic, shown side by side; or one figure alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub topic: Option<String>,
    /// The group's anchor on its sheet: the topic's id, or for a figure
    /// alone `<figure id>-group` (the row itself has the figure's id).
    pub anchor: String,
    /// The topic's title, or the lone figure's label.
    pub label: String,
    /// The topic's note, as HTML.
    pub note_html: String,
    /// Each figure's row, with `label_repeated` set where the label is the
    /// same as the row before (shown once).
    pub figures: Vec<FigureView>,
    /// SVG markup, when the topic has two or more dated figures.
    pub chart: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// How `fact()` shows a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactStyle {
    /// As wire copy does: "26 people, according to AP (February 1988)",
    /// with a note marker; the page's Notes list gives the provenance.
    News,
    /// Everything inline, for tables: "(claimed by: …; as of …; source: …)".
    Full,
    /// The value alone, linked to its row on the fact sheet.
    Value,
    /// The value with its note marker, for a sentence that already says
    /// who claims it: "AP counted 26 people¹ among the dead". Repeating
    /// "according to AP" there would say it twice, mid-sentence.
    Noted,
}

impl FactStyle {
    pub fn parse(s: &str) -> Option<FactStyle> {
        match s {
            "news" => Some(FactStyle::News),
            "full" => Some(FactStyle::Full),
            "value" => Some(FactStyle::Value),
            "noted" => Some(FactStyle::Noted),
            _ => None,
        }
    }
}

/// The note marker after a figure in running text. Where the page collects
/// notes (`render::context`), it becomes a numbered link to the Notes list;
/// elsewhere it links to the figure's row on its sheet, which says the same.
pub fn note_marker(f: &FigureView) -> String {
    format!(
        "<sup class=\"note-ref\" data-note=\"{}\"><a href=\"{}\"><span aria-hidden=\"true\">*</span><span class=\"visually-hidden\">Who claims it, and the sources</span></a></sup>",
        crate::html::escape(&f.id),
        crate::html::escape(&f.url)
    )
}

/// The HTML `fact()` puts into prose: the news style.
pub fn fact_html(f: &FigureView) -> String {
    fact_html_styled(f, FactStyle::News)
}

/// The HTML of `fact(id=…, style=…)`.
pub fn fact_html_styled(f: &FigureView, style: FactStyle) -> String {
    let esc = crate::html::escape;
    let value = format!(
        "<a class=\"fact-value\" href=\"{}\">{}</a>",
        esc(&f.url),
        esc(&f.said)
    );
    match style {
        FactStyle::Value => format!("<span class=\"fact\">{value}</span>"),
        FactStyle::Noted => format!("<span class=\"fact\">{value}{}</span>", note_marker(f)),
        FactStyle::News => format!(
            "<span class=\"fact\">{value}, according to {} (<time datetime=\"{}\">{}</time>){}</span>",
            esc(&f.claimed_by_in_text),
            f.as_of_machine,
            esc(&f.as_of),
            note_marker(f)
        ),
        FactStyle::Full => {
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
                "<span class=\"fact\">{value} <span class=\"fact-meta\">(claimed by: {}; as of <time datetime=\"{}\">{}</time>; source: {})</span></span>",
                esc(&f.claimed_by.title),
                f.as_of_machine,
                esc(&f.as_of),
                sources
            )
        }
    }
}
