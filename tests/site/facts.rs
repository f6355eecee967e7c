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
    // In the sheet's order, as on its page and in its CSV.
    let figures = json["figures"].as_array().unwrap();
    assert!(figures.iter().any(|f| f["value"] == "26-32"), "{json}");
    let nearly_700 = figures.iter().find(|f| f["value"] == 700.0).unwrap();
    assert_eq!(nearly_700["as_of"], "2020-10-18");
}

#[test]
fn fact_function_works_in_templates_and_sheets_describe_their_dataset() {
    let (tmp, site) = basic_site();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><p id=\"box\">{{ fact(id=\"ganja-killed-range\", style=\"full\") }}</p><p id=\"value\">{{ fact(id=\"ganja-killed-range\", style=\"value\") }}</p>{% endblock content %}",
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
    assert_eq!(text(&select(&doc, "#value .fact")[0]), "26–32 civilians");
    let sheet = html(&out, "facts/casualties/index.html");
    let ld = select(&sheet, "script[type='application/ld+json']");
    let v: serde_json::Value = serde_json::from_str(&ld[0].inner_html()).unwrap();
    assert_eq!(v["@type"], "Dataset");
    assert_eq!(
        v["distribution"][0]["contentUrl"],
        "https://example.org/karabakh/facts/casualties.csv"
    );
}

/// A sheet's CSV holds its ceasefires (every field, `kind` = ceasefire) as
/// well as its figures, and every source column gives the source's own URL
/// and the absolute URL of its entry on /sources/; the JSON likewise.
#[test]
fn ceasefires_are_exported_with_every_field_and_full_source_urls() {
    let (_t, out) = built_basic(&["--base-url", "https://example.org/karabakh/"]);
    let csv = std::fs::read_to_string(out.join("facts/ceasefires.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 1, "{csv}");
    let field = |name: &str| {
        let i = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {csv}"));
        records[0][i].to_string()
    };
    assert_eq!(field("kind"), "ceasefire");
    assert_eq!(field("id"), "moscow-truce-2020-10-10");
    assert_eq!(field("label"), "Moscow humanitarian truce");
    assert_eq!(field("agreed"), "2020-10-10");
    assert_eq!(field("in_force"), "2020-10-10T08:00Z");
    assert_eq!(field("ended"), "2020-10-11");
    assert_eq!(field("brokered_by"), "russia");
    assert_eq!(field("parties"), "armenia;azerbaijan");
    assert_eq!(field("sources"), "ap-2020-10-10");
    assert_eq!(field("source_urls"), "https://apnews.com/example");
    assert_eq!(
        field("source_entries"),
        "https://example.org/karabakh/sources/#ap-2020-10-10"
    );
    assert_eq!(
        field("summary"),
        "Agreed in Moscow; broke down within hours."
    );

    // Figures: a source without a URL leaves its slot empty.
    let csv = std::fs::read_to_string(out.join("facts/casualties.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for r in rows.records().map(|r| r.unwrap()) {
        assert_eq!(&r[col("kind")], "figure");
        let ids: Vec<&str> = r[col("sources")].split(';').collect();
        let entries: Vec<&str> = r[col("source_entries")].split(';').collect();
        let urls: Vec<&str> = r[col("source_urls")].split(';').collect();
        assert_eq!(
            (ids.len(), urls.len()),
            (entries.len(), entries.len()),
            "{csv}"
        );
        for (id, entry) in ids.iter().zip(&entries) {
            assert_eq!(
                *entry,
                format!("https://example.org/karabakh/sources/#{id}")
            );
        }
    }

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("facts/ceasefires.json")).unwrap())
            .unwrap();
    let c = &json["ceasefires"][0];
    assert_eq!(c["id"], "moscow-truce-2020-10-10");
    assert_eq!(
        c["source_details"][0]["source_url"],
        "https://apnews.com/example"
    );
    assert_eq!(
        c["source_details"][0]["entry_permalink"],
        "https://example.org/karabakh/sources/#ap-2020-10-10"
    );
}
