//! The site menu from `site.yaml`'s `nav:`: each entry an `@/` link,
//! checked like any other, or a full https:// address.

use super::links::Links;
use crate::diagnostic::{error_at, Diagnostics};
use crate::load::config::LoadedConfig;
use crate::load::TextFile;
use crate::markdown::Resolver;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

/// Step: the menu. Needs: the link table.
pub fn menu(
    config: &LoadedConfig,
    file: &TextFile,
    links: &Links,
    diags: &mut Diagnostics,
) -> Vec<NavLink> {
    let mut nav = Vec::new();
    for (i, item) in config.config.nav.iter().enumerate() {
        let pos = config.index.get(&format!("nav.{i}.url"));
        let url = if let Some(t) = item.url.strip_prefix("@/") {
            match links.link(t, None) {
                Ok((u, _)) => u,
                Err((msg, hint)) => {
                    diags.push(error_at(&file.rel, &file.text, pos, msg, &hint));
                    continue;
                }
            }
        } else if item.url.starts_with("https://") || item.url.starts_with("http://") {
            item.url.clone()
        } else {
            diags.push(error_at(
                &file.rel,
                &file.text,
                pos,
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
    nav
}
