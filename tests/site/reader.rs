//! The bundled explainer read as a reader reads it: the built pages, parsed,
//! checked against the site's own inputs under content/ (read here with
//! serde_yaml and pulldown-cmark, not through the library). Nothing in this
//! file names an event, figure or source, so the checks keep holding as the
//! content changes.
//!
//! - every timeline entry (event, ceasefire, opt-in figure) shows its
//!   summary on /timeline/ and on its category page;
//! - every figure's value is on its sheet page and in the sheet's CSV and
//!   JSON exports;
//! - every cited source is on /sources/ with its outlet and title;
//! - every event is listed under "On the timeline" on each place and actor
//!   page it names;
//! - every `{{ fact(...) }}` in a page's prose shows the value on the sheet.
//!
//! The site is built once for the whole module into
//! target/tmp/reader-site/, and left there to look at after a failure.

use crate::harness::{build, html, select, stderr, text, BASE};
use scraper::{ElementRef, Html};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The root-relative path the site is built under (from `BASE`).
fn base_path() -> &'static str {
    let after_scheme = BASE.split_once("://").unwrap().1;
    &after_scheme[after_scheme.find('/').unwrap()..]
}

/// The bundled site, built once for every test in this module.
fn site() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reader-site");
        let o = build(root(), &out, &["--base-url", BASE]);
        assert!(o.status.success(), "{}", stderr(&o));
        out
    })
}

// ---------------------------------------------------------------- inputs

