//! Places, actors and sources: the pages about things, their names from both
//! sides (and the warning for a one-sided name), and what links to them
//! (cited by, on the timeline). Backlinks between pages are in `pages`.

use crate::harness::{built_basic, built_naming, fixtures, html, select, stderr, text};
use scraper::Selector;

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
            "(Armenian usage)",
            "(Azerbaijani usage)",
            "(Azerbaijani usage)"
        ]
    );
}
