//! The preview as a person sees it, in headless Chromium driven over the
//! DevTools protocol (a minimal WebSocket client below, std only): the
//! warnings panel and the errors overlay that the live script adds.
//! Without Chromium (/usr/bin/chromium, or CHROMIUM=path) the tests say
//! SKIPPED and pass, except under CI.

use super::{generation, long_paragraph, save, start, start_with_warnings, wait_status, DEADLINE};
use crate::harness::{select, text};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// A headless Chromium, killed when dropped.
struct Browser {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start Chromium on `url`; `None`, with a visible SKIPPED line, without it.
fn launch(url: &str, test: &str) -> Option<Browser> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.exists() {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: no Chromium at {}",
            chromium.display()
        );
        assert!(std::env::var_os("CI").is_none(), "CI must install Chromium");
        return None;
    }
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1280,800",
        ])
        .arg("--remote-debugging-port=0")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("DevTools listening on ws://127.0.0.1:").nth(1) {
                let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let _ = tx.send(port.parse::<u16>().unwrap());
            }
        }
    });
    let port = rx.recv_timeout(DEADLINE).expect("chromium's DevTools port");
    Some(Browser {
        child,
        port,
        _profile: profile,
    })
}

/// A plain HTTP GET's body (DevTools keeps the connection open, so read
/// exactly Content-Length bytes).
fn http_get(port: u16, path: &str) -> String {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(&s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut reader = BufReader::new(s);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8_lossy(&body).into_owned()
}

/// One WebSocket to a DevTools target: text frames, masked with a zero key.
struct Socket(TcpStream);

impl Socket {
    fn open(ws_url: &str) -> Socket {
        let rest = ws_url.strip_prefix("ws://").unwrap();
        let (host, path) = rest.split_at(rest.find('/').unwrap());
        let mut s = TcpStream::connect(host).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        assert!(
            head.starts_with(b"HTTP/1.1 101"),
            "{}",
            String::from_utf8_lossy(&head)
        );
        Socket(s)
    }

    fn send(&mut self, text: &str) {
        let len = text.len();
        let mut frame = vec![0x81u8];
        match len {
            0..=125 => frame.push(0x80 | len as u8),
            126..=65535 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(len as u16).to_be_bytes());
            }
            _ => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(len as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&[0, 0, 0, 0]); // a zero mask leaves the bytes as they are
        frame.extend_from_slice(text.as_bytes());
        self.0.write_all(&frame).unwrap();
    }

    /// The next whole message (continuation frames joined).
    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.0.read_exact(&mut head).unwrap();
            let len = match head[1] & 0x7f {
                126 => {
                    let mut b = [0u8; 2];
                    self.0.read_exact(&mut b).unwrap();
                    u16::from_be_bytes(b) as usize
                }
                127 => {
                    let mut b = [0u8; 8];
                    self.0.read_exact(&mut b).unwrap();
                    u64::from_be_bytes(b) as usize
                }
                n => n as usize,
            };
            let mut payload = vec![0u8; len];
            self.0.read_exact(&mut payload).unwrap();
            message.extend_from_slice(&payload);
            if head[0] & 0x80 != 0 {
                return String::from_utf8_lossy(&message).into_owned();
            }
        }
    }

    /// Evaluate `expression` in the page; its value as a string.
    fn evaluate(&mut self, id: u64, expression: &str) -> String {
        let call = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": { "expression": expression, "returnByValue": true },
        });
        self.send(&call.to_string());
        loop {
            let reply: serde_json::Value = serde_json::from_str(&self.receive()).unwrap();
            if reply["id"].as_u64() == Some(id) {
                let value = &reply["result"]["result"]["value"];
                return value.as_str().unwrap_or_default().to_string();
            }
        }
    }
}

