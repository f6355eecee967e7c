//! Stage 3, render: every output file in memory. Pages go through the Tera
//! templates in parallel; exports (CSV, JSON, TimelineJS) are serialised
//! directly. Site-wide values go into Tera's global context once, so a page's
//! context holds only what is its own.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::facts;
use crate::paths;
use crate::publish::{self, SitemapEntry};
use crate::resolve::{Page, Site};
use crate::timeline::{self, TimelineView};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

/// One file of the output, relative to the output folder.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Static files whose names get a content hash, so hosts can cache them forever.
const FINGERPRINTED: &[&str] = &["css", "js"];

/// `style.css` -> `assets/style.3f2a9c1b10.css` for CSS and JS, in one
/// folder so that a host can cache it forever with one rule; other files
/// keep their names and places.
pub fn fingerprint(name: &str, bytes: &[u8]) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if FINGERPRINTED.contains(&ext) => {
            let hash = blake3::hash(bytes).to_hex();
            format!("{}/{stem}.{}.{ext}", publish::ASSETS_DIR, &hash[..10])
        }
        _ => name.to_string(),
    }
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// A page in a list (menus, search, neighbours), borrowed from the page:
/// 10,000 of them are serialised for the section menus alone.
#[derive(Serialize, Clone)]
struct ListItem<'a> {
    title: &'a str,
    url: &'a str,
    summary: &'a str,
    date: Option<&'a str>,
    date_machine: Option<&'a str>,
    kind: &'a str,
}

fn item(p: &Page) -> ListItem<'_> {
    ListItem {
        title: &p.title,
        url: &p.url,
        summary: &p.summary,
        date: p.date.as_deref(),
        date_machine: p.date_machine.as_deref(),
        kind: p.entity_kind.as_deref().unwrap_or_default(),
    }
}

/// A search group as templates see it, `{title, url, items}`, with the
/// section's menu (already built) as its items.
fn search_group(section: &Page, menu: &Value) -> Value {
    let mut fields = tera::Map::with_capacity(3);
    fields.insert("title".into(), Value::from(section.title.as_str()));
    fields.insert("url".into(), Value::from(section.url.as_str()));
    fields.insert("items".into(), menu.clone());
    Value::from(fields)
}

/// Tera's error, located in its template file.
fn template_diag(e: &tera::Error, shown: &BTreeMap<String, String>) -> Diagnostic {
    let file_of = |name: &str| {
        shown
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("templates/{name}"))
    };
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            let mut d = Diagnostic::error(format!("template error: {}", r.message()))
                .in_file(file_of(r.filename()))
                .at(span.start_line, span.start_col + 1)
                .hint("fix the template; the README lists every variable a template receives");
            if let Some(src) = e.source() {
                d = d.hint(format!("{src}"));
            }
            d
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(format!("template `{name}` does not exist"))
                .in_file("templates")
                .hint("create it in templates/, or fix the `template:` field or the include")
        }
        ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::error(format!(
            "templates include each other in a loop: {}",
            include_chain.join(" -> ")
        ))
        .in_file(file_of(tpl))
        .hint("remove one of the includes"),
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Diagnostic::error(format!(
            "templates extend each other in a loop: {}",
            inheritance_chain.join(" -> ")
        ))
        .in_file(file_of(tpl)),
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(format!(
            "this template extends `{parent}`, which does not exist"
        ))
        .in_file(file_of(current))
        .hint("create it or fix the `extends` line"),
        other => Diagnostic::error(format!("template error: {other}")).in_file("templates"),
    }
}

use std::error::Error as _;

