//! The both-names check: where a page (or a timeline event) names a
//! disputed place only by the name one side uses (Shusha without Shushi,
//! Khankendi without Stepanakert), warn at the first such mention so the
//! editor can add the other name.
//!
//! Names come from the places' own `names:` lists, so the rule grows with the
//! content. Matching is whole-word and case-sensitive, and the longest name
//! wins where names overlap: "Lachin corridor" (a neutral name) is not a
//! mention of the town of Lachin, and "Shushan" is not "Shusha".

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::files::{GlossaryFile, TimelineFile};
use crate::load::front_matter::{Name, PageKind, Side};
use crate::load::{PageInput, Parsed};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// One name to look for, and what it stands for.
#[derive(Debug, Clone)]
struct Entry {
    text: String,
    place: usize,
    side: Side,
}

/// Every place name of the site, ready to scan text with.
#[derive(Debug, Default)]
pub struct Names {
    /// Longest first, so overlapping shorter names lose.
    entries: Vec<Entry>,
    places: Vec<Place>,
}

#[derive(Debug)]
struct Place {
    id: String,
    /// Whether both sides have a name: only then is there anything to check.
    checked: bool,
    armenian: Vec<String>,
    azerbaijani: Vec<String>,
}

/// A page that names a place only by one side's name, and not by a neutral
/// (international) one either.
#[derive(Debug, PartialEq, Eq)]
pub struct OneSided {
    pub place_id: String,
    /// The name used, and where it first appears (byte range in the text).
    pub used: String,
    pub at: usize,
    pub side: Side,
    /// The other side's names, for the hint.
    pub missing: Vec<String>,
}

impl Names {
    /// `places`: each place's id, its names and whether it is exempt.
    pub fn new<'a>(places: impl IntoIterator<Item = (&'a str, &'a [Name], bool)>) -> Names {
        let mut names = Names::default();
        for (i, (id, list, exempt)) in places.into_iter().enumerate() {
            let of = |side: Side| -> Vec<String> {
                list.iter()
                    .filter(|n| n.used_by == side)
                    .map(|n| n.name.clone())
                    .collect()
            };
            let (armenian, azerbaijani) = (of(Side::Armenian), of(Side::Azerbaijani));
            names.places.push(Place {
                id: id.to_string(),
                checked: !exempt && !armenian.is_empty() && !azerbaijani.is_empty(),
                armenian,
                azerbaijani,
            });
            for n in list {
                if !n.name.trim().is_empty() {
                    names.entries.push(Entry {
                        text: n.name.trim().to_string(),
                        place: i,
                        side: n.used_by,
                    });
                }
            }
        }
        names
            .entries
            .sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.text.cmp(&b.text)));
        names
    }

    /// Whether [`Names::check`] can find anything in `text`: only if some
    /// name of a checked place occurs in it at all. Lets most pages skip
    /// the Markdown parse that finds their prose.
    pub fn may_find(&self, text: &str) -> bool {
        self.entries
            .iter()
            .any(|e| self.places[e.place].checked && text.contains(e.text.as_str()))
    }

    /// The places `text` names by one side only, in order of first mention.
    /// `text` is scanned in the given ranges only (prose, not code or URLs).
    pub fn check(&self, text: &str, ranges: &[Range<usize>]) -> Vec<OneSided> {
        let mut taken: Vec<Range<usize>> = Vec::new();
        // place -> first mention by an Armenian, an Azerbaijani and a neutral name
        let mut seen: BTreeMap<usize, [Option<(usize, &str)>; 3]> = BTreeMap::new();
        for e in &self.entries {
            for r in ranges {
                let hay = &text[r.clone()];
                for (i, _) in hay.match_indices(e.text.as_str()) {
                    let start = r.start + i;
                    let end = start + e.text.len();
                    if !is_word_edge(text, start, end)
                        || taken.iter().any(|t| t.start < end && start < t.end)
                    {
                        continue;
                    }
                    taken.push(start..end);
                    let slot = match e.side {
                        Side::Armenian => 0,
                        Side::Azerbaijani => 1,
                        Side::Neutral => 2,
                        Side::Historical => continue,
                    };
                    let first = &mut seen.entry(e.place).or_default()[slot];
                    if first.is_none_or(|(at, _)| start < at) {
                        *first = Some((start, e.text.as_str()));
                    }
                }
            }
        }
        let mut found: Vec<OneSided> = seen
            .into_iter()
            .filter(|(p, _)| self.places[*p].checked)
            .filter_map(|(p, [arm, aze, neutral])| {
                let place = &self.places[p];
                // An international name ("Nagorno-Karabakh (Artsakh to
                // Armenians)") is as even-handed as giving both.
                let (used, side, missing) = match (arm, aze, neutral) {
                    (Some(u), None, None) => (u, Side::Armenian, &place.azerbaijani),
                    (None, Some(u), None) => (u, Side::Azerbaijani, &place.armenian),
                    _ => return None,
                };
                Some(OneSided {
                    place_id: place.id.clone(),
                    used: used.1.to_string(),
                    at: used.0,
                    side,
                    missing: missing.clone(),
                })
            })
            .collect();
        found.sort_by_key(|f| f.at);
        found
    }
}

