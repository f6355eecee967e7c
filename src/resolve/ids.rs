//! Ids, in one place: the registry that checks an id's form and that it is
//! unique across figures, ceasefires, events and eras; the one message for
//! an id that names nothing ([`unknown_id`], kept in
//! `diagnostic::unknown_id` so that `explainer new` can say it too); and [`Refs`], the lookup that
//! every step uses to turn an id written in a file (a source, an actor, a
//! place, a page) into a link.
//!
//! An id that belongs to a file which failed to load is never reported as
//! unknown: that file's own error says what is wrong (see `load::Broken`).

use crate::diagnostic::{error_at, Diagnostics, Pos};
use crate::load::{Broken, TextFile};
use crate::model::facts::{Citation, Ref};
use crate::paths;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::diagnostic::unknown_id::{source_summary, unknown_id, unknown_id_described, IdKind};

/// Ids of figures, ceasefires, events and eras share one namespace: each
/// is an anchor on a generated page and a key in the exports.
#[derive(Default)]
pub struct IdRegistry {
    seen: BTreeMap<String, (PathBuf, Pos)>,
}

impl IdRegistry {
    /// Check `id`'s form and that nothing claimed it before; report either
    /// problem at `pos` and return whether the id may be used.
    pub fn claim(
        &mut self,
        id: &str,
        what: &str,
        file: &TextFile,
        pos: Pos,
        diags: &mut Diagnostics,
    ) -> bool {
        if !paths::is_slug(id) {
            diags.push(error_at(
                &file.rel,
                &file.text,
                pos,
                format!("{what} id `{id}` must be lowercase letters, digits and hyphens"),
                "for example nk-military-deaths-2020-10-18",
            ));
            return false;
        }
        if let Some((f, p)) = self.seen.get(id) {
            diags.push(error_at(
                &file.rel,
                &file.text,
                pos,
                format!(
                    "duplicate id `{id}` (first used in {}:{})",
                    f.display(),
                    p.line
                ),
                "ids must be unique across the site",
            ));
            return false;
        }
        self.seen.insert(id.to_string(), (file.rel.clone(), pos));
        true
    }
}

/// A source as a "did you mean" names it: outlet, title and date.
fn describe_source(s: &SourceEntry) -> String {
    source_summary(&s.outlet, &s.title, s.date.as_deref())
}

/// A source as the lookup knows it: enough to cite it.
pub struct SourceEntry {
    /// Its place in content/sources.yaml's list.
    pub index: usize,
    pub id: String,
    pub outlet: String,
    pub title: String,
    /// The publication date as a reader says it, when known.
    pub date: Option<String>,
    /// The source's own address, when known.
    pub url: Option<String>,
    /// An archive's snapshot of it, when the editor gives one.
    pub archived_url: Option<String>,
    pub pos: Pos,
}

/// Everything ids in files are checked against. Built once the pages and
/// sources are known (steps `pages_and_urls` and `sources`).
pub struct Refs<'a> {
    pub broken: &'a Broken,
    /// Page refs by index, as `pages_and_urls` made them.
    pub pages: Vec<Ref>,
    pub actors: BTreeMap<String, usize>,
    /// Actors' `in_text` (how running text names them), by actor id.
    pub in_text: BTreeMap<String, String>,
    pub places: BTreeMap<String, usize>,
    pub page_index: BTreeMap<String, usize>,
    pub sources: BTreeMap<String, usize>,
    pub source_entries: &'a [SourceEntry],
    pub base: &'a crate::load::config::BaseUrl,
}

