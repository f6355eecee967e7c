//! The preview and drafts (the draft trap: a new page is a draft, and a
//! preview without `--drafts` leaves it out), and `serve` where there is
//! no site.

use super::{get, start_with};
use crate::harness::{build, copy_dir, fixtures, select, stderr, text};
use std::process::Command;

/// The draft trap: `explainer new page` writes a draft, which plain `serve`
/// leaves out. Asking for its address says so and how to see it; under
/// `--drafts` the page carries a visible marker.
#[test]
fn a_draft_address_says_it_is_a_draft_and_how_to_see_it() {
    let draft = "---\ntitle: Work in progress\ndraft: true\n---\nNot ready.\n";
    let server = start_with(|root| {
        copy_dir(&fixtures().join("basic"), root);
        std::fs::write(root.join("content/background/wip.md"), draft).unwrap();
    });
    for path in ["/background/wip/", "/background/wip"] {
        let r = get(server.port, path);
        assert_eq!(r.status, 404, "{path}");
        let doc = scraper::Html::parse_document(&r.text());
        let note = select(&doc, "main .draft-marker");
        assert_eq!(note.len(), 1, "{path}: {}", r.text());
        let said = text(&note[0]);
        assert!(said.contains("This address belongs to a draft"), "{said}");
        assert!(said.contains("content/background/wip.md"), "{said}");
        assert!(said.contains("explainer serve --drafts"), "{said}");
        assert!(said.contains("draft: false"), "{said}");
    }
    // Any other missing page is a plain 404.
    let r = get(server.port, "/background/nothing-here/");
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("belongs to a draft"));

    let out = tempfile::tempdir().unwrap();
    let built = build(&server.root, &out.path().join("public"), &["--drafts"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let doc = crate::harness::html(&out.path().join("public"), "background/wip/index.html");
    let marker = select(&doc, "main .draft-marker");
    assert_eq!(marker.len(), 1);
    assert!(text(&marker[0]).starts_with("Draft"));
    let doc = crate::harness::html(
        &out.path().join("public"),
        "background/first-war/index.html",
    );
    assert!(
        select(&doc, ".draft-marker").is_empty(),
        "only drafts carry it"
    );
}

/// `serve` where there is no site: exit code 1, the full path it looked in,
/// and what to do; not a server with nothing to serve.
#[test]
fn serve_without_a_site_exits_naming_the_folder_it_looked_in() {
    let empty = tempfile::tempdir().unwrap();
    let full = std::fs::canonicalize(empty.path()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(["serve", "--port", "0"])
        .current_dir(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("no site.yaml in {}", full.display())),
        "{err}"
    );
    assert!(err.contains("--root"), "{err}");
    assert!(!err.contains("last good build"), "{err}");
}
