//! What each output reads, as data, and what changed between two builds:
//! the preview re-renders an output only when something it reads changed.
//!
//! Every job lists its [`Dep`]s where its context is put together
//! (`render::jobs`, `context::page_context`), so what a page shows and
//! what it is re-rendered for are written side by side. [`Changes`]
//! compares two resolved sites facet by facet. Where a facet is coarse
//! (any template change re-renders the pages using that template and
//! everything it names; a `fact()` in a template makes every page read
//! every figure), it errs towards rendering more.

use super::tera as site_tera;
use crate::diagnostic::Diagnostics;
use crate::load::TemplateFile;
use crate::resolve::{Page, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One thing an output reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// A page, whole, by its path in the output.
    Page(String),
    /// A page as lists show it (title, URL, summary, dates, kind).
    Item(String),
    /// A section's list of its pages, by the section's path.
    Menu(String),
    /// One figure, by id.
    Figure(String),
    /// A template and every template it names.
    Template(String),
    Timeline,
    Sheets,
    Sources,
    /// The set of pages and their list items, dates and change notes: the
    /// home page, search, "what changed".
    Pages,
    /// Every place's id, title, URL and coordinates: the maps.
    Places,
    /// The glossary's terms, definitions and sources: `/glossary/`.
    Glossary,
    /// Every correction of the site: `/corrections/`, "what changed".
    Corrections,
}

/// What differs between the site last rendered and the one about to be.
pub struct Changes {
    /// Tera's globals, the site's settings, the assets' names: when these
    /// change, every output is rendered again.
    everything: bool,
    pages: HashSet<String>,
    items: HashSet<String>,
    menus: HashSet<String>,
    figures: HashSet<String>,
    /// Templates changed, with every template that names one of them.
    templates: HashSet<String>,
    /// Some template calls `fact()`, so every page may show any figure.
    templates_read_figures: bool,
    timeline: bool,
    sheets: bool,
    sources: bool,
    page_set: bool,
    places: bool,
    glossary: bool,
    corrections: bool,
}

/// What [`Changes`] needs of a build, kept from one rebuild to the next.
pub struct Facets {
    pub site: std::sync::Arc<Site>,
    pub asset_urls: BTreeMap<String, String>,
}

impl Changes {
    /// Everything changed: a clean build.
    pub fn all() -> Changes {
        Changes {
            everything: true,
            pages: HashSet::new(),
            items: HashSet::new(),
            menus: HashSet::new(),
            figures: HashSet::new(),
            templates: HashSet::new(),
            templates_read_figures: true,
            timeline: true,
            sheets: true,
            sources: true,
            page_set: true,
            places: true,
            glossary: true,
            corrections: true,
        }
    }

    /// Compare the build `old` with `new`, facet by facet.
    pub fn between(old: &Facets, new: &Facets) -> Changes {
        let (o, n) = (&*old.site, &*new.site);
        let old_at: HashMap<&str, &Page> =
            o.pages.iter().map(|p| (p.url_path.as_str(), p)).collect();
        let differs = |p: &Page, same: &(dyn Fn(&Page, &Page) -> bool + Sync)| {
            old_at.get(p.url_path.as_str()).is_none_or(|q| !same(q, p))
        };
        let pages = n.pages.par_iter().filter(|p| differs(p, &|a, b| a == b));
        let items = n
            .pages
            .par_iter()
            .filter(|p| differs(p, &|a, b| same_item(a, b)));
        let menus = n.pages.par_iter().filter(|p| {
            old_at
                .get(p.url_path.as_str())
                .is_none_or(|q| menu_items(o, q) != menu_items(n, p))
        });
        Changes {
            everything: globals(old) != globals(new) || o.base.full != n.base.full,
            pages: pages.map(|p| p.url_path.clone()).collect(),
            items: items.map(|p| p.url_path.clone()).collect(),
            menus: menus.map(|p| p.url_path.clone()).collect(),
            figures: changed_figures(o, n),
            templates: changed_templates(&o.templates, &n.templates),
            templates_read_figures: n.templates.iter().any(|t| t.text.contains("fact(")),
            timeline: o.timeline != n.timeline,
            sheets: o.sheets != n.sheets,
            sources: o.sources != n.sources,
            page_set: page_list(o) != page_list(n),
            places: places(o) != places(n),
            glossary: o.glossary != n.glossary,
            corrections: o.corrections != n.corrections,
        }
    }

    /// Whether everything is to be rendered (a clean build, or a change to
    /// what every page reads).
    pub fn is_everything(&self) -> bool {
        self.everything
    }

