//! The pages and files the generator writes itself, in one table: their
//! paths in the output, the templates that render them, their titles, and
//! the `@/` names editors link them by. Resolving (URLs taken, link
//! targets) and rendering (the jobs) both read it from here.

use crate::load::config::SiteConfig;

/// A page the generator writes whatever the content.
pub struct GeneratedPage {
    /// Its path in the output, relative to the site root: `timeline/`.
    pub path: &'static str,
    /// What follows `@/` in a link to it (`timeline`), if editors may link it.
    pub link: Option<&'static str>,
    pub template: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    /// Made only when the site has this file under content/ (read or not).
    pub only_with: Option<&'static str>,
}

/// Every page the generator writes once per site.
pub const PAGES: &[GeneratedPage] = &[
    GeneratedPage {
        path: "timeline/",
        link: Some("timeline"),
        template: "timeline.html",
        title: "Timeline",
        summary: "Dated events of the conflict, with sources.",
        only_with: None,
    },
    GeneratedPage {
        path: "facts/",
        link: Some("facts"),
        template: "facts.html",
        title: "Facts and figures",
        summary: "Every figure on this site, with who claims it, as of when, and its source.",
        only_with: None,
    },
    GeneratedPage {
        path: "facts/changes/",
        link: Some("facts/changes"),
        template: "changes.html",
        title: "Changes to figures",
        summary: "Every figure this site changed, with what it was before, when it changed and why, newest first.",
        only_with: None,
    },
    GeneratedPage {
        path: "corrections/",
        link: Some("corrections"),
        template: "corrections.html",
        title: "Corrections",
        summary: "Every correction this site has published, newest first, each linked to where it was made.",
        only_with: None,
    },
    GeneratedPage {
        path: "sources/",
        link: Some("sources"),
        template: "sources.html",
        title: "Sources",
        summary: "Every source this site cites, and what cites it.",
        only_with: None,
    },
    GeneratedPage {
        path: "search/",
        link: Some("search"),
        template: "search.html",
        title: "Search",
        summary: "Find pages, places, actors, figures and events.",
        only_with: None,
    },
    GeneratedPage {
        path: "updates/",
        link: Some("updates"),
        template: "updates.html",
        title: "What changed",
        summary: "Corrections and updates to this explainer, newest first.",
        only_with: None,
    },
    GeneratedPage {
        path: "glossary/",
        link: Some("glossary"),
        template: "glossary.html",
        title: "Glossary",
        summary: "The names, terms and acronyms used on this site, from NKAO to trilateral statement, each with the sources it rests on.",
        only_with: Some(GLOSSARY_FILE),
    },
    GeneratedPage {
        path: "404.html",
        link: None,
        template: "404.html",
        title: "Page not found",
        summary: "",
        only_with: None,
    },
];

/// The glossary's file under content/; `/glossary/` exists only with it.
pub const GLOSSARY_FILE: &str = "glossary.yaml";

impl GeneratedPage {
    /// Whether this site has the page: `has_glossary` says whether
    /// content/glossary.yaml exists.
    pub fn made(&self, has_glossary: bool) -> bool {
        match self.only_with {
            None => true,
            Some(GLOSSARY_FILE) => has_glossary,
            Some(_) => false,
        }
    }
}

/// The entry of [`PAGES`] linked as `@/{link}`.
pub fn page(link: &str) -> &'static GeneratedPage {
    PAGES
        .iter()
        .find(|p| p.link == Some(link))
        .unwrap_or(&PAGES[0])
}

/// One timeline page per category: `timeline/attack/`.
pub fn category_path(id: &str) -> String {
    format!("timeline/{id}/")
}

/// Each fact sheet's page, `facts/casualties/`, rendered by this template.
pub fn sheet_path(name: &str) -> String {
    format!("facts/{name}/")
}
pub const SHEET_TEMPLATE: &str = "fact_sheet.html";

/// A fact sheet's downloads.
pub fn sheet_csv(name: &str) -> String {
    format!("facts/{name}.csv")
}
pub fn sheet_json(name: &str) -> String {
    format!("facts/{name}.json")
}

/// The search index's manifest (`render::search`).
pub const SEARCH_INDEX: &str = "search/index.json";

/// The `n`th file of the search index's page entries.
pub fn search_page_file(n: usize) -> String {
    format!("search/pages-{n}.json")
}

/// Files (not pages) the generator writes once per site.
pub const FILES: &[&str] = &[
    "sitemap.xml",
    "robots.txt",
    "atom.xml",
    "_headers",
    ".nojekyll",
    SEARCH_INDEX,
    "timeline.json",
    "timeline.timelinejs.json",
    "corrections.json",
    PROV_FILE,
];

/// The provenance of every figure in W3C PROV terms (`render::prov`).
pub const PROV_FILE: &str = "prov.jsonld";

/// Static files whose names get a content hash and move to `assets/`
/// (see `render::fingerprint`); every other static file keeps its path.
pub const FINGERPRINTED: &[&str] = &["css", "js"];

pub fn is_fingerprinted(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| FINGERPRINTED.contains(&ext))
}

/// Every URL path the generator takes for itself, with what takes it, for
/// the collision check in `resolve::pages`.
pub fn taken_paths(
    config: &SiteConfig,
    sheet_names: &[String],
    has_glossary: bool,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = PAGES
        .iter()
        .filter(|p| p.made(has_glossary))
        .map(|p| {
            (
                p.path.to_string(),
                format!("the generated page {}", p.title),
            )
        })
        .collect();
    for c in &config.categories {
        out.push((
            category_path(&c.id),
            format!("the timeline page of category `{}`", c.id),
        ));
    }
    for name in sheet_names {
        let sheet = format!("fact sheet content/facts/{name}.yaml");
        out.push((sheet_path(name), format!("the page of {sheet}")));
        out.push((sheet_csv(name), format!("the CSV download of {sheet}")));
        out.push((sheet_json(name), format!("the JSON download of {sheet}")));
    }
    for file in FILES {
        out.push((file.to_string(), format!("the generated file {file}")));
    }
    out
}
