//! The built-in theme: the templates and static files in this repository's
//! templates/ and static/, compiled into the binary. A site's own files of
//! the same name replace them, so a new site needs no templates to start.

pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("place.html", include_str!("../../templates/place.html")),
    ("actor.html", include_str!("../../templates/actor.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("facts.html", include_str!("../../templates/facts.html")),
    (
        "fact_sheet.html",
        include_str!("../../templates/fact_sheet.html"),
    ),
    ("sources.html", include_str!("../../templates/sources.html")),
    (
        "glossary.html",
        include_str!("../../templates/glossary.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    ("updates.html", include_str!("../../templates/updates.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    (
        "corrections.html",
        include_str!("../../templates/corrections.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "partials/event.html",
        include_str!("../../templates/partials/event.html"),
    ),
    (
        "partials/entity_lists.html",
        include_str!("../../templates/partials/entity_lists.html"),
    ),
    (
        "partials/source.html",
        include_str!("../../templates/partials/source.html"),
    ),
    (
        "partials/nav.html",
        include_str!("../../templates/partials/nav.html"),
    ),
    (
        "partials/categories.html",
        include_str!("../../templates/partials/categories.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../../templates/partials/footer.html"),
    ),
    (
        "partials/correction.html",
        include_str!("../../templates/partials/correction.html"),
    ),
    (
        "partials/page_corrections.html",
        include_str!("../../templates/partials/page_corrections.html"),
    ),
];

pub const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../static/style.css")),
    ("timeline.js", include_bytes!("../../static/timeline.js")),
    ("search.js", include_bytes!("../../static/search.js")),
    ("favicon.svg", include_bytes!("../../static/favicon.svg")),
    ("og-image.png", include_bytes!("../../static/og-image.png")),
];
