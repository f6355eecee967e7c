//! "Cited by": for each source, the figures, ceasefires, events and pages
//! that cite it, and a warning for a source nothing cites. A source that a
//! file which failed to load may cite is not warned about: that file's own
//! error comes first.

use super::bodies::Body;
use super::facts::Facts;
use super::ids::SourceEntry;
use super::pages::PageEntry;
use super::sources::{source_view, SourceView};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::files::Source;
use crate::load::{Broken, Parsed};
use crate::model::facts::{Citation, Ref};
use crate::model::timeline::TimelineView;
use std::collections::{BTreeMap, BTreeSet};

/// What can cite a source, for [`cited_by`].
pub struct Citers<'a> {
    pub facts: &'a Facts,
    pub timeline: &'a TimelineView,
    pub pages: &'a [PageEntry],
    pub bodies: &'a [Body],
    pub glossary: Option<&'a super::glossary::GlossaryView>,
}

/// Step: cited by. Needs: `figures_and_ceasefires`, `timeline` and
/// `bodies` (pages cite the sources of the figures they show).
pub fn cited_by(
    file: Option<&Parsed<Vec<Source>>>,
    entries: &[SourceEntry],
    citers: &Citers,
    broken: &Broken,
    site_language: &str,
    diags: &mut Diagnostics,
) -> Vec<SourceView> {
    let Some(file) = file else {
        return Vec::new();
    };
    let mut cited = citations(citers);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let refs: Vec<Ref> = cited
            .remove(&e.id)
            .map(|set| set.into_iter().collect())
            .unwrap_or_default();
        if refs.is_empty() && !broken.may_cite(&e.id) {
            diags.push(
                Diagnostic::warning(format!(
                    "source `{}` is not cited by any figure, event, page or glossary term",
                    e.id
                ))
                .in_file(&file.file.rel)
                .at_pos(e.pos)
                .with_source(&file.file.text)
                .hint("cite it, or remove it from content/sources.yaml"),
            );
        }
        out.push(source_view(&file.data[e.index], refs, site_language));
    }
    out
}

/// Everything that cites each source, by source id.
fn citations(c: &Citers) -> BTreeMap<String, BTreeSet<Ref>> {
    let mut cited: BTreeMap<String, BTreeSet<Ref>> = BTreeMap::new();
    let mut add = |sources: &[Citation], by: Ref| {
        for s in sources {
            cited.entry(s.id.clone()).or_default().insert(by.clone());
        }
    };
    for f in c.facts.figures.values() {
        add(
            &f.sources,
            cite_ref(format!("Figure: {}", f.label), &f.url, &f.id),
        );
    }
    for cf in &c.facts.ceasefires {
        add(
            &cf.sources,
            cite_ref(format!("Ceasefire: {}", cf.name), &cf.url, &cf.id),
        );
    }
    for ev in &c.timeline.events {
        let title = format!("Event: {} ({})", ev.title, ev.date);
        add(&ev.sources, cite_ref(title, &ev.url, &ev.id));
    }
    for t in c.glossary.iter().flat_map(|g| &g.terms) {
        add(
            &t.sources,
            cite_ref(format!("Glossary: {}", t.term), &t.url, &t.id),
        );
    }
    for (p, body) in c.pages.iter().zip(c.bodies) {
        for id in &body.facts_used {
            if let Some(f) = c.facts.figures.get(id) {
                let title = format!("Page: {}", p.input.front.title);
                add(&f.sources, cite_ref(title, &p.url, &p.id));
            }
        }
    }
    cited
}

fn cite_ref(title: String, url: &str, id: &str) -> Ref {
    Ref {
        title,
        url: url.to_string(),
        id: id.to_string(),
    }
}
