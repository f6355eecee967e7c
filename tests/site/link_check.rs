//! `explainer links --check` against a local HTTP server (127.0.0.1, a
//! port the system picks; no other address is ever asked): good, moved
//! (301, 302), dead (404, 410) and "not found" pages served with 200, each
//! reported at the file, line and column where its address is written,
//! with the exit code a user sees. `links` without `--check` lists them.

use crate::harness::{basic_site, explainer, stderr, write};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// Requests the server saw: path and User-Agent.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// Start the server; returns its port and what it was asked.
fn serve() -> (u16, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || answer(stream, &log));
        }
    });
    (port, seen)
}

fn answer(mut stream: TcpStream, seen: &Seen) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    let _ = reader.read_line(&mut request);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("user-agent:") {
            agent = v.trim().to_string();
        }
    }
    seen.lock().unwrap().push((path.clone(), agent));
    let page = |title: &str| {
        format!("<!doctype html><html><head><title>{title}</title></head><body><p>{title}</p></body></html>")
    };
    let (status, location, body) = match path.as_str() {
        "/" => ("200 OK", None, page("Home")),
        "/good" | "/archive/snapshot" => ("200 OK", None, page("A report")),
        "/moved-permanently" => ("301 Moved Permanently", Some("/good"), String::new()),
        "/moved-temporarily" => ("302 Found", Some("/good"), String::new()),
        "/deep/article" => ("302 Found", Some("/"), String::new()),
        "/soft" => ("200 OK", None, page("Page Not Found | Example News")),
        "/gone" | "/archive/gone" => ("410 Gone", None, page("Gone")),
        "/forbidden" => ("403 Forbidden", None, page("Forbidden")),
        "/slow" => {
            std::thread::sleep(std::time::Duration::from_secs(3));
            ("200 OK", None, page("Late"))
        }
        _ => ("404 Not Found", None, page("Not Found")),
    };
    let location = location
        .map(|l| format!("Location: {l}\r\n"))
        .unwrap_or_default();
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{location}Content-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// content/sources.yaml for the test, with the server's address: each
/// source's `url` on a line of its own, so that the line numbers below hold.
fn sources(base: &str) -> String {
    format!(
        "\
- id: aljazeera-2020-10-18
  outlet: Al Jazeera
  title: Dead, with an archived copy
  url: {base}/missing
  archived_url: {base}/archive/snapshot
- id: ap-2020-10-10
  outlet: AP
  title: Gone, with no archived copy
  url: {base}/gone
- id: good
  outlet: Good
  title: Still there
  url: {base}/good
- id: moved
  outlet: Moved
  title: Moved for good
  url: {base}/moved-permanently
- id: visiting
  outlet: Visiting
  title: Moved for now
  url: {base}/moved-temporarily
- id: soft
  outlet: Soft
  title: Not found, served as a page
  url: {base}/soft
- id: home
  outlet: Home
  title: Sent to the home page
  url: {base}/deep/article
- id: archive-gone
  outlet: Archive gone
  title: Its archived copy is gone
  url: {base}/good
  archived_url: {base}/archive/gone
"
    )
}

