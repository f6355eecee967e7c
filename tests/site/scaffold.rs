//! `explainer new` and `explainer schema`: what they produce parses, builds
//! and validates, and they refuse what would lose an editor's work.

use crate::harness::{basic_site, build, explainer, html, select, stderr, text, tree};
use std::path::Path;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn new_page_writes_a_page_that_builds_and_never_overwrites() {
    let (tmp, root) = basic_site();
    let r = root.to_str().unwrap();
    let o = explainer(&[
        "new",
        "page",
        "background/some-topic",
        "--title",
        "Some topic: a start",
        "--root",
        r,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Wrote content/background/some-topic.md"));
    let file = root.join("content/background/some-topic.md");
    let written = std::fs::read_to_string(&file).unwrap();
    // Every field line carries its explanation.
    let split_end = written[4..].find("\n---\n").unwrap() + 4;
    for line in written[4..split_end]
        .lines()
        .filter(|l| !l.trim_start().starts_with('-'))
    {
        assert!(line.contains('#'), "no comment on `{line}`");
    }

    // A draft: left out of a normal build, built with --drafts.
    let out = tmp.path().join("public");
    let o = build(&root, &out, &["--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "background/some-topic/index.html");
    assert_eq!(text(&select(&doc, "h1")[0]), "Some topic: a start");
    let o = build(&root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("background/some-topic/index.html").exists());

    // Never over an existing page.
    std::fs::write(&file, "edited by hand").unwrap();
    let o = explainer(&["new", "page", "background/some-topic", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/background/some-topic.md: error: content/background/some-topic.md already exists; not overwriting it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "edited by hand");

    // Names that would not make a clean address, and a misspelt section.
    let o = explainer(&["new", "page", "background/Ganja Strike", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: `Ganja Strike` cannot be part of a page's address"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("`ganja-strike`"));
    let o = explainer(&["new", "page", "../outside", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!root.join("outside.md").exists() && !tmp.path().join("outside.md").exists());
    let o = explainer(&["new", "page", "backgrund/x", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: there is no section content/backgrund/"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_place_and_actor_pages_build() {
    let (tmp, root) = basic_site();
    let r = root.to_str().unwrap();
    for spec in ["places/new-town", "actors/new-group"] {
        let o = explainer(&["new", "page", spec, "--root", r]);
        assert!(o.status.success(), "{spec}: {}", stderr(&o));
    }
    let out = tmp.path().join("public");
    let o = build(&root, &out, &["--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        text(&select(&html(&out, "places/new-town/index.html"), "h1")[0]),
        "New town"
    );
    assert!(out.join("actors/new-group/index.html").exists());
}

#[test]
fn new_source_and_event_blocks_paste_in_and_build() {
    let (tmp, root) = basic_site();
    let r = root.to_str().unwrap();
    let o = explainer(&[
        "new",
        "source",
        "--outlet",
        "Test Wire",
        "--title",
        "A headline: with a colon",
        "--date",
        "2020-10-19",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let source = stdout(&o);
    assert!(source.contains("- id: test-wire-2020-10-19"));
    assert!(
        source.contains("# url:"),
        "an unknown url stays commented out"
    );
    let sources = root.join("content/sources.yaml");
    let mut text_ = std::fs::read_to_string(&sources).unwrap();
    text_.push_str(&source);
    std::fs::write(&sources, text_).unwrap();

    let o = explainer(&[
        "new",
        "event",
        "--date",
        "2020-10-19",
        "--title",
        "A test event",
        "--source",
        "test-wire-2020-10-19",
        "--root",
        r,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let event = stdout(&o);
    assert!(
        event.contains("category: attack"),
        "the first of site.yaml's categories:\n{event}"
    );
    assert!(event.contains("attack | ceasefire | war"));
    let timeline = root.join("content/timeline/2020.yaml");
    let mut t = std::fs::read_to_string(&timeline).unwrap();
    t.push_str(&event);
    std::fs::write(&timeline, t).unwrap();

    let out = tmp.path().join("public");
    let o = build(&root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "timeline/index.html");
    assert_eq!(select(&doc, "[id='2020-10-19-a-test-event']").len(), 1);
    let doc = html(&out, "sources/index.html");
    assert_eq!(select(&doc, "[id='test-wire-2020-10-19']").len(), 1);

    // Without a source, the pasted event is refused with the usual error.
    let o = explainer(&[
        "new",
        "event",
        "--date",
        "2020-10-20",
        "--title",
        "Unsourced",
        "--root",
        r,
    ]);
    let mut t = std::fs::read_to_string(&timeline).unwrap();
    t.push_str(&stdout(&o));
    std::fs::write(&timeline, t).unwrap();
    let o = build(&root, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("event `2020-10-20-unsourced` has no source"),
        "{}",
        stderr(&o)
    );
}

/// YAML text -> JSON value, as an editor's YAML tooling sees it.
fn yaml(text: &str) -> serde_json::Value {
    serde_yaml::from_str(text).unwrap()
}

fn validator(dir: &Path, name: &str) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn schemas_accept_the_bundled_content_and_catch_editors_mistakes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("schemas");
    let o = explainer(&["schema", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 9);

    let site = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = site.join("content");
    let mut checked = 0;
    let mut check = |schema: &str, path: &Path, doc: serde_json::Value| {
        let v = validator(&dir, schema);
        let errs = errors(&v, &doc);
        assert!(
            errs.is_empty(),
            "{} against {schema}: {errs:?}",
            path.display()
        );
        checked += 1;
    };
    check(
        "site.schema.json",
        &site.join("site.yaml"),
        yaml(&std::fs::read_to_string(site.join("site.yaml")).unwrap()),
    );
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let schema = if rel.ends_with(".md") {
            let fm = explainer::load::front_matter::split(&text).unwrap();
            check("page.schema.json", path, yaml(fm.yaml));
            continue;
        } else if rel.starts_with("facts/") {
            "facts.schema.json"
        } else if rel.starts_with("timeline/") {
            "timeline.schema.json"
        } else if rel == "sources.yaml" {
            "sources.schema.json"
        } else if rel == "eras.yaml" {
            "eras.schema.json"
        } else if rel == "glossary.yaml" {
            "glossary.schema.json"
        } else {
            continue;
        };
        check(schema, path, yaml(&text));
    }
    assert!(checked > 70, "only {checked} files checked");

    // The mistakes the loader refuses, the schemas flag too.
    let facts = validator(&dir, "facts.schema.json");
    let figure = |extra: &str| {
        yaml(&format!(
            "title: T\nfigures:\n  - id: x\n    label: L\n    value: 5\n    as_of: 2020-10-18\n    claimed_by: armenia\n    sources: [s]\n{extra}"
        ))
    };
    assert!(errors(&facts, &figure("")).is_empty());
    assert!(
        !errors(&facts, &figure("    soruces: [s]\n")).is_empty(),
        "a typo in a key"
    );
    assert!(
        !errors(&facts, &figure("    qualifier: roughly\n")).is_empty(),
        "an unknown qualifier"
    );
    let bad_value = yaml("title: T\nfigures:\n  - { id: x, label: L, value: \"100,617\", as_of: 2020, claimed_by: a }\n");
    assert!(
        !errors(&facts, &bad_value).is_empty(),
        "a thousands separator"
    );
    let timeline = validator(&dir, "timeline.schema.json");
    let event = |date: &str| {
        yaml(&format!(
            "events:\n  - {{ id: e, date: \"{date}\", title: T, category: war, sources: [s] }}\n"
        ))
    };
    for ok in [
        "1994",
        "1994-05",
        "1994-05-12",
        "2020-10-17T20:00Z",
        "1921~",
        "1994-05-05?",
    ] {
        assert!(errors(&timeline, &event(ok)).is_empty(), "{ok}");
    }
    for bad in [
        "1994-13",
        "94-05-12",
        "2020-10-17T20:00",
        "12 May 1994",
        "1994-05-12~~",
    ] {
        assert!(!errors(&timeline, &event(bad)).is_empty(), "{bad}");
    }
    let glossary = validator(&dir, "glossary.schema.json");
    let term = |extra: &str| {
        yaml(&format!(
            "terms:\n  - id: line-of-contact\n    term: Line of contact\n    sources: [s]\n{extra}"
        ))
    };
    assert!(errors(&glossary, &term("    definition: The front line.\n")).is_empty());
    assert!(
        !errors(&glossary, &term("    defintion: The front line.\n")).is_empty(),
        "a typo in a key (and no definition)"
    );
    let page = validator(&dir, "page.schema.json");
    assert!(errors(&page, &yaml("title: T\ndraft: true\n")).is_empty());
    assert!(
        !errors(&page, &yaml("summary: no title\n")).is_empty(),
        "title is required"
    );
    assert!(
        !errors(&page, &yaml("title: T\ndarft: true\n")).is_empty(),
        "a typo in a key"
    );
    let site_schema = validator(&dir, "site.schema.json");
    assert!(
        !errors(&site_schema, &yaml("title: T\n")).is_empty(),
        "base_url is required"
    );
}

/// The schemas in the repository's schemas/ folder (what editors' YAML files
/// name on their first line) are exactly what `explainer schema` writes now.
#[test]
fn committed_schemas_are_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("schemas");
    let o = explainer(&["schema", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success());
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let fresh = tree(&dir);
    assert_eq!(fresh.len(), 9);
    assert_eq!(
        tree(&committed),
        fresh,
        "run `cargo run -- schema` and commit schemas/"
    );
}

/// `explainer new ARGS... --root SITE`: stdout, stderr, exit code.
fn new_in(site: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", site.to_str().unwrap()]);
    let o = explainer(&all);
    (stdout(&o), stderr(&o), o.status.code())
}

/// `new event` checks what it would print: a real date, one of site.yaml's
/// categories, sources that exist. Each problem is said as a build says
/// it, nothing is printed and the exit code is 1.
#[test]
fn new_event_refuses_an_impossible_date_an_unknown_category_and_source() {
    let (_tmp, site) = basic_site();
    let (out, err, code) = new_in(
        &site,
        &[
            "event",
            "--date",
            "2020-02-30",
            "--category",
            "atack",
            "--source",
            "aljazeera-2020-10-81",
            "--source",
            "ap-2020-10-10",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(out, "", "nothing to paste when something is wrong");
    let firsts: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        firsts,
        [
            "explainer: error: `2020-02-30` is not a real date: February 2020 has no day 30 (in --date)",
            "explainer: error: unknown category `atack` (in --category)",
            "explainer: error: unknown source id `aljazeera-2020-10-81` in --source",
        ],
        "{err}"
    );
    assert!(
        err.contains("= hint: give a real date such as --date 2020-10-17"),
        "{err}"
    );
    assert!(err.contains("= hint: did you mean `attack`?"), "{err}");
    assert!(
        err.contains("did you mean `aljazeera-2020-10-18` (Al Jazeera, \"Armenia accuses Azerbaijan of violating truce in Nagorno-Karabakh\", 18 October 2020)?"),
        "{err}"
    );

    // All three right: the block is printed.
    let (out, err, code) = new_in(
        &site,
        &[
            "event",
            "--date",
            "2020-02-29",
            "--category",
            "attack",
            "--source",
            "ap-2020-10-10",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("date: 2020-02-29") && out.contains("sources: [ap-2020-10-10]"),
        "{out}"
    );
}

/// `new source` follows the site's ids for the same outlet (the fixture
/// writes Al Jazeera as `aljazeera-…`, where the outlet's slug would be
/// `al-jazeera-…`), falls back to the slug for a new outlet, and refuses an
/// impossible date and an id already taken.
#[test]
fn new_source_ids_follow_the_sites_own_ids_for_the_outlet() {
    let (_tmp, site) = basic_site();
    let (out, err, code) = new_in(
        &site,
        &[
            "source",
            "--outlet",
            "Al Jazeera",
            "--title",
            "Another",
            "--date",
            "2020-10-19",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("- id: aljazeera-2020-10-19 "), "{out}");
    let (out, _, _) = new_in(
        &site,
        &[
            "source",
            "--outlet",
            "Eurasianet",
            "--title",
            "T",
            "--date",
            "2020-10-19",
        ],
    );
    assert!(out.contains("- id: eurasianet-2020-10-19 "), "{out}");

    let (out, err, code) = new_in(
        &site,
        &[
            "source",
            "--outlet",
            "AP",
            "--title",
            "T",
            "--date",
            "2020-10-10",
        ],
    );
    assert_eq!((code, out.as_str()), (Some(1), ""), "{err}");
    assert!(err.contains("explainer: error: content/sources.yaml already has a source with id `ap-2020-10-10` (AP, \"Armenia, Azerbaijan agree to cease-fire\", 10 October 2020)"), "{err}");

    let (_, err, code) = new_in(
        &site,
        &[
            "source",
            "--outlet",
            "AP",
            "--title",
            "T",
            "--date",
            "2021-13-01",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "explainer: error: `2021-13-01` has month 13; months run from 01 to 12 (in --date)"
        ),
        "{err}"
    );
}

/// The placeholder summary and title `new event` starts with cannot be
/// published unnoticed: the build warns at the field.
#[test]
fn an_events_placeholder_text_is_a_warning_at_its_field() {
    let (tmp, site) = basic_site();
    let (event, err, code) = new_in(
        &site,
        &["event", "--date", "2020-10-19", "--source", "ap-2020-10-10"],
    );
    assert_eq!(code, Some(0), "{err}");
    let timeline = site.join("content/timeline/2020.yaml");
    let before = std::fs::read_to_string(&timeline).unwrap();
    let first = before.lines().count() + 1; // the paste's comment line
    std::fs::write(&timeline, format!("{before}{event}")).unwrap();
    let o = build(&site, &tmp.path().join("public"), &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "a warning, not an error:\n{err}");
    let id = "2020-10-19-what-happened-in-a-few-words";
    let title = format!("content/timeline/2020.yaml:{}:12: warning: the title of event `{id}` is still the placeholder from `explainer new event`", first + 5);
    let summary = format!("content/timeline/2020.yaml:{}:14: warning: the summary of event `{id}` is still the placeholder from `explainer new event`", first + 6);
    assert!(err.contains(&title), "{title}\n{err}");
    assert!(err.contains(&summary), "{summary}\n{err}");
    assert!(
        err.contains("= hint: replace the placeholder summary with what happened"),
        "{err}"
    );
}
