//! The glossary: content/glossary.yaml's terms as `/glossary/` shows them,
//! each with its definition (Markdown) and numbered sources. Pages link to
//! a term with `{{ term(id="…") }}`, resolved by `links::Links`; nothing
//! links terms by itself (see `Links::term_html`).

use super::bodies::{render_snippet, Deferred};
use super::ids::Refs;
use super::links::Links;
use crate::diagnostic::{error_at, Diagnostics};
use crate::load::files::GlossaryFile;
use crate::load::Parsed;
use crate::model::facts::Citation;
use crate::paths;
use serde::Serialize;
use std::collections::BTreeMap;

/// The glossary page's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlossaryView {
    pub terms: Vec<TermView>,
}

/// One entry, in the file's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermView {
    /// Its anchor on `/glossary/`.
    pub id: String,
    pub term: String,
    pub other_names: Vec<String>,
    pub definition_html: String,
    pub sources: Vec<Citation>,
    /// `/glossary/#id`.
    pub url: String,
}

/// Step: glossary. Needs: `bodies` (`links` knows the pages' headings, so
/// definitions' links are checked at once) and `sources`. Each term's id
/// must be a slug, unique in the glossary; its sources must be known.
pub fn glossary(
    file: Option<&Parsed<GlossaryFile>>,
    page_url: Option<String>,
    refs: &Refs,
    links: &Links,
    diags: &mut Diagnostics,
) -> Option<GlossaryView> {
    let page_url = page_url?;
    let Some(file) = file else {
        // The file exists but failed to load: its error is reported.
        return Some(GlossaryView { terms: Vec::new() });
    };
    let mut deferred = Deferred::default(); // stays empty: headings are known
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut terms = Vec::new();
    for (i, t) in file.data.terms.iter().enumerate() {
        let at = |key: &str| file.index.get(&format!("terms.{i}.{key}"));
        let f = &file.file;
        if !paths::is_slug(&t.id) {
            diags.push(error_at(
                &f.rel,
                &f.text,
                at("id"),
                format!(
                    "term id `{}` must be lowercase letters, digits and hyphens",
                    t.id
                ),
                "for example line-of-contact",
            ));
            continue;
        }
        if let Some(first) = seen.insert(&t.id, i) {
            let first_line = file.index.get(&format!("terms.{first}.id")).line;
            diags.push(error_at(
                &f.rel,
                &f.text,
                at("id"),
                format!("duplicate term id `{}` (first used on line {first_line})", t.id),
                "each term's id is its anchor on the glossary page: give this one another id, or merge the two entries",
            ));
            continue;
        }
        let path = format!("terms.{i}.sources");
        let source_at = |j: usize| file.index.get(&format!("{path}.{j}"));
        let mut sources = refs.cite(&t.sources, f, &source_at, diags);
        for (n, s) in sources.iter_mut().enumerate() {
            s.n = n + 1;
        }
        let definition = render_snippet(&t.definition, f, links, &mut deferred, diags);
        terms.push(TermView {
            id: t.id.clone(),
            term: t.term.clone(),
            other_names: t.other_names.clone(),
            definition_html: definition.html,
            sources,
            url: format!("{page_url}#{}", t.id),
        });
    }
    deferred.check(links, diags);
    Some(GlossaryView { terms })
}
