//! Stage 2, resolve: turn the loaded files into one immutable [`Site`].
//!
//! [`resolve`] is a list of named steps, run in order; each step's doc
//! comment says which steps it needs before it. Each value is complete when
//! a step returns it: nothing is filled in later, and nothing is copied
//! before it is finished. All problems are collected; none stops the rest.
//!
//! ```text
//! pages_and_urls, static_files   pages.rs     URLs; what takes which path
//! section_tree                   sections.rs  parents, children, prev/next
//! link_table                     links.rs     what @/ links may point at
//! sources, lookup                sources.rs, ids.rs
//! figures_and_ceasefires         facts.rs     with their notes and summaries
//! bodies                         bodies.rs    Markdown; deferred anchors checked
//! timeline                       timeline.rs  events, ceasefires, figures; eras
//! glossary                       glossary.rs  terms, definitions, sources
//! naming::check, key_facts       naming.rs, here
//! pointing_back                  backlinks.rs backlinks, "on the timeline"
//! cited_by                       cited_by.rs
//! sheet_views, menu              facts.rs, nav.rs
//! page                           here: each page, whole
//! corrections, review::stale     corrections.rs, review.rs
//! ```
//!
//! Figures' `history:` (history.rs), review dates (review.rs) and
//! corrections (corrections.rs) are checked where their items are made.

mod backlinks;
mod bodies;
mod cited_by;
pub mod corrections;
mod facts;
pub mod glossary;
mod history;
mod ids;
mod links;
pub mod naming;
mod nav;
mod pages;
pub mod rebody;
pub mod review;
mod sections;
mod sources;
mod timeline;

pub use backlinks::EventRef;
pub use bodies::BodyCache;
pub use nav::NavLink;
pub use sources::SourceView;

use crate::diagnostic::{error_at, Diagnostics};
use crate::load::config::{BaseUrl, SiteConfig};
use crate::load::front_matter::{Coords, Name, PageKind};
use crate::load::{AssetFile, Inputs, TemplateFile};
use crate::markdown::Heading;
use crate::model::facts::{FigureView, Ref, SheetView};
use crate::model::timeline::TimelineView;
use backlinks::PointingBack;
use bodies::Body;
use ids::{IdKind, IdRegistry};
use links::Links;
use pages::PageEntry;
use sections::Place;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole site, resolved: what the renderer reads.
pub struct Site {
    pub config: SiteConfig,
    pub base: BaseUrl,
    pub pages: Vec<Page>,
    pub sheets: Vec<SheetView>,
    pub figures: BTreeMap<String, FigureView>,
    pub sources: Vec<SourceView>,
    pub timeline: TimelineView,
    /// The glossary, when the site has content/glossary.yaml.
    pub glossary: Option<glossary::GlossaryView>,
    pub nav: Vec<NavLink>,
    pub templates: Vec<TemplateFile>,
    pub assets: Vec<AssetFile>,
    /// Pages left out as drafts: their path in the output, and their file.
    pub drafts: Vec<(String, String)>,
    /// Every correction of a page, figure or event, newest first.
    pub corrections: Vec<crate::model::changes::CorrectionView>,
    /// Every change to a figure, newest first.
    pub changes: Vec<crate::model::changes::ChangeView>,
    /// What is past its review date on the build's "today", oldest first,
    /// as notes (never errors): `check --stale` lists them.
    pub stale: Vec<crate::Diagnostic>,
}

/// A page as templates see it: its front matter, its rendered body, its
/// place in the tree and everything that points back at it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub content_path: String,
    pub kind: PageKind,
    /// The place or actor id (its file name), for entity pages.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub url_path: String,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<Heading>,
    pub date: Option<String>,
    pub date_machine: Option<String>,
    pub updated: Option<String>,
    pub updated_machine: Option<String>,
    pub changes: Option<String>,
    pub weight: Option<i64>,
    /// Shown only under `--drafts`, with a visible marker.
    pub draft: bool,
    pub template: String,
    pub entity_kind: Option<String>,
    pub role: Option<String>,
    pub names: Vec<Name>,
    pub coords: Option<Coords>,
    /// Ids of the figures in the page's key-facts box, each one known.
    /// Templates see the figures themselves: the renderer puts in each
    /// figure's value, built once for all pages (see render::context).
    pub key_facts: Vec<String>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    pub backlinks: Vec<Ref>,
    pub events: Vec<EventRef>,
    pub figures: Vec<FigureView>,
    /// The page's corrections, in the order the editor wrote them.
    pub corrections: Vec<crate::model::changes::CorrectionView>,
}

