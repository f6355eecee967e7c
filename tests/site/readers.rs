//! What readers of a news explainer expect (issue #18), read from the built
//! HTML as a reader would: fact sheets grouped under their topics' own
//! titles with stable anchors, labels shown once, charts whose labels are as
//! large as body text on a phone, one breadcrumb trail, names that say who
//! uses them.

use crate::harness::{basic_site, build, built_basic, built_bundled, html, select, stderr, text};
use scraper::ElementRef;

/// The text a sighted reader sees: everything but `.visually-hidden`.
fn visible_text(e: &ElementRef) -> String {
    let mut out = String::new();
    for node in e.descendants() {
        if let Some(t) = node.value().as_text() {
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|el| el.classes().any(|c| c == "visually-hidden"))
            });
            if !hidden {
                out.push_str(t);
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn topics_head_their_groups_with_their_own_title_and_anchor() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "facts/casualties/index.html");
    let group = select(&doc, "section.figure-group#nk-military-deaths");
    assert_eq!(group.len(), 1, "the topic's id is its group's anchor");
    let heading = select(&doc, "section#nk-military-deaths h2")[0];
    assert!(
        text(&heading).starts_with("Nagorno-Karabakh military deaths in 2020"),
        "{}",
        text(&heading)
    );
    let link = select(&doc, "section#nk-military-deaths h2 a.permalink")[0];
    assert_eq!(link.value().attr("href"), Some("#nk-military-deaths"));
    // No anchor numbered by position is left.
    assert!(select(&doc, "[id^='g-']").is_empty());
}

#[test]
fn a_label_repeated_in_a_topic_is_shown_once() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "facts/casualties/index.html");
    let rows = select(&doc, "section#nk-military-deaths-2020 tbody th");
    assert!(rows.len() >= 3, "{}", rows.len());
    let label = "Karabakh servicemen killed since 27 September";
    let shown: Vec<String> = rows.iter().map(visible_text).collect();
    assert!(shown[0].starts_with(label), "{shown:?}");
    for s in &shown[1..] {
        assert!(!s.contains(label), "shown again: {shown:?}");
    }
    // Screen readers still hear every row's heading.
    for r in &rows {
        assert!(text(r).contains(label));
    }
    // A figure alone: its heading says it, its row does not repeat it.
    let lone = select(&doc, "section#deaths-1988-1994-group")[0];
    let th = select(&doc, "section#deaths-1988-1994-group tbody th")[0];
    assert!(text(&lone).starts_with("People killed in the 1988–1994 war"));
    assert!(!visible_text(&th).contains("People killed in the 1988–1994 war"));
}

#[test]
fn a_figure_naming_an_undeclared_topic_is_an_error_with_a_hint() {
    let (tmp, site) = basic_site();
    let path = site.join("content/facts/casualties.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, yaml.replace("topics:\n  - { id: nk-military-deaths, title: Nagorno-Karabakh military deaths in 2020 }\n", "")).unwrap();
    let o = build(&site, &tmp.path().join("public"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "content/facts/casualties.yaml:12:12: error: unknown topic `nk-military-deaths`"
        ),
        "{err}"
    );
    assert!(
        err.contains("add `topics: [{ id: nk-military-deaths, title: ... }]`"),
        "{err}"
    );
}

#[test]
fn tables_stack_on_a_phone_and_every_cell_names_its_column() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "facts/casualties/index.html");
    let tables = select(&doc, "table");
    assert!(!tables.is_empty());
    for t in &tables {
        assert!(t.value().classes().any(|c| c == "stack"));
    }
    // Each data cell carries its column's name, shown before it when stacked.
    for cell in select(&doc, "table.stack td") {
        assert!(cell.value().attr("data-label").is_some(), "{}", cell.html());
    }
    let css = std::fs::read_dir(out.join("assets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".css"))
        .unwrap();
    let css = std::fs::read_to_string(css).unwrap();
    assert!(css.contains("table.stack td[data-label]::before"));
}

#[test]
fn chart_labels_are_as_large_as_body_text_on_a_phone() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "facts/casualties/index.html");
    let charts = select(&doc, "svg.chart");
    assert!(!charts.is_empty());
    for c in charts {
        let view: Vec<f64> = c
            .value()
            .attr("viewBox")
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        let font: f64 = c.value().attr("font-size").unwrap().parse().unwrap();
        // At 390 px the chart is 358 px wide (the page's 16 px margins).
        let on_phone = font * 358.0 / view[2];
        assert!(on_phone >= 16.0, "labels {on_phone:.1} px on a phone");
    }
}

