//! Stage 4, write: put the rendered files into a fresh temporary folder next
//! to the output, then swap it in with one atomic rename. A failed or killed
//! build leaves the previous output exactly as it was; leftovers of killed
//! builds are removed by the next one.

use crate::diagnostic::Diagnostic;
use crate::paths;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

const TMP_MARK: &str = ".explainer-tmp-";

fn tmp_name(out_name: &str, pid: u32) -> String {
    format!(".{out_name}{TMP_MARK}{pid}")
}

/// Remove temporary folders left by builds that are no longer running.
fn remove_stale(parent: &Path, out_name: &str) {
    let prefix = format!(".{out_name}{TMP_MARK}");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || !process_alive(pid) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true // without /proc, keep it: better a leftover than a broken build
    }
}

fn fail(what: &str, p: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} {}: {e}", p.display()))
        .hint("check the output folder's permissions and free disk space")
}

/// Two files for one output path would be written in parallel, and which
/// one wins would be chance. What editors can cause (a static file where a
/// page goes) is refused with its file in `resolve::pages`; this guard
/// keeps any other cause from becoming a race.
pub fn refuse_collisions(files: &[OutputFile]) -> Result<(), Diagnostic> {
    refuse_path_collisions(files.iter().map(|f| f.path.as_path()).collect())
}

/// [`refuse_collisions`], for a build's output paths.
pub fn refuse_path_collisions(mut paths: Vec<&Path>) -> Result<(), Diagnostic> {
    paths.sort();
    match paths.windows(2).find(|w| w[0] == w[1]) {
        None => Ok(()),
        Some(w) => Err(collision(w[0])),
    }
}

fn collision(path: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "two files would be written to {}: a generated page or export, and a file from static/ or content/ with the same path",
        path.display()
    ))
    .hint("rename or move the static file; pages, feeds and exports own their paths")
}

/// Write `files` into `out`, replacing what was there only on success.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let staging = Staging::begin(out)?;
    files
        .par_iter()
        .try_for_each(|f| staging.put(&f.path, &f.bytes))?;
    staging.commit()
}

/// A fresh temporary folder next to the output that a build writes into
/// file by file, from any thread, while it renders (so the output never has
/// to sit in memory whole). [`Staging::commit`] swaps it in; dropping it
/// without a commit removes it and leaves the output as it was.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    /// Every path written so far: a second file for one path is an error,
    /// never a race over which one survives.
    written: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    pub fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let out_name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(&parent).map_err(|e| fail("create", &parent, e))?;
        remove_stale(&parent, &out_name);
        let tmp = parent.join(tmp_name(&out_name, std::process::id()));
        std::fs::create_dir(&tmp).map_err(|e| fail("create", &tmp, e))?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
            written: Default::default(),
        })
    }

    /// Write one file, `rel` being its path inside the output folder.
    pub fn put(&self, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        if !paths::is_contained(rel) {
            return Err(Diagnostic::error(format!(
                "refusing to write outside the output folder: {}",
                rel.display()
            )));
        }
        let first = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf());
        if !first {
            return Err(collision(rel));
        }
        let full = self.tmp.join(rel);
        if let Some(dir) = full.parent() {
            // Safe from several threads at once: std treats "already made" as done.
            std::fs::create_dir_all(dir).map_err(|e| fail("create", dir, e))?;
        }
        std::fs::write(&full, bytes).map_err(|e| fail("write", rel, e))
    }

    /// Swap the new output in.
    pub fn commit(self) -> Result<(), Diagnostic> {
        swap(&self.tmp, &self.out).map_err(|e| fail("replace", &self.out, e))
        // `self` drops here: after the swap `tmp` holds the previous output.
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

#[cfg(target_os = "linux")]
fn swap(new: &Path, out: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if !out.exists() {
        return std::fs::rename(new, out);
    }
    if !out.is_dir() {
        return Err(std::io::Error::other(
            "the output path exists and is not a folder",
        ));
    }
    let a = CString::new(new.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    let b = CString::new(out.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        let err = std::io::Error::last_os_error();
        // Filesystems without RENAME_EXCHANGE: two renames, briefly non-atomic.
        if err.raw_os_error() == Some(libc::EINVAL) || err.raw_os_error() == Some(libc::ENOSYS) {
            swap_by_two_renames(new, out)
        } else {
            Err(err)
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn swap(new: &Path, out: &Path) -> std::io::Result<()> {
    if !out.exists() {
        return std::fs::rename(new, out);
    }
    swap_by_two_renames(new, out)
}

fn swap_by_two_renames(new: &Path, out: &Path) -> std::io::Result<()> {
    let old = new.with_extension("old");
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(new, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    std::fs::rename(&old, new)
}