/// Tera reports problems found across templates (an include of a template
/// that does not exist, an unknown component) as one text of rustc-style
/// reports: `error: MESSAGE` then ` --> name:line:col`. Each becomes a
/// located diagnostic.
fn located_reports(reports: &str, shown: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut lines = reports.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let mut d = Diagnostic::error(format!("template error: {message}"))
            .hint("create the missing template in templates/, or fix the name");
        let location = lines
            .next()
            .and_then(|l| l.trim_start().strip_prefix("--> "));
        if let Some((name, pos)) = location.and_then(|l| {
            let (rest, col) = l.rsplit_once(':')?;
            let (name, line) = rest.rsplit_once(':')?;
            Some((name, (line.parse().ok()?, col.parse().ok()?)))
        }) {
            let file = shown
                .get(name)
                .cloned()
                .unwrap_or_else(|| format!("templates/{name}"));
            d = d.in_file(file).at(pos.0, pos.1);
        } else {
            d = d.in_file("templates");
        }
        out.push(d);
    }
    out
}

/// Build the Tera instance: functions first, then templates (so unknown
/// functions and filters fail when templates are added, with positions).
fn tera_for(
    site: &Arc<Site>,
    asset_urls: Arc<BTreeMap<String, String>>,
    diags: &mut Diagnostics,
) -> Option<Tera> {
    let shown: BTreeMap<String, String> = site
        .templates
        .iter()
        .map(|t| (t.name.clone(), t.shown_as.clone()))
        .collect();
    let mut tera = Tera::new();
    let s = site.clone();
    tera.register_function(
        "fact",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let id: String = kw.must_get("id")?;
            match s.figures.get(&id) {
                Some(f) => Ok(Value::safe_string(&facts::fact_html(f))),
                None => Err(tera::Error::message(format!(
                    "fact(): unknown figure id `{id}`"
                ))),
            }
        },
    );
    let base = site.base.path.clone();
    let assets = asset_urls.clone();
    tera.register_function(
        "asset",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: String = kw.must_get("path")?;
            match assets.get(path.trim_start_matches('/')) {
                Some(out) => Ok(Value::from(format!("{base}{out}"))),
                None => Err(tera::Error::message(format!(
                    "asset(): no file `{path}` in static/"
                ))),
            }
        },
    );
    let base = site.base.path.clone();
    tera.register_function(
        "url",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: String = kw.must_get("path")?;
            Ok(Value::from(format!(
                "{base}{}",
                path.trim_start_matches('/')
            )))
        },
    );

    // Syntax errors are reported for every template, not just the first.
    let mut ok = true;
    for t in &site.templates {
        let mut probe = Tera::new();
        probe.register_from(&tera);
        if let Err(e) = probe.add_raw_template(&t.name, &t.text) {
            if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                diags.push(template_diag(&e, &shown));
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let all: Vec<(&str, &str)> = site
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(all) {
        match e.kind() {
            ErrorKind::Msg(reports) if reports.contains("\n --> ") => {
                diags.extend(located_reports(reports, &shown))
            }
            ErrorKind::CircularInclude { tpl, include_chain } => {
                // Point at the include that closes the loop.
                let mut d = template_diag(&e, &shown);
                let next = include_chain.iter().skip_while(|n| *n != tpl).nth(1);
                let text = site.templates.iter().find(|t| &t.name == tpl);
                if let (Some(next), Some(t)) = (next, text) {
                    if let Some(at) = t.text.find(&format!("\"{next}\"")) {
                        d = d.at_pos(crate::diagnostic::Pos::of_offset(&t.text, at));
                    }
                }
                diags.push(d)
            }
            _ => diags.push(template_diag(&e, &shown)),
        }
        return None;
    }
    // The picture link previews show: the site's own, or the built-in one.
    let image = match &site.config.image {
        Some(i) => match asset_urls.get(i.trim_start_matches('/')) {
            Some(u) => Some(u),
            None => {
                diags.push(
                    Diagnostic::error(format!("`image: {i}` is not a file in static/"))
                        .in_file("site.yaml")
                        .hint("put the picture in static/ and give its path there, e.g. `image: og-image.png`"),
                );
                return None;
            }
        },
        None => asset_urls.get("og-image.png"),
    };
    let g = tera.global_context();
    g.insert(
        "site",
        &serde_json::json!({
            "title": site.config.title,
            "description": site.config.description,
            "language": site.config.language,
            "base_url": site.base.full,
            "base_path": site.base.path,
            "image": image.map(|u| format!("{}{u}", site.base.full)),
            "feed_url": format!("{}atom.xml", site.base.path),
        }),
    );
    g.insert("nav", &site.nav);
    g.insert("categories", &site.timeline.categories);
    g.insert(
        "sheets_menu",
        &site
            .sheets
            .iter()
            .map(|s| serde_json::json!({"title": s.title, "url": s.url}))
            .collect::<Vec<_>>(),
    );
    Some(tera)
}

enum Job {
    /// A content page, by index: its context is built where it is rendered.
    Page(usize),
    Generated {
        path: String,
        template: String,
        context: Context,
    },
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

/// Render every output file and hand it to `sink` right away, so a build
/// never holds the whole output in memory (at 10,000 pages with a section
/// menu on each, that is 400 MB). Returns the number of files.
pub fn render_into(site: Site, diags: &mut Diagnostics, sink: &Sink) -> usize {
    let mut out: Vec<OutputFile> = Vec::new();
    let mut count = 0;
    // Static assets first: their fingerprinted names are needed by templates.
    let mut asset_urls = BTreeMap::new();
    let mut asset_bytes: Vec<(String, Vec<u8>)> = Vec::new();
    for a in &site.assets {
        let rel = a.out.to_string_lossy().replace('\\', "/");
        let bytes = match &a.bytes {
            crate::load::AssetBytes::Builtin(b) => b.to_vec(),
            crate::load::AssetBytes::Disk(p) => match std::fs::read(p) {
                Ok(b) => b,
                Err(e) => {
                    diags.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(p));
                    continue;
                }
            },
        };
        let name = fingerprint(&rel, &bytes);
        asset_urls.insert(rel, name.clone());
        asset_bytes.push((name, bytes));
    }
    let site = Arc::new(site);
    let Some(tera) = tera_for(&site, Arc::new(asset_urls), diags) else {
        return 0;
    };
    for (name, bytes) in asset_bytes {
        out.push(OutputFile {
            path: PathBuf::from(name),
            bytes,
        });
    }

    let mut jobs: Vec<Job> = Vec::new();
    let refs =
        |ids: &[usize]| -> Vec<ListItem> { ids.iter().map(|&i| item(&site.pages[i])).collect() };
    // Figures in key-facts boxes are shared too: each is built once.
    let figure_values: BTreeMap<&str, Value> = site
        .figures
        .iter()
        .map(|(id, f)| (id.as_str(), Value::from_serializable(f)))
        .collect();
    // Section menus are shared by every page of a section: build each once.
    let menus: BTreeMap<usize, Value> = site
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, p)| !p.children.is_empty())
        .map(|(i, p)| (i, Value::from_serializable(&refs(&p.children))))
        .collect();
    jobs.extend((0..site.pages.len()).map(Job::Page));
    // Timeline: the whole, and one page per category (works without JS).
    let mut ctx = Context::new();
    ctx.insert("timeline", &site.timeline);
    ctx.insert("category", &Option::<String>::None);
    ctx.insert(
        "page",
        &generated_page(
            "Timeline",
            "Dated events of the conflict, with sources.",
            &site,
            "timeline/",
        ),
    );
    jobs.push(Job::Generated {
        path: "timeline/".into(),
        template: "timeline.html".into(),
        context: ctx,
    });
    for c in &site.timeline.categories {
        let filtered = filter_timeline(&site.timeline, &c.id);
        let mut ctx = Context::new();
        ctx.insert("timeline", &filtered);
        ctx.insert("category", &Some(c));
        let path = format!("timeline/{}/", c.id);
        ctx.insert(
            "page",
            &generated_page(
                &format!("Timeline: {}", c.label),
                &c.description,
                &site,
                &path,
            ),
        );
        jobs.push(Job::Generated {
            path,
            template: "timeline.html".into(),
            context: ctx,
        });
    }
    let mut ctx = Context::new();
    ctx.insert("sheets", &site.sheets);
    ctx.insert(
        "page",
        &generated_page(
            "Facts and figures",
            "Every figure on this site, with who claims it, as of when, and its source.",
            &site,
            "facts/",
        ),
    );
    jobs.push(Job::Generated {
        path: "facts/".into(),
        template: "facts.html".into(),
        context: ctx,
    });
    for s in &site.sheets {
        let mut ctx = Context::new();
        ctx.insert("sheet", s);
        let path = format!("facts/{}/", s.name);
        ctx.insert("page", &generated_page(&s.title, &s.summary, &site, &path));
        jobs.push(Job::Generated {
            path,
            template: "fact_sheet.html".into(),
            context: ctx,
        });
    }
    let mut ctx = Context::new();
    ctx.insert("sources", &site.sources);
    ctx.insert(
        "page",
        &generated_page(
            "Sources",
            "Every source this site cites, and what cites it.",
            &site,
            "sources/",
        ),
    );
    jobs.push(Job::Generated {
        path: "sources/".into(),
        template: "sources.html".into(),
        context: ctx,
    });
    // Search: works without JavaScript by listing every page, grouped by section.
    let groups: Vec<Value> = menus
        .iter()
        .map(|(&i, menu)| search_group(&site.pages[i], menu))
        .collect();
    let mut ctx = Context::new();
    ctx.insert_value("groups", Value::from(groups));
    ctx.insert(
        "page",
        &generated_page(
            "Search",
            "Find pages, places, actors, figures and events.",
            &site,
            "search/",
        ),
    );
    jobs.push(Job::Generated {
        path: "search/".into(),
        template: "search.html".into(),
        context: ctx,
    });
    out.push(OutputFile {
        path: "search/index.json".into(),
        bytes: crate::search::index_json(&crate::search::entries(&site)),
    });
    let updates = publish::updates(&site.pages);
    let mut ctx = Context::new();
    ctx.insert("updates", &updates);
    ctx.insert(
        "page",
        &generated_page(
            "What changed",
            "Corrections and updates to this explainer, newest first.",
            &site,
            "updates/",
        ),
    );
    jobs.push(Job::Generated {
        path: "updates/".into(),
        template: "updates.html".into(),
        context: ctx,
    });
    let mut ctx = Context::new();
    ctx.insert(
        "page",
        &generated_page("Page not found", "", &site, "404.html"),
    );
    jobs.push(Job::Generated {
        path: "404.html".into(),
        template: "404.html".into(),
        context: ctx,
    });

    // Every page a reader can land on (not 404.html), with its last change.
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
        .map(|j| match j {
            Job::Page(i) => site.pages[*i].url_path.as_str(),
            Job::Generated { path, .. } => path.as_str(),
        })
        .filter(|path| path.is_empty() || path.ends_with('/'))
        .map(|path| SitemapEntry {
            path: path.to_string(),
            lastmod: lastmod.get(path).cloned().flatten(),
        })
        .collect();
    for (path, text) in [
        ("sitemap.xml", publish::sitemap(&site.base.full, &sitemap)),
        ("robots.txt", publish::robots(&site.base.full)),
        ("atom.xml", publish::atom(&site, &updates)),
        ("_headers", publish::headers(&site.base.path)),
        (".nojekyll", String::new()),
    ] {
        out.push(OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
        });
    }

    let shown: BTreeMap<String, String> = site
        .templates
        .iter()
        .map(|t| (t.name.clone(), t.shown_as.clone()))
        .collect();
    let render_one = |job: Job| -> Result<(), Diagnostic> {
        match job {
            Job::Page(i) => {
                let p = &site.pages[i];
                let context = page_context(&site, i, &menus, &figure_values);
                let owner = Some(p.content_path.as_str());
                render_to_sink(
                    &tera,
                    &p.url_path,
                    &p.template,
                    &context,
                    owner,
                    &shown,
                    sink,
                )
            }
            Job::Generated {
                path,
                template,
                context,
            } => render_to_sink(&tera, &path, &template, &context, None, &shown, sink),
        }
    };
    let results: Vec<Result<(), Diagnostic>> = jobs.into_par_iter().map(render_one).collect();
    for r in results {
        match r {
            Ok(()) => count += 1,
            Err(d) => diags.push(d),
        }
    }
    for (name, (csv, json)) in &site.exports {
        out.push(OutputFile {
            path: PathBuf::from(format!("facts/{name}.csv")),
            bytes: csv.clone(),
        });
        out.push(OutputFile {
            path: PathBuf::from(format!("facts/{name}.json")),
            bytes: json.clone().into_bytes(),
        });
    }
    out.push(OutputFile {
        path: "timeline.json".into(),
        bytes: timeline::export_json(&site.timeline).into_bytes(),
    });
    out.push(OutputFile {
        path: "timeline.timelinejs.json".into(),
        bytes: timeline::export_timelinejs(
            &site.timeline,
            &site.config.title,
            &site.config.description,
        )
        .into_bytes(),
    });
    for f in out {
        match sink(&f.path, &f.bytes) {
            Ok(()) => count += 1,
            Err(d) => diags.push(d),
        }
    }
    drop((figure_values, menus, lastmod, tera));
    free_in_background(site);
    count
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

