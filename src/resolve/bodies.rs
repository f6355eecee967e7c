//! Markdown: every page body rendered once, in parallel, with its links and
//! figures checked; the short snippets (notes, summaries) that live in YAML
//! files; and the deferred anchors. A link to a heading of a page cannot be
//! checked until that page's body is rendered, so such links are recorded
//! as they are met and checked once every body is (step `bodies`).

use super::links::Links;
use super::pages::PageEntry;
use crate::diagnostic::{error_at, Diagnostics};
use crate::load::{PageInput, TextFile};
use crate::markdown::{self, Heading, Origin, Resolver};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// A page's body, rendered.
pub struct Body {
    pub html: String,
    pub toc: Vec<Heading>,
    /// Pages this one links to (not itself), by index.
    pub links_to: BTreeSet<usize>,
    /// Figures it shows with `fact()`.
    pub facts_used: Vec<String>,
}

/// An `@/page#anchor` link met before the page's headings were known, and
/// where it is (its position is worked out only if it is wrong).
pub struct DeferredAnchor<'a> {
    target: String,
    anchor: String,
    file: &'a TextFile,
    /// Byte offset in the file.
    at: usize,
}

/// Anchors waiting for every page's headings.
#[derive(Default)]
pub struct Deferred<'a>(Vec<DeferredAnchor<'a>>);

impl<'a> Deferred<'a> {
    /// Record the anchored links of Markdown that sits at `offset` in `file`.
    fn record(&mut self, rendered: &markdown::Rendered, file: &'a TextFile, offset: usize) {
        for l in &rendered.anchored {
            self.0.push(DeferredAnchor {
                target: l.target.clone(),
                anchor: l.anchor.clone(),
                file,
                at: offset + l.at,
            });
        }
    }

    /// Check every recorded anchor with `links`, which must know the pages'
    /// headings ([`Links::with_page_anchors`]).
    fn check(self, links: &Links, diags: &mut Diagnostics) {
        for d in self.0 {
            if let Err((message, hint)) = links.link(&d.target, Some(&d.anchor)) {
                let pos = crate::diagnostic::Pos::of_offset(&d.file.text, d.at);
                diags.push(error_at(&d.file.rel, &d.file.text, pos, message, &hint));
            }
        }
    }
}

/// A snippet rendered as inline HTML.
pub struct Snippet {
    pub html: String,
    /// Pages it links to, by index.
    pub links: Vec<usize>,
}

/// Render a short Markdown text from a YAML file (a note, a summary) as
/// inline HTML, reporting its problems at their place in `file`. Anchors
/// that `links` could not check yet go to `deferred`.
pub fn render_snippet<'a>(
    text: &str,
    file: &'a TextFile,
    links: &Links,
    deferred: &mut Deferred<'a>,
    diags: &mut Diagnostics,
) -> Snippet {
    // Find the snippet in the file to report at the right line.
    let offset = file
        .text
        .find(text.lines().next().unwrap_or(""))
        .unwrap_or(0);
    let origin = Origin {
        file: &file.rel,
        file_text: &file.text,
        offset,
        allow_html: false,
    };
    let r = markdown::render_inline(text, &origin, links);
    deferred.record(&r, file, offset);
    diags.extend(r.diagnostics);
    Snippet {
        html: r.html,
        links: r.links,
    }
}

fn body_origin(input: &PageInput, allow_html: bool) -> Origin<'_> {
    Origin {
        file: &input.file.rel,
        file_text: &input.file.text,
        offset: input.body_offset,
        allow_html,
    }
}

/// Step: bodies. Needs: the link table and the figures (`links` must show
/// `fact()`), and every snippet rendered before it, whose deferred anchors
/// it checks. Bodies of pages whose front matter failed to load (`unread`)
/// are checked too, so that one run reports all of a page's problems; their
/// HTML is dropped. Returns the bodies and each page's heading ids.
pub fn bodies<'a>(
    pages: &'a [PageEntry],
    unread: &'a [PageInput],
    links: &Links,
    allow_html: bool,
    mut deferred: Deferred<'a>,
    diags: &mut Diagnostics,
) -> (Vec<Body>, Vec<BTreeSet<String>>) {
    let rendered: Vec<markdown::Rendered> = pages
        .par_iter()
        .map(|p| &p.input)
        .chain(unread.par_iter())
        .map(|input| markdown::render(input.body(), &body_origin(input, allow_html), links))
        .collect();
    let mut out = Vec::with_capacity(pages.len());
    let mut anchors = Vec::with_capacity(pages.len());
    let inputs = pages.iter().map(|p| &p.input).chain(unread);
    for (i, (r, input)) in rendered.into_iter().zip(inputs).enumerate() {
        deferred.record(&r, &input.file, input.body_offset);
        diags.extend(r.diagnostics);
        if i >= pages.len() {
            continue; // a page whose front matter failed: checked only
        }
        anchors.push(r.toc.iter().map(|h| h.id.clone()).collect());
        out.push(Body {
            html: r.html,
            toc: r.toc,
            links_to: r.links.into_iter().filter(|&t| t != i).collect(),
            facts_used: r.facts,
        });
    }
    deferred.check(&links.with_page_anchors(&anchors), diags);
    (out, anchors)
}
