//! `explainer serve`, run as the real binary on a free port on 127.0.0.1
//! against a copy of the `basic` fixture: what it serves, live reload,
//! errors shown while the last good build keeps being served, recovery,
//! path traversal, and 200 concurrent requests during rebuilds.
//!
//! Nothing here sleeps and hopes: every wait polls a condition with a
//! generous deadline, and every server is killed when its test ends.

use crate::harness::{build, copy_dir, fixtures, select, stderr, text, tree};

// The preview's overlay and warnings panel, in headless Chromium.
mod chromium;
mod drafts;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a loaded CI machine; only reached when something is wrong.
const DEADLINE: Duration = Duration::from_secs(60);

/// A running `explainer serve`, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
    _site: tempfile::TempDir,
    root: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copy the basic fixture into a temp folder and serve it on a free port.
fn start() -> Server {
    start_with(|root| copy_dir(&fixtures().join("basic"), root))
}

/// Serve a site that `fill` puts into an empty folder.
fn start_with(fill: impl FnOnce(&std::path::Path)) -> Server {
    start_with_args(fill, &[])
}

/// [`start_with`], with more arguments for `serve`.
fn start_with_args(fill: impl FnOnce(&std::path::Path), extra: &[&str]) -> Server {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().join("site");
    fill(&root);
    let mut child = Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start explainer serve");
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = mpsc::channel();
    let stream = child.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let _ = tx.send(port.parse::<u16>().unwrap());
            }
            let mut log = sink.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    let port = match rx.recv_timeout(DEADLINE) {
        Ok(port) => port,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not start:\n{}", log.lock().unwrap());
        }
    };
    Server {
        child,
        port,
        log,
        _site: site,
        root,
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A bare HTTP/1.1 GET with the path sent exactly as given (clients would
/// normalise `..` away, which is what a traversal test must not do).
fn get(port: u16, raw_path: &str) -> Reply {
    request(port, "GET", raw_path)
}

fn request(port: u16, method: &str, raw_path: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        s,
        "{method} {raw_path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read reply");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let body = raw[split + 4..].to_vec();
    let reply = Reply {
        status,
        headers,
        body,
    };
    if let Some(len) = reply.header("content-length") {
        assert_eq!(
            len.parse::<usize>().unwrap(),
            reply.body.len(),
            "{raw_path}: body shorter than its content-length"
        );
    }
    reply
}

fn status(port: u16) -> serde_json::Value {
    let r = get(port, "/__explainer/status");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    serde_json::from_slice(&r.body).unwrap()
}

fn generation(port: u16) -> u64 {
    status(port)["generation"].as_u64().unwrap()
}

/// Poll `cond` until it holds; fail with `what` and the server's log.
fn wait_for<T>(server: &Server, what: &str, mut cond: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = cond() {
            return v;
        }
        if start.elapsed() > DEADLINE {
            panic!(
                "timed out waiting for {what}; server said:\n{}",
                server.log.lock().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Wait for the first rebuild after `after`; returns the new status.
fn next_build(server: &Server, after: u64) -> serde_json::Value {
    wait_for(server, &format!("a build after generation {after}"), || {
        let s = status(server.port);
        (s["generation"].as_u64().unwrap() > after).then_some(s)
    })
}

/// Save as careful editors do: write a hidden temp file, rename it over the
/// page. The watcher then sees one complete change, never a truncated file.
fn save(path: &std::path::Path, text: &str) {
    let name = path.file_name().unwrap().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Wait for a build after `after` whose status satisfies `want`.
fn wait_status(
    server: &Server,
    after: u64,
    what: &str,
    want: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    wait_for(server, what, || {
        let s = status(server.port);
        (s["generation"].as_u64().unwrap() > after && want(&s)).then_some(s)
    })
}

/// Read reload events until one reports generation `g`.
fn event_for(rx: &mpsc::Receiver<serde_json::Value>, g: u64) -> serde_json::Value {
    loop {
        let ev = next_event(rx);
        if ev["generation"].as_u64() == Some(g) {
            return ev;
        }
    }
}

const SCRIPT: &str = "<script src=\"/__explainer/live.js\" defer></script>";

#[test]
fn serves_exactly_the_built_site_with_the_live_script_added() {
    let server = start();
    let base = format!("http://127.0.0.1:{}/", server.port);
    // The same site built to disk with the address the server uses.
    let out = server._site.path().join("public");
    let o = build(&server.root, &out, &["--base-url", &base]);
    assert!(o.status.success(), "{}", stderr(&o));
    let built = tree(&out);
    assert!(built.len() > 20);
    for (rel, bytes) in &built {
        let rel = rel.replace('\\', "/");
        let r = get(server.port, &format!("/{rel}"));
        assert_eq!(r.status, 200, "/{rel}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
        if rel.ends_with(".html") {
            assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
            let page = r.text();
            assert_eq!(page.matches(SCRIPT).count(), 1, "/{rel}");
            assert_eq!(page.replace(SCRIPT, "").as_bytes(), &bytes[..], "/{rel}");
        } else {
            assert_eq!(&r.body, bytes, "/{rel}");
        }
    }
    // Links point at the preview, not at the published address.
    let home = get(server.port, "/").text();
    assert!(home.contains(&base), "{home}");
    assert!(!home.contains("https://example.org/karabakh/"));

    let types = [
        ("/", "text/html; charset=utf-8"),
        ("/timeline.json", "application/json"),
        ("/facts/casualties.csv", "text/csv; charset=utf-8"),
        ("/__explainer/live.js", "text/javascript; charset=utf-8"),
    ];
    for (path, kind) in types {
        let r = get(server.port, path);
        assert_eq!(
            (r.status, r.header("content-type")),
            (200, Some(kind)),
            "{path}"
        );
    }
    let css = built
        .keys()
        .find(|k| k.ends_with(".css"))
        .expect("a stylesheet");
    assert_eq!(
        get(server.port, &format!("/{css}")).header("content-type"),
        Some("text/css; charset=utf-8")
    );

    // A folder without its slash is sent to the slash, query kept.
    let r = get(server.port, "/background?x=1");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/background/?x=1"));

    // Only reading: anything else is refused.
    for method in ["POST", "PUT", "DELETE"] {
        let r = request(server.port, method, "/");
        assert_eq!(
            (r.status, r.header("allow")),
            (405, Some("GET, HEAD")),
            "{method}"
        );
    }

    // Unknown paths get the site's own 404 page, with status 404.
    let r = get(server.port, "/no/such/page/");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.text().replace(SCRIPT, "").as_bytes(),
        &built["404.html"][..]
    );

    // The live script is external (a strict CSP allows it) and never writes
    // diagnostics as HTML.
    let js = get(server.port, "/__explainer/live.js").text();
    assert!(js.contains("EventSource(\"/__explainer/events\")"));
    assert!(js.contains("textContent"));
    assert!(!js.contains("innerHTML"));
    let doc = scraper::Html::parse_document(&home);
    assert_eq!(
        select(&doc, "script[src='/__explainer/live.js'][defer]").len(),
        1
    );
    assert!(select(&doc, "head script[src='/__explainer/live.js']").len() == 1);
}

#[test]
fn traversal_requests_never_reach_a_file_outside_the_site() {
    let server = start();
    // A canary next to the site, and the site's own sources: neither is
    // part of the built site, so neither may ever be served.
    let canary = server.root.parent().unwrap().join("canary.txt");
    std::fs::write(&canary, "CANARY-SECRET").unwrap();
    let secrets = ["CANARY-SECRET", "base_url:", "root:x:0:0"];
    let attempts = [
        "/../canary.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/canary.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/%2e%2e%2fcanary.txt",
        "/%252e%252e/canary.txt",
        "/..%2fcanary.txt",
        "/..%5ccanary.txt",
        "/..\\canary.txt",
        "/%c0%ae%c0%ae/canary.txt",
        "/background/../../canary.txt",
        "/./../canary.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/site.yaml",
        "/content/background/first-war.md",
        "/%00../canary.txt",
        "/canary.txt%00.html",
        "/..",
        "/.%2e/canary.txt",
    ];
    let mut refused = 0;
    for path in attempts {
        let r = get(server.port, path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        refused += 1;
        let body = r.text();
        for secret in secrets {
            assert!(!body.contains(secret), "{path} leaked {secret}");
        }
    }
    assert_eq!(refused, attempts.len());
    // Absolute-form request targets (a proxy-style request) are no way out either.
    let r = get(
        server.port,
        &format!("http://127.0.0.1:{}/../canary.txt", server.port),
    );
    assert!(r.status == 400 || r.status == 404, "{}", r.status);
    assert!(!r.text().contains("CANARY-SECRET"));

    // A symbolic link out of the site folder: the build refuses it, so the
    // file never enters the served site.
    #[cfg(unix)]
    {
        let g = generation(server.port);
        let content_dir = server.root.join("content/background");
        std::os::unix::fs::symlink(&canary, content_dir.join("leak.md")).unwrap();
        let s = next_build(&server, g);
        assert_eq!(s["ok"], false, "{s}");
        assert_eq!(s["errors"][0]["file"], "content/background/leak.md", "{s}");
        assert!(s["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("symbolic link points outside the site folder"));
        for path in ["/background/leak/", "/background/leak.md", "/leak.md"] {
            let r = get(server.port, path);
            assert_eq!(r.status, 404, "{path}");
            assert!(!r.text().contains("CANARY-SECRET"), "{path}");
        }
    }
}

/// Read `event: build` messages from the SSE stream on a thread of its own.
fn subscribe(port: u16) -> mpsc::Receiver<serde_json::Value> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__explainer/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            // Chunked framing lines interleave; the data lines are whole.
            if let Some(data) = line.strip_prefix("data: ") {
                if let Ok(v) = serde_json::from_str(data) {
                    if tx.send(v).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

fn next_event(rx: &mpsc::Receiver<serde_json::Value>) -> serde_json::Value {
    rx.recv_timeout(DEADLINE)
        .expect("an event on the reload stream")
}

#[test]
fn saving_reloads_errors_are_reported_and_fixing_recovers() {
    let server = start();
    let page = server.root.join("content/background/first-war.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let events = subscribe(server.port);
    let first = next_event(&events);
    let g0 = first["generation"].as_u64().unwrap();
    assert_eq!(first["ok"], true);
    assert_eq!(generation(server.port), g0);

    // 1. A one-line edit: a new build, the signal to reload, the new text.
    save(&page, &format!("{original}\nA freshly saved sentence.\n"));
    let s = wait_status(&server, g0, "the edit to build", |s| s["ok"] == true);
    let g1 = s["generation"].as_u64().unwrap();
    assert_eq!(event_for(&events, g1)["ok"], true);
    let doc = scraper::Html::parse_document(&get(server.port, "/background/first-war/").text());
    assert!(select(&doc, "main p")
        .iter()
        .any(|p| text(p).contains("A freshly saved sentence.")));

    // 2. A typo in a key: the error with its position, the old site still served.
    let broken = original.replacen("summary:", "sumary:", 1);
    let line = broken
        .lines()
        .position(|l| l.starts_with("sumary:"))
        .unwrap()
        + 1;
    save(&page, &broken);
    let s = wait_status(&server, g1, "the broken page to fail", |s| s["ok"] == false);
    let g2 = s["generation"].as_u64().unwrap();
    let errors = s["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{s}");
    let e = &errors[0];
    assert_eq!(e["file"], "content/background/first-war.md");
    assert_eq!(e["line"].as_u64(), Some(line as u64));
    assert_eq!(e["column"].as_u64(), Some(1));
    assert_eq!(e["severity"], "error");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `sumary`"),
        "{e}"
    );
    assert!(e["hint"].as_str().is_some_and(|h| !h.is_empty()), "{e}");
    assert_eq!(e["snippet"], "sumary: 1988 to 1994.");
    assert_eq!(event_for(&events, g2)["ok"], false);
    let r = get(server.port, "/background/first-war/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("A freshly saved sentence."));
    let log = server.log.lock().unwrap().clone();
    assert!(
        log.contains(&format!(
            "content/background/first-war.md:{line}:1: error: unknown field `sumary`"
        )),
        "{log}"
    );
    assert!(
        log.contains("Rebuilt in")
            && log.contains("1 of ")
            && log.contains("pages re-rendered (1 Markdown body)"),
        "the terminal says what the first save redid:\n{log}"
    );
    assert!(log.contains("Rebuild failed in"));

    // 3. Fixed: the error is gone, the page reloads to the new text.
    save(
        &page,
        &original.replace("1988 to 1994.", "From 1988 to 1994."),
    );
    let s = wait_status(&server, g2, "the fix to build", |s| s["ok"] == true);
    assert_eq!(s["errors"].as_array().unwrap().len(), 0);
    assert_eq!(
        event_for(&events, s["generation"].as_u64().unwrap())["ok"],
        true
    );
    let r = get(server.port, "/background/first-war/");
    assert!(!r.text().contains("A freshly saved sentence."));
    assert!(r.text().contains("From 1988 to 1994."));
}

#[test]
fn a_burst_of_saves_is_one_rebuild_and_editor_temp_files_none() {
    let server = start();
    let g0 = generation(server.port);
    let dir = server.root.join("content/background");
    // Editors' side files: swap, backup, lock; these change nothing.
    for name in [
        ".first-war.md.swp",
        "first-war.md~",
        "4913",
        "#first-war.md#",
    ] {
        std::fs::write(dir.join(name), "junk: [").unwrap();
    }
    let page = dir.join("truces.md");
    let original = std::fs::read_to_string(&page).unwrap();
    const SAVES: usize = 10;
    for i in 1..=SAVES {
        save(&page, &format!("{original}\nSave number {i}.\n"));
    }
    let s = wait_for(&server, "the last save to be served", || {
        let s = status(server.port);
        let body = get(server.port, "/background/truces/").text();
        body.contains(&format!("Save number {SAVES}.")).then_some(s)
    });
    assert_eq!(s["ok"], true, "{s}");
    let rebuilds = s["generation"].as_u64().unwrap() - g0;
    assert!(
        (rebuilds as usize) < SAVES,
        "{SAVES} saves in a burst made {rebuilds} rebuilds"
    );
    let log = server.log.lock().unwrap().clone();
    for line in log.lines().filter(|l| l.starts_with("Changed:")) {
        assert!(
            !line.contains(".swp")
                && !line.contains('~')
                && !line.contains("4913")
                && !line.contains('#'),
            "{line}"
        );
    }
}

/// Resident memory of a process, in KiB (Linux only).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn two_hundred_concurrent_requests_during_rebuilds_get_complete_pages() {
    let server = start();
    let port = server.port;
    let page = server.root.join("content/background/truces.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let rss_before = rss_kib(server.child.id());
    let g0 = generation(port);

    // Rebuild in a loop: save, wait for the build, save again.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let saver = {
        let (stop, page, original) = (stop.clone(), page.clone(), original.clone());
        std::thread::spawn(move || {
            let mut builds = 0u64;
            let mut g = g0;
            let started = Instant::now();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) && started.elapsed() < DEADLINE {
                let marker = if builds % 2 == 0 {
                    "Version A."
                } else {
                    "Version B."
                };
                save(&page, &format!("{original}\n{marker}\n"));
                while generation(port) == g && started.elapsed() < DEADLINE {
                    std::thread::sleep(Duration::from_millis(5));
                }
                g = generation(port);
                builds += 1;
            }
            builds
        })
    };

    let paths = [
        "/",
        "/background/truces/",
        "/timeline/",
        "/sources/",
        "/facts/casualties/",
    ];
    let barrier = Arc::new(std::sync::Barrier::new(200));
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut seen = Vec::new();
                for round in 0..5 {
                    let path = paths[(i + round) % paths.len()];
                    let r = get(port, path);
                    seen.push((path, r.status, r.text()));
                }
                seen
            })
        })
        .collect();
    let mut replies = 0;
    let mut versions = [0usize; 2];
    for c in clients {
        for (path, code, body) in c.join().unwrap() {
            replies += 1;
            assert_eq!(code, 200, "{path}");
            assert!(
                body.trim_end().ends_with("</html>"),
                "{path}: incomplete page"
            );
            assert_eq!(body.matches(SCRIPT).count(), 1, "{path}");
            if path == "/background/truces/" {
                let a = body.contains("Version A.");
                let b = body.contains("Version B.");
                // One build or the other, never a mix; the first request
                // may predate the first save.
                assert!(!(a && b), "a page mixing two builds");
                versions[usize::from(b)] += usize::from(a || b);
            }
        }
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let builds = saver.join().unwrap();
    assert!(builds >= 1, "no rebuild happened during the requests");
    let rss_after = rss_kib(server.child.id());
    eprintln!(
        "stress: {replies} replies, all 200 and complete; {builds} rebuilds meanwhile; \
         pages seen A/B {versions:?}; RSS {rss_before:?} -> {rss_after:?} KiB"
    );
    assert_eq!(replies, 1000);
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        // Old builds are freed once no request holds them.
        assert!(
            after < before + 200 * 1024,
            "RSS grew from {before} to {after} KiB"
        );
    }
    // Still serving, and still in one piece.
    assert_eq!(get(port, "/").status, 200);
}

/// Save-to-reload time on the bundled site: from writing a one-line edit to
/// the reload event reaching a listening page. A measurement, not a check
/// (no timed assertions in tests): run it with
/// `cargo test --release --test site -- --ignored --nocapture save_to_reload`.
#[test]
#[ignore]
fn save_to_reload_on_the_bundled_site() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let server = start_with(|root| {
        std::fs::create_dir_all(root).unwrap();
        std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
        for dir in ["content", "templates", "static"] {
            copy_dir(&repo.join(dir), &root.join(dir));
        }
    });
    let page = server.root.join("content/background/war-2020.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let events = subscribe(server.port);
    let mut g = next_event(&events)["generation"].as_u64().unwrap();
    let mut times = Vec::new();
    for i in 0..20 {
        // Start from quiet: a late event of the last save must not count.
        while let Ok(ev) = events.recv_timeout(Duration::from_millis(300)) {
            g = g.max(ev["generation"].as_u64().unwrap());
        }
        let saved = Instant::now();
        save(&page, &format!("{original}\nOne more line, save {i}.\n"));
        loop {
            let ev = next_event(&events);
            if ev["generation"].as_u64().unwrap() > g {
                g = ev["generation"].as_u64().unwrap();
                assert_eq!(ev["ok"], true);
                break;
            }
        }
        times.push(saved.elapsed().as_millis());
    }
    times.sort();
    let log = server.log.lock().unwrap().clone();
    let builds: Vec<&str> = log.lines().filter(|l| l.starts_with("Rebuilt ")).collect();
    eprintln!(
        "save-to-reload over {} saves: min {} ms, median {} ms, max {} ms; last build: {}",
        times.len(),
        times[0],
        times[times.len() / 2],
        times[times.len() - 1],
        builds.last().unwrap_or(&"?")
    );
}

/// The basic site with the naming overlay: it builds, with three
/// warnings (one side's names only).
fn start_with_warnings() -> Server {
    start_with(|root| {
        copy_dir(&fixtures().join("basic"), root);
        copy_dir(&fixtures().join("naming"), root);
        std::fs::remove_file(root.join("expected-warnings.txt")).unwrap();
    })
}

/// Warnings reach the preview, not only the terminal: the status the live
/// script reads lists each with its place, hint and the line to show, and
/// the script has the panel that shows them.
#[test]
fn warnings_reach_the_preview_with_their_place_and_hint() {
    let server = start_with_warnings();
    let s = status(server.port);
    assert_eq!(s["ok"], true, "{s}");
    let warnings = s["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 3, "{s}");
    let w = &warnings[0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["location"], "content/background/one-sided.md:2:24");
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("`Shusha` is the Azerbaijani name"),
        "{w}"
    );
    assert!(
        w["hint"].as_str().unwrap().starts_with("give both names"),
        "{w}"
    );
    assert_eq!(w["excerpt"]["text"], "title: Fighting around Shusha");
    assert_eq!(w["excerpt"]["caret"], 23);
    let js = get(server.port, "/__explainer/live.js").text();
    assert!(js.contains("explainer-warnings") && js.contains("Build warnings"));
}

/// What is past its review date reaches the preview too: the status the
/// live script reads lists it apart from the warnings, as notes, oldest
/// first, and the script has the panel's section that shows them.
#[test]
fn stale_items_reach_the_preview_in_a_section_of_their_own() {
    let server = start_with_args(
        |root| {
            copy_dir(&fixtures().join("basic"), root);
            copy_dir(&fixtures().join("provenance"), root);
            std::fs::remove_file(root.join("README.md")).unwrap();
        },
        &["--today", "2026-12-01"],
    );
    let s = status(server.port);
    assert_eq!(s["ok"], true, "{s}");
    assert_eq!(s["warnings"].as_array().unwrap().len(), 0, "{s}");
    let stale = s["stale"].as_array().unwrap();
    let places: Vec<&str> = stale
        .iter()
        .map(|n| n["location"].as_str().unwrap())
        .collect();
    assert_eq!(
        places,
        [
            "content/facts/casualties.yaml:41:5",
            "content/facts/casualties.yaml:16:14",
            "content/background/first-war.md:6:12",
            "content/timeline/2020.yaml:11:16",
        ]
    );
    assert!(stale.iter().all(|n| n["severity"] == "note"), "{s}");
    let js = get(server.port, "/__explainer/live.js").text();
    assert!(js.contains("explainer-stale") && js.contains("past the review date"));
}

/// A paragraph of 600 characters with a broken link near its end.
fn long_paragraph() -> (String, usize) {
    let before = "The ceasefire talks went on. ".repeat(14);
    let text = format!(
        "{before}See [Ganja](@/places/ganj.md) for more. {}",
        "It held. ".repeat(20)
    );
    (text, before.chars().count() + 5)
}

/// A broken link at column ~400 of one long line: the status gives the
/// window of the line around the column, with the caret on the link.
#[test]
fn an_error_on_a_long_line_is_shown_around_its_column() {
    let server = start();
    let g0 = generation(server.port);
    let page = server.root.join("content/background/first-war.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let (paragraph, column) = long_paragraph();
    save(&page, &format!("{original}\n{paragraph}\n"));
    let s = wait_status(&server, g0, "the long line to fail", |s| s["ok"] == false);
    let e = &s["errors"][0];
    assert_eq!(e["column"].as_u64(), Some(column as u64), "{e}");
    let shown = e["excerpt"]["text"].as_str().unwrap();
    let caret = e["excerpt"]["caret"].as_u64().unwrap() as usize;
    assert!(shown.chars().count() <= 102, "{shown}");
    assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
    let at: String = shown.chars().skip(caret).take(22).collect();
    assert_eq!(at, "[Ganja](@/places/ganj.");
}
