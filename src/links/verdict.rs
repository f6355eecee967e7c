//! What a link's answer means for the editor: dead (an error, or a note
//! when readers still have the archived copy), moved (a suggestion to
//! update), or not checkable (a warning); and whether the machine is simply
//! offline.

use super::collect::{Link, LinkKind};
use super::probe::{NetFail, Probe};
use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;

/// How an address fared.
enum Fate {
    Fine,
    /// Gone: the reason, as a reader would say it.
    Dead(String),
    /// Redirected to a working page; `permanent` when every hop was.
    Moved {
        to: String,
        permanent: bool,
    },
    /// No verdict possible: why.
    Unknown(String),
}

/// The diagnostic for `link`, given what its address did; `None` when all
/// is well.
pub fn of(link: &Link, probe: &Probe) -> Option<Diagnostic> {
    let d = match (fate(&link.url, probe), &link.kind) {
        (Fate::Fine, _) => return None,
        (Fate::Dead(why), LinkKind::Source { archived_url: Some(a), .. }) => {
            Diagnostic::note(format!("dead link ({why}): {}", link.url)).hint(format!(
                "readers still have the archived copy, {a}; keep `url:` as the original address"
            ))
        }
        (Fate::Dead(why), LinkKind::Source { .. }) => Diagnostic::error(format!(
            "dead link ({why}) with no archived copy: {}",
            link.url
        ))
        .hint(format!(
            "look for the page in an archive (e.g. https://web.archive.org/web/*/{}) and add the snapshot's address as `archived_url:`; or give the page's new address",
            link.url
        )),
        (Fate::Dead(why), LinkKind::Archived { .. }) => Diagnostic::error(format!(
            "dead archived copy ({why}): {}",
            link.url
        ))
        .hint("copy the snapshot's address again from the archive, or remove `archived_url:`"),
        (Fate::Dead(why), LinkKind::Page) => {
            Diagnostic::error(format!("dead link ({why}): {}", link.url))
                .hint("link to the page's new address, or to an archived copy of it")
        }
        (Fate::Moved { to, permanent: true }, _) => {
            Diagnostic::warning(format!("moved permanently: {} now redirects to {to}", link.url))
                .hint(format!("update the address to {to}"))
        }
        (Fate::Moved { to, permanent: false }, _) => {
            Diagnostic::note(format!("redirects (temporarily) to {to}: {}", link.url))
        }
        (Fate::Unknown(why), _) => {
            Diagnostic::warning(format!("could not check ({why}): {}", link.url))
                .hint("open it in a browser; run the check again later")
        }
    };
    Some(locate(d, link))
}

fn locate(d: Diagnostic, link: &Link) -> Diagnostic {
    let d = d.in_file(&link.file).at_pos(link.pos);
    Diagnostic {
        snippet: Some(link.line.clone()),
        ..d
    }
}

fn fate(url: &str, probe: &Probe) -> Fate {
    match probe {
        Probe::Unreachable { why, message } => match why {
            NetFail::Dns => Fate::Dead(format!("the host does not exist: {message}")),
            NetFail::Connect => Fate::Dead(format!("no server answers: {message}")),
            NetFail::Redirects => Fate::Dead(message.clone()),
            NetFail::Timeout | NetFail::Tls | NetFail::Other => Fate::Unknown(message.clone()),
        },
        Probe::Answered {
            status,
            final_url,
            redirects,
            title,
        } => answered(url, *status, final_url, redirects, title.as_deref()),
    }
}

fn answered(
    url: &str,
    status: u16,
    final_url: &str,
    redirects: &[u16],
    title: Option<&str>,
) -> Fate {
    let via = if redirects.is_empty() {
        String::new()
    } else {
        format!(", after a redirect to {final_url}")
    };
    match status {
        200..=299 => {}
        404 | 410 => return Fate::Dead(format!("{status} {}{via}", reason(status))),
        401 | 403 | 429 => {
            return Fate::Unknown(format!(
                "{status} {}: the site refused the check",
                reason(status)
            ))
        }
        500..=599 => return Fate::Unknown(format!("{status} {}: try again later", reason(status))),
        _ => return Fate::Dead(format!("{status} {}{via}", reason(status))),
    }
    if let Some(why) = soft_404(url, final_url, !redirects.is_empty(), title) {
        return Fate::Dead(why);
    }
    if redirects.is_empty() {
        return Fate::Fine;
    }
    Fate::Moved {
        to: final_url.to_string(),
        permanent: redirects.iter().all(|s| *s == 301 || *s == 308),
    }
}

/// Why a page served with 200 is a "not found" page, if it looks like one:
/// its title says so, its address does, or a deep link was sent to the
/// site's home page.
fn soft_404(url: &str, final_url: &str, redirected: bool, title: Option<&str>) -> Option<String> {
    let says_missing = |t: &str| {
        let t = t.to_lowercase();
        [
            "not found",
            "404",
            "page not found",
            "no longer available",
            "does not exist",
        ]
        .iter()
        .any(|w| t.contains(w))
    };
    if let Some(t) = title.filter(|t| says_missing(t)) {
        return Some(format!(
            "a \"not found\" page served as 200, titled \"{t}\""
        ));
    }
    if redirected {
        let path = |u: &str| {
            let rest = u.split_once("://").map_or(u, |(_, r)| r);
            let p = rest.find('/').map_or("", |i| &rest[i..]);
            p.split(['?', '#']).next().unwrap_or("").to_string()
        };
        let (asked, landed) = (path(url), path(final_url));
        if landed.trim_matches('/').is_empty() && !asked.trim_matches('/').is_empty() {
            return Some(format!("sent to the site's home page, {final_url}"));
        }
        if says_missing(&landed) || landed.to_lowercase().contains("notfound") {
            return Some(format!("sent to a \"not found\" page, {final_url}"));
        }
    }
    None
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// When nothing answered at all, from two hosts or more (DNS failures,
/// refused or timed-out connections only): one failure's message, to show.
pub fn offline(probes: &BTreeMap<&str, Probe>) -> Option<String> {
    let mut hosts: Vec<&str> = probes.keys().map(|u| host(u)).collect();
    hosts.sort_unstable();
    hosts.dedup();
    let no_network = |p: &Probe| {
        matches!(
            p,
            Probe::Unreachable {
                why: NetFail::Dns | NetFail::Connect | NetFail::Timeout,
                ..
            }
        )
    };
    if hosts.len() < 2 || !probes.values().all(no_network) {
        return None;
    }
    probes.iter().next().map(|(url, p)| match p {
        Probe::Unreachable { message, .. } => format!("{url}: {message}"),
        _ => url.to_string(),
    })
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}
