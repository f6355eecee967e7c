//! Sources: `content/sources.yaml` checked (ids, duplicates, addresses,
//! access dates, languages), and each source as the `/sources/` page and a
//! page's notes show it.

use super::ids::SourceEntry;
use crate::diagnostic::{error_at, Diagnostic, Diagnostics, Severity};
use crate::load::files::Source;
use crate::load::Parsed;
use crate::markdown;
use crate::model::dates::{PartialDate, Precision};
use crate::model::facts::Ref;
use crate::model::language;
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
    /// An archive's snapshot, shown as "archived copy" beside the original.
    pub archived_url: Option<String>,
    /// When the editor last read the original, as a reader says it.
    pub accessed: Option<String>,
    pub accessed_machine: Option<String>,
    /// The source's language tag, as the editor wrote it.
    pub language: Option<String>,
    /// The tag again when it is not the site's language: the title's
    /// `lang` attribute.
    pub lang: Option<String>,
    /// "Russian" when the source is not in the site's language.
    pub language_name: Option<String>,
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
        let at = |field: &str| s.index.get(&format!("{i}.{field}"));
        let error = |field: &str, message: String, hint: &str| {
            error_at(rel, text, at(field), message, hint)
        };
        diags.extend(check_fields(src, &error));
        by_id.insert(src.id.clone(), entries.len());
        entries.push(SourceEntry {
            index: i,
            id: src.id.clone(),
            outlet: src.outlet.clone(),
            title: src.title.clone(),
            date: src.date.map(|d| d.display()),
            url: src.url.clone(),
            archived_url: src.archived_url.clone(),
            pos,
        });
    }
    (entries, by_id)
}

/// An error at one field of the source being checked.
type FieldError<'a> = dyn Fn(&str, String, &str) -> Diagnostic + 'a;

/// The problems with a source's addresses, access date and language.
fn check_fields(src: &Source, error: &FieldError) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(url) = &src.url {
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || markdown::is_script_url(url)
        {
            out.push(error(
                "url",
                format!("source url `{url}` must start with https:// or http://"),
                "leave `url:` out when the original address is not known; never guess one",
            ));
        }
    }
    if let Some(url) = &src.archived_url {
        if !is_web_address(url) {
            out.push(error(
                "archived_url",
                format!("source archived_url `{url}` must be a whole web address starting with https:// or http://"),
                "copy the snapshot's address from the archive (e.g. https://web.archive.org/web/20201018000000/https://…); leave `archived_url:` out when there is none",
            ));
        }
    }
    if let Some(d) = &src.accessed {
        if let Some(message) = accessed_problem(d) {
            out.push(error(
                "accessed",
                message,
                "write the day the source was read, e.g. accessed: 2024-05-01",
            ));
        }
    }
    if let Some(tag) = &src.language {
        if let Err(message) = language::check(tag) {
            let hint = match language::tag_for_name(tag) {
                Some(t) => format!("write the language's code: language: {t}"),
                None => "write a BCP 47 language tag, such as en, ru, hy, az or pt-BR".to_string(),
            };
            out.push(error(
                "language",
                format!("source language {message}"),
                &hint,
            ));
        } else if language::name(tag).is_none() {
            let mut d = error(
                "language",
                format!("source language `{tag}` is not one the site can name; readers see the tag itself"),
                "check the tag; if it is right, the site shows it as written",
            );
            d.severity = Severity::Warning;
            out.push(d);
        }
    }
    out
}

/// An absolute http(s) address with a host, and no spaces.
fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !url.chars().any(char::is_whitespace) && !markdown::is_script_url(url)
}

/// What is wrong with an access date, if anything: it is a day, known
/// exactly.
fn accessed_problem(d: &PartialDate) -> Option<String> {
    if d.precision != Precision::Day {
        return Some(format!(
            "source accessed `{d}` must be the day the source was read, written YYYY-MM-DD"
        ));
    }
    if d.approximate || d.uncertain {
        return Some(format!(
            "source accessed `{d}` must be a day known exactly, without ~ or ?"
        ));
    }
    None
}

/// A source as `/sources/` shows it, given what cites it and the site's
/// language.
pub fn source_view(src: &Source, cited_by: Vec<Ref>, site_language: &str) -> SourceView {
    let foreign = src
        .language
        .as_deref()
        .filter(|l| !language::same_language(l, site_language));
    SourceView {
        id: src.id.clone(),
        outlet: src.outlet.clone(),
        title: src.title.clone(),
        date: src.date.map(|d| d.display()),
        date_machine: src.date.map(|d| d.machine()),
        url: src.url.clone(),
        archived_url: src.archived_url.clone(),
        accessed: src.accessed.map(|d| d.display()),
        accessed_machine: src.accessed.map(|d| d.machine()),
        language: src.language.clone(),
        lang: foreign.map(String::from),
        language_name: foreign.map(|l| language::name(l).unwrap_or(l).to_string()),
        note: src.note.clone(),
        cited_by,
    }
}
