//! `explainer`: a static site generator for a cross-linked, sourced
//! explainer. One direction of data flow:
//!
//! ```text
//! load      site.yaml, content/, templates/, static/  -> Inputs      (load/)
//! resolve   ids, links, sources, timeline, backlinks   -> Site        (resolve/)
//! render    Tera templates in parallel, downloads      -> files       (render/)
//! write     fresh temp folder, atomic swap             -> public/     (write.rs)
//! ```
//!
//! Around them: `diagnostic` (everything a user is told), `model` (the
//! values readers see, which no stage owns), `generated` (the table of the
//! pages the generator writes itself), `markdown`, `paths`, `html`; and the
//! editors' tools `serve` (on `incremental`, which reruns the same stages
//! keeping what a save did not change), `scaffold`, `schema` and `links`
//! (the site's external addresses, checked over the network on request,
//! never during a build).
//!
//! Every stage collects all the problems it finds as [`Diagnostic`]s; a build
//! with any error writes nothing.

pub mod diagnostic;
pub mod generated;
pub mod html;
pub mod incremental;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod published;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod write;

pub use diagnostic::{Diagnostic, Severity};

use diagnostic::Diagnostics;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holds site.yaml).
    pub root: PathBuf,
    /// Where to write; `root/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces site.yaml's `base_url` (e.g. for a preview deploy).
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The build's "today" for review dates (`--today`); `None`: from
    /// `SOURCE_DATE_EPOCH`, else the system clock (`model::review::today`).
    pub today: Option<model::review::Day>,
}

impl BuildOptions {
    /// The day items are checked against their review dates.
    pub fn today(&self) -> Result<model::review::Day, Diagnostic> {
        model::review::today(self.today).map_err(|e| Diagnostic::error(e).hint("unset it, or give a number of seconds, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)"))
    }
}

/// What a successful run did, and its warnings.
#[derive(Debug)]
pub struct Report {
    pub warnings: Vec<Diagnostic>,
    /// What is past its review date, oldest first (notes, never errors).
    pub stale: Vec<Diagnostic>,
    pub pages: usize,
    pub files: usize,
    pub output: Option<PathBuf>,
}

/// What [`generate`] made: the files, the number of pages, the warnings
/// and the notes of what is past its review date.
pub type Generated = (
    Vec<render::OutputFile>,
    usize,
    Vec<Diagnostic>,
    Vec<Diagnostic>,
);

/// Load, resolve and render: everything but writing.
/// Returns the files, the number of pages, the warnings and the stale list.
pub fn generate(opts: &BuildOptions) -> Result<Generated, Vec<Diagnostic>> {
    let (site, mut diags) = load_and_resolve(opts)?;
    let pages = site.pages.len();
    let stale = site.stale.clone();
    let files = render::render(site, &mut diags);
    if let Err(d) = write::refuse_collisions(&files) {
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    Ok((files, pages, diags.into_sorted(), stale))
}

/// `explainer check`: every check of a build, nothing written and nothing
/// kept but the paths (a 10,000-page site's output is 450 MB).
pub fn check(opts: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let (site, mut diags) = load_and_resolve(opts)?;
    let pages = site.pages.len();
    let stale = site.stale.clone();
    let paths = std::sync::Mutex::new(Vec::new());
    let files = render::render_into(site, &mut diags, &|path, _| {
        let mut paths = paths.lock().unwrap_or_else(|e| e.into_inner());
        paths.push(path.to_path_buf());
        Ok(())
    });
    let paths = paths.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Err(d) = write::refuse_path_collisions(paths.iter().map(PathBuf::as_path).collect()) {
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    Ok(Report {
        warnings: diags.into_sorted(),
        stale,
        pages,
        files,
        output: None,
    })
}

/// `explainer build`: generate, then swap the result into the output folder.
/// Files go to a temporary folder as they are rendered (the output is never
/// held in memory whole), which is swapped in only if nothing went wrong.
pub fn build(opts: &BuildOptions) -> Result<Report, Vec<Diagnostic>> {
    let output = output_dir(opts).map_err(|d| vec![d])?;
    let (site, mut diags) = load_and_resolve(opts)?;
    let pages = site.pages.len();
    let stale = site.stale.clone();
    let previous = published::read_previous(&output);
    diags.extend(published::missing(&previous, &site.corrections));
    let staging = write::Staging::begin(&output).map_err(|d| vec![d])?;
    let files = render::render_into(site, &mut diags, &|path, bytes| staging.put(path, bytes));
    if diags.has_errors() {
        return Err(diags.into_sorted()); // dropping `staging` removes it
    }
    staging.commit().map_err(|d| vec![d])?;
    Ok(Report {
        warnings: diags.into_sorted(),
        stale,
        pages,
        files,
        output: Some(output),
    })
}

/// Load and resolve, stopping there if anything is wrong: rendering would
/// only add noise about what is already broken.
fn load_and_resolve(opts: &BuildOptions) -> Result<(resolve::Site, Diagnostics), Vec<Diagnostic>> {
    let today = opts.today().map_err(|d| vec![d])?;
    let (mut inputs, mut diags) =
        load::load(&opts.root, opts.base_url.as_deref()).map_err(Diagnostics::into_sorted)?;
    inputs.today = Some(today);
    let site = resolve::resolve(inputs, opts.drafts, &mut diags);
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    Ok((site, diags))
}

/// The output folder, refused where writing would destroy the site itself.
pub fn output_dir(opts: &BuildOptions) -> Result<PathBuf, Diagnostic> {
    let out = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists (symlinks, `..`), keep the rest as written.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut resolved = std::fs::canonicalize(&existing).unwrap_or(existing);
        for part in rest.into_iter().rev() {
            if part == ".." {
                resolved.pop();
            } else if part != "." {
                resolved.push(part);
            }
        }
        resolved
    };
    let out_abs = absolute(&out);
    let root_abs = absolute(&opts.root);
    let refuse = |why: &str| {
        Diagnostic::error(format!(
            "refusing to use {} as the output folder: {why}",
            out.display()
        ))
        .hint("choose a separate folder, e.g. --output public")
    };
    if out_abs == root_abs || root_abs.starts_with(&out_abs) {
        return Err(refuse("it contains the site itself"));
    }
    for inner in ["content", "templates", "static"] {
        if out_abs.starts_with(root_abs.join(inner)) {
            return Err(refuse(&format!("it is inside {inner}/")));
        }
    }
    if out_abs.join("site.yaml").exists()
        || out_abs.join(".git").exists()
        || out_abs.join("content").is_dir()
    {
        return Err(refuse(
            "it holds a site or a repository, which a build would replace",
        ));
    }
    Ok(out)
}
