//! Stage 2, resolve: turn the loaded files into one immutable [`Site`]:
//! URLs and sections, every id checked against the others (sources, actors,
//! places, figures, events, categories), Markdown rendered with its links
//! checked, and everything that points back computed (backlinks, "cited
//! by", "on the timeline"). All problems are collected, none stops the rest.

use crate::config::{BaseUrl, SiteConfig};
use crate::diagnostic::{closest, Diagnostic, Diagnostics, Pos};
use crate::facts::{self, CeasefireView, Citation, FigureView, Ref, SheetView};
use crate::formats::{Ceasefire, Figure};
use crate::load::{AssetFile, Inputs, PageInput, TemplateFile};
use crate::markdown::{self, Heading, Origin, Resolver};
use crate::page::{Name, PageKind, ACTOR_KINDS, PLACE_KINDS};
use crate::paths;
use crate::timeline::{self, EventView, TimelineView};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// URL paths the generator writes itself; a page may not take them.
pub const GENERATED: &[&str] = &["timeline/", "facts/", "sources/", "search/", "updates/"];

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub content_path: String,
    pub kind: PageKind,
    /// The place or actor id (its file name), for entity pages.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub url_path: String,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<Heading>,
    pub date: Option<String>,
    pub date_machine: Option<String>,
    pub updated: Option<String>,
    pub updated_machine: Option<String>,
    pub changes: Option<String>,
    pub weight: Option<i64>,
    pub template: String,
    pub entity_kind: Option<String>,
    pub role: Option<String>,
    pub names: Vec<Name>,
    pub coords: Option<crate::page::Coords>,
    /// Ids of the figures in the page's key-facts box, each one known.
    /// Templates see the figures themselves: the renderer puts in each
    /// figure's value, built once for all pages (see render::page_context).
    pub key_facts: Vec<String>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    pub backlinks: Vec<Ref>,
    pub events: Vec<EventRef>,
    pub figures: Vec<FigureView>,
    #[serde(skip)]
    pub links_to: BTreeSet<usize>,
    #[serde(skip)]
    pub facts_used: Vec<String>,
}

impl Page {
    pub fn as_ref(&self) -> Ref {
        Ref {
            title: self.title.clone(),
            url: self.url.clone(),
            id: self.id.clone(),
        }
    }
}

/// An event as listed on a place, actor or page: "On the timeline".
#[derive(Debug, Clone, Serialize)]
pub struct EventRef {
    pub id: String,
    pub title: String,
    pub date: String,
    pub date_machine: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub date: Option<String>,
    pub date_machine: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
    pub cited_by: Vec<Ref>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

pub struct Site {
    pub config: SiteConfig,
    pub base: BaseUrl,
    pub pages: Vec<Page>,
    pub sheets: Vec<SheetView>,
    /// CSV and JSON exports, by sheet name.
    pub exports: BTreeMap<String, (Vec<u8>, String)>,
    pub figures: BTreeMap<String, FigureView>,
    pub sources: Vec<SourceView>,
    pub timeline: TimelineView,
    pub nav: Vec<NavLink>,
    pub templates: Vec<TemplateFile>,
    pub assets: Vec<AssetFile>,
}

impl Site {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.path, path)
    }
}

/// What `@/` links may point at besides pages.
struct Target {
    url: String,
    page: Option<usize>,
    anchors: BTreeSet<String>,
}

pub(crate) struct Links<'a> {
    targets: BTreeMap<String, Target>,
    figures: &'a BTreeMap<String, FigureView>,
    broken: &'a crate::load::Broken,
    /// While page bodies render, their headings (the anchors of page
    /// targets) are not known yet: such anchors pass, and are checked once
    /// every body is rendered (see `Rendered::anchored`).
    page_anchors_pending: bool,
}

impl Links<'_> {
    /// Anchors of a generated page whose inputs failed to load cannot be
    /// checked; their own errors are reported instead.
    fn unchecked(&self, key: &str) -> bool {
        (key == "timeline" && self.broken.any_timeline)
            || (key.starts_with("facts") && self.broken.any_sheet)
            || (key == "sources" && self.broken.sources)
    }
}

