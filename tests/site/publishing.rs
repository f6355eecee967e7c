//! What a static host needs: sitemap, robots.txt, the Atom feed of updates,
//! _headers, .nojekyll, fingerprinted assets, metadata, a 404 page that works
//! at any depth, and page weights within budget.

use crate::harness::{
    basic_site, build, built_basic, built_bundled, file_for, html, select, stderr, text, tree, BASE,
};
use std::collections::BTreeMap;
use std::path::Path;

fn xml(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

#[test]
fn sitemap_lists_every_page_with_its_last_change() {
    let (_t, out) = built_bundled();
    let text = xml(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is well-formed XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    let mut locs = Vec::new();
    for url in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ns, "url")))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((ns, "loc")))
            .unwrap();
        let loc = loc.text().unwrap().to_string();
        assert!(file_for(&out, &loc).is_file(), "{loc} has no file");
        if let Some(m) = url.children().find(|n| n.has_tag_name((ns, "lastmod"))) {
            let m = m.text().unwrap();
            assert!(
                m.len() == 10 && m.as_bytes()[4] == b'-' && m.as_bytes()[7] == b'-',
                "{m}"
            );
        }
        locs.push(loc);
    }
    // Every HTML page is listed once, except the 404 page.
    let pages: Vec<String> = tree(&out)
        .keys()
        .filter(|k| k.ends_with("index.html"))
        .map(|k| format!("{BASE}{}", k.trim_end_matches("index.html")))
        .collect();
    let mut sorted = locs.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), locs.len(), "no duplicates");
    let mut want = pages;
    want.sort();
    assert_eq!(sorted, want);
    assert!(!locs.iter().any(|l| l.contains("404")));
    assert!(text.contains(&format!(
        "<loc>{BASE}about/</loc><lastmod>2026-11-25</lastmod>"
    )));
    let robots = xml(&out, "robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml\n")),
        "{robots}"
    );
}

#[test]
fn updates_page_and_atom_feed_list_recorded_changes() {
    let (tmp, site) = basic_site();
    // Two updates on two days, one without a note.
    let edit = |rel: &str, fields: &str| {
        let p = site.join("content").join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text.replacen("---\n", &format!("---\n{fields}\n"), 1);
        std::fs::write(&p, text).unwrap();
    };
    edit(
        "background/truces.md",
        "updated: 2026-11-20\nchanges: \"Corrected the date of the <second> truce & its source.\"",
    );
    edit("background/first-war.md", "updated: 2026-11-22");
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    let text = xml(&out, "atom.xml");
    let doc = roxmltree::Document::parse(&text).expect("atom.xml is well-formed XML");
    let ns = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ns, "feed")));
    let child = |n: roxmltree::Node<'_, '_>, name: &str| -> String {
        n.children()
            .find(|c| c.has_tag_name((ns, name)))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    // RFC 4287: a feed has an id, a title, an updated time and an author.
    assert_eq!(child(feed, "id"), BASE);
    assert_eq!(child(feed, "updated"), "2026-11-22T00:00:00Z");
    assert!(feed.children().any(|c| c.has_tag_name((ns, "author"))));
    let self_link = feed
        .children()
        .find(|c| c.has_tag_name((ns, "link")) && c.attribute("rel") == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.attribute("href"),
        Some(&*format!("{BASE}atom.xml"))
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ns, "entry")))
        .collect();
    let titles: Vec<String> = entries.iter().map(|e| child(*e, "title")).collect();
    // Newest first; the same day by title (the fixture's home page has one too).
    assert_eq!(titles, ["The first war", "Home", "The October truces"]);
    assert_eq!(
        child(entries[2], "summary"),
        "Corrected the date of the <second> truce & its source."
    );
    assert_eq!(
        child(entries[2], "id"),
        format!("{BASE}background/truces/#updated-2026-11-20")
    );
    for e in &entries {
        let link = e
            .children()
            .find(|c| c.has_tag_name((ns, "link")))
            .unwrap()
            .attribute("href")
            .unwrap();
        assert!(file_for(&out, link).is_file(), "{link}");
    }

    let page = html(&out, "updates/index.html");
    let items: Vec<String> = select(&page, "ol.updates li")
        .iter()
        .map(crate::harness::text)
        .collect();
    assert_eq!(
        items,
        [
            "22 November 2026: The first war. Page updated.",
            "20 November 2026: Home. Page updated.",
            "20 November 2026: The October truces. Corrected the date of the <second> truce & its source."
        ]
    );
    let feed_link = select(&page, "link[rel=alternate][type='application/atom+xml']");
    assert_eq!(
        feed_link[0].value().attr("href"),
        Some("/karabakh/atom.xml")
    );
}

#[test]
fn headers_nojekyll_and_fingerprinted_assets() {
    let (_t, out) = built_basic(&[]);
    assert!(out.join(".nojekyll").is_file());
    let headers = xml(&out, "_headers");
    let csp_line = headers
        .lines()
        .find(|l| l.trim_start().starts_with("Content-Security-Policy:"))
        .unwrap();
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
    ] {
        assert!(csp_line.contains(directive), "{csp_line}");
    }
    assert!(!csp_line.contains("unsafe-inline"));
    assert!(headers
        .contains("\n/karabakh/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"));

    // CSS and JS carry a hash of their bytes, in assets/, and pages link them
    // through the asset() template function.
    let files = tree(&out);
    let assets: Vec<&String> = files.keys().filter(|k| k.starts_with("assets/")).collect();
    assert!(!assets.is_empty());
    for a in &assets {
        let name = a.trim_start_matches("assets/");
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{a}");
        assert!(["css", "js"].contains(&parts[2]), "{a}");
        let hash = blake3::hash(&files[*a]).to_hex();
        assert_eq!(
            parts[1],
            &hash[..10],
            "{a}: the name carries the content hash"
        );
    }
    let home = html(&out, "index.html");
    let css = select(&home, "link[rel=stylesheet]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert!(
        css.starts_with("/karabakh/assets/style.") && css.ends_with(".css"),
        "{css}"
    );
    assert!(files.contains_key(css.trim_start_matches("/karabakh/")));
    // No inline script or style anywhere: the CSP above would block them.
    for (rel, bytes) in &files {
        if rel.ends_with(".html") {
            let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
            assert!(select(&doc, "style").is_empty(), "{rel}: <style>");
            assert!(select(&doc, "[style]").is_empty(), "{rel}: style=");
            for s in select(&doc, "script:not([src])") {
                assert_eq!(s.value().attr("type"), Some("application/ld+json"), "{rel}");
            }
        }
    }
}

