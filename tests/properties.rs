//! Property tests (issue #9): random inputs to the entry points that read
//! what editors write (front matter splitting, every YAML document kind,
//! the Markdown pipeline, partial dates, HTML escaping) never panic, and a
//! few invariants hold. Case counts are capped so the file runs in seconds;
//! the fuzz targets in fuzz/ go much further outside `cargo test`.

use explainer::diagnostic::Diagnostic;
use explainer::load::config::SiteConfig;
use explainer::load::files::{ErasFile, FactSheetFile, Source, TimelineFile};
use explainer::load::front_matter::{split, FrontMatter, SplitError};
use explainer::markdown::{headings, render, render_inline, Origin, Resolver};
use explainer::model::dates::PartialDate;
use proptest::prelude::*;
use std::path::Path;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 2048,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text built from the pieces that matter to a parser, so that random
/// inputs reach deep instead of failing on the first byte.
fn pieces(alphabet: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), 0..max).prop_map(|v| v.concat())
}

const FRONT_PIECES: &[&str] = &[
    "---", "--- ", "----", "\n", "\r\n", "\u{feff}", "title: A", "x", " ", "\t", "é", "#", ":", "…",
];

const YAML_PIECES: &[&str] = &[
    "\n",
    "  ",
    "- ",
    ": ",
    "title",
    "summary",
    "figures",
    "events",
    "eras",
    "id",
    "value",
    "date",
    "2020-10-18",
    "2020",
    "26–32",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "!!str",
    "#",
    "|",
    ">",
    "---",
    "...",
    "\t",
    "x",
    "é",
    "?",
    "%",
    "~",
    "null",
    "1e9",
    "-1",
    "sources",
    "ap",
    "label",
    "unit",
    "as_of",
    "claimed_by",
    "category",
    "start",
];

const MARKDOWN_PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "# ",
    "## ",
    "* ",
    "1. ",
    "> ",
    "```",
    "`",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "@/",
    "places/ganja.md",
    "#a",
    "{{ fact(id=\"",
    "pop",
    "\") }}",
    "{{",
    "}}",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "<script>",
    "javascript:",
    "https://x.org",
    "|",
    "---",
    "[^1]",
    "[^1]: n",
    "~~",
    "\\",
    "&",
    "&amp;",
    "x",
    " ",
    "é",
    "\t",
    "{#id}",
    "![",
    "<",
    ">",
    "\"",
];

