//! The timeline: events sorted with ceasefires merged in, category pages,
//! and the two exports (our JSON and TimelineJS's).

use crate::harness::{built_basic, html, select, text};

#[test]
fn timeline_sorts_merges_ceasefires_and_exports() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "timeline/index.html");
    let ids: Vec<_> = select(&doc, "li.event")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "2020-09-27-war",
            "moscow-truce-2020-10-10",
            "2020-10-17-ganja-strike"
        ]
    );
    let dates: Vec<_> = select(&doc, "li.event time")
        .iter()
        .map(|t| (t.value().attr("datetime").unwrap().to_string(), text(t)))
        .collect();
    assert_eq!(
        dates[0],
        (
            "2020-09-27".to_string(),
            "27 September – 10 November 2020".to_string()
        )
    );
    assert_eq!(
        dates[1],
        ("2020-10-10".to_string(), "10–11 October 2020".to_string())
    );
    let cat = html(&out, "timeline/ceasefire/index.html");
    let ids: Vec<_> = select(&cat, "li.event")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(ids, ["moscow-truce-2020-10-10"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).unwrap()).unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 3);
    let tl: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.timelinejs.json")).unwrap())
            .unwrap();
    assert_eq!(
        tl["events"][2]["start_date"],
        serde_json::json!({"year": "2020", "month": "10", "day": "17"})
    );
    assert_eq!(
        tl["events"][2]["text"]["headline"],
        "Missile strike on Ganja"
    );
}

/// An event's summary, written by an editor, is on /timeline/ and on its
/// category's page (before the core restructure only ceasefires' and
/// figures' summaries were).
#[test]
fn event_summaries_are_on_the_timeline_and_category_pages() {
    let (_t, out) = built_basic(&[]);
    for page in ["timeline/index.html", "timeline/attack/index.html"] {
        let doc = html(&out, page);
        let summaries: Vec<String> = select(&doc, ".event-summary").iter().map(text).collect();
        assert!(
            summaries
                .iter()
                .any(|s| s == "Azerbaijan said a missile strike killed civilians in Ganja; Armenia denied responsibility."),
            "{page}: {summaries:?}"
        );
    }
}
