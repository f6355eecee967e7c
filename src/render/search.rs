//! The static search index: one small JSON file, written at build time, that
//! the search page's script fetches the first time a reader types. It covers
//! pages, places (with every name, so "Khankendi" finds Stepanakert), actors,
//! figures and timeline events; each entry says what type of thing it is.

use crate::load::front_matter::PageKind;
use crate::resolve::Site;
use pulldown_cmark::{Event, Parser};
use serde::Serialize;

/// One thing a reader can find. Short keys keep the file small.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Type shown with the result: Page, Section, Place, Actor, Figure, Event.
    #[serde(rename = "k")]
    pub kind: &'static str,
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "u")]
    pub url: String,
    /// A line of context: the summary, or a figure's claim and date.
    #[serde(rename = "s")]
    pub summary: String,
    /// Other words that should find it (names, headings, claimant), not shown.
    #[serde(rename = "w", skip_serializing_if = "String::is_empty")]
    pub words: String,
}

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    entries: &'a [Entry],
}

/// Every entry, in a stable order (type, then title, then URL).
pub fn entries(site: &Site) -> Vec<Entry> {
    let mut out = Vec::new();
    for p in &site.pages {
        let kind = match p.kind {
            PageKind::Home => continue,
            PageKind::Section => "Section",
            PageKind::Page => "Page",
            PageKind::Place => "Place",
            PageKind::Actor => "Actor",
        };
        let mut words: Vec<&str> = p.names.iter().map(|n| n.name.as_str()).collect();
        words.extend(p.toc.iter().map(|h| h.title.as_str()));
        words.extend(p.role.as_deref());
        out.push(Entry {
            kind,
            title: p.title.clone(),
            url: p.url.clone(),
            summary: p.summary.clone(),
            words: words.join(" · "),
        });
    }
    for f in site.figures.values() {
        out.push(Entry {
            kind: "Figure",
            title: f.label.clone(),
            url: f.url.clone(),
            summary: format!(
                "{}, as of {}, claimed by {}",
                f.said, f.as_of, f.claimed_by.title
            ),
            words: f.topic.clone().unwrap_or_default(),
        });
    }
    let said = |id: &str| site.figures.get(id).map(|f| f.said.clone());
    for e in &site.timeline.events {
        let places: Vec<&str> = e.places.iter().map(|p| p.title.as_str()).collect();
        // Ceasefires and figures on the timeline come with HTML only.
        let text = if e.summary_md.is_empty() {
            html_text(&e.summary_html)
        } else {
            plain_text(&e.summary_md, &said)
        };
        out.push(Entry {
            kind: "Event",
            title: e.title.clone(),
            url: e.url.clone(),
            summary: if text.is_empty() {
                e.date.clone()
            } else {
                format!("{}: {text}", e.date)
            },
            words: format!("{} {}", e.category_label, places.join(" ")),
        });
    }
    out.sort();
    out
}

/// The index file's bytes.
pub fn index_json(entries: &[Entry]) -> Vec<u8> {
    serde_json::to_vec(&Index {
        version: 1,
        entries,
    })
    .unwrap_or_default()
}

/// Markdown as a reader would read it aloud: text only, each figure given
/// by what it says ("218 deaths").
pub(crate) fn plain_text(md: &str, said: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    let mut rest = 0;
    while let Some(start) = out[rest..].find("{{").map(|i| rest + i) {
        let Some(end) = out[start..].find("}}").map(|j| start + j + 2) else {
            break;
        };
        let figure = crate::markdown::fact_id(&out[start + 2..end - 2]).and_then(|id| said(&id));
        let with = figure.unwrap_or_default();
        out.replace_range(start..end, &with);
        rest = start + with.len();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a fragment of our own HTML: tags dropped, the entities that
/// `html::escape` and pulldown-cmark write decoded.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup_and_says_figures() {
        let said = |id: &str| (id == "x").then(|| "at least 10 deaths".to_string());
        assert_eq!(
            plain_text(
                "Shelling of [Ganja](@/places/ganja.md) caused {{ fact(id=\"x\") }}.\nMore *here* {{ nope }}.",
                &said
            ),
            "Shelling of Ganja caused at least 10 deaths. More here ."
        );
    }

    #[test]
    fn html_text_decodes_what_we_escape() {
        assert_eq!(
            html_text("<p>A &amp; B <a href=\"x\">&quot;C&quot;</a>\n</p>"),
            "A & B \"C\""
        );
    }
}