#[test]
fn breadcrumbs_start_with_home_everywhere() {
    let (_t, out) = built_bundled();
    for page in [
        "places/shushi/index.html",
        "actors/armenia/index.html",
        "background/first-war/index.html",
        "facts/casualties/index.html",
    ] {
        let doc = html(&out, page);
        let first = select(&doc, ".breadcrumbs a")[0];
        assert_eq!(text(&first), "Home", "{page}");
    }
}

#[test]
fn place_names_say_who_uses_them_and_keep_their_language() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "places/shushi/index.html");
    let names: Vec<String> = select(&doc, ".names li").iter().map(text).collect();
    assert!(
        names.contains(&"Shushi (Armenian usage)".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"Shusha (Azerbaijani usage)".to_string()),
        "{names:?}"
    );
    assert!(names.iter().all(|n| !n.contains("en;")), "{names:?}");
    let armenian = select(&doc, ".names li span[lang='hy']");
    assert_eq!(armenian.len(), 1);
}

// --- Maps ------------------------------------------------------------------

/// Where the maps' equirectangular projection puts a point: the region is
/// 42.8–50.6° E, 37.9–43.6° N, drawn 600 units wide, longitudes scaled by
/// the cosine of the middle latitude.
fn project(lat: f64, lon: f64) -> (f64, f64) {
    let k = ((37.9f64 + 43.6) / 2.0).to_radians().cos();
    let s = 600.0 / ((50.6 - 42.8) * k);
    ((lon - 42.8) * k * s, (43.6 - lat) * s)
}

fn attr(e: &ElementRef, name: &str) -> f64 {
    e.value().attr(name).unwrap().parse().unwrap()
}

#[test]
fn a_place_with_coordinates_has_a_locator_map_with_a_text_alternative() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "places/baku/index.html");
    let place = select(&doc, "figure.map.locator svg circle.place")[0];
    // Baku, GeoNames 587084, as its page gives it.
    let (x, y) = project(40.37767, 49.89201);
    assert!((attr(&place, "cx") - x).abs() <= 1.0, "{x}");
    assert!((attr(&place, "cy") - y).abs() <= 1.0, "{y}");
    let title = text(&select(&doc, "figure.map svg title")[0]);
    assert_eq!(title, "Locator map: Baku in the South Caucasus");
    let desc = text(&select(&doc, "figure.map svg desc")[0]);
    assert!(
        desc.contains("Stepanakert (Khankendi), Yerevan for orientation"),
        "{desc}"
    );
    let caption = text(&select(&doc, "figure.map figcaption")[0]);
    assert!(caption.contains("Natural Earth"), "{caption}");
    assert!(caption.contains("GeoNames (CC BY 4.0)"), "{caption}");
    // Both sides' names on the map itself, for the place and for the city.
    let doc = html(&out, "places/shushi/index.html");
    let labels: Vec<String> = select(&doc, "figure.map svg text")
        .iter()
        .map(text)
        .collect();
    assert!(
        labels.contains(&"Shusha (Shushi)".to_string()),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"Stepanakert (Khankendi)".to_string()),
        "{labels:?}"
    );
    let coords = text(&select(&doc, ".infobox .coords a")[0]);
    assert_eq!(coords, "GeoNames");
}

#[test]
fn a_place_without_coordinates_gets_no_marker() {
    let (_t, out) = built_bundled();
    // Fuzuli's page gives no coordinates: GeoNames as shipped has none we use.
    let doc = html(&out, "places/fuzuli/index.html");
    assert!(select(&doc, "figure.map").is_empty());
    for page in ["index.html", "places/index.html"] {
        let doc = html(&out, page);
        let links: Vec<String> = select(&doc, "figure.map.overview svg a")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        assert_eq!(links.len(), 11, "{page}: {links:?}");
        assert!(links.iter().all(|l| !l.contains("fuzuli")), "{links:?}");
        assert!(links.contains(&"/karabakh/places/shushi/".to_string()));
        // The numbered key lists the same places, as links.
        let key = select(&doc, "figure.map.overview .map-key a");
        assert_eq!(key.len(), 11);
    }
}