fn is_word_edge(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The byte ranges of a Markdown body a reader sees as prose: text and link
/// text, not code, URLs, raw HTML or `{{ fact(...) }}` shortcodes.
pub fn prose_ranges(markdown: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut in_code = 0usize;
    for (event, range) in Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(_) if in_code == 0 => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// The names of every place, from the place pages among `pages`.
fn registry(pages: &[&PageInput]) -> Names {
    Names::new(pages.iter().filter(|p| p.kind == PageKind::Place).map(|p| {
        let id = p.content_path.trim_start_matches("places/");
        let id = id.trim_end_matches(".md");
        (id, &p.front.names[..], p.front.naming_exempt)
    }))
}

/// The warnings for one page: its title and prose, against `names`.
fn page_warnings(names: &Names, p: &PageInput) -> Vec<Diagnostic> {
    let text = &p.file.text;
    if !names.may_find(text) {
        return Vec::new();
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    // The title is prose too; it sits in the front matter.
    if let Some(at) = text[..p.body_offset].find(p.front.title.as_str()) {
        ranges.push(at..at + p.front.title.len());
    }
    ranges.extend(
        prose_ranges(p.body())
            .into_iter()
            .map(|r| r.start + p.body_offset..r.end + p.body_offset),
    );
    names
        .check(text, &ranges)
        .into_iter()
        .map(|f| warning(&f, "page", &p.file.rel, text, f.at))
        .collect()
}

/// [`check`] for one page of `pages` only: what the preview redoes when
/// that page's body alone changed.
pub fn check_page(pages: &[&PageInput], one: &PageInput) -> Vec<Diagnostic> {
    page_warnings(&registry(pages), one)
}

/// Warnings for every page, and every timeline event, that names a place
/// by one side's name only.
pub fn check(
    pages: &[&PageInput],
    timelines: &[Parsed<TimelineFile>],
    glossary: Option<&Parsed<GlossaryFile>>,
) -> Vec<Diagnostic> {
    let names = registry(pages);
    let mut out: Vec<Diagnostic> = pages
        .par_iter()
        .flat_map_iter(|p| page_warnings(&names, p))
        .collect();
    // An event is read on its own (on the timeline, on place pages), so its
    // title and summary together must give both names.
    for t in timelines {
        for (i, ev) in t.data.events.iter().enumerate() {
            let fields = [("title", ev.title.as_str()), ("summary", &ev.summary)];
            out.extend(entry_warnings(
                &names,
                t,
                &format!("events.{i}"),
                fields,
                "event",
            ));
        }
    }
    // The glossary is read as one page: its terms and definitions together
    // must give both names, as the page it replaces did.
    if let Some(g) = glossary {
        out.extend(glossary_warnings(&names, g));
    }
    out
}

/// The glossary's warnings: every term and definition, in order, as one
/// text (the `/glossary/` page).
fn glossary_warnings(names: &Names, g: &Parsed<GlossaryFile>) -> Vec<Diagnostic> {
    let mut joined = String::new();
    let mut parts: Vec<(String, Range<usize>)> = Vec::new();
    for (i, t) in g.data.terms.iter().enumerate() {
        for (field, value) in [("term", &t.term), ("definition", &t.definition)] {
            let start = joined.len();
            joined.push_str(value);
            parts.push((format!("terms.{i}.{field}"), start..joined.len()));
            joined.push('\n');
        }
    }
    let ranges: Vec<Range<usize>> = parts.iter().map(|(_, r)| r.clone()).collect();
    let text = &g.file.text;
    let mut out = Vec::new();
    for f in names.check(&joined, &ranges) {
        let Some((path, _)) = parts.iter().find(|(_, r)| r.contains(&f.at)) else {
            continue;
        };
        let start = offset_of(text, g.index.get(path));
        let at = text[start..]
            .match_indices(f.used.as_str())
            .map(|(j, _)| start + j)
            .find(|&j| is_word_edge(text, j, j + f.used.len()))
            .unwrap_or(start);
        out.push(warning(&f, "glossary", &g.file.rel, text, at));
    }
    out
}

/// The warnings of one entry of a YAML file read on its own (an event, a
/// glossary term), at `path` in its file: its two text fields together
/// must give both names.
fn entry_warnings<T>(
    names: &Names,
    file: &Parsed<T>,
    path: &str,
    [(first, first_text), (second, second_text)]: [(&str, &str); 2],
    what: &str,
) -> Vec<Diagnostic> {
    let text = &file.file.text;
    let joined = format!("{first_text}\n{second_text}");
    let first_end = first_text.len();
    let mut out = Vec::new();
    for f in names.check(&joined, &[0..first_end, first_end + 1..joined.len()]) {
        let field = if f.at < first_end { first } else { second };
        let start = offset_of(text, file.index.get(&format!("{path}.{field}")));
        // The same name, found again where the field's value starts.
        let at = text[start..]
            .match_indices(f.used.as_str())
            .map(|(j, _)| start + j)
            .find(|&j| is_word_edge(text, j, j + f.used.len()))
            .unwrap_or(start);
        out.push(warning(&f, what, &file.file.rel, text, at));
    }
    out
}

fn warning(f: &OneSided, what: &str, file: &Path, text: &str, at: usize) -> Diagnostic {
    let (side, other) = match f.side {
        Side::Armenian => ("Armenian", "Azerbaijani"),
        _ => ("Azerbaijani", "Armenian"),
    };
    let other_name = f.missing.first().cloned().unwrap_or_default();
    Diagnostic::warning(format!(
        "`{}` is the {side} name for the place `{}`, and this {what} never gives the {other} name ({})",
        f.used,
        f.place_id,
        f.missing.join(", ")
    ))
    .in_file(file)
    .at_pos(Pos::of_offset(text, at))
    .with_source(text)
    .hint(format!(
        "give both names at the first mention, e.g. \"{} ({other_name})\"; if both sides use one name, set `naming_exempt: true` in content/places/{}.md",
        f.used, f.place_id
    ))
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, pos: Pos) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(pos.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(pos.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str, side: Side) -> Name {
        Name {
            name: n.into(),
            lang: "en".into(),
            used_by: side,
            note: None,
        }
    }

    fn site() -> (Vec<Name>, Vec<Name>, Vec<Name>) {
        let shushi = vec![
            name("Shushi", Side::Armenian),
            name("Shusha", Side::Azerbaijani),
        ];
        let lachin = vec![
            name("Berdzor", Side::Armenian),
            name("Lachin", Side::Azerbaijani),
        ];
        let corridor = vec![name("Lachin corridor", Side::Neutral)];
        (shushi, lachin, corridor)
    }

    fn check(text: &str) -> Vec<(String, usize)> {
        let (a, b, c) = site();
        let names = Names::new([
            ("shushi", &a[..], false),
            ("lachin", &b[..], false),
            ("lachin-corridor", &c[..], false),
        ]);
        names
            .check(text, std::slice::from_ref(&(0..text.len())))
            .into_iter()
            .map(|f| (f.used, f.at))
            .collect()
    }

    #[test]
    fn pages_without_a_checked_name_are_skipped() {
        let (a, b, c) = site();
        let names = Names::new([
            ("shushi", &a[..], false),
            ("lachin", &b[..], true),
            ("lachin-corridor", &c[..], false),
        ]);
        assert!(names.may_find("Troops took Shusha."));
        // Lachin is exempt, the corridor's name is neutral: nothing to find.
        assert!(!names.may_find("Along the Lachin corridor to Lachin."));
        assert!(names
            .check(
                "Along the Lachin corridor to Lachin.",
                std::slice::from_ref(&(0..36))
            )
            .is_empty());
    }

    #[test]
    fn one_sided_mentions_are_found_at_their_first_position() {
        assert_eq!(
            check("Troops took Shusha. Later Shusha fell."),
            vec![("Shusha".to_string(), 12)]
        );
        assert!(check("Shushi (Shusha) fell.").is_empty());
        assert!(check("Shusha fell. Armenians call it Shushi.").is_empty());
    }

    #[test]
    fn whole_words_and_longest_names_only() {
        assert!(check("Shushan Stepanyan spoke.").is_empty());
        assert!(check("The Lachin corridor was closed.").is_empty());
        assert_eq!(
            check("The Lachin corridor runs through Lachin."),
            vec![("Lachin".to_string(), 33)]
        );
    }

    #[test]
    fn exempt_places_are_skipped() {
        let (a, _, _) = site();
        let names = Names::new([("shushi", &a[..], true)]);
        assert!(names
            .check("Shusha", std::slice::from_ref(&(0..6)))
            .is_empty());
    }

    #[test]
    fn code_and_urls_are_not_prose() {
        let md = "See [the town](https://x.org/Shusha) and `Shusha`.\n\n    Shusha\n";
        let ranges = prose_ranges(md);
        let (a, _, _) = site();
        let names = Names::new([("shushi", &a[..], false)]);
        assert!(names.check(md, &ranges).is_empty());
    }
}
