//! Answering requests from the last good build held in memory: request path
//! checks, `dir/` -> `dir/index.html`, content types, the site's own 404
//! page, and the live-reload script injected into every HTML page.
//!
//! Files are looked up in a map built from the rendered output, never on
//! disk, so no request path can name a file outside the site. Paths that try
//! anyway (`..`, `%2e%2e`, backslashes, NUL) are refused with 400 all the
//! same, so a mistake in a link shows up as what it is.

use super::{Shared, Snapshot};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use std::sync::Arc;

/// Where the dev server's own files live; no generated site uses it.
pub const PREFIX: &str = "/__explainer/";
const LIVE_JS: &str = include_str!("live.js");
const SCRIPT_TAG: &str = "<script src=\"/__explainer/live.js\" defer></script>";

/// What a request path means, after decoding and checking.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A key of the in-memory site (`background/first-war/index.html`).
    File(String),
    /// `dir` names a folder: send the browser to `dir/`.
    Redirect(String),
    NotFound,
    /// The path could never name a file of the site.
    BadRequest(&'static str),
}

/// `%2e` -> `.`; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Decode and check a request path, then find what it names in `files`.
pub fn resolve(raw_path: &str, has: impl Fn(&str) -> bool) -> Target {
    let Some(path) = percent_decode(raw_path) else {
        return Target::BadRequest("the path is not valid percent-encoded UTF-8");
    };
    // Decode once more: a doubly encoded `%252e%252e` must not become `..`
    // in some later layer; we refuse what would decode to something unsafe.
    let twice = percent_decode(&path).unwrap_or_default();
    for p in [&path, &twice] {
        if p.contains('\\') || p.contains('\0') {
            return Target::BadRequest("backslashes and NUL are not allowed in paths");
        }
        if p.split('/').any(|seg| seg == ".." || seg == ".") {
            return Target::BadRequest("`.` and `..` are not allowed in paths");
        }
    }
    let Some(rel) = path.strip_prefix('/') else {
        return Target::BadRequest("the path must start with /");
    };
    if rel.starts_with('/') || rel.split('/').any(|seg| seg.contains(':')) {
        // `//etc/passwd`, `/C:/...`: absolute paths in disguise.
        return Target::BadRequest("absolute paths are not allowed");
    }
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if has(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if has(rel) {
        return Target::File(rel.to_string());
    }
    if has(&format!("{rel}/index.html")) {
        return Target::Redirect(format!("{path}/"));
    }
    Target::NotFound
}

/// The content type for a file name, by its extension.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Put the live-reload script into an HTML page: before `</head>` when the
/// page has one, else at the end. An external script, so a strict Content
/// Security Policy (`script-src 'self'`) still lets it run.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("</head>") {
        Some(at) => format!("{}{SCRIPT_TAG}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{SCRIPT_TAG}").into_bytes(),
    }
}

fn response(status: StatusCode, kind: &str, body: impl Into<Body>) -> Response<Body> {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(kind).unwrap_or(HeaderValue::from_static("text/plain")),
    );
    // A preview must always show the latest build.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn file_response(status: StatusCode, name: &str, bytes: &[u8]) -> Response<Body> {
    let kind = content_type(name);
    let body = if kind.starts_with("text/html") {
        inject(bytes)
    } else {
        bytes.to_vec()
    };
    response(status, kind, body)
}

/// The draft whose address `raw_path` is, if any (the draft trap: a new
/// page is a draft, and plain `serve` leaves it out).
fn draft_at<'a>(site: &'a Snapshot, raw_path: &str) -> Option<&'a str> {
    let path = percent_decode(raw_path)?;
    let rel = path.trim_start_matches('/').trim_end_matches("index.html");
    let rel = rel.trim_end_matches('/');
    site.drafts
        .iter()
        .find(|(url, _)| url.trim_end_matches('/') == rel)
        .map(|(_, file)| file.as_str())
}

/// The 404 page with a note saying that `file`, a draft, has this address
/// and how to see it.
fn draft_not_found(site: &Snapshot, file: &str) -> Response<Body> {
    let note = format!(
        "<aside class=\"draft-marker\" role=\"note\"><p><strong>This address belongs to a draft.</strong> \
         {} has <code>draft: true</code>, so the preview leaves it out, as a published build would.</p>\
         <p>To see it here, stop the preview and run <code>explainer serve --drafts</code>, \
         or remove the <code>draft: true</code> line (or set <code>draft: false</code>) to publish it.</p></aside>",
        crate::html::escape(file)
    );
    let page = site
        .files
        .get("404.html")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_else(|| "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main></main></body></html>".into());
    let at = page
        .find("<main")
        .and_then(|m| page[m..].find('>').map(|e| m + e + 1))
        .unwrap_or(0);
    let page = format!("{}{note}{}", &page[..at], &page[at..]);
    file_response(StatusCode::NOT_FOUND, "404.html", page.as_bytes())
}

