//! The output folder: builds are deterministic, `check` writes nothing, a
//! build replaces the output in one step (even when killed part-way), it
//! refuses output folders that would destroy the site, and nothing outside
//! the output folder is ever created, changed or deleted. Failed builds
//! keeping the previous output are checked for every error case in `errors`.

use crate::harness::{
    basic_site, build, built_basic, copy_dir, explainer, fixtures, stderr, temp_folders, tree,
    write,
};
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[test]
fn builds_are_deterministic() {
    let (_a, one) = built_basic(&[]);
    let (_b, two) = built_basic(&[]);
    assert_eq!(tree(&one), tree(&two));
}

#[test]
fn check_writes_nothing() {
    let (tmp, site) = basic_site();
    let o = explainer(&["check", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.join("public").exists());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn refuses_output_folders_that_would_destroy_the_site() {
    let (tmp, site) = basic_site();
    let before = tree(tmp.path());
    for out in [
        site.clone(),
        tmp.path().to_path_buf(),
        site.join("content/out"),
        site.join("static"),
        site.join("templates/x"),
    ] {
        let o = build(&site, &out, &[]);
        assert_eq!(o.status.code(), Some(1), "{}", out.display());
        assert!(stderr(&o).contains("refusing to use"), "{}", stderr(&o));
    }
    assert_eq!(tree(tmp.path()), before);
}

#[test]
fn a_rebuild_replaces_the_output_and_removes_stale_temp_folders() {
    let (tmp, out) = built_basic(&[]);
    std::fs::write(out.join("stale.html"), "old").unwrap();
    let stale = tmp.path().join(".public.explainer-tmp-999999999");
    std::fs::create_dir(&stale).unwrap();
    let o = build(&fixtures().join("basic"), &out, &[]);
    assert!(o.status.success());
    assert!(!out.join("stale.html").exists(), "old files go");
    assert!(!stale.exists(), "stale temp folder removed");
    assert!(out.join("index.html").is_file());
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
