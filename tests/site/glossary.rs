//! The glossary (issue #18), read from the built HTML as a reader would:
//! `/glossary/` lists content/glossary.yaml's terms with their definitions
//! and sources; `{{ term(id="…") }}` in a page links to the term's entry;
//! an unknown term id is an error at its line and column, with the closest
//! id; a site without content/glossary.yaml has no glossary page.

use crate::harness::{
    basic_site, build, built_basic, built_bundled, explainer, html, select, stderr, text,
};

#[test]
fn the_glossary_page_lists_each_term_with_its_definition_and_sources() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "glossary/index.html");
    assert_eq!(text(&select(&doc, "h1")[0]), "Glossary");
    let terms: Vec<String> = select(&doc, "dl.glossary .term dt dfn")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        terms,
        ["Line of contact", "Humanitarian truce"],
        "in the file's order"
    );
    let entry = select(&doc, ".term#line-of-contact")[0];
    let dt = text(
        &entry
            .select(&scraper::Selector::parse("dt").unwrap())
            .next()
            .unwrap(),
    );
    assert!(dt.contains("(also contact line)"), "{dt}");
    let definition = select(&doc, "#line-of-contact dd .definition")[0];
    assert_eq!(
        text(&definition),
        "The front line between the two sides after the 1994 ceasefire. See the timeline."
    );
    let timeline = select(&doc, "#line-of-contact dd .definition a")[0];
    assert_eq!(timeline.value().attr("href"), Some("/karabakh/timeline/"));
    let sources = select(&doc, "#humanitarian-truce .term-sources a");
    let cited: Vec<(&str, String)> = sources
        .iter()
        .map(|a| (a.value().attr("href").unwrap(), text(a)))
        .collect();
    assert_eq!(
        cited,
        [
            (
                "/karabakh/sources/#ap-2020-10-10",
                "AP, Armenia, Azerbaijan agree to cease-fire".to_string()
            ),
            (
                "/karabakh/sources/#aljazeera-2020-10-18",
                "Al Jazeera, Armenia accuses Azerbaijan of violating truce in Nagorno-Karabakh"
                    .to_string()
            ),
        ]
    );
    assert!(text(&select(&doc, "#humanitarian-truce .term-sources")[0]).starts_with("Sources: "));
    // A term() inside a definition links to the other entry, with its own words.
    let inner = select(&doc, "#humanitarian-truce .definition a.term")[0];
    assert_eq!(
        inner.value().attr("href"),
        Some("/karabakh/glossary/#line-of-contact")
    );
    assert_eq!(text(&inner), "line");
    // Terms count as citing their sources.
    let sources_page = html(&out, "sources/index.html");
    let citers: Vec<String> = select(&sources_page, "li#ap-2020-10-10 details li a")
        .iter()
        .map(text)
        .collect();
    assert!(
        citers.contains(&"Glossary: Humanitarian truce".to_string()),
        "{citers:?}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/karabakh/glossary/</loc>"), "{sitemap}");
}

#[test]
fn a_term_in_a_page_links_to_its_entry() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "background/first-war/index.html");
    let link = select(&doc, "a.term");
    assert_eq!(link.len(), 1);
    assert_eq!(
        link[0].value().attr("href"),
        Some("/karabakh/glossary/#line-of-contact")
    );
    assert_eq!(text(&link[0]), "Line of contact");
    let glossary = html(&out, "glossary/index.html");
    assert_eq!(
        select(&glossary, "#line-of-contact").len(),
        1,
        "the anchor exists"
    );
}

#[test]
fn an_unknown_term_id_is_an_error_at_its_place_with_the_closest_id() {
    let (_t, site) = basic_site();
    let page = site.join("content/background/first-war.md");
    let t = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, t.replace("line-of-contact", "line-of-contcat")).unwrap();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "content/background/first-war.md:13:32: error: unknown term id `line-of-contcat`"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "= hint: did you mean `line-of-contact`? Terms are defined in content/glossary.yaml"
        ),
        "{err}"
    );
}

#[test]
fn a_site_without_a_glossary_file_has_no_glossary_page() {
    let (tmp, site) = basic_site();
    std::fs::remove_file(site.join("content/glossary.yaml")).unwrap();
    let page = site.join("content/background/first-war.md");
    let t = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        t.replace("{{ term(id=\"line-of-contact\") }}", "line"),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("glossary").exists());
}

#[test]
fn the_bundled_glossary_has_every_term_with_its_sources() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "glossary/index.html");
    let entries = select(&doc, "dl.glossary .term");
    assert_eq!(entries.len(), 29);
    for e in &entries {
        let id = e.value().attr("id").unwrap();
        let sources = select(&doc, &format!("#{id} .term-sources a"));
        assert!(!sources.is_empty(), "{id} has no source");
    }
    let ring = select(&doc, "#operation-ring .definition")[0];
    assert!(text(&ring).contains("PanARMENIAN.Net"), "{}", text(&ring));
    // The old page's links now lead here.
    let home = html(&out, "index.html");
    assert!(!select(&home, "a[href='/karabakh/glossary/']").is_empty());
}

/// The glossary is read as one page for the both-names check, as the page
/// it replaces was: a place named only by one side's name is a warning at
/// its first mention in glossary.yaml.
#[test]
fn the_glossary_gives_both_names_of_a_place() {
    let (_t, site) = basic_site();
    std::fs::write(
        site.join("content/places/shushi.md"),
        "---\ntitle: Shushi (Shusha)\nkind: town\nnames:\n  - { name: Shushi, lang: en, used_by: armenian }\n  - { name: Shusha, lang: en, used_by: azerbaijani }\n---\nA town.\n",
    )
    .unwrap();
    let glossary = site.join("content/glossary.yaml");
    let t = std::fs::read_to_string(&glossary).unwrap();
    let more = "  - id: shusha-battle\n    term: Battle of Shusha\n    definition: The town fell on 8 November 2020.\n";
    std::fs::write(&glossary, format!("{t}{more}")).unwrap();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("content/glossary.yaml:12:21: warning: `Shusha` is the Azerbaijani name for the place `shushi`, and this glossary never gives the Armenian name (Shushi)"),
        "{err}"
    );
    let both = format!(
        "{t}{}",
        more.replace("Battle of Shusha", "Battle of Shusha (Shushi)")
    );
    std::fs::write(&glossary, both).unwrap();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    assert!(!stderr(&o).contains("warning: `Shusha`"), "{}", stderr(&o));
}

/// Search finds a glossary term by its name and its other names.
#[test]
fn search_finds_glossary_terms() {
    let (_t, out) = built_basic(&[]);
    let index = crate::harness::search_index(&out);
    let term = index
        .entries
        .iter()
        .find(|e| e.k == "Term" && e.t == "Line of contact")
        .expect("a Term entry");
    assert_eq!(term.u, "/karabakh/glossary/#line-of-contact");
    assert_eq!(term.w, "contact line");
    assert!(term.s.starts_with("The front line between"), "{term:?}");
}
