//! Robustness (issue #9): broken inputs that cannot sensibly be committed as
//! fixture files (bytes that are not UTF-8, symbolic links, huge or generated
//! files), builds killed part-way, output confinement and HTML escaping of
//! every value that comes from YAML. The committed cases live in
//! tests/fixtures/errors/ and run in `every_error_fixture_...` in build.rs.

use crate::{build, copy_dir, fixtures, html, select, stderr, text, tree};
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// Virtual memory allowed to a build fed an alias bomb or deep nesting: far
/// below what expanding them would take, enough for a normal build.
const MEMORY_LIMIT_KB: u64 = 1024 * 1024;

struct Broken {
    name: &'static str,
    /// Breaks a copy of the basic fixture (the site folder is passed).
    setup: fn(&Path),
    /// The exact `path:line:col: error: message` lines; `{site}` stands for
    /// the site folder.
    want: &'static [&'static str],
    /// Run the build under `ulimit -v` (bounded memory).
    limit_memory: bool,
}

fn write(site: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// "Billion laughs": ten levels, each a list of ten aliases of the one before.
fn alias_bomb() -> String {
    let mut s = String::from("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    s
}

fn cases() -> Vec<Broken> {
    vec![
        Broken {
            name: "page not UTF-8 (Latin-1 é)",
            setup: |s| write(s, "content/background/latin1.md", b"---\ntitle: Caf\xe9\n---\nText.\n"),
            want: &["content/background/latin1.md:2:11: error: this file is not UTF-8 text (byte 0xE9 cannot be read)"],
            limit_memory: false,
        },
        Broken {
            name: "sources.yaml not UTF-8 (Windows-1252 quote)",
            setup: |s| {
                let mut b = std::fs::read(s.join("content/sources.yaml")).unwrap();
                b.extend_from_slice(b"- id: x\n  outlet: \x93Quoted\x94\n  title: t\n");
                write(s, "content/sources.yaml", b)
            },
            want: &["content/sources.yaml:11:11: error: this file is not UTF-8 text (byte 0x93 cannot be read)"],
            limit_memory: false,
        },
        Broken {
            name: "billion laughs",
            setup: |s| write(s, "content/timeline/2021.yaml", alias_bomb()),
            want: &["content/timeline/2021.yaml:1:5: error: YAML anchors (`&name`) are not supported"],
            limit_memory: true,
        },
        Broken {
            name: "aliases without anchors in reach",
            setup: |s| write(s, "content/timeline/2021.yaml", "events:\n  - *a\n"),
            want: &["content/timeline/2021.yaml:2:5: error: YAML aliases (`*name`) are not supported"],
            limit_memory: true,
        },
        Broken {
            name: "100,000 nested flow lists",
            setup: |s| {
                let n = 100_000;
                write(s, "content/timeline/2021.yaml", format!("events: {}{}\n", "[".repeat(n), "]".repeat(n)))
            },
            want: &["content/timeline/2021.yaml:1:264: error: nesting deeper than 64 levels"],
            limit_memory: true,
        },
        Broken {
            name: "2,000 nested block mappings",
            setup: |s| {
                let mut y = String::from("title: t\nsummary: s\nfigures:\n");
                for i in 0..2000 {
                    y.push_str(&format!("{}k{i}:\n", " ".repeat(i + 2)));
                }
                write(s, "content/facts/deep.yaml", y)
            },
            want: &["content/facts/deep.yaml:67:66: error: nesting deeper than 64 levels"],
            limit_memory: true,
        },
        Broken {
            name: "a page over the size limit",
            setup: |s| {
                let f = std::fs::File::create(s.join("content/background/huge.md")).unwrap();
                // Sparse: the limit is checked before anything is read.
                f.set_len(65 * 1024 * 1024 + 1024 * 100).unwrap();
            },
            want: &["content/background/huge.md: error: this file is 65.1 MiB; the limit is 64 MiB"],
            limit_memory: true,
        },
        Broken {
            name: "symbolic link to itself",
            setup: |s| symlink("loop.md", s.join("content/background/loop.md")).unwrap(),
            want: &["content/background/loop.md: error: broken or looping symbolic link: Too many levels of symbolic links (os error 40)"],
            limit_memory: false,
        },
        Broken {
            name: "two symbolic links pointing at each other",
            setup: |s| {
                symlink("b.md", s.join("content/background/a.md")).unwrap();
                symlink("a.md", s.join("content/background/b.md")).unwrap();
            },
            want: &[
                "content/background/a.md: error: broken or looping symbolic link: Too many levels of symbolic links (os error 40)",
                "content/background/b.md: error: broken or looping symbolic link: Too many levels of symbolic links (os error 40)",
            ],
            limit_memory: false,
        },
        Broken {
            name: "symbolic link to a parent folder (a loop for a walker that follows links)",
            setup: |s| symlink("..", s.join("content/background/up")).unwrap(),
            want: &["content/background/up: error: symbolic links to folders are not followed"],
            limit_memory: false,
        },
        Broken {
            name: "symbolic link to a file outside the site",
            setup: |s| {
                std::fs::write(s.join("../outside.md"), "---\ntitle: Outside\n---\n").unwrap();
                symlink("../../../outside.md", s.join("content/background/outside.md")).unwrap();
            },
            want: &["content/background/outside.md: error: symbolic link points outside the site folder (to {tmp}/outside.md)"],
            limit_memory: false,
        },
        Broken {
            name: "symbolic link to a folder outside the site",
            setup: |s| {
                std::fs::create_dir(s.join("../elsewhere")).unwrap();
                symlink("../../../elsewhere", s.join("content/background/elsewhere")).unwrap();
            },
            want: &["content/background/elsewhere: error: symbolic link points outside the site folder (to {tmp}/elsewhere)"],
            limit_memory: false,
        },
        Broken {
            name: "symbolic link in static/ to a file outside the site",
            setup: |s| {
                std::fs::write(s.join("../secret.txt"), "secret").unwrap();
                std::fs::create_dir_all(s.join("static")).unwrap();
                symlink("../../secret.txt", s.join("static/secret.txt")).unwrap();
            },
            want: &["static/secret.txt: error: symbolic link points outside the site folder (to {tmp}/secret.txt)"],
            limit_memory: false,
        },
        Broken {
            name: "a static file where a page goes",
            setup: |s| write(s, "static/background/truces/index.html", "<p>Hand-made</p>"),
            want: &["explainer: error: two files would be written to background/truces/index.html: a generated page or export, and a file from static/ or content/ with the same path"],
            limit_memory: false,
        },
        Broken {
            name: "no site.yaml",
            setup: |s| std::fs::remove_file(s.join("site.yaml")).unwrap(),
            want: &["site.yaml: error: no site.yaml in {site}"],
            limit_memory: false,
        },
    ]
}

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

/// Names in `dir` that look like the writer's temporary folders.
fn temp_folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("explainer-tmp"))
        .collect()
}