#[test]
fn changing_a_stylesheet_changes_its_name() {
    let (tmp, site) = basic_site();
    let first = tmp.path().join("one");
    assert!(build(&site, &first, &[]).status.success());
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/style.css"), "body { color: black; }\n").unwrap();
    let second = tmp.path().join("two");
    assert!(build(&site, &second, &[]).status.success());
    let css = |out: &Path| {
        let home = html(out, "index.html");
        let href = select(&home, "link[rel=stylesheet]")[0]
            .value()
            .attr("href")
            .unwrap()
            .to_string();
        href
    };
    let (a, b) = (css(&first), css(&second));
    assert_ne!(a, b);
    assert_eq!(
        std::fs::read_to_string(second.join(b.trim_start_matches("/karabakh/"))).unwrap(),
        "body { color: black; }\n"
    );
}

#[test]
fn pages_carry_canonical_open_graph_and_json_ld_metadata() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "background/first-war/index.html");
    let meta = |sel: &str| -> String {
        select(&doc, sel)[0]
            .value()
            .attr("content")
            .or(select(&doc, sel)[0].value().attr("href"))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        meta("link[rel=canonical]"),
        format!("{BASE}background/first-war/")
    );
    assert_eq!(
        meta("meta[property='og:url']"),
        format!("{BASE}background/first-war/")
    );
    assert_eq!(meta("meta[property='og:type']"), "article");
    assert!(!meta("meta[name=description]").is_empty());
    assert_eq!(meta("meta[name='twitter:card']"), "summary_large_image");
    let image = meta("meta[property='og:image']");
    assert!(image.starts_with(BASE), "absolute: {image}");
    assert!(file_for(&out, &image).is_file(), "{image}");
    let ld = select(&doc, "script[type='application/ld+json']");
    assert_eq!(ld.len(), 1);
    let v: serde_json::Value = serde_json::from_str(&ld[0].text().collect::<String>()).unwrap();
    assert_eq!(v["@type"], "Article");
    assert_eq!(v["url"], format!("{BASE}background/first-war/"));
    assert!(v["dateModified"].as_str().unwrap().starts_with("20"));
    assert_eq!(v["headline"], text(&select(&doc, "h1")[0]));
}

#[test]
fn not_found_page_works_from_any_depth_under_the_sub_path() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "404.html");
    let mut n = 0;
    for (css, attr) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("script[src]", "src"),
    ] {
        for e in select(&doc, css) {
            let url = e.value().attr(attr).unwrap();
            if url.starts_with("https://") || url.starts_with('#') {
                continue; // canonical links are absolute; #main is on the page
            }
            // Root-relative under the sub-path: the same from /karabakh/a/b/c/.
            assert!(url.starts_with("/karabakh/"), "{url}");
            let rel = url
                .trim_start_matches("/karabakh/")
                .split('#')
                .next()
                .unwrap();
            let file = if rel.is_empty() || rel.ends_with('/') {
                out.join(rel).join("index.html")
            } else {
                out.join(rel)
            };
            assert!(file.is_file(), "{url}");
            n += 1;
        }
    }
    assert!(n > 10);
}

/// Budgets: every HTML page under 150 KB (the timeline, with the text of
/// every event, is the heaviest: about 110 KB, 19 KB gzipped); a page with everything it loads
/// (stylesheets, scripts, images, the icon; downloads excluded) under 200 KB.
/// No request leaves the site.
#[test]
fn page_weights_are_within_budget_and_nothing_is_third_party() {
    let (_t, out) = built_bundled();
    let files = tree(&out);
    let mut heaviest: BTreeMap<usize, String> = BTreeMap::new();
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        assert!(bytes.len() < 150 * 1024, "{rel}: {} bytes", bytes.len());
        let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap());
        let mut total = bytes.len();
        for (css, attr) in [
            ("link[rel=stylesheet]", "href"),
            ("link[rel=icon]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
        ] {
            for e in select(&doc, css) {
                let url = e.value().attr(attr).unwrap();
                let rel_url = url
                    .strip_prefix("/karabakh/")
                    .unwrap_or_else(|| panic!("{rel}: {url} is not a file of this site"));
                total += files[rel_url].len();
            }
        }
        // The search page fetches its index once a reader types.
        if rel == "search/index.html" {
            total += files
                .iter()
                .filter(|(name, _)| name.starts_with("search/") && name.ends_with(".json"))
                .map(|(_, bytes)| bytes.len())
                .sum::<usize>();
        }
        assert!(total < 200 * 1024, "{rel}: {total} bytes in all");
        heaviest.insert(total, rel.clone());
    }
    let (bytes, page) = heaviest.iter().next_back().unwrap();
    eprintln!("heaviest page: {page}, {bytes} bytes with what it loads");
}
