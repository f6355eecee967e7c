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
pub mod context;
pub mod deps;
pub mod export_schema;
pub mod exports;
mod fragments;
pub mod host_files;
pub mod prov;
pub mod search;
mod tera;

pub use assets::fingerprint;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::generated;
use crate::model::timeline;
use crate::paths;
use crate::resolve::Site;
use ::tera::{Context, Value};
use context::{generated_page, item, page_context, page_deps, search_group, ListItem};
use deps::{Changes, Dep, Facets};
use host_files::SitemapEntry;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

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

/// A page to render: where it goes, with which template, how its context
/// is made, and what it reads ([`Dep`]), side by side.
struct Job<'a> {
    path: String,
    template: String,
    /// The content file that chose the template, for errors.
    owner: Option<&'a str>,
    context: JobContext<'a>,
    /// What a generated page reads besides its template (content pages'
    /// are worked out when needed: [`Job::deps`]).
    deps: Vec<Dep>,
}

enum JobContext<'a> {
    /// A content page, by index: its context is built where it is rendered.
    Page(usize),
    Generated(Box<dyn Fn() -> Context + Send + Sync + 'a>),
}

/// Values shared by many pages, each built once, when first needed.
struct Shared {
    /// Each section's list of children, by page index.
    menus: BTreeMap<usize, OnceLock<Value>>,
    /// Each figure, for key-facts boxes.
    figures: BTreeMap<String, Value>,
}

impl Shared {
    fn menu(&self, site: &Site, section: usize) -> Option<Value> {
        let cell = self.menus.get(&section)?;
        let made = cell.get_or_init(|| {
            let items: Vec<ListItem> = site.pages[section]
                .children
                .iter()
                .map(|&i| item(&site.pages[i]))
                .collect();
            Value::from_serializable(&items)
        });
        Some(made.clone())
    }
}

/// What a rendering did, for the preview.
pub struct Rendered {
    /// Every output path of this build, rendered now or not.
    pub outputs: Vec<PathBuf>,
    /// Pages rendered through a template, of `pages_total`.
    pub pages_rendered: usize,
    pub pages_total: usize,
    /// Files handed to the sink.
    pub written: usize,
    /// What the next rendering compares itself with.
    pub facets: Facets,
    /// The search index, for the shortcut to update (`render_bodies`).
    pub search: Option<search::SearchIndex>,
}

/// Whether to keep the search index for the preview's next save (and the
/// last one, to take unchanged pages' entries from), or to write it and
/// forget it, as a build does.
pub enum SearchKept<'a> {
    No,
    Yes(Option<&'a search::SearchIndex>),
}

/// Render every output file and hand it to `sink` right away, so a build
/// never holds the whole output in memory (at 10,000 pages with a section
/// menu on each, that is 400 MB). Returns the number of files.
pub fn render_into(site: Site, diags: &mut Diagnostics, sink: &Sink) -> usize {
    let site = Arc::new(site);
    let done = render_changed(&site, None, SearchKept::No, diags, sink);
    free_in_background(site);
    done.written
}

/// Render the pages whose inputs differ from `previous` (every page
/// without one: a clean build), and every other file (static files, host
/// files, downloads), handing each to `sink`.
pub fn render_changed(
    site: &Arc<Site>,
    previous: Option<&Facets>,
    search: SearchKept,
    diags: &mut Diagnostics,
    sink: &Sink,
) -> Rendered {
    let (mut files, asset_urls) = assets::read(&site.assets, diags);
    let facets = Facets {
        site: site.clone(),
        asset_urls: asset_urls.clone(),
    };
    let changes = match previous {
        Some(old) => Changes::between(old, &facets),
        None => Changes::all(),
    };
    let mut done = Rendered {
        outputs: Vec::new(),
        pages_rendered: 0,
        pages_total: 0,
        written: 0,
        facets,
        search: None,
    };
    let Some(tera) = tera::tera_for(site, Arc::new(asset_urls), diags) else {
        return done;
    };
    let shared = shared_values(site);
    let jobs = jobs(site, &shared);
    files.extend(host_files(site, &jobs));
    // The preview keeps the index, to update it page by page; a build
    // streams it file by file at the end.
    done.search = match search {
        SearchKept::No => None,
        SearchKept::Yes(previous) => Some(search::SearchIndex::build(site, previous)),
    };
    match &done.search {
        Some(kept) => files.extend(kept.files()),
        None => done.outputs.extend(search::paths(site)),
    }
    files.extend(exports::all(site));
    done.pages_total = jobs.len();
    done.outputs
        .extend(jobs.iter().map(|j| paths::output_file(&j.path)));
    done.outputs.extend(files.iter().map(|f| f.path.clone()));
    let shown: BTreeMap<String, String> = site
        .templates
        .iter()
        .map(|t| (t.name.clone(), t.shown_as.clone()))
        .collect();
    let render_one = |job: &Job| -> Result<(), Diagnostic> {
        let context = match &job.context {
            JobContext::Page(i) => {
                page_context(site, *i, &|s| shared.menu(site, s), &shared.figures)
            }
            JobContext::Generated(make) => make(),
        };
        let (path, template) = (&job.path, &job.template);
        tera::render_to_sink(&tera, path, template, &context, job.owner, &shown, sink)
    };
    let chosen: Vec<&Job> = if changes.is_everything() {
        jobs.iter().collect()
    } else {
        jobs.par_iter()
            .filter(|j| changes.touch(&j.deps(site)))
            .collect()
    };
    done.pages_rendered = chosen.len();
    let results: Vec<Result<(), Diagnostic>> = chosen.into_par_iter().map(render_one).collect();
    for r in results {
        match r {
            Ok(()) => done.written += 1,
            Err(d) => diags.push(d),
        }
    }
    for f in files {
        match sink(&f.path, &f.bytes) {
            Ok(()) => done.written += 1,
            Err(d) => diags.push(d),
        }
    }
    if done.search.is_none() {
        done.written += stream_search_index(site, diags, sink);
    }
    done
}

