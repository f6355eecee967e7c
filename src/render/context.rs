//! What a template sees: a page's context (the page with its key facts,
//! breadcrumbs, its section's menu, neighbours, JSON-LD), the values of the
//! generated pages, and the list items shared by menus and search.

use super::deps::Dep;
use crate::load::front_matter::PageKind;
use crate::model::map;
use crate::resolve::{Page, Site, SourceView};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Value};

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// A page in a list (menus, search, neighbours), borrowed from the page:
/// 10,000 of them are serialised for the section menus alone.
#[derive(Serialize, Clone)]
pub(super) struct ListItem<'a> {
    title: &'a str,
    url: &'a str,
    summary: &'a str,
    date: Option<&'a str>,
    date_machine: Option<&'a str>,
    kind: &'a str,
}

pub(super) fn item(p: &Page) -> ListItem<'_> {
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
pub(super) fn search_group(section: &Page, menu: &Value) -> Value {
    let mut fields = tera::Map::with_capacity(3);
    fields.insert("title".into(), Value::from(section.title.as_str()));
    fields.insert("url".into(), Value::from(section.url.as_str()));
    fields.insert("items".into(), menu.clone());
    Value::from(fields)
}

/// A generated page (the timeline, a fact sheet, search) as templates see
/// `page`.
pub(super) fn generated_page(
    title: &str,
    summary: &str,
    site: &Site,
    path: &str,
) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "summary": summary,
        "url": site.base.url(path),
        "permalink": site.base.permalink(path),
        "kind": "generated",
    })
}

/// schema.org metadata for a page: the site for the home page, a collection
/// for a section, an article (with its dates) for everything else.
fn page_jsonld(p: &Page, site: &Site) -> String {
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
    if !p.corrections.is_empty() {
        v["correction"] = correction_jsonld(&p.corrections);
    }
    // `</script>` inside a title must not end the block.
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The timeline's JSON-LD when its events carry corrections (a
/// `CollectionPage` with their `CorrectionComment`s); none otherwise.
pub(super) fn timeline_jsonld(site: &Site, path: &str) -> Option<String> {
    let corrections: Vec<_> = site
        .timeline
        .events
        .iter()
        .flat_map(|e| e.corrections.iter().cloned())
        .collect();
    if corrections.is_empty() {
        return None;
    }
    let v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "url": site.base.permalink(path),
        "inLanguage": site.config.language,
        "correction": correction_jsonld(&corrections),
    });
    Some(
        serde_json::to_string(&v)
            .unwrap_or_default()
            .replace('<', "\\u003c"),
    )
}

/// schema.org `CorrectionComment`s, for the `correction` of a page or
/// dataset.
pub fn correction_jsonld(list: &[crate::model::changes::CorrectionView]) -> serde_json::Value {
    list.iter()
        .map(|c| {
            let mut v = serde_json::json!({
                "@type": "CorrectionComment",
                "datePublished": c.date_machine,
                "text": c.text,
                "url": c.permalink,
            });
            if let Some(w) = &c.withdrawn {
                v["text"] = format!("{} (Withdrawn: {w})", c.text).into();
            }
            v
        })
        .collect()
}

/// A place's marker, when its page gives coordinates.
fn marker(p: &Page) -> Option<map::Marker> {
    p.coords.map(|c| map::Marker {
        title: p.title.clone(),
        url: p.url.clone(),
        lat: c.lat,
        lon: c.lon,
    })
}

/// Every place with coordinates, in the order of the places section.
fn markers(site: &Site) -> Vec<map::Marker> {
    site.pages
        .iter()
        .filter(|p| p.kind == PageKind::Place)
        .filter_map(marker)
        .collect()
}

/// The places section, which shows the overview map.
fn is_places_section(p: &Page) -> bool {
    p.kind == PageKind::Section && p.url_path.trim_matches('/') == "places"
}

/// The cities every locator map shows for orientation, where their pages
/// give coordinates.
const ORIENTATION: &[&str] = &["stepanakert", "yerevan", "baku"];

