//! Watching the editors' files and rebuilding when they change: site.yaml,
//! content/, templates/ and static/. Events are debounced (a burst of saves
//! makes one rebuild) and editors' temporary and swap files are ignored.

use super::{rebuild, Event, Report, Shared};
use crate::diagnostic::Diagnostic;
use crate::incremental::Session;
use crate::BuildOptions;
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// Quiet time after the last change before rebuilding: long enough to
/// gather one save's events (an atomic save's write and rename arrive
/// within a millisecond or two), short enough not to show in the preview's
/// save-to-screen time. Saves during a rebuild join the next one.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// The folders whose contents make the site.
const WATCHED_DIRS: &[&str] = &["content", "templates", "static"];

/// Vim's `.x.swp`, `4913` probe and `x~` backups, Emacs' `#x#` and `.#x`
/// locks, and the `.tmp`/`.part` files of editors that save by renaming.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Whether a change to `path` can change the built site.
pub fn matters(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return false;
    };
    if top == "site.yaml" {
        return true;
    }
    if !WATCHED_DIRS.contains(&top.as_ref()) {
        return false;
    }
    !rel.components()
        .any(|c| is_editor_temp(&c.as_os_str().to_string_lossy()))
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watch each site folder that exists and is not watched yet.
fn watch_new_dirs(
    debouncer: &mut Debouncer,
    root: &Path,
    watched: &mut Vec<PathBuf>,
    report: &Report,
) {
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() && !watched.contains(&path) {
            match debouncer.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => watched.push(path),
                Err(e) => report(Event::WatchProblem(format!(
                    "cannot watch {} for changes: {e}",
                    path.display()
                ))),
            }
        }
    }
}

/// Start watching and rebuilding on a thread of its own.
pub fn start(
    opts: BuildOptions,
    mut session: Session,
    shared: Arc<Shared>,
    report: Report,
) -> Result<(), Diagnostic> {
    let root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let watch_failed = |e: notify::Error, p: &Path| {
        Diagnostic::error(format!("cannot watch {} for changes: {e}", p.display()))
            .hint("on Linux, raise fs.inotify.max_user_watches if the site is large")
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).map_err(|e| watch_failed(e, &root))?;
    // The root itself only for site.yaml and for folders created later; the
    // output folder and anything else there (target/, .git/) stay unwatched.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_failed(e, &root))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    watch_new_dirs(&mut debouncer, &root, &mut watched, &report);

    std::thread::Builder::new()
        .name("explainer-rebuild".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                // Whatever else arrived meanwhile joins this rebuild.
                let batch: Vec<DebounceEventResult> =
                    std::iter::once(first).chain(rx.try_iter()).collect();
                let mut changed: Vec<PathBuf> = Vec::new();
                for result in batch {
                    match result {
                        Ok(events) => {
                            for ev in events {
                                if ev.kind.is_access() {
                                    continue;
                                }
                                for p in &ev.paths {
                                    if matters(&root, p) && !changed.contains(p) {
                                        changed.push(p.clone());
                                    }
                                }
                            }
                        }
                        Err(errors) => {
                            for e in errors {
                                report(Event::WatchProblem(e.to_string()));
                            }
                        }
                    }
                }
                if changed.is_empty() {
                    continue;
                }
                // A folder created since the start (say, templates/) gets watched.
                watch_new_dirs(&mut debouncer, &root, &mut watched, &report);
                report(Event::Changed {
                    paths: changed
                        .iter()
                        .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
                        .collect(),
                });
                let previous = shared.current();
                let next = rebuild(&mut session, &changed, Some(&previous), &report);
                shared.tx.send_replace(Arc::new(next));
            }
        })
        .map_err(|e| Diagnostic::error(format!("cannot start the file watcher: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_trigger_rebuilds() {
        let root = Path::new("/site");
        for yes in [
            "/site/site.yaml",
            "/site/content/background/x.md",
            "/site/templates/base.html",
            "/site/static/style.css",
        ] {
            assert!(matters(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/target/debug/x",
            "/site/README.md",
            "/site/content/.x.md.swp",
            "/site/content/x.md~",
            "/site/content/4913",
            "/site/content/#x.md#",
            "/site/content/.#x.md",
            "/site/content/x.md.tmp",
            "/elsewhere/site.yaml",
        ] {
            assert!(!matters(root, Path::new(no)), "{no}");
        }
    }
}
