//! Stage 3, render: every output file, handed to a sink as soon as it is
//! made. Pages go through the Tera templates in parallel; downloads are
//! serialised directly (`exports`). Site-wide values go into Tera's global
//! context once, so a page's context holds only what is its own.
//!
//! [`render_into`] runs these steps in order: static files (their
//! fingerprinted names are needed by templates) -> Tera -> the list of jobs
//! (content pages, then the generated pages from `generated::PAGES`) ->
//! host files (sitemap, feed, robots, `_headers`) -> rendering in parallel
//! -> downloads.

mod assets;
mod context;
pub mod exports;
pub mod host_files;
pub mod search;
mod tera;

pub use assets::fingerprint;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::generated::{self, GeneratedPage};
use crate::model::timeline;
use crate::resolve::Site;
use ::tera::{Context, Value};
use context::{generated_page, item, page_context, search_group, ListItem};
use host_files::SitemapEntry;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One file of the output, relative to the output folder.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Where [`render_into`] hands each file as soon as it is rendered: its path
/// inside the output folder and its bytes (borrowed: the buffer is reused).
pub type Sink<'a> = dyn Fn(&Path, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Every output file in memory, sorted by path.
pub fn render(site: Site, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let files = Mutex::new(Vec::new());
    render_into(site, diags, &|path: &Path, bytes: &[u8]| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(OutputFile {
                path: path.to_path_buf(),
                bytes: bytes.to_vec(),
            });
        Ok(())
    });
    let mut out = files.into_inner().unwrap_or_else(|e| e.into_inner());
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// A page to render.
enum Job {
    /// A content page, by index: its context is built where it is rendered.
    Page(usize),
    Generated {
        path: String,
        template: String,
        context: Context,
    },
}

impl Job {
    fn path<'a>(&'a self, site: &'a Site) -> &'a str {
        match self {
            Job::Page(i) => &site.pages[*i].url_path,
            Job::Generated { path, .. } => path,
        }
    }
}

/// Values shared by many pages, each built once.
struct Shared {
    /// Each section's list of children, by page index.
    menus: BTreeMap<usize, Value>,
    /// Each figure, for key-facts boxes.
    figures: BTreeMap<String, Value>,
}

/// Render every output file and hand it to `sink` right away, so a build
/// never holds the whole output in memory (at 10,000 pages with a section
/// menu on each, that is 400 MB). Returns the number of files.
pub fn render_into(site: Site, diags: &mut Diagnostics, sink: &Sink) -> usize {
    let (mut files, asset_urls) = assets::read(&site.assets, diags);
    let site = Arc::new(site);
    let Some(tera) = tera::tera_for(&site, Arc::new(asset_urls), diags) else {
        return 0;
    };
    let shared = shared_values(&site);
    let jobs = jobs(&site, &shared);
    files.extend(host_files(&site, &jobs));
    let shown: BTreeMap<String, String> = site
        .templates
        .iter()
        .map(|t| (t.name.clone(), t.shown_as.clone()))
        .collect();
    let render_one = |job: Job| -> Result<(), Diagnostic> {
        match job {
            Job::Page(i) => {
                let p = &site.pages[i];
                let context = page_context(&site, i, &shared.menus, &shared.figures);
                let owner = Some(p.content_path.as_str());
                let t = &p.template;
                tera::render_to_sink(&tera, &p.url_path, t, &context, owner, &shown, sink)
            }
            Job::Generated {
                path,
                template,
                context,
            } => tera::render_to_sink(&tera, &path, &template, &context, None, &shown, sink),
        }
    };
    let results: Vec<Result<(), Diagnostic>> = jobs.into_par_iter().map(render_one).collect();
    let mut count = 0;
    for r in results {
        match r {
            Ok(()) => count += 1,
            Err(d) => diags.push(d),
        }
    }
    // Downloads last: large, and not needed while pages render.
    files.extend(exports::all(&site));
    for f in files {
        match sink(&f.path, &f.bytes) {
            Ok(()) => count += 1,
            Err(d) => diags.push(d),
        }
    }
    drop((shared, tera));
    free_in_background(site);
    count
}

fn shared_values(site: &Site) -> Shared {
    let refs =
        |ids: &[usize]| -> Vec<ListItem> { ids.iter().map(|&i| item(&site.pages[i])).collect() };
    Shared {
        menus: site
            .pages
            .par_iter()
            .enumerate()
            .filter(|(_, p)| !p.children.is_empty())
            .map(|(i, p)| (i, Value::from_serializable(&refs(&p.children))))
            .collect(),
        figures: site
            .figures
            .iter()
            .map(|(id, f)| (id.clone(), Value::from_serializable(f)))
            .collect(),
    }
}

