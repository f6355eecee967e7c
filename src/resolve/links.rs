//! The link table: everything an `@/` link may point at (pages, sections,
//! the generated pages, fact sheets) with its URL and anchors, and
//! [`Links`], the resolver Markdown uses to check links and fill in
//! `fact()`. A link into a file that failed to load is let through: that
//! file's own error is the one to fix, and no "did you mean" may send the
//! editor elsewhere.

use super::pages::PageEntry;
use crate::diagnostic::closest;
use crate::generated;
use crate::load::config::BaseUrl;
use crate::load::files::{FactSheetFile, GlossaryFile, Source, TimelineFile};
use crate::load::Parsed;
use crate::markdown::Resolver;
use crate::model::facts::{self, FactStyle, FigureView};
use std::collections::{BTreeMap, BTreeSet};

/// What an `@/` link may point at.
pub struct Target {
    url: String,
    /// The page's index, for pages (backlinks come from these).
    page: Option<usize>,
    /// Ids a `#fragment` may name. Pages' anchors are their headings, known
    /// only once the bodies are rendered: see [`Links::with_page_anchors`].
    anchors: BTreeSet<String>,
}

/// The targets by what follows `@/`.
pub struct LinkTable {
    targets: BTreeMap<String, Target>,
    /// Glossary terms by id, with the term as `term()` shows it.
    terms: BTreeMap<String, String>,
    /// The glossary page's URL, when the site has one.
    glossary_url: Option<String>,
}

/// Step: the link table. Needs: `pages_and_urls`. Anchors of the generated
/// pages come from the loaded files' ids (events, ceasefires, figures,
/// sources), so the table does not wait for them to be resolved.
pub fn link_table(
    pages: &[PageEntry],
    sheets: &[Parsed<FactSheetFile>],
    timelines: &[Parsed<TimelineFile>],
    sources: Option<&Parsed<Vec<Source>>>,
    glossary: Option<&Parsed<GlossaryFile>>,
    has_glossary: bool,
    base: &BaseUrl,
) -> LinkTable {
    let mut targets = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        let page = |_: ()| Target {
            url: p.url.clone(),
            page: Some(i),
            anchors: BTreeSet::new(),
        };
        let key = &p.input.content_path;
        targets.insert(key.clone(), page(()));
        // `@/background` works for the section as well as `@/background/_index.md`.
        if let Some(dir) = key.strip_suffix("/_index.md") {
            targets.insert(dir.to_string(), page(()));
        }
    }
    let mut add = |link: &str, url: String, anchors: BTreeSet<String>| {
        let t = Target {
            url,
            page: None,
            anchors,
        };
        targets.insert(link.to_string(), t);
    };
    let timeline_anchors: BTreeSet<String> = timelines
        .iter()
        .flat_map(|t| t.data.events.iter().map(|e| e.id.clone()))
        .chain(sheets.iter().flat_map(|s| {
            let cf = s.data.ceasefires.iter().map(|c| c.id.clone());
            let figs = s.data.figures.iter().filter(|f| f.timeline);
            cf.chain(figs.map(|f| format!("figure-{}", f.id)))
        }))
        .collect();
    let mut sheet_names = BTreeSet::new();
    for s in sheets {
        let name = s.name();
        let anchors = s
            .data
            .figures
            .iter()
            .map(|f| f.id.clone())
            .chain(s.data.ceasefires.iter().map(|c| c.id.clone()))
            .collect();
        add(
            &format!("facts/{name}.yaml"),
            base.url(&generated::sheet_path(&name)),
            anchors,
        );
        sheet_names.insert(name);
    }
    let source_anchors: BTreeSet<String> = sources
        .iter()
        .flat_map(|s| s.data.iter().map(|src| src.id.clone()))
        .collect();
    let terms: BTreeMap<String, String> = glossary
        .iter()
        .flat_map(|g| g.data.terms.iter().map(|t| (t.id.clone(), t.term.clone())))
        .collect();
    let mut glossary_url = None;
    for g in generated::PAGES.iter().filter(|g| g.made(has_glossary)) {
        let Some(link) = g.link else { continue };
        let anchors = match link {
            "timeline" => timeline_anchors.clone(),
            "facts" => sheet_names.clone(),
            "sources" => source_anchors.clone(),
            "glossary" => terms.keys().cloned().collect(),
            _ => BTreeSet::new(),
        };
        if link == "glossary" {
            glossary_url = Some(base.url(g.path));
        }
        add(link, base.url(g.path), anchors);
    }
    LinkTable {
        targets,
        terms,
        glossary_url,
    }
}

/// Resolves `@/` links and `fact()` in Markdown (`markdown::Resolver`).
pub struct Links<'a> {
    table: &'a LinkTable,
    broken: &'a crate::load::Broken,
    /// `fact()` is not allowed where this is `None` (in figures' own notes,
    /// where it would be circular).
    figures: Option<&'a BTreeMap<String, FigureView>>,
    /// Each page's heading ids, by page index, once the bodies are
    /// rendered; until then links to a page's anchors pass and are checked
    /// afterwards (`markdown::Rendered::anchored`).
    page_anchors: Option<&'a [BTreeSet<String>]>,
}

impl<'a> Links<'a> {
    pub fn new(
        table: &'a LinkTable,
        broken: &'a crate::load::Broken,
        figures: Option<&'a BTreeMap<String, FigureView>>,
    ) -> Self {
        Links {
            table,
            broken,
            figures,
            page_anchors: None,
        }
    }

