//! The static search index: JSON files, written at build time, that the
//! search page's script fetches the first time a reader types (a small
//! manifest, and the pages' entries a hundred pages to a file; see
//! [`SearchIndex`]). It covers
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
//! JavaScript). The bundled site's index stays small enough to fetch whole;
//! the split into files is for the preview, where a save rewrites one file
//! of a 10,000-page site's index instead of all 48 MB of it.

use super::OutputFile;
use crate::load::front_matter::PageKind;
use crate::resolve::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;
pub(crate) use text::plain_text;
use text::{html_text, passages};

mod text;

/// One thing a reader can find. Short keys keep the file small.
#[derive(Debug, Serialize)]
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

/// What a page's body gives the index: one `Passage` entry per section,
/// as JSON joined by commas, and the distinct words of the text before
/// the first heading (found with the page's own entry). Made from the
/// page's title, URL and HTML only (`text::passages`), so a page whose
/// three are unchanged can keep it.
struct Sections {
    json: Vec<u8>,
    intro: String,
    /// What it was made from.
    title: String,
    url: String,
    /// BLAKE3 of the HTML, when the sections are kept for the preview
    /// (a build never asks, so never hashes).
    content_hash: Option<[u8; 32]>,
}

impl Sections {
    fn of(p: &crate::resolve::Page, content_hash: Option<[u8; 32]>) -> Sections {
        let mut entries = Vec::new();
        let intro = passages(&p.title, &p.url, &p.content, &mut entries);
        Sections {
            json: join_json(&entries),
            intro,
            title: p.title.clone(),
            url: p.url.clone(),
            content_hash,
        }
    }

    /// Whether `p`, whose HTML hashes to `hash`, would give the same
    /// sections (its title, URL and HTML).
    fn fits(&self, p: &crate::resolve::Page, hash: [u8; 32]) -> bool {
        self.title == p.title && self.url == p.url && self.content_hash == Some(hash)
    }
}

/// BLAKE3: kept sections must never be taken for another body's.
fn content_hash(html: &str) -> [u8; 32] {
    *blake3::hash(html.as_bytes()).as_bytes()
}

/// One page in the index: its own entry (none for the home page), then
/// its sections.
struct PageIndex {
    own: Vec<u8>,
    sections: Arc<Sections>,
}

impl PageIndex {
    /// `keep`: for the preview, which may keep the sections for later
    /// (and takes `kept` when it fits); a build neither keeps nor hashes.
    fn of(p: &crate::resolve::Page, kept: Option<&Arc<Sections>>, keep: bool) -> PageIndex {
        let hash = keep.then(|| content_hash(&p.content));
        let sections = match (kept, hash) {
            (Some(s), Some(h)) if s.fits(p, h) => s.clone(),
            _ => Arc::new(Sections::of(p, hash)),
        };
        let own = own_entry(p, &sections.intro).map_or_else(Vec::new, |e| join_json(&[e]));
        PageIndex { own, sections }
    }

    /// Its JSON: the own entry's and the sections', as slices to join.
    fn parts(&self) -> [&[u8]; 2] {
        [&self.own, &self.sections.json]
    }
}

/// A page's own entry: its title, summary and the words that should find
/// it (names, headings, role, the text before its first heading).
fn own_entry(p: &crate::resolve::Page, intro: &str) -> Option<Entry> {
    let kind = match p.kind {
        PageKind::Home => return None,
        PageKind::Section => "Section",
        PageKind::Page => "Page",
        PageKind::Place => "Place",
        PageKind::Actor => "Actor",
    };
    let mut words: Vec<&str> = p.names.iter().map(|n| n.name.as_str()).collect();
    words.extend(p.toc.iter().map(|h| h.title.as_str()));
    words.extend(p.role.as_deref());
    if !intro.is_empty() {
        words.push(intro);
    }
    Some(Entry {
        kind,
        title: p.title.clone(),
        url: p.url.clone(),
        summary: p.summary.clone(),
        words: words.join(" · "),
    })
}

/// Entries as JSON objects joined by commas.
fn join_json(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        // Writing plain strings to memory cannot fail.
        let _ = serde_json::to_writer(&mut out, e);
    }
    out
}

/// How many pages' entries one file of the index holds. The bundled site
/// fits in one; at 10,000 pages a file is about half a megabyte, and a save
/// rewrites only the file of the page it changed.
pub const PAGES_PER_FILE: usize = 100;

/// The index as JSON, kept per page so that a save can rewrite only the
/// file its pages are in. Files:
///
/// - `search/index.json`: `{"version":2,"entries":[…],"files":[…]}`, the
///   entries that are not a page's (figures, events, glossary terms) and
///   the names of the page files, relative to it;
/// - `search/pages-N.json`: `{"entries":[…]}`, the entries of pages
///   `N*PAGES_PER_FILE` up to the next file's, in the site's page order,
///   each page's own entry before its passages.
///
/// Every order is the site's (pages, figures by id, events by date, terms
/// as the glossary lists them), so nothing needs sorting and a clean build
/// and an updated index give the same bytes.
pub struct SearchIndex {
    /// Each page's entries, by the page's index in `site.pages`.
    pages: Vec<PageIndex>,
    /// The manifest file.
    manifest: Vec<u8>,
}

