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
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

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
    pub(super) fn record(
        &mut self,
        rendered: &markdown::Rendered,
        file: &'a TextFile,
        offset: usize,
    ) {
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
    pub(super) fn check(self, links: &Links, diags: &mut Diagnostics) {
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

pub(super) fn body_origin(input: &PageInput, allow_html: bool) -> Origin<'_> {
    Origin {
        file: &input.file.rel,
        file_text: &input.file.text,
        offset: input.body_offset,
        allow_html,
    }
}

/// Page bodies as last rendered, kept between the preview's rebuilds: a
/// body is rendered again only when its page's file or the resolver's
/// answers ([`Links::fingerprint`]) changed. Whatever else a body shows
/// comes from those two, so a reused body is the one a clean build makes.
#[derive(Default)]
pub struct BodyCache {
    /// Keep bodies for the next rebuild (the preview); a build does not,
    /// and moves each body's HTML into its page instead of copying it.
    pub keep: bool,
    entries: HashMap<String, CachedBody>,
    /// How many bodies the last `bodies` step rendered (the rest were reused).
    rendered: usize,
}

struct CachedBody {
    input: Arc<PageInput>,
    resolver: u64,
    allow_html: bool,
    rendered: Arc<markdown::Rendered>,
}

impl BodyCache {
    pub fn rendered_last(&self) -> usize {
        self.rendered
    }

    /// The body last rendered for `content_path`: the page as it was read,
    /// the resolver's fingerprint, and what Markdown made of it.
    pub(super) fn last(
        &self,
        content_path: &str,
    ) -> Option<(&Arc<PageInput>, u64, &markdown::Rendered)> {
        let c = self.entries.get(content_path)?;
        Some((&c.input, c.resolver, &c.rendered))
    }

    /// Record a body rendered outside [`bodies`] (the preview's shortcut).
    pub(super) fn put(
        &mut self,
        input: Arc<PageInput>,
        resolver: u64,
        allow_html: bool,
        rendered: Arc<markdown::Rendered>,
    ) {
        let entry = CachedBody {
            input: input.clone(),
            resolver,
            allow_html,
            rendered,
        };
        self.entries.insert(input.content_path.clone(), entry);
    }

    fn get(
        &self,
        input: &Arc<PageInput>,
        resolver: u64,
        allow_html: bool,
    ) -> Option<Arc<markdown::Rendered>> {
        let c = self.entries.get(&input.content_path)?;
        let same_file = Arc::ptr_eq(&c.input, input) || c.input.file.text == input.file.text;
        (same_file && c.resolver == resolver && c.allow_html == allow_html)
            .then(|| c.rendered.clone())
    }
}

/// Step: bodies. Needs: the link table and the figures (`links` must show
/// `fact()`), and every snippet rendered before it, whose deferred anchors
/// it checks. Bodies of pages whose front matter failed to load (`unread`)
/// are checked too, so that one run reports all of a page's problems; their
/// HTML is dropped. Bodies in `cache` that are still right are reused, and
/// the cache then holds this run's. Returns the bodies and each page's
/// heading ids.
pub fn bodies<'a>(
    pages: &'a [PageEntry],
    unread: &'a [Arc<PageInput>],
    links: &Links,
    allow_html: bool,
    mut deferred: Deferred<'a>,
    cache: &mut BodyCache,
    diags: &mut Diagnostics,
) -> (Vec<Body>, Vec<BTreeSet<String>>) {
    let resolver = links.fingerprint();
    let inputs: Vec<&Arc<PageInput>> = pages.iter().map(|p| &p.input).chain(unread).collect();
    let rendered: Vec<(Arc<markdown::Rendered>, bool)> = inputs
        .par_iter()
        .map(|input| match cache.get(input, resolver, allow_html) {
            Some(r) => (r, false),
            None => {
                let origin = body_origin(input, allow_html);
                (
                    Arc::new(markdown::render(input.body(), &origin, links)),
                    true,
                )
            }
        })
        .collect();
    cache.rendered = rendered.iter().filter(|(_, fresh)| *fresh).count();
    let mut entries = HashMap::with_capacity(inputs.len());
    let mut out = Vec::with_capacity(pages.len());
    let mut anchors = Vec::with_capacity(pages.len());
    for (i, ((r, _), input)) in rendered.into_iter().zip(inputs).enumerate() {
        deferred.record(&r, &input.file, input.body_offset);
        diags.extend(r.diagnostics.iter().cloned());
        if cache.keep {
            let entry = CachedBody {
                input: input.clone(),
                resolver,
                allow_html,
                rendered: r.clone(),
            };
            entries.insert(input.content_path.clone(), entry);
        }
        if i < pages.len() {
            anchors.push(r.toc.iter().map(|h| h.id.clone()).collect());
            out.push(body(r, i));
        } // else a page whose front matter failed: checked only
    }
    cache.entries = entries;
    deferred.check(&links.with_page_anchors(&anchors), diags);
    (out, anchors)
}

/// Page `i`'s body from what Markdown made of it: moved out when nothing
/// else holds it (a build), copied when the cache keeps it (the preview).
fn body(r: Arc<markdown::Rendered>, i: usize) -> Body {
    let links_to = r.links.iter().copied().filter(|&t| t != i).collect();
    match Arc::try_unwrap(r) {
        Ok(r) => Body {
            html: r.html,
            toc: r.toc,
            links_to,
            facts_used: r.facts,
        },
        Err(r) => Body {
            html: r.html.clone(),
            toc: r.toc.clone(),
            links_to,
            facts_used: r.facts.clone(),
        },
    }
}
