//! Stage 1, load: walk the site folder in sorted order, read every file the
//! generator knows (pages, fact sheets, timeline files, sources, eras,
//! templates, static files) and parse each on its own. Nothing here knows
//! about other files; ids and links are checked in `resolve`.

pub mod config;
pub mod files;
pub mod front_matter;
pub mod read;
pub mod theme;
pub mod yaml;

mod cache;

pub use cache::LoadCache;
pub use read::{read_text, TextFile, MAX_FILE_BYTES};

use crate::diagnostic::{Diagnostic, Diagnostics};
use config::LoadedConfig;
use files::{ErasFile, FactSheetFile, GlossaryFile, Source, TimelineFile};
use front_matter::{FrontMatter, PageKind, SplitError};
use rayon::prelude::*;
use read::read_at;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yaml::PosIndex;

#[derive(Debug, Clone)]
pub struct PageInput {
    pub file: TextFile,
    /// Relative to content/, with `/`: `background/x.md`.
    pub content_path: String,
    pub kind: PageKind,
    pub front: FrontMatter,
    pub front_index: PosIndex,
    pub body_offset: usize,
}

impl PageInput {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }
}

pub struct Parsed<T> {
    pub file: TextFile,
    pub data: T,
    pub index: PosIndex,
}

impl<T> Parsed<T> {
    /// The file's name without `.yaml`: a fact sheet's name.
    pub fn name(&self) -> String {
        self.file
            .rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// A file copied to the output as it is.
#[derive(Debug, Clone)]
pub struct AssetFile {
    /// Where it goes, relative to the output folder.
    pub out: PathBuf,
    /// Where it comes from, for errors: `static/x.png`, `content/x.pdf`,
    /// or `(built-in) style.css`.
    pub shown_as: String,
    pub bytes: AssetBytes,
}

#[derive(Debug, Clone)]
pub enum AssetBytes {
    Disk(PathBuf),
    Builtin(&'static [u8]),
}

pub struct TemplateFile {
    pub name: String,
    /// For diagnostics: `templates/page.html`, or `(built-in) page.html`.
    pub shown_as: String,
    pub text: String,
}

/// The files that failed to load, by content path (`background/x.md`,
/// `facts/casualties.yaml`, `sources.yaml`), with their text where it could
/// be read. References into them are not reported a second time as
/// "unknown": the editor sees the real cause once, at its place.
#[derive(Debug, Default, Clone)]
pub struct Broken {
    files: std::collections::BTreeMap<String, Option<String>>,
}

impl Broken {
    pub fn add(&mut self, content_path: &str) {
        self.files.entry(content_path.to_string()).or_insert(None);
    }

    fn add_with_text(&mut self, content_path: &str, text: Option<String>) {
        self.files.insert(content_path.to_string(), text);
    }

    /// The files that failed, with their text where it was read: what
    /// [`Broken`]'s answers depend on.
    pub fn files(&self) -> &std::collections::BTreeMap<String, Option<String>> {
        &self.files
    }

    /// Whether the file at `content_path` failed to load.
    pub fn has(&self, content_path: &str) -> bool {
        self.files.contains_key(content_path)
    }

    pub fn any_sheet(&self) -> bool {
        self.files
            .keys()
            .any(|k| k.starts_with("facts/") && k.ends_with(".yaml"))
    }

    pub fn any_timeline(&self) -> bool {
        self.files
            .keys()
            .any(|k| k.starts_with("timeline/") && k.ends_with(".yaml"))
    }

    pub fn sources(&self) -> bool {
        self.has("sources.yaml")
    }

    /// Whether a broken fact sheet, timeline file or glossary may cite the source
    /// `id`: its text names it, or its text could not be read at all.
    pub fn may_cite(&self, id: &str) -> bool {
        self.files
            .iter()
            .filter(|(k, _)| {
                k.starts_with("facts/") || k.starts_with("timeline/") || *k == "glossary.yaml"
            })
            .any(|(_, text)| match text {
                None => true,
                Some(t) => t.match_indices(id).any(|(at, _)| {
                    let word = |c: char| c.is_ascii_alphanumeric() || c == '-';
                    let before = t[..at].chars().next_back().is_none_or(|c| !word(c));
                    let after = t[at + id.len()..].chars().next().is_none_or(|c| !word(c));
                    before && after
                }),
            })
    }
}

pub struct Inputs {
    pub root: PathBuf,
    pub broken: Broken,
    pub config: LoadedConfig,
    pub config_file: TextFile,
    /// Shared with [`LoadCache`], which keeps them between rebuilds.
    pub pages: Vec<Arc<PageInput>>,
    /// Pages whose front matter failed to load: their bodies are still
    /// checked, so that one run reports all of a page's problems.
    pub unread_pages: Vec<Arc<PageInput>>,
    pub sheets: Vec<Parsed<FactSheetFile>>,
    pub timelines: Vec<Parsed<TimelineFile>>,
    pub eras: Option<Parsed<ErasFile>>,
    /// `content/glossary.yaml`, if the site has one (then `/glossary/` is made).
    pub glossary: Option<Parsed<GlossaryFile>>,
    pub sources: Option<Parsed<Vec<Source>>>,
    pub templates: Vec<TemplateFile>,
    pub assets: Vec<AssetFile>,
    /// Whether content/glossary.yaml exists (read or not): then the site
    /// has a `/glossary/` page.
    pub has_glossary: bool,
    /// The build's "today", for review dates: set by the caller after
    /// loading (`BuildOptions::today`); without it nothing is overdue.
    pub today: Option<crate::model::review::Day>,
}

enum Entry {
    Page(String),
    Sheet(String),
    Timeline(String),
    Sources,
    Eras,
    Glossary,
    Asset(String),
}

/// Walk `dir` (relative to root) in sorted order, returning files relative to
/// `dir` with `/` separators. Symbolic links are followed only to files
/// inside the site root.
fn walk(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.') || name.ends_with('~') || name.starts_with('#'))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from(dir));
                diags.push(
                    Diagnostic::error(format!("cannot read this folder entry: {e}")).in_file(rel),
                );
                continue;
            }
        };
        let path = entry.path();
        let rel_root = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let rel = match path.strip_prefix(&base) {
            Ok(r) => r.to_string_lossy().replace('\\', "/"),
            Err(_) => continue,
        };
        let mut real = path.to_path_buf();
        if entry.path_is_symlink() {
            match std::fs::canonicalize(path) {
                Err(e) => {
                    diags.push(
                        Diagnostic::error(format!("broken or looping symbolic link: {e}"))
                            .in_file(&rel_root)
                            .hint("remove the link, or point it at a file inside the site folder"),
                    );
                    continue;
                }
                Ok(target) if !target.starts_with(&canonical_root) => {
                    diags.push(
                        Diagnostic::error(format!(
                            "symbolic link points outside the site folder (to {})",
                            target.display()
                        ))
                        .in_file(&rel_root)
                        .hint("copy the file into the site folder instead of linking to it"),
                    );
                    continue;
                }
                Ok(target) if target.is_dir() => {
                    diags.push(
                        Diagnostic::error("symbolic links to folders are not followed")
                            .in_file(&rel_root)
                            .hint("move the folder into place, or link the files one by one"),
                    );
                    continue;
                }
                Ok(target) => real = target,
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        out.push((rel, real));
    }
    out
}

fn classify(rel: &str) -> Entry {
    let depth = rel.matches('/').count();
    if rel.ends_with(".md") {
        Entry::Page(rel.to_string())
    } else if rel == "sources.yaml" {
        Entry::Sources
    } else if rel == "eras.yaml" {
        Entry::Eras
    } else if rel == "glossary.yaml" {
        Entry::Glossary
    } else if depth == 1 && rel.starts_with("facts/") && rel.ends_with(".yaml") {
        Entry::Sheet(rel.to_string())
    } else if depth == 1 && rel.starts_with("timeline/") && rel.ends_with(".yaml") {
        Entry::Timeline(rel.to_string())
    } else {
        Entry::Asset(rel.to_string())
    }
}

/// The files found under content/, by what they are.
#[derive(Default)]
struct Found {
    pages: Vec<(String, PathBuf)>,
    sheets: Vec<(String, PathBuf)>,
    timelines: Vec<(String, PathBuf)>,
    sources: Option<PathBuf>,
    eras: Option<PathBuf>,
    glossary: Option<PathBuf>,
    assets: Vec<AssetFile>,
}

/// Load everything. Returns the inputs with all problems found, or only the
/// problems when the site cannot be loaded at all (no usable site.yaml).
pub fn load(root: &Path, base_url: Option<&str>) -> Result<(Inputs, Diagnostics), Diagnostics> {
    load_cached(root, base_url, &mut LoadCache::default())
}

/// [`load`], reusing from `cache` each page that has not changed since it
/// was last read (see [`LoadCache`]): the preview's path, and, with an
/// empty cache, the build's.
pub fn load_cached(
    root: &Path,
    base_url: Option<&str>,
    cache: &mut LoadCache,
) -> Result<(Inputs, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let config = match config::load(root, base_url) {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            return Err(diags);
        }
    };
    let config_file = TextFile {
        rel: PathBuf::from("site.yaml"),
        text: read_text(root, Path::new("site.yaml")).unwrap_or_default(),
    };
    if !root.join("content").is_dir() {
        diags.push(
            Diagnostic::error("no content/ folder")
                .in_file("content")
                .hint("create content/_index.md for the home page"),
        );
        return Err(diags);
    }
    let found = find_content(root, &mut diags);
    let mut broken = Broken::default();
    let (pages, unread_pages) = load_pages(&found.pages, cache, &mut broken, &mut diags);
    let sheets = load_all::<FactSheetFile>(&found.sheets, &mut broken, &mut diags);
    let timelines = load_all::<TimelineFile>(&found.timelines, &mut broken, &mut diags);
    let one = |path: Option<PathBuf>, name: &str| path.map(|p| vec![(name.to_string(), p)]);
    let sources = one(found.sources, "sources.yaml")
        .and_then(|todo| load_all::<Vec<Source>>(&todo, &mut broken, &mut diags).pop());
    let eras = one(found.eras, "eras.yaml")
        .and_then(|todo| load_all::<ErasFile>(&todo, &mut broken, &mut diags).pop());
    let has_glossary = found.glossary.is_some();
    let glossary = one(found.glossary, "glossary.yaml")
        .and_then(|todo| load_all::<GlossaryFile>(&todo, &mut broken, &mut diags).pop());
    let templates = load_templates(root, &mut diags);
    check_template_names(&pages, &templates, &mut diags);
    let assets = load_assets(root, found.assets, &mut diags);
    let inputs = Inputs {
        root: root.to_path_buf(),
        broken,
        config,
        config_file,
        pages,
        unread_pages,
        sheets,
        timelines,
        eras,
        glossary,
        has_glossary,
        today: None,
        sources,
        templates,
        assets,
    };
    Ok((inputs, diags))
}

/// Walk content/ and sort its files by kind.
fn find_content(root: &Path, diags: &mut Diagnostics) -> Found {
    let mut found = Found::default();
    for (rel, real) in walk(root, "content", diags) {
        match classify(&rel) {
            Entry::Page(r) => found.pages.push((r, real)),
            Entry::Sheet(r) => found.sheets.push((r, real)),
            Entry::Timeline(r) => found.timelines.push((r, real)),
            Entry::Sources => found.sources = Some(real),
            Entry::Eras => found.eras = Some(real),
            Entry::Glossary => found.glossary = Some(real),
            Entry::Asset(r) => {
                if r.ends_with(".yaml") || r.ends_with(".yml") {
                    diags.push(
                        Diagnostic::warning("this YAML file is not read: it is not a fact sheet (content/facts/*.yaml), a timeline file (content/timeline/*.yaml), content/sources.yaml, content/eras.yaml or content/glossary.yaml")
                            .in_file(Path::new("content").join(&r))
                            .hint("move it to where it belongs, or rename .yml to .yaml"),
                    );
                }
                found.assets.push(AssetFile {
                    out: PathBuf::from(&r),
                    shown_as: format!("content/{r}"),
                    bytes: AssetBytes::Disk(real),
                })
            }
        }
    }
    found
}

/// The built-in static files, replaced by the site's own, then content/'s
/// other files.
fn load_assets(root: &Path, content: Vec<AssetFile>, diags: &mut Diagnostics) -> Vec<AssetFile> {
    let mut assets: Vec<AssetFile> = theme::STATIC
        .iter()
        .map(|(name, bytes)| AssetFile {
            out: PathBuf::from(name),
            shown_as: format!("(built-in) {name}"),
            bytes: AssetBytes::Builtin(bytes),
        })
        .collect();
    for (rel, real) in walk(root, "static", diags) {
        assets.retain(|a| a.out != Path::new(&rel));
        assets.push(AssetFile {
            shown_as: format!("static/{rel}"),
            out: PathBuf::from(rel),
            bytes: AssetBytes::Disk(real),
        });
    }
    assets.extend(content);
    assets
}

/// What became of one page file.
#[derive(Clone)]
pub(crate) enum PageLoad {
    Read(Arc<PageInput>),
    /// Its front matter failed: the body is still worth checking.
    Unread(Arc<PageInput>, Vec<Diagnostic>),
    Failed(Vec<Diagnostic>),
}

/// Every page, in parallel (those `cache` holds unchanged are not read
/// again): the pages read, and those whose front matter failed (each also
/// marked broken).
fn load_pages(
    todo: &[(String, PathBuf)],
    cache: &mut LoadCache,
    broken: &mut Broken,
    diags: &mut Diagnostics,
) -> (Vec<Arc<PageInput>>, Vec<Arc<PageInput>>) {
    let results: Vec<PageLoad> = cache.pages(todo, load_page);
    let (mut pages, mut unread) = (Vec::new(), Vec::new());
    for (r, (rel, _)) in results.into_iter().zip(todo) {
        match r {
            PageLoad::Read(p) => pages.push(p),
            PageLoad::Unread(p, ds) => {
                broken.add(rel);
                unread.push(p);
                diags.extend(ds)
            }
            PageLoad::Failed(ds) => {
                broken.add(rel);
                diags.extend(ds)
            }
        }
    }
    (pages, unread)
}

/// A YAML file parsed, or its text (if it could be read) and its problems.
type Loaded<T> = Result<Parsed<T>, (Option<String>, Vec<Diagnostic>)>;

fn load_all<T: serde::de::DeserializeOwned + Send>(
    todo: &[(String, PathBuf)],
    broken: &mut Broken,
    diags: &mut Diagnostics,
) -> Vec<Parsed<T>> {
    let results: Vec<Loaded<T>> = todo
        .par_iter()
        .map(|(rel, real)| {
            let rel_root = Path::new("content").join(rel);
            let file = read_at(&rel_root, real).map_err(|d| (None, vec![d]))?;
            if file.text.trim().is_empty() {
                return Err((
                    Some(String::new()),
                    vec![Diagnostic::error("this file is empty")
                        .in_file(&rel_root)
                        .at(1, 1)
                        .hint("add its content, or delete the file")],
                ));
            }
            match yaml::parse::<T>(&file.text, &rel_root, 1, &file.text) {
                Ok((data, index)) => Ok(Parsed { file, data, index }),
                Err(ds) => Err((Some(file.text), ds)),
            }
        })
        .collect();
    let mut out = Vec::new();
    for (r, (rel, _)) in results.into_iter().zip(todo) {
        match r {
            Ok(p) => out.push(p),
            Err((text, ds)) => {
                broken.add_with_text(rel, text);
                diags.extend(ds)
            }
        }
    }
    out
}

pub(crate) fn load_page(rel: &str, real: &Path) -> PageLoad {
    let rel_root = Path::new("content").join(rel);
    let file = match read_at(&rel_root, real) {
        Ok(f) => f,
        Err(d) => return PageLoad::Failed(vec![d]),
    };
    let fail = |message: &str, hint: &str| {
        let d = Diagnostic::error(message).in_file(&rel_root).at(1, 1);
        PageLoad::Failed(vec![d.with_source(&file.text).hint(hint)])
    };
    if file.text.trim().is_empty() {
        return fail(
            "this page is empty: a page starts with front matter (a `---` line)",
            "start it with front matter:\n---\ntitle: The page's title\n---",
        );
    }
    let split = match front_matter::split(&file.text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            return fail(
                "the page does not start with front matter (a `---` line)",
                "begin the file with:\n---\ntitle: The page's title\n---",
            )
        }
        Err(SplitError::NotClosed) => {
            return fail(
                "the front matter is not closed",
                "add a line with only `---` after the last front matter field",
            )
        }
    };
    let parsed =
        yaml::parse::<FrontMatter>(split.yaml, &rel_root, split.yaml_first_line, &file.text);
    let body_offset = split.body_offset;
    let (front, front_index, errors) = match parsed {
        Ok((front, index)) => (front, index, None),
        Err(ds) => (FrontMatter::default(), PosIndex::default(), Some(ds)),
    };
    let input = PageInput {
        content_path: rel.to_string(),
        kind: PageKind::of(rel),
        front,
        front_index,
        body_offset,
        file,
    };
    match errors {
        None => PageLoad::Read(Arc::new(input)),
        Some(ds) => PageLoad::Unread(Arc::new(input), ds),
    }
}

