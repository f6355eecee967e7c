//! The external links of a loaded site, each with the place it is
//! written: sources' `url` and `archived_url` in content/sources.yaml, and
//! http(s) links in pages' Markdown.

use crate::diagnostic::Pos;
use crate::load::{Inputs, TextFile};
use pulldown_cmark::{Event, Parser, Tag};
use std::path::PathBuf;

/// One external address, where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub url: String,
    /// Relative to the site root: `content/sources.yaml`.
    pub file: PathBuf,
    pub pos: Pos,
    /// The line it is written on, for the report.
    pub line: String,
    pub kind: LinkKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LinkKind {
    /// A source's `url:`, with its `archived_url:` if it has one.
    Source {
        id: String,
        archived_url: Option<String>,
    },
    /// A source's `archived_url:`.
    Archived { id: String },
    /// A link in a page's text.
    Page,
}

/// Every link, sources first, then pages in path order.
pub fn links(inputs: &Inputs) -> Vec<Link> {
    let mut out = sources(inputs);
    for page in &inputs.pages {
        out.extend(page_links(&page.file, page.body_offset));
    }
    out
}

fn at(file: &TextFile, pos: Pos) -> String {
    let line = file.text.lines().nth(pos.line.saturating_sub(1));
    line.unwrap_or_default().trim_end().to_string()
}

fn sources(inputs: &Inputs) -> Vec<Link> {
    let Some(parsed) = &inputs.sources else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, s) in parsed.data.iter().enumerate() {
        let mut push = |url: &str, field: &str, kind: LinkKind| {
            let pos = parsed.index.get(&format!("{i}.{field}"));
            out.push(Link {
                url: url.to_string(),
                file: parsed.file.rel.clone(),
                pos,
                line: at(&parsed.file, pos),
                kind,
            });
        };
        if let Some(url) = s.url.as_deref().filter(|u| is_external(u)) {
            let kind = LinkKind::Source {
                id: s.id.clone(),
                archived_url: s.archived_url.clone(),
            };
            push(url, "url", kind);
        }
        if let Some(url) = s.archived_url.as_deref().filter(|u| is_external(u)) {
            push(url, "archived_url", LinkKind::Archived { id: s.id.clone() });
        }
    }
    out
}

fn is_external(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// The http(s) links of a page's Markdown body, at their address.
fn page_links(file: &TextFile, body_offset: usize) -> Vec<Link> {
    let body = &file.text[body_offset..];
    let parser = Parser::new_ext(body, crate::markdown::options()).into_offset_iter();
    let mut out = Vec::new();
    for (event, range) in parser {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        if !is_external(&dest_url) {
            continue;
        }
        let written = &body[range.clone()];
        let inside = written.find(dest_url.as_ref()).unwrap_or(0);
        let pos = Pos::of_offset(&file.text, body_offset + range.start + inside);
        out.push(Link {
            url: dest_url.to_string(),
            file: file.rel.clone(),
            pos,
            line: at(file, pos),
            kind: LinkKind::Page,
        });
    }
    out
}