fn not_found(site: &Snapshot) -> Response<Body> {
    match site.files.get("404.html") {
        Some(page) => file_response(StatusCode::NOT_FOUND, "404.html", page),
        // No good build yet: a bare page, so the live script can still
        // show the errors and reload once they are fixed.
        None => file_response(
            StatusCode::NOT_FOUND,
            "404.html",
            b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>Not found.</p></body></html>",
        ),
    }
}

/// The JSON the live script and the tests read: which build is served and
/// what went wrong with the last one.
///
/// Each diagnostic carries, besides its fields, its `location`
/// (`file:line:column`) and the `excerpt` of its line to show (the window
/// around the column the terminal shows too, with where the caret goes).
pub fn status_json(site: &Snapshot) -> String {
    serde_json::json!({
        "generation": site.generation,
        "ok": site.errors.is_empty(),
        "build_ms": site.build_ms,
        "errors": shown(&site.errors),
        "warnings": shown(&site.warnings),
        "stale": shown(&site.stale),
    })
    .to_string()
}

/// Diagnostics as the live script shows them.
fn shown(diags: &[crate::Diagnostic]) -> Vec<serde_json::Value> {
    diags
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or_default();
            if let Some(map) = v.as_object_mut() {
                map.insert("location".into(), d.location().into());
                let excerpt = serde_json::to_value(d.excerpt()).unwrap_or_default();
                map.insert("excerpt".into(), excerpt);
            }
            v
        })
        .collect()
}

/// Every request that is not the event stream.
pub async fn handle(State(shared): State<Arc<Shared>>, req: Request<Body>) -> Response<Body> {
    let site = shared.current();
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = response(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "405: the preview only answers GET and HEAD\n",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw = req.uri().path();
    if let Some(own) = raw.strip_prefix(PREFIX) {
        return match own {
            "live.js" => response(StatusCode::OK, content_type("live.js"), LIVE_JS),
            "status" => response(StatusCode::OK, "application/json", status_json(&site)),
            _ => not_found(&site),
        };
    }
    match resolve(raw, |k| site.files.contains_key(k)) {
        Target::File(key) => match site.files.get(&key) {
            Some(bytes) => file_response(StatusCode::OK, &key, bytes),
            None => not_found(&site),
        },
        Target::Redirect(to) => {
            let to = match req.uri().query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut r = response(StatusCode::PERMANENT_REDIRECT, "text/plain", "");
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Target::NotFound => match draft_at(&site, raw) {
            Some(file) => draft_not_found(&site, file),
            None => not_found(&site),
        },
        Target::BadRequest(why) => response(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            format!("400 bad request: {why}\n"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(k: &str) -> bool {
        [
            "index.html",
            "about/index.html",
            "static/style.css",
            "404.html",
        ]
        .contains(&k)
    }

    #[test]
    fn paths_resolve_inside_the_site_only() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(
            resolve("/about/", site),
            Target::File("about/index.html".into())
        );
        assert_eq!(resolve("/about", site), Target::Redirect("/about/".into()));
        assert_eq!(
            resolve("/static/style.css", site),
            Target::File("static/style.css".into())
        );
        assert_eq!(
            resolve("/%61bout/", site),
            Target::File("about/index.html".into())
        );
        assert_eq!(resolve("/nope", site), Target::NotFound);
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/about/..%2f..%2fetc/passwd",
            "/..\\etc\\passwd",
            "/%5c..%5cetc",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "/a%00b",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%zz",
            "/./index.html",
        ] {
            assert!(matches!(resolve(bad, site), Target::BadRequest(_)), "{bad}");
        }
    }

    #[test]
    fn script_goes_before_head_end() {
        let out = String::from_utf8(inject(
            b"<html><head><title>x</title></head><body></body></html>",
        ))
        .unwrap();
        assert!(out.contains(&format!("{SCRIPT_TAG}</head>")));
        assert!(String::from_utf8(inject(b"<p>x"))
            .unwrap()
            .ends_with(SCRIPT_TAG));
    }
}