fn diagnostics_point_into(ds: &[Diagnostic], file_text: &str) -> Result<(), TestCaseError> {
    let lines = file_text.split('\n').count();
    for d in ds {
        prop_assert!(d.line <= lines, "{d} is past the end ({lines} lines)");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn front_matter_split_never_panics_and_keeps_its_offsets(text in pieces(FRONT_PIECES, 40)) {
        match split(&text) {
            Ok(s) => {
                prop_assert_eq!(&text[s.body_offset..], s.body);
                prop_assert!(text.starts_with("---"));
                prop_assert_eq!(s.yaml_first_line, 2);
                prop_assert_eq!(&text[text.find('\n').unwrap() + 1..][..s.yaml.len()], s.yaml);
                if !s.body.is_empty() {
                    prop_assert_eq!(s.body_first_line, text[..s.body_offset].matches('\n').count() + 1);
                }
            }
            Err(SplitError::Missing) => prop_assert!(text.lines().next().is_none_or(|l| l.trim_end() != "---")),
            Err(SplitError::NotClosed) => prop_assert!(text.starts_with("---")),
        }
    }

    #[test]
    fn front_matter_and_body_come_back_as_written(
        yaml in "([a-z]{1,8}: [a-zA-Z0-9 ]{0,20}\n){0,6}",
        body in "[^\r]{0,200}",
    ) {
        let text = format!("---\n{yaml}---\n{body}");
        let s = split(&text).unwrap();
        prop_assert_eq!(s.yaml, yaml.as_str());
        prop_assert_eq!(s.body, body.as_str());
    }

    #[test]
    fn every_yaml_document_kind_parses_or_reports_inside_the_file(
        text in prop_oneof![pieces(YAML_PIECES, 60), any::<String>()],
        first_line in 1usize..4,
    ) {
        let file = Path::new("content/x.yaml");
        let errs = |r: Result<(), Vec<Diagnostic>>| r.err().unwrap_or_default();
        let full = format!("{}{text}", "\n".repeat(first_line - 1));
        for ds in [
            errs(explainer::load::yaml::parse::<FactSheetFile>(&text, file, first_line, &full).map(drop)),
            errs(explainer::load::yaml::parse::<TimelineFile>(&text, file, first_line, &full).map(drop)),
            errs(explainer::load::yaml::parse::<Vec<Source>>(&text, file, first_line, &full).map(drop)),
            errs(explainer::load::yaml::parse::<ErasFile>(&text, file, first_line, &full).map(drop)),
            errs(explainer::load::yaml::parse::<FrontMatter>(&text, file, first_line, &full).map(drop)),
            errs(explainer::load::yaml::parse::<SiteConfig>(&text, file, first_line, &full).map(drop)),
        ] {
            for d in &ds {
                prop_assert!(d.is_error());
                prop_assert!(d.line >= first_line, "{d} is before the document");
            }
            diagnostics_point_into(&ds, &full)?;
        }
    }

    #[test]
    fn markdown_never_panics_and_raw_html_stays_out(
        body in prop_oneof![pieces(MARKDOWN_PIECES, 60), any::<String>()],
        allow_html in any::<bool>(),
    ) {
        let file_text = format!("---\ntitle: t\n---\n{body}");
        let origin = Origin {
            file: Path::new("content/p.md"),
            file_text: &file_text,
            offset: 17,
            allow_html,
        };
        let heads = headings(&body);
        let mut ids: Vec<&str> = heads.iter().map(|h| h.id.as_str()).collect();
        ids.sort();
        let unique = ids.len();
        ids.dedup();
        prop_assert_eq!(ids.len(), unique, "heading ids are unique");
        let r = render(&body, &origin, &Links);
        prop_assert_eq!(&r.toc, &heads, "the render pass finds the same headings");
        for d in &r.diagnostics {
            prop_assert!(d.line >= 4, "{d} points before the body");
        }
        diagnostics_point_into(&r.diagnostics, &file_text)?;
        if !allow_html {
            let doc = scraper::Html::parse_fragment(&r.html);
            let allowed = [
                "html", "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "em", "strong", "code", "pre",
                "ul", "ol", "li", "blockquote", "hr", "br", "img", "table", "thead", "tbody", "tr",
                "th", "td", "del", "sup", "div", "span", "section",
            ];
            for e in doc.root_element().descendent_elements() {
                let name = e.value().name();
                prop_assert!(allowed.contains(&name), "<{}> in {}", name, r.html);
                for (attr, value) in e.value().attrs() {
                    prop_assert!(!attr.starts_with("on"), "{attr} in {}", r.html);
                    if attr == "href" || attr == "src" {
                        prop_assert!(!explainer::markdown::is_script_url(value), "{value}");
                    }
                }
            }
        }
        let inline = render_inline(&body, &origin, &Links);
        diagnostics_point_into(&inline.diagnostics, &file_text)?;
    }

    #[test]
    fn any_text_is_not_a_date_or_a_date_that_prints_back(text in prop_oneof![
        "[0-9TZ:~?%. -]{0,24}",
        any::<String>(),
    ]) {
        if let Ok(d) = PartialDate::parse(&text) {
            let again = PartialDate::parse(&d.edtf()).unwrap();
            prop_assert_eq!(again, d);
            prop_assert!(d.sort_key() <= d.end_key());
            prop_assert!(!d.display().is_empty());
        }
    }

    #[test]
    fn valid_dates_print_back_exactly(
        (year, month, day) in (0i16..=9999, 1u8..=12, 1u8..=31),
        precision in 0..4,
        (hour, minute) in (0u8..24, 0u8..60),
        mark in prop::sample::select(&["", "~", "?", "%"][..]),
    ) {
        let real = jiff::civil::Date::new(year, month as i8, day as i8).is_ok();
        let edtf = match precision {
            0 => format!("{year:04}{mark}"),
            1 => format!("{year:04}-{month:02}{mark}"),
            2 => format!("{year:04}-{month:02}-{day:02}{mark}"),
            _ => format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}Z{mark}"),
        };
        match PartialDate::parse(&edtf) {
            Ok(d) => {
                prop_assert!(real || precision < 2);
                prop_assert_eq!(d.edtf(), edtf);
                prop_assert!(d.sort_key() <= d.end_key());
                if year < 9999 {
                    let next_year = PartialDate::parse(&format!("{:04}", year + 1)).unwrap();
                    prop_assert!(d.end_key() < next_year.sort_key());
                }
            }
            Err(e) => {
                prop_assert!(!real && precision >= 2, "{edtf}: {e}");
                prop_assert!(e.contains("is not a real date"), "{e}");
            }
        }
    }

    #[test]
    fn escaped_text_reads_back_as_the_same_text(s in "[^\u{0}\r]{0,80}") {
        let escaped = explainer::html::escape(&s);
        let doc = scraper::Html::parse_fragment(&format!("<p title=\"{escaped}\">{escaped}</p>"));
        let p = doc.select(&scraper::Selector::parse("p").unwrap()).next().unwrap();
        prop_assert_eq!(p.text().collect::<String>(), s.clone());
        prop_assert_eq!(p.value().attr("title"), Some(s.as_str()));
        prop_assert_eq!(p.children().count(), usize::from(!s.is_empty()));
    }
}

/// Resolves half the links and figures, so both paths are exercised.
struct Links;

impl Resolver for Links {
    fn link(
        &self,
        target: &str,
        anchor: Option<&str>,
    ) -> Result<(String, Option<usize>), (String, String)> {
        if target == "places/ganja.md" {
            Ok((format!("/places/ganja/#{}", anchor.unwrap_or("")), Some(0)))
        } else {
            Err((format!("no page {target}"), String::new()))
        }
    }

    fn fact(
        &self,
        id: &str,
        _style: explainer::model::facts::FactStyle,
    ) -> Result<String, (String, String)> {
        if id == "pop" {
            Ok("<span class=\"fact\">1</span>".into())
        } else {
            Err((format!("no figure {id}"), String::new()))
        }
    }
    fn term(&self, id: &str, _text: Option<&str>) -> Result<String, (String, String)> {
        Err((format!("no term {id}"), String::new()))
    }
}
