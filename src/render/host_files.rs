//! What static hosts and feed readers expect beside the pages: `sitemap.xml`,
//! `robots.txt`, the Atom feed of updates, the `_headers` file (caching and
//! Content-Security-Policy for Netlify and Cloudflare Pages) and `.nojekyll`
//! (so GitHub Pages serves the folder as it is). Every URL in them is
//! absolute, built from `base_url`.

use crate::html::escape;
use crate::load::config::BaseUrl;
use crate::resolve::Site;
use serde::Serialize;

/// The folder (under the base path) that holds content-hashed CSS and JS.
pub const ASSETS_DIR: &str = "assets";

/// The policy every page satisfies: no inline script or style, nothing from
/// other origins. JSON-LD blocks are data, not script, so they need no
/// exception.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One entry of "what changed" and the feed: a page's `updated:` with its
/// `changes:` line, a change to a figure, or a correction.
#[derive(Debug, Clone, Serialize)]
pub struct Update {
    /// `page`, `change` or `correction`.
    pub kind: String,
    pub title: String,
    pub url: String,
    pub permalink: String,
    /// The fragment naming this entry in the feed: `updated-<day>` for a
    /// page, the change's or correction's own anchor otherwise.
    pub anchor: String,
    /// As shown ("24 November 2026") and as a full date (2026-11-24).
    pub date: String,
    pub date_machine: String,
    pub changes: String,
}

/// Every recorded update, change and correction, newest first (then by
/// kind and title, for a stable order).
pub fn updates(site: &Site) -> Vec<Update> {
    let pages = site.pages.iter().filter_map(|p| {
        let (date, machine) = (p.updated.clone()?, p.updated_machine.clone()?);
        let day = full_day(&machine);
        Some(Update {
            kind: "page".into(),
            title: p.title.clone(),
            url: p.url.clone(),
            permalink: p.permalink.clone(),
            anchor: format!("updated-{day}"),
            date,
            date_machine: day,
            changes: p
                .changes
                .clone()
                .unwrap_or_else(|| "Page updated.".to_string()),
        })
    });
    let changes = site.changes.iter().map(|c| Update {
        kind: "change".into(),
        title: format!("Figure changed: {}", c.label),
        url: c.url.clone(),
        permalink: absolute(&site.base, &c.url),
        anchor: c.anchor.clone(),
        date: c.date.clone(),
        date_machine: c.date_machine.clone(),
        changes: format!("Changed to {} ({}). {}", c.now_said, c.was, c.reason),
    });
    let corrections = site.corrections.iter().map(|c| Update {
        kind: "correction".into(),
        title: format!("Correction: {}", c.title),
        url: c.url.clone(),
        permalink: c.permalink.clone(),
        anchor: c.anchor.clone(),
        date: c.date.clone(),
        date_machine: c.date_machine.clone(),
        changes: match &c.withdrawn {
            Some(why) => format!("{} (Withdrawn: {why})", c.text),
            None => c.text.clone(),
        },
    });
    let mut out: Vec<Update> = pages.chain(changes).chain(corrections).collect();
    out.sort_by(|a, b| {
        (&b.date_machine, &a.kind, &a.title, &a.anchor).cmp(&(
            &a.date_machine,
            &b.kind,
            &b.title,
            &b.anchor,
        ))
    });
    out
}

/// The absolute URL of a site-relative one (`/karabakh/facts/x/#y`).
fn absolute(base: &BaseUrl, url: &str) -> String {
    match url.strip_prefix(&base.path) {
        Some(rest) => base.permalink(rest),
        None => url.to_string(),
    }
}

/// `2026-11` -> `2026-11-01`: feeds and sitemaps want a day.
fn full_day(machine: &str) -> String {
    match machine.len() {
        4 => format!("{machine}-01-01"),
        7 => format!("{machine}-01"),
        _ => machine.to_string(),
    }
}

/// One page for the sitemap: its path under the base and its last change.
pub struct SitemapEntry {
    pub path: String,
    pub lastmod: Option<String>,
}

pub fn sitemap(base: &BaseUrl, entries: &[SitemapEntry]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for e in entries {
        s.push_str("  <url><loc>");
        s.push_str(&escape(&base.permalink(&e.path)));
        s.push_str("</loc>");
        if let Some(m) = &e.lastmod {
            s.push_str("<lastmod>");
            s.push_str(&escape(&full_day(m)));
            s.push_str("</lastmod>");
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

pub fn robots(base: &BaseUrl) -> String {
    let sitemap = base.permalink("sitemap.xml");
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

/// The Atom feed (RFC 4287) of `updates`, newest first.
pub fn atom(site: &Site, updates: &[Update]) -> String {
    let base = &site.base;
    let title = escape(&format!("{}: updates", site.config.title));
    let newest = updates
        .first()
        .map(|u| u.date_machine.clone())
        .unwrap_or_else(|| "1970-01-01".to_string());
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <subtitle>{sub}</subtitle>\n  <id>{id}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{updates}\"/>\n  <updated>{newest}T00:00:00Z</updated>\n  <author><name>{author}</name></author>\n",
        lang = escape(&site.config.language),
        sub = escape(&site.config.description),
        id = escape(&base.full),
        feed = escape(&base.permalink("atom.xml")),
        updates = escape(&base.permalink("updates/")),
        author = escape(&site.config.title),
    );
    for u in updates {
        s.push_str(&format!(
            "  <entry>\n    <title>{t}</title>\n    <id>{id}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{p}\"/>\n    <updated>{d}T00:00:00Z</updated>\n    <summary>{c}</summary>\n  </entry>\n",
            t = escape(&u.title),
            id = escape(&format!("{}#{}", u.permalink.split('#').next().unwrap_or_default(), u.anchor)),
            p = escape(&u.permalink),
            d = escape(&u.date_machine),
            c = escape(&u.changes),
        ));
    }
    s.push_str("</feed>\n");
    s
}

/// Netlify / Cloudflare Pages `_headers`: hashed assets cached for a year,
/// everything else revalidated; the security headers on every path.
pub fn headers(base_path: &str) -> String {
    format!(
        "# Written by explainer. Syntax: https://docs.netlify.com/routing/headers/\n\
         {base_path}*\n  \
         Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n  \
         X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: strict-origin-when-cross-origin\n  \
         Permissions-Policy: camera=(), microphone=(), geolocation=()\n\
         \n\
         # Names carry a content hash: a changed file gets a new name.\n\
         {base_path}{ASSETS_DIR}/*\n  \
         Cache-Control: public, max-age=31536000, immutable\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_escapes_and_completes_partial_dates() {
        let base = BaseUrl::parse("https://example.org/a&b/").unwrap();
        let s = sitemap(
            &base,
            &[
                SitemapEntry {
                    path: "x/".into(),
                    lastmod: Some("2020-10".into()),
                },
                SitemapEntry {
                    path: String::new(),
                    lastmod: None,
                },
            ],
        );
        assert!(s.contains(
            "<url><loc>https://example.org/a&amp;b/x/</loc><lastmod>2020-10-01</lastmod></url>"
        ));
        assert!(s.contains("<url><loc>https://example.org/a&amp;b/</loc></url>"));
    }

    #[test]
    fn headers_cache_assets_under_the_base_path() {
        let h = headers("/karabakh/");
        assert!(h.contains("/karabakh/*\n  Content-Security-Policy: default-src 'none';"));
        assert!(
            h.contains("/karabakh/assets/*\n  Cache-Control: public, max-age=31536000, immutable")
        );
    }
}