#[test]
fn generated_bad_inputs_report_exact_positions_and_keep_output() {
    let mut failures = Vec::new();
    for case in cases() {
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
        let err = String::from_utf8_lossy(&o.stderr);
        let got: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
        let want: Vec<String> = case
            .want
            .iter()
            .map(|w| {
                w.replace("{site}", &site.to_string_lossy())
                    .replace("{tmp}", &tmp_path.to_string_lossy())
            })
            .collect();
        let name = case.name;
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

/// A symbolic link to a file inside the site is fine.
#[test]
fn symbolic_link_inside_the_site_builds() {
    let (tmp, site) = crate::basic_site();
    symlink("truces.md", site.join("content/background/truces-again.md")).unwrap();
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    // Two files, one text: the same title and headings under two URLs.
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "background/truces-again/index.html");
    assert_eq!(text(&select(&doc, "h1")[0]), "The October truces");
}

/// Every file of the basic fixture saved "on Windows": a BOM and CRLF line
/// endings. The site must build to exactly the same output.
#[test]
fn bom_and_crlf_everywhere_build_the_same_site() {
    let (tmp, site) = crate::basic_site();
    let mut converted = 0;
    for e in walkdir::WalkDir::new(&site) {
        let e = e.unwrap();
        let p = e.path();
        if e.file_type().is_file()
            && matches!(p.extension().and_then(|x| x.to_str()), Some("md" | "yaml"))
        {
            let t = std::fs::read_to_string(p).unwrap();
            std::fs::write(p, format!("\u{feff}{}", t.replace('\n', "\r\n"))).unwrap();
            converted += 1;
        }
    }
    assert!(converted >= 15, "{converted} files converted");
    let windows = tmp.path().join("windows");
    let o = build(&site, &windows, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let unix = tmp.path().join("unix");
    assert!(build(&fixtures().join("basic"), &unix, &[])
        .status
        .success());
    assert_eq!(tree(&windows), tree(&unix));
}

/// 50 MB of Markdown builds (the limit is 64 MiB), and all of it arrives.
#[test]
fn a_50_megabyte_page_builds() {
    let (tmp, site) = crate::basic_site();
    let para = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. ".repeat(10) + "\n\n";
    let count = 50_000_000 / para.len() + 1;
    let mut body = String::with_capacity(50_100_000);
    body.push_str("---\ntitle: Big\n---\n## Start\n\n");
    for _ in 0..count {
        body.push_str(&para);
    }
    body.push_str("The last paragraph.\n");
    assert!(body.len() > 50_000_000);
    write(&site, "content/background/big.md", &body);
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("background/big/index.html")).unwrap();
    assert_eq!(page.matches("<em>consectetur</em>").count(), count * 10);
    assert!(page.contains("<p>The last paragraph.</p>"));
}

/// A site of `pages` generated pages on top of the basic fixture.
fn large_site(dir: &Path, pages: usize) -> PathBuf {
    let site = dir.join("site");
    copy_dir(&fixtures().join("basic"), &site);
    std::fs::create_dir_all(site.join("content/bulk")).unwrap();
    write(&site, "content/bulk/_index.md", "---\ntitle: Bulk\n---\n");
    for i in 0..pages {
        write(
            &site,
            &format!("content/bulk/page-{i:04}.md"),
            format!(
                "---\ntitle: Page {i}\nsummary: Generated page {i}.\nweight: {i}\n---\n## Part one\n\n{}\n\n## Part two\n\nSee [Ganja](@/places/ganja.md).\n",
                "Some words of text, repeated. ".repeat(40)
            ),
        );
    }
    site
}

fn set_title(site: &Path, title: &str) {
    let path = site.join("site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let rest: Vec<&str> = yaml.lines().filter(|l| !l.starts_with("title:")).collect();
    std::fs::write(&path, format!("title: {title}\n{}\n", rest.join("\n"))).unwrap();
}

/// SIGKILL a build at several moments: the output is always one complete
/// build (the previous one, or the new one once the swap happened), and the
/// next build succeeds and removes the killed build's temporary folder.
#[test]
fn a_killed_build_leaves_a_complete_output_and_the_next_build_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let site = large_site(tmp.path(), 2000);
    let out = tmp.path().join("public");

    set_title(&site, "Version A");
    let started = Instant::now();
    let o = build(&site, &out, &[]);
    let full = started.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    let version_a = tree(&out);
    assert!(version_a.len() > 2000);
    let reference_b = tmp.path().join("reference-b");
    set_title(&site, "Version B");
    assert!(build(&site, &reference_b, &[]).status.success());
    let version_b = tree(&reference_b);
    std::fs::remove_dir_all(&reference_b).unwrap();
    assert_ne!(version_a, version_b);

    let mut left_behind = 0;
    for fraction in [0.1, 0.4, 0.7, 0.95] {
        set_title(&site, "Version B");
        let mut child = Command::new(env!("CARGO_BIN_EXE_explainer"))
            .args(["build", "--root"])
            .arg(&site)
            .arg("--output")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = tree(&out);
        assert!(
            now == version_a || now == version_b,
            "killed at {fraction} of a build: the output is neither build"
        );
        left_behind += temp_folders(tmp.path()).len();

        set_title(&site, "Version A");
        let o = build(&site, &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(tree(&out), version_a, "rebuilt after a kill at {fraction}");
        assert_eq!(temp_folders(tmp.path()), Vec::<String>::new());
    }
    eprintln!("a full build took {full:?}; {left_behind} kills left a temporary folder for the next build to remove");
}

/// Every entry under `dir` except the output folder: path -> file bytes,
/// link target, or a folder mark.
fn everything_but(dir: &Path, out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.path() != out)
        .map(|e| e.unwrap())
        .map(|e| {
            let p = e.path().to_path_buf();
            let v = if e.path_is_symlink() {
                let t = std::fs::read_link(&p).unwrap();
                format!("link -> {}", t.display()).into_bytes()
            } else if e.file_type().is_dir() {
                b"folder".to_vec()
            } else {
                std::fs::read(&p).unwrap()
            };
            (p.strip_prefix(dir).unwrap().to_path_buf(), v)
        })
        .collect()
}

/// Hostile inputs, built with canary files next to the output folder and in
/// its parent: nothing outside the output folder is created, changed or
/// deleted, whether the build fails or succeeds.
#[test]
fn nothing_outside_the_output_folder_is_touched() {
    type Setup = fn(&Path);
    let hostile: &[(&str, Setup)] = &[
        ("nothing hostile", |_| {}),
        ("slug with ../", |s| {
            write(
                s,
                "content/background/esc.md",
                "---\ntitle: x\nslug: ../../canary\n---\n",
            )
        }),
        ("absolute slug", |s| {
            write(
                s,
                "content/background/esc.md",
                "---\ntitle: x\nslug: /tmp/canary\n---\n",
            )
        }),
        ("slug on a section index", |s| {
            write(
                s,
                "content/bulk/_index.md",
                "---\ntitle: x\nslug: ../..\n---\n",
            )
        }),
        ("title made of ../", |s| {
            write(
                s,
                "content/background/dots.md",
                "---\ntitle: ../../../canary.txt\n---\n",
            )
        }),
        ("category id with ../", |s| {
            let y = std::fs::read_to_string(s.join("site.yaml")).unwrap();
            write(s, "site.yaml", y.replace("id: war", "id: ../../war"));
        }),
        ("folder names that slugify to nothing", |s| {
            write(s, "content/%2e%2e/x.md", "---\ntitle: x\n---\n");
            write(s, "content/…/y.md", "---\ntitle: y\n---\n");
        }),
        ("symbolic link to the canary", |s| {
            symlink("../../work/canary.txt", s.join("content/canary.md")).unwrap()
        }),
        (
            "symbolic link folder in static/ to the output's parent",
            |s| {
                std::fs::create_dir_all(s.join("static")).unwrap();
                symlink("../../work", s.join("static/work")).unwrap()
            },
        ),
        ("an asset named like the output's temp folder", |s| {
            write(s, "content/.public.explainer-tmp-1/x.txt", "x");
            write(s, "static/public.explainer-tmp-2", "x");
        }),
    ];
    for (name, setup) in hostile {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let site = root.join("site");
        copy_dir(&fixtures().join("basic"), &site);
        setup(&site);
        let work = root.join("work");
        let out = work.join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "previous").unwrap();
        std::fs::write(work.join("canary.txt"), "next to the output").unwrap();
        std::fs::write(root.join("canary.txt"), "in the parent").unwrap();
        std::fs::write(root.join("canary"), "in the parent").unwrap();
        // Look like other runs' temporary folders, but are not removable:
        // a live process's (pid 1) and one whose suffix is not a pid.
        for keep in [".public.explainer-tmp-1", ".public.explainer-tmp-x"] {
            std::fs::create_dir(work.join(keep)).unwrap();
            std::fs::write(work.join(keep).join("canary.txt"), keep).unwrap();
        }
        let before = everything_but(root, &out);
        let o = build(&site, &out, &[]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{name}: {:?}\n{}",
            o.status,
            stderr(&o)
        );
        assert_eq!(
            everything_but(root, &out),
            before,
            "{name}: something outside the output folder changed\n{}",
            stderr(&o)
        );
        if o.status.success() {
            assert!(out.join("index.html").is_file());
        } else {
            assert_eq!(
                std::fs::read_to_string(out.join("index.html")).unwrap(),
                "previous"
            );
        }
    }
}

