//! Pages as a reader gets them: one h1, landmarks and unique ids, Markdown
//! (headings, links, figures), sections with prev/next and breadcrumbs,
//! drafts, and content files in unusual shapes (BOM and CRLF, symbolic
//! links, 50 MB of Markdown). Values from YAML always come out as text, and
//! raw HTML only where `allow_html` lets it in.

use crate::harness::{
    basic_site, build, built_basic, copy_dir, fixtures, html, select, stderr, text, tree, write,
};
use std::os::unix::fs::symlink;

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
        "nearly 700 military deaths, according to the Nagorno-Karabakh authorities (18 October 2020)1"
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
            "/karabakh/timeline/#2020-10-17-ganja-strike",
            "/karabakh/glossary/#line-of-contact"
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

/// Every file of the basic fixture saved "on Windows": a BOM and CRLF line
/// endings. The site must build to exactly the same output.
#[test]
fn bom_and_crlf_everywhere_build_the_same_site() {
    let (tmp, site) = basic_site();
    let mut converted = 0;
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        let p = e.path();
        if e.file_type().is_file()
            && matches!(p.extension().and_then(|x| x.to_str()), Some("md" | "yaml"))
        {
            let t = std::fs::read_to_string(p).unwrap();
            std::fs::write(p, format!("\u{feff}{}", t.replace('\n', "\r\n"))).unwrap();
            converted += 1;
        }
    }
    assert!(converted >= 15, "{converted} files converted");
    let windows = tmp.path().join("windows");
    let o = build(&site, &windows, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let unix = tmp.path().join("unix");
    assert!(build(&fixtures().join("basic"), &unix, &[])
        .status
        .success());
    assert_eq!(tree(&windows), tree(&unix));
}

/// A symbolic link to a file inside the site is fine.
#[test]
fn symbolic_link_inside_the_site_builds() {
    let (tmp, site) = basic_site();
    symlink("truces.md", site.join("content/background/truces-again.md")).unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    // Two files, one text: the same title and headings under two URLs.
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "background/truces-again/index.html");
    assert_eq!(text(&select(&doc, "h1")[0]), "The October truces");
}

/// 50 MB of Markdown builds (the limit is 64 MiB), and all of it arrives.
#[test]
fn a_50_megabyte_page_builds() {
    let (tmp, site) = basic_site();
    let para = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. ".repeat(10) + "\n\n";
    let count = 50_000_000 / para.len() + 1;
    let mut body = String::with_capacity(50_100_000);
    body.push_str("---\ntitle: Big\n---\n## Start\n\n");
    for _ in 0..count {
        body.push_str(&para);
    }
    body.push_str("The last paragraph.\n");
    assert!(body.len() > 50_000_000);
    write(&site, "content/background/big.md", &body);
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("background/big/index.html")).unwrap();
    assert_eq!(page.matches("<em>consectetur</em>").count(), count * 10);
    assert!(page.contains("<p>The last paragraph.</p>"));
}

const PAYLOAD: &str =
    r#"A <b>&amp; "q" 'a' </b></script><script>alert(1)</script><x-injected onmouseover="evil()">"#;

/// tests/fixtures/hostile puts markup, quotes and ampersands into every kind
/// of value editors write in YAML: site title and description, menu
/// entries, category labels, page titles and summaries, place names and
/// their notes, actor names and roles, sheet titles, figure labels and
/// units, ceasefire names, source outlets and titles, event titles, era
/// titles. Everywhere, they must come out as text.
#[test]
fn yaml_values_are_text_in_every_page() {
    let (tmp, site) = basic_site();
    copy_dir(&fixtures().join("hostile"), &site);
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages = 0;
    for (rel, bytes) in tree(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        assert!(
            select(&doc, "x-injected").is_empty(),
            "{rel}: element injected"
        );
        assert!(
            select(&doc, "[onmouseover]").is_empty(),
            "{rel}: attribute injected"
        );
        for s in select(&doc, "script") {
            let body = s.inner_html();
            if s.value().attr("type") == Some("application/ld+json") {
                let v: serde_json::Result<serde_json::Value> = serde_json::from_str(&body);
                assert!(v.is_ok(), "{rel}: JSON-LD broken: {body}");
            } else {
                assert!(!body.contains("alert(1)"), "{rel}: script injected: {body}");
            }
        }
        let title = select(&doc, "title");
        assert!(
            text(&title[0]).contains(PAYLOAD),
            "{rel}: the site title is in <title> as text"
        );
        pages += 1;
    }
    assert!(pages >= 20, "only {pages} pages checked");

    let has_text = |page: &str, css: &str| {
        let doc = html(&out, page);
        let found = select(&doc, css).iter().any(|e| text(e).contains(PAYLOAD));
        assert!(found, "{page}: no `{css}` holds the value as text");
    };
    has_text("background/truces/index.html", "h1");
    has_text("background/index.html", ".cards");
    has_text("places/ganja/index.html", ".names");
    has_text("actors/azerbaijan/index.html", "h1");
    has_text("facts/casualties/index.html", "h1");
    has_text("facts/casualties/index.html", "tbody");
    has_text("facts/ceasefires/index.html", "main");
    has_text("sources/index.html", "li#aljazeera-2020-10-18");
    has_text("timeline/index.html", "li.event");
    has_text("timeline/attack/index.html", "h1");
    has_text("index.html", "header nav");
    let doc = html(&out, "background/truces/index.html");
    assert_eq!(text(&select(&doc, "h1")[0]), PAYLOAD);
    let description = select(&doc, "meta[name=description]");
    assert_eq!(description[0].value().attr("content"), Some(PAYLOAD));
    let sources = html(&out, "sources/index.html");
    assert_eq!(
        select(&sources, "a[href^='https://apnews.com/']")[0]
            .value()
            .attr("href"),
        Some("https://apnews.com/example?a=1&b=\"2\"")
    );
    let sheet = html(&out, "facts/casualties/index.html");
    let note = select(&sheet, "tbody").iter().map(text).collect::<String>();
    assert!(
        note.contains(r#"Tolls differ & “vary” between sources"#),
        "{note}"
    );
}

/// With `allow_html: true` a page's raw HTML is kept; script links are still
/// refused, with their position.
#[test]
fn allow_html_opens_pages_to_html_but_never_to_script_links() {
    let (tmp, site) = basic_site();
    let y = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    write(&site, "site.yaml", format!("allow_html: true\n{y}"));
    write(
        &site,
        "content/background/html.md",
        "---\ntitle: HTML\n---\nSome <b class=\"x\">bold</b> text.\n\n<aside>An aside.</aside>\n",
    );
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "background/html/index.html");
    assert_eq!(text(&select(&doc, ".prose b.x")[0]), "bold");
    assert_eq!(text(&select(&doc, ".prose aside")[0]), "An aside.");

    write(
        &site,
        "content/background/html.md",
        "---\ntitle: HTML\n---\n<b>ok</b> [x](JavaScript:alert(1)) [y](data:text/html,hi)\n",
    );
    let o = build(&site, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        lines,
        [
            "content/background/html.md:4:11: error: script links are not allowed: `JavaScript:alert(1)`",
            "content/background/html.md:4:36: error: script links are not allowed: `data:text/html,hi`",
        ]
    );
}