impl ResolveCache {
    /// A cache that keeps what the next rebuild can reuse.
    pub fn keeping() -> ResolveCache {
        let mut cache = ResolveCache::default();
        cache.bodies.keep = true;
        cache
    }
}

impl Page {
    pub fn as_ref(&self) -> Ref {
        Ref {
            title: self.title.clone(),
            url: self.url.clone(),
            id: self.id.clone(),
        }
    }
}

/// What resolving keeps between the preview's rebuilds, so that a save
/// redoes only what it changed: the page bodies, the one step whose cost
/// grows with the text of every page, and what the shortcut for body-only
/// saves needs. The default keeps nothing (a build).
#[derive(Default)]
pub struct ResolveCache {
    pub bodies: bodies::BodyCache,
    /// What the last full resolve leaves for the preview's shortcut after
    /// a save that changed only page bodies (`rebody`).
    kept: Option<rebody::Kept>,
}

/// Stage 2: the named steps, in order.
pub fn resolve(inputs: Inputs, drafts: bool, diags: &mut Diagnostics) -> Site {
    resolve_cached(inputs, drafts, &mut ResolveCache::default(), diags)
}

/// [`resolve`], reusing what `cache` holds that is still right: the
/// preview's path, and, with an empty cache, the build's.
pub fn resolve_cached(
    inputs: Inputs,
    show_drafts: bool,
    cache: &mut ResolveCache,
    diags: &mut Diagnostics,
) -> Site {
    let Inputs {
        config,
        config_file,
        pages: page_inputs,
        unread_pages,
        sheets,
        timelines,
        eras,
        glossary: glossary_file,
        has_glossary,
        sources: sources_file,
        templates,
        assets,
        mut broken,
        today,
        ..
    } = inputs;
    let sheet_names: Vec<String> = sheets.iter().map(|s| s.name()).collect();
    let taken = crate::generated::taken_paths(&config.config, &sheet_names, has_glossary);
    let base = &config.base;
    let drafts = pages::drafts(&page_inputs, show_drafts);
    let pages = pages::pages_and_urls(page_inputs, show_drafts, base, &taken, &mut broken, diags);
    pages::static_files(&assets, &pages, &taken, diags);
    let tree = sections::section_tree(&pages, diags);
    let table = links::link_table(
        &pages,
        &sheets,
        &timelines,
        sources_file.as_ref(),
        glossary_file.as_ref(),
        has_glossary,
        base,
    );
    let (source_entries, source_ids) = sources::sources(sources_file.as_ref(), diags);
    let refs = ids::lookup(&pages, &source_entries, source_ids, &broken, base);
    let mut ids = IdRegistry::default();
    let mut deferred = bodies::Deferred::default();
    let facts = {
        let links = Links::new(&table, &broken, None);
        facts::figures_and_ceasefires(
            &sheets,
            &refs,
            &links,
            &mut ids,
            &mut deferred,
            today,
            diags,
        )
    };
    let links = Links::new(&table, &broken, Some(&facts.figures));
    let allow_html = config.config.allow_html;
    let (bodies, anchors) = bodies::bodies(
        &pages,
        &unread_pages,
        &links,
        allow_html,
        deferred,
        &mut cache.bodies,
        diags,
    );
    let links = links.with_page_anchors(&anchors);
    let from = timeline::Sources {
        files: &timelines,
        eras: eras.as_ref(),
        sheets: &sheets,
        facts: &facts,
    };
    let timeline = timeline::timeline(&from, &config.config, &refs, &links, &mut ids, diags);
    let glossary_url = has_glossary.then(|| base.url(crate::generated::page("glossary").path));
    let glossary = glossary::glossary(glossary_file.as_ref(), glossary_url, &refs, &links, diags);
    let inputs: Vec<&crate::load::PageInput> = pages.iter().map(|p| &*p.input).collect();
    diags.extend(naming::check(&inputs, &timelines, glossary_file.as_ref()));
    let key_facts = key_facts(&pages, &facts.figures, &broken, diags);
    let back = backlinks::pointing_back(&pages, &bodies, &timeline, &facts.figures, &refs.actors);
    let citers = cited_by::Citers {
        facts: &facts,
        timeline: &timeline,
        pages: &pages,
        bodies: &bodies,
        glossary: glossary.as_ref(),
    };
    let sources = cited_by::cited_by(
        sources_file.as_ref(),
        &source_entries,
        &citers,
        &broken,
        &config.config.language,
        diags,
    );
    let stale = review::stale(&inputs, &sheets, &timelines, today);
    let sheets = facts::sheet_views(&sheets, &facts, base);
    let nav = nav::menu(&config, &config_file, &links, diags);
    let parts = pages.iter().zip(tree).zip(bodies).zip(key_facts).zip(back);
    let built = parts
        .map(|((((entry, place), body), key_facts), back)| {
            page(entry, place, body, key_facts, back)
        })
        .collect();
    cache.kept = cache.bodies.keep.then(|| rebody::Kept {
        table,
        broken,
        anchors,
        allow_html,
        inputs: pages.iter().map(|p| p.input.clone()).collect(),
    });
    let pages: Vec<Page> = built;
    let corrections = corrections::all(&pages, &facts.figures, &timeline.events);
    let changes = all_changes(&sheets);
    Site {
        config: config.config,
        base: config.base,
        pages,
        sheets,
        figures: facts.figures,
        sources,
        timeline,
        glossary,
        nav,
        templates,
        assets,
        drafts,
        corrections,
        changes,
        stale,
    }
}

