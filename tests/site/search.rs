//! The search index (every page, place, actor, figure and event, each
//! pointing at a file and fragment that exist) and the search page, which
//! lists every page without JavaScript.

use crate::harness::{built_naming, html, search_index, select, stderr};
use std::collections::BTreeSet;
use std::path::Path;

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
    let index = search_index(&out);
    assert_eq!(index.version, 2);
    let kinds: BTreeSet<&str> = index.entries.iter().map(|e| e.k.as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["Actor", "Event", "Figure", "Page", "Passage", "Place", "Section", "Term"])
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
    let index = search_index(&out);
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
