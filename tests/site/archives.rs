//! Sources that survive link rot: a source's `accessed:` date,
//! `archived_url:` and `language:` as readers see them (the sources page,
//! a page's Notes, a fact sheet's source list), in the exports, and the
//! errors for values that are wrong. The `archived` fixture overlay gives
//! the fields (tests/fixtures/README.md).

use crate::harness::{
    basic_site, build, copy_dir, explainer, fixtures, html, select, stderr, text,
};
use scraper::ElementRef;
use std::path::{Path, PathBuf};

const AP_ARCHIVE: &str = "https://archive.example/20201010/https://apnews.com/example";
const AJ_ARCHIVE: &str = "https://archive.example/20201018/aljazeera-truce";

/// `basic` with the `archived` overlay, built; returns the output folder.
fn built_archived() -> (tempfile::TempDir, PathBuf) {
    let (tmp, site) = basic_site();
    copy_dir(&fixtures().join("archived"), &site);
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains(": warning: "), "{}", stderr(&o));
    (tmp, out)
}

fn href(e: &ElementRef) -> String {
    e.value().attr("href").unwrap_or_default().to_string()
}

fn archived_links(scope: &ElementRef) -> Vec<String> {
    let sel = scraper::Selector::parse("a.archived").unwrap();
    scope.select(&sel).map(|a| href(&a)).collect()
}

#[test]
fn the_sources_page_shows_archived_copies_access_dates_and_languages() {
    let (_t, out) = built_archived();
    let doc = html(&out, "sources/index.html");
    let entry = |id: &str| select(&doc, &format!("li#{id} .source-cite"))[0];

    let ap = entry("ap-2020-10-10");
    assert_eq!(
        text(&ap),
        "AP, “Armenia, Azerbaijan agree to cease-fire” (archived copy), 10 October 2020, accessed 1 May 2024"
    );
    assert_eq!(archived_links(&ap), [AP_ARCHIVE]);
    let title = select(&doc, "li#ap-2020-10-10 .source-cite a:not(.archived)")[0];
    assert_eq!(href(&title), "https://apnews.com/example");
    assert_eq!(title.value().attr("lang"), None, "English, as the site");
    let accessed = select(&doc, "li#ap-2020-10-10 time")[1];
    assert_eq!(accessed.value().attr("datetime"), Some("2024-05-01"));

    let ria = entry("ria-2020-11-10");
    assert!(
        text(&ria).ends_with("10 November 2020, in Russian"),
        "{}",
        text(&ria)
    );
    let title = select(&doc, "li#ria-2020-11-10 .source-cite a[lang='ru']");
    assert_eq!(
        text(&title[0]),
        "Заявление о прекращении огня в Нагорном Карабахе"
    );
    assert_eq!(archived_links(&ria).len(), 1);

    let az = entry("azertac-2020-11-10");
    assert!(
        text(&az).ends_with("10 November 2020, in Azerbaijani, accessed 2 May 2024"),
        "{}",
        text(&az)
    );
    assert!(archived_links(&az).is_empty(), "no archive, no link");

    // An archived copy of a source whose original address is not known.
    let aj = entry("aljazeera-2020-10-18");
    assert_eq!(archived_links(&aj), [AJ_ARCHIVE]);
    assert_eq!(
        select(&doc, "li#aljazeera-2020-10-18 .source-cite a").len(),
        1
    );
}

#[test]
fn notes_and_sheets_cite_the_archived_copy_too() {
    let (_t, out) = built_archived();
    let page = html(&out, "background/truces/index.html");
    let note = select(&page, ".notes li#note-1")[0];
    assert!(
        text(&note).contains("Source: Al Jazeera, “Armenia accuses Azerbaijan of violating truce in Nagorno-Karabakh” (archived copy), 18 October 2020 (entry)."),
        "{}",
        text(&note)
    );
    assert_eq!(archived_links(&note), [AJ_ARCHIVE]);

    let sheet = html(&out, "facts/casualties/index.html");
    let list = select(&sheet, "ol.source-list")[0];
    assert_eq!(archived_links(&list), [AP_ARCHIVE, AJ_ARCHIVE]);
}