#[test]
fn every_map_is_under_30_kb() {
    let (_t, out) = built_bundled();
    for page in ["places/shushi/index.html", "index.html"] {
        let doc = html(&out, page);
        for svg in select(&doc, "figure.map svg") {
            let size = svg.html().len();
            assert!(size < 30 * 1024, "{page}: {size} bytes");
        }
    }
}

#[test]
fn map_data_matches_its_recorded_checksum() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/map");
    let data = std::fs::read(dir.join("caucasus.json")).unwrap();
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let hash = blake3::hash(&data).to_hex().to_string();
    assert!(
        readme.contains(&format!("| blake3 | `{hash}` |")),
        "src/map/caucasus.json is {hash}: record it (and the version) in src/map/README.md"
    );
    assert!(readme.contains("world-atlas` 2.0.2") && readme.contains("version 4.1.0"));
}

#[test]
fn coordinates_must_name_their_source() {
    let (tmp, site) = basic_site();
    let path = site.join("content/places/ganja.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let page = page.replacen("title:", "coords: { lat: 40.68, lon: 46.36 }\ntitle:", 1);
    std::fs::write(&path, page).unwrap();
    let o = build(&site, &tmp.path().join("public"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/places/ganja.md:2:"), "{err}");
    assert!(err.contains("source"), "{err}");
}

// --- Timeline filter ---------------------------------------------------------

#[test]
fn a_category_page_lists_only_what_it_shows_without_javascript() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "timeline/attack/index.html");
    let events = select(&doc, ".event");
    assert!(!events.is_empty());
    for e in &events {
        assert_eq!(e.value().attr("data-category"), Some("attack"));
    }
    for era in select(&doc, "section.era") {
        assert!(!select_in(&era, ".event").is_empty(), "empty era shown");
    }
    for year in select(&doc, "h3.year") {
        let list = year.next_siblings().find_map(ElementRef::wrap).unwrap();
        assert!(!select_in(&list, ".event").is_empty(), "{}", text(&year));
    }
    // Every jump link leads to something on the page.
    for a in select(&doc, ".jump a") {
        let target = &a.value().attr("href").unwrap()[1..];
        assert_eq!(
            select(&doc, &format!("[id='{target}']")).len(),
            1,
            "{target}"
        );
    }
    // The intro counts what is shown.
    let count = text(&select(&doc, ".lede .event-count")[0]);
    assert_eq!(count, events.len().to_string());
    // A skip link leads past the filters, to just before the first event.
    let skip = select(&doc, "a.skip-filters")[0];
    assert_eq!(skip.value().attr("href"), Some("#events-start"));
    assert_eq!(select(&doc, "#events-start").len(), 1);
}

#[test]
fn an_event_title_is_its_permalink() {
    let (_t, out) = built_bundled();
    for page in ["timeline/index.html", "timeline/attack/index.html"] {
        let doc = html(&out, page);
        for e in select(&doc, ".event") {
            let id = e.value().attr("id").unwrap();
            let a = select_in(&e, ".event-title a")[0];
            assert_eq!(
                a.value().attr("href").unwrap(),
                format!("/karabakh/timeline/#{id}"),
                "{page}"
            );
        }
    }
}

fn select_in<'a>(e: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    e.select(&scraper::Selector::parse(css).unwrap()).collect()
}

// --- Search ----------------------------------------------------------------

use crate::harness::{search_index, SearchEntry};

#[test]
fn search_indexes_the_text_of_each_section_with_its_anchor() {
    let (_t, out) = built_bundled();
    let index = search_index(&out);
    let passages: Vec<&SearchEntry> = index.entries.iter().filter(|e| e.k == "Passage").collect();
    // "shusha" finds the background articles that discuss the town.
    let shusha: Vec<&&SearchEntry> = passages
        .iter()
        .filter(|e| e.w.split(' ').any(|w| w == "shusha"))
        .collect();
    assert!(
        shusha
            .iter()
            .any(|e| e.u.starts_with("/karabakh/background/first-war/#")),
        "{:?}",
        shusha.iter().map(|e| &e.u).collect::<Vec<_>>()
    );
    // Each passage points at a heading that exists, and shows a short excerpt.
    for e in &passages {
        assert!(e.s.chars().count() <= 161, "{}", e.s);
        if let Some((page, anchor)) = e.u.split_once('#') {
            let file = crate::harness::file_for(&out, &format!("https://example.org{page}"));
            let doc = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            assert_eq!(
                select(&doc, &format!("[id='{anchor}']")).len(),
                1,
                "{}",
                e.u
            );
            assert!(e.t.contains(": "), "{}", e.t);
        }
    }
    // All its files under 300 KB gzipped, and measured.
    let (mut bytes, mut size) = (0, 0);
    for file in std::iter::once("index.json".to_string()).chain(index.files) {
        let path = out.join("search").join(file);
        bytes += std::fs::metadata(&path).unwrap().len();
        let gz = std::process::Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .expect("gzip");
        size += gz.stdout.len();
    }
    eprintln!("search index: {bytes} bytes, {size} gzipped");
    assert!(size < 300 * 1024, "{size}");
}

