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

/// Two files for one output path (a static file where a page goes) would be
/// written in parallel, and which one wins would be chance.
pub fn refuse_collisions(files: &[OutputFile]) -> Result<(), Diagnostic> {
    let mut paths: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    paths.sort();
    match paths.windows(2).find(|w| w[0] == w[1]) {
        None => Ok(()),
        Some(w) => Err(Diagnostic::error(format!(
            "two files would be written to {}: a generated page or export, and a file from static/ or content/ with the same path",
            w[0].display()
        ))
        .hint("rename or move the static file; pages, feeds and exports own their paths")),
    }
}

/// Write `files` into `out`, replacing what was there only on success.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        Diagnostic::error(format!("cannot {what} {}: {e}", p.display()))
            .hint("check the output folder's permissions and free disk space")
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let out_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    refuse_collisions(files)?;
    std::fs::create_dir_all(&parent).map_err(|e| fail("create", &parent, e))?;
    remove_stale(&parent, &out_name);
    let tmp = parent.join(tmp_name(&out_name, std::process::id()));
    std::fs::create_dir(&tmp).map_err(|e| fail("create", &tmp, e))?;

    let result = (|| {
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| f.path.parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            if !paths::is_contained(d) && !d.as_os_str().is_empty() {
                return Err(Diagnostic::error(format!(
                    "refusing to write outside the output folder: {}",
                    d.display()
                )));
            }
            std::fs::create_dir_all(tmp.join(d)).map_err(|e| fail("create", d, e))?;
        }
        files.par_iter().try_for_each(|f| {
            if !paths::is_contained(&f.path) {
                return Err(Diagnostic::error(format!(
                    "refusing to write outside the output folder: {}",
                    f.path.display()
                )));
            }
            std::fs::write(tmp.join(&f.path), &f.bytes).map_err(|e| fail("write", &f.path, e))
        })?;
        swap(&tmp, out).map_err(|e| fail("replace", out, e))
    })();
    // After a swap `tmp` holds the previous output; after a failure, the
    // partial new one. Either way it goes.
    let _ = std::fs::remove_dir_all(&tmp);
    result
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