/// A page's `template:` must name a template that exists; said here, at the
/// field, rather than later by the renderer without a position.
fn check_template_names(
    pages: &[Arc<PageInput>],
    templates: &[TemplateFile],
    diags: &mut Diagnostics,
) {
    for page in pages {
        let Some(name) = &page.front.template else {
            continue;
        };
        if templates.iter().any(|t| &t.name == name) {
            continue;
        }
        let mut known: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
        known.retain(|n| !n.starts_with("partials/"));
        diags.push(
            Diagnostic::error(format!("template `{name}` does not exist"))
                .in_file(&page.file.rel)
                .at_pos(page.front_index.get("template"))
                .with_source(&page.file.text)
                .hint(format!(
                    "create templates/{name}, or use one of: {}",
                    known.join(", ")
                )),
        );
    }
}

fn load_templates(root: &Path, diags: &mut Diagnostics) -> Vec<TemplateFile> {
    let mut out: Vec<TemplateFile> = theme::TEMPLATES
        .iter()
        .map(|(name, text)| TemplateFile {
            name: name.to_string(),
            shown_as: format!("(built-in) {name}"),
            text: text.to_string(),
        })
        .collect();
    for (rel, real) in walk(root, "templates", diags) {
        let rel_root = Path::new("templates").join(&rel);
        match read_at(&rel_root, &real) {
            Ok(f) => {
                out.retain(|t| t.name != rel);
                out.push(TemplateFile {
                    name: rel,
                    shown_as: rel_root.to_string_lossy().into_owned(),
                    text: f.text,
                })
            }
            Err(d) => diags.push(d),
        }
    }
    out
}