/// The page at `path` of the preview on `port`, as Chromium shows it once
/// the element with id `wanted` is there (or the deadline passes).
fn page_once(port: u16, path: &str, wanted: &str, test: &str) -> Option<scraper::Html> {
    let url = format!("http://127.0.0.1:{port}{path}");
    let browser = launch(&url, test)?;
    let started = Instant::now();
    let ws = loop {
        let list: serde_json::Value =
            serde_json::from_str(&http_get(browser.port, "/json/list")).unwrap_or_default();
        let page = list
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["type"] == "page" && t["url"] == url.as_str());
        if let Some(ws) = page.and_then(|t| t["webSocketDebuggerUrl"].as_str()) {
            break ws.to_string();
        }
        assert!(started.elapsed() < DEADLINE, "no page target: {list}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut socket = Socket::open(&ws);
    let expression =
        format!("document.getElementById({wanted:?}) ? document.documentElement.outerHTML : ''");
    for id in 1.. {
        let html = socket.evaluate(id, &expression);
        if !html.is_empty() {
            return Some(scraper::Html::parse_document(&html));
        }
        assert!(
            started.elapsed() < DEADLINE,
            "#{wanted} never appeared on {url}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    None
}

/// In a real browser, a page with warnings gets the small panel: its
/// count, each warning's file:line:column, and a button to dismiss it.
#[test]
fn chromium_shows_the_warnings_panel_with_its_count_and_places() {
    let server = start_with_warnings();
    let test = "chromium_shows_the_warnings_panel_with_its_count_and_places";
    let Some(doc) = page_once(
        server.port,
        "/background/one-sided/",
        "explainer-warnings",
        test,
    ) else {
        return;
    };
    let panel = select(&doc, "section#explainer-warnings[role=region]");
    assert_eq!(panel.len(), 1, "{}", doc.html());
    assert_eq!(
        panel[0].value().attr("aria-labelledby"),
        Some("explainer-warnings-title")
    );
    let title = select(&doc, "#explainer-warnings h2");
    assert_eq!(text(&title[0]), "3 warnings");
    let items = select(&doc, "#explainer-warnings li");
    assert_eq!(items.len(), 3);
    assert!(
        text(&items[0]).starts_with("content/background/one-sided.md:2:24"),
        "{}",
        text(&items[0])
    );
    assert!(text(&items[0]).contains("hint: give both names"));
    let button = select(&doc, "#explainer-warnings button[type=button]");
    assert_eq!(
        button[0].value().attr("aria-label"),
        Some("Hide the build warnings")
    );
    assert!(select(&doc, "#explainer-errors").is_empty());
}

/// In a real browser, a failed build covers the page with an opaque
/// overlay, and the long line's window with its caret fits on screen.
#[test]
fn chromium_shows_an_opaque_overlay_with_the_caret_line_in_view() {
    let server = start();
    let g0 = generation(server.port);
    let page = server.root.join("content/background/first-war.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let (paragraph, _) = long_paragraph();
    save(&page, &format!("{original}\n{paragraph}\n"));
    wait_status(&server, g0, "the long line to fail", |s| s["ok"] == false);
    let test = "chromium_shows_an_opaque_overlay_with_the_caret_line_in_view";
    let Some(doc) = page_once(
        server.port,
        "/background/first-war/",
        "explainer-errors",
        test,
    ) else {
        return;
    };
    let overlay = select(&doc, "section#explainer-errors[role=alert]");
    assert_eq!(overlay.len(), 1, "{}", doc.html());
    let style = overlay[0].value().attr("style").unwrap_or_default();
    assert!(
        style.contains("background: rgb(20, 20, 20)"),
        "not opaque: {style}"
    );
    assert!(!style.contains("rgba"), "{style}");
    let pre = select(&doc, "#explainer-errors pre");
    let shown = pre[0].text().collect::<String>();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 2, "{shown}");
    assert!(lines.iter().all(|l| l.chars().count() <= 110), "{shown}");
    let caret = lines[1].chars().count() - 1;
    assert!(lines[1].ends_with('^'), "{shown}");
    let at: String = lines[0].chars().skip(caret).take(12).collect();
    assert_eq!(at, "[Ganja](@/pl", "{shown}");
}
