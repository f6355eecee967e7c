//! Rebuilding after a save, redoing only what the save changed: what the
//! preview (`serve`) runs on every change, and what the property test
//! checks against a clean build.
//!
//! A [`Session`] keeps three things between rebuilds, and each stage
//! decides for itself what it can reuse:
//!
//! - load: each page as last read (`load::LoadCache`), read again when
//!   its file changed;
//! - resolve: each page body as last rendered (`resolve::ResolveCache`),
//!   rendered again when its file or what its links and figures resolve
//!   to changed; every other step runs in full, as it is cheap;
//! - render: the last good build's files and what they were made from
//!   (`render::deps`), so that only the pages reading something that
//!   changed go through their templates again.
//!
//! A failed rebuild keeps the last good build; the next one compares
//! itself with that, so nothing a failed rebuild missed is lost.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::LoadCache;
use crate::render::deps::Facets;
use crate::render::Rendered;
use crate::resolve::ResolveCache;
use crate::resolve::Site;
use crate::BuildOptions;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The built site: output path (with `/`) -> bytes.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// What one rebuild did, for the terminal.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Pages rendered through their templates, of `pages_total`.
    pub pages_rendered: usize,
    pub pages_total: usize,
    /// Page bodies rendered from Markdown (the rest were reused).
    pub bodies_rendered: usize,
    /// Page files read from disk (the rest were reused).
    pub pages_read: usize,
    /// Other outputs whose bytes changed: feeds, index, downloads, files.
    pub other_files_changed: Vec<String>,
    /// Outputs that are gone.
    pub removed: usize,
}

impl Summary {
    /// `1 page of 79 re-rendered (1 body), search/index.json, atom.xml`.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!(
            "{} of {} pages re-rendered ({} Markdown {})",
            self.pages_rendered,
            self.pages_total,
            self.bodies_rendered,
            if self.bodies_rendered == 1 {
                "body"
            } else {
                "bodies"
            }
        )];
        let n = self.other_files_changed.len();
        if n > 0 && n <= 4 {
            parts.push(self.other_files_changed.join(", "));
        } else if n > 4 {
            parts.push(format!("{n} other files"));
        }
        if self.removed > 0 {
            parts.push(format!("{} removed", self.removed));
        }
        parts.join("; ")
    }
}

/// The result of one rebuild.
pub enum Outcome {
    Built {
        files: Arc<Files>,
        warnings: Vec<Diagnostic>,
        summary: Summary,
        /// Pages left out as drafts: path in the output -> content file.
        drafts: Vec<(String, String)>,
    },
    /// The last good build is kept.
    Failed { diagnostics: Vec<Diagnostic> },
}

/// The last good build and what it was made from.
struct Good {
    files: Arc<Files>,
    facets: Facets,
}

