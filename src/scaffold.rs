//! `explainer new`: starting points for editors. A new page is written as a
//! file (never over an existing one); an event or a source is returned as a
//! YAML block to paste into the file it belongs in, because those files hold
//! many entries and we never rewrite an editor's file.
//!
//! Every field is present with a comment saying what goes there; optional
//! fields that have no sensible placeholder are commented out. Field names
//! follow `page::FrontMatter` and `formats::{Event, Source}`.

use crate::diagnostic::Diagnostic;
use crate::paths::{is_slug, slugify};

mod checks;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    // RFC 3339 in UTC: the first ten characters are the date.
    jiff::Timestamp::now()
        .to_string()
        .chars()
        .take(10)
        .collect()
}

/// A YAML string in double quotes, safe for any title an editor types.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// `background/some-topic` -> `background/some-topic.md`, with every part
/// checked to be a slug (so the page's URL is what the editor typed).
pub fn page_file(spec: &str) -> Result<PathBuf, Diagnostic> {
    let spec = spec.trim().trim_end_matches(".md").trim_matches('/');
    let parts: Vec<&str> = spec.split('/').collect();
    if spec.is_empty() {
        return Err(Diagnostic::error("no page name given")
            .hint("write the section and the page's name, e.g. `explainer new page background/some-topic`"));
    }
    for part in &parts {
        if !is_slug(part) || *part == "_index" {
            let suggestion = slugify(part);
            let hint = if suggestion.is_empty() || suggestion == *part {
                "use lowercase letters, digits and hyphens, e.g. background/some-topic".to_string()
            } else {
                format!("use lowercase letters, digits and hyphens: `{suggestion}`")
            };
            return Err(
                Diagnostic::error(format!("`{part}` cannot be part of a page's address"))
                    .hint(hint),
            );
        }
    }
    Ok(PathBuf::from(format!("{spec}.md")))
}

/// `some-topic` -> `Some topic`: a title to replace, but a readable one.
fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of a new page at `rel` (inside content/).
pub fn page_text(rel: &Path, title: Option<&str>, today: &str) -> String {
    let rel_str = rel.to_string_lossy().replace('\\', "/");
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = title
        .map(str::to_string)
        .unwrap_or_else(|| title_from_slug(&stem));
    let mut fm = String::new();
    fm.push_str("---\n");
    fm.push_str(&format!(
        "title: {}   # required: the page's heading and its name in menus\n",
        quoted(&title)
    ));
    fm.push_str("summary: \"One sentence saying what this page tells the reader.\"   # shown in lists and link previews\n");
    fm.push_str(&format!(
        "date: {today}          # first published: 2020 | 2020-10 | 2020-10-18\n"
    ));
    fm.push_str("# updated: 2020-10-20   # last substantive change; then say what changed below\n");
    fm.push_str("# changes: \"Added the US-mediated truce.\"   # one line for the updates feed\n");
    fm.push_str(
        "weight: 100             # order inside its section (lower first; then date, then title)\n",
    );
    fm.push_str("draft: true             # left out of the site until false (preview with `explainer serve --drafts`)\n");
    fm.push_str("# slug: other-name      # replaces the file name in the address\n");
    fm.push_str("# template: page.html   # another template for this page\n");
    fm.push_str(
        "# key_facts: []         # figure ids for a key-facts box (usually the home page)\n",
    );
    let body;
    if rel_str.starts_with("places/") && !rel_str[7..].contains('/') {
        fm.push_str("kind: city              # city | town | village | district | region | corridor | country\n");
        fm.push_str("names:                  # every name, with who uses it: armenian | azerbaijani | neutral | historical\n");
        fm.push_str(&format!("  - {{ name: {}, lang: en, used_by: neutral }}   # lang: a language tag (en, hy, az, ru)\n", quoted(&title)));
        fm.push_str("# coords: { lat: …, lon: …, source: geonames, geonames_id: … }   # optional: copy them from the place's GeoNames entry, never guess\n");
        body = "Where the place is, what happened there, and the names each side uses for it.\n\nLink other pages by their file: [Ganja](@/places/ganja.md).\n";
    } else if rel_str.starts_with("actors/") && !rel_str[7..].contains('/') {
        fm.push_str(
            "kind: organisation      # state | de-facto-authority | organisation | person\n",
        );
        fm.push_str("role: \"One line: what this actor is or does in the conflict.\"\n");
        fm.push_str("# names:                # optional: other names, with lang and used_by\n");
        fm.push_str("#   - { name: Other name, lang: en, used_by: neutral }\n");
        body = "Who this is and the part they play, with links to the pages that tell more.\n";
    } else {
        body = "Write the page in Markdown here.\n\n## A first heading\n\nLink other pages by their file, e.g. [the background](@/background/_index.md),\nand never type a figure: take it from a fact sheet with the `fact` function (see the README).\n";
    }
    fm.push_str("---\n");
    fm.push_str(body);
    fm
}

