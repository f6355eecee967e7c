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
use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::hash::BuildHasher;

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

/// A page's own entry (none for the home page), then one per section.
fn page_entries(p: &crate::resolve::Page) -> Vec<Entry> {
    let mut sections = Vec::new();
    let kind = match p.kind {
        PageKind::Home => {
            passages(p, &mut sections);
            return sections;
        }
        PageKind::Section => "Section",
        PageKind::Page => "Page",
        PageKind::Place => "Place",
        PageKind::Actor => "Actor",
    };
    let intro = passages(p, &mut sections);
    let mut words: Vec<&str> = p.names.iter().map(|n| n.name.as_str()).collect();
    words.extend(p.toc.iter().map(|h| h.title.as_str()));
    words.extend(p.role.as_deref());
    if !intro.is_empty() {
        words.push(&intro);
    }
    let mut out = vec![Entry {
        kind,
        title: p.title.clone(),
        url: p.url.clone(),
        summary: p.summary.clone(),
        words: words.join(" · "),
    }];
    out.append(&mut sections);
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
    /// Each page's entries as JSON objects joined by commas.
    pages: Vec<Vec<u8>>,
    /// The manifest file.
    manifest: Vec<u8>,
}

impl SearchIndex {
    /// Every page's entries, made in parallel.
    pub fn build(site: &Site) -> SearchIndex {
        let pages = site.pages.par_iter().map(page_json).collect();
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
                *kept = page_json(page);
                files.insert(i / PAGES_PER_FILE);
            }
        }
        files.into_iter().map(|n| self.page_file(n)).collect()
    }

    fn page_file(&self, n: usize) -> OutputFile {
        let chunk = &self.pages[pages_of_file(n, self.pages.len())];
        page_file(n, chunk.iter().map(Vec::as_slice))
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
            let json: Vec<Vec<u8>> = pages.iter().map(page_json).collect();
            sink(page_file(n, json.iter().map(Vec::as_slice)));
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

/// A page's entries as JSON objects joined by commas.
fn page_json(page: &crate::resolve::Page) -> Vec<u8> {
    let mut out = Vec::new();
    for (n, e) in page_entries(page).iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        // Writing plain strings to memory cannot fail.
        let _ = serde_json::to_writer(&mut out, e);
    }
    out
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
        let text = read_section(&html[body_start.min(stop)..stop]);
        let Some((id, h)) = head else {
            intro = text.words;
            continue;
        };
        if text.start.is_empty() {
            continue;
        }
        let (title, url) = (format!("{}: {h}", p.title), format!("{}#{id}", p.url));
        out.push(Entry {
            kind: "Passage",
            title,
            url,
            summary: excerpt(&text.start),
            words: text.words,
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

/// What a section of HTML gives the index, read in one pass (this runs on
/// every section of every page): the start of its text, enough for
/// [`excerpt`], and each of its words once.
struct SectionText {
    /// The text's first `EXCERPT + 1` characters, white space made single
    /// (empty when the section has no text).
    start: String,
    /// See [`Words`].
    words: String,
}

fn read_section(html: &str) -> SectionText {
    let mut start = String::new();
    let (mut kept, mut space) = (0, false);
    let mut words = Words::default();
    for c in TextChars::new(html) {
        words.push(c);
        if kept > EXCERPT {
            continue;
        }
        if c.is_whitespace() {
            space = !start.is_empty();
            continue;
        }
        if space {
            start.push(' ');
            kept += 1;
            space = false;
        }
        start.push(c);
        kept += 1;
    }
    SectionText {
        start,
        words: words.finish(),
    }
}

/// Each word (three letters or more) of a text once, lower-cased, in order
/// of first use, separated by spaces: all a search needs of a section, at
/// a fraction of its size. The words seen are ranges of the output
/// itself, so a word allocates only when it has capitals.
#[derive(Default)]
struct Words {
    out: String,
    seen: hashbrown::HashTable<(usize, usize)>,
    /// foldhash: std's SipHash was a tenth of a 10,000-page build here.
    hasher: foldhash::fast::FixedState,
    word: String,
}

impl Words {
    fn push(&mut self, c: char) {
        if c.is_alphanumeric() {
            self.word.push(c);
        } else if !self.word.is_empty() {
            self.end_word();
        }
    }

    fn end_word(&mut self) {
        let w = self.word.as_str();
        if w.len() >= 3 && (w.is_ascii() || w.chars().count() >= 3) {
            let lower = if w.bytes().any(|b| b.is_ascii_uppercase()) || !w.is_ascii() {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            };
            let Words {
                out, seen, hasher, ..
            } = self;
            let hash = hasher.hash_one(&*lower);
            let text = |&(at, len): &(usize, usize)| &out[at..at + len];
            if seen.find(hash, |r| text(r) == lower).is_none() {
                if !out.is_empty() {
                    out.push(' ');
                }
                let range = (out.len(), lower.len());
                out.push_str(&lower);
                let out = &*out;
                seen.insert_unique(hash, range, |&(at, len)| {
                    hasher.hash_one(&out[at..at + len])
                });
            }
        }
        self.word.clear();
    }

    fn finish(mut self) -> String {
        self.end_word();
        self.out
    }
}

/// The characters of our own HTML that a reader reads: tags dropped, the
/// entities that `html::escape` and pulldown-cmark write decoded.
struct TextChars<'a> {
    html: &'a str,
    chars: std::str::CharIndices<'a>,
    in_tag: bool,
}

impl<'a> TextChars<'a> {
    fn new(html: &'a str) -> Self {
        TextChars {
            html,
            chars: html.char_indices(),
            in_tag: false,
        }
    }
}

impl Iterator for TextChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        const ENTITIES: [(&str, char); 5] = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&amp;", '&'),
        ];
        loop {
            let (i, c) = self.chars.next()?;
            match c {
                '>' if self.in_tag => self.in_tag = false,
                _ if self.in_tag => {}
                '<' => self.in_tag = true,
                '&' => {
                    let found = ENTITIES.iter().find(|(e, _)| self.html[i..].starts_with(e));
                    return Some(match found {
                        Some((e, decoded)) => {
                            self.chars.nth(e.len() - 2); // the rest of the entity
                            *decoded
                        }
                        None => '&',
                    });
                }
                c => return Some(c),
            }
        }
    }
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

/// The text of a fragment of our own HTML ([`TextChars`]), runs of white
/// space made one space.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut space = false;
    for c in TextChars::new(html) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
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
        assert_eq!(
            html_text(" <p>&amp;lt; &#39;x&#39;&gt;</p> \n <p>Ş&nbsp;&</p>\t"),
            "&lt; 'x'> Ş&nbsp;&"
        );
    }

    #[test]
    fn distinct_words_are_lower_cased_once_each_in_order() {
        let words = |text: &str| read_section(text).words;
        assert_eq!(
            words("The İlham Aliyev said: the ALIYEV of Şuşa, şuşa; at ab"),
            "the i\u{307}lham aliyev said şuşa"
        );
        // Tags do not end a word; entities and white space do.
        assert_eq!(
            words("<p>Ka<b>ra</b>bakh&amp;Arts\nkarabakh</p>"),
            "karabakh arts"
        );
    }

    #[test]
    fn a_section_keeps_enough_of_its_start_for_the_excerpt() {
        let long = format!("<p>{}</p>", "word ".repeat(100));
        let text = read_section(&long);
        assert_eq!(text.start.chars().count(), EXCERPT + 1);
        assert_eq!(excerpt(&text.start), excerpt(&html_text(&long)));
        assert_eq!(read_section("<p> \n </p>").start, "");
    }
}
