//! Pages and their URLs: each loaded page gets its address (from its path
//! or `slug:`), its id, its template and, for places and actors, its
//! checked `kind:`. Two things that want one URL are refused here, the one
//! place URL collisions are checked.

use crate::diagnostic::{error_at, Diagnostic, Diagnostics, Pos};
use crate::generated;
use crate::load::config::BaseUrl;
use crate::load::front_matter::{PageKind, ACTOR_KINDS, PLACE_KINDS};
use crate::load::{AssetFile, Broken, PageInput};
use crate::model::facts::Ref;
use crate::paths;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A loaded page with its address: stage 1's input kept whole, plus what
/// resolving adds to it first. Built complete by [`pages_and_urls`].
pub struct PageEntry {
    pub input: Arc<PageInput>,
    /// The place or actor id: the file name without `.md`.
    pub id: String,
    /// Relative to the site root: `background/war-2020/`.
    pub url_path: String,
    pub url: String,
    pub permalink: String,
    pub template: String,
    /// The checked `kind:` of a place or actor.
    pub entity_kind: Option<String>,
}

impl PageEntry {
    pub fn as_ref(&self) -> Ref {
        Ref {
            title: self.input.front.title.clone(),
            url: self.url.clone(),
            id: self.id.clone(),
        }
    }

    pub fn kind(&self) -> PageKind {
        self.input.kind
    }
}

/// Step: pages and URLs. Needs: nothing; `taken` holds the paths the
/// generator writes itself (`generated::taken_paths`). Drafts are left out
/// unless `drafts`. A page whose URL cannot be made or is taken is reported,
/// marked broken and left out.
pub fn pages_and_urls(
    inputs: Vec<Arc<PageInput>>,
    show_drafts: bool,
    base: &BaseUrl,
    taken: &[(String, String)],
    broken: &mut Broken,
    diags: &mut Diagnostics,
) -> Vec<PageEntry> {
    let mut by_url: BTreeMap<String, String> = taken
        .iter()
        .filter(|(path, _)| path.ends_with('/'))
        .map(|(path, what)| {
            (
                path.clone(),
                format!("a page the generator writes itself ({what})"),
            )
        })
        .collect();
    let mut pages = Vec::with_capacity(inputs.len());
    for input in inputs.into_iter().filter(|p| show_drafts || !p.front.draft) {
        let Some(url_path) = claim_url(&input, &mut by_url, diags) else {
            broken.add(&input.content_path);
            continue;
        };
        warn_section_slug(&input, diags);
        let entity_kind = entity_kind(&input, diags);
        let id = input
            .content_path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".md")
            .to_string();
        let template = input
            .front
            .template
            .clone()
            .unwrap_or_else(|| input.kind.default_template().to_string());
        pages.push(PageEntry {
            id,
            url: base.url(&url_path),
            permalink: base.permalink(&url_path),
            url_path,
            template,
            entity_kind,
            input,
        });
    }
    pages
}

/// Step: drafts. Needs nothing. The pages left out as drafts (none when
/// they are shown), each with the path it would have: the preview says so
/// when one is asked for.
pub fn drafts(inputs: &[Arc<PageInput>], show_drafts: bool) -> Vec<(String, String)> {
    if show_drafts {
        return Vec::new();
    }
    inputs
        .iter()
        .filter(|p| p.front.draft)
        .filter_map(|p| {
            let url = paths::page_url_path(&p.content_path, p.front.slug.as_deref()).ok()?;
            Some((url, format!("content/{}", p.content_path)))
        })
        .collect()
}

