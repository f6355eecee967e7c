//! The preview's incremental rebuilds give exactly what a clean build
//! gives. Random sequences of edits (bodies, titles, weights, drafts,
//! slugs, new, deleted and renamed pages, figure values and ids, sources
//! and their dates, access dates, archived copies and languages, events, eras, places' coordinates (the maps), glossary
//! terms (what `term()` shows in pages, definitions, ids, sources),
//! figures' history, review dates and corrections, corrections of events
//! and pages, templates, static files, edits that break the build and
//! edits that fix it) are saved to a copy of the `basic` fixture, each
//! followed by a rebuild through `incremental::Session`, the code path
//! `serve` runs. After each sequence every output, every warning and every
//! error is compared with a clean build of the same files.

use super::harness::{basic_site, select, text};
use explainer::incremental::{Outcome, Session};
use explainer::BuildOptions;
use proptest::prelude::*;
use scraper::Html;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One save, by kind and two numbers that pick what and how.
#[derive(Debug, Clone)]
struct Edit {
    kind: u8,
    a: u8,
    b: u8,
}

const KINDS: u8 = 24;

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (0..KINDS, any::<u8>(), any::<u8>()).prop_map(|(kind, a, b)| Edit { kind, a, b }),
        1..7,
    )
}

fn pages(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    out.sort();
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

/// Put `line` into the front matter, replacing a line with the same key.
fn set_front(text: &str, line: &str) -> String {
    let key = line.split(':').next().unwrap_or("");
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let end = lines.iter().skip(1).position(|l| l == "---").map(|i| i + 1);
    let Some(end) = end else {
        return text.to_string();
    };
    match lines[1..end]
        .iter()
        .position(|l| l.starts_with(&format!("{key}:")))
    {
        Some(i) => lines[i + 1] = line.to_string(),
        None => lines.insert(end, line.to_string()),
    }
    lines.join("\n") + "\n"
}

/// Replace the first occurrence of `from` in the file, if any.
fn replace_in(path: &Path, from: &str, to: &str) -> bool {
    let t = read(path);
    if !t.contains(from) {
        return false;
    }
    std::fs::write(path, t.replacen(from, to, 1)).unwrap();
    true
}

const WORDS: &[&str] = &["Ganja", "Shushi", "ceasefire", "truce", "Lachin", "Agdam"];

/// Save one edit; returns the paths it touched, relative to the root.
fn apply(root: &Path, e: &Edit, originals: &BTreeMap<PathBuf, String>) -> Vec<PathBuf> {
    let all = pages(root);
    let pick = |n: u8| all[n as usize % all.len()].clone();
    let word = WORDS[e.b as usize % WORDS.len()];
    let rel = |p: &Path| p.strip_prefix(root).unwrap().to_path_buf();
    let content = root.join("content");
    let mut touched = Vec::new();
    let mut write = |p: PathBuf, text: String| {
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        touched.push(rel(&p));
    };
    match e.kind {
        0 => {
            // A new paragraph, and sometimes a heading (new anchors).
            let p = pick(e.a);
            let heading = if e.b % 3 == 0 {
                format!("\n## About {word}\n")
            } else {
                String::new()
            };
            let t = read(&p) + &format!("\nA new paragraph about {word}.\n{heading}");
            write(p, t);
        }
        1 => {
            let p = pick(e.a);
            let t = set_front(&read(&p), &format!("title: {word} {}", e.b));
            write(p, t);
        }
        2 => {
            let p = pick(e.a);
            let t = set_front(&read(&p), &format!("weight: {}", e.b % 5));
            write(p, t);
        }
        3 => {
            let p = pick(e.a);
            let t = set_front(&read(&p), &format!("draft: {}", e.b % 2 == 0));
            write(p, t);
        }
        4 => {
            let p = pick(e.a);
            let t = set_front(
                &read(&p),
                &format!("slug: {}-{}", word.to_lowercase(), e.b % 3),
            );
            write(p, t);
        }
        5 => {
            let dir = ["background", "places", "actors"][e.a as usize % 3];
            let p = content.join(format!("{dir}/new-{}.md", e.b % 4));
            let t = format!(
                "---\ntitle: New {word}\nsummary: About {word}.\n---\nSee [Ganja](@/places/ganja.md).\n"
            );
            write(p, t);
        }
        6 | 7 => {
            let p = pick(e.a);
            if p.file_name().is_some_and(|n| n == "_index.md") {
                return touched;
            }
            if e.kind == 6 {
                std::fs::remove_file(&p).unwrap();
                touched.push(rel(&p));
            } else {
                let to = p.with_file_name(format!("renamed-{}.md", e.b % 3));
                std::fs::rename(&p, &to).unwrap();
                touched.push(rel(&p));
                touched.push(rel(&to));
            }
        }
        8 => {
            let p = content.join("facts/casualties.yaml");
            if replace_in(&p, "value: 700", &format!("value: {}", 700 + e.b as u32)) {
                touched.push(rel(&p));
            }
        }
        9 => {
            let p = content.join("facts/casualties.yaml");
            let to = format!("id: ganja-killed-{}", e.b % 3);
            if replace_in(&p, "id: ganja-killed-range", &to) {
                touched.push(rel(&p));
            }
        }
        10 => {
            let p = content.join("sources.yaml");
            if replace_in(
                &p,
                "title: Armenia, Azerbaijan agree",
                &format!("title: {word}: Armenia, Azerbaijan agree"),
            ) {
                touched.push(rel(&p));
            }
        }
        11 => {
            let p = content.join("timeline/2020.yaml");
            if replace_in(
                &p,
                "title: Missile strike on Ganja",
                &format!("title: Strike on Ganja {}", e.b),
            ) {
                touched.push(rel(&p));
            }
        }
        12 => {
            let p = content.join("eras.yaml");
            if replace_in(
                &p,
                "title: The 2020 war",
                &format!("title: The 2020 war ({word})"),
            ) {
                touched.push(rel(&p));
            }
        }
        13 => {
            // Templates, cached fragments (`cached()`) among them.
            let names = [
                "page.html",
                "base.html",
                "partials/event.html",
                "partials/nav.html",
                "partials/footer.html",
            ];
            let name = names[e.a as usize % names.len()];
            let builtin = explainer::load::theme::TEMPLATES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string())
                .unwrap_or_default();
            let t = builtin.replacen("</", &format!("<!-- {word} {} --></", e.b), 1);
            write(root.join("templates").join(name), t);
        }
        23 => {
            // Pages show their section's menu through cached(): later
            // title, slug and weight edits must reach every page of it.
            let page = explainer::load::theme::TEMPLATES
                .iter()
                .find(|(n, _)| *n == "page.html")
                .map(|(_, t)| t.to_string())
                .unwrap_or_default();
            let menu = r#"<nav class="section-menu">{{ cached(template="partials/menu.html", key=section_url, menu=section_menu, current=page.url) }}</nav>"#;
            let page = page.replacen(
                "{% endblock content %}",
                &format!("{menu}{{% endblock content %}}"),
                1,
            );
            write(root.join("templates/page.html"), page);
            write(
                root.join("templates/partials/menu.html"),
                format!("<ul>{{% for c in menu %}}<li><a href=\"{{{{ c.url }}}}\">{{{{ c.title }}}}</a> {word}</li>{{% endfor %}}</ul>"),
            );
        }
        14 => {
            let name = ["style.css", "extra.txt"][e.a as usize % 2];
            write(
                root.join("static").join(name),
                format!("/* {word} {} */\n", e.b),
            );
        }
        15 => {
            // Break a file: a tab in YAML, or front matter never closed.
            let targets = [
                content.join("facts/casualties.yaml"),
                content.join("timeline/2020.yaml"),
                content.join("sources.yaml"),
                content.join("glossary.yaml"),
                pick(e.b),
            ];
            let p = targets[e.a as usize % targets.len()].clone();
            let t = if p.extension().is_some_and(|x| x == "md") {
                read(&p).replacen("---", "--", 1)
            } else {
                read(&p).replacen("\n", "\n\tbroken: [\n", 1)
            };
            write(p, t);
        }
        16 => {
            // Fix: put a file back as it was.
            let keys: Vec<&PathBuf> = originals.keys().collect();
            let p = keys[e.a as usize % keys.len()];
            write(root.join(p), originals[p].clone());
        }
        18 => {
            // A place moves on the maps (test values, not real ones).
            let p = content.join("places/ganja.md");
            let coords = format!(
                "coords: {{ lat: 40.{}, lon: 46.36, source: geonames, geonames_id: 587084 }}",
                e.b
            );
            let t = set_front(&read(&p), &coords);
            write(p, t);
        }
        19 => {
            let p = content.join("sources.yaml");
            let date = format!("date: 2020-10-{:02}", 1 + e.b % 28);
            if replace_in(&p, "date: 2020-10-18", &date) {
                touched.push(rel(&p));
            }
        }
        22 => {
            // A source's access date, archived copy or language (shown on
            // /sources/, in pages' notes, on sheets and in the exports).
            let p = content.join("sources.yaml");
            let line = match e.a % 3 {
                0 => format!("  accessed: 2024-05-{:02}", 1 + e.b % 28),
                1 => format!("  archived_url: https://archive.example/{}", e.b % 3),
                _ => format!("  language: {}", ["en", "ru", "hy"][e.b as usize % 3]),
            };
            let at =
                ["title: Armenia accuses", "url: https://apnews.com/example"][e.b as usize % 2];
            let t = read(&p);
            let Some(i) = t.find(at) else { return touched };
            let end = t[i..].find('\n').map_or(t.len(), |n| i + n);
            let t = format!("{}\n{line}{}", &t[..end], &t[end..]);
            write(p, t);
        }
        20 => {
            // The glossary: a term's text (what term() shows in pages), a
            // definition, a term's id (a page's term() breaks), a source.
            let p = content.join("glossary.yaml");
            let (from, to) = match e.a % 4 {
                0 => (
                    "term: Line of contact",
                    format!("term: Line of contact {word}"),
                ),
                1 => ("front line between", format!("{word} line between")),
                2 => ("id: line-of-contact", format!("id: contact-{}", e.b % 2)),
                _ => (
                    "sources: [ap-2020-10-10, aljazeera-2020-10-18]",
                    "sources: [ap-2020-10-10]".to_string(),
                ),
            };
            if replace_in(&p, from, &to) {
                touched.push(rel(&p));
            }
        }
        21 => {
            // Issue #17: a figure's history, review dates and corrections,
            // an event's correction, a page's correction (flow style, so
            // one front matter line); putting a file back removes them.
            let sheet = content.join("facts/casualties.yaml");
            let anchor = "    topic: nk-military-deaths\n";
            let figure_lines = [
                "    history: [{ date: 2026-02-01, value: 650, reason: A later count. }]\n",
                "    checked: 2026-01-10\n    review_by: 2026-06-01\n",
                "    corrections: [{ date: 2026-03-04, text: Fixed the claimant., wrong: Armenia }]\n",
            ];
            let done = match e.a % 5 {
                k @ 0..=2 => {
                    let line = figure_lines[k as usize];
                    replace_in(&sheet, anchor, &format!("{anchor}{line}")).then_some(sheet)
                }
                3 => {
                    let p = content.join("timeline/2020.yaml");
                    let line = format!(
                        "    pages: [background/truces.md]\n    corrections: [{{ date: 2026-05-0{}, text: The date was wrong. }}]\n",
                        1 + e.b % 3
                    );
                    replace_in(&p, "    pages: [background/truces.md]\n", &line).then_some(p)
                }
                _ => {
                    let p = pick(e.b);
                    let line = format!(
                        "corrections: [{{ date: 2026-10-1{}, text: A wrong year. }}]",
                        e.b % 3
                    );
                    let t = set_front(&read(&p), &line);
                    std::fs::write(&p, t).unwrap();
                    Some(p)
                }
            };
            if let Some(p) = done {
                touched.push(rel(&p));
            }
        }
        _ => {
            let p = pick(e.a);
            let target = [
                "@/places/ganja.md",
                "@/background/truces.md#the-ganja-strike",
                "@/actors/armenia.md",
            ][e.b as usize % 3];
            let t = read(&p) + &format!("\nSee [this]({target}).\n");
            write(p, t);
        }
    }
    touched
}

