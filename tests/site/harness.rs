//! The one harness every module of this crate uses: run the real binary,
//! copy fixture sites, read what a build wrote (files, parsed HTML), and
//! run error cases.
//!
//! - Sites to build: `fixtures()` (tests/fixtures/, see its README),
//!   `basic_site()` (a fresh copy of `basic` to change), `built_basic()`,
//!   `built_naming()`, `built_bundled()` (the repository's own explainer).
//! - Running: `explainer(args)`, `build(root, out, extra)`, `stderr(&output)`.
//! - Reading output: `tree()`, `html()`, `select()`, `text()`, `file_for()`.
//! - Error cases: `Case` and `run_error_cases()`, the one runner for the
//!   committed cases in tests/fixtures/errors/ and the generated ones in
//!   `errors.rs`.

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn explainer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args(args)
        .output()
        .expect("run explainer")
}

pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    explainer(&args)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir`, relative path -> bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn html(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

pub fn text(e: &scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fresh copy of the basic fixture site to change, in a temp folder.
pub fn basic_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixtures().join("basic"), &site);
    (tmp, site)
}

pub fn built_basic(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&fixtures().join("basic"), &out, extra);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    (tmp, out)
}

pub const BASE: &str = "https://example.org/karabakh/";

/// The bundled explainer, built under the /karabakh/ sub-path.
pub fn built_bundled() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = build(root, &out, &["--base-url", BASE]);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

/// The output file an absolute URL of the site names.
pub fn file_for(out: &Path, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    let rel = rel.split('#').next().unwrap();
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

/// The basic fixture with the naming overlay (places with both sides' names,
/// a page that uses only one side's names), built under /karabakh/.
pub fn built_naming() -> (tempfile::TempDir, std::process::Output) {
    let (tmp, site) = basic_site();
    copy_dir(&fixtures().join("naming"), &site);
    std::fs::remove_file(site.join("expected-warnings.txt")).unwrap();
    let o = build(&site, &tmp.path().join("public"), &[]);
    (tmp, o)
}

pub fn write(site: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Names in `dir` that look like the writer's temporary folders.
pub fn temp_folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("explainer-tmp"))
        .collect()
}

/// Virtual memory allowed to a build fed an alias bomb or deep nesting: far
/// below what expanding them would take, enough for a normal build.
const MEMORY_LIMIT_KB: u64 = 1024 * 1024;

/// A build of `site` into `out`, in bounded memory if asked.
fn run_build(site: &Path, out: &Path, limit_memory: bool) -> Output {
    if !limit_memory {
        return build(site, out, &[]);
    }
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_explainer"))
        .args(["build", "--root"])
        .arg(site)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap()
}

/// One broken site: a fresh copy of `basic` that `setup` breaks, and the
/// exact error lines a build of it must print.
pub struct Case {
    pub name: String,
    /// Breaks a copy of the basic fixture (the site folder is passed).
    pub setup: Box<dyn Fn(&Path)>,
    /// The exact `path:line:col: error: message` lines, in order; `{site}`
    /// stands for the site folder and `{tmp}` for the folder holding it.
    pub want: Vec<String>,
    /// Run the build under `ulimit -v` (bounded memory).
    pub limit_memory: bool,
}

impl Case {
    /// A committed case, tests/fixtures/errors/<name>/: its files are copied
    /// over the copy of `basic`, and its expected.txt holds the error lines.
    pub fn fixture(dir: &Path) -> Case {
        let expected = std::fs::read_to_string(dir.join("expected.txt"))
            .unwrap_or_else(|e| panic!("{}/expected.txt: {e}", dir.display()));
        let overlay = dir.to_path_buf();
        Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            setup: Box::new(move |site| {
                copy_dir(&overlay, site);
                std::fs::remove_file(site.join("expected.txt")).unwrap();
            }),
            want: expected.lines().map(String::from).collect(),
            limit_memory: false,
        }
    }
}

/// Every committed case in tests/fixtures/errors/, by name.
pub fn fixture_cases() -> Vec<Case> {
    let mut dirs: Vec<_> = std::fs::read_dir(fixtures().join("errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs.iter().map(|d| Case::fixture(d)).collect()
}

/// Builds every case into an output folder holding a previous build, and
/// checks that the build prints exactly the wanted error lines, exits with
/// 1, leaves the output folder as it was and leaves no temporary folder.
/// Reports every failing case at once.
pub fn run_error_cases(cases: Vec<Case>) {
    let mut failures = Vec::new();
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let tmp_path = std::fs::canonicalize(tmp.path()).unwrap();
        let site = tmp_path.join("site");
        copy_dir(&fixtures().join("basic"), &site);
        (case.setup)(&site);
        let out = tmp_path.join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "previous build").unwrap();
        let before = tree(&out);
        let o = run_build(&site, &out, case.limit_memory);
        let name = &case.name;
        let err = match std::str::from_utf8(&o.stderr) {
            Ok(s) => s.to_string(),
            Err(e) => {
                failures.push(format!("{name}: stderr is not UTF-8: {e}"));
                String::from_utf8_lossy(&o.stderr).into_owned()
            }
        };
        let got: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
        let want: Vec<String> = case
            .want
            .iter()
            .map(|w| {
                w.replace("{site}", &site.to_string_lossy())
                    .replace("{tmp}", &tmp_path.to_string_lossy())
            })
            .collect();
        if got != want {
            failures.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}\n{err}"));
        }
        if o.status.code() != Some(1) {
            failures.push(format!("{name}: exit {:?}\n{err}", o.status));
        }
        if tree(&out) != before {
            failures.push(format!("{name}: output folder changed"));
        }
        let left = temp_folders(&tmp_path);
        if !left.is_empty() {
            failures.push(format!("{name}: temporary folders left: {left:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The search index as the search page's script reads it: the entries of
/// `search/index.json` and of every file it names, in that order.
#[derive(serde::Deserialize)]
pub struct SearchIndex {
    pub version: u32,
    pub entries: Vec<SearchEntry>,
    /// The files with the pages' entries, relative to `search/`.
    pub files: Vec<String>,
}

/// Read the search index of the site built into `out`, as the script does.
pub fn search_index(out: &Path) -> SearchIndex {
    #[derive(serde::Deserialize)]
    struct Part {
        entries: Vec<SearchEntry>,
    }
    let read = |rel: &str| std::fs::read(out.join("search").join(rel)).unwrap();
    let mut index: SearchIndex = serde_json::from_slice(&read("index.json")).unwrap();
    for file in &index.files {
        let part: Part = serde_json::from_slice(&read(file)).unwrap();
        index.entries.extend(part.entries);
    }
    index
}

/// One entry of the search index: kind, title, URL, summary, words.
#[derive(serde::Deserialize, Debug)]
pub struct SearchEntry {
    pub k: String,
    pub t: String,
    pub u: String,
    pub s: String,
    #[serde(default)]
    pub w: String,
}
