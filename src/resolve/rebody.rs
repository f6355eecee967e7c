//! The preview's shortcut for the commonest save: a page whose body changed
//! and nothing else. Resolving the whole site again would give the same
//! site but for that page's HTML and table of contents, when the save
//! keeps everything other pages and generated pages read of it:
//!
//! - its front matter, byte for byte (title, URL, place in the tree, ...);
//! - the pages it links to (backlinks elsewhere), the figures it shows
//!   (sources' "cited by") and its heading ids (anchors other pages link to);
//! - the resolver it was rendered with (no other file changed).
//!
//! [`prepare`] checks all of these without changing anything and renders
//! the new body; [`apply`] then puts it in place. Anything else, or any
//! error, and the caller resolves in full: the shortcut may only ever give
//! what a full resolve gives (the property test in tests/site/incremental.rs
//! holds it to that).

use super::bodies::{body_origin, Deferred};
use super::links::{LinkTable, Links};
use super::{naming, ResolveCache, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Broken, PageInput};
use crate::markdown;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What a full resolve leaves for [`prepare`].
pub struct Kept {
    pub(super) table: LinkTable,
    pub(super) broken: Broken,
    /// Each page's heading ids, by page index.
    pub(super) anchors: Vec<BTreeSet<String>>,
    pub(super) allow_html: bool,
    /// Every page as read: the place pages give the names to check.
    pub(super) inputs: Vec<Arc<PageInput>>,
}

/// A body rendered again, ready to go in.
pub struct BodyPatch {
    page: usize,
    input: Arc<PageInput>,
    resolver: u64,
    rendered: Arc<markdown::Rendered>,
    /// The page's warnings: its Markdown and its names.
    pub warnings: Vec<Diagnostic>,
}

/// The new body of `input`'s page, if the save changed nothing but its
/// body (see the module's doc); `None` sends the caller to a full resolve.
pub fn prepare(site: &Site, cache: &ResolveCache, input: Arc<PageInput>) -> Option<BodyPatch> {
    let kept = cache.kept.as_ref()?;
    let page = site
        .pages
        .iter()
        .position(|p| p.content_path == input.content_path)?;
    let (was, resolver, old) = cache.bodies.last(&input.content_path)?;
    if front_matter(was) != front_matter(&input)
        || kept.inputs.get(page).map(|p| &p.content_path) != Some(&input.content_path)
    {
        return None;
    }
    let links = Links::new(&kept.table, &kept.broken, Some(&site.figures));
    if links.fingerprint() != resolver {
        return None;
    }
    let origin = body_origin(&input, kept.allow_html);
    let rendered = markdown::render(input.body(), &origin, &links);
    let others = |r: &markdown::Rendered| -> BTreeSet<usize> {
        r.links.iter().copied().filter(|&t| t != page).collect()
    };
    let facts = |r: &markdown::Rendered| -> BTreeSet<String> { r.facts.iter().cloned().collect() };
    let ids: BTreeSet<String> = rendered.toc.iter().map(|h| h.id.clone()).collect();
    if others(&rendered) != others(old)
        || facts(&rendered) != facts(old)
        || kept.anchors.get(page) != Some(&ids)
    {
        return None;
    }
    let mut diags = Diagnostics::new();
    diags.extend(rendered.diagnostics.iter().cloned());
    let mut deferred = Deferred::default();
    deferred.record(&rendered, &input.file, input.body_offset);
    deferred.check(&links.with_page_anchors(&kept.anchors), &mut diags);
    let inputs: Vec<&PageInput> = kept.inputs.iter().map(|p| &**p).collect();
    diags.extend(naming::check_page(&inputs, &input));
    if diags.has_errors() {
        return None;
    }
    Some(BodyPatch {
        page,
        input,
        resolver,
        rendered: Arc::new(rendered),
        warnings: diags.into_sorted(),
    })
}

/// Put a prepared body in place; returns the page's index.
pub fn apply(site: &mut Site, cache: &mut ResolveCache, patch: BodyPatch) -> usize {
    let p = &mut site.pages[patch.page];
    p.content = patch.rendered.html.clone();
    p.toc = patch.rendered.toc.clone();
    if let Some(kept) = cache.kept.as_mut() {
        kept.inputs[patch.page] = patch.input.clone();
    }
    let allow_html = cache.kept.as_ref().is_some_and(|k| k.allow_html);
    cache
        .bodies
        .put(patch.input, patch.resolver, allow_html, patch.rendered);
    patch.page
}

fn front_matter(p: &PageInput) -> &str {
    &p.file.text[..p.body_offset]
}
