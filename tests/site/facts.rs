//! Fact sheets: the table (topics side by side, citation numbers), the chart,
//! the CSV and JSON exports, `fact()` in templates and the Dataset JSON-LD.

use crate::harness::{basic_site, build, built_basic, fixtures, html, select, stderr, text};

#[test]
fn fact_sheet_table_topics_chart_and_exports() {
    let (_t, out) = built_basic(&[]);
    let doc = html(&out, "facts/casualties/index.html");
    let rows: Vec<Vec<String>> = select(&doc, "tbody tr")
        .iter()
        .map(|r| r.child_elements().map(|c| text(&c)).collect())
        .collect();
    // The two claims of one topic sit side by side, oldest first; the range reads as said.
    assert_eq!(rows[0][1], "more than 400 military deaths");
    assert_eq!(rows[0][3], "10 October 2020");
    assert_eq!(rows[1][1], "nearly 700 military deaths");
    assert_eq!(rows[2][1], "26–32 civilians");
    assert_eq!(
        rows[2][4], "[2] [1]",
        "numbered in order of first citation on the sheet"
    );
    let points: Vec<_> = select(&doc, "svg.chart circle")
        .iter()
        .map(|c| {
            (
                c.value().attr("data-date").unwrap().to_string(),
                c.value().attr("data-value").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            ("2020-10-10".to_string(), "400".to_string()),
            ("2020-10-18".into(), "700".into())
        ]
    );
    let mut rdr = csv::Reader::from_path(out.join("facts/casualties.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let col = |r: &csv::StringRecord, name: &str| {
        r[headers.iter().position(|h| h == name).unwrap()].to_string()
    };
    let yaml: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(fixtures().join("basic/content/facts/casualties.yaml")).unwrap(),
    )
    .unwrap();
    let figures = yaml["figures"].as_sequence().unwrap();
    assert_eq!(recs.len(), figures.len());
    for f in figures {
        let id = f["id"].as_str().unwrap();
        let r = recs
            .iter()
            .find(|r| col(r, "id") == id)
            .expect("row for every figure");
        assert_eq!(col(r, "claimed_by"), f["claimed_by"].as_str().unwrap());
        let srcs: Vec<&str> = f["sources"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(col(r, "sources"), srcs.join(";"));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("facts/casualties.json")).unwrap()).unwrap();
    assert_eq!(json["figures"][2]["value"], "26-32");
    assert_eq!(json["figures"][0]["value"], 700.0);
    assert_eq!(json["figures"][0]["as_of"], "2020-10-18");
}

#[test]
fn fact_function_works_in_templates_and_sheets_describe_their_dataset() {
    let (tmp, site) = basic_site();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><p id=\"box\">{{ fact(id=\"ganja-killed-range\") }}</p>{% endblock content %}",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "index.html");
    assert_eq!(
        text(&select(&doc, "#box .fact")[0]),
        "26–32 civilians (claimed by: Azerbaijan; as of October 2020; source: Al Jazeera, AP)"
    );
    let sheet = html(&out, "facts/casualties/index.html");
    let ld = select(&sheet, "script[type='application/ld+json']");
    let v: serde_json::Value = serde_json::from_str(&ld[0].inner_html()).unwrap();
    assert_eq!(v["@type"], "Dataset");
    assert_eq!(
        v["distribution"][0]["contentUrl"],
        "https://example.org/karabakh/facts/casualties.csv"
    );
}
