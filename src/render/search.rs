//! The static search index: one small JSON file, written at build time, that
//! the search page's script fetches the first time a reader types. It covers
//! pages, places (with every name, so "Khankendi" finds Stepanakert), actors,
//! figures, timeline events and glossary terms, and the body text of every page: one
//! `Passage` per section of a page (each heading's anchor), with a short
//! excerpt to show and the section's distinct words to match. Each entry
//! says what type of thing it is; the script ranks whole words above
//! prefixes, and names (places, actors) above mentions.
//!
//! Weighed against this hand-written index: elasticlunr-rs (an inverted
//! index several times the size of the text, TF-IDF ranking that cannot
//! put a whole word before a prefix or a name before a mention without
//! patching elasticlunr.js, and a new crate tree to compile) and pagefind (a
//! separate binary, WebAssembly that needs `'wasm-unsafe-eval'` in the
//! site's strict Content-Security-Policy, and no result list without
//! JavaScript). The bundled site's index stays small enough to fetch whole.

use crate::load::front_matter::PageKind;
use crate::resolve::Site;
use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;
use serde::Serialize;

/// One thing a reader can find. Short keys keep the file small.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Type shown with the result: Page, Section, Place, Actor, Figure,
    /// Event, Term (a glossary entry), Passage.
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
    let mut out: Vec<Entry> = site.pages.par_iter().flat_map_iter(page_entries).collect();
    out.extend(other_entries(site));
    out.sort();
    out
}

/// A page's own entry (none for the home page) and one per section.
fn page_entries(p: &crate::resolve::Page) -> Vec<Entry> {
    let mut out = Vec::new();
    let kind = match p.kind {
        PageKind::Home => {
            passages(p, &mut out);
            return out;
        }
        PageKind::Section => "Section",
        PageKind::Page => "Page",
        PageKind::Place => "Place",
        PageKind::Actor => "Actor",
    };
    let intro = passages(p, &mut out);
    let mut words: Vec<&str> = p.names.iter().map(|n| n.name.as_str()).collect();
    words.extend(p.toc.iter().map(|h| h.title.as_str()));
    words.extend(p.role.as_deref());
    if !intro.is_empty() {
        words.push(&intro);
    }
    out.push(Entry {
        kind,
        title: p.title.clone(),
        url: p.url.clone(),
        summary: p.summary.clone(),
        words: words.join(" · "),
    });
    out
}

/// The index as the preview keeps it between saves: every entry in order
/// with its JSON, and which entries each page gave. A save that changed
/// only some pages' bodies replaces only their entries
/// ([`SearchIndex::update_pages`]); the file is the entries' JSON joined,
/// byte for byte what serialising the whole list gives.
pub struct SearchIndex {
    sorted: Vec<(Entry, Vec<u8>)>,
    by_page: Vec<Vec<Entry>>,
}

impl SearchIndex {
    pub fn build(site: &Site) -> SearchIndex {
        let by_page: Vec<Vec<Entry>> = site.pages.par_iter().map(page_entries).collect();
        let mut all: Vec<Entry> = by_page.iter().flatten().map(copy).collect();
        all.extend(other_entries(site));
        all.par_sort();
        let sorted = all
            .into_par_iter()
            .map(|e| {
                let json = serde_json::to_vec(&e).unwrap_or_default();
                (e, json)
            })
            .collect();
        SearchIndex { sorted, by_page }
    }

    /// Replace the entries of `pages` (indices into `site.pages`) with what
    /// they give now: one pass to drop the old ones, one to merge in the
    /// new (tens of thousands of entries at 10,000 pages).
    pub fn update_pages(&mut self, site: &Site, pages: &[usize]) {
        let mut gone: Vec<Entry> = Vec::new();
        let mut new: Vec<(Entry, Vec<u8>)> = Vec::new();
        for &i in pages {
            let Some(old) = self.by_page.get_mut(i) else {
                continue;
            };
            gone.append(old);
            let now = page_entries(&site.pages[i]);
            for e in &now {
                new.push((copy(e), serde_json::to_vec(e).unwrap_or_default()));
            }
            *old = now;
        }
        gone.sort();
        // Drop each old entry once (an equal entry elsewhere stays).
        let mut sorted = Vec::with_capacity(self.sorted.len() + new.len());
        let mut gone = gone.into_iter().peekable();
        for item in std::mem::take(&mut self.sorted) {
            while gone.peek().is_some_and(|g| *g < item.0) {
                gone.next();
            }
            if gone.peek() == Some(&item.0) {
                gone.next();
                continue;
            }
            sorted.push(item);
        }
        new.sort_by(|a, b| a.0.cmp(&b.0));
        self.sorted = merge(sorted, new);
    }

