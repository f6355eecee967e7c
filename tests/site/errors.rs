//! Errors and warnings: every broken input is reported with its exact
//! `path:line:col`, exit code 1, the previous output left as it was and no
//! temporary folder left behind (one runner, `harness::run_error_cases`, for
//! the committed cases in tests/fixtures/errors/ and the generated ones
//! below), plus hints, snippets and warnings.
//!
//! The generated cases are inputs that cannot sensibly be committed as
//! fixture files: bytes that are not UTF-8, symbolic links, huge or
//! deeply nested files, a missing site.yaml.

use crate::harness::{
    basic_site, build, copy_dir, explainer, fixture_cases, fixtures, run_error_cases, stderr,
    write, Case,
};
use std::os::unix::fs::symlink;

/// Every committed case in tests/fixtures/errors/ (see the README there).
#[test]
fn every_error_fixture_reports_exact_positions_and_keeps_output() {
    let cases = fixture_cases();
    assert!(cases.len() >= 15);
    run_error_cases(cases);
}

/// "Billion laughs": ten levels, each a list of ten aliases of the one before.
fn alias_bomb() -> String {
    let mut s = String::from("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    s
}

/// The wanted lines of a case, as owned strings.
fn lines(l: &[&str]) -> Vec<String> {
    l.iter().map(|s| s.to_string()).collect()
}

/// Broken inputs made by code, each with its exact error lines.
fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "page not UTF-8 (Latin-1 é)".into(),
            setup: Box::new(|s| write(s, "content/background/latin1.md", b"---\ntitle: Caf\xe9\n---\nText.\n")),
            want: lines(&["content/background/latin1.md:2:11: error: this file is not UTF-8 text (byte 0xE9 cannot be read)"]),
            limit_memory: false,
        },
        Case {
            name: "sources.yaml not UTF-8 (Windows-1252 quote)".into(),
            setup: Box::new(|s| {
                let mut b = std::fs::read(s.join("content/sources.yaml")).unwrap();
                b.extend_from_slice(b"- id: x\n  outlet: \x93Quoted\x94\n  title: t\n");
                write(s, "content/sources.yaml", b)
            }),
            want: lines(&["content/sources.yaml:11:11: error: this file is not UTF-8 text (byte 0x93 cannot be read)"]),
            limit_memory: false,
        },
        Case {
            name: "billion laughs".into(),
            setup: Box::new(|s| write(s, "content/timeline/2021.yaml", alias_bomb())),
            want: lines(&["content/timeline/2021.yaml:1:5: error: YAML anchors (`&name`) are not supported"]),
            limit_memory: true,
        },
        Case {
            name: "aliases without anchors in reach".into(),
            setup: Box::new(|s| write(s, "content/timeline/2021.yaml", "events:\n  - *a\n")),
            want: lines(&["content/timeline/2021.yaml:2:5: error: YAML aliases (`*name`) are not supported"]),
            limit_memory: true,
        },
        Case {
            name: "100,000 nested flow lists".into(),
            setup: Box::new(|s| {
                let n = 100_000;
                write(s, "content/timeline/2021.yaml", format!("events: {}{}\n", "[".repeat(n), "]".repeat(n)))
            }),
            want: lines(&["content/timeline/2021.yaml:1:264: error: nesting deeper than 64 levels"]),
            limit_memory: true,
        },
        Case {
            name: "2,000 nested block mappings".into(),
            setup: Box::new(|s| {
                let mut y = String::from("title: t\nsummary: s\nfigures:\n");
                for i in 0..2000 {
                    y.push_str(&format!("{}k{i}:\n", " ".repeat(i + 2)));
                }
                write(s, "content/facts/deep.yaml", y)
            }),
            want: lines(&["content/facts/deep.yaml:67:66: error: nesting deeper than 64 levels"]),
            limit_memory: true,
        },
        Case {
            name: "a page over the size limit".into(),
            setup: Box::new(|s| {
                let f = std::fs::File::create(s.join("content/background/huge.md")).unwrap();
                // Sparse: the limit is checked before anything is read.
                f.set_len(65 * 1024 * 1024 + 1024 * 100).unwrap();
            }),
            want: lines(&["content/background/huge.md: error: this file is 65.1 MiB; the limit is 64 MiB"]),
            limit_memory: true,
        },
        Case {
            name: "symbolic link to itself".into(),
            setup: Box::new(|s| symlink("loop.md", s.join("content/background/loop.md")).unwrap()),
            want: lines(&["content/background/loop.md: error: broken or looping symbolic link: Too many levels of symbolic links (os error 40)"]),
            limit_memory: false,
        },
        Case {
            name: "two symbolic links pointing at each other".into(),
            setup: Box::new(|s| {
                symlink("b.md", s.join("content/background/a.md")).unwrap();
                symlink("a.md", s.join("content/background/b.md")).unwrap();
            }),
            want: lines(&[
                "content/background/a.md: error: broken or looping symbolic link: Too many levels of symbolic links (os error 40)",
                "content/background/b.md: error: broken or looping symbolic link: Too many levels of symbolic links (os error 40)",
            ]),
            limit_memory: false,
        },
        Case {
            name: "symbolic link to a parent folder (a loop for a walker that follows links)".into(),
            setup: Box::new(|s| symlink("..", s.join("content/background/up")).unwrap()),
            want: lines(&["content/background/up: error: symbolic links to folders are not followed"]),
            limit_memory: false,
        },
        Case {
            name: "symbolic link to a file outside the site".into(),
            setup: Box::new(|s| {
                std::fs::write(s.join("../outside.md"), "---\ntitle: Outside\n---\n").unwrap();
                symlink("../../../outside.md", s.join("content/background/outside.md")).unwrap();
            }),
            want: lines(&["content/background/outside.md: error: symbolic link points outside the site folder (to {tmp}/outside.md)"]),
            limit_memory: false,
        },
        Case {
            name: "symbolic link to a folder outside the site".into(),
            setup: Box::new(|s| {
                std::fs::create_dir(s.join("../elsewhere")).unwrap();
                symlink("../../../elsewhere", s.join("content/background/elsewhere")).unwrap();
            }),
            want: lines(&["content/background/elsewhere: error: symbolic link points outside the site folder (to {tmp}/elsewhere)"]),
            limit_memory: false,
        },
        Case {
            name: "symbolic link in static/ to a file outside the site".into(),
            setup: Box::new(|s| {
                std::fs::write(s.join("../secret.txt"), "secret").unwrap();
                std::fs::create_dir_all(s.join("static")).unwrap();
                symlink("../../secret.txt", s.join("static/secret.txt")).unwrap();
            }),
            want: lines(&["static/secret.txt: error: symbolic link points outside the site folder (to {tmp}/secret.txt)"]),
            limit_memory: false,
        },
        Case {
            name: "a static file where a page goes".into(),
            setup: Box::new(|s| write(s, "static/background/truces/index.html", "<p>Hand-made</p>")),
            want: lines(&["static/background/truces/index.html: error: this file would be written to background/truces/index.html, which content/background/truces.md writes"]),
            limit_memory: false,
        },
        Case {
            name: "a static file where a download goes".into(),
            setup: Box::new(|s| write(s, "static/facts/casualties.csv", "id\n")),
            want: lines(&["static/facts/casualties.csv: error: this file would be written to facts/casualties.csv, which the CSV download of fact sheet content/facts/casualties.yaml writes"]),
            limit_memory: false,
        },
        Case {
            name: "no site.yaml".into(),
            setup: Box::new(|s| std::fs::remove_file(s.join("site.yaml")).unwrap()),
            want: lines(&["site.yaml: error: no site.yaml in {site}"]),
            limit_memory: false,
        },
    ]
}