fn read_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `*.yaml` files of a folder under content/, by name.
fn yaml_files(folder: &str) -> Vec<(String, Value)> {
    let dir = root().join("content").join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(root()).unwrap().display().to_string();
            (rel, read_yaml(p))
        })
        .collect()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn list_of(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_sequence()
        .map(|s| {
            s.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// An item of a YAML file, with the file it comes from (for messages).
struct Item {
    file: String,
    v: Value,
}

impl Item {
    fn id(&self) -> &str {
        str_of(&self.v, "id")
    }
}

/// Events from content/timeline/*.yaml.
fn events() -> Vec<Item> {
    let mut out = Vec::new();
    for (file, doc) in yaml_files("timeline") {
        for v in doc["events"].as_sequence().cloned().unwrap_or_default() {
            out.push(Item {
                file: file.clone(),
                v,
            });
        }
    }
    assert!(!out.is_empty(), "no events read from content/timeline/");
    out
}

/// A fact sheet: its name (the file's stem), figures and ceasefires.
struct Sheet {
    name: String,
    figures: Vec<Item>,
    ceasefires: Vec<Item>,
}

fn sheets() -> Vec<Sheet> {
    let sheets: Vec<Sheet> = yaml_files("facts")
        .into_iter()
        .map(|(file, doc)| {
            let items = |key: &str| -> Vec<Item> {
                doc[key]
                    .as_sequence()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| Item {
                        file: file.clone(),
                        v,
                    })
                    .collect()
            };
            Sheet {
                name: Path::new(&file)
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                figures: items("figures"),
                ceasefires: items("ceasefires"),
            }
        })
        .collect();
    assert!(
        sheets.iter().any(|s| !s.figures.is_empty()),
        "no figures read from content/facts/"
    );
    sheets
}

// ------------------------------------------------ text as a reader sees it

/// Stands in for a `{{ ... }}` shortcode while its Markdown is read.
const CUT: char = '\u{E000}';

/// Quotes and apostrophes as plain characters, whitespace folded, so that
/// typography (smart quotes) is not what a comparison turns on.
fn norm(s: &str) -> String {
    s.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text a reader sees of a Markdown summary, in the pieces between its
/// shortcodes (`{{ fact(...) }}` renders a value this file does not
/// predict): Markdown removed, link text kept, whitespace folded.
fn summary_pieces(md: &str) -> Vec<String> {
    let mut cut = String::new();
    let mut rest = md;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        cut.push_str(&rest[..start]);
        cut.push(CUT);
        rest = &rest[start + len + 2..];
    }
    cut.push_str(rest);
    let mut plain = String::new();
    let opts = pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    for ev in pulldown_cmark::Parser::new_ext(&cut, opts) {
        use pulldown_cmark::{Event, TagEnd};
        match ev {
            Event::Text(t) | Event::Code(t) => plain.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => plain.push(' '),
            _ => {}
        }
    }
    plain
        .split(CUT)
        .map(norm)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Numbers as the site prints them ("100,617"): the library's own rule,
/// unit-tested in `model::values`.
use explainer::model::values::format_number;

/// A figure's value as written in YAML: one number, or a range `26–32`.
fn value_of(fig: &Value) -> (f64, Option<f64>) {
    let v = &fig["value"];
    if let Some(n) = v.as_f64() {
        return (n, None);
    }
    let s = v.as_str().unwrap_or_else(|| panic!("value {v:?}")).trim();
    let num = |x: &str| -> f64 { x.trim().parse().unwrap_or_else(|_| panic!("value {s}")) };
    match s.split_once(['–', '-']) {
        Some((a, b)) if !a.trim().is_empty() => (num(a), Some(num(b))),
        _ => (num(s), None),
    }
}

/// What a reader must find wherever a figure is said ("nearly 700 military
/// deaths"): the number as displayed ("3,773", "26–32"), the qualifier's
/// words and the unit ("%" for percent). In any order, so that wording
/// around them can change.
fn said_parts(fig: &Value) -> Vec<String> {
    let (low, high) = value_of(fig);
    let number = match high {
        None => format_number(low),
        Some(h) => format!("{}–{}", format_number(low), format_number(h)),
    };
    let mut parts = vec![number];
    let q = str_of(fig, "qualifier");
    if !q.is_empty() && q != "exactly" {
        parts.push(q.to_string());
    }
    match str_of(fig, "unit") {
        "" => {}
        "percent" => parts.push("%".into()),
        unit => parts.push(unit.to_string()),
    }
    parts
}

fn missing_parts(parts: &[String], shown: &str) -> Vec<String> {
    parts
        .iter()
        .filter(|p| !shown.contains(p.as_str()))
        .cloned()
        .collect()
}

/// The start of a text, for messages.
fn clip(s: &str) -> String {
    let c: String = s.chars().take(70).collect();
    if c.len() < s.len() {
        format!("{c}…")
    } else {
        c
    }
}

/// Elements with an `id` matched by `css`, by id (ids may start with a
/// digit, which `#id` selectors cannot say).
fn by_id<'a>(doc: &'a Html, css: &str) -> BTreeMap<String, ElementRef<'a>> {
    select(doc, css)
        .into_iter()
        .filter_map(|e| e.value().attr("id").map(|id| (id.to_string(), e)))
        .collect()
}

fn fail_if_any(what: &str, problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{what}: {} problems (the built site is in {}):\n  {}",
        problems.len(),
        site().display(),
        problems.join("\n  ")
    );
}

// ------------------------------------------------------------- the tests

/// A timeline entry as its inputs say it: id, category, where it is
/// defined, and the text pieces its summary must show.
struct Entry {
    id: String,
    category: String,
    origin: String,
    pieces: Vec<String>,
}

fn timeline_entries() -> Vec<Entry> {
    let mut entries = Vec::new();
    for e in events() {
        entries.push(Entry {
            id: e.id().to_string(),
            category: str_of(&e.v, "category").to_string(),
            origin: format!("event in {}", e.file),
            pieces: summary_pieces(str_of(&e.v, "summary")),
        });
    }
    for sheet in sheets() {
        for c in &sheet.ceasefires {
            entries.push(Entry {
                id: c.id().to_string(),
                category: "ceasefire".into(),
                origin: format!("ceasefire in {}", c.file),
                pieces: summary_pieces(str_of(&c.v, "summary")),
            });
        }
        for f in &sheet.figures {
            if f.v["timeline"].as_bool() == Some(true) {
                entries.push(Entry {
                    id: format!("figure-{}", f.id()),
                    category: "figure".into(),
                    origin: format!("figure in {}", f.file),
                    pieces: said_parts(&f.v),
                });
            }
        }
    }
    entries
}

