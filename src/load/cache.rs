//! What loading made of each page, kept between the preview's rebuilds so
//! that a save re-reads only the files that changed.
//!
//! An entry is reused only while its file's stamp (size, modification time
//! and, on Unix, inode) is the one it was read with, and the file was not
//! reported changed since ([`LoadCache::forget`]). Both checks are kept:
//! the watcher's report catches two saves within one tick of the file
//! system's clock, and the stamp catches a change the watcher missed.
//! Files that are gone are dropped from the cache on the next load.

use super::{PageInput, PageLoad};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// A file's identity on disk, as far as a change goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        })
    }
}

/// The loaded pages, by their path under content/ (`background/x.md`).
/// The default keeps nothing (a build); see [`LoadCache::keeping`].
#[derive(Default)]
pub struct LoadCache {
    keep: bool,
    pages: HashMap<String, (PathBuf, Stamp, PageLoad)>,
    /// Paths under content/ reported changed since the last load.
    forgotten: HashSet<String>,
    /// How many pages the last load read from disk.
    read: usize,
}

impl LoadCache {
    /// A cache that keeps each page for the next load (the preview).
    pub fn keeping() -> LoadCache {
        LoadCache {
            keep: true,
            ..LoadCache::default()
        }
    }

    /// Files reported changed, relative to the site root
    /// (`content/background/x.md`): they are read again whatever their
    /// stamp says. Paths outside content/ are ignored here.
    pub fn forget(&mut self, changed: &[PathBuf]) {
        for path in changed {
            if let Ok(rel) = path.strip_prefix("content") {
                let rel = rel.to_string_lossy().replace('\\', "/");
                self.forgotten.insert(rel);
            }
        }
    }

    /// How many pages the last load read from disk (the rest were reused).
    pub fn pages_read(&self) -> usize {
        self.read
    }

    /// Each page of `todo` (path under content/, real path), from the cache
    /// when unchanged, else loaded with `load` (in parallel). The cache then
    /// holds exactly these pages.
    pub(super) fn pages(
        &mut self,
        todo: &[(String, PathBuf)],
        load: impl Fn(&str, &Path) -> PageLoad + Sync,
    ) -> Vec<PageLoad> {
        if !self.keep {
            self.read = todo.len();
            return todo.par_iter().map(|(rel, real)| load(rel, real)).collect();
        }
        let stamps: Vec<Option<Stamp>> = todo.par_iter().map(|(_, real)| Stamp::of(real)).collect();
        let results: Vec<(PageLoad, bool)> = todo
            .par_iter()
            .zip(&stamps)
            .map(
                |((rel, real), stamp)| match self.reusable(rel, real, *stamp) {
                    Some(hit) => (hit, false),
                    None => (load(rel, real), true),
                },
            )
            .collect();
        self.read = results.iter().filter(|(_, fresh)| *fresh).count();
        let mut next = HashMap::with_capacity(todo.len());
        let mut out = Vec::with_capacity(todo.len());
        for (((rel, real), stamp), (result, _)) in todo.iter().zip(stamps).zip(results) {
            if let Some(stamp) = stamp {
                next.insert(rel.clone(), (real.clone(), stamp, result.clone()));
            }
            out.push(result);
        }
        self.pages = next;
        self.forgotten.clear();
        out
    }

    /// Read one page again, from where it was last found, and keep it:
    /// the preview's shortcut for a save to a page already known. `None`
    /// for a page not in the cache (a new file goes through a full load),
    /// or one that is gone.
    pub fn reload_page(&mut self, rel: &str) -> Option<Arc<PageInput>> {
        let (real, _, _) = self.pages.get(rel)?;
        let real = real.clone();
        let stamp = Stamp::of(&real)?;
        let loaded = super::load_page(rel, &real);
        let page = match &loaded {
            PageLoad::Read(p) => Some(p.clone()),
            _ => None,
        };
        self.pages.insert(rel.to_string(), (real, stamp, loaded));
        self.forgotten.remove(rel);
        self.read = 1;
        page
    }

    fn reusable(&self, rel: &str, real: &Path, stamp: Option<Stamp>) -> Option<PageLoad> {
        if self.forgotten.contains(rel) {
            return None;
        }
        let (was_real, was_stamp, result) = self.pages.get(rel)?;
        (was_real == real && Some(*was_stamp) == stamp).then(|| result.clone())
    }
}