/// Every page to render: the content pages, then the generated pages of
/// `generated::PAGES` with their families (one timeline page per category,
/// one page per fact sheet), in the table's order.
fn jobs(site: &Site, shared: &Shared) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    for g in generated::PAGES {
        let mut ctx = Context::new();
        ctx.insert("page", &generated_page(g.title, g.summary, site, g.path));
        match g.template {
            "timeline.html" => {
                ctx.insert("timeline", &site.timeline);
                ctx.insert("category", &Option::<String>::None);
            }
            "facts.html" => ctx.insert("sheets", &site.sheets),
            "sources.html" => ctx.insert("sources", &site.sources),
            "search.html" => {
                let groups: Vec<Value> = shared
                    .menus
                    .iter()
                    .map(|(&i, menu)| search_group(&site.pages[i], menu))
                    .collect();
                ctx.insert_value("groups", Value::from(groups));
            }
            "updates.html" => ctx.insert("updates", &host_files::updates(&site.pages)),
            _ => {}
        }
        jobs.push(generated_job(g, ctx));
        match g.template {
            "timeline.html" => jobs.extend(category_jobs(site)),
            "facts.html" => jobs.extend(sheet_jobs(site)),
            _ => {}
        }
    }
    jobs
}

fn generated_job(g: &GeneratedPage, context: Context) -> Job {
    Job::Generated {
        path: g.path.into(),
        template: g.template.into(),
        context,
    }
}

/// One timeline page per category (the filter that works without script).
fn category_jobs(site: &Site) -> Vec<Job> {
    let template = generated::page("timeline").template;
    site.timeline
        .categories
        .iter()
        .map(|c| {
            let path = generated::category_path(&c.id);
            let title = format!("Timeline: {}", c.label);
            let mut ctx = Context::new();
            ctx.insert("timeline", &timeline::filter(&site.timeline, &c.id));
            ctx.insert("category", &Some(c));
            ctx.insert("page", &generated_page(&title, &c.description, site, &path));
            Job::Generated {
                path,
                template: template.into(),
                context: ctx,
            }
        })
        .collect()
}

/// One page per fact sheet.
fn sheet_jobs(site: &Site) -> Vec<Job> {
    site.sheets
        .iter()
        .map(|s| {
            let path = generated::sheet_path(&s.name);
            let mut ctx = Context::new();
            ctx.insert("sheet", s);
            ctx.insert("page", &generated_page(&s.title, &s.summary, site, &path));
            Job::Generated {
                path,
                template: generated::SHEET_TEMPLATE.into(),
                context: ctx,
            }
        })
        .collect()
}

/// The files hosts and feed readers read: the sitemap of every page a
/// reader can land on (not 404.html) with its last change, robots.txt, the
/// Atom feed, `_headers`, `.nojekyll`, and the search index.
fn host_files(site: &Site, jobs: &[Job]) -> Vec<OutputFile> {
    let lastmod: BTreeMap<&str, Option<String>> = site
        .pages
        .iter()
        .map(|p| {
            let changed = p.updated_machine.clone().or(p.date_machine.clone());
            (p.url_path.as_str(), changed)
        })
        .collect();
    let sitemap: Vec<SitemapEntry> = jobs
        .iter()
        .map(|j| j.path(site))
        .filter(|path| path.is_empty() || path.ends_with('/'))
        .map(|path| SitemapEntry {
            path: path.to_string(),
            lastmod: lastmod.get(path).cloned().flatten(),
        })
        .collect();
    let updates = host_files::updates(&site.pages);
    let base = &site.base;
    let mut out: Vec<OutputFile> = [
        ("sitemap.xml", host_files::sitemap(base, &sitemap)),
        ("robots.txt", host_files::robots(base)),
        ("atom.xml", host_files::atom(site, &updates)),
        ("_headers", host_files::headers(&base.path)),
        (".nojekyll", String::new()),
    ]
    .into_iter()
    .map(|(path, text)| OutputFile {
        path: path.into(),
        bytes: text.into_bytes(),
    })
    .collect();
    out.push(OutputFile {
        path: "search/index.json".into(),
        bytes: search::index_json(&search::entries(site)),
    });
    out
}

/// Freeing the site (every page with its HTML and lists: hundreds of
/// thousands of allocations at 10,000 pages) took 2% of a build, serially
/// at its end: hand it to a thread of its own (or free it here if none
/// starts). A CLI build exits without waiting for it.
fn free_in_background(site: Arc<Site>) {
    let _ = std::thread::Builder::new()
        .name("free-site".into())
        .spawn(move || drop(site));
}
