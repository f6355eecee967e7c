//! Integration tests: build fixture sites with the real binary into temp
//! folders and check the output (parsed HTML, exports), exit codes and the
//! exact diagnostics with their positions.

// A crate root resolves `mod x;` next to itself (tests/x.rs), so the topic
// files under tests/build/ are named with #[path].
#[path = "build/scaffold.rs"]
mod scaffold;
#[path = "build/serve.rs"]
mod serve;

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// Further tests, one module per topic, in tests/build/<topic>.rs.
#[path = "build/browser.rs"]
mod browser;
#[path = "build/names_and_search.rs"]
mod names_and_search;
#[path = "build/properties.rs"]
mod properties;
#[path = "build/publishing.rs"]
mod publishing;
#[path = "build/robustness.rs"]
mod robustness;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn explainer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(args)
        .output()
        .expect("run explainer")
}

fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    explainer(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir`, relative path -> bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn html(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(e: &scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fresh copy of the basic fixture site to change, in a temp folder.
fn basic_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("basic"), &site);
    (tmp, site)
}

fn built_basic(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&fixtures().join("basic"), &out, extra);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    (tmp, out)
}

#[test]
fn pages_are_semantic_and_accessible() {
    let (_t, out) = built_basic(&[]);
    for page in [
        "index.html",
        "background/index.html",
        "background/truces/index.html",
        "places/ganja/index.html",
        "timeline/index.html",
        "facts/casualties/index.html",
        "sources/index.html",
        "404.html",
    ] {
        let doc = html(&out, page);
        assert_eq!(select(&doc, "html[lang=en]").len(), 1, "{page}: lang");
        assert_eq!(select(&doc, "h1").len(), 1, "{page}: exactly one h1");
        assert_eq!(select(&doc, "main#main").len(), 1, "{page}: main landmark");
        assert_eq!(
            select(&doc, "a.skip-link[href='#main']").len(),
            1,
            "{page}: skip link"
        );
        assert_eq!(
            select(&doc, "header nav[aria-label=Main]").len(),
            1,
            "{page}: menu"
        );
        let ids: Vec<String> = select(&doc, "[id]")
            .iter()
            .map(|e| e.value().attr("id").unwrap().to_string())
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "{page}: duplicate ids {ids:?}");
    }
}

#[test]
fn markdown_headings_links_and_figures() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "background/truces/index.html");
    let ids: Vec<_> = select(&doc, ".prose h2")
        .iter()
        .map(|h| h.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(ids, ["the-ganja-strike", "the-ganja-strike-1"]);
    let link = select(&doc, ".prose a[href='/karabakh/places/ganja/']");
    assert_eq!(text(&link[0]), "Ganja");
    let fact = select(&doc, ".prose .fact")[0];
    assert_eq!(
        text(&fact),
        "nearly 700 military deaths (claimed by: Nagorno-Karabakh authorities; as of 18 October 2020; source: Al Jazeera)"
    );
    let value = select(&doc, ".prose .fact a.fact-value")[0];
    assert_eq!(
        value.value().attr("href"),
        Some("/karabakh/facts/casualties/#nk-military-deaths-2020-10-18")
    );
    let first = html(&out, "background/first-war/index.html");
    let hrefs: Vec<_> = select(&first, ".prose a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        hrefs,
        [
            "/karabakh/background/truces/#the-ganja-strike",
            "/karabakh/timeline/#2020-10-17-ganja-strike"
        ]
    );
    assert_eq!(select(&first, ".prose table").len(), 1);
}

#[test]
fn sections_order_pages_and_link_prev_next_and_backlinks() {
    let (_t, out) = built_basic(&[]);
    let sec = html(&out, "background/index.html");
    let titles: Vec<_> = select(&sec, ".cards .card h2 a").iter().map(text).collect();
    assert_eq!(
        titles,
        ["The first war", "The October truces"],
        "sorted by weight"
    );
    let first = html(&out, "background/first-war/index.html");
    assert_eq!(
        select(&first, "a[rel=next]")[0].value().attr("href"),
        Some("/karabakh/background/truces/")
    );
    assert!(select(&first, "a[rel=prev]").is_empty());
    let crumbs: Vec<_> = select(&first, ".breadcrumbs a").iter().map(text).collect();
    assert_eq!(crumbs, ["Home", "Background", "The first war"]);
    let truces = html(&out, "background/truces/index.html");
    let back: Vec<_> = select(&truces, "#mentioned-in + ul a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(back, ["The first war"]);
    let ganja = html(&out, "places/ganja/index.html");
    let names: Vec<_> = select(&ganja, ".names span[lang]")
        .iter()
        .map(|s| (s.value().attr("lang").unwrap().to_string(), text(s)))
        .collect();
    assert_eq!(
        names,
        [
            ("en".into(), "Ganja".into()),
            ("az".into(), "Gəncə".into()),
            ("ru".into(), "Kirovabad".into())
        ]
    );
    let events: Vec<_> = select(&ganja, "#on-the-timeline + ul a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(events, ["/karabakh/timeline/#2020-10-17-ganja-strike"]);
}

#[test]
fn sub_path_and_localhost_base_urls() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "background/truces/index.html");
    assert_eq!(
        select(&doc, "link[rel=canonical]")[0].value().attr("href"),
        Some("https://example.org/karabakh/background/truces/")
    );
    for (sel, attr) in [("a", "href"), ("link", "href"), ("script[src]", "src")] {
        for e in select(&doc, sel) {
            let v = e.value().attr(attr).unwrap_or("");
            assert!(
                v.starts_with("/karabakh/") || v.starts_with("https://") || v.starts_with('#'),
                "{sel} {v}"
            );
        }
    }
    let css = select(&doc, "link[rel=stylesheet]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert!(
        out.join(css.trim_start_matches("/karabakh/")).is_file(),
        "{css} exists"
    );
    let (_t2, local) = built_basic(&["--base-url", "http://localhost:8000"]);
    let doc = html(&local, "background/truces/index.html");
    assert_eq!(
        select(&doc, "link[rel=canonical]")[0].value().attr("href"),
        Some("http://localhost:8000/background/truces/")
    );
    assert_eq!(
        select(&doc, ".prose a")[0].value().attr("href"),
        Some("/places/ganja/")
    );
}

#[test]
fn fact_sheet_table_topics_chart_and_exports() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "facts/casualties/index.html");
    let rows: Vec<Vec<String>> = select(&doc, "tbody tr")
        .iter()
        .map(|r| r.child_elements().map(|c| text(&c)).collect())
        .collect();
    // The two claims of one topic sit side by side, oldest first; the range reads as said.
    assert_eq!(rows[0][1], "more than 400 military deaths");
    assert_eq!(rows[0][3], "10 October 2020");
    assert_eq!(rows[1][1], "nearly 700 military deaths");
    assert_eq!(rows[2][1], "26–32 civilians");
    assert_eq!(
        rows[2][4], "[2] [1]",
        "numbered in order of first citation on the sheet"
    );
    let points: Vec<_> = select(&doc, "svg.chart circle")
        .iter()
        .map(|c| {
            (
                c.value().attr("data-date").unwrap().to_string(),
                c.value().attr("data-value").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            ("2020-10-10".to_string(), "400".to_string()),
            ("2020-10-18".into(), "700".into())
        ]
    );
    let mut rdr = csv::Reader::from_path(out.join("facts/casualties.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let col = |r: &csv::StringRecord, name: &str| {
        r[headers.iter().position(|h| h == name).unwrap()].to_string()
    };
    let yaml: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(fixtures().join("basic/content/facts/casualties.yaml")).unwrap(),
    )
    .unwrap();
    let figures = yaml["figures"].as_sequence().unwrap();
    assert_eq!(recs.len(), figures.len());
    for f in figures {
        let id = f["id"].as_str().unwrap();
        let r = recs
            .iter()
            .find(|r| col(r, "id") == id)
            .expect("row for every figure");
        assert_eq!(col(r, "claimed_by"), f["claimed_by"].as_str().unwrap());
        let srcs: Vec<&str> = f["sources"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(col(r, "sources"), srcs.join(";"));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("facts/casualties.json")).unwrap()).unwrap();
    assert_eq!(json["figures"][2]["value"], "26-32");
    assert_eq!(json["figures"][0]["value"], 700.0);
    assert_eq!(json["figures"][0]["as_of"], "2020-10-18");
}

#[test]
fn timeline_sorts_merges_ceasefires_and_exports() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "timeline/index.html");
    let ids: Vec<_> = select(&doc, "li.event")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "2020-09-27-war",
            "moscow-truce-2020-10-10",
            "2020-10-17-ganja-strike"
        ]
    );
    let dates: Vec<_> = select(&doc, "li.event time")
        .iter()
        .map(|t| (t.value().attr("datetime").unwrap().to_string(), text(t)))
        .collect();
    assert_eq!(
        dates[0],
        (
            "2020-09-27".to_string(),
            "27 September – 10 November 2020".to_string()
        )
    );
    assert_eq!(
        dates[1],
        ("2020-10-10".to_string(), "10–11 October 2020".to_string())
    );
    let cat = html(&out, "timeline/ceasefire/index.html");
    let ids: Vec<_> = select(&cat, "li.event")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(ids, ["moscow-truce-2020-10-10"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).unwrap()).unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 3);
    let tl: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.timelinejs.json")).unwrap())
            .unwrap();
    assert_eq!(
        tl["events"][2]["start_date"],
        serde_json::json!({"year": "2020", "month": "10", "day": "17"})
    );
    assert_eq!(
        tl["events"][2]["text"]["headline"],
        "Missile strike on Ganja"
    );
}

#[test]
fn sources_page_lists_what_cites_each_source() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "sources/index.html");
    let ap = select(&doc, "li#ap-2020-10-10")[0];
    let cited: Vec<_> = ap
        .select(&Selector::parse("details a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        cited.contains(&"/karabakh/facts/ceasefires/#moscow-truce-2020-10-10".to_string()),
        "{cited:?}"
    );
    assert!(
        cited.contains(&"/karabakh/timeline/#2020-09-27-war".to_string()),
        "{cited:?}"
    );
    assert_eq!(
        select(
            &doc,
            "li#ap-2020-10-10 a[href='https://apnews.com/example']"
        )
        .len(),
        1
    );
    assert!(
        select(&doc, "li#aljazeera-2020-10-18 p a").is_empty(),
        "no URL where none is given"
    );
}

#[test]
fn builds_are_deterministic() {
    let (_a, one) = built_basic(&[]);
    let (_b, two) = built_basic(&[]);
    assert_eq!(tree(&one), tree(&two));
}

#[test]
fn every_error_fixture_reports_exact_positions_and_keeps_output() {
    let cases = fixtures().join("errors");
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 15);
    for case in names {
        let (tmp, site) = basic_site();
        copy_dir(&case, &site);
        std::fs::remove_file(site.join("expected.txt")).unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "previous build").unwrap();
        let before = tree(&out);
        let o = build(&site, &out, &[]);
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let got: Vec<&str> = std::str::from_utf8(&o.stderr)
            .unwrap()
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect();
        let want: Vec<&str> = expected.lines().collect();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if got != want {
            failures.push(format!(
                "{name}:\n  want {want:#?}\n  got  {got:#?}\n{}",
                stderr(&o)
            ));
        }
        if o.status.code() != Some(1) {
            failures.push(format!("{name}: exit code {:?}", o.status.code()));
        }
        if tree(&out) != before {
            failures.push(format!("{name}: output folder changed"));
        }
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().contains("explainer-tmp"))
            .collect();
        if !leftovers.is_empty() {
            failures.push(format!("{name}: temporary folders left: {leftovers:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn errors_carry_hints_and_snippets() {
    let (tmp, site) = basic_site();
    copy_dir(&fixtures().join("errors/broken-link"), &site);
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("7 | See [Ganja](@/places/ganj.md)"), "{err}");
    assert!(
        err.contains("= hint: did you mean @/places/ganja.md?"),
        "{err}"
    );
    assert!(err.contains("Check failed: 2 errors"), "{err}");
    assert_eq!(o.status.code(), Some(1));

    let site = tmp.path().join("typo");
    copy_dir(&fixtures().join("basic"), &site);
    copy_dir(&fixtures().join("errors/typo-key"), &site);
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("= hint: did you mean `sources`? The fields this item accepts"),
        "{err}"
    );
}

#[test]
fn check_writes_nothing() {
    let (tmp, site) = basic_site();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.join("public").exists());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn refuses_output_folders_that_would_destroy_the_site() {
    let (tmp, site) = basic_site();
    let before = tree(tmp.path());
    for out in [
        site.clone(),
        tmp.path().to_path_buf(),
        site.join("content/out"),
        site.join("static"),
        site.join("templates/x"),
    ] {
        let o = build(&site, &out, &[]);
        assert_eq!(o.status.code(), Some(1), "{}", out.display());
        assert!(stderr(&o).contains("refusing to use"), "{}", stderr(&o));
    }
    assert_eq!(tree(tmp.path()), before);
}

#[test]
fn a_rebuild_replaces_the_output_and_removes_stale_temp_folders() {
    let (tmp, out) = built_basic(&[]);
    std::fs::write(out.join("stale.html"), "old").unwrap();
    let stale = tmp.path().join(".public.explainer-tmp-999999999");
    std::fs::create_dir(&stale).unwrap();
    let o = build(&fixtures().join("basic"), &out, &[]);
    assert!(o.status.success());
    assert!(!out.join("stale.html").exists(), "old files go");
    assert!(!stale.exists(), "stale temp folder removed");
    assert!(out.join("index.html").is_file());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let (tmp, site) = basic_site();
    std::fs::write(
        site.join("content/background/draft.md"),
        "---\ntitle: Draft\ndraft: true\n---\nx\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    assert!(build(&site, &out, &[]).status.success());
    assert!(!out.join("background/draft/index.html").exists());
    assert!(build(&site, &out, &["--drafts"]).status.success());
    assert!(out.join("background/draft/index.html").exists());
}

#[test]
fn bom_and_crlf_files_build() {
    let (tmp, site) = basic_site();
    std::fs::write(
        site.join("content/background/windows.md"),
        "\u{feff}---\r\ntitle: Saved on Windows\r\n---\r\n## A heading\r\n\r\nText.\r\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "background/windows/index.html");
    assert_eq!(text(&select(&doc, "h1")[0]), "Saved on Windows");
    assert_eq!(select(&doc, ".prose h2#a-heading").len(), 1);
}

/// Builds the bundled explainer and checks every internal `href` and `src`
/// against the files written, and every `#fragment` against the ids on its
/// target page: independent of the generator's own link check.
#[test]
fn bundled_site_has_no_broken_internal_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = build(root, &out, &["--base-url", "https://example.org/karabakh/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("warning:"),
        "the bundled site builds without warnings:\n{}",
        stderr(&o)
    );
    let files = tree(&out);
    let mut ids: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut docs = Vec::new();
    for (rel, bytes) in &files {
        if rel.ends_with(".html") {
            let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
            ids.insert(
                rel.clone(),
                select(&doc, "[id]")
                    .iter()
                    .map(|e| e.value().attr("id").unwrap().to_string())
                    .collect(),
            );
            docs.push((rel.clone(), doc));
        }
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for (rel, doc) in &docs {
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
        ] {
            for e in select(doc, css) {
                let url = e.value().attr(attr).unwrap();
                if url.starts_with("https://") && !url.starts_with("https://example.org/karabakh/")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:")
                {
                    continue;
                }
                let local = url.trim_start_matches("https://example.org");
                let (path, frag) = match local.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (local, None),
                };
                let target = if path.is_empty() {
                    rel.clone()
                } else {
                    let Some(p) = path.strip_prefix("/karabakh/") else {
                        broken.push(format!("{rel}: {url} is outside the sub-path"));
                        continue;
                    };
                    if p.is_empty() || p.ends_with('/') {
                        format!("{p}index.html")
                    } else {
                        p.to_string()
                    }
                };
                checked += 1;
                if !files.contains_key(&target) {
                    broken.push(format!("{rel}: {url} -> no file {target}"));
                } else if let Some(f) = frag {
                    if !ids.get(&target).is_some_and(|s| s.contains(f)) {
                        broken.push(format!("{rel}: {url} -> no id #{f} in {target}"));
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "{} broken of {checked}:\n{}",
        broken.len(),
        broken.join("\n")
    );
    eprintln!("checked {checked} internal links in {} pages", docs.len());
}

#[test]
fn fact_function_works_in_templates_and_sheets_describe_their_dataset() {
    let (tmp, site) = basic_site();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><p id=\"box\">{{ fact(id=\"ganja-killed-range\") }}</p>{% endblock content %}",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "index.html");
    assert_eq!(
        text(&select(&doc, "#box .fact")[0]),
        "26–32 civilians (claimed by: Azerbaijan; as of October 2020; source: Al Jazeera, AP)"
    );
    let sheet = html(&out, "facts/casualties/index.html");
    let ld = select(&sheet, "script[type='application/ld+json']");
    let v: serde_json::Value = serde_json::from_str(&ld[0].inner_html()).unwrap();
    assert_eq!(v["@type"], "Dataset");
    assert_eq!(
        v["distribution"][0]["contentUrl"],
        "https://example.org/karabakh/facts/casualties.csv"
    );
}

#[test]
fn a_slug_on_a_section_index_is_flagged_not_silently_ignored() {
    let (tmp, site) = basic_site();
    let index = site.join("content/background/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen(
            "title: Background\n",
            "title: Background\nslug: history\n",
            1,
        ),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/background/_index.md:3:7: warning: `slug:` has no effect on a section's `_index.md`"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("background/index.html").is_file());
    assert!(!out.join("history").exists());
}