/// The generated cases above, through the same runner.
#[test]
fn generated_bad_inputs_report_exact_positions_and_keep_output() {
    run_error_cases(cases());
}

#[test]
fn errors_carry_hints_and_snippets() {
    let (tmp, site) = basic_site();
    copy_dir(&fixtures().join("errors/broken-link"), &site);
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("7 | See [Ganja](@/places/ganj.md)"), "{err}");
    assert!(
        err.contains("= hint: did you mean @/places/ganja.md?"),
        "{err}"
    );
    assert!(err.contains("Check failed: 2 errors"), "{err}");
    assert_eq!(o.status.code(), Some(1));

    let site = tmp.path().join("typo");
    copy_dir(&fixtures().join("basic"), &site);
    copy_dir(&fixtures().join("errors/typo-key"), &site);
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("= hint: did you mean `sources`? The fields this item accepts"),
        "{err}"
    );
}

#[test]
fn a_slug_on_a_section_index_is_flagged_not_silently_ignored() {
    let (tmp, site) = basic_site();
    let index = site.join("content/background/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen(
            "title: Background\n",
            "title: Background\nslug: history\n",
            1,
        ),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/background/_index.md:3:7: warning: `slug:` has no effect on a section's `_index.md`"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("background/index.html").is_file());
    assert!(!out.join("history").exists());
}