const PAYLOAD: &str =
    r#"A <b>&amp; "q" 'a' </b></script><script>alert(1)</script><x-injected onmouseover="evil()">"#;

/// tests/fixtures/hostile puts markup, quotes and ampersands into every kind
/// of value editors write in YAML: site title and description, menu
/// entries, category labels, page titles and summaries, place names and
/// their notes, actor names and roles, sheet titles, figure labels and
/// units, ceasefire names, source outlets and titles, event titles, era
/// titles. Everywhere, they must come out as text.
#[test]
fn yaml_values_are_text_in_every_page() {
    let (tmp, site) = crate::basic_site();
    copy_dir(&fixtures().join("hostile"), &site);
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages = 0;
    for (rel, bytes) in tree(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        assert!(
            select(&doc, "x-injected").is_empty(),
            "{rel}: element injected"
        );
        assert!(
            select(&doc, "[onmouseover]").is_empty(),
            "{rel}: attribute injected"
        );
        for s in select(&doc, "script") {
            let body = s.inner_html();
            if s.value().attr("type") == Some("application/ld+json") {
                let v: serde_json::Result<serde_json::Value> = serde_json::from_str(&body);
                assert!(v.is_ok(), "{rel}: JSON-LD broken: {body}");
            } else {
                assert!(!body.contains("alert(1)"), "{rel}: script injected: {body}");
            }
        }
        let title = select(&doc, "title");
        assert!(
            text(&title[0]).contains(PAYLOAD),
            "{rel}: the site title is in <title> as text"
        );
        pages += 1;
    }
    assert!(pages >= 20, "only {pages} pages checked");

    let has_text = |page: &str, css: &str| {
        let doc = html(&out, page);
        let found = select(&doc, css).iter().any(|e| text(e).contains(PAYLOAD));
        assert!(found, "{page}: no `{css}` holds the value as text");
    };
    has_text("background/truces/index.html", "h1");
    has_text("background/index.html", ".cards");
    has_text("places/ganja/index.html", ".names");
    has_text("actors/azerbaijan/index.html", "h1");
    has_text("facts/casualties/index.html", "h1");
    has_text("facts/casualties/index.html", "tbody");
    has_text("facts/ceasefires/index.html", "main");
    has_text("sources/index.html", "li#aljazeera-2020-10-18");
    has_text("timeline/index.html", "li.event");
    has_text("timeline/attack/index.html", "h1");
    has_text("index.html", "header nav");
    let doc = html(&out, "background/truces/index.html");
    assert_eq!(text(&select(&doc, "h1")[0]), PAYLOAD);
    let description = select(&doc, "meta[name=description]");
    assert_eq!(description[0].value().attr("content"), Some(PAYLOAD));
    let sources = html(&out, "sources/index.html");
    assert_eq!(
        select(&sources, "a[href^='https://apnews.com/']")[0]
            .value()
            .attr("href"),
        Some("https://apnews.com/example?a=1&b=\"2\"")
    );
    let sheet = html(&out, "facts/casualties/index.html");
    let note = select(&sheet, "tbody").iter().map(text).collect::<String>();
    assert!(
        note.contains(r#"Tolls differ & “vary” between sources"#),
        "{note}"
    );
}

/// With `allow_html: true` a page's raw HTML is kept; script links are still
/// refused, with their position.
#[test]
fn allow_html_opens_pages_to_html_but_never_to_script_links() {
    let (tmp, site) = crate::basic_site();
    let y = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    write(&site, "site.yaml", format!("allow_html: true\n{y}"));
    write(
        &site,
        "content/background/html.md",
        "---\ntitle: HTML\n---\nSome <b class=\"x\">bold</b> text.\n\n<aside>An aside.</aside>\n",
    );
    let out = tmp.path().join("public");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out, "background/html/index.html");
    assert_eq!(text(&select(&doc, ".prose b.x")[0]), "bold");
    assert_eq!(text(&select(&doc, ".prose aside")[0]), "An aside.");

    write(
        &site,
        "content/background/html.md",
        "---\ntitle: HTML\n---\n<b>ok</b> [x](JavaScript:alert(1)) [y](data:text/html,hi)\n",
    );
    let o = build(&site, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        lines,
        [
            "content/background/html.md:4:11: error: script links are not allowed: `JavaScript:alert(1)`",
            "content/background/html.md:4:36: error: script links are not allowed: `data:text/html,hi`",
        ]
    );
}

/// An output path that is a symbolic link to a folder elsewhere: the link is
/// replaced by the new output folder (the swap renames entries, it never
/// follows links), and the folder it pointed at is left as it was.
#[test]
fn an_output_symlink_is_replaced_and_its_target_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keep.txt"), "keep").unwrap();
    let out = tmp.path().join("public");
    symlink(&elsewhere, &out).unwrap();
    let o = build(&fixtures().join("basic"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(out.join("index.html").is_file());
    assert_eq!(
        tree(&elsewhere),
        BTreeMap::from([("keep.txt".to_string(), b"keep".to_vec())])
    );
    assert_eq!(temp_folders(tmp.path()), Vec::<String>::new());
}