impl Resolver for Links<'_> {
    fn link(
        &self,
        target: &str,
        anchor: Option<&str>,
    ) -> Result<(String, Option<usize>), (String, String)> {
        let key = target.trim_end_matches('/');
        if self.broken.pages.contains(key) {
            return Ok(("#".into(), None)); // its own error says why
        }
        let Some(t) = self.targets.get(key) else {
            let hint = match closest(key, self.targets.keys().map(String::as_str)) {
                Some(c) => format!("did you mean @/{c}? Links name the file under content/, e.g. @/places/ganja.md"),
                None => "links name the file under content/, e.g. @/places/ganja.md; or @/timeline, @/facts, @/sources".into(),
            };
            return Err((
                format!("link to a page that does not exist: @/{target}"),
                hint,
            ));
        };
        match anchor {
            None | Some("") => Ok((t.url.clone(), t.page)),
            Some(a)
                if t.anchors.contains(a)
                    || self.unchecked(key)
                    || (self.page_anchors_pending && t.page.is_some()) =>
            {
                Ok((format!("{}#{a}", t.url), t.page))
            }
            Some(a) => {
                let hint = match closest(a, t.anchors.iter().map(String::as_str)) {
                    Some(c) => format!("did you mean #{c}?"),
                    None if t.anchors.is_empty() => "that page has no headings to link to".into(),
                    None => format!(
                        "anchors on that page: {}",
                        t.anchors
                            .iter()
                            .take(8)
                            .map(|s| format!("#{s}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                Err((
                    format!("link to an anchor that does not exist: @/{target}#{a}"),
                    hint,
                ))
            }
        }
    }

    fn fact(&self, id: &str) -> Result<String, (String, String)> {
        match self.figures.get(id) {
            Some(f) => Ok(facts::fact_html(f)),
            None if self.broken.any_sheet => Ok(String::new()),
            None => Err((
                format!("unknown figure id `{id}`"),
                match closest(id, self.figures.keys().map(String::as_str)) {
                    Some(c) => {
                        format!("did you mean `{c}`? Figures are defined in content/facts/*.yaml")
                    }
                    None => "figures are defined in content/facts/*.yaml".into(),
                },
            )),
        }
    }
}

/// Sort key for pages inside a section: weight, then date, then title.
fn section_order(p: &Page) -> (i64, String, String) {
    (
        p.weight.unwrap_or(i64::MAX),
        p.date_machine.clone().unwrap_or_default(),
        p.title.to_lowercase(),
    )
}

pub(crate) fn err_at(file: &Path, text: &str, pos: Pos, msg: String, hint: &str) -> Diagnostic {
    let d = Diagnostic::error(msg)
        .in_file(file)
        .at_pos(pos)
        .with_source(text);
    if hint.is_empty() {
        d
    } else {
        d.hint(hint)
    }
}

pub fn resolve(inputs: Inputs, drafts: bool, diags: &mut Diagnostics) -> Site {
    let Inputs {
        config,
        pages: page_inputs,
        sheets,
        timelines,
        eras,
        sources,
        templates,
        assets,
        config_file,
        mut broken,
        ..
    } = inputs;
    let base = config.base.clone();
    let cfg = config.config;

    // --- Pages: URLs, ids, collisions -------------------------------------
    let page_inputs: Vec<PageInput> = page_inputs
        .into_iter()
        .filter(|p| drafts || !p.front.draft)
        .collect();
    let mut pages: Vec<Page> = Vec::with_capacity(page_inputs.len());
    let mut by_url: BTreeMap<String, String> = GENERATED
        .iter()
        .map(|g| (g.to_string(), "(generated)".to_string()))
        .collect();
    let mut kept_inputs = Vec::with_capacity(page_inputs.len());
    for input in page_inputs {
        let f = &input.front;
        let rel = &input.file.rel;
        let text = &input.file.text;
        let url_path = match paths::page_url_path(&input.content_path, f.slug.as_deref()) {
            Ok(u) => u,
            Err(bad) => {
                broken.pages.insert(input.content_path.clone());
                let pos = if f.slug.is_some() {
                    input.front_index.get("slug")
                } else {
                    Pos::new(1, 1)
                };
                diags.push(err_at(
                    rel,
                    text,
                    pos,
                    format!("`{bad}` cannot be used in a URL"),
                    "use lowercase letters, digits and hyphens only (no `/`, `.` or spaces)",
                ));
                continue;
            }
        };
        if let Some(other) = by_url.insert(
            url_path.clone(),
            input.file.rel.to_string_lossy().into_owned(),
        ) {
            let what = if other == "(generated)" {
                "a page the generator writes itself".to_string()
            } else {
                other
            };
            diags.push(err_at(
                rel,
                text,
                Pos::new(1, 1),
                format!("this page's URL /{url_path} is already taken by {what}"),
                "rename the file or give it a different `slug:`",
            ));
            broken.pages.insert(input.content_path.clone());
            continue;
        }
        let kind = input.kind;
        if f.slug.is_some() && matches!(kind, PageKind::Home | PageKind::Section) {
            diags.push(
                Diagnostic::warning("`slug:` has no effect on a section's `_index.md`")
                    .in_file(rel)
                    .at_pos(input.front_index.get("slug"))
                    .with_source(text)
                    .hint("a section's address comes from its folder's name: rename the folder, or remove `slug:`"),
            );
        }
        let mut check_kind = |allowed: &[&str], what: &str| -> Option<String> {
            match &f.kind {
                Some(k) if allowed.contains(&k.as_str()) => Some(k.clone()),
                Some(k) => {
                    diags.push(err_at(
                        rel,
                        text,
                        input.front_index.get("kind"),
                        format!("`{k}` is not a kind of {what}"),
                        &format!("use one of: {}", allowed.join(", ")),
                    ));
                    None
                }
                None => {
                    diags.push(err_at(
                        rel,
                        text,
                        Pos::new(1, 1),
                        format!("a {what} page needs `kind:`"),
                        &format!("add `kind:` with one of: {}", allowed.join(", ")),
                    ));
                    None
                }
            }
        };
        let entity_kind = match kind {
            PageKind::Place => check_kind(PLACE_KINDS, "place"),
            PageKind::Actor => check_kind(ACTOR_KINDS, "actor"),
            _ => {
                for key in ["kind", "role", "names", "coords"] {
                    let present = match key {
                        "kind" => f.kind.is_some(),
                        "role" => f.role.is_some(),
                        "names" => !f.names.is_empty(),
                        _ => f.coords.is_some(),
                    };
                    if present {
                        diags.push(err_at(rel, text, input.front_index.key("", key), format!("`{key}:` is only for place and actor pages"), "move the page into content/places/ or content/actors/, or remove the field"));
                    }
                }
                None
            }
        };
        let id = input
            .content_path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".md")
            .to_string();
        let template = f
            .template
            .clone()
            .unwrap_or_else(|| kind.default_template().to_string());
        pages.push(Page {
            content_path: input.content_path.clone(),
            kind,
            id,
            title: f.title.clone(),
            summary: f.summary.clone().unwrap_or_default(),
            url: format!("{}{}", base.path, url_path),
            permalink: format!("{}{}", base.full, url_path),
            url_path,
            content: String::new(),
            toc: Vec::new(), // set when the body is rendered
            date: f.date.map(|d| d.display()),
            date_machine: f.date.map(|d| d.machine()),
            updated: f.updated.map(|d| d.display()),
            updated_machine: f.updated.map(|d| d.machine()),
            changes: f.changes.clone(),
            weight: f.weight,
            template,
            entity_kind,
            role: f.role.clone(),
            names: f.names.clone(),
            coords: f.coords,
            key_facts: Vec::new(),
            parent: None,
            children: Vec::new(),
            prev: None,
            next: None,
            backlinks: Vec::new(),
            events: Vec::new(),
            figures: Vec::new(),
            links_to: BTreeSet::new(),
            facts_used: Vec::new(),
        });
        kept_inputs.push(input);
    }
    let page_index: BTreeMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.content_path.clone(), i))
        .collect();
    let actors: BTreeMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Actor)
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    let places: BTreeMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Place)
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    link_sections(&mut pages, &page_index, &kept_inputs, diags);

    // --- Sources ----------------------------------------------------------
    let mut source_views: Vec<SourceView> = Vec::new();
    let mut source_pos: BTreeMap<String, (usize, Pos)> = BTreeMap::new();
    let sources_file = sources.as_ref().map(|s| s.file.clone());
    if let Some(s) = &sources {
        for (i, src) in s.data.iter().enumerate() {
            let pos = s.index.get(&format!("{i}.id"));
            if !paths::is_slug(&src.id) {
                diags.push(err_at(
                    &s.file.rel,
                    &s.file.text,
                    pos,
                    format!(
                        "source id `{}` must be lowercase letters, digits and hyphens",
                        src.id
                    ),
                    "",
                ));
            }
            if let Some((_, first)) = source_pos.get(&src.id) {
                diags.push(err_at(
                    &s.file.rel,
                    &s.file.text,
                    pos,
                    format!(
                        "duplicate source id `{}` (first defined on line {})",
                        src.id, first.line
                    ),
                    "give each source its own id",
                ));
                continue;
            }
            if let Some(url) = &src.url {
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || markdown::is_script_url(url)
                {
                    diags.push(err_at(
                        &s.file.rel,
                        &s.file.text,
                        s.index.get(&format!("{i}.url")),
                        format!("source url `{url}` must start with https:// or http://"),
                        "leave `url:` out when the original address is not known; never guess one",
                    ));
                }
            }
            source_pos.insert(src.id.clone(), (source_views.len(), pos));
            source_views.push(SourceView {
                id: src.id.clone(),
                outlet: src.outlet.clone(),
                title: src.title.clone(),
                date: src.date.map(|d| d.display()),
                date_machine: src.date.map(|d| d.machine()),
                url: src.url.clone(),
                note: src.note.clone(),
                cited_by: Vec::new(),
            });
        }
    }
    let sources_url = format!("{}sources/", base.path);
    let look = Lookup {
        broken: &broken,
        config: &cfg,
        base: &base,
        pages: &pages,
        actors: &actors,
        places: &places,
        page_index: &page_index,
        sources: &source_pos,
        source_views: &source_views,
        sources_url: sources_url.clone(),
    };
    // --- Fact sheets --------------------------------------------------------
    let mut figure_views: BTreeMap<String, FigureView> = BTreeMap::new();
    let mut figure_pos: BTreeMap<String, (std::path::PathBuf, Pos)> = BTreeMap::new();
    let mut sheet_data: Vec<(String, &crate::load::Parsed<crate::formats::FactSheetFile>)> =
        Vec::new();
    let mut ceasefire_views: Vec<(CeasefireView, Ceasefire)> = Vec::new();
    for sheet in &sheets {
        let name = sheet
            .file
            .rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (rel, text) = (&sheet.file.rel, &sheet.file.text);
        if !paths::is_slug(&name) {
            diags.push(err_at(
                rel,
                text,
                Pos::new(1, 1),
                format!(
                    "fact sheet file name `{name}` must be lowercase letters, digits and hyphens"
                ),
                "rename the file",
            ));
            continue;
        }
        let sheet_url = format!("{}facts/{name}/", base.path);
        for (i, f) in sheet.data.figures.iter().enumerate() {
            let path = format!("figures.{i}");
            let pos = sheet.index.get(&format!("{path}.id"));
            if !check_id(&f.id, "figure", rel, text, pos, &mut figure_pos, diags) {
                continue;
            }
            if f.sources.is_empty() {
                diags.push(err_at(rel, text, sheet.index.get(&path), format!("figure `{}` has no source", f.id), "every figure needs `sources: [source-id]`; leave the figure out if no source can be given"));
            }
            let srcs = look.cite(
                &f.sources,
                rel,
                text,
                &|j| sheet.index.get(&format!("{path}.sources.{j}")),
                diags,
            );
            let claimed_by = match actors.get(&f.claimed_by) {
                Some(&a) => pages[a].as_ref(),
                None if broken
                    .pages
                    .contains(&format!("actors/{}.md", f.claimed_by)) =>
                {
                    Ref {
                        title: f.claimed_by.clone(),
                        url: String::new(),
                        id: f.claimed_by.clone(),
                    }
                }
                None => {
                    let hint = match closest(&f.claimed_by, actors.keys().map(String::as_str)) {
                        Some(c) => format!(
                            "did you mean `{c}`? Claimants are actor pages in content/actors/"
                        ),
                        None => format!("create content/actors/{}.md, or fix the id", f.claimed_by),
                    };
                    diags.push(err_at(
                        rel,
                        text,
                        sheet.index.get(&format!("{path}.claimed_by")),
                        format!("unknown actor id `{}` in claimed_by", f.claimed_by),
                        &hint,
                    ));
                    Ref {
                        title: f.claimed_by.clone(),
                        url: String::new(),
                        id: f.claimed_by.clone(),
                    }
                }
            };
            let (said, value_said) = facts::say(f);
            figure_views.insert(
                f.id.clone(),
                FigureView {
                    id: f.id.clone(),
                    sheet: name.clone(),
                    label: f.label.clone(),
                    said,
                    value_said,
                    value_low: f.value.low,
                    value_high: f.value.high,
                    qualifier: facts::qualifier_name(f.qualifier).to_string(),
                    unit: f.unit.clone(),
                    as_of: f.as_of.display(),
                    as_of_machine: f.as_of.machine(),
                    as_of_edtf: f.as_of.edtf(),
                    claimed_by,
                    sources: srcs,
                    topic: f.topic.clone(),
                    note_html: String::new(),
                    note: f.note.clone(),
                    url: format!("{sheet_url}#{}", f.id),
                },
            );
        }
        for (i, c) in sheet.data.ceasefires.iter().enumerate() {
            let path = format!("ceasefires.{i}");
            let pos = sheet.index.get(&format!("{path}.id"));
            if !check_id(&c.id, "ceasefire", rel, text, pos, &mut figure_pos, diags) {
                continue;
            }
            for (label, d) in [("in_force", c.in_force), ("ended", c.ended)] {
                if let Some(d) = d {
                    if d.end_key() < c.agreed.sort_key() {
                        diags.push(err_at(
                            rel,
                            text,
                            sheet.index.get(&format!("{path}.{label}")),
                            format!(
                                "`{label}` ({}) is before `agreed` ({})",
                                d.display(),
                                c.agreed.display()
                            ),
                            "check the dates",
                        ));
                    }
                }
            }
            if c.sources.is_empty() {
                diags.push(err_at(
                    rel,
                    text,
                    sheet.index.get(&path),
                    format!("ceasefire `{}` has no source", c.id),
                    "add `sources: [source-id]`",
                ));
            }
            let srcs = look.cite(
                &c.sources,
                rel,
                text,
                &|j| sheet.index.get(&format!("{path}.sources.{j}")),
                diags,
            );
            let brokered_by = look
                .refs(
                    &c.brokered_by,
                    "actor",
                    rel,
                    text,
                    &|j| sheet.index.get(&format!("{path}.brokered_by.{j}")),
                    diags,
                )
                .0;
            let parties = look
                .refs(
                    &c.parties,
                    "actor",
                    rel,
                    text,
                    &|j| sheet.index.get(&format!("{path}.parties.{j}")),
                    diags,
                )
                .0;
            ceasefire_views.push((
                CeasefireView {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    agreed: c.agreed.display(),
                    agreed_machine: c.agreed.machine(),
                    in_force: c.in_force.map(|d| d.display()),
                    in_force_machine: c.in_force.map(|d| d.machine()),
                    ended: c.ended.map(|d| d.display()),
                    ended_machine: c.ended.map(|d| d.machine()),
                    brokered_by,
                    parties,
                    sources: srcs,
                    summary_html: String::new(),
                    note_html: String::new(),
                    url: format!("{sheet_url}#{}", c.id),
                },
                c.clone(),
            ));
        }
        sheet_data.push((name, sheet));
    }

    // --- Link targets (needed by every Markdown render below) ---------------
    let mut targets: BTreeMap<String, Target> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        let key = p.content_path.clone();
        targets.insert(
            key.clone(),
            Target {
                url: p.url.clone(),
                page: Some(i),
                anchors: BTreeSet::new(), // the page's headings, once rendered
            },
        );
        // `@/background` works for the section as well as `@/background/_index.md`.
        if let Some(dir) = key.strip_suffix("/_index.md") {
            targets.insert(
                dir.to_string(),
                Target {
                    url: p.url.clone(),
                    page: Some(i),
                    anchors: BTreeSet::new(), // the page's headings, once rendered
                },
            );
        }
    }
    // --- Timeline -------------------------------------------------------------
    let figure_dates: BTreeMap<String, crate::dates::PartialDate> = sheets
        .iter()
        .flat_map(|s| s.data.figures.iter())
        .filter(|f| f.timeline && figure_views.contains_key(&f.id))
        .map(|f| (f.id.clone(), f.as_of))
        .collect();
    let tl_inputs = timeline::Inputs {
        files: &timelines,
        eras: eras.as_ref(),
        ceasefires: &ceasefire_views,
        figures: &figure_views,
        figure_dates: &figure_dates,
    };
    let mut tl = timeline::build(&tl_inputs, &look, &mut figure_pos, diags);
    drop(look);

    targets.insert(
        "timeline".into(),
        Target {
            url: format!("{}timeline/", base.path),
            page: None,
            anchors: tl.events.iter().map(|e| e.id.clone()).collect(),
        },
    );
    let mut facts_anchors = BTreeSet::new();
    for (name, s) in &sheet_data {
        let anchors: BTreeSet<String> = s
            .data
            .figures
            .iter()
            .map(|f| f.id.clone())
            .chain(s.data.ceasefires.iter().map(|c| c.id.clone()))
            .collect();
        targets.insert(
            format!("facts/{name}.yaml"),
            Target {
                url: format!("{}facts/{name}/", base.path),
                page: None,
                anchors,
            },
        );
        facts_anchors.insert(name.clone());
    }
    targets.insert(
        "facts".into(),
        Target {
            url: format!("{}facts/", base.path),
            page: None,
            anchors: facts_anchors,
        },
    );
    targets.insert(
        "sources".into(),
        Target {
            url: sources_url.clone(),
            page: None,
            anchors: source_views.iter().map(|s| s.id.clone()).collect(),
        },
    );
    targets.insert(
        "search".into(),
        Target {
            url: format!("{}search/", base.path),
            page: None,
            anchors: BTreeSet::new(),
        },
    );
    targets.insert(
        "updates".into(),
        Target {
            url: format!("{}updates/", base.path),
            page: None,
            anchors: BTreeSet::new(),
        },
    );

    // --- Page bodies, in parallel, each parsed once ------------------------------
    let allow_html = cfg.allow_html;
    fn body_origin(input: &PageInput, allow_html: bool) -> Origin<'_> {
        Origin {
            file: &input.file.rel,
            file_text: &input.file.text,
            offset: input.body_offset,
            allow_html,
        }
    }
    let mut body_links = Links {
        targets,
        figures: &figure_views,
        broken: &broken,
        page_anchors_pending: true,
    };
    let rendered: Vec<markdown::Rendered> = kept_inputs
        .par_iter()
        .map(|input| markdown::render(input.body(), &body_origin(input, allow_html), &body_links))
        .collect();
    for t in body_links.targets.values_mut() {
        if let Some(i) = t.page {
            t.anchors = rendered[i].toc.iter().map(|h| h.id.clone()).collect();
        }
    }
    body_links.page_anchors_pending = false;
    for (i, r) in rendered.into_iter().enumerate() {
        diags.extend(r.diagnostics);
        for l in &r.anchored {
            if let Err((msg, hint)) = body_links.link(&l.target, Some(&l.anchor)) {
                diags.push(body_origin(&kept_inputs[i], allow_html).diag(l.at, msg, hint));
            }
        }
        pages[i].content = r.html;
        pages[i].toc = r.toc;
        pages[i].links_to = r.links.into_iter().filter(|&t| t != i).collect();
        pages[i].facts_used = r.facts;
    }
    let Links { targets, .. } = body_links;

    // Notes and summaries are Markdown too; figures may not use fact() in
    // their own notes (it would be circular), so they get an empty table.
    let no_figures = BTreeMap::new();
    let note_links = Links {
        targets,
        figures: &no_figures,
        broken: &broken,
        page_anchors_pending: false,
    };
    let inline = |text: &str,
                  file: &crate::load::TextFile,
                  diags: &mut Diagnostics,
                  links: &Links|
     -> (String, Vec<usize>) {
        // Positions: find the snippet in the file to report at the right line.
        let offset = file
            .text
            .find(text.lines().next().unwrap_or(""))
            .unwrap_or(0);
        let origin = Origin {
            file: &file.rel,
            file_text: &file.text,
            offset,
            allow_html: false,
        };
        let r = markdown::render_inline(text, &origin, links);
        diags.extend(r.diagnostics);
        (r.html, r.links)
    };
    for (_, sheet) in &sheet_data {
        for f in &sheet.data.figures {
            if let (Some(note), Some(v)) = (&f.note, figure_views.get_mut(&f.id)) {
                v.note_html = inline(note, &sheet.file, diags, &note_links).0;
            }
        }
        for c in &sheet.data.ceasefires {
            if let Some((v, _)) = ceasefire_views.iter_mut().find(|(v, _)| v.id == c.id) {
                v.summary_html = inline(&c.summary, &sheet.file, diags, &note_links).0;
                if let Some(n) = &c.note {
                    v.note_html = inline(n, &sheet.file, diags, &note_links).0;
                }
            }
        }
    }
    let Links { targets, .. } = note_links;
    let links = Links {
        targets,
        figures: &figure_views,
        broken: &broken,
        page_anchors_pending: false,
    };

    // Event summaries may use fact() and @/ links.
    for ev in tl.events.iter_mut() {
        if let Some(file) = timelines
            .iter()
            .find(|t| t.file.rel.to_string_lossy() == ev.file)
        {
            let (html, linked) = inline(&ev.summary_md, &file.file, diags, &links);
            ev.summary_html = html;
            for p in linked {
                if !ev.page_idx.contains(&p) {
                    ev.page_idx.push(p);
                }
            }
        } else if !ev.summary_md.is_empty() {
            // Ceasefires and opt-in figures: already rendered.
            ev.summary_html = ev.summary_md.clone();
        }
    }
    timeline::refresh_ceasefire_summaries(&mut tl, &ceasefire_views);

    diags.extend(crate::naming::check(&kept_inputs, &timelines));

    // Key facts boxes.
    for (i, input) in kept_inputs.iter().enumerate() {
        for (j, id) in input.front.key_facts.iter().enumerate() {
            match figure_views.get(id) {
                Some(_) => pages[i].key_facts.push(id.clone()),
                None if broken.any_sheet => {}
                None => diags.push(err_at(
                    &input.file.rel,
                    &input.file.text,
                    input.front_index.get(&format!("key_facts.{j}")),
                    format!("unknown figure id `{id}` in key_facts"),
                    "figures are defined in content/facts/*.yaml",
                )),
            }
        }
    }

    // --- Things that point back ------------------------------------------------
    let mut backlinks: Vec<BTreeSet<(String, usize)>> = vec![BTreeSet::new(); pages.len()];
    for (i, p) in pages.iter().enumerate() {
        for &t in &p.links_to {
            backlinks[t].insert((p.title.to_lowercase(), i));
        }
    }
    for ev in &tl.events {
        for &p in &ev.page_idx {
            if let Some(page) = pages.get_mut(p) {
                page.events.push(EventRef {
                    id: ev.id.clone(),
                    title: ev.title.clone(),
                    date: ev.date.clone(),
                    date_machine: ev.date_machine.clone(),
                    url: ev.url.clone(),
                });
            }
        }
    }
    for (i, set) in backlinks.into_iter().enumerate() {
        pages[i].backlinks = set.into_iter().map(|(_, j)| pages[j].as_ref()).collect();
    }
    for f in figure_views.values() {
        if let Some(&a) = actors.get(&f.claimed_by.id) {
            pages[a].figures.push(f.clone());
        }
    }

    // Sources: cited by figures, ceasefires, events and the pages that show figures.
    let mut cited: BTreeMap<String, BTreeSet<Ref>> = BTreeMap::new();
    for f in figure_views.values() {
        for s in &f.sources {
            cited.entry(s.id.clone()).or_default().insert(Ref {
                title: format!("Figure: {}", f.label),
                url: f.url.clone(),
                id: f.id.clone(),
            });
        }
    }
    for (c, _) in &ceasefire_views {
        for s in &c.sources {
            cited.entry(s.id.clone()).or_default().insert(Ref {
                title: format!("Ceasefire: {}", c.name),
                url: c.url.clone(),
                id: c.id.clone(),
            });
        }
    }
    for ev in &tl.events {
        for s in &ev.sources {
            cited.entry(s.id.clone()).or_default().insert(Ref {
                title: format!("Event: {} ({})", ev.title, ev.date),
                url: ev.url.clone(),
                id: ev.id.clone(),
            });
        }
    }
    for p in &pages {
        for id in &p.facts_used {
            if let Some(f) = figure_views.get(id) {
                for s in &f.sources {
                    cited.entry(s.id.clone()).or_default().insert(Ref {
                        title: format!("Page: {}", p.title),
                        url: p.url.clone(),
                        id: p.id.clone(),
                    });
                }
            }
        }
    }
    for s in source_views.iter_mut() {
        s.cited_by = cited
            .remove(&s.id)
            .map(|set| set.into_iter().collect())
            .unwrap_or_default();
        if s.cited_by.is_empty() {
            if let (Some(file), Some((_, pos))) = (&sources_file, source_pos.get(&s.id)) {
                diags.push(
                    Diagnostic::warning(format!(
                        "source `{}` is not cited by any figure, event or page",
                        s.id
                    ))
                    .in_file(&file.rel)
                    .at_pos(*pos)
                    .with_source(&file.text)
                    .hint("cite it, or remove it from content/sources.yaml"),
                );
            }
        }
    }

    // --- Sheets for display ------------------------------------------------------
    let mut sheet_views = Vec::new();
    let mut exports = BTreeMap::new();
    for (name, sheet) in &sheet_data {
        let figs: Vec<FigureView> = sheet
            .data
            .figures
            .iter()
            .filter_map(|f| figure_views.get(&f.id).cloned())
            .collect();
        let cfs: Vec<CeasefireView> = sheet
            .data
            .ceasefires
            .iter()
            .filter_map(|c| {
                ceasefire_views
                    .iter()
                    .find(|(v, _)| v.id == c.id)
                    .map(|(v, _)| v.clone())
            })
            .collect();
        let mut view = SheetView {
            name: name.clone(),
            title: sheet.data.title.clone(),
            summary: sheet.data.summary.clone(),
            url: format!("{}facts/{name}/", base.path),
            csv_url: format!("{}facts/{name}.csv", base.path),
            json_url: format!("{}facts/{name}.json", base.path),
            figure_count: figs.len(),
            groups: facts::group(figs),
            ceasefires: cfs,
            sources: Vec::new(),
            weight: sheet.data.weight.unwrap_or(i64::MAX),
            jsonld: String::new(),
        };
        number_citations(&mut view);
        view.jsonld = facts::dataset_jsonld(&view, &base.full, &base.path);
        let figs_raw: Vec<&Figure> = sheet.data.figures.iter().collect();
        let cf_raw: Vec<&Ceasefire> = sheet.data.ceasefires.iter().collect();
        let csv = facts::csv(&view).unwrap_or_default();
        let json = facts::json(&view, &figs_raw, &cf_raw);
        exports.insert(name.clone(), (csv, json));
        sheet_views.push(view);
    }
    sheet_views.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));

    // --- Menu --------------------------------------------------------------------
    let mut nav = Vec::new();
    for (i, item) in cfg.nav.iter().enumerate() {
        let url = if let Some(t) = item.url.strip_prefix("@/") {
            match links.link(t, None) {
                Ok((u, _)) => u,
                Err((msg, hint)) => {
                    diags.push(err_at(
                        &config_file.rel,
                        &config_file.text,
                        config.index.get(&format!("nav.{i}.url")),
                        msg,
                        &hint,
                    ));
                    continue;
                }
            }
        } else if item.url.starts_with("https://") || item.url.starts_with("http://") {
            item.url.clone()
        } else {
            diags.push(err_at(
                &config_file.rel,
                &config_file.text,
                config.index.get(&format!("nav.{i}.url")),
                format!(
                    "menu link `{}` must be @/path/to/page.md or a full https:// address",
                    item.url
                ),
                "for example @/background/_index.md or @/timeline",
            ));
            continue;
        };
        nav.push(NavLink {
            title: item.title.clone(),
            url,
        });
    }

    Site {
        config: cfg,
        base,
        pages,
        sheets: sheet_views,
        exports,
        figures: figure_views,
        sources: source_views,
        timeline: tl,
        nav,
        templates,
        assets,
    }
}