/// `explainer new page SECTION/SLUG`: writes the page under ROOT/content and
/// returns its path. Refuses to overwrite, and refuses a section folder that
/// does not exist (a typo there would silently start a new section).
pub fn new_page(root: &Path, spec: &str, title: Option<&str>) -> Result<PathBuf, Diagnostic> {
    let rel = page_file(spec)?;
    let content = root.join("content");
    if !content.is_dir() {
        return Err(
            Diagnostic::error(format!("no content/ folder in {}", root.display()))
                .hint("run the command in the site's folder, or pass --root DIR"),
        );
    }
    let path = content.join(&rel);
    let shown = Path::new("content").join(&rel);
    if let Some(section) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !content.join(section).is_dir() {
            return Err(Diagnostic::error(format!(
                "there is no section content/{}/",
                section.to_string_lossy()
            ))
            .hint(format!(
                "check the spelling, or start the section with content/{}/_index.md first",
                section.to_string_lossy()
            )));
        }
    }
    let text = page_text(&rel, title, &today());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(format!(
                    "{} already exists; not overwriting it",
                    shown.display()
                ))
                .in_file(&shown)
                .hint("choose another name, or edit the existing page")
            } else {
                Diagnostic::error(format!("cannot create {}: {e}", shown.display()))
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", shown.display())))?;
    Ok(shown)
}

/// Timeline category ids from site.yaml; its own errors when it cannot
/// be read.
fn categories(root: &Path) -> Result<Vec<String>, Vec<Diagnostic>> {
    crate::load::config::load(root, None)
        .map(|c| c.config.categories.into_iter().map(|c| c.id).collect())
}

/// The placeholder summary `new event` writes; a build warns while an
/// event still has it (see `resolve::timeline`).
pub const PLACEHOLDER_SUMMARY: &str = "What happened and who said so, attributed.";
/// The title `new event` writes when given none; also warned about.
pub const PLACEHOLDER_TITLE: &str = "What happened, in a few words";

pub struct EventArgs<'a> {
    pub date: Option<&'a str>,
    pub title: Option<&'a str>,
    pub category: Option<&'a str>,
    pub sources: &'a [String],
}