/// A tab in one fact sheet is one error, at the tab: no "link to a page
/// that does not exist" for the pages that link the sheet, no "did you
/// mean" towards another sheet, no "not cited" for the sources only it
/// cites (the cascade the core restructure ended).
#[test]
fn a_broken_fact_sheet_reports_itself_and_nothing_else() {
    let (_tmp, site) = basic_site();
    let page = site.join("content/background/first-war.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text.replace(
        "and the [timeline]",
        "the [truces](@/facts/ceasefires.yaml#moscow-truce-2020-10-10) and the [timeline]",
    );
    std::fs::write(&page, text).unwrap();
    let sheet = site.join("content/facts/ceasefires.yaml");
    let text = std::fs::read_to_string(&sheet).unwrap();
    std::fs::write(
        &sheet,
        text.replace("    agreed: 2020-10-10", "\tagreed: 2020-10-10"),
    )
    .unwrap();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    assert_eq!(
        lines,
        ["content/facts/ceasefires.yaml:6:1: error: YAML syntax error: a tab is used where YAML needs spaces"],
        "{err}"
    );
    assert!(!err.contains("did you mean"), "{err}");
    assert_eq!(o.status.code(), Some(1));
}

/// A broken timeline file: its own error, and no "source is not cited"
/// for the sources it names.
#[test]
fn a_broken_timeline_file_adds_no_uncited_source_warnings() {
    let (_tmp, site) = basic_site();
    let file = site.join("content/timeline/2020.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("    date: 2020-10-17", "\tdate: 2020-10-17"),
    )
    .unwrap();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("content/timeline/2020.yaml:3:1: error: YAML syntax error"),
        "{err}"
    );
    assert!(!err.contains("is not cited"), "{err}");
    assert!(err.contains("Check failed: 1 error, 0 warnings"), "{err}");
}

/// Seven problems in one page (three in the front matter, four in the body)
/// are seven diagnostics in one run, each at its place.
#[test]
fn every_problem_of_a_page_is_reported_in_one_run() {
    let (_tmp, site) = basic_site();
    std::fs::write(
        site.join("content/background/seven.md"),
        "---\ntitle: Seven problems\nweight: heavy\nsumary: A typo in a field name.\n---\n\
         See [Ganja](@/places/ganj.md) and [the strike](@/background/truces.md#no-such-heading).\n\n\
         The toll was {{ fact(id=\"no-such-figure\") }}.\n\n\
         <script>alert(1)</script>\n\n\
         [A bad link](javascript:alert(1)).\n",
    )
    .unwrap();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    let got: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    let want = [
        "content/background/seven.md:3:9: error: this should be a whole number, not the text \"heavy\" (in field `weight`)",
        "content/background/seven.md:4:1: error: unknown field `sumary`, expected one of `title`, `summary`, `date`, `updated`, `changes`, `weight`, `draft`, `slug`, `template`, `key_facts`",
        "content/background/seven.md:6:5: error: link to a page that does not exist: @/places/ganj.md",
        "content/background/seven.md:6:35: error: link to an anchor that does not exist: @/background/truces.md#no-such-heading",
        "content/background/seven.md:8:14: error: unknown figure id `no-such-figure`",
        "content/background/seven.md:10:1: error: raw HTML is not allowed in pages: `<script>alert(1)</script>`",
        "content/background/seven.md:12:1: error: script links are not allowed: `javascript:alert(1)`",
    ];
    assert_eq!(got, want, "{err}");
    assert_eq!(o.status.code(), Some(1));
}

