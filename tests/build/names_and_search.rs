//! Places named from both sides, and the search index and page.

use crate::{build, copy_dir, fixtures, html, select, stderr, text};
use std::collections::BTreeSet;
use std::path::Path;

/// The basic fixture with the naming overlay (places with both sides' names,
/// a page that uses only one side's names), built under /karabakh/.
fn built_naming() -> (tempfile::TempDir, std::process::Output) {
    let (tmp, site) = crate::basic_site();
    copy_dir(&fixtures().join("naming"), &site);
    std::fs::remove_file(site.join("expected-warnings.txt")).unwrap();
    let o = build(&site, &tmp.path().join("public"), &[]);
    (tmp, o)
}

#[test]
fn one_sided_place_names_warn_at_their_first_mention() {
    let (_t, o) = built_naming();
    assert!(o.status.success(), "{}", stderr(&o));
    let want = std::fs::read_to_string(fixtures().join("naming/expected-warnings.txt")).unwrap();
    let err = stderr(&o);
    let got: Vec<&str> = err.lines().filter(|l| l.contains(": warning: ")).collect();
    // Not warned: "Shushan" (not a whole word), "Lachin corridor" (a neutral
    // name that contains "Lachin"), `Berdzor` in code, Hadrut (exempt), and
    // the page that gives both names. An event is checked on its own (title
    // and summary together), at the name's place in a folded summary.
    assert_eq!(got, want.lines().collect::<Vec<_>>(), "{err}");
    assert!(err.contains("hint: give both names at the first mention, e.g. \"Shusha (Shushi)\""));
}

#[test]
fn place_pages_show_every_name_with_its_language() {
    let (t, o) = built_naming();
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&t.path().join("public"), "places/shushi/index.html");
    let names: Vec<_> = select(&doc, ".names span[lang]")
        .iter()
        .map(|s| (s.value().attr("lang").unwrap().to_string(), text(s)))
        .collect();
    assert_eq!(
        names,
        [
            ("en".into(), "Shushi".into()),
            ("en".into(), "Shusha".into()),
            ("az".into(), "Şuşa".into())
        ]
    );
    let sides: Vec<_> = select(&doc, ".names .name-meta").iter().map(text).collect();
    assert_eq!(
        sides,
        [
            "(en; Armenian usage)",
            "(en; Azerbaijani usage)",
            "(az; Azerbaijani usage)"
        ]
    );
}

#[derive(serde::Deserialize)]
struct Index {
    version: u32,
    entries: Vec<Entry>,
}

#[derive(serde::Deserialize, Debug)]
struct Entry {
    k: String,
    t: String,
    u: String,
    s: String,
    #[serde(default)]
    w: String,
}

/// The file a root-relative URL under /karabakh/ is served from, and its fragment.
fn file_of(out: &Path, url: &str) -> (std::path::PathBuf, Option<String>) {
    let (path, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let rel = path
        .strip_prefix("/karabakh/")
        .unwrap_or_else(|| panic!("{url} is not under the base path"));
    let file = if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    };
    (file, frag)
}

#[test]
fn search_index_covers_pages_places_actors_figures_and_events() {
    let (t, o) = built_naming();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = t.path().join("public");
    let index: Index =
        serde_json::from_slice(&std::fs::read(out.join("search/index.json")).unwrap()).unwrap();
    assert_eq!(index.version, 1);
    let kinds: BTreeSet<&str> = index.entries.iter().map(|e| e.k.as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["Actor", "Event", "Figure", "Page", "Place", "Section"])
    );
    // A place is found by every one of its names.
    let shushi = index
        .entries
        .iter()
        .find(|e| e.t == "Shushi (Shusha)")
        .unwrap();
    assert_eq!(shushi.k, "Place");
    assert_eq!(shushi.u, "/karabakh/places/shushi/");
    assert!(shushi.w.contains("Şuşa"), "{shushi:?}");
    // A figure says who claims it and as of when.
    let fig = index
        .entries
        .iter()
        .find(|e| e.u.ends_with("#nk-military-deaths-2020-10-18"))
        .unwrap();
    assert_eq!(fig.k, "Figure");
    assert!(
        fig.s.contains("as of") && fig.s.contains("claimed by"),
        "{fig:?}"
    );
    // An event, with its date and a figure given as text, not a shortcode.
    let ev = index.entries.iter().find(|e| e.k == "Event").unwrap();
    assert!(!ev.s.contains("{{"), "{ev:?}");
    // Every entry points at a file and fragment that exist.
    for e in &index.entries {
        let (file, frag) = file_of(&out, &e.u);
        assert!(file.is_file(), "{} -> {}", e.u, file.display());
        if let Some(f) = frag {
            let doc = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            assert_eq!(select(&doc, &format!("[id='{f}']")).len(), 1, "{}", e.u);
        }
    }
    // The home page is the site itself, not a search result.
    assert!(!index.entries.iter().any(|e| e.u == "/karabakh/"));
}

#[test]
fn search_page_loads_its_index_from_the_sub_path_and_lists_every_page_without_js() {
    let (t, o) = built_naming();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = t.path().join("public");
    let doc = html(&out, "search/index.html");
    let form = select(&doc, "form#search-form[role=search]");
    assert_eq!(form.len(), 1);
    assert_eq!(
        form[0].value().attr("data-index"),
        Some("/karabakh/search/index.json")
    );
    assert_eq!(select(&doc, "input[type=search][name=q]").len(), 1);
    let script = select(&doc, "script[src]");
    assert_eq!(script.len(), 1);
    let src = script[0].value().attr("src").unwrap();
    assert!(
        src.starts_with("/karabakh/assets/search.") && src.ends_with(".js"),
        "{src}"
    );
    assert!(file_of(&out, src).0.is_file());
    assert!(
        select(&doc, "script:not([src])").is_empty(),
        "no inline script"
    );
    // Without JavaScript: a link to every page, place and actor.
    let listed: BTreeSet<String> = select(&doc, "#all-pages li a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    let index: Index =
        serde_json::from_slice(&std::fs::read(out.join("search/index.json")).unwrap()).unwrap();
    let pages: BTreeSet<String> = index
        .entries
        .iter()
        .filter(|e| matches!(e.k.as_str(), "Page" | "Place" | "Actor" | "Section"))
        .map(|e| e.u.clone())
        .collect();
    assert!(!pages.is_empty());
    let missing: Vec<_> = pages.difference(&listed).collect();
    assert!(missing.is_empty(), "not listed without JS: {missing:?}");
}