impl SearchIndex {
    /// Every page's entries, made in parallel; a page whose title, URL
    /// and HTML are those of a page in `previous` keeps that page's
    /// sections, the costly part (the preview's full rebuilds: a title
    /// edit at 10,000 pages need not read 10,000 bodies again).
    pub fn build(site: &Site, previous: Option<&SearchIndex>) -> SearchIndex {
        let kept: std::collections::HashMap<&str, &Arc<Sections>> = previous
            .map(|old| {
                old.pages
                    .iter()
                    .map(|p| (p.sections.url.as_str(), &p.sections))
                    .collect()
            })
            .unwrap_or_default();
        let pages = site
            .pages
            .par_iter()
            .map(|p| PageIndex::of(p, kept.get(p.url.as_str()).copied(), true))
            .collect();
        SearchIndex {
            manifest: manifest(site),
            pages,
        }
    }

    /// Every file of the index.
    pub fn files(&self) -> Vec<OutputFile> {
        let mut out = vec![OutputFile {
            path: crate::generated::SEARCH_INDEX.into(),
            bytes: self.manifest.clone(),
        }];
        out.extend((0..file_count(self.pages.len())).map(|n| self.page_file(n)));
        out
    }

    /// Make the entries of `pages` (indices into `site.pages`) again and
    /// return the files they are in. The caller guarantees that nothing
    /// but those pages' bodies changed since the index was made (the
    /// preview's shortcut, `resolve::rebody`), so the manifest stays.
    pub fn update_pages(&mut self, site: &Site, pages: &[usize]) -> Vec<OutputFile> {
        let mut files = std::collections::BTreeSet::new();
        for &i in pages {
            if let (Some(kept), Some(page)) = (self.pages.get_mut(i), site.pages.get(i)) {
                *kept = PageIndex::of(page, None, true);
                files.insert(i / PAGES_PER_FILE);
            }
        }
        files.into_iter().map(|n| self.page_file(n)).collect()
    }

    fn page_file(&self, n: usize) -> OutputFile {
        let chunk = &self.pages[pages_of_file(n, self.pages.len())];
        page_file(n, chunk.iter().flat_map(PageIndex::parts))
    }
}

/// Every file of the index, made file by file in parallel and handed to
/// `sink` at once: what a build does, which keeps nothing for later (at
/// 10,000 pages the index is 48 MB that need never be in memory at once).
pub fn stream(site: &Site, sink: &(dyn Fn(OutputFile) + Sync)) {
    sink(OutputFile {
        path: crate::generated::SEARCH_INDEX.into(),
        bytes: manifest(site),
    });
    (0..file_count(site.pages.len()))
        .into_par_iter()
        .for_each(|n| {
            let pages = &site.pages[pages_of_file(n, site.pages.len())];
            let index: Vec<PageIndex> = pages
                .iter()
                .map(|p| PageIndex::of(p, None, false))
                .collect();
            sink(page_file(n, index.iter().flat_map(PageIndex::parts)));
        });
}

/// The paths of every file of the index.
pub fn paths(site: &Site) -> Vec<std::path::PathBuf> {
    let files = (0..file_count(site.pages.len())).map(crate::generated::search_page_file);
    std::iter::once(crate::generated::SEARCH_INDEX.to_string())
        .chain(files)
        .map(Into::into)
        .collect()
}

fn file_count(pages: usize) -> usize {
    pages.div_ceil(PAGES_PER_FILE).max(1)
}

fn pages_of_file(n: usize, pages: usize) -> std::ops::Range<usize> {
    let start = (n * PAGES_PER_FILE).min(pages);
    start..(start + PAGES_PER_FILE).min(pages)
}

/// `search/pages-N.json` from its pages' entries.
fn page_file<'a>(n: usize, pages: impl Iterator<Item = &'a [u8]> + Clone) -> OutputFile {
    let size: usize = pages.clone().map(|j| j.len() + 1).sum();
    let mut bytes = Vec::with_capacity(size + 16);
    bytes.extend_from_slice(b"{\"entries\":[");
    let mut first = true;
    for json in pages.filter(|j| !j.is_empty()) {
        if !first {
            bytes.push(b',');
        }
        first = false;
        bytes.extend_from_slice(json);
    }
    bytes.extend_from_slice(b"]}");
    OutputFile {
        path: crate::generated::search_page_file(n).into(),
        bytes,
    }
}

/// `search/index.json`: the entries no page owns, and the page files.
fn manifest(site: &Site) -> Vec<u8> {
    #[derive(Serialize)]
    struct Manifest {
        version: u32,
        entries: Vec<Entry>,
        files: Vec<String>,
    }
    let files = (0..file_count(site.pages.len()))
        .map(|n| {
            let path = crate::generated::search_page_file(n);
            path.rsplit('/').next().unwrap_or(&path).to_string()
        })
        .collect();
    serde_json::to_vec(&Manifest {
        version: 2,
        entries: other_entries(site),
        files,
    })
    .unwrap_or_default()
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
