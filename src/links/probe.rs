//! Asking one address over HTTP: a GET that follows redirects itself, one
//! hop at a time, so that it knows whether each hop was permanent and where
//! the last one led; a look at the page's start for signs of a "not found"
//! page served with 200. A few addresses at a time, each with a timeout.

use super::CheckOptions;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Redirects followed before giving up.
const MAX_HOPS: usize = 10;
/// How much of a page is read to find its title.
const HEAD_BYTES: u64 = 64 * 1024;
pub const USER_AGENT: &str = concat!(
    "explainer-links/",
    env!("CARGO_PKG_VERSION"),
    " (link check of a static site; one request per address)"
);

/// What one address did.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    /// It answered with `status` at `final_url`, after `redirects` hops
    /// (all of them permanent when `permanent`); `title` is the page's
    /// `<title>`, when it is HTML and has one.
    Answered {
        status: u16,
        final_url: String,
        redirects: Vec<u16>,
        title: Option<String>,
    },
    /// No HTTP answer: the host is unknown, refused, timed out, or TLS failed.
    Unreachable { why: NetFail, message: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetFail {
    /// The host name did not resolve.
    Dns,
    /// Nothing listened, or the connection broke.
    Connect,
    Timeout,
    /// The server answered, but TLS failed (a bad certificate).
    Tls,
    /// Too many redirects, or a redirect without a usable `Location`.
    Redirects,
    Other,
}

/// Ask every address, `opts.concurrency` at a time; the answers in the
/// order of `urls`.
pub fn all(urls: &[&str], opts: &CheckOptions) -> Vec<Probe> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Probe>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|scope| {
        for _ in 0..opts.concurrency.clamp(1, 16).min(urls.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let probe = one(&agent, url);
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(probe);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    results
        .into_iter()
        .map(|p| {
            p.unwrap_or(Probe::Unreachable {
                why: NetFail::Other,
                message: "not checked".into(),
            })
        })
        .collect()
}

/// Ask one address, following its redirects.
pub fn one(agent: &ureq::Agent, url: &str) -> Probe {
    let mut current = url.to_string();
    let mut redirects = Vec::new();
    loop {
        let mut response = match agent
            .get(&current)
            .header("Accept", "text/html,*/*;q=0.8")
            .call()
        {
            Ok(r) => r,
            Err(e) => return unreachable(e),
        };
        let status = response.status().as_u16();
        if (300..400).contains(&status) && status != 304 {
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok());
            let Some(next) = location.and_then(|l| join(&current, l)) else {
                return Probe::Unreachable {
                    why: NetFail::Redirects,
                    message: format!("redirect ({status}) without a usable Location"),
                };
            };
            redirects.push(status);
            if redirects.len() > MAX_HOPS {
                return Probe::Unreachable {
                    why: NetFail::Redirects,
                    message: format!("more than {MAX_HOPS} redirects"),
                };
            }
            current = next;
            continue;
        }
        let html = response
            .headers()
            .get("content-type")
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| c.contains("html"));
        let title = html
            .then(|| {
                let mut head = Vec::new();
                let reader = response.body_mut().as_reader();
                reader.take(HEAD_BYTES).read_to_end(&mut head).ok()?;
                title_of(&String::from_utf8_lossy(&head))
            })
            .flatten();
        return Probe::Answered {
            status,
            final_url: current,
            redirects,
            title,
        };
    }
}

fn unreachable(e: ureq::Error) -> Probe {
    use ureq::Error as E;
    let why = match &e {
        E::HostNotFound => NetFail::Dns,
        E::ConnectionFailed => NetFail::Connect,
        E::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut => NetFail::Timeout,
            _ => NetFail::Connect,
        },
        E::Timeout(_) => NetFail::Timeout,
        E::Tls(_) | E::Rustls(_) | E::Pem(_) => NetFail::Tls,
        _ => NetFail::Other,
    };
    let message = match why {
        NetFail::Timeout => "timed out".to_string(),
        _ => e.to_string(),
    };
    Probe::Unreachable { why, message }
}

/// `location` resolved against `base` (absolute, scheme-relative,
/// host-relative or path-relative), or `None` when it is not a web address.
pub fn join(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if location.starts_with("https://") || location.starts_with("http://") {
        return Some(location.to_string());
    }
    let (scheme, rest) = base.split_once("://")?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if let Some(r) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{r}"));
    }
    if location.starts_with('/') {
        return Some(format!("{origin}{location}"));
    }
    let path = rest[host_end..].split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    Some(format!("{origin}{dir}{location}"))
}

/// The text of a page's `<title>`, whitespace folded.
pub fn title_of(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title: Vec<&str> = html[start..end].split_whitespace().collect();
    Some(title.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_address_asked() {
        let base = "https://example.org/a/b.html?x=1";
        assert_eq!(join(base, "/c").as_deref(), Some("https://example.org/c"));
        assert_eq!(
            join(base, "c.html").as_deref(),
            Some("https://example.org/a/c.html")
        );
        assert_eq!(
            join(base, "//cdn.org/d").as_deref(),
            Some("https://cdn.org/d")
        );
        assert_eq!(
            join(base, "http://other.org/").as_deref(),
            Some("http://other.org/")
        );
        assert_eq!(
            join("https://example.org", "x").as_deref(),
            Some("https://example.org/x")
        );
    }

    #[test]
    fn titles_are_found_in_any_case() {
        assert_eq!(
            title_of("<html><TITLE>\n Page  not found</TITLE>").as_deref(),
            Some("Page not found")
        );
        assert_eq!(title_of("<p>no title</p>"), None);
        assert_eq!(title_of("<title>unclosed"), None);
    }
}