/// Number a sheet's citations 1, 2, 3 in order of first appearance.
fn number_citations(view: &mut SheetView) {
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut list = Vec::new();
    let mut number = |c: &mut Citation| {
        let next = numbers.len() + 1;
        let n = *numbers.entry(c.id.clone()).or_insert_with(|| {
            list.push(Citation {
                n: next,
                ..c.clone()
            });
            next
        });
        c.n = n;
    };
    for g in view.groups.iter_mut() {
        for f in g.figures.iter_mut() {
            f.sources.iter_mut().for_each(&mut number);
        }
    }
    for c in view.ceasefires.iter_mut() {
        c.sources.iter_mut().for_each(&mut number);
    }
    view.sources = list;
}

/// Check an id's form and uniqueness across figures, ceasefires and events.
pub(crate) fn check_id(
    id: &str,
    what: &str,
    file: &Path,
    text: &str,
    pos: Pos,
    seen: &mut BTreeMap<String, (std::path::PathBuf, Pos)>,
    diags: &mut Diagnostics,
) -> bool {
    if !paths::is_slug(id) {
        diags.push(err_at(
            file,
            text,
            pos,
            format!("{what} id `{id}` must be lowercase letters, digits and hyphens"),
            "for example nk-military-deaths-2020-10-18",
        ));
        return false;
    }
    if let Some((f, p)) = seen.get(id) {
        diags.push(err_at(
            file,
            text,
            pos,
            format!(
                "duplicate id `{id}` (first used in {}:{})",
                f.display(),
                p.line
            ),
            "ids must be unique across the site",
        ));
        return false;
    }
    seen.insert(id.to_string(), (file.to_path_buf(), pos));
    true
}