/// `check` of the basic site with the error case `case` laid over it:
/// its stderr and exit code.
fn check_case(case: &str) -> (String, Option<i32>) {
    let (_tmp, site) = basic_site();
    copy_dir(&fixtures().join("errors").join(case), &site);
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    (stderr(&o), o.status.code())
}

/// A deleted source's "did you mean" names the suggested source's outlet,
/// title and date: another Al Jazeera article from the day before is
/// plainly not the one that was cited.
#[test]
fn a_suggested_source_shows_its_outlet_title_and_date() {
    let (err, code) = check_case("deleted-source");
    assert_eq!(code, Some(1), "{err}");
    let want = "content/timeline/2020.yaml:9:15: error: unknown source id `aljazeera-2020-10-18`\n  |\n9 |     sources: [aljazeera-2020-10-18]\n  |               ^\n  = hint: did you mean `aljazeera-2020-10-17` (Al Jazeera, \"Azerbaijan says Armenian missile attack hit Ganja\", 17 October 2020)? Use it only if that is the same article or document; otherwise add the source to content/sources.yaml";
    assert!(err.contains(want), "{err}");
}

/// `fact(id=“…”)`, as a word processor curls it, is told to use straight
/// quotes, not that the id must be in quotes (it is).
#[test]
fn curly_quotes_in_fact_are_told_to_be_straight() {
    let (err, code) = check_case("curly-quotes-fact");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("content/background/truces.md:9:83: error: the figure id `“nk-military-deaths-2020-10-18”` is in curly quotes"), "{err}");
    assert!(
        err.contains(
            "= hint: use straight quotes: {{ fact(id=\"nk-military-deaths-2020-10-18\") }}"
        ),
        "{err}"
    );
    assert!(!err.contains("must be in quotes"), "{err}");
}

/// An unknown front matter field lists only the fields that kind of page
/// takes: no `role` or `coords` for a background page.
#[test]
fn an_unknown_field_lists_only_what_that_kind_of_page_takes() {
    let (err, code) = check_case("typo-key-per-kind-of-page");
    assert_eq!(code, Some(1), "{err}");
    let page = err
        .lines()
        .find(|l| {
            l.starts_with("content/background/first-war.md:5:1: error: unknown field `wieght`")
        })
        .unwrap_or_else(|| panic!("{err}"));
    for other in ["`kind`", "`role`", "`names`", "`coords`", "`naming_exempt`"] {
        assert!(!page.contains(other), "{page}");
    }
    let place = err
        .lines()
        .find(|l| {
            l.starts_with("content/places/ganja.md:9:1: error: unknown field `naming_exampt`")
        })
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        place.contains("`coords`, `naming_exempt`") && !place.contains("`role`"),
        "{place}"
    );
    assert!(err.contains("= hint: did you mean `weight`?"), "{err}");
    assert!(
        err.contains("= hint: did you mean `naming_exempt`?"),
        "{err}"
    );
}

/// Field paths are counted as an editor counts, with the item's id, and
/// parser wording is replaced with what to do.
#[test]
fn yaml_messages_name_the_item_and_say_what_to_do() {
    let (err, code) = check_case("impossible-date");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("(in the 1st event (id `2020-02-30-nothing`), field `date`)"),
        "{err}"
    );
    assert!(!err.contains("events[0]"), "{err}");
    let (err, _) = check_case("yaml-unclosed-quote");
    assert!(err.contains("content/background/truces.md:2:8: error: YAML syntax error: a quoted value is not closed"), "{err}");
    assert!(err.contains("= hint: add the closing quote"), "{err}");
    assert!(!err.contains("scalar"), "{err}");
}