/// The page's URL path, if it can be made and nothing has it yet.
fn claim_url(
    input: &PageInput,
    by_url: &mut BTreeMap<String, String>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let (rel, text) = (&input.file.rel, &input.file.text);
    let slug = input.front.slug.as_deref();
    let url_path = match paths::page_url_path(&input.content_path, slug) {
        Ok(u) => u,
        Err(bad) => {
            let pos = match slug {
                Some(_) => input.front_index.get("slug"),
                None => Pos::new(1, 1),
            };
            diags.push(error_at(
                rel,
                text,
                pos,
                format!("`{bad}` cannot be used in a URL"),
                "use lowercase letters, digits and hyphens only (no `/`, `.` or spaces)",
            ));
            return None;
        }
    };
    let owner = input.file.rel.to_string_lossy().into_owned();
    if let Some(other) = by_url.insert(url_path.clone(), owner) {
        diags.push(error_at(
            rel,
            text,
            Pos::new(1, 1),
            format!("this page's URL /{url_path} is already taken by {other}"),
            "rename the file or give it a different `slug:`",
        ));
        return None;
    }
    Some(url_path)
}

fn warn_section_slug(input: &PageInput, diags: &mut Diagnostics) {
    if input.front.slug.is_some() && matches!(input.kind, PageKind::Home | PageKind::Section) {
        diags.push(
            Diagnostic::warning("`slug:` has no effect on a section's `_index.md`")
                .in_file(&input.file.rel)
                .at_pos(input.front_index.get("slug"))
                .with_source(&input.file.text)
                .hint("a section's address comes from its folder's name: rename the folder, or remove `slug:`"),
        );
    }
}

/// A place's or actor's `kind:`, checked; other pages may not have the
/// fields that only entities take.
fn entity_kind(input: &PageInput, diags: &mut Diagnostics) -> Option<String> {
    let (f, rel, text) = (&input.front, &input.file.rel, &input.file.text);
    let (allowed, what) = match input.kind {
        PageKind::Place => (PLACE_KINDS, "place"),
        PageKind::Actor => (ACTOR_KINDS, "actor"),
        _ => {
            let present = [
                ("kind", f.kind.is_some()),
                ("role", f.role.is_some()),
                ("names", !f.names.is_empty()),
                ("coords", f.coords.is_some()),
            ];
            for (key, _) in present.iter().filter(|(_, here)| *here) {
                diags.push(error_at(
                    rel,
                    text,
                    input.front_index.key("", key),
                    format!("`{key}:` is only for place and actor pages"),
                    "move the page into content/places/ or content/actors/, or remove the field",
                ));
            }
            return None;
        }
    };
    match &f.kind {
        Some(k) if allowed.contains(&k.as_str()) => Some(k.clone()),
        Some(k) => {
            diags.push(error_at(
                rel,
                text,
                input.front_index.get("kind"),
                format!("`{k}` is not a kind of {what}"),
                &format!("use one of: {}", allowed.join(", ")),
            ));
            None
        }
        None => {
            diags.push(error_at(
                rel,
                text,
                Pos::new(1, 1),
                format!("a {what} page needs `kind:`"),
                &format!("add `kind:` with one of: {}", allowed.join(", ")),
            ));
            None
        }
    }
}

/// Step: static files' paths. Needs: `pages_and_urls`. A file from static/
/// or content/ that would be written where a page, a generated page or a
/// download goes is refused here, at that file: which of the two would be
/// written last would otherwise be chance.
pub fn static_files(
    assets: &[AssetFile],
    pages: &[PageEntry],
    taken: &[(String, String)],
    diags: &mut Diagnostics,
) {
    // Few files are copied as they are; pages are many: look the pages up
    // among the files, by output path with `/`.
    let copied: BTreeMap<String, &AssetFile> = assets
        .iter()
        .map(|a| (a.out.to_string_lossy().replace('\\', "/"), a))
        .filter(|(out, _)| !generated::is_fingerprinted(out))
        .collect();
    let output = |path: &str| {
        paths::output_file(path)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut refuse = |a: &AssetFile, owner: &str| {
        diags.push(
            Diagnostic::error(format!(
                "this file would be written to {}, which {owner} writes",
                a.out.display()
            ))
            .in_file(&a.shown_as)
            .hint("rename or move this file; pages, feeds and downloads own their paths"),
        )
    };
    for (path, what) in taken {
        if let Some(a) = copied.get(&output(path)) {
            refuse(a, what);
        }
    }
    for p in pages {
        if let Some(a) = copied.get(&output(&p.url_path)) {
            refuse(a, &p.input.file.rel.to_string_lossy());
        }
    }
}