#[test]
fn links_check_reports_each_dead_moved_and_soft_404_link_where_it_is_written() {
    let (port, seen) = serve();
    let base = format!("http://127.0.0.1:{port}");
    let (_tmp, site) = basic_site();
    write(&site, "content/sources.yaml", sources(&base));
    let page = site.join("content/background/truces.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let line = text.lines().count() + 2;
    let text = text + &format!("\nAn old [report]({base}/missing) of the strike.\n");
    std::fs::write(&page, text).unwrap();

    let o = explainer(&["links", "--check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a dead link without an archive fails:\n{err}"
    );
    let lines: Vec<String> = err
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: ") || l.contains(": note: "))
        .map(|l| l.replace(&base, "SERVER"))
        .collect();
    let want = [
        format!("content/background/truces.md:{line}:17: error: dead link (404 Not Found): SERVER/missing"),
        "content/sources.yaml:4:8: note: dead link (404 Not Found): SERVER/missing".to_string(),
        "content/sources.yaml:9:8: error: dead link (410 Gone) with no archived copy: SERVER/gone".into(),
        "content/sources.yaml:17:8: warning: moved permanently: SERVER/moved-permanently now redirects to SERVER/good".into(),
        "content/sources.yaml:21:8: note: redirects (temporarily) to SERVER/good: SERVER/moved-temporarily".into(),
        "content/sources.yaml:25:8: error: dead link (a \"not found\" page served as 200, titled \"Page Not Found | Example News\") with no archived copy: SERVER/soft".into(),
        "content/sources.yaml:29:8: error: dead link (sent to the site's home page, SERVER/) with no archived copy: SERVER/deep/article".into(),
        "content/sources.yaml:34:17: error: dead archived copy (410 Gone): SERVER/archive/gone".into(),
    ];
    assert_eq!(lines, want, "{err}");
    assert!(err.contains(&format!("  = hint: look for the page in an archive (e.g. https://web.archive.org/web/*/{base}/gone) and add the snapshot's address as `archived_url:`")), "{err}");
    assert!(
        err.contains(&format!("  = hint: update the address to {base}/good")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "  = hint: readers still have the archived copy, {base}/archive/snapshot"
        )),
        "{err}"
    );
    assert!(
        err.contains("Checked 11 links (9 addresses): 5 errors, 1 warning, 2 notes."),
        "{err}"
    );

    let seen = seen.lock().unwrap();
    let asked = |p: &str| seen.iter().filter(|(path, _)| path == p).count();
    assert_eq!(
        asked("/missing"),
        1,
        "an address written twice is asked once"
    );
    assert!(
        seen.iter()
            .all(|(_, ua)| ua.starts_with("explainer-links/")),
        "{seen:?}"
    );
}

#[test]
fn links_check_passes_when_nothing_is_dead_and_links_lists_without_asking() {
    let (port, seen) = serve();
    let base = format!("http://127.0.0.1:{port}");
    let (_tmp, site) = basic_site();
    let yaml = sources(&base);
    let alive: String = yaml
        .split("- id: ")
        .filter(|s| {
            ["good", "moved", "visiting", "aljazeera"]
                .iter()
                .any(|id| s.starts_with(id))
        })
        .map(|s| format!("- id: {s}"))
        .collect();
    let unsure = format!(
        "- id: refused\n  outlet: R\n  title: R\n  url: {base}/forbidden\n- id: slow\n  outlet: S\n  title: S\n  url: {base}/slow\n"
    );
    write(&site, "content/sources.yaml", alive + &unsure);
    let root = site.to_str().unwrap();

    let o = explainer(&["links", "--root", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listed = String::from_utf8_lossy(&o.stdout).replace(&base, "SERVER");
    assert_eq!(
        listed.lines().collect::<Vec<_>>(),
        [
            "content/sources.yaml:4:8: SERVER/missing",
            "content/sources.yaml:5:17: SERVER/archive/snapshot",
            "content/sources.yaml:9:8: SERVER/good",
            "content/sources.yaml:13:8: SERVER/moved-permanently",
            "content/sources.yaml:17:8: SERVER/moved-temporarily",
            "content/sources.yaml:21:8: SERVER/forbidden",
            "content/sources.yaml:25:8: SERVER/slow",
        ]
    );
    assert!(seen.lock().unwrap().is_empty(), "listing asks nothing");

    let o = explainer(&["links", "--check", "--timeout", "1", "--root", root]);
    let err = stderr(&o).replace(&base, "SERVER");
    assert_eq!(
        o.status.code(),
        Some(0),
        "notes and warnings do not fail:\n{err}"
    );
    // A refusal or a timeout says nothing about the page: a warning.
    assert!(err.contains("content/sources.yaml:21:8: warning: could not check (403 Forbidden: the site refused the check): SERVER/forbidden\n"), "{err}");
    assert!(
        err.contains(
            "content/sources.yaml:25:8: warning: could not check (timed out): SERVER/slow\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("Checked 7 links (7 addresses): 0 errors, 3 warnings, 2 notes."),
        "{err}"
    );
}

#[test]
fn links_check_says_so_when_nothing_can_be_reached() {
    // Two hosts where nothing listens: the port was free a moment ago.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (_tmp, site) = basic_site();
    let yaml = format!(
        "- id: aljazeera-2020-10-18\n  outlet: A\n  title: A\n  url: http://127.0.0.1:{port}/a\n- id: ap-2020-10-10\n  outlet: B\n  title: B\n  url: http://localhost:{port}/b\n"
    );
    write(&site, "content/sources.yaml", &yaml);
    let o = explainer(&["links", "--check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("You seem to be offline: none of the 2 addresses could be reached ("),
        "{err}"
    );
    assert!(!err.contains(": error: "), "no link is blamed: {err}");
}

#[test]
fn links_check_refuses_a_site_with_errors() {
    let (_tmp, site) = basic_site();
    write(&site, "content/sources.yaml", "- id: x\n  outlet: [\n");
    let o = explainer(&["links", "--check", "--root", site.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/sources.yaml:"), "{err}");
    assert!(err.contains("Links not read: 1 error"), "{err}");
}
