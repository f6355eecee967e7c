//! Issue #17 (points 1, 2, 3, 5): review dates and the stale list, figures'
//! change logs, corrections, and the machine-readable provenance (the
//! exports against the schemas in schemas/, `prov.jsonld`). Built from the
//! `provenance` overlay on `basic` (see tests/fixtures/provenance/README.md)
//! with `--today 2026-12-01` unless a test says otherwise.

use crate::harness::{
    basic_site, build, copy_dir, explainer, fixtures, html, select, stderr, text, tree, write, BASE,
};
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-12-01";

/// A fresh copy of `basic` with the `provenance` overlay.
fn site() -> (tempfile::TempDir, PathBuf) {
    let (tmp, site) = basic_site();
    copy_dir(&fixtures().join("provenance"), &site);
    std::fs::remove_file(site.join("README.md")).unwrap();
    (tmp, site)
}

/// Build `site` into `<tmp>/<name>` with `extra` arguments; the output.
fn built(site: &Path, name: &str, extra: &[&str]) -> (PathBuf, String) {
    let out = site.parent().unwrap().join(name);
    let o = build(site, &out, extra);
    assert!(o.status.success(), "{}", stderr(&o));
    (out, stderr(&o))
}

fn json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join(rel)).unwrap()).unwrap()
}

/// The text of the first element `css` selects in `rel`.
fn first_text(out: &Path, rel: &str, css: &str) -> String {
    let doc = html(out, rel);
    let found = select(&doc, css);
    assert!(!found.is_empty(), "{rel}: nothing matches {css}");
    text(&found[0])
}

#[test]
fn build_counts_what_is_stale_and_check_lists_it_oldest_first() {
    let (_t, site) = site();
    let (_, err) = built(&site, "public", &["--today", TODAY]);
    assert!(
        err.contains(
            "note: 4 items are past their review date; list them with `explainer check --stale`."
        ),
        "{err}"
    );
    assert!(!err.contains(": note: "), "a build only counts: {err}");
    let o = explainer(&[
        "check",
        "--root",
        site.to_str().unwrap(),
        "--today",
        TODAY,
        "--stale",
    ]);
    assert!(o.status.success(), "stale items never fail a check");
    let notes: Vec<String> = stderr(&o)
        .lines()
        .filter(|l| l.contains(": note: "))
        .map(String::from)
        .collect();
    assert_eq!(
        notes,
        [
            "content/facts/casualties.yaml:41:5: note: figure `ganja-killed-range` has never been checked (its sheet sets `review_every`)",
            "content/facts/casualties.yaml:16:14: note: figure `nk-military-deaths-2020-10-18` was due for review on 10 July 2026",
            "content/background/first-war.md:6:12: note: page `background/first-war.md` was due for review on 1 September 2026",
            "content/timeline/2020.yaml:11:16: note: event `2020-10-17-ganja-strike` was due for review on 1 October 2026",
        ]
    );
    // Before the first due day, nothing is listed.
    let o = explainer(&[
        "check",
        "--root",
        site.to_str().unwrap(),
        "--today",
        "2026-07-01",
        "--stale",
    ]);
    assert_eq!(
        stderr(&o)
            .lines()
            .filter(|l| l.contains(": note: "))
            .count(),
        1,
        "only the never-checked figure: {}",
        stderr(&o)
    );
}

#[test]
fn an_overdue_figure_shows_readers_when_it_was_last_checked() {
    let (_t, site) = site();
    let row = "facts/casualties/index.html";
    let (late, _) = built(&site, "late", &["--today", TODAY]);
    assert_eq!(
        first_text(&late, row, "#nk-military-deaths-2020-10-18 .review-note"),
        "Last checked against its sources on 10 January 2026; it was due to be checked again by 10 July 2026."
    );
    assert_eq!(
        first_text(&late, row, "#ganja-killed-range .review-note"),
        "No check against its sources is recorded; it is due for one."
    );
    let doc = html(&late, row);
    assert!(
        select(&doc, "#nk-military-deaths-2020-10-10 .review-note").is_empty(),
        "due only on 1 January 2027"
    );
    let (early, _) = built(&site, "early", &["--today", "2026-07-01"]);
    let doc = html(&early, row);
    assert!(select(&doc, "#nk-military-deaths-2020-10-18 .review-note").is_empty());
}