/// Render one template into this thread's reusable buffer (no allocation
/// per page once it has grown) and hand the bytes to `sink`. `owner` is the
/// content file that chose the template, for the error.
fn render_to_sink(
    tera: &Tera,
    path: &str,
    template: &str,
    context: &Context,
    owner: Option<&str>,
    shown: &BTreeMap<String, String>,
    sink: &Sink,
) -> Result<(), Diagnostic> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    if !tera.contains_template(template) {
        let d = Diagnostic::error(format!("template `{template}` does not exist"))
            .hint("create it in templates/, or fix the page's `template:` field");
        return Err(match owner {
            Some(content_path) => d.in_file(format!("content/{content_path}")),
            None => d.in_file("templates"),
        });
    }
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        match tera.render_to(template, context, &mut *buffer) {
            Ok(()) => sink(&paths::output_file(path), &buffer),
            Err(e) => {
                let mut d = template_diag(&e, shown);
                // Errors without a place in a template (component
                // recursion) at least name the template being rendered.
                if d.file.as_deref() == Some(Path::new("templates")) {
                    d = d.in_file(shown.get(template).map(String::as_str).unwrap_or(template));
                    if d.message.contains("recursion") {
                        d = d.hint("a component calls itself without end; give the recursion a stopping condition");
                    }
                }
                Err(d)
            }
        }
    })
}