#[test]
fn every_timeline_entry_shows_its_summary_on_the_timeline_and_its_category_page() {
    let entries = timeline_entries();
    let mut problems = Vec::new();
    let mut pages: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in &entries {
        pages.entry("timeline/".into()).or_default().push(e);
        pages
            .entry(format!("timeline/{}/", e.category))
            .or_default()
            .push(e);
    }
    let mut checked = 0;
    for (page, want) in &pages {
        let doc = html(site(), &format!("{page}index.html"));
        let shown = by_id(&doc, "li.event");
        let mut missing = Vec::new();
        for e in want {
            let Some(li) = shown.get(&e.id) else {
                problems.push(format!("/{page}: no entry `{}` ({})", e.id, e.origin));
                continue;
            };
            checked += 1;
            let summary = select_in(li, ".event-summary")
                .map(|s| norm(&text(&s)))
                .unwrap_or_default();
            let not_shown: Vec<&String> = e
                .pieces
                .iter()
                .filter(|p| !summary.contains(p.as_str()))
                .collect();
            if let Some(first) = not_shown.first() {
                missing.push(format!("`{}` ({}): \"{}\"", e.id, e.origin, clip(first)));
            }
        }
        if !missing.is_empty() {
            problems.push(format!(
                "/{page} does not show the summary of {} of its {} entries:\n    {}",
                missing.len(),
                want.len(),
                missing.join("\n    ")
            ));
        }
    }
    assert!(checked > entries.len(), "only {checked} entries checked");
    fail_if_any("timeline summaries", problems);
}

fn select_in<'a>(e: &ElementRef<'a>, css: &str) -> Option<ElementRef<'a>> {
    e.select(&scraper::Selector::parse(css).unwrap()).next()
}

