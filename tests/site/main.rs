//! Integration tests of the `explainer` binary: each test builds a site
//! (a fixture under tests/fixtures/, a changed copy of one, or the
//! repository's own explainer) with the real binary into a temporary folder
//! and checks what was written (parsed HTML, exports), the exit code and the
//! exact diagnostics with their positions. Run one module with e.g.
//! `cargo test --test site facts::`.
//!
//! Property tests of library functions are a separate crate,
//! tests/properties.rs. The fixture sites are described in
//! tests/fixtures/README.md.

// Shared by every module: running the binary, fixtures, reading output,
// the error-case runner.
mod harness;

// Pages: landmarks, Markdown, sections, drafts, odd files, escaping.
mod pages;
// Links and URLs under the base path; no broken link in the bundled site.
mod links;
// Fact sheets: table, chart, CSV/JSON exports, `fact()`.
mod facts;
// The timeline: order, ceasefires merged in, category pages, exports.
mod timeline;
// Places, actors and sources: names from both sides, cited by.
mod entities;
// Sources' access dates, archived copies and languages: pages, exports, errors.
mod archives;
// `explainer links [--check]` against a local HTTP server.
mod link_check;
// The search index and the search page.
mod search;
// `cached()` fragments and the built-in theme's use of them.
mod fragments;
// What a static host needs: sitemap, feed, headers, metadata, 404, budgets.
mod publishing;
// The output folder: atomic replace, kills, confinement, refusals.
mod output;
// Broken inputs: exact error positions (one runner), hints, warnings.
mod errors;
// `explainer serve`: live reload, errors, traversal, concurrency.
mod serve;
// The preview's incremental rebuilds against clean builds (property test).
mod incremental;
// `explainer new` and `explainer schema`.
mod scaffold;
// Nu HTML Checker and axe-core on the bundled site (skips without tools).
mod browser;
// The bundled site read as a reader would, against its own content/ files.
mod reader;
// Issue #18: what readers of a news explainer expect (topics, phones, names).
mod readers;
// Issue #18: the glossary page, term() links, unknown term ids.
mod glossary;
// Issue #17: review dates, figures' change logs, corrections, provenance exports.
mod provenance;