/// A build's search index, file by file (`search::stream`): the number of
/// files written.
fn stream_search_index(site: &Site, diags: &mut Diagnostics, sink: &Sink) -> usize {
    let failed = std::sync::Mutex::new(Vec::new());
    let written = std::sync::atomic::AtomicUsize::new(0);
    search::stream(site, &|f| match sink(&f.path, &f.bytes) {
        Ok(()) => {
            written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Err(d) => failed.lock().unwrap_or_else(|e| e.into_inner()).push(d),
    });
    diags.extend(failed.into_inner().unwrap_or_else(|e| e.into_inner()));
    written.into_inner()
}

/// The preview's shortcut after a save that changed only the bodies of
/// `pages` (`resolve::rebody`): those pages, and the search index, the
/// one other output that shows what a body holds (its headings). Nothing
/// else reads a page's body; `previous` gives the static files' names.
pub fn render_bodies(
    site: &Arc<Site>,
    previous: &Facets,
    search: &mut search::SearchIndex,
    pages: &[usize],
    diags: &mut Diagnostics,
    sink: &Sink,
) -> usize {
    let asset_urls = Arc::new(previous.asset_urls.clone());
    let Some(tera) = tera::tera_for(site, asset_urls, diags) else {
        return 0;
    };
    let shared = shared_values(site);
    let shown: BTreeMap<String, String> = site
        .templates
        .iter()
        .map(|t| (t.name.clone(), t.shown_as.clone()))
        .collect();
    let mut written = 0;
    for &i in pages {
        let p = &site.pages[i];
        let context = page_context(site, i, &|s| shared.menu(site, s), &shared.figures);
        let owner = Some(p.content_path.as_str());
        match tera::render_to_sink(
            &tera,
            &p.url_path,
            &p.template,
            &context,
            owner,
            &shown,
            sink,
        ) {
            Ok(()) => written += 1,
            Err(d) => diags.push(d),
        }
    }
    for file in search.update_pages(site, pages) {
        match sink(&file.path, &file.bytes) {
            Ok(()) => written += 1,
            Err(d) => diags.push(d),
        }
    }
    written
}

fn shared_values(site: &Site) -> Shared {
    Shared {
        menus: site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.children.is_empty())
            .map(|(i, _)| (i, OnceLock::new()))
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
fn jobs<'a>(site: &'a Site, shared: &'a Shared) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(|i| page_job(site, i)).collect();
    for g in generated::PAGES {
        if !g.made(site.glossary.is_some()) {
            continue;
        }
        let page = move || generated_page(g.title, g.summary, site, g.path);
        let (deps, make): (Vec<Dep>, Box<dyn Fn() -> Context + Send + Sync>) = match g.template {
            "timeline.html" => (
                vec![Dep::Timeline],
                Box::new(move || {
                    let mut ctx = Context::new();
                    ctx.insert("page", &page());
                    ctx.insert("timeline", &site.timeline);
                    ctx.insert("category", &Option::<String>::None);
                    if let Some(ld) = context::timeline_jsonld(site, g.path) {
                        ctx.insert("jsonld", &ld);
                    }
                    ctx
                }),
            ),
            "facts.html" => (
                vec![Dep::Sheets],
                with_page(page, move |ctx| ctx.insert("sheets", &site.sheets)),
            ),
            "sources.html" => (
                vec![Dep::Sources],
                with_page(page, move |ctx| ctx.insert("sources", &site.sources)),
            ),
            "search.html" => (
                shared
                    .menus
                    .keys()
                    .map(|&i| Dep::Menu(site.pages[i].url_path.clone()))
                    .chain([Dep::Pages])
                    .collect(),
                with_page(page, move |ctx| {
                    let groups: Vec<Value> = shared
                        .menus
                        .keys()
                        .filter_map(|&i| Some(search_group(&site.pages[i], &shared.menu(site, i)?)))
                        .collect();
                    ctx.insert_value("groups", Value::from(groups));
                }),
            ),
            "glossary.html" => (
                vec![Dep::Glossary],
                with_page(page, move |ctx| ctx.insert("glossary", &site.glossary)),
            ),
            "updates.html" => (
                vec![Dep::Pages, Dep::Sheets, Dep::Corrections],
                with_page(page, move |ctx| {
                    ctx.insert("updates", &host_files::updates(site))
                }),
            ),
            "changes.html" => (
                vec![Dep::Sheets],
                with_page(page, move |ctx| ctx.insert("changes", &site.changes)),
            ),
            "corrections.html" => (
                vec![Dep::Corrections],
                with_page(page, move |ctx| {
                    ctx.insert("corrections", &site.corrections)
                }),
            ),
            _ => (Vec::new(), with_page(page, |_| {})),
        };
        jobs.push(generated_job(g.path.into(), g.template, make, deps));
        match g.template {
            "timeline.html" => jobs.extend(category_jobs(site)),
            "facts.html" => jobs.extend(sheet_jobs(site)),
            _ => {}
        }
    }
    jobs
}

/// A content page's job; what its context reads is listed by
/// `context::page_deps`, beside the context itself, and worked out only
/// when a rebuild asks (a clean build renders every page).
fn page_job(site: &Site, i: usize) -> Job<'_> {
    let p = &site.pages[i];
    Job {
        path: p.url_path.clone(),
        template: p.template.clone(),
        owner: Some(p.content_path.as_str()),
        context: JobContext::Page(i),
        deps: Vec::new(),
    }
}

