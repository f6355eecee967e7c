//! `site.yaml`: the site's title, address, language, menu and timeline
//! categories. Unknown keys are errors, so a typo never passes silently.

use super::yaml::{self, PosIndex};
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// Where the site is published, e.g. `https://example.org/karabakh/`.
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub description: String,
    /// The site menu, in order.
    #[serde(default)]
    pub nav: Vec<NavItem>,
    /// Timeline categories, in display order.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Let Markdown pages contain raw HTML. Off by default: editors paste
    /// from word processors, and raw HTML is how scripts get in.
    #[serde(default)]
    pub allow_html: bool,
    /// Image for link previews (Open Graph), a path inside static/.
    #[serde(default)]
    pub image: Option<String>,
}

fn default_language() -> String {
    "en".into()
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NavItem {
    pub title: String,
    /// `@/background/_index.md`, `@/timeline`, or an absolute `https://` URL.
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
}

/// The parts of `base_url` the generator uses.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BaseUrl {
    /// `https://example.org/karabakh/` (always ends with `/`).
    pub full: String,
    /// `/karabakh/` (always starts and ends with `/`).
    pub path: String,
}

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        let rest = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url `{raw}` must start with https:// or http://"))?;
        if raw.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
            return Err(format!(
                "base_url `{raw}` may not contain spaces, quotes, `?` or `#`"
            ));
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() {
            return Err(format!("base_url `{raw}` has no host name"));
        }
        if path.split('/').any(|seg| seg == ".." || seg == ".") {
            return Err(format!(
                "base_url `{raw}` may not contain `.` or `..` segments"
            ));
        }
        let path = if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        let scheme = &raw[..raw.len() - rest.len()];
        Ok(BaseUrl {
            full: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// The link to `path` (relative to the site's root, e.g. `timeline/` or
    /// `sources/#ap`) as pages use it: `/karabakh/timeline/`. The one place
    /// a site-relative URL is made.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.path, path.trim_start_matches('/'))
    }

    /// The absolute URL of `path`, for feeds, sitemaps, exports and link
    /// previews: `https://example.org/karabakh/timeline/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.full, path.trim_start_matches('/'))
    }
}

pub struct LoadedConfig {
    pub config: SiteConfig,
    pub base: BaseUrl,
    pub index: PosIndex,
}

/// The error for a site folder without `site.yaml`, naming the full path
/// looked in (`.` says nothing to someone in the wrong folder).
pub fn no_site_yaml(root: &Path) -> Diagnostic {
    let full = std::fs::canonicalize(root).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(root))
            .unwrap_or_else(|_| root.to_path_buf())
    });
    Diagnostic::error(format!("no site.yaml in {}", full.display()))
        .in_file("site.yaml")
        .hint("run the command in the site's folder (the one with site.yaml and content/), or pass --root DIR; a site needs site.yaml with at least `title:` and `base_url:`")
}

/// Read and check `site.yaml` at the site root. `base_url_override` is the
/// command line's `--base-url`.
pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<LoadedConfig, Vec<Diagnostic>> {
    let rel = Path::new("site.yaml");
    let text = match super::read::read_text(root, rel) {
        Ok(t) => t,
        Err(d) => {
            let d = if !root.join(rel).exists() {
                no_site_yaml(root)
            } else {
                d
            };
            return Err(vec![d]);
        }
    };
    let (config, index) = yaml::parse::<SiteConfig>(&text, rel, 1, &text)?;
    let raw = base_url_override.unwrap_or(&config.base_url);
    let base = BaseUrl::parse(raw).map_err(|msg| {
        let d = Diagnostic::error(msg)
            .hint("write it like https://example.org/ or https://example.org/karabakh/");
        vec![match base_url_override {
            Some(_) => d,
            None => d
                .in_file(rel)
                .at_pos(index.get("base_url"))
                .with_source(&text),
        }]
    })?;
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, c) in config.categories.iter().enumerate() {
        if !crate::paths::is_slug(&c.id) {
            problems.push(
                Diagnostic::error(format!(
                    "category id `{}` must be lowercase letters, digits and hyphens",
                    c.id
                ))
                .in_file(rel)
                .at_pos(index.get(&format!("categories.{i}.id")))
                .with_source(&text),
            );
        } else if !seen.insert(c.id.clone()) {
            problems.push(
                Diagnostic::error(format!("category `{}` is listed twice", c.id))
                    .in_file(rel)
                    .at_pos(index.get(&format!("categories.{i}.id")))
                    .with_source(&text),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(LoadedConfig {
        config,
        base,
        index,
    })
}

#[cfg(test)]
mod tests {
    use super::BaseUrl;

    #[test]
    fn base_url_keeps_its_sub_path() {
        let b = BaseUrl::parse("https://example.org/karabakh").unwrap();
        assert_eq!(b.full, "https://example.org/karabakh/");
        assert_eq!(b.path, "/karabakh/");
        assert_eq!(BaseUrl::parse("http://localhost:8000").unwrap().path, "/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("https://e.org/a/../b").is_err());
    }
}
