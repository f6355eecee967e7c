//! Where things go: content paths to URLs and output files, slugs, and the
//! guards that keep every write inside the output folder.

use std::path::{Component, Path, PathBuf};

/// `Ganja strike!` -> `ganja-strike`; `Şuşa` -> `susa`.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// A URL segment we are willing to write: lowercase ASCII letters, digits,
/// `-` and `_`, not starting with a dot (so never `.` or `..`).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The URL path (relative to the site's base, no leading `/`, trailing `/`)
/// of a Markdown file at `rel` inside content/ (`background/x.md`).
/// `slug` replaces the file's own name. Returns the offending segment when a
/// path cannot be made into a safe URL.
pub fn page_url_path(rel: &str, slug: Option<&str>) -> Result<String, String> {
    let mut segments: Vec<String> = Vec::new();
    let parts: Vec<&str> = rel.split('/').collect();
    let (dirs, file) = parts.split_at(parts.len() - 1);
    for d in dirs {
        let s = slugify(d);
        if s.is_empty() {
            return Err(d.to_string());
        }
        segments.push(s);
    }
    let stem = file[0].strip_suffix(".md").unwrap_or(file[0]);
    if stem != "_index" {
        let s = match slug {
            Some(s) if is_slug(s) => s.to_string(),
            Some(s) => return Err(s.to_string()),
            None => slugify(stem),
        };
        if s.is_empty() {
            return Err(stem.to_string());
        }
        segments.push(s);
    }
    if segments.is_empty() {
        Ok(String::new())
    } else {
        Ok(format!("{}/", segments.join("/")))
    }
}

/// The file a URL path is written to inside the output folder.
pub fn output_file(url_path: &str) -> PathBuf {
    let mut p = PathBuf::new();
    for seg in url_path.split('/').filter(|s| !s.is_empty()) {
        p.push(seg);
    }
    if url_path.is_empty() || url_path.ends_with('/') {
        p.push("index.html");
    }
    p
}

/// True when `rel` stays inside the folder it is joined to: no `..`, no
/// absolute parts, no drive prefixes.
pub fn is_contained(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_urls() {
        assert_eq!(
            page_url_path("background/ceasefire-1994.md", None).unwrap(),
            "background/ceasefire-1994/"
        );
        assert_eq!(
            page_url_path("background/_index.md", None).unwrap(),
            "background/"
        );
        assert_eq!(page_url_path("_index.md", None).unwrap(), "");
        assert_eq!(page_url_path("about.md", None).unwrap(), "about/");
        assert_eq!(
            page_url_path("places/Şuşa Town.md", None).unwrap(),
            "places/susa-town/"
        );
        assert_eq!(page_url_path("a/b.md", Some("c")).unwrap(), "a/c/");
    }

    #[test]
    fn slugs_cannot_escape() {
        assert_eq!(
            page_url_path("a/b.md", Some("../../etc")).unwrap_err(),
            "../../etc"
        );
        assert_eq!(page_url_path("a/b.md", Some("x/y")).unwrap_err(), "x/y");
        assert!(page_url_path("a/!!!.md", None).is_err());
        assert!(!is_slug(".."));
        assert!(!is_contained(Path::new("../x")));
        assert!(!is_contained(Path::new("/etc/passwd")));
        assert!(is_contained(Path::new("a/b.html")));
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file(""), PathBuf::from("index.html"));
        assert_eq!(output_file("a/b/"), PathBuf::from("a/b/index.html"));
        assert_eq!(output_file("facts/x.csv"), PathBuf::from("facts/x.csv"));
    }
}