/// Parents, children, prev/next. A page's parent is the nearest folder
/// above it with an `_index.md`; the home page is the root.
fn link_sections(
    pages: &mut [Page],
    index: &BTreeMap<String, usize>,
    inputs: &[PageInput],
    diags: &mut Diagnostics,
) {
    if !index.contains_key("_index.md") && !inputs.is_empty() {
        diags.push(
            Diagnostic::warning("the site has no home page")
                .in_file("content/_index.md")
                .hint("create content/_index.md with a title"),
        );
    }
    let parents: Vec<Option<usize>> = pages
        .iter()
        .map(|p| {
            if p.kind == PageKind::Home {
                return None;
            }
            let mut dir = match p.content_path.strip_suffix("/_index.md") {
                Some(d) => parent_dir(d),
                None => parent_dir(&p.content_path),
            };
            loop {
                let key = if dir.is_empty() {
                    "_index.md".to_string()
                } else {
                    format!("{dir}/_index.md")
                };
                if let Some(&parent) = index.get(&key) {
                    return Some(parent);
                }
                if dir.is_empty() {
                    return None;
                }
                dir = parent_dir(&dir);
            }
        })
        .collect();
    for (p, parent) in pages.iter_mut().zip(parents) {
        p.parent = parent;
    }
    let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(parent) = p.parent {
            children.entry(parent).or_default().push(i);
        }
    }
    for (parent, mut kids) in children {
        kids.sort_by_key(|&k| section_order(&pages[k]));
        let leaf: Vec<usize> = kids
            .iter()
            .copied()
            .filter(|&k| pages[k].kind != PageKind::Section)
            .collect();
        for w in leaf.windows(2) {
            pages[w[0]].next = Some(w[1]);
            pages[w[1]].prev = Some(w[0]);
        }
        pages[parent].children = kids;
    }
}