fn orientation(site: &Site) -> Vec<map::Marker> {
    ORIENTATION
        .iter()
        .filter_map(|id| {
            site.pages
                .iter()
                .find(|p| p.kind == PageKind::Place && p.id == *id)
                .and_then(marker)
        })
        .collect()
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

/// The page as templates see it: its fields in order, with `key_facts`
/// (serialised as ids) replaced in place by the shared figure values.
fn page_value(p: &Page, figure_values: &BTreeMap<String, Value>) -> Value {
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

/// A figure's full provenance, in the Notes list at the end of a page.
#[derive(Serialize)]
struct Note<'a> {
    n: usize,
    figure: &'a crate::model::facts::FigureView,
    sources: Vec<NoteSource<'a>>,
}

/// A source cited in full, as `partials/source.html` shows it.
#[derive(Serialize)]
struct NoteSource<'a> {
    outlet: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    date_machine: Option<&'a str>,
    /// The source's own address, when known.
    url: Option<&'a str>,
    archived_url: Option<&'a str>,
    accessed: Option<&'a str>,
    accessed_machine: Option<&'a str>,
    lang: Option<&'a str>,
    language_name: Option<&'a str>,
    /// Its entry on /sources/.
    entry: &'a str,
}

impl<'a> NoteSource<'a> {
    fn of(c: &'a crate::model::facts::Citation, s: Option<&'a SourceView>) -> Self {
        let field = |f: fn(&'a SourceView) -> &'a Option<String>| s.and_then(|s| f(s).as_deref());
        NoteSource {
            outlet: &c.outlet,
            title: &c.title,
            date: field(|s| &s.date),
            date_machine: field(|s| &s.date_machine),
            url: c.source_url.as_deref(),
            archived_url: c.archived_url.as_deref(),
            accessed: field(|s| &s.accessed),
            accessed_machine: field(|s| &s.accessed_machine),
            lang: field(|s| &s.lang),
            language_name: field(|s| &s.language_name),
            entry: &c.url,
        }
    }
}

/// The figures a page's body has note markers for, in order of first
/// mention, each once.
fn note_ids(content: &str) -> Vec<&str> {
    let mut order: Vec<&str> = Vec::new();
    let mut rest = content;
    const MARK: &str = "<sup class=\"note-ref\" data-note=\"";
    while let Some(i) = rest.find(MARK) {
        let after = &rest[i + MARK.len()..];
        let Some(end) = after.find('"') else { break };
        let id = &after[..end];
        if !order.contains(&id) {
            order.push(id);
        }
        rest = &after[end..];
    }
    order
}

/// Numbers the note markers of the figures in a page's body (1, 2, 3 in
/// order of first mention; a figure mentioned twice keeps its number) and
/// returns the body with each marker linking to its note, and the notes.
fn notes<'a>(content: &str, site: &'a Site) -> (String, Vec<Note<'a>>) {
    let order = note_ids(content);
    let mut out = content.to_string();
    let mut list = Vec::new();
    for id in order {
        let Some(f) = site.figures.get(id) else {
            continue;
        };
        let n = list.len() + 1;
        out = out.replace(
            &crate::model::facts::note_marker(f),
            &format!(
                "<sup class=\"note-ref\"><a href=\"#note-{n}\" aria-label=\"Note {n}\">{n}</a></sup>"
            ),
        );
        let sources = f
            .sources
            .iter()
            .map(|c| NoteSource::of(c, site.sources.iter().find(|s| s.id == c.id)))
            .collect();
        list.push(Note {
            n,
            figure: f,
            sources,
        });
    }
    (out, list)
}