fn csv_column(path: &Path, name: &str) -> Vec<String> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let at = rdr.headers().unwrap().iter().position(|h| h == name);
    let at = at.unwrap_or_else(|| panic!("no column {name}"));
    rdr.records().map(|r| r.unwrap()[at].to_string()).collect()
}

#[test]
fn exports_carry_the_original_and_the_archived_address() {
    let (_t, out) = built_archived();
    let csv = out.join("facts/casualties.csv");
    let ids = csv_column(&csv, "sources");
    let archived = csv_column(&csv, "source_archived_urls");
    let urls = csv_column(&csv, "source_urls");
    let range = ids
        .iter()
        .position(|s| s == "aljazeera-2020-10-18;ap-2020-10-10");
    let range = range.expect("the Ganja range cites both sources");
    assert_eq!(archived[range], format!("{AJ_ARCHIVE};{AP_ARCHIVE}"));
    assert_eq!(urls[range], ";https://apnews.com/example");

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("facts/casualties.json")).unwrap()).unwrap();
    let figures = json["figures"].as_array().unwrap();
    let figure = figures
        .iter()
        .find(|f| f["id"] == "nk-military-deaths-2020-10-10");
    let figure = figure.unwrap();
    assert_eq!(figure["sources"][0], "ap-2020-10-10");
    let details = &figure["source_details"][0];
    assert_eq!(details["source_url"], "https://apnews.com/example");
    assert_eq!(details["archived_url"], AP_ARCHIVE);

    let timeline: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).unwrap()).unwrap();
    let events = timeline["events"].as_array().unwrap();
    let statement = events
        .iter()
        .find(|e| e["id"] == "2020-11-10-statement")
        .unwrap();
    assert_eq!(
        statement["sources"][0]["archived_url"],
        "https://archive.example/20201110/https://ria.example/20201110/statement.html"
    );
}

/// A copy of `basic` whose second source (AP, lines 5 to 9) ends with
/// `extra` lines; `explainer check` on it.
fn check_with_ap_lines(extra: &str) -> (std::process::Output, String) {
    let (_tmp, site) = basic_site();
    let path = site.join("content/sources.yaml");
    let text = std::fs::read_to_string(&path).unwrap() + extra;
    std::fs::write(&path, text).unwrap();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    (o, err)
}

#[test]
fn wrong_values_are_errors_at_their_place_with_a_way_to_fix_them() {
    let (o, err) = check_with_ap_lines("  language: Russian\n  accessed: 2024-05-01T10:00Z\n");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(
        "content/sources.yaml:10:13: error: source language `Russian` is not a language tag: it must start with a language code of 2 or 3 letters\n   |\n10 |   language: Russian\n   |             ^\n  = hint: write the language's code: language: ru"
    ), "{err}");
    assert!(err.contains(
        "content/sources.yaml:11:13: error: source accessed `2024-05-01T10:00Z` must be the day the source was read, written YYYY-MM-DD\n"
    ), "{err}");

    let (o, err) = check_with_ap_lines("  archived_url: \"https:// archive.example/x\"\n");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/sources.yaml:10:17: error: source archived_url `https:// archive.example/x` must be a whole web address"), "{err}");

    let (o, err) = check_with_ap_lines("  language: EN\n");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/sources.yaml:10:13: error: source language `EN` is not a language tag as the site writes them: the language code is lowercase"), "{err}");
}

#[test]
fn a_well_formed_tag_the_site_cannot_name_is_shown_as_written_with_a_warning() {
    let (o, err) = check_with_ap_lines("  language: tlh\n");
    assert!(o.status.success(), "{err}");
    assert!(err.contains(
        "content/sources.yaml:10:13: warning: source language `tlh` is not one the site can name; readers see the tag itself"
    ), "{err}");
}
