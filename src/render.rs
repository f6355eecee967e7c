//! Stage 3, render: every output file in memory. Pages go through the Tera
//! templates in parallel; exports (CSV, JSON, TimelineJS) are serialised
//! directly. Site-wide values go into Tera's global context once, so a page's
//! context holds only what is its own.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::facts;
use crate::paths;
use crate::resolve::{Page, Site};
use crate::timeline::{self, TimelineView};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

/// One file of the output, relative to the output folder.
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Static files whose names get a content hash, so hosts can cache them forever.
const FINGERPRINTED: &[&str] = &["css", "js"];

/// `style.css` -> `style.3f2a9c1b.css` for CSS and JS; other files keep their names.
pub fn fingerprint(name: &str, bytes: &[u8]) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if FINGERPRINTED.contains(&ext) => {
            let hash = blake3::hash(bytes).to_hex();
            format!("{stem}.{}.{ext}", &hash[..10])
        }
        _ => name.to_string(),
    }
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct ListItem {
    title: String,
    url: String,
    summary: String,
    date: Option<String>,
    date_machine: Option<String>,
    kind: String,
}

fn item(p: &Page) -> ListItem {
    ListItem {
        title: p.title.clone(),
        url: p.url.clone(),
        summary: p.summary.clone(),
        date: p.date.clone(),
        date_machine: p.date_machine.clone(),
        kind: p.entity_kind.clone().unwrap_or_default(),
    }
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
    let g = tera.global_context();
    g.insert("site", &serde_json::json!({
        "title": site.config.title,
        "description": site.config.description,
        "language": site.config.language,
        "base_url": site.base.full,
        "base_path": site.base.path,
        "image": site.config.image.as_ref().and_then(|i| asset_urls.get(i.trim_start_matches('/'))).map(|u| format!("{}{u}", site.base.full)),
    }));
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

struct Job {
    path: String,
    template: String,
    context: Context,
    /// The file the template was chosen by, for errors.
    owner: Option<String>,
}

pub fn render(site: Site, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let mut out: Vec<OutputFile> = Vec::new();
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
        return out;
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
    // Section menus are shared by every page of a section: build each once.
    let mut menus: BTreeMap<usize, Value> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        if !p.children.is_empty() {
            menus.insert(i, Value::from_serializable(&refs(&p.children)));
        }
    }
    for (i, p) in site.pages.iter().enumerate() {
        let mut ctx = Context::new();
        ctx.insert("page", p);
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
            ctx.insert("last_updated", &last_updated(&site));
        }
        jobs.push(Job {
            path: p.url_path.clone(),
            template: p.template.clone(),
            context: ctx,
            owner: Some(format!("content/{}", p.content_path)),
        });
    }
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
    jobs.push(Job {
        path: "timeline/".into(),
        template: "timeline.html".into(),
        context: ctx,
        owner: None,
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
        jobs.push(Job {
            path,
            template: "timeline.html".into(),
            context: ctx,
            owner: None,
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
    jobs.push(Job {
        path: "facts/".into(),
        template: "facts.html".into(),
        context: ctx,
        owner: None,
    });
    for s in &site.sheets {
        let mut ctx = Context::new();
        ctx.insert("sheet", s);
        let path = format!("facts/{}/", s.name);
        ctx.insert("page", &generated_page(&s.title, &s.summary, &site, &path));
        jobs.push(Job {
            path,
            template: "fact_sheet.html".into(),
            context: ctx,
            owner: None,
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
    jobs.push(Job {
        path: "sources/".into(),
        template: "sources.html".into(),
        context: ctx,
        owner: None,
    });
    let mut ctx = Context::new();
    ctx.insert(
        "page",
        &generated_page("Page not found", "", &site, "404.html"),
    );
    jobs.push(Job {
        path: "404.html".into(),
        template: "404.html".into(),
        context: ctx,
        owner: None,
    });

    let shown: BTreeMap<String, String> = site
        .templates
        .iter()
        .map(|t| (t.name.clone(), t.shown_as.clone()))
        .collect();
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            if !tera.contains_template(&job.template) {
                let d = Diagnostic::error(format!("template `{}` does not exist", job.template))
                    .hint("create it in templates/, or fix the page's `template:` field");
                return Err(match &job.owner {
                    Some(o) => d.in_file(o),
                    None => d.in_file("templates"),
                });
            }
            match tera.render(&job.template, &job.context) {
                Ok(html) => Ok(OutputFile {
                    path: paths::output_file(&job.path),
                    bytes: html.into_bytes(),
                }),
                Err(e) => {
                    let mut d = template_diag(&e, &shown);
                    // Errors without a place in a template (component
                    // recursion) at least name the template being rendered.
                    if d.file.as_deref() == Some(std::path::Path::new("templates")) {
                        d = d.in_file(shown.get(&job.template).unwrap_or(&job.template));
                        if d.message.contains("recursion") {
                            d = d.hint("a component calls itself without end; give the recursion a stopping condition");
                        }
                    }
                    Err(d)
                }
            }
        })
        .collect();
    for r in results {
        match r {
            Ok(f) => out.push(f),
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
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
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
        era.years = {
            let mut y: Vec<i16> = era.events.iter().map(|e| e.year).collect();
            y.dedup();
            y
        };
    }
    v.eras.retain(|e| !e.events.is_empty());
    v.years = {
        let mut y: Vec<i16> = v.events.iter().map(|e| e.year).collect();
        y.dedup();
        y
    };
    v
}