/// Every change to a figure on the sheets, newest first (then by figure).
fn all_changes(sheets: &[SheetView]) -> Vec<crate::model::changes::ChangeView> {
    let mut out: Vec<_> = sheets
        .iter()
        .flat_map(|s| s.groups.iter().flat_map(|g| g.figures.iter()))
        .flat_map(|f| f.history.iter().cloned())
        .collect();
    out.sort_by(|a, b| (&b.date_machine, &a.anchor).cmp(&(&a.date_machine, &b.anchor)));
    out
}

/// Step: key facts. Needs: `figures_and_ceasefires`. Each page's
/// `key_facts:` ids, checked; an unknown one is left out.
fn key_facts(
    pages: &[PageEntry],
    figures: &BTreeMap<String, FigureView>,
    broken: &crate::load::Broken,
    diags: &mut Diagnostics,
) -> Vec<Vec<String>> {
    let known = || figures.keys().map(String::as_str);
    pages
        .iter()
        .map(|p| {
            let mut ids = Vec::new();
            for (j, id) in p.input.front.key_facts.iter().enumerate() {
                if figures.contains_key(id) {
                    ids.push(id.clone());
                } else if !broken.any_sheet() {
                    let (msg, hint) =
                        ids::unknown_id(IdKind::Figure, id, Some("key_facts"), known());
                    let pos = p.input.front_index.get(&format!("key_facts.{j}"));
                    diags.push(error_at(
                        &p.input.file.rel,
                        &p.input.file.text,
                        pos,
                        msg,
                        &hint,
                    ));
                }
            }
            ids
        })
        .collect()
}

/// The last step: a page, whole, from what the steps made of it.
///
/// Its text is copied, not moved, and the loaded pages are freed together
/// afterwards: a loaded page's strings sit between the file texts in the
/// loading threads' memory, and pages that kept them, or inputs freed one
/// by one between new pages, left the heap fragmented for rendering (up to
/// 20% slower at 10,000 pages, for the same instructions).
fn page(
    entry: &PageEntry,
    place: Place,
    body: Body,
    key_facts: Vec<String>,
    back: PointingBack,
) -> Page {
    let f = &entry.input.front;
    Page {
        content_path: entry.input.content_path.clone(),
        kind: entry.input.kind,
        id: entry.id.clone(),
        title: f.title.clone(),
        summary: f.summary.clone().unwrap_or_default(),
        url_path: entry.url_path.clone(),
        url: entry.url.clone(),
        permalink: entry.permalink.clone(),
        content: body.html,
        toc: body.toc,
        date: f.date.map(|d| d.display()),
        date_machine: f.date.map(|d| d.machine()),
        updated: f.updated.map(|d| d.display()),
        updated_machine: f.updated.map(|d| d.machine()),
        changes: f.changes.clone(),
        weight: f.weight,
        draft: f.draft,
        template: entry.template.clone(),
        entity_kind: entry.entity_kind.clone(),
        role: f.role.clone(),
        names: f.names.clone(),
        coords: f.coords,
        key_facts,
        parent: place.parent,
        children: place.children,
        prev: place.prev,
        next: place.next,
        backlinks: back.backlinks,
        events: back.events,
        figures: back.figures,
        corrections: corrections::views(
            &f.corrections,
            &corrections::Owner {
                kind: "page",
                of: &entry.input.content_path,
                title: &f.title,
                url: &entry.url,
                permalink: &entry.permalink,
                anchor_prefix: String::new(),
            },
        ),
    }
}