    /// The same resolver, now checking links to pages' headings.
    pub fn with_page_anchors<'b>(&self, anchors: &'b [BTreeSet<String>]) -> Links<'b>
    where
        'a: 'b,
    {
        Links {
            table: self.table,
            broken: self.broken,
            figures: self.figures,
            page_anchors: Some(anchors),
        }
    }

    /// Anchors that cannot be checked because the files defining them
    /// failed to load; their own errors are reported instead.
    fn unchecked(&self, key: &str) -> bool {
        match key {
            "timeline" => self.broken.any_timeline() || self.broken.any_sheet(),
            "sources" => self.broken.sources(),
            "glossary" => self.broken.has(generated::GLOSSARY_FILE),
            _ => key.starts_with("facts") && self.broken.any_sheet(),
        }
    }

    /// Everything Markdown can learn from this resolver, hashed: two
    /// resolvers with the same fingerprint answer every `link()` and
    /// `fact()` alike, so a page body rendered with one can be reused
    /// with the other (see `bodies::BodyCache`). Only for resolvers
    /// without page anchors, which bodies are rendered with.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (key, t) in &self.table.targets {
            (key, &t.url, t.page, &t.anchors).hash(&mut h);
        }
        // What `term()` answers: each term's id and text, and the page.
        (&self.table.terms, &self.table.glossary_url).hash(&mut h);
        self.broken.files().hash(&mut h);
        match self.figures {
            None => 0u8.hash(&mut h),
            Some(figures) => {
                // The whole figure, not just today's `fact_html`: whatever
                // of it a `fact()` may show is covered.
                for (id, f) in figures {
                    (id, serde_json::to_vec(f).unwrap_or_default()).hash(&mut h);
                }
            }
        }
        self.page_anchors.is_some().hash(&mut h);
        h.finish()
    }

    fn anchor_known(&self, key: &str, t: &Target, anchor: &str) -> bool {
        match (t.page, self.page_anchors) {
            (Some(_), None) => true, // checked once every body is rendered
            (Some(i), Some(all)) => all.get(i).is_some_and(|a| a.contains(anchor)),
            (None, _) => t.anchors.contains(anchor) || self.unchecked(key),
        }
    }

    fn anchors_of<'t>(&'t self, t: &'t Target) -> &'t BTreeSet<String> {
        match (t.page, self.page_anchors) {
            (Some(i), Some(all)) => all.get(i).unwrap_or(&t.anchors),
            _ => &t.anchors,
        }
    }
}

impl Resolver for Links<'_> {
    fn link(
        &self,
        target: &str,
        anchor: Option<&str>,
    ) -> Result<(String, Option<usize>), (String, String)> {
        let key = target.trim_end_matches('/');
        if self.broken.has(key) {
            return Ok(("#".into(), None)); // its own error says why
        }
        let Some(t) = self.table.targets.get(key) else {
            let known = self.table.targets.keys().map(String::as_str);
            let hint = match closest(key, known) {
                Some(c) => format!("did you mean @/{c}? Links name the file under content/, e.g. @/places/ganja.md"),
                None => "links name the file under content/, e.g. @/places/ganja.md; or @/timeline, @/facts, @/sources".into(),
            };
            return Err((
                format!("link to a page that does not exist: @/{target}"),
                hint,
            ));
        };
        match anchor {
            None | Some("") => Ok((t.url.clone(), t.page)),
            Some(a) if self.anchor_known(key, t, a) => Ok((format!("{}#{a}", t.url), t.page)),
            Some(a) => Err((
                format!("link to an anchor that does not exist: @/{target}#{a}"),
                anchor_hint(a, self.anchors_of(t)),
            )),
        }
    }

    fn term(&self, id: &str, text: Option<&str>) -> Result<String, (String, String)> {
        self.term_html(id, text)
    }

    fn fact(&self, id: &str, style: FactStyle) -> Result<String, (String, String)> {
        let Some(figures) = self.figures else {
            return Err((
                "fact() cannot be used here".into(),
                "a figure's note cannot show figures; write the value in words".into(),
            ));
        };
        match figures.get(id) {
            Some(f) => Ok(facts::fact_html_styled(f, style)),
            None if self.broken.any_sheet() => Ok(String::new()),
            None => Err(super::ids::unknown_id(
                super::ids::IdKind::Figure,
                id,
                None,
                figures.keys().map(String::as_str),
            )),
        }
    }
}

impl Links<'_> {
    /// `term(id=…)`: a link to the term's entry on `/glossary/`, showing
    /// `text` or the term itself.
    fn term_html(&self, id: &str, text: Option<&str>) -> Result<String, (String, String)> {
        let esc = crate::html::escape;
        let broken = self.broken.has(generated::GLOSSARY_FILE);
        let Some(url) = &self.table.glossary_url else {
            return Err((
                format!("term(id=\"{id}\") needs a glossary, and this site has none"),
                "add the term to content/glossary.yaml (terms: with id, term and definition), or write the words without term()".into(),
            ));
        };
        match self.table.terms.get(id) {
            Some(term) => Ok(format!(
                "<a class=\"term\" href=\"{}#{}\">{}</a>",
                esc(url),
                esc(id),
                esc(text.unwrap_or(term))
            )),
            // The glossary's own error says what is wrong.
            None if broken => Ok(esc(text.unwrap_or(id))),
            None => Err(super::ids::unknown_id(
                super::ids::IdKind::Term,
                id,
                None,
                self.table.terms.keys().map(String::as_str),
            )),
        }
    }
}

fn anchor_hint(wrong: &str, anchors: &BTreeSet<String>) -> String {
    match closest(wrong, anchors.iter().map(String::as_str)) {
        Some(c) => format!("did you mean #{c}?"),
        None if anchors.is_empty() => "that page has no headings to link to".into(),
        None => format!(
            "anchors on that page: {}",
            anchors
                .iter()
                .take(8)
                .map(|s| format!("#{s}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
