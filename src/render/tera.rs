//! Tera for this site: the functions templates may call (`fact()`,
//! `asset()`, `url()`, and `cached()` from `fragments`), the templates added with every syntax error
//! reported at its place, the site-wide values put in Tera's global context
//! once, and each template rendered into a reused buffer.

use super::Sink;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::facts;
use crate::paths;
use crate::resolve::Site;
use std::collections::BTreeMap;
use std::error::Error as _;
use std::path::Path;
use std::sync::Arc;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

/// Tera's error, located in its template file.
pub(super) fn template_diag(e: &tera::Error, shown: &BTreeMap<String, String>) -> Diagnostic {
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

/// Build the Tera instance in three steps: functions first, then
/// templates (so unknown functions and filters fail when templates are
/// added, with positions), then the site-wide values.
pub(super) fn tera_for(
    site: &Arc<Site>,
    asset_urls: Arc<BTreeMap<String, String>>,
    diags: &mut Diagnostics,
) -> Option<Arc<Tera>> {
    let mut tera = Tera::new();
    register_functions(&mut tera, site, asset_urls.clone());
    let fragments = super::fragments::register(&mut tera);
    if !add_templates(&mut tera, site, diags) {
        return None;
    }
    set_globals(&mut tera, site, &asset_urls, diags)?;
    let tera = Arc::new(tera);
    // Set once, on a Tera just made: cannot be set already.
    let _ = fragments.set(Arc::downgrade(&tera));
    Some(tera)
}

/// `fact(id=…)`, `asset(path=…)` and `url(path=…)`.
fn register_functions(
    tera: &mut Tera,
    site: &Arc<Site>,
    asset_urls: Arc<BTreeMap<String, String>>,
) {
    let s = site.clone();
    tera.register_function(
        "fact",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let id: String = kw.must_get("id")?;
            let style: Option<String> = kw.get("style")?;
            let style = match style.as_deref() {
                None => facts::FactStyle::News,
                Some(name) => facts::FactStyle::parse(name).ok_or_else(|| {
                    tera::Error::message(format!(
                        "fact(): unknown style `{name}`; use \"news\" (the default), \"noted\", \"full\" or \"value\""
                    ))
                })?,
            };
            match s.figures.get(&id) {
                Some(f) => Ok(Value::safe_string(&facts::fact_html_styled(f, style))),
                None => Err(tera::Error::message(format!(
                    "fact(): unknown figure id `{id}`"
                ))),
            }
        },
    );
    let base = site.base.clone();
    tera.register_function(
        "asset",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: String = kw.must_get("path")?;
            match asset_urls.get(path.trim_start_matches('/')) {
                Some(out) => Ok(Value::from(base.url(out))),
                None => Err(tera::Error::message(format!(
                    "asset(): no file `{path}` in static/"
                ))),
            }
        },
    );
    let base = site.base.clone();
    tera.register_function(
        "url",
        move |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: String = kw.must_get("path")?;
            Ok(Value::from(base.url(&path)))
        },
    );
}

/// Add every template; false (with every problem reported) if any fails.
fn add_templates(tera: &mut Tera, site: &Site, diags: &mut Diagnostics) -> bool {
    let shown: BTreeMap<String, String> = site
        .templates
        .iter()
        .map(|t| (t.name.clone(), t.shown_as.clone()))
        .collect();
    // Syntax errors are reported for every template, not just the first.
    let mut ok = true;
    for t in &site.templates {
        let mut probe = Tera::new();
        probe.register_from(tera);
        if let Err(e) = probe.add_raw_template(&t.name, &t.text) {
            if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                diags.push(template_diag(&e, &shown));
                ok = false;
            }
        }
    }
    if !ok {
        return false;
    }
    let all: Vec<(&str, &str)> = site
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()))
        .collect();
    let Err(e) = tera.add_raw_templates(all) else {
        return true;
    };
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
    false
}

/// What every template sees: `site`, `nav`, `categories`, `sheets_menu`.
fn set_globals(
    tera: &mut Tera,
    site: &Site,
    asset_urls: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Option<()> {
    let g = tera.global_context();
    for (name, value) in globals(site, asset_urls, diags)? {
        g.insert(name, &value);
    }
    Some(())
}

/// Tera's global values, by name: the one list of them, which the
/// preview also compares between builds (`deps`).
pub(super) fn globals(
    site: &Site,
    asset_urls: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Option<Vec<(&'static str, serde_json::Value)>> {
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
    let site_value = serde_json::json!({
        "title": site.config.title,
        "description": site.config.description,
        "language": site.config.language,
        "base_url": site.base.full,
        "base_path": site.base.path,
        "image": image.map(|u| site.base.permalink(u)),
        "feed_url": site.base.url("atom.xml"),
    });
    let sheets_menu: Vec<serde_json::Value> = site
        .sheets
        .iter()
        .map(|s| serde_json::json!({"title": s.title, "url": s.url}))
        .collect();
    Some(vec![
        ("site", site_value),
        ("nav", serde_json::to_value(&site.nav).unwrap_or_default()),
        (
            "categories",
            serde_json::to_value(&site.timeline.categories).unwrap_or_default(),
        ),
        ("sheets_menu", serde_json::Value::from(sheets_menu)),
    ])
}

/// Render one template into this thread's reusable buffer (no allocation
/// per page once it has grown) and hand the bytes to `sink`. `owner` is the
/// content file that chose the template, for the error.
pub(super) fn render_to_sink(
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