fn generated_page(title: &str, summary: &str, site: &Site, path: &str) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "summary": summary,
        "url": format!("{}{path}", site.base.path),
        "permalink": format!("{}{path}", site.base.full),
        "kind": "generated",
    })
}

/// schema.org metadata for a page: the site for the home page, a collection
/// for a section, an article (with its dates) for everything else.
fn page_jsonld(p: &Page, site: &Site) -> String {
    use crate::page::PageKind;
    let kind = match p.kind {
        PageKind::Home => "WebSite",
        PageKind::Section => "CollectionPage",
        _ => "Article",
    };
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": kind,
        "url": p.permalink,
        "inLanguage": site.config.language,
    });
    let key = if kind == "WebSite" {
        "name"
    } else {
        "headline"
    };
    v[key] = p.title.clone().into();
    if !p.summary.is_empty() {
        v["description"] = p.summary.clone().into();
    }
    if kind == "Article" {
        if let Some(d) = &p.date_machine {
            v["datePublished"] = d.clone().into();
        }
        if let Some(d) = p.updated_machine.as_ref().or(p.date_machine.as_ref()) {
            v["dateModified"] = d.clone().into();
        }
        v["publisher"] = serde_json::json!({"@type": "Organization", "name": site.config.title});
        v["isPartOf"] = serde_json::json!({"@type": "WebSite", "name": site.config.title, "url": site.base.full});
    }
    // `</script>` inside a title must not end the block.
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The newest `updated` (or `date`) of any page, for "last updated".
fn last_updated(site: &Site) -> Option<String> {
    site.pages
        .iter()
        .filter_map(|p| {
            p.updated_machine
                .clone()
                .map(|m| (m, p.updated.clone()))
                .or_else(|| p.date_machine.clone().map(|m| (m, p.date.clone())))
        })
        .max()
        .and_then(|(_, shown)| shown)
}

