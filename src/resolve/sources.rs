//! Sources: `content/sources.yaml` checked (ids, duplicates, addresses),
//! and each source as the `/sources/` page shows it.

use super::ids::SourceEntry;
use crate::diagnostic::{error_at, Diagnostics};
use crate::load::files::Source;
use crate::load::Parsed;
use crate::markdown;
use crate::model::facts::Ref;
use crate::paths;
use serde::Serialize;
use std::collections::BTreeMap;

/// A source on `/sources/`, with everything that cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceView {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub date: Option<String>,
    pub date_machine: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
    pub cited_by: Vec<Ref>,
}

/// Step: sources. Needs: nothing. Returns the usable sources in file order,
/// and their index by id.
pub fn sources(
    file: Option<&Parsed<Vec<Source>>>,
    diags: &mut Diagnostics,
) -> (Vec<SourceEntry>, BTreeMap<String, usize>) {
    let mut entries: Vec<SourceEntry> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let Some(s) = file else {
        return (entries, by_id);
    };
    let (rel, text) = (&s.file.rel, &s.file.text);
    for (i, src) in s.data.iter().enumerate() {
        let pos = s.index.get(&format!("{i}.id"));
        if !paths::is_slug(&src.id) {
            diags.push(error_at(
                rel,
                text,
                pos,
                format!(
                    "source id `{}` must be lowercase letters, digits and hyphens",
                    src.id
                ),
                "",
            ));
        }
        if let Some(&first) = by_id.get(&src.id) {
            diags.push(error_at(
                rel,
                text,
                pos,
                format!(
                    "duplicate source id `{}` (first defined on line {})",
                    src.id, entries[first].pos.line
                ),
                "give each source its own id",
            ));
            continue;
        }
        if let Some(url) = &src.url {
            if !(url.starts_with("https://") || url.starts_with("http://"))
                || markdown::is_script_url(url)
            {
                diags.push(error_at(
                    rel,
                    text,
                    s.index.get(&format!("{i}.url")),
                    format!("source url `{url}` must start with https:// or http://"),
                    "leave `url:` out when the original address is not known; never guess one",
                ));
            }
        }
        by_id.insert(src.id.clone(), entries.len());
        entries.push(SourceEntry {
            index: i,
            id: src.id.clone(),
            outlet: src.outlet.clone(),
            title: src.title.clone(),
            date: src.date.map(|d| d.display()),
            url: src.url.clone(),
            pos,
        });
    }
    (entries, by_id)
}

/// A source as `/sources/` shows it, given what cites it.
pub fn source_view(src: &Source, cited_by: Vec<Ref>) -> SourceView {
    SourceView {
        id: src.id.clone(),
        outlet: src.outlet.clone(),
        title: src.title.clone(),
        date: src.date.map(|d| d.display()),
        date_machine: src.date.map(|d| d.machine()),
        url: src.url.clone(),
        note: src.note.clone(),
        cited_by,
    }
}
