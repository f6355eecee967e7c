//! Links and URLs: every URL under the configured base path (a sub-path or
//! localhost), and no broken internal link or fragment in the bundled site.

use crate::harness::{build, built_basic, html, select, stderr, tree};
use scraper::Html;
use std::collections::BTreeMap;
use std::path::Path;

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