// --- Citations that read like news ---------------------------------------------

#[test]
fn figures_in_prose_read_like_wire_copy_with_numbered_notes() {
    let (_t, out) = built_bundled();
    // Where the sentence does not say who claims a figure, the figure says
    // it, as wire copy does, at the end of its clause.
    let home = html(&out, "index.html");
    let news: Vec<String> = select(&home, ".prose .fact")
        .iter()
        .map(visible_text)
        .filter(|t| t.contains(", according to"))
        .collect();
    assert!(
        news.iter()
            .any(|t| t == "about 30,000 people, according to Reuters (1994)2"),
        "{news:?}"
    );
    // Where the sentence already says it ("An AP chronology … counted"),
    // the figure carries only its note marker (style="noted").
    let doc = html(&out, "background/first-war/index.html");
    let first = select(&doc, ".prose .fact")[0];
    assert_eq!(
        visible_text(&first),
        "26 people1",
        "no parenthesis of provenance in running text"
    );
    let sentence = text(&select(&doc, ".prose p:has(.fact)")[0]);
    assert!(
        sentence
            .contains("An AP chronology of March 1992 counted 26 people1 among the Armenian dead"),
        "{sentence}"
    );
    // "According to …" never sits in the middle of a clause on any page.
    for page in [
        "index.html",
        "background/first-war/index.html",
        "background/war-2020/index.html",
        "background/blockade-and-2023/index.html",
        "places/nagorno-karabakh/index.html",
        "timeline/index.html",
    ] {
        let d = html(&out, page);
        for p in select(&d, "main p, main li") {
            let t = visible_text(&p);
            let mid = regex_like_mid_clause(&t);
            assert!(mid.is_none(), "{page}: {:?}", mid);
        }
    }
    let marker = select(&doc, ".prose .fact .note-ref a")[0];
    assert_eq!(marker.value().attr("href"), Some("#note-1"));
    // The note carries the full provenance: claimant, date, source with
    // outlet, title, date and link, and the figure's own note.
    let note = select(&doc, ".notes li#note-1")[0];
    let said = text(&note);
    for part in [
        "26 people",
        "Armenians killed in the Sumgait pogrom",
        "Claimed by AP, as of February 1988",
        "Source: AP, “Key Dates in Azerbaijan-Armenia Conflict”, 7 March 1992",
        "Figure given in an AP chronology published in March 1992.",
    ] {
        assert!(said.contains(part), "{part:?} not in {said:?}");
    }
    // One note per figure, numbered in order, each marker pointing at one.
    let notes = select(&doc, ".notes li");
    for (i, n) in notes.iter().enumerate() {
        assert_eq!(
            n.value().attr("id"),
            Some(format!("note-{}", i + 1).as_str())
        );
    }
    for m in select(&doc, ".prose .note-ref a") {
        let target = &m.value().attr("href").unwrap()[1..];
        assert_eq!(select(&doc, &format!("li[id='{target}']")).len(), 1);
    }
    // Fact sheets keep the full form in their tables and need no notes.
    let sheet = html(&out, "facts/casualties/index.html");
    assert!(select(&sheet, ".notes").is_empty());
}