#[test]
fn today_from_source_date_epoch_and_two_builds_are_identical() {
    let (_t, site) = site();
    let (a, _) = built(&site, "a", &["--today", TODAY]);
    let (b, _) = built(&site, "b", &["--today", TODAY]);
    assert_eq!(
        tree(&a),
        tree(&b),
        "two builds on one day are byte-identical"
    );
    // 2026-12-01T12:00:00Z
    let out = site.parent().unwrap().join("epoch");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args([
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ])
        .env("SOURCE_DATE_EPOCH", "1796126400")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(tree(&a), tree(&out), "SOURCE_DATE_EPOCH gives the same day");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(["check", "--root", site.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "error: SOURCE_DATE_EPOCH is `yesterday`, not a number of seconds since 1970-01-01"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_changed_figure_says_what_it_was_on_its_sheet_the_changes_page_feed_and_exports() {
    let (_t, site) = site();
    let (out, _) = built(&site, "public", &["--today", TODAY]);
    let sheet = "facts/casualties/index.html";
    assert_eq!(
        first_text(&out, sheet, "#nk-military-deaths-2020-10-18-change-2"),
        "Changed on 1 February 2026 (was nearly 650 military deaths): Test fixture value, replaced by the count of 18 October."
    );
    assert_eq!(
        first_text(&out, sheet, "#nk-military-deaths-2020-10-18-change-1"),
        "Changed on 5 January 2026 (was more than 600 military deaths; as-of date was 16 October 2020): The authorities published a later count."
    );
    // /facts/changes/: newest first, each linking to its place on the sheet.
    let doc = html(&out, "facts/changes/index.html");
    let items: Vec<String> = select(&doc, "ol.changes li").iter().map(text).collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].starts_with("1 February 2026: Military deaths reported by the Nagorno-Karabakh authorities changed to nearly 700 military deaths (was nearly 650 military deaths)."), "{items:?}");
    assert!(items[1].starts_with("5 January 2026:"), "{items:?}");
    let link = select(&doc, "ol.changes li a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(
        link,
        "/karabakh/facts/casualties/#nk-military-deaths-2020-10-18-change-2"
    );
    // The feed.
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("id") && n.parent().is_some_and(|p| p.has_tag_name("entry")))
        .filter_map(|n| n.text())
        .collect();
    assert!(ids.contains(&"https://example.org/karabakh/facts/casualties/#nk-military-deaths-2020-10-18-change-2"), "{ids:?}");
    // CSV: a `change` row after the figure's row, with what it was.
    let mut rdr = csv::Reader::from_path(out.join("facts/casualties.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |r: &csv::StringRecord, name: &str| {
        r[headers.iter().position(|h| h == name).unwrap()].to_string()
    };
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let changes: Vec<_> = rows.iter().filter(|r| col(r, "kind") == "change").collect();
    assert_eq!(changes.len(), 2);
    assert_eq!(col(changes[0], "value"), "650");
    assert_eq!(col(changes[0], "changed_on"), "2026-02-01");
    assert_eq!(col(changes[1], "qualifier"), "more than");
    assert_eq!(col(changes[1], "as_of"), "2020-10-16");
    // JSON: the history, newest first.
    let sheet = json(&out, "facts/casualties.json");
    let f = &sheet["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "nk-military-deaths-2020-10-18")
        .unwrap();
    assert_eq!(f["history"][0]["was"]["value"], 650.0);
    assert_eq!(f["history"][1]["was"]["as_of"], "2020-10-16");
    assert_eq!(
        f["history"][1]["fields"],
        serde_json::json!(["value", "qualifier", "as_of"])
    );
    assert_eq!(f["review"]["checked_machine"], "2026-01-10");
}

#[test]
fn corrections_show_where_they_were_made_and_on_the_corrections_page() {
    let (_t, site) = site();
    let (out, _) = built(&site, "public", &["--today", TODAY]);
    let page = "background/first-war/index.html";
    assert_eq!(
        first_text(&out, page, "#correction-2026-10-15"),
        "Correction, 15 October 2026: The table gave the wrong year for the ceasefire. Before the correction this said: “1993”"
    );
    assert_eq!(
        first_text(&out, "facts/casualties/index.html", "#nk-military-deaths-2020-10-18-correction-2026-03-04"),
        "Correction, 4 March 2026: An earlier version named Armenia as the claimant; the count is the Nagorno-Karabakh authorities'. Before the correction this said: “according to Armenia”"
    );
    assert_eq!(
        first_text(&out, "timeline/index.html", "[id='2020-10-17-ganja-strike-correction-2026-05-20']"),
        "Correction (withdrawn), 20 May 2026: A correction made in error. Why it was withdrawn: The first date was right after all."
    );
    // JSON-LD: the page's CorrectionComment; the sheet's Dataset has its figures'.
    let doc = html(&out, page);
    let ld: serde_json::Value = serde_json::from_str(&text(
        &select(&doc, "script[type='application/ld+json']")[0],
    ))
    .unwrap();
    assert_eq!(ld["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(ld["correction"][0]["datePublished"], "2026-10-15");
    assert_eq!(
        ld["correction"][0]["url"],
        format!("{BASE}background/first-war/#correction-2026-10-15")
    );
    let doc = html(&out, "facts/casualties/index.html");
    let ld: serde_json::Value = serde_json::from_str(&text(
        &select(&doc, "script[type='application/ld+json']")[0],
    ))
    .unwrap();
    assert_eq!(ld["correction"][0]["datePublished"], "2026-03-04");
    let doc = html(&out, "timeline/index.html");
    let ld: serde_json::Value = serde_json::from_str(&text(
        &select(&doc, "script[type='application/ld+json']")[0],
    ))
    .unwrap();
    let dates: Vec<&str> = ld["correction"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["datePublished"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-05-02", "2026-05-20"]);
    // /corrections/: every one, newest first, linked to where it was made.
    let doc = html(&out, "corrections/index.html");
    let items: Vec<String> = select(&doc, "ol.corrections-list li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(
        items[0].starts_with("15 October 2026, page The first war: The table gave"),
        "{items:?}"
    );
    assert!(items[1].starts_with("20 May 2026, timeline event Missile strike on Ganja (withdrawn: The first date was right after all.)"), "{items:?}");
    assert!(
        items[3].starts_with("4 March 2026, figure Military deaths"),
        "{items:?}"
    );
    let hrefs: Vec<&str> = select(&doc, "ol.corrections-list li a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs[0],
        "/karabakh/background/first-war/#correction-2026-10-15"
    );
    // The feed and corrections.json.
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        feed.contains("<title>Correction: The first war</title>"),
        "{feed}"
    );
    let list = json(&out, "corrections.json");
    assert_eq!(list["corrections"].as_array().unwrap().len(), 4);
    assert_eq!(list["corrections"][0]["of"], "background/first-war.md");
}

#[test]
fn a_correction_gone_since_the_last_build_warns_until_withdrawn_is_used() {
    let (_t, site) = site();
    let (out, err) = built(&site, "public", &["--today", TODAY]);
    assert!(!err.contains("warning:"), "{err}");
    let page = site.join("content/background/first-war.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let without = original.replace(
        "corrections:\n  - date: 2026-10-15\n    text: The table gave the wrong year for the ceasefire.\n    wrong: \"1993\"\n",
        "",
    );
    assert_ne!(without, original);
    std::fs::write(&page, &without).unwrap();
    let o = build(&site, &out, &["--today", TODAY]);
    assert!(o.status.success(), "a warning, not an error");
    let err = stderr(&o);
    assert!(
        err.contains("explainer: warning: the correction of page `The first war` dated 2026-10-15 was published by the last build and is gone: \"The table gave the wrong year for the ceasefire.\""),
        "{err}"
    );
    assert!(err.contains("add `withdrawn: <why>`"), "{err}");
    // Withdrawn instead of deleted: it stays, marked, and nothing warns.
    std::fs::write(&page, &original).unwrap();
    let (fresh, _) = built(&site, "fresh", &["--today", TODAY]);
    let withdrawn = original.replace(
        "    wrong: \"1993\"\n",
        "    wrong: \"1993\"\n    withdrawn: The year was right.\n",
    );
    write(&site, "content/background/first-war.md", withdrawn);
    let o = build(&site, &fresh, &["--today", TODAY]);
    assert!(!stderr(&o).contains("is gone"), "{}", stderr(&o));
    assert!(first_text(
        &fresh,
        "background/first-war/index.html",
        "#correction-2026-10-15"
    )
    .contains("Why it was withdrawn: The year was right."));
}

/// The preview (`serve` runs `incremental::Session`) has the stale list for
/// its warnings panel, and compares corrections with its last good build.
#[test]
fn the_preview_lists_stale_items_and_warns_of_a_correction_gone() {
    use explainer::incremental::{Outcome, Session};
    let (_t, site) = site();
    let mut session = Session::new(explainer::BuildOptions {
        root: site.clone(),
        output: None,
        base_url: None,
        drafts: false,
        today: explainer::model::review::Day::parse(TODAY).ok(),
    });
    let Outcome::Built {
        stale, warnings, ..
    } = session.rebuild(&[])
    else {
        panic!("the first build failed")
    };
    assert_eq!(stale.len(), 4);
    assert!(stale
        .iter()
        .all(|d| d.severity == explainer::Severity::Note));
    assert!(warnings.is_empty(), "{warnings:?}");
    let event = site.join("content/timeline/2020.yaml");
    let text = std::fs::read_to_string(&event).unwrap();
    let cut = text.find("    corrections:").unwrap();
    let end = text.find("  - id: 2020-09-27-war").unwrap();
    std::fs::write(&event, format!("{}{}", &text[..cut], &text[end..])).unwrap();
    let Outcome::Built { warnings, .. } = session.rebuild(&[event]) else {
        panic!("the rebuild failed")
    };
    let gone: Vec<&String> = warnings
        .iter()
        .map(|w| &w.message)
        .filter(|m| m.contains("is gone"))
        .collect();
    assert_eq!(gone.len(), 2, "{warnings:?}");
    assert!(
        gone[0].contains("event `Missile strike on Ganja` dated 2026-05-02"),
        "{gone:?}"
    );
}

fn validator(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn invalid(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Every export of `out` against the shipped schemas; every figure in
/// `prov.jsonld` as a prov:Entity with its sources and claimant.
fn check_exports(out: &Path) -> usize {
    let sheet_schema = validator("sheet-export.schema.json");
    let mut figures = Vec::new();
    for entry in std::fs::read_dir(out.join("facts")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let doc: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            let errs = invalid(&sheet_schema, &doc);
            assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
            figures.extend(
                doc["figures"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f["url"].as_str().unwrap().to_string()),
            );
        }
    }
    let corrections = json(out, "corrections.json");
    let errs = invalid(&validator("corrections-export.schema.json"), &corrections);
    assert!(errs.is_empty(), "{errs:#?}");
    let prov = json(out, "prov.jsonld");
    assert_eq!(prov["@context"]["prov"], "http://www.w3.org/ns/prov#");
    let graph = prov["@graph"].as_array().unwrap();
    let by_id = |id: &str| graph.iter().find(|n| n["@id"] == id);
    for url in &figures {
        let id = format!("{}{}", BASE.trim_end_matches("/karabakh/"), url);
        let node = by_id(&id).unwrap_or_else(|| panic!("{id} not in prov.jsonld"));
        assert_eq!(node["@type"], "prov:Entity");
        let derived = node["prov:wasDerivedFrom"].as_array().unwrap();
        assert!(!derived.is_empty(), "{id}");
        for s in derived {
            assert!(
                by_id(s.as_str().unwrap()).is_some_and(|n| n["@type"] == "prov:Entity"),
                "source {s}"
            );
        }
        let agent = node["prov:wasAttributedTo"].as_str().unwrap();
        assert!(
            by_id(agent).is_some_and(|n| n["@type"] == "prov:Agent"),
            "claimant {agent}"
        );
    }
    figures.len()
}

#[test]
fn exports_follow_the_shipped_schemas_and_prov_describes_every_figure() {
    let (_t, site) = site();
    let (out, _) = built(&site, "public", &["--today", TODAY]);
    assert_eq!(check_exports(&out), 3);
    let prov = json(&out, "prov.jsonld");
    let graph = prov["@graph"].as_array().unwrap();
    let now = graph
        .iter()
        .find(|n| n["@id"] == format!("{BASE}facts/casualties/#nk-military-deaths-2020-10-18"))
        .unwrap();
    assert_eq!(
        now["prov:wasRevisionOf"],
        format!("{BASE}facts/casualties/#nk-military-deaths-2020-10-18-change-2")
    );
    assert_eq!(now["prov:generatedAtTime"], "2026-02-01");
    let before = graph
        .iter()
        .find(|n| n["@id"] == now["prov:wasRevisionOf"])
        .unwrap();
    assert_eq!(before["prov:value"], "nearly 650 military deaths");
    assert_eq!(before["prov:invalidatedAtTime"], "2026-02-01");
    assert_eq!(
        before["prov:wasRevisionOf"],
        format!("{BASE}facts/casualties/#nk-military-deaths-2020-10-18-change-1")
    );
    // A schema that can fail: a figure without its claimant is refused.
    let mut sheet = json(&out, "facts/casualties.json");
    sheet["figures"][0]
        .as_object_mut()
        .unwrap()
        .remove("claimed_by");
    assert!(!invalid(&validator("sheet-export.schema.json"), &sheet).is_empty());
}

#[test]
fn the_bundled_sites_exports_follow_the_shipped_schemas() {
    let (_t, out) = crate::harness::built_bundled();
    assert!(check_exports(&out) > 20);
}
