//! Reading a site's text files: size-limited, UTF-8 checked with the
//! position of the first bad byte, BOM removed and line endings made `\n`.

use crate::diagnostic::{Diagnostic, Pos};
use std::path::{Path, PathBuf};

/// Files larger than this are refused with a clear message instead of
/// exhausting memory (a 50 MB page still builds).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A text file of the site, as read: BOM removed, line endings made `\n`.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// Relative to the site root, e.g. `content/background/x.md`.
    pub rel: PathBuf,
    pub text: String,
}

/// Read a text file under `root`, refusing what is not UTF-8 with the
/// position of the first bad byte.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let meta = std::fs::metadata(&path).map_err(|e| io_error(rel, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(rel, meta.len()));
    }
    let bytes = std::fs::read(&path).map_err(|e| io_error(rel, &e))?;
    decode(rel, bytes)
}

fn too_large(rel: &Path, bytes: u64) -> Diagnostic {
    const MIB: f64 = 1024.0 * 1024.0;
    Diagnostic::error(format!(
        "this file is {:.1} MiB; the limit is {} MiB",
        bytes as f64 / MIB,
        MAX_FILE_BYTES / 1024 / 1024
    ))
    .in_file(rel)
    .hint("split it into several files")
}

fn decode(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
            let pos = Pos::of_offset(prefix, good);
            return Err(Diagnostic::error(format!(
                "this file is not UTF-8 text (byte 0x{:02X} cannot be read)",
                bytes[good]
            ))
            .in_file(rel)
            .at_pos(pos)
            .hint("save the file as UTF-8 (in most editors: File > Save with Encoding > UTF-8)"));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

fn io_error(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read this file: {e}")).in_file(rel)
}

pub fn read_at(rel_root: &Path, real: &Path) -> Result<TextFile, Diagnostic> {
    // `real` may be a symlink target; read it but report the link's path.
    let meta = std::fs::metadata(real).map_err(|e| io_error(rel_root, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(rel_root, meta.len()));
    }
    let bytes = std::fs::read(real).map_err(|e| io_error(rel_root, &e))?;
    Ok(TextFile {
        rel: rel_root.to_path_buf(),
        text: decode(rel_root, bytes)?,
    })
}
