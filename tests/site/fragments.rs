//! `cached()`: fragments rendered once per key, with the reader's page
//! marked outside the cache; the built-in theme's cached menu, footer and
//! timeline filters; an error inside a cached fragment.

use crate::harness::{basic_site, build, built_basic, html, select, stderr, tree, write};

/// The page file's URL path under the basic fixture's base path.
fn url_of(rel: &str) -> String {
    format!("/karabakh/{}", rel.trim_end_matches("index.html"))
}

#[test]
fn the_main_menu_marks_only_the_readers_page_on_every_page() {
    let (_t, out) = built_basic(&[]);
    let mut marked = 0;
    for rel in tree(&out).keys().filter(|r| r.ends_with("index.html")) {
        let doc = html(&out, rel);
        let links = select(&doc, "nav[aria-label=Main] a");
        assert!(!links.is_empty(), "{rel}: no main menu");
        for a in links {
            let href = a.value().attr("href").unwrap();
            let current = a.value().attr("aria-current");
            assert_eq!(current.is_some(), href == url_of(rel), "{rel}: {href}");
            marked += usize::from(current.is_some());
        }
        assert_eq!(select(&doc, "footer.site-footer").len(), 1, "{rel}");
    }
    assert!(marked >= 2, "the menu's own pages are marked ({marked})");
    // The timeline's filters: "All" on the timeline, a category on its page.
    let doc = html(&out, "timeline/index.html");
    let current = select(&doc, "nav.filters a[aria-current=page]");
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].text().collect::<String>(), "All");
    for rel in tree(&out)
        .keys()
        .filter(|r| r.starts_with("timeline/") && r.len() > 20)
    {
        let doc = html(&out, rel);
        let current = select(&doc, "nav.filters a[aria-current=page]");
        assert_eq!(current.len(), 1, "{rel}");
        assert_eq!(current[0].value().attr("href"), Some(url_of(rel).as_str()));
    }
}

const PAGE: &str = r#"{% extends "base.html" %}
{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}
<nav class="section-menu">{{ cached(template="partials/menu.html", key=section_url, menu=section_menu, current=page.url) }}</nav>
{% endblock content %}"#;

const MENU: &str =
    r#"<ul>{% for c in menu %}<li><a href="{{ c.url }}">{{ c.title }}</a></li>{% endfor %}</ul>"#;

/// Each section's menu on each of its pages: the section's pages, the
/// reader's own marked, never another section's menu.
#[test]
fn a_cached_section_menu_is_the_sections_own_on_each_page() {
    let (t, site) = basic_site();
    write(&site, "templates/page.html", PAGE);
    write(&site, "templates/place.html", PAGE);
    write(&site, "templates/partials/menu.html", MENU);
    let out = t.path().join("out");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (section, pages) in [
        ("background", ["first-war", "truces"].as_slice()),
        ("places", ["ganja"].as_slice()),
    ] {
        for page in pages {
            let rel = format!("{section}/{page}/index.html");
            let doc = html(&out, &rel);
            let hrefs: Vec<&str> = select(&doc, ".section-menu a")
                .iter()
                .map(|a| a.value().attr("href").unwrap())
                .collect();
            assert!(!hrefs.is_empty(), "{rel}");
            assert!(
                hrefs
                    .iter()
                    .all(|h| h.starts_with(&format!("/karabakh/{section}/"))),
                "{rel}: {hrefs:?}"
            );
            let current: Vec<&str> = select(&doc, ".section-menu a[aria-current=page]")
                .iter()
                .map(|a| a.value().attr("href").unwrap())
                .collect();
            assert_eq!(current, [url_of(&rel)], "{rel}");
        }
    }
}

/// A mistake inside a cached fragment names the fragment and the template
/// that asked for it, and nothing is written.
#[test]
fn an_error_in_a_cached_fragment_names_it() {
    let (t, site) = basic_site();
    write(&site, "templates/page.html", PAGE);
    write(
        &site,
        "templates/partials/menu.html",
        "{% for c in menu %}{{ c.nope.deeper }}{% endfor %}",
    );
    let out = t.path().join("out");
    let o = build(&site, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("templates/page.html:3:"), "{err}");
    assert!(
        err.contains(r#"cached(template="partials/menu.html")"#),
        "{err}"
    );
    assert!(!out.exists());
}
