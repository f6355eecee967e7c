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
    /// Only page bodies changed: nothing else was loaded or resolved.
    pub bodies_only: bool,
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
        /// What is past its review date (notes), oldest first.
        stale: Vec<Diagnostic>,
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
    warnings: Vec<Diagnostic>,
    drafts: Vec<(String, String)>,
    /// Pages rendered through templates in a full rendering.
    pages_total: usize,
    /// The search index, which the shortcut updates page by page.
    search: Option<crate::render::search::SearchIndex>,
}

/// A site kept in memory between rebuilds.
pub struct Session {
    opts: BuildOptions,
    load: LoadCache,
    resolve: ResolveCache,
    last: Option<Good>,
    /// The last rebuild succeeded: the files on disk are those of `last`
    /// but for what is reported changed next. The shortcut needs it.
    last_was_good: bool,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            load: LoadCache::keeping(),
            resolve: ResolveCache::keeping(),
            last: None,
            last_was_good: false,
        }
    }

    /// The last good build's files, if any.
    pub fn files(&self) -> Option<Arc<Files>> {
        self.last.as_ref().map(|g| g.files.clone())
    }

    /// Rebuild after `changed` (paths relative to the site root, or
    /// absolute inside it) changed on disk. The first call builds it all.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        let done = self.rebuild_any(changed);
        self.last_was_good = matches!(done, Outcome::Built { .. });
        done
    }

    fn rebuild_any(&mut self, changed: &[PathBuf]) -> Outcome {
        let root = self.opts.root.clone();
        let relative: Vec<PathBuf> = changed.iter().map(|p| relative_to(&root, p)).collect();
        if self.last_was_good {
            if let Some(done) = self.rebuild_bodies(&relative) {
                return done;
            }
        }
        self.load.forget(&relative);
        let loaded = crate::load::load_cached(&root, self.opts.base_url.as_deref(), &mut self.load);
        let (mut inputs, mut diags) = match loaded {
            Ok(x) => x,
            Err(d) => return failed(d),
        };
        match self.opts.today() {
            Ok(day) => inputs.today = Some(day),
            Err(d) => diags.push(d),
        }
        let pages_read = self.load.pages_read();
        let site =
            crate::resolve::resolve_cached(inputs, self.opts.drafts, &mut self.resolve, &mut diags);
        if diags.has_errors() {
            return failed(diags);
        }
        if let Some(last) = &self.last {
            let previous = crate::published::from_views(&last.facets.site.corrections);
            diags.extend(crate::published::missing(&previous, &site.corrections));
        }
        let drafts = site.drafts.clone();
        let stale = site.stale.clone();
        let site = Arc::new(site);
        let old = self.files().unwrap_or_default();
        let previous = self.last.as_ref();
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
        let warnings = diags.into_sorted();
        let previous = self.last.take();
        // Freeing the last build (a whole site) is no reason to wait.
        let _ = std::thread::Builder::new()
            .name("free-build".into())
            .spawn(move || drop(previous));
        self.last = Some(Good {
            files: files.clone(),
            facets: done.facets,
            warnings: warnings.clone(),
            drafts: drafts.clone(),
            pages_total: summary.pages_total,
            search: done.search,
        });
        Outcome::Built {
            files,
            warnings,
            stale,
            summary,
            drafts,
        }
    }

    /// The shortcut for a save that changed only the bodies of pages the
    /// last good build has (`resolve::rebody`): those pages and the search
    /// index are rendered again, nothing is loaded or resolved but them.
    /// `None` when it does not apply; the caller then rebuilds in full.
    fn rebuild_bodies(&mut self, changed: &[PathBuf]) -> Option<Outcome> {
        let good = self.last.as_mut()?;
        let rels: Vec<String> = changed
            .iter()
            .map(|p| {
                let rel = p
                    .strip_prefix("content")
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/");
                rel.ends_with(".md").then_some(rel)
            })
            .collect::<Option<_>>()?;
        if rels.is_empty() {
            return None;
        }
        good.search.as_ref()?; // checked before anything is changed
        let site = Arc::get_mut(&mut good.facets.site)?;
        let mut patches = Vec::new();
        for rel in &rels {
            // A page with warnings goes the long way: which of them its
            // body caused is not recorded, so none could be taken back.
            let file = Path::new("content").join(rel);
            if good
                .warnings
                .iter()
                .any(|w| w.file.as_deref() == Some(file.as_path()))
            {
                return None;
            }
            let input = self.load.reload_page(rel)?;
            patches.push(crate::resolve::rebody::prepare(site, &self.resolve, input)?);
        }
        let mut diags = Diagnostics::new();
        diags.extend(good.warnings.iter().cloned());
        let mut pages = Vec::new();
        for patch in patches {
            diags.extend(patch.warnings.iter().cloned());
            pages.push(crate::resolve::rebody::apply(
                site,
                &mut self.resolve,
                patch,
            ));
        }
        let made: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
        let sink = |path: &Path, bytes: &[u8]| -> Result<(), Diagnostic> {
            let key = path.to_string_lossy().replace('\\', "/");
            made.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((key, bytes.to_vec()));
            Ok(())
        };
        let site = good.facets.site.clone();
        if let Some(search) = good.search.as_mut() {
            crate::render::render_bodies(&site, &good.facets, search, &pages, &mut diags, &sink);
        }
        drop(site);
        if diags.has_errors() {
            // A template failed on the new body: let a full rebuild say so
            // the usual way (and keep the last good build's files).
            self.last = None;
            return Some(failed(diags));
        }
        let mut files: Files = (*good.files).clone();
        let mut summary = Summary {
            pages_rendered: pages.len(),
            pages_total: good.pages_total,
            bodies_rendered: pages.len(),
            pages_read: pages.len(),
            bodies_only: true,
            ..Summary::default()
        };
        for (path, bytes) in made.into_inner().unwrap_or_else(|e| e.into_inner()) {
            if !path.ends_with(".html") && files.get(&path).is_some_and(|b| **b != bytes) {
                summary.other_files_changed.push(path.clone());
            }
            files.insert(path, Arc::new(bytes));
        }
        let files = Arc::new(files);
        let warnings = diags.into_sorted();
        good.files = files.clone();
        good.warnings = warnings.clone();
        Some(Outcome::Built {
            files,
            warnings,
            stale: good.facets.site.stale.clone(),
            summary,
            drafts: good.drafts.clone(),
        })
    }
}

/// Render what changed since `previous` into memory, refusing two files
/// for one path.
fn render(
    site: &Arc<Site>,
    previous: Option<&Good>,
    diags: &mut Diagnostics,
) -> (Rendered, Vec<(String, Vec<u8>)>) {
    let made: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
    let sink = |path: &Path, bytes: &[u8]| -> Result<(), Diagnostic> {
        let key = path.to_string_lossy().replace('\\', "/");
        let mut made = made.lock().unwrap_or_else(|e| e.into_inner());
        made.push((key, bytes.to_vec()));
        Ok(())
    };
    let facets = previous.map(|g| &g.facets);
    let search = crate::render::SearchKept::Yes(previous.and_then(|g| g.search.as_ref()));
    let done = crate::render::render_changed(site, facets, search, diags, &sink);
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