fn parent_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => path[..i].to_string(),
        None => String::new(),
    }
}

/// Make a list of event references from the timeline for templates.
pub fn event_ref(e: &EventView) -> EventRef {
    EventRef {
        id: e.id.clone(),
        title: e.title.clone(),
        date: e.date.clone(),
        date_machine: e.date_machine.clone(),
        url: e.url.clone(),
    }
}

/// Everything ids are checked against, in one place.
pub(crate) struct Lookup<'a> {
    pub broken: &'a crate::load::Broken,
    pub config: &'a SiteConfig,
    pub base: &'a BaseUrl,
    pub pages: &'a [Page],
    pub actors: &'a BTreeMap<String, usize>,
    pub places: &'a BTreeMap<String, usize>,
    pub page_index: &'a BTreeMap<String, usize>,
    pub sources: &'a BTreeMap<String, (usize, Pos)>,
    pub source_views: &'a [SourceView],
    pub sources_url: String,
}

impl Lookup<'_> {
    fn is_broken(&self, id: &str, what: &str) -> bool {
        let path = match what {
            "actor" => format!("actors/{id}.md"),
            "place" => format!("places/{id}.md"),
            _ => id.to_string(),
        };
        self.broken.pages.contains(&path)
    }

    /// Citations for source ids; unknown ids are errors at `at(i)`.
    pub fn cite(
        &self,
        ids: &[String],
        file: &Path,
        text: &str,
        at: &dyn Fn(usize) -> Pos,
        diags: &mut Diagnostics,
    ) -> Vec<Citation> {
        let mut out = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match self.sources.get(id) {
                Some((n, _)) => {
                    let s = &self.source_views[*n];
                    out.push(Citation {
                        n: 0,
                        id: id.clone(),
                        outlet: s.outlet.clone(),
                        title: s.title.clone(),
                        url: format!("{}#{id}", self.sources_url),
                    });
                }
                None if self.broken.sources => {}
                None => {
                    let hint = match closest(id, self.sources.keys().map(String::as_str)) {
                        Some(c) => format!(
                            "did you mean `{c}`? Sources are listed in content/sources.yaml"
                        ),
                        None => "add the source to content/sources.yaml".into(),
                    };
                    diags.push(err_at(
                        file,
                        text,
                        at(i),
                        format!("unknown source id `{id}`"),
                        &hint,
                    ));
                }
            }
        }
        out
    }

    /// References to actors, places or pages (`what`), with the pages'
    /// indices; unknown ids are errors at `at(i)`.
    pub fn refs(
        &self,
        ids: &[String],
        what: &str,
        file: &Path,
        text: &str,
        at: &dyn Fn(usize) -> Pos,
        diags: &mut Diagnostics,
    ) -> (Vec<Ref>, Vec<usize>) {
        let (table, folder) = match what {
            "actor" => (self.actors, "content/actors/"),
            "place" => (self.places, "content/places/"),
            _ => (self.page_index, "content/"),
        };
        let mut refs = Vec::new();
        let mut idx = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match table.get(id) {
                Some(&p) => {
                    refs.push(self.pages[p].as_ref());
                    idx.push(p);
                }
                None if self.is_broken(id, what) => {}
                None => {
                    let hint = match closest(id, table.keys().map(String::as_str)) {
                        Some(c) => {
                            format!("did you mean `{c}`? {what} ids are file names in {folder}")
                        }
                        None if what == "page" => {
                            "name the page by its path under content/, e.g. background/war-2020.md"
                                .to_string()
                        }
                        None => format!("create {folder}{id}.md, or fix the id"),
                    };
                    diags.push(err_at(
                        file,
                        text,
                        at(i),
                        format!("unknown {what} id `{id}`"),
                        &hint,
                    ));
                }
            }
        }
        (refs, idx)
    }
}
