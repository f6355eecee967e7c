//! `cached(template=…, key=…)`: a fragment that repeats across pages (the
//! site's navigation, a section's menu) rendered once per key and reused,
//! like Hugo's `partialCached`. This module owns that cache and the one
//! page-specific touch applied outside it, the "current page" marker.
//!
//! ```text
//! {{ cached(template="partials/nav.html", key="main", current=page.url) }}
//! {{ cached(template="partials/menu.html", key=section_url, menu=section_menu) }}
//! ```
//!
//! - The fragment sees Tera's globals and the other arguments (`menu`
//!   above), nothing of the page's context: what it shows must depend only
//!   on `key` (the first page to ask for a key renders it, and every page
//!   with that key gets those bytes). That keeps the output deterministic
//!   across threads.
//! - `current=URL` adds `aria-current="page"` after every `href="URL"` in
//!   the fragment, so one cached menu serves every page of a section.
//! - The cache lives as long as one rendering (one build, or one rebuild
//!   of the preview, which makes a new Tera each time), so it never holds a
//!   fragment made from older values. What a page's fragments read is
//!   already among the page's dependencies (`render::deps`), because it is
//!   passed in from the page's context or is a global.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use tera::{Context, Kwargs, State, Tera, Value};

/// Where the function finds the Tera it renders with, set once the
/// templates are in (weak: the Tera owns the function).
pub(super) type TeraCell = Arc<OnceLock<Weak<Tera>>>;

type Rendered = Arc<OnceLock<Result<Arc<str>, String>>>;

/// The arguments that are not passed on to the fragment.
const OWN_ARGUMENTS: [&str; 3] = ["template", "key", "current"];

/// Register `cached()`; give the finished Tera to the returned cell.
pub(super) fn register(tera: &mut Tera) -> TeraCell {
    let cell: TeraCell = Arc::new(OnceLock::new());
    let found = cell.clone();
    let cache: Arc<Mutex<HashMap<(String, String), Rendered>>> = Arc::default();
    tera.register_function(
        "cached",
        move |kw: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let template: String = kw.must_get("template")?;
            let key: Value = kw.must_get("key")?;
            let current: Option<String> = kw.get("current")?;
            let slot = cache
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry((template.clone(), key.to_string()))
                .or_default()
                .clone();
            let html = match slot.get() {
                Some(done) => done.clone(),
                None => render_once(&slot, &found, &template, &kw)?,
            };
            let html = html.map_err(tera::Error::message)?;
            Ok(Value::safe_string(&match current {
                Some(url) => mark_current(&html, &state.escape(&url)?),
                None => html.to_string(),
            }))
        },
    );
    cell
}

thread_local! {
    /// The fragments this thread is rendering, to refuse one that asks
    /// for itself (which would wait for itself for ever).
    static RENDERING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn render_once(
    slot: &Rendered,
    tera: &TeraCell,
    template: &str,
    kw: &Kwargs,
) -> tera::TeraResult<Result<Arc<str>, String>> {
    if RENDERING.with(|r| r.borrow().iter().any(|t| t == template)) {
        return Err(tera::Error::message(format!(
            "cached(): `{template}` asks for itself; a fragment cannot contain itself"
        )));
    }
    RENDERING.with(|r| r.borrow_mut().push(template.to_string()));
    let done = slot.get_or_init(|| render(tera, template, kw));
    RENDERING.with(|r| r.borrow_mut().pop());
    Ok(done.clone())
}

fn render(tera: &TeraCell, template: &str, kw: &Kwargs) -> Result<Arc<str>, String> {
    let Some(tera) = tera.get().and_then(Weak::upgrade) else {
        return Err("cached(): used before the templates were ready".into());
    };
    let mut context = Context::new();
    for (name, value) in kw.iter() {
        match name.as_str() {
            Some(n) if !OWN_ARGUMENTS.contains(&n) => {
                context.insert_value(n.to_string(), value.clone())
            }
            _ => {}
        }
    }
    tera.render(template, &context).map(Arc::from).map_err(|e| {
        let mut message = format!("cached(template=\"{template}\"): {e}");
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(&format!(": {s}"));
            source = s.source();
        }
        message
    })
}

/// `html` with ` aria-current="page"` after every `href="URL"`.
fn mark_current(html: &str, escaped_url: &str) -> String {
    let needle = format!("href=\"{escaped_url}\"");
    html.replace(&needle, &format!("{needle} aria-current=\"page\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_every_link_to_the_current_page_and_no_other() {
        let html = r#"<li><a href="/a/">A</a></li><li><a href="/a/b/">B</a></li>"#;
        assert_eq!(
            mark_current(html, "/a/"),
            r#"<li><a href="/a/" aria-current="page">A</a></li><li><a href="/a/b/">B</a></li>"#
        );
    }

    fn tera_with(templates: &[(&str, &str)]) -> Arc<Tera> {
        let mut tera = Tera::new();
        let cell = register(&mut tera);
        tera.add_raw_templates(templates.to_vec()).unwrap();
        let tera = Arc::new(tera);
        cell.set(Arc::downgrade(&tera)).unwrap();
        tera
    }

    #[test]
    fn renders_a_fragment_once_per_key() {
        let tera = tera_with(&[
            ("f.html", "<a href=\"/{{ n }}/\">{{ n }}</a>"),
            (
                "page.html",
                "{{ cached(template='f.html', key=k, n=n, current=here) }}",
            ),
        ]);
        let page = |k: &str, n: u32, here: &str| {
            let mut c = Context::new();
            c.insert("k", k);
            c.insert("n", &n);
            c.insert("here", here);
            tera.render("page.html", &c).unwrap()
        };
        assert_eq!(page("x", 1, "/2/"), "<a href=\"/1/\">1</a>");
        // Same key: the first rendering's bytes, whatever else is passed.
        assert_eq!(
            page("x", 2, "/1/"),
            "<a href=\"/1/\" aria-current=\"page\">1</a>"
        );
        assert_eq!(page("y", 2, "/1/"), "<a href=\"/2/\">2</a>");
    }

    #[test]
    fn a_fragment_that_asks_for_itself_is_an_error_not_a_hang() {
        let tera = tera_with(&[("f.html", "{{ cached(template='f.html', key=1) }}")]);
        let e = tera.render("f.html", &Context::new()).unwrap_err();
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text.push_str(&s.to_string());
            source = s.source();
        }
        assert!(text.contains("asks for itself"), "{text}");
    }
}