/// A page's own context: the page, its breadcrumbs, its section's menu
/// (built once per section and shared: tera's values are reference-counted)
/// and its neighbours. Built on the rendering thread, not up front.
pub(super) fn page_context(
    site: &Site,
    i: usize,
    menu: &dyn Fn(usize) -> Option<Value>,
    figure_values: &BTreeMap<String, Value>,
) -> Context {
    let p = &site.pages[i];
    let mut ctx = Context::new();
    let mut page = page_value(p, figure_values);
    let (content, notes) = notes(&p.content, site);
    if !notes.is_empty() {
        if let Some(mut fields) = page.clone().into_map() {
            fields.insert(
                tera::value::Key::from("content"),
                Value::safe_string(&content),
            );
            page = Value::from(fields);
        }
    }
    ctx.insert_value("page", page);
    ctx.insert("notes", &notes);
    let mut crumbs = Vec::new();
    let mut up = p.parent;
    while let Some(u) = up {
        let parent = &site.pages[u];
        crumbs.push(Crumb {
            // Every trail starts with "Home", as on the generated pages.
            title: if parent.kind == PageKind::Home {
                "Home".to_string()
            } else {
                parent.title.clone()
            },
            url: site.pages[u].url.clone(),
        });
        up = site.pages[u].parent;
    }
    crumbs.reverse();
    ctx.insert("breadcrumbs", &crumbs);
    match menu(i) {
        Some(m) => ctx.insert_value("children", m),
        None => ctx.insert("children", &Vec::<ListItem>::new()),
    }
    match p.parent.and_then(menu) {
        Some(m) => ctx.insert_value("section_menu", m),
        None => ctx.insert("section_menu", &Vec::<ListItem>::new()),
    }
    // The key of a cached section menu (`cached()`): the section's URL.
    let section_url = p.parent.map(|u| site.pages[u].url.as_str());
    ctx.insert("section_url", section_url.unwrap_or(""));
    ctx.insert("jsonld", &page_jsonld(p, site));
    if p.kind == PageKind::Place {
        if let Some(m) = marker(p) {
            ctx.insert("map", &map::locator(&p.id, &m, &orientation(site)));
        }
    }
    if p.kind == PageKind::Home || is_places_section(p) {
        ctx.insert("overview_map", &map::overview(&markers(site)));
    }
    ctx.insert("prev", &p.prev.map(|j| item(&site.pages[j])));
    ctx.insert("next", &p.next.map(|j| item(&site.pages[j])));
    if p.kind == PageKind::Home {
        let sections: Vec<ListItem> = site
            .pages
            .iter()
            .filter(|q| q.kind == PageKind::Section && q.parent.is_some())
            .map(item)
            .collect();
        ctx.insert("sections", &sections);
        ctx.insert("sheets", &site.sheets);
        ctx.insert("last_updated", &last_updated(site));
    }
    ctx
}

/// What [`page_context`] reads besides the page itself, for the preview:
/// keep the two in step. A page is re-rendered when one of these changed.
pub(super) fn page_deps(site: &Site, i: usize) -> Vec<Dep> {
    let p = &site.pages[i];
    let url = |j: usize| site.pages[j].url_path.clone();
    let mut deps = vec![Dep::Page(p.url_path.clone()), Dep::Menu(p.url_path.clone())];
    let mut up = p.parent;
    while let Some(u) = up {
        deps.push(Dep::Item(url(u))); // breadcrumbs
        up = site.pages[u].parent;
    }
    deps.extend(p.parent.map(|j| Dep::Menu(url(j))));
    deps.extend(p.prev.map(|j| Dep::Item(url(j))));
    deps.extend(p.next.map(|j| Dep::Item(url(j))));
    deps.extend(p.key_facts.iter().map(|id| Dep::Figure(id.clone())));
    let notes = note_ids(&p.content);
    if !notes.is_empty() {
        deps.extend(notes.iter().map(|id| Dep::Figure(id.to_string())));
        deps.push(Dep::Sources); // the sources' dates, languages, archives in the notes
    }
    if p.kind == PageKind::Home {
        deps.extend([Dep::Pages, Dep::Sheets]); // sections, sheets, last updated
    }
    if p.kind == PageKind::Place || p.kind == PageKind::Home || is_places_section(p) {
        deps.push(Dep::Places); // the locator map's orientation, the overview
    }
    deps
}