impl Job<'_> {
    /// What the job reads: see [`Dep`].
    fn deps(&self, site: &Site) -> Vec<Dep> {
        let mut deps = match self.context {
            JobContext::Page(i) => page_deps(site, i),
            JobContext::Generated(_) => self.deps.clone(),
        };
        deps.push(Dep::Template(self.template.clone()));
        deps
    }
}

/// A context with `page` and what `add` puts in.
fn with_page<'a>(
    page: impl Fn() -> serde_json::Value + Send + Sync + 'a,
    add: impl Fn(&mut Context) + Send + Sync + 'a,
) -> Box<dyn Fn() -> Context + Send + Sync + 'a> {
    Box::new(move || {
        let mut ctx = Context::new();
        ctx.insert("page", &page());
        add(&mut ctx);
        ctx
    })
}

fn generated_job<'a>(
    path: String,
    template: &str,
    make: Box<dyn Fn() -> Context + Send + Sync + 'a>,
    deps: Vec<Dep>,
) -> Job<'a> {
    Job {
        path,
        template: template.into(),
        owner: None,
        context: JobContext::Generated(make),
        deps,
    }
}

/// One timeline page per category (the filter that works without script).
fn category_jobs(site: &Site) -> Vec<Job<'_>> {
    let template = generated::page("timeline").template;
    site.timeline
        .categories
        .iter()
        .map(|c| {
            let path = generated::category_path(&c.id);
            let make = {
                let path = path.clone();
                Box::new(move || {
                    let title = format!("Timeline: {}", c.label);
                    let mut ctx = Context::new();
                    ctx.insert("timeline", &timeline::filter(&site.timeline, &c.id));
                    ctx.insert("category", &Some(c));
                    ctx.insert("page", &generated_page(&title, &c.description, site, &path));
                    ctx
                })
            };
            generated_job(path, template, make, vec![Dep::Timeline])
        })
        .collect()
}

/// One page per fact sheet.
fn sheet_jobs(site: &Site) -> Vec<Job<'_>> {
    site.sheets
        .iter()
        .map(|s| {
            let path = generated::sheet_path(&s.name);
            let make = {
                let path = path.clone();
                Box::new(move || {
                    let mut ctx = Context::new();
                    ctx.insert("sheet", s);
                    ctx.insert("page", &generated_page(&s.title, &s.summary, site, &path));
                    ctx
                })
            };
            generated_job(path, generated::SHEET_TEMPLATE, make, vec![Dep::Sheets])
        })
        .collect()
}

/// The files hosts and feed readers read: the sitemap of every page a
/// reader can land on (not 404.html) with its last change, robots.txt, the
/// Atom feed, `_headers` and `.nojekyll` (the search index is built beside
/// them, kept for the preview: `search::SearchIndex`).
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
        .map(|j| j.path.as_str())
        .filter(|path| path.is_empty() || path.ends_with('/'))
        .map(|path| SitemapEntry {
            path: path.to_string(),
            lastmod: lastmod.get(path).cloned().flatten(),
        })
        .collect();
    let updates = host_files::updates(site);
    let base = &site.base;
    let out: Vec<OutputFile> = [
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
