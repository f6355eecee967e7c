//! Static files: read once, CSS and JS given a content hash in their names
//! (`assets/style.3f2a9c1b10.css`) so hosts can cache them forever.

use super::host_files::ASSETS_DIR;
use super::OutputFile;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::generated;
use crate::load::{AssetBytes, AssetFile};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `style.css` -> `assets/style.3f2a9c1b10.css` for CSS and JS, in one
/// folder so that a host can cache it forever with one rule; other files
/// keep their names and places.
pub fn fingerprint(name: &str, bytes: &[u8]) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if generated::is_fingerprinted(name) => {
            let hash = blake3::hash(bytes).to_hex();
            format!("{ASSETS_DIR}/{stem}.{}.{ext}", &hash[..10])
        }
        _ => name.to_string(),
    }
}

/// Every static file as it goes to the output, and the map from each
/// file's name in static/ to its name in the output (for `asset()`).
pub fn read(
    assets: &[AssetFile],
    diags: &mut Diagnostics,
) -> (Vec<OutputFile>, BTreeMap<String, String>) {
    let mut urls = BTreeMap::new();
    let mut files = Vec::new();
    for a in assets {
        let rel = a.out.to_string_lossy().replace('\\', "/");
        let bytes = match &a.bytes {
            AssetBytes::Builtin(b) => b.to_vec(),
            AssetBytes::Disk(p) => match std::fs::read(p) {
                Ok(b) => b,
                Err(e) => {
                    diags.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(p));
                    continue;
                }
            },
        };
        let name = fingerprint(&rel, &bytes);
        urls.insert(rel, name.clone());
        files.push(OutputFile {
            path: PathBuf::from(name),
            bytes,
        });
    }
    (files, urls)
}