    /// The index file's bytes.
    pub fn json(&self) -> Vec<u8> {
        let size: usize = self.sorted.iter().map(|(_, j)| j.len() + 1).sum();
        let mut out = Vec::with_capacity(size + 32);
        out.extend_from_slice(b"{\"version\":1,\"entries\":[");
        for (n, (_, json)) in self.sorted.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(json);
        }
        out.extend_from_slice(b"]}");
        out
    }
}

/// Two sorted lists as one, equal entries of `a` first (as a stable sort
/// of the whole would place them; equal entries are the same bytes anyway).
fn merge(a: Vec<(Entry, Vec<u8>)>, b: Vec<(Entry, Vec<u8>)>) -> Vec<(Entry, Vec<u8>)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for item in a {
        while b.peek().is_some_and(|x| x.0 < item.0) {
            out.extend(b.next());
        }
        out.push(item);
    }
    out.extend(b);
    out
}

fn copy(e: &Entry) -> Entry {
    Entry {
        kind: e.kind,
        title: e.title.clone(),
        url: e.url.clone(),
        summary: e.summary.clone(),
        words: e.words.clone(),
    }
}

/// Figures, events and glossary terms.
fn other_entries(site: &Site) -> Vec<Entry> {
    let mut out = Vec::new();
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
    for t in site.glossary.iter().flat_map(|g| &g.terms) {
        out.push(Entry {
            kind: "Term",
            title: t.term.clone(),
            url: t.url.clone(),
            summary: html_text(&t.definition_html),
            words: t.other_names.join(" · "),
        });
    }
    out
}

/// How much of a section a result shows.
const EXCERPT: usize = 160;

/// One `Passage` entry per section of a page's body, each `<h2>`/`<h3>`
/// with an id (at its anchor); the distinct words of the text before the
/// first heading are returned, to be found with the page's own entry.
fn passages(p: &crate::resolve::Page, out: &mut Vec<Entry>) -> String {
    let mut intro = String::new();
    let html = &p.content;
    let mut cuts: Vec<(usize, Option<(String, String)>)> = vec![(0, None)];
    let mut at = 0;
    while let Some(i) = html[at..].find("<h").map(|i| at + i) {
        at = i + 2;
        let level = html[at..].chars().next();
        if !matches!(level, Some('2') | Some('3')) {
            continue;
        }
        let Some(end) = html[i..].find('>').map(|e| i + e) else {
            break;
        };
        let tag = &html[i..end];
        let Some(id) = tag.split("id=\"").nth(1).and_then(|r| r.split('"').next()) else {
            continue;
        };
        let close = html[end..].find("</h").map(|c| end + c).unwrap_or(end);
        let heading = html_text(&html[end + 1..close]);
        cuts.push((i, Some((id.to_string(), heading))));
    }
    for (n, (start, head)) in cuts.iter().enumerate() {
        let stop = cuts.get(n + 1).map(|c| c.0).unwrap_or(html.len());
        let body_start = match head {
            Some(_) => html[*start..stop]
                .find("</h")
                .map(|c| start + c + 5)
                .unwrap_or(*start),
            None => *start,
        };
        let text = html_text(&html[body_start.min(stop)..stop]);
        let Some((id, h)) = head else {
            intro = distinct_words(&text);
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let (title, url) = (format!("{}: {h}", p.title), format!("{}#{id}", p.url));
        out.push(Entry {
            kind: "Passage",
            title,
            url,
            summary: excerpt(&text),
            words: distinct_words(&text),
        });
    }
    intro
}

/// The start of a text, cut at a word, with an ellipsis if cut.
fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// Each word of a text once, lower-cased, in order of first use: all a
/// search needs of a section, at a fraction of its size.
fn distinct_words(text: &str) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() < 3 {
            continue;
        }
        let w = w.to_lowercase();
        if seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out.join(" ")
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
        let with = match crate::markdown::call_of(&out[start + 2..end - 2]) {
            Some(crate::markdown::Call::Fact { id, .. }) => said(&id).unwrap_or_default(),
            Some(crate::markdown::Call::Term { id, text }) => text.unwrap_or(id.replace('-', " ")),
            None => String::new(),
        };
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
