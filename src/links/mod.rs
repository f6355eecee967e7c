//! `explainer links`: the site's external addresses, and `--check`, which
//! asks each one over the network whether it still answers. It runs on an
//! editor's machine when asked, never during `build`.
//!
//! ```text
//! collect   sources' url and archived_url, Markdown links   -> Link   (collect.rs)
//! probe     HTTP GET, redirects followed one by one          -> Probe  (probe.rs)
//! verdict   a link and what its address did                  -> Diagnostic (verdict.rs)
//! ```
//!
//! Each address is asked once however often it is written; every place it
//! is written gets its own line. A dead link with no archived copy is an
//! error (the command fails); a dead source link whose archived copy
//! readers still have is a note; a permanent redirect is a warning
//! suggesting the new address.

mod collect;
mod probe;
mod verdict;

pub use collect::{Link, LinkKind};
pub use probe::Probe;

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// How `--check` asks.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Addresses asked at once.
    pub concurrency: usize,
    /// Longest wait for one request (each redirect hop is a request of its own).
    pub timeout: Duration,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            concurrency: 6,
            timeout: Duration::from_secs(10),
        }
    }
}

/// What `--check` found.
#[derive(Debug)]
pub enum Checked {
    /// Every link asked: a diagnostic for each one worth telling, sorted by
    /// place; `links` links in `addresses` distinct addresses.
    Done {
        diagnostics: Vec<Diagnostic>,
        links: usize,
        addresses: usize,
    },
    /// No address answered at all, from two hosts or more: the network,
    /// not the links, is what is missing. Says what failed.
    Offline { addresses: usize, example: String },
}

/// Every external link of the site at `root`, in file order; the site's
/// errors if its files cannot be read.
pub fn list(root: &Path) -> Result<Vec<Link>, Vec<Diagnostic>> {
    let (inputs, diags) = crate::load::load(root, None).map_err(Diagnostics::into_sorted)?;
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    Ok(collect::links(&inputs))
}

/// `links --check`: ask every external address of the site at `root`.
pub fn check(root: &Path, opts: &CheckOptions) -> Result<Checked, Vec<Diagnostic>> {
    let links = list(root)?;
    let urls: Vec<&str> = {
        let mut seen: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        seen
    };
    let probes: BTreeMap<&str, Probe> = urls.iter().copied().zip(probe::all(&urls, opts)).collect();
    if let Some(example) = verdict::offline(&probes) {
        return Ok(Checked::Offline {
            addresses: urls.len(),
            example,
        });
    }
    let mut diagnostics: Vec<Diagnostic> = links
        .iter()
        .filter_map(|l| verdict::of(l, &probes[l.url.as_str()]))
        .collect();
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Ok(Checked::Done {
        diagnostics,
        links: links.len(),
        addresses: urls.len(),
    })
}
