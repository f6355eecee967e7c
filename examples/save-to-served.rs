//! Save-to-served time of a running `explainer serve`, as an editor meets
//! it: append a line to a page the way editors save (write a temporary
//! file, rename it over the page), then ask the server for the page until
//! the new line is in it. Prints each time and the median, minimum and
//! maximum. Used by `benches/preview.sh`, which starts the server.
//!
//! ```text
//! save-to-served --port 4000 --file SITE/content/x/y.md --path /x/y/ [--edits 9]
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

struct Args {
    port: u16,
    file: PathBuf,
    path: String,
    edits: usize,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        port: 0,
        file: PathBuf::new(),
        path: String::new(),
        edits: 9,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => a.port = value.parse().map_err(|e| format!("--port: {e}"))?,
            "--file" => a.file = PathBuf::from(value),
            "--path" => a.path = value,
            "--edits" => a.edits = value.parse().map_err(|e| format!("--edits: {e}"))?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if a.port == 0 || a.path.is_empty() || !a.file.is_file() {
        return Err(
            "usage: save-to-served --port N --file PAGE.md --path /url/ [--edits N]".into(),
        );
    }
    Ok(a)
}

/// The page's body over HTTP/1.1, or an empty string.
fn fetch(port: u16, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return String::new();
    }
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn save(file: &PathBuf, text: &str) {
    let tmp = file.with_file_name(".save-to-served.tmp");
    std::fs::write(&tmp, text).expect("write the temporary file");
    std::fs::rename(&tmp, file).expect("rename it over the page");
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let original = std::fs::read_to_string(&a.file).expect("read the page");
    let mut times = Vec::new();
    for i in 0..a.edits {
        // Let the previous rebuild settle.
        std::thread::sleep(Duration::from_millis(400));
        let marker = format!("Benchmark edit {i} at {:?}.", Instant::now());
        let saved = Instant::now();
        save(&a.file, &format!("{original}\n{marker}\n"));
        loop {
            if fetch(a.port, &a.path).contains(&marker) {
                break;
            }
            if saved.elapsed() > Duration::from_secs(60) {
                eprintln!("edit {i} was not served within 60 s");
                std::process::exit(1);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let ms = saved.elapsed().as_secs_f64() * 1e3;
        println!("edit {i}: {ms:.1} ms");
        times.push(ms);
    }
    save(&a.file, &original);
    times.sort_by(f64::total_cmp);
    println!(
        "save-to-served over {} edits: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        times.len(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