/// A site kept in memory between rebuilds.
pub struct Session {
    opts: BuildOptions,
    load: LoadCache,
    resolve: ResolveCache,
    last: Option<Good>,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            load: LoadCache::default(),
            resolve: ResolveCache::default(),
            last: None,
        }
    }

    /// The last good build's files, if any.
    pub fn files(&self) -> Option<Arc<Files>> {
        self.last.as_ref().map(|g| g.files.clone())
    }

    /// Rebuild after `changed` (paths relative to the site root, or
    /// absolute inside it) changed on disk. The first call builds it all.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        let root = self.opts.root.clone();
        let relative: Vec<PathBuf> = changed.iter().map(|p| relative_to(&root, p)).collect();
        self.load.forget(&relative);
        let loaded = crate::load::load_cached(&root, self.opts.base_url.as_deref(), &mut self.load);
        let (inputs, mut diags) = match loaded {
            Ok(x) => x,
            Err(d) => return failed(d),
        };
        let pages_read = self.load.pages_read();
        let site =
            crate::resolve::resolve_cached(inputs, self.opts.drafts, &mut self.resolve, &mut diags);
        if diags.has_errors() {
            return failed(diags);
        }
        let drafts = site.drafts.clone();
        let site = Arc::new(site);
        let old = self.files().unwrap_or_default();
        let previous = self.last.as_ref().map(|g| &g.facets);
        let (done, made) = render(&site, previous, &mut diags);
        let mut summary = Summary {
            pages_rendered: done.pages_rendered,
            pages_total: done.pages_total,
            bodies_rendered: self.resolve.bodies.rendered_last(),
            pages_read,
            ..Summary::default()
        };
        let (done, files) = match next_files(&old, &done.outputs, made, &mut summary) {
            Some(files) => (done, files),
            None => {
                // An output neither rendered now nor kept from before: a
                // dependency is missing. Render everything rather than
                // serve a site with a hole in it.
                let (done, made) = render(&site, None, &mut Diagnostics::new());
                summary.pages_rendered = done.pages_rendered;
                let files = next_files(&old, &done.outputs, made, &mut summary).unwrap_or_default();
                (done, files)
            }
        };
        if diags.has_errors() {
            return failed(diags);
        }
        let files = Arc::new(files);
        self.last = Some(Good {
            files: files.clone(),
            facets: done.facets,
        });
        Outcome::Built {
            files,
            warnings: diags.into_sorted(),
            summary,
            drafts,
        }
    }
}

/// Render what changed since `previous` into memory, refusing two files
/// for one path.
fn render(
    site: &Arc<Site>,
    previous: Option<&Facets>,
    diags: &mut Diagnostics,
) -> (Rendered, Vec<(String, Vec<u8>)>) {
    let made: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
    let sink = |path: &Path, bytes: &[u8]| -> Result<(), Diagnostic> {
        let key = path.to_string_lossy().replace('\\', "/");
        let mut made = made.lock().unwrap_or_else(|e| e.into_inner());
        made.push((key, bytes.to_vec()));
        Ok(())
    };
    let done = crate::render::render_changed(site, previous, diags, &sink);
    let paths = done.outputs.iter().map(PathBuf::as_path).collect();
    if let Err(d) = crate::write::refuse_path_collisions(paths) {
        diags.push(d);
    }
    (done, made.into_inner().unwrap_or_else(|e| e.into_inner()))
}

fn failed(diags: Diagnostics) -> Outcome {
    Outcome::Failed {
        diagnostics: diags.into_sorted(),
    }
}

/// The new build's files: those just made, and the rest of `outputs` as
/// they were (pages that did not need rendering again), or `None` if an
/// output is neither. Counts what changed into `summary`.
fn next_files(
    old: &Files,
    outputs: &[PathBuf],
    made: Vec<(String, Vec<u8>)>,
    summary: &mut Summary,
) -> Option<Files> {
    let wanted: Vec<String> = outputs
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut made: HashMap<String, Vec<u8>> = made.into_iter().collect();
    let mut files = Files::with_capacity(wanted.len());
    summary.other_files_changed.clear();
    for path in wanted {
        let bytes = match (made.remove(&path), old.get(&path)) {
            (Some(new), Some(was)) if **was == new => was.clone(),
            (Some(new), was) => {
                if !path.ends_with(".html") && was.is_some() {
                    summary.other_files_changed.push(path.clone());
                }
                Arc::new(new)
            }
            (None, Some(was)) => was.clone(),
            (None, None) => return None,
        };
        files.insert(path, bytes);
    }
    summary.removed = old.keys().filter(|k| !files.contains_key(*k)).count();
    summary.other_files_changed.sort();
    Some(files)
}

/// `path` relative to `root` when it is inside it (the watcher reports
/// absolute, canonical paths).
fn relative_to(root: &Path, path: &Path) -> PathBuf {
    if path.is_relative() {
        return path.to_path_buf();
    }
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    path.strip_prefix(&canonical)
        .or_else(|_| path.strip_prefix(root))
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
