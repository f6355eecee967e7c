//! What `new event` and `new source` check before printing a block: the
//! date is real, the category is one of site.yaml's, the source ids exist,
//! and a new source's id follows the site's own ids for the same outlet.
//! Problems are [`Diagnostic`]s, said the way a build says them.

use crate::diagnostic::unknown_id::{source_summary, unknown_id_described, IdKind};
use crate::diagnostic::{closest, Diagnostic};
use crate::load::files::Source;
use crate::model::dates::PartialDate;
use crate::paths::slugify;
use std::collections::BTreeMap;
use std::path::Path;

/// The command-line flag `flag`'s `value` must be a real date.
pub(super) fn date(flag: &str, value: &str, problems: &mut Vec<Diagnostic>) {
    if let Err(why) = PartialDate::parse(value) {
        problems.push(Diagnostic::error(format!("{why} (in {flag})")).hint(format!(
            "give a real date such as {flag} 2020-10-17 (or 2020-10, or 2020), or leave {flag} out for today"
        )));
    }
}

/// The category must be one of site.yaml's.
pub(super) fn category(value: &str, known: &[String], problems: &mut Vec<Diagnostic>) {
    if known.is_empty() || known.iter().any(|k| k == value) {
        return;
    }
    let hint = match closest(value, known.iter().map(String::as_str)) {
        Some(c) => format!("did you mean `{c}`? The categories are listed in site.yaml: {}", known.join(", ")),
        None => format!("use one of site.yaml's categories: {}, or add `{value}` to `categories:` in site.yaml first", known.join(", ")),
    };
    problems
        .push(Diagnostic::error(format!("unknown category `{value}` (in --category)")).hint(hint));
}

/// Every id must name a source in content/sources.yaml.
pub(super) fn source_ids(ids: &[String], sources: &[Source], problems: &mut Vec<Diagnostic>) {
    let by_id: BTreeMap<&str, &Source> = sources.iter().map(|s| (s.id.as_str(), s)).collect();
    for id in ids.iter().filter(|id| !by_id.contains_key(id.as_str())) {
        let describe = |c: &str| by_id.get(c).map(|s| summary(s));
        let known = by_id.keys().copied();
        let (message, hint) =
            unknown_id_described(IdKind::Source, id, Some("--source"), known, &describe);
        let hint = format!("{hint} (`explainer new source` makes one)");
        problems.push(Diagnostic::error(message).hint(hint));
    }
}

fn summary(s: &Source) -> String {
    let date = s.date.map(|d| d.display());
    source_summary(&s.outlet, &s.title, date.as_deref())
}

/// The sources in ROOT/content/sources.yaml (none when there is no such
/// file); a file that cannot be read is its own errors.
pub(super) fn read_sources(root: &Path) -> Result<Vec<Source>, Vec<Diagnostic>> {
    let rel = Path::new("content/sources.yaml");
    if !root.join(rel).is_file() {
        return Ok(Vec::new());
    }
    let text = crate::load::read::read_text(root, rel).map_err(|d| vec![d])?;
    crate::load::yaml::parse::<Vec<Source>>(&text, rel, 1, &text).map(|(s, _)| s)
}

/// A new source's id: the prefix the site already uses for the outlet
/// (`aljazeera` for Al Jazeera in `aljazeera-2020-10-18`), else the
/// outlet's slug, then the date.
pub(super) fn source_id(outlet: &str, date: &str, sources: &[Source]) -> String {
    let prefix = outlet_prefix(outlet, sources).unwrap_or_else(|| slugify(outlet));
    format!("{prefix}-{}", slugify(date))
}

/// The most common id prefix of the sources from `outlet`: the part of the
/// id before `-<date>`.
fn outlet_prefix(outlet: &str, sources: &[Source]) -> Option<String> {
    let same = |s: &&Source| s.outlet.trim().eq_ignore_ascii_case(outlet.trim());
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in sources.iter().filter(same) {
        let Some(date) = s.date else { continue };
        let marker = format!("-{}", slugify(&date.machine()));
        if let Some(at) = s.id.find(&marker).filter(|&at| at > 0) {
            *counts.entry(s.id[..at].to_string()).or_default() += 1;
        }
    }
    let most = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(p, _)| p)
}

/// A new source's id must not be taken.
pub(super) fn free_id(id: &str, sources: &[Source], problems: &mut Vec<Diagnostic>) {
    if !crate::paths::is_slug(id) {
        problems.push(
            Diagnostic::error(format!(
                "source id `{id}` must be lowercase letters, digits and hyphens (in --id)"
            ))
            .hint(format!("for example --id {}", slugify(id))),
        );
        return;
    }
    if let Some(s) = sources.iter().find(|s| s.id == id) {
        problems.push(
            Diagnostic::error(format!("content/sources.yaml already has a source with id `{id}` ({})", summary(s)))
                .hint(format!("if it is the same article, cite `{id}` and add nothing; otherwise pass --id with another id, e.g. --id {id}-2")),
        );
    }
}