/// A timeline event to paste under `events:` in content/timeline/*.yaml,
/// once its date, category and sources are checked against the site.
pub fn event_block(root: &Path, args: &EventArgs) -> Result<String, Vec<Diagnostic>> {
    let date = args.date.map(str::to_string).unwrap_or_else(today);
    let title = args.title.unwrap_or(PLACEHOLDER_TITLE);
    let cats = categories(root)?;
    let mut problems = Vec::new();
    checks::date("--date", &date, &mut problems);
    if let Some(c) = args.category {
        checks::category(c, &cats, &mut problems);
    }
    match checks::read_sources(root) {
        Ok(known) => checks::source_ids(args.sources, &known, &mut problems),
        Err(ds) => problems.extend(ds),
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let category = args
        .category
        .map(str::to_string)
        .or_else(|| cats.first().cloned())
        .unwrap_or_else(|| "war".into());
    let sources = if args.sources.is_empty() {
        "[]   # REQUIRED: one or more ids from content/sources.yaml (`explainer new source` makes one)".to_string()
    } else {
        format!(
            "[{}]   # ids from content/sources.yaml",
            args.sources.join(", ")
        )
    };
    let id = format!("{}-{}", slugify(&date), slugify(title));
    Ok(format!(
        "# Paste under `events:` in a file in content/timeline/ (keep the two-space indent).
  - id: {id}   # unique across the site; the event's permalink
    date: {date}   # 1994 | 1994-05 | 1994-05-12 | 2020-10-17T20:00Z; add ~ (about) or ? (uncertain)
    # end: 2020-10-18   # optional: the last day, same forms
    # date_note: \"some sources say 16 October\"   # optional, shown after the date
    title: {}   # required
    summary: \"{PLACEHOLDER_SUMMARY}\"   # REQUIRED: replace; Markdown, @/ links and fact() work
    category: {category}   # one of site.yaml's categories: {}
    places: []    # place ids (file names in content/places/), e.g. [ganja]
    actors: []    # actor ids (file names in content/actors/), e.g. [azerbaijan, armenia]
    sources: {sources}
    pages: []     # pages that tell more, e.g. [background/war-2020.md]
",
        quoted(title),
        if cats.is_empty() {
            "see site.yaml".to_string()
        } else {
            cats.join(" | ")
        }
    ))
}

pub struct SourceArgs<'a> {
    pub id: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub title: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
}

/// A source to paste into ROOT/content/sources.yaml: its date checked, its
/// id following the site's ids for the same outlet and not yet taken.
pub fn source_block(root: &Path, args: &SourceArgs) -> Result<String, Vec<Diagnostic>> {
    let outlet = args.outlet.unwrap_or("Outlet name");
    let title = args
        .title
        .unwrap_or("The article's headline, exactly as published");
    let date = args.date.map(str::to_string).unwrap_or_else(today);
    let known = checks::read_sources(root)?;
    let mut problems = Vec::new();
    checks::date("--date", &date, &mut problems);
    let id = args
        .id
        .map(str::to_string)
        .unwrap_or_else(|| checks::source_id(outlet, &date, &known));
    if problems.is_empty() {
        checks::free_id(&id, &known, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let url = match args.url {
        Some(u) => format!("  url: {}   # the outlet's own address", quoted(u)),
        None => {
            "  # url: https://...   # only the original outlet's own address; never guessed".into()
        }
    };
    Ok(format!(
        "# Paste into content/sources.yaml, at the end or next to the same outlet's sources.
- id: {id}   # unique; pages, figures and events cite it by this id
  outlet: {}   # who published it
  title: {}   # the headline as published
  date: {date}   # publication date: 2020 | 2020-10 | 2020-10-18
{url}
  # accessed: YYYY-MM-DD   # optional: the day you read it at its url
  # archived_url: https://...   # optional: an archive's snapshot of it, copied from the archive; never made up
  # language: en   # optional: its language as a BCP 47 tag (en, ru, hy, az, ...)
  # note: \"Seen only in a republished copy.\"   # optional: anything a reader should know
",
        quoted(outlet),
        quoted(title),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_must_be_slugs() {
        assert_eq!(
            page_file("background/some-topic").unwrap(),
            PathBuf::from("background/some-topic.md")
        );
        assert_eq!(page_file("/about.md").unwrap(), PathBuf::from("about.md"));
        for bad in [
            "",
            "background/Some Topic",
            "../x",
            "background/../x",
            "a//b",
            "background/_index",
        ] {
            assert!(page_file(bad).is_err(), "{bad}");
        }
        assert!(page_file("background/Ganja Strike")
            .unwrap_err()
            .hint
            .unwrap()
            .contains("`ganja-strike`"));
    }

    #[test]
    fn titles_are_quoted_safely() {
        let text = page_text(
            Path::new("background/x.md"),
            Some("A: \"b\" # c"),
            "2026-01-02",
        );
        let split = crate::load::front_matter::split(&text).unwrap();
        let fm: crate::load::front_matter::FrontMatter = serde_yaml::from_str(split.yaml).unwrap();
        assert_eq!(fm.title, "A: \"b\" # c");
        assert!(fm.draft);
    }
}