    /// Whether an output reading `deps` must be rendered again.
    pub fn touch(&self, deps: &[Dep]) -> bool {
        self.everything
            || deps.iter().any(|d| match d {
                Dep::Page(p) => self.pages.contains(p),
                Dep::Item(p) => self.items.contains(p),
                Dep::Menu(p) => self.menus.contains(p),
                Dep::Figure(id) => self.figures.contains(id),
                Dep::Template(t) => self.templates.contains(t),
                Dep::Timeline => self.timeline,
                Dep::Sheets => self.sheets,
                Dep::Sources => self.sources,
                Dep::Pages => self.page_set,
                Dep::Places => self.places,
                Dep::Glossary => self.glossary,
                Dep::Corrections => self.corrections,
            })
            || (self.templates_read_figures && !self.figures.is_empty())
    }
}

/// A page as lists show it.
#[derive(PartialEq)]
struct Item<'a> {
    title: &'a str,
    url: &'a str,
    summary: &'a str,
    date: &'a Option<String>,
    date_machine: &'a Option<String>,
    kind: &'a Option<String>,
}

impl<'a> Item<'a> {
    fn of(p: &'a Page) -> Item<'a> {
        Item {
            title: &p.title,
            url: &p.url,
            summary: &p.summary,
            date: &p.date,
            date_machine: &p.date_machine,
            kind: &p.entity_kind,
        }
    }
}

fn menu_items<'a>(s: &'a Site, p: &Page) -> Vec<Item<'a>> {
    p.children.iter().map(|&c| Item::of(&s.pages[c])).collect()
}

fn same_item(a: &Page, b: &Page) -> bool {
    Item::of(a) == Item::of(b)
}

/// Every page's place, list item, dates and change note, in order.
fn page_list(s: &Site) -> Vec<(&str, Item<'_>, &Option<String>, &Option<String>)> {
    s.pages
        .iter()
        .map(|p| (p.url_path.as_str(), Item::of(p), &p.updated, &p.changes))
        .collect()
}

/// What the maps show of each place.
fn places(s: &Site) -> Vec<(&str, &str, &str, Option<crate::load::front_matter::Coords>)> {
    s.pages
        .iter()
        .filter(|p| p.kind == crate::load::front_matter::PageKind::Place)
        .map(|p| (p.id.as_str(), p.title.as_str(), p.url.as_str(), p.coords))
        .collect()
}

fn globals(f: &Facets) -> Option<Vec<u8>> {
    let mut quiet = Diagnostics::new();
    let g = site_tera::globals(&f.site, &f.asset_urls, &mut quiet)?;
    let config = serde_json::to_vec(&f.site.config).ok()?;
    let mut bytes = serde_json::to_vec(&(g, &f.asset_urls)).ok()?;
    bytes.extend(config);
    Some(bytes)
}

fn changed_figures(o: &Site, n: &Site) -> HashSet<String> {
    let ids: BTreeSet<&String> = o.figures.keys().chain(n.figures.keys()).collect();
    ids.into_iter()
        .filter(|id| o.figures.get(*id) != n.figures.get(*id))
        .cloned()
        .collect()
}

/// The templates whose text changed (or that came or went), and every
/// template that names one of them, directly or through others.
fn changed_templates(old: &[TemplateFile], new: &[TemplateFile]) -> HashSet<String> {
    let text = |list: &[TemplateFile], name: &str| {
        list.iter().find(|t| t.name == name).map(|t| t.text.clone())
    };
    let names: BTreeSet<&str> = old.iter().chain(new).map(|t| t.name.as_str()).collect();
    let mut changed: HashSet<String> = names
        .into_iter()
        .filter(|n| text(old, n) != text(new, n))
        .map(String::from)
        .collect();
    // Tera's components are known to every template, named or not.
    let defines_component = |list: &[TemplateFile]| {
        list.iter()
            .any(|t| changed.contains(&t.name) && t.text.contains("component"))
    };
    if defines_component(old) || defines_component(new) {
        return new.iter().map(|t| t.name.clone()).collect();
    }
    // Grow until no template names a changed one.
    loop {
        let more: Vec<String> = new
            .iter()
            .filter(|t| !changed.contains(&t.name))
            .filter(|t| changed.iter().any(|c| names_template(&t.text, c)))
            .map(|t| t.name.clone())
            .collect();
        if more.is_empty() {
            return changed;
        }
        changed.extend(more);
    }
}

/// Whether a template's text names `other` in quotes (`extends`,
/// `include`, `import`).
fn names_template(text: &str, other: &str) -> bool {
    text.contains(&format!("\"{other}\"")) || text.contains(&format!("'{other}'"))
}