#[test]
fn timeline_sources_name_their_outlet_and_date_notes_are_notes() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "timeline/index.html");
    let event = select(&doc, "li.event[id='1921-07-05-kavbiuro-decision']")[0];
    let date = text(&select_in(&event, ".event-date time")[0]);
    assert_eq!(date, "5 July 1921 (uncertain)", "no note after the date");
    let notes: Vec<String> = select_in(&event, ".event-notes li")
        .iter()
        .map(text)
        .collect();
    assert!(
        notes.contains(&"On the date: date from an Azerbaijani-side source; Wikipedia confirms the decision itself".to_string()),
        "{notes:?}"
    );
    // Each source by its outlet's name, not a bare [1].
    for a in select(&doc, ".event-notes li > a") {
        assert!(!text(&a).starts_with('['), "{}", text(&a));
    }
    // Place pages list the event with the plain date too.
    let place = html(&out, "places/shushi/index.html");
    let dates: Vec<String> = select(&place, ".event-links time")
        .iter()
        .map(text)
        .collect();
    assert!(dates.iter().all(|d| !d.contains("source")), "{dates:?}");
}

/// `fact()` in Markdown takes the styles templates take: "full" shows
/// the claimant, date and sources inline, "value" the value alone; an
/// unknown style is an error at the call with the styles to choose from.
#[test]
fn fact_styles_work_in_markdown() {
    let (tmp, site) = basic_site();
    let page = site.join("content/background/truces.md");
    let t = std::fs::read_to_string(&page).unwrap();
    let id = "nk-military-deaths-2020-10-18";
    let more = format!(
        "{t}\nIn a table: {{{{ fact(id=\"{id}\", style=\"full\") }}}}.\n\nAlone: {{{{ fact(id=\"{id}\", style=\"value\") }}}}.\n"
    );
    std::fs::write(&page, &more).unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "background/truces/index.html");
    let paragraphs: Vec<String> = select(&doc, ".prose p").iter().map(visible_text).collect();
    let full = paragraphs
        .iter()
        .find(|p| p.starts_with("In a table:"))
        .unwrap();
    assert!(full.contains("(claimed by: "), "{full}");
    assert!(full.contains("source: Al Jazeera)"), "{full}");
    let alone = paragraphs.iter().find(|p| p.starts_with("Alone:")).unwrap();
    assert_eq!(alone, "Alone: nearly 700 military deaths.");
    std::fs::write(&page, more.replace("style=\"value\"", "style=\"bare\"")).unwrap();
    let o = build(&site, &tmp.path().join("public2"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error: `fact` has no style `bare`"), "{err}");
    assert!(
        err.contains("= hint: use style=\"news\" (the default"),
        "{err}"
    );
}

/// An actor's `in_text` is how running text names it ("according to the
/// Nagorno-Karabakh authorities"); the fact sheet's table keeps its title.
#[test]
fn figures_name_their_claimant_as_running_text_does() {
    let (_t, out) = built_bundled();
    let doc = html(&out, "facts/casualties/index.html");
    let claimants: Vec<String> = select(&doc, "td[data-label='Claimed by']")
        .iter()
        .map(text)
        .collect();
    assert!(
        claimants.contains(&"Nagorno-Karabakh authorities".to_string()),
        "{claimants:?}"
    );
    let mut seen = 0;
    for entry in std::fs::read_dir(out.join("background")).unwrap() {
        let page = entry.unwrap().path().join("index.html");
        let Ok(html_text) = std::fs::read_to_string(&page) else {
            continue;
        };
        let doc = scraper::Html::parse_document(&html_text);
        for f in select(&doc, ".prose .fact") {
            let t = visible_text(&f);
            assert!(
                !t.contains("according to Nagorno-Karabakh authorities"),
                "{t}"
            );
            assert!(!t.contains("according to United Nations"), "{t}");
            if t.contains("according to the Nagorno-Karabakh authorities (") {
                seen += 1;
            }
        }
    }
    assert!(
        seen > 0,
        "no figure of the Nagorno-Karabakh authorities in running text"
    );
}

/// "…, according to X (date)N word": an attribution followed by more of
/// the same clause (a lowercase word), which reads as a broken sentence.
fn regex_like_mid_clause(t: &str) -> Option<String> {
    let mut rest = t;
    while let Some(i) = rest.find(", according to ") {
        let after = &rest[i..];
        let close = after.find(')')?;
        let tail = after[close + 1..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '*');
        if tail.starts_with(' ') && tail[1..].starts_with(|c: char| c.is_lowercase()) {
            return Some(after.chars().take(120).collect());
        }
        rest = &after[close + 1..];
    }
    None
}