/// A clean build of `root`: files, or the diagnostics as text.
/// A build as compared: its files and warnings, or its diagnostics.
type Seen = Result<(BTreeMap<String, Vec<u8>>, Vec<String>), Vec<String>>;

fn clean(opts: &BuildOptions) -> Seen {
    let show = |ds: &[explainer::Diagnostic]| ds.iter().map(|d| format!("{d:?}")).collect();
    match explainer::generate(opts) {
        Ok((files, _, warnings, _)) => Ok((
            files
                .into_iter()
                .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.bytes))
                .collect(),
            show(&warnings),
        )),
        Err(ds) => Err(show(&ds)),
    }
}

/// What an incremental build says that a clean one cannot: a correction
/// the previous build published is gone (a clean build has no previous).
fn about_the_previous_build(d: &explainer::Diagnostic) -> bool {
    d.message
        .contains("was published by the last build and is gone")
}

fn incremental(outcome: Outcome) -> Seen {
    let show = |ds: &[explainer::Diagnostic]| {
        ds.iter()
            .filter(|d| !about_the_previous_build(d))
            .map(|d| format!("{d:?}"))
            .collect()
    };
    match outcome {
        Outcome::Built {
            files, warnings, ..
        } => Ok((
            files.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect(),
            show(&warnings),
        )),
        Outcome::Failed { diagnostics } => Err(show(&diagnostics)),
    }
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                read(e.path()),
            )
        })
        .collect()
}

fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| match (a.get(k), b.get(k)) {
            (Some(_), None) => format!("{k}: only in the incremental build"),
            (None, Some(_)) => format!("{k}: only in the clean build"),
            _ => format!("{k}: differs"),
        })
        .collect()
}

fn check_sequence(seq: &[Edit], drafts: bool) -> Result<(), TestCaseError> {
    let (_tmp, root) = basic_site();
    let opts = BuildOptions {
        root: root.clone(),
        output: None,
        base_url: Some("http://localhost:1111/".into()),
        drafts,
        today: explainer::model::review::Day::parse("2026-12-01").ok(),
    };
    let originals = snapshot(&root);
    let mut session = Session::new(opts.clone());
    session.rebuild(&[]);
    let mut last = None;
    for e in seq {
        let touched = apply(&root, e, &originals);
        last = Some(incremental(session.rebuild(&touched)));
    }
    let Some(got) = last else { return Ok(()) };
    let want = clean(&opts);
    match (&got, &want) {
        (Ok((g, gw)), Ok((w, ww))) => {
            let diff = differences(g, w);
            prop_assert!(diff.is_empty(), "after {seq:?}:\n{}", diff.join("\n"));
            prop_assert_eq!(gw, ww, "warnings differ after {:?}", seq);
        }
        (Err(g), Err(w)) => prop_assert_eq!(g, w, "errors differ after {:?}", seq),
        _ => {
            let said = |s: &Seen| match s {
                Ok((_, warnings)) => format!("built, warnings {warnings:?}"),
                Err(diags) => format!("failed: {diags:?}"),
            };
            prop_assert!(
                false,
                "after {seq:?}: incremental {}\nclean {}",
                said(&got),
                said(&want)
            )
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("INCREMENTAL_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(160),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_rebuilds_equal_clean_builds(seq in edits(), drafts in any::<bool>()) {
        check_sequence(&seq, drafts)?;
    }
}

/// The page served after a save shows the new text, and a page that links
/// to the changed title shows the new title too (its menu was re-rendered),
/// while the rebuild re-rendered only what reads the change.
#[test]
fn a_save_reaches_the_pages_that_show_it_and_only_those() {
    let (_tmp, root) = basic_site();
    let opts = BuildOptions {
        root: root.clone(),
        output: None,
        base_url: Some("http://localhost:1111/".into()),
        drafts: false,
        today: None,
    };
    let mut session = Session::new(opts);
    session.rebuild(&[]);
    let saved = root.join("content/background/first-war.md");
    std::fs::write(
        &saved,
        read(&saved) + "\nA sentence added in the preview.\n",
    )
    .unwrap();
    let Outcome::Built { files, summary, .. } = session.rebuild(std::slice::from_ref(&saved))
    else {
        panic!("the rebuild failed");
    };
    let doc = page(&files["background/first-war/index.html"]);
    assert!(text(&select(&doc, "main")[0]).contains("A sentence added in the preview."));
    assert_eq!(summary.pages_rendered, 1, "{}", summary.describe());
    assert_eq!(summary.bodies_rendered, 1, "{}", summary.describe());
    assert!(summary.bodies_only, "a body edit takes the shortcut");

    std::fs::write(
        &saved,
        set_front(&read(&saved), "title: The first war, renamed"),
    )
    .unwrap();
    let Outcome::Built { files, summary, .. } = session.rebuild(&[saved]) else {
        panic!("the rebuild failed");
    };
    let sibling = page(&files["background/truces/index.html"]);
    assert!(text(&select(&sibling, "body")[0]).contains("The first war, renamed"));
    assert!(summary.pages_rendered > 1 && summary.pages_rendered < summary.pages_total);
    assert!(!summary.bodies_only, "a title edit is resolved in full");
}

fn page(bytes: &[u8]) -> Html {
    Html::parse_document(std::str::from_utf8(bytes).unwrap())
}
