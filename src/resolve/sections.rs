//! The section tree: each page's parent (the nearest folder above it with an
//! `_index.md`; the home page is the root), a section's children in order
//! (weight, then date, then title), and prev/next among a section's pages.

use super::pages::PageEntry;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::front_matter::PageKind;
use std::collections::BTreeMap;

/// Where one page sits in the tree, by page index.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// Step: the section tree. Needs: `pages_and_urls`. Returns one [`Place`]
/// per page, in the pages' order.
pub fn section_tree(pages: &[PageEntry], diags: &mut Diagnostics) -> Vec<Place> {
    let index: BTreeMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.input.content_path.as_str(), i))
        .collect();
    if !index.contains_key("_index.md") && !pages.is_empty() {
        diags.push(
            Diagnostic::warning("the site has no home page")
                .in_file("content/_index.md")
                .hint("create content/_index.md with a title"),
        );
    }
    let mut places: Vec<Place> = pages
        .iter()
        .map(|p| Place {
            parent: parent_of(p, &index),
            ..Place::default()
        })
        .collect();
    let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, place) in places.iter().enumerate() {
        if let Some(parent) = place.parent {
            children.entry(parent).or_default().push(i);
        }
    }
    for (parent, mut kids) in children {
        kids.sort_by_cached_key(|&k| section_order(&pages[k]));
        let leaves: Vec<usize> = kids
            .iter()
            .copied()
            .filter(|&k| pages[k].kind() != PageKind::Section)
            .collect();
        for w in leaves.windows(2) {
            places[w[0]].next = Some(w[1]);
            places[w[1]].prev = Some(w[0]);
        }
        places[parent].children = kids;
    }
    places
}

fn parent_of(p: &PageEntry, index: &BTreeMap<&str, usize>) -> Option<usize> {
    if p.kind() == PageKind::Home {
        return None;
    }
    let path = &p.input.content_path;
    let mut dir = parent_dir(path.strip_suffix("/_index.md").unwrap_or(path));
    loop {
        let key = if dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{dir}/_index.md")
        };
        if let Some(&parent) = index.get(key.as_str()) {
            return Some(parent);
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent_dir(dir);
    }
}

fn parent_dir(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    }
}

/// Sort key for pages inside a section: weight, then date, then title.
fn section_order(p: &PageEntry) -> (i64, String, String) {
    let f = &p.input.front;
    (
        f.weight.unwrap_or(i64::MAX),
        f.date.map(|d| d.machine()).unwrap_or_default(),
        f.title.to_lowercase(),
    )
}