fn filter_timeline(t: &TimelineView, category: &str) -> TimelineView {
    let mut v = t.clone();
    v.events.retain(|e| e.category == category);
    for era in v.eras.iter_mut() {
        era.events.retain(|e| e.category == category);
    }
    v.eras.retain(|e| !e.events.is_empty());
    timeline::set_years(&mut v);
    v
}

/// The page as templates see it: its fields in order, with `key_facts`
/// (serialised as ids) replaced in place by the shared figure values.
fn page_value(p: &Page, figure_values: &BTreeMap<&str, Value>) -> Value {
    let value = Value::from_serializable(p);
    if !value.is_map() {
        return value; // cannot happen: a struct serialises to a map
    }
    let Some(mut fields) = value.into_map() else {
        return Value::none();
    };
    let figures: Vec<Value> = p
        .key_facts
        .iter()
        .filter_map(|id| figure_values.get(id.as_str()).cloned())
        .collect();
    // An existing key keeps its place in the (ordered) map.
    fields.insert(tera::value::Key::from("key_facts"), Value::from(figures));
    Value::from(fields)
}

/// A page's own context: the page, its breadcrumbs, its section's menu
/// (built once per section and shared: tera's values are reference-counted)
/// and its neighbours. Built on the rendering thread, not up front.
fn page_context(
    site: &Site,
    i: usize,
    menus: &BTreeMap<usize, Value>,
    figure_values: &BTreeMap<&str, Value>,
) -> Context {
    let p = &site.pages[i];
    let mut ctx = Context::new();
    ctx.insert_value("page", page_value(p, figure_values));
    let mut crumbs = Vec::new();
    let mut up = p.parent;
    while let Some(u) = up {
        crumbs.push(Crumb {
            title: site.pages[u].title.clone(),
            url: site.pages[u].url.clone(),
        });
        up = site.pages[u].parent;
    }
    crumbs.reverse();
    ctx.insert("breadcrumbs", &crumbs);
    if let Some(m) = menus.get(&i) {
        ctx.insert_value("children", m.clone());
    } else {
        ctx.insert("children", &Vec::<ListItem>::new());
    }
    match p.parent.and_then(|pp| menus.get(&pp)) {
        Some(m) => ctx.insert_value("section_menu", m.clone()),
        None => ctx.insert("section_menu", &Vec::<ListItem>::new()),
    }
    ctx.insert("jsonld", &page_jsonld(p, site));
    ctx.insert("prev", &p.prev.map(|j| item(&site.pages[j])));
    ctx.insert("next", &p.next.map(|j| item(&site.pages[j])));
    if p.kind == crate::page::PageKind::Home {
        let sections: Vec<ListItem> = site
            .pages
            .iter()
            .filter(|q| q.kind == crate::page::PageKind::Section && q.parent.is_some())
            .map(item)
            .collect();
        ctx.insert("sections", &sections);
        ctx.insert("sheets", &site.sheets);
        ctx.insert("last_updated", &last_updated(site));
    }
    ctx
}