impl Refs<'_> {
    /// Citations for source ids; unknown ids are errors at `at(i)`.
    pub fn cite(
        &self,
        ids: &[String],
        file: &TextFile,
        at: &dyn Fn(usize) -> Pos,
        diags: &mut Diagnostics,
    ) -> Vec<Citation> {
        let mut out = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match self.sources.get(id) {
                Some(&n) => out.push(self.citation(&self.source_entries[n])),
                None if self.broken.sources() => {}
                None => {
                    let known = self.sources.keys().map(String::as_str);
                    let describe = |c: &str| {
                        let n = *self.sources.get(c)?;
                        Some(describe_source(&self.source_entries[n]))
                    };
                    let (msg, hint) =
                        unknown_id_described(IdKind::Source, id, None, known, &describe);
                    diags.push(error_at(&file.rel, &file.text, at(i), msg, &hint));
                }
            }
        }
        out
    }

    fn citation(&self, s: &SourceEntry) -> Citation {
        let entry = format!("sources/#{}", s.id);
        Citation {
            n: 0,
            id: s.id.clone(),
            outlet: s.outlet.clone(),
            title: s.title.clone(),
            url: self.base.url(&entry),
            source_url: s.url.clone(),
            archived_url: s.archived_url.clone(),
            entry_permalink: self.base.permalink(&entry),
        }
    }

    /// References to actors, places or pages, with the pages' indices;
    /// unknown ids are errors at `at(i)`, with `field` named in the message
    /// when given.
    pub fn refs(
        &self,
        ids: &[String],
        kind: IdKind,
        field: Option<&str>,
        file: &TextFile,
        at: &dyn Fn(usize) -> Pos,
        diags: &mut Diagnostics,
    ) -> (Vec<Ref>, Vec<usize>) {
        let table = match kind {
            IdKind::Actor => &self.actors,
            IdKind::Place => &self.places,
            _ => &self.page_index,
        };
        let mut refs = Vec::new();
        let mut idx = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match table.get(id) {
                Some(&p) => {
                    refs.push(self.pages[p].clone());
                    idx.push(p);
                }
                None if self.broken.has(&page_path(kind, id)) => {}
                None => {
                    let known = table.keys().map(String::as_str);
                    let (msg, hint) = unknown_id(kind, id, field, known);
                    diags.push(error_at(&file.rel, &file.text, at(i), msg, &hint));
                }
            }
        }
        (refs, idx)
    }

    /// One actor as a reference; an unknown id is reported (unless its page
    /// failed to load) and stands as itself, without a link.
    pub fn actor(
        &self,
        id: &str,
        field: &str,
        file: &TextFile,
        pos: Pos,
        diags: &mut Diagnostics,
    ) -> Ref {
        let (mut refs, _) = self.refs(
            std::slice::from_ref(&id.to_string()),
            IdKind::Actor,
            Some(field),
            file,
            &|_| pos,
            diags,
        );
        refs.pop().unwrap_or_else(|| Ref {
            title: id.to_string(),
            url: String::new(),
            id: id.to_string(),
        })
    }
}

/// The content path an actor, place or page id stands for.
fn page_path(kind: IdKind, id: &str) -> String {
    match kind {
        IdKind::Actor => format!("actors/{id}.md"),
        IdKind::Place => format!("places/{id}.md"),
        _ => id.to_string(),
    }
}

/// The lookup, once pages and sources are known (steps `pages_and_urls`
/// and `sources`).
pub fn lookup<'a>(
    pages: &[super::pages::PageEntry],
    source_entries: &'a [SourceEntry],
    sources: BTreeMap<String, usize>,
    broken: &'a Broken,
    base: &'a crate::load::config::BaseUrl,
) -> Refs<'a> {
    use crate::load::front_matter::PageKind;
    let by_kind = |kind: PageKind| -> BTreeMap<String, usize> {
        let of_kind = pages.iter().enumerate().filter(|(_, p)| p.kind() == kind);
        of_kind.map(|(i, p)| (p.id.clone(), i)).collect()
    };
    Refs {
        broken,
        pages: pages.iter().map(|p| p.as_ref()).collect(),
        actors: by_kind(PageKind::Actor),
        in_text: pages
            .iter()
            .filter(|p| p.kind() == PageKind::Actor)
            .filter_map(|p| Some((p.id.clone(), p.input.front.in_text.clone()?)))
            .collect(),
        places: by_kind(PageKind::Place),
        page_index: pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.input.content_path.clone(), i))
            .collect(),
        sources,
        source_entries,
        base,
    }
}