#[test]
fn every_figure_value_is_on_its_sheet_and_in_its_exports() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for sheet in sheets() {
        if sheet.figures.is_empty() {
            continue;
        }
        let name = &sheet.name;
        let doc = html(site(), &format!("facts/{name}/index.html"));
        let rows = by_id(&doc, "tbody tr");
        let csv_path = site().join(format!("facts/{name}.csv"));
        let mut rdr = csv::Reader::from_path(&csv_path)
            .unwrap_or_else(|e| panic!("{}: {e}", csv_path.display()));
        let headers = rdr.headers().unwrap().clone();
        let records: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        let col = |r: &csv::StringRecord, h: &str| -> String {
            headers
                .iter()
                .position(|x| x == h)
                .and_then(|i| r.get(i))
                .unwrap_or_else(|| panic!("facts/{name}.csv: no column `{h}`"))
                .to_string()
        };
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(site().join(format!("facts/{name}.json"))).unwrap(),
        )
        .unwrap();
        let json_figures = json["figures"].as_array().cloned().unwrap_or_default();
        for f in &sheet.figures {
            let id = f.id();
            let parts = said_parts(&f.v);
            let (low, high) = value_of(&f.v);
            checked += 1;
            // The sheet page.
            match rows.get(id).and_then(|r| select_in(r, "td.num")) {
                None => problems.push(format!("/facts/{name}/: no row for figure `{id}`")),
                Some(cell) => {
                    let shown = text(&cell);
                    let miss = missing_parts(&parts, &shown);
                    if !miss.is_empty() {
                        problems.push(format!(
                            "/facts/{name}/: figure `{id}` shows \"{shown}\", without {miss:?}"
                        ));
                    }
                }
            }
            // The CSV export.
            match records.iter().find(|r| col(r, "id") == id) {
                None => problems.push(format!("facts/{name}.csv: no row for figure `{id}`")),
                Some(r) => {
                    let said = col(r, "value");
                    let miss = missing_parts(&parts[..1], &said);
                    let got_low: Option<f64> = col(r, "value_low").parse().ok();
                    let got_high: Option<f64> = col(r, "value_high").parse().ok();
                    if !miss.is_empty() || got_low != Some(low) || got_high != high {
                        problems.push(format!(
                            "facts/{name}.csv: figure `{id}` has value \"{said}\", value_low \"{}\", value_high \"{}\"; wanted {} ({low}, {high:?})",
                            col(r, "value_low"),
                            col(r, "value_high"),
                            parts[0]
                        ));
                    }
                }
            }
            // The JSON export.
            match json_figures.iter().find(|j| j["id"] == id) {
                None => problems.push(format!("facts/{name}.json: no figure `{id}`")),
                Some(j) => {
                    let v = &j["value"];
                    let ok = match (v.as_f64(), v.as_str(), high) {
                        (Some(n), _, None) => n == low,
                        (_, Some(s), Some(h)) => s
                            .split_once(['-', '–'])
                            .map(|(a, b)| {
                                a.trim().parse::<f64>().ok() == Some(low)
                                    && b.trim().parse::<f64>().ok() == Some(h)
                            })
                            .unwrap_or(false),
                        _ => false,
                    };
                    let said = j["said"].as_str().unwrap_or("");
                    let miss = missing_parts(&parts, said);
                    if !ok || !miss.is_empty() {
                        problems.push(format!(
                            "facts/{name}.json: figure `{id}` has value {v} and said \"{said}\"; wanted {}",
                            parts.join(" ")
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 10, "only {checked} figures checked");
    fail_if_any("figure values", problems);
}

#[test]
fn every_cited_source_is_on_the_sources_page() {
    // Who cites what, from the inputs.
    let mut cited: BTreeMap<String, String> = BTreeMap::new();
    let mut cite = |item: &Item, what: &str| {
        for s in list_of(&item.v, "sources") {
            cited
                .entry(s)
                .or_insert_with(|| format!("{what} `{}` in {}", item.id(), item.file));
        }
    };
    for e in events() {
        cite(&e, "event");
    }
    for sheet in sheets() {
        for f in &sheet.figures {
            cite(f, "figure");
        }
        for c in &sheet.ceasefires {
            cite(c, "ceasefire");
        }
    }
    let sources: BTreeMap<String, Value> = read_yaml(&root().join("content/sources.yaml"))
        .as_sequence()
        .expect("content/sources.yaml is a list")
        .iter()
        .map(|s| (str_of(s, "id").to_string(), s.clone()))
        .collect();
    let doc = html(site(), "sources/index.html");
    let listed = by_id(&doc, "li");
    let mut problems = Vec::new();
    for (id, by) in &cited {
        let Some(src) = sources.get(id) else {
            problems.push(format!(
                "`{id}` (cited by {by}) is not in content/sources.yaml"
            ));
            continue;
        };
        let Some(li) = listed.get(id) else {
            problems.push(format!("/sources/: no entry for `{id}` (cited by {by})"));
            continue;
        };
        let shown = text(li);
        for field in ["outlet", "title"] {
            let want = str_of(src, field)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !shown.contains(&want) {
                problems.push(format!(
                    "/sources/: `{id}` does not show its {field} \"{want}\": \"{}\"",
                    clip(&shown)
                ));
            }
        }
    }
    assert!(cited.len() > 10, "only {} cited sources", cited.len());
    fail_if_any("cited sources", problems);
}

/// The output file of a page under content/ (`places/ganja.md`,
/// `background/_index.md`), honouring a `slug:` in its front matter.
fn page_file(rel: &str) -> String {
    let text = std::fs::read_to_string(root().join("content").join(rel))
        .unwrap_or_else(|e| panic!("content/{rel}: {e}"));
    let slug = front_matter(&text).and_then(|fm| fm["slug"].as_str().map(String::from));
    let (dir, name) = match rel.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), rel),
    };
    let stem = name.trim_end_matches(".md");
    if stem == "_index" {
        format!("{dir}index.html")
    } else {
        format!("{dir}{}/index.html", slug.as_deref().unwrap_or(stem))
    }
}

fn front_matter(text: &str) -> Option<Value> {
    let text = text.trim_start_matches('\u{feff}');
    let rest = text.strip_prefix("---")?;
    let end = rest.find("\n---")?;
    serde_yaml::from_str(&rest[..end]).ok()
}

/// The body of a page, after its front matter.
fn body(text: &str) -> &str {
    let t = text.trim_start_matches('\u{feff}');
    t.strip_prefix("---")
        .and_then(|r| r.find("\n---").map(|e| &r[e + 4..]))
        .unwrap_or(t)
}

#[test]
fn every_event_is_on_the_timeline_list_of_each_place_and_actor_it_names() {
    let mut want: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for e in events() {
        for (field, folder) in [("places", "places"), ("actors", "actors")] {
            for id in list_of(&e.v, field) {
                want.entry(format!("{folder}/{id}.md"))
                    .or_default()
                    .push((e.id().to_string(), e.file.clone()));
            }
        }
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, events) in &want {
        let file = page_file(page);
        let doc = html(site(), &file);
        let listed: BTreeSet<String> =
            select(&doc, "section[aria-labelledby=on-the-timeline] a[href]")
                .iter()
                .map(|a| a.value().attr("href").unwrap().to_string())
                .collect();
        for (id, from) in events {
            checked += 1;
            let href = format!("{}timeline/#{id}", base_path());
            if !listed.contains(&href) {
                problems.push(format!(
                    "/{}: event `{id}` ({from}) is not under \"On the timeline\"",
                    file.trim_end_matches("index.html")
                ));
            }
        }
    }
    assert!(checked > 50, "only {checked} event mentions checked");
    fail_if_any("On the timeline", problems);
}

#[test]
fn every_fact_in_prose_shows_the_value_on_its_sheet() {
    // Figure id -> (sheet, what the value must contain).
    let mut figures: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for sheet in sheets() {
        for f in &sheet.figures {
            figures.insert(f.id().to_string(), (sheet.name.clone(), said_parts(&f.v)));
        }
    }
    let mut sheet_docs: BTreeMap<String, Html> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root().join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root().join("content"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let source = std::fs::read_to_string(entry.path()).unwrap();
        let ids: Vec<&str> = body(&source)
            .split("fact(id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        if ids.is_empty() {
            continue;
        }
        let file = page_file(&rel);
        let doc = html(site(), &file);
        let values = select(&doc, ".prose .fact a.fact-value");
        for id in ids {
            checked += 1;
            let Some((sheet, parts)) = figures.get(id) else {
                problems.push(format!("content/{rel}: fact `{id}` is on no sheet"));
                continue;
            };
            let sheet_doc = sheet_docs
                .entry(sheet.clone())
                .or_insert_with(|| html(site(), &format!("facts/{sheet}/index.html")));
            let on_sheet = by_id(sheet_doc, "tbody tr")
                .get(id)
                .and_then(|r| select_in(r, "td.num"))
                .map(|c| text(&c));
            let shown: Vec<String> = values
                .iter()
                .filter(|a| {
                    a.value()
                        .attr("href")
                        .is_some_and(|h| h.ends_with(&format!("/facts/{sheet}/#{id}")))
                })
                .map(text)
                .collect();
            if shown.is_empty() {
                problems.push(format!(
                    "/{}: the fact `{id}` in content/{rel} is not shown in the prose",
                    file.trim_end_matches("index.html")
                ));
            }
            for s in &shown {
                let miss = missing_parts(parts, s);
                let sheet_says = on_sheet.as_deref().unwrap_or("(no row)");
                if sheet_says != s || !miss.is_empty() {
                    problems.push(format!(
                        "/{}: fact `{id}` shows \"{s}\"; the sheet /facts/{sheet}/ shows \"{sheet_says}\"; content/facts/{sheet}.yaml wants {parts:?}",
                        file.trim_end_matches("index.html")
                    ));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} facts in prose checked");
    fail_if_any("facts in prose", problems);
}
