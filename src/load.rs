//! Stage 1, load: walk the site folder in sorted order, read every file the
//! generator knows (pages, fact sheets, timeline files, sources, eras,
//! templates, static files) and parse each on its own. Nothing here knows
//! about other files; ids and links are checked in `resolve`.

use crate::config::{self, LoadedConfig};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::formats::{ErasFile, FactSheetFile, Source, TimelineFile};
use crate::frontmatter::{self, SplitError};
use crate::page::{FrontMatter, PageKind};
use crate::theme;
use crate::yaml::{self, PosIndex};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Files larger than this are refused with a clear message instead of
/// exhausting memory (a 50 MB page still builds).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A text file of the site, as read: BOM removed, line endings made `\n`.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// Relative to the site root, e.g. `content/background/x.md`.
    pub rel: PathBuf,
    pub text: String,
}

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

/// A file copied to the output as it is.
#[derive(Debug, Clone)]
pub struct AssetFile {
    /// Where it goes, relative to the output folder.
    pub out: PathBuf,
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

/// What failed to load, so that references to it are not reported a second
/// time as "unknown" (the editor sees the real cause once).
#[derive(Debug, Default, Clone)]
pub struct Broken {
    /// Content paths of pages that failed (`background/x.md`).
    pub pages: std::collections::BTreeSet<String>,
    pub any_sheet: bool,
    pub any_timeline: bool,
    pub sources: bool,
}

pub struct Inputs {
    pub root: PathBuf,
    pub broken: Broken,
    pub config: LoadedConfig,
    pub config_file: TextFile,
    pub pages: Vec<PageInput>,
    pub sheets: Vec<Parsed<FactSheetFile>>,
    pub timelines: Vec<Parsed<TimelineFile>>,
    pub eras: Option<Parsed<ErasFile>>,
    pub sources: Option<Parsed<Vec<Source>>>,
    pub templates: Vec<TemplateFile>,
    pub assets: Vec<AssetFile>,
}

/// Read a text file under `root`, refusing what is not UTF-8 with the
/// position of the first bad byte.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let path = root.join(rel);
    let meta = std::fs::metadata(&path).map_err(|e| io_error(rel, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(rel, meta.len()));
    }
    let bytes = std::fs::read(&path).map_err(|e| io_error(rel, &e))?;
    decode(rel, bytes)
}

fn too_large(rel: &Path, bytes: u64) -> Diagnostic {
    const MIB: f64 = 1024.0 * 1024.0;
    Diagnostic::error(format!(
        "this file is {:.1} MiB; the limit is {} MiB",
        bytes as f64 / MIB,
        MAX_FILE_BYTES / 1024 / 1024
    ))
    .in_file(rel)
    .hint("split it into several files")
}

fn decode(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
            let pos = Pos::of_offset(prefix, good);
            return Err(Diagnostic::error(format!(
                "this file is not UTF-8 text (byte 0x{:02X} cannot be read)",
                bytes[good]
            ))
            .in_file(rel)
            .at_pos(pos)
            .hint("save the file as UTF-8 (in most editors: File > Save with Encoding > UTF-8)"));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

fn io_error(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read this file: {e}")).in_file(rel)
}

enum Entry {
    Page(String),
    Sheet(String),
    Timeline(String),
    Sources,
    Eras,
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
    } else if depth == 1 && rel.starts_with("facts/") && rel.ends_with(".yaml") {
        Entry::Sheet(rel.to_string())
    } else if depth == 1 && rel.starts_with("timeline/") && rel.ends_with(".yaml") {
        Entry::Timeline(rel.to_string())
    } else {
        Entry::Asset(rel.to_string())
    }
}

/// Load everything. Returns the inputs with all problems found, or only the
/// problems when the site cannot be loaded at all (no usable site.yaml).
pub fn load(root: &Path, base_url: Option<&str>) -> Result<(Inputs, Diagnostics), Diagnostics> {
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

    let entries = walk(root, "content", &mut diags);
    let mut pages_todo = Vec::new();
    let mut sheets_todo = Vec::new();
    let mut timeline_todo = Vec::new();
    let mut sources_path = None;
    let mut eras_path = None;
    let mut assets = Vec::new();
    for (rel, real) in entries {
        match classify(&rel) {
            Entry::Page(r) => pages_todo.push((r, real)),
            Entry::Sheet(r) => sheets_todo.push((r, real)),
            Entry::Timeline(r) => timeline_todo.push((r, real)),
            Entry::Sources => sources_path = Some(real),
            Entry::Eras => eras_path = Some(real),
            Entry::Asset(r) => {
                if r.ends_with(".yaml") || r.ends_with(".yml") {
                    diags.push(
                        Diagnostic::warning("this YAML file is not read: it is not a fact sheet (content/facts/*.yaml), a timeline file (content/timeline/*.yaml), content/sources.yaml or content/eras.yaml")
                            .in_file(Path::new("content").join(&r))
                            .hint("move it to where it belongs, or rename .yml to .yaml"),
                    );
                }
                assets.push(AssetFile {
                    out: PathBuf::from(&r),
                    bytes: AssetBytes::Disk(real),
                })
            }
        }
    }

    let page_results: Vec<Result<PageInput, Vec<Diagnostic>>> = pages_todo
        .par_iter()
        .map(|(rel, real)| load_page(rel, real))
        .collect();
    let mut pages = Vec::new();
    let mut broken = Broken::default();
    for (r, (rel, _)) in page_results.into_iter().zip(&pages_todo) {
        match r {
            Ok(p) => pages.push(p),
            Err(ds) => {
                broken.pages.insert(rel.clone());
                diags.extend(ds)
            }
        }
    }
    let sheets = load_all::<FactSheetFile>(&sheets_todo, &mut diags);
    broken.any_sheet = sheets.len() < sheets_todo.len();
    let timelines = load_all::<TimelineFile>(&timeline_todo, &mut diags);
    broken.any_timeline = timelines.len() < timeline_todo.len();
    let had_sources = sources_path.is_some();
    let sources = sources_path.and_then(|p| {
        load_all::<Vec<Source>>(&[("sources.yaml".to_string(), p)], &mut diags).pop()
    });
    broken.sources = had_sources && sources.is_none();
    let eras = eras_path
        .and_then(|p| load_all::<ErasFile>(&[("eras.yaml".to_string(), p)], &mut diags).pop());

    let templates = load_templates(root, &mut diags);
    check_template_names(&pages, &templates, &mut diags);
    let mut static_assets: Vec<AssetFile> = theme::STATIC
        .iter()
        .map(|(name, bytes)| AssetFile {
            out: PathBuf::from(name),
            bytes: AssetBytes::Builtin(bytes),
        })
        .collect();
    for (rel, real) in walk(root, "static", &mut diags) {
        static_assets.retain(|a| a.out != Path::new(&rel));
        static_assets.push(AssetFile {
            out: PathBuf::from(rel),
            bytes: AssetBytes::Disk(real),
        });
    }
    static_assets.extend(assets);

    Ok((
        Inputs {
            root: root.to_path_buf(),
            broken,
            config,
            config_file,
            pages,
            sheets,
            timelines,
            eras,
            sources,
            templates,
            assets: static_assets,
        },
        diags,
    ))
}

fn read_at(rel_root: &Path, real: &Path) -> Result<TextFile, Diagnostic> {
    // `real` may be a symlink target; read it but report the link's path.
    let meta = std::fs::metadata(real).map_err(|e| io_error(rel_root, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(rel_root, meta.len()));
    }
    let bytes = std::fs::read(real).map_err(|e| io_error(rel_root, &e))?;
    Ok(TextFile {
        rel: rel_root.to_path_buf(),
        text: decode(rel_root, bytes)?,
    })
}

fn load_all<T: serde::de::DeserializeOwned + Send>(
    todo: &[(String, PathBuf)],
    diags: &mut Diagnostics,
) -> Vec<Parsed<T>> {
    let results: Vec<Result<Parsed<T>, Vec<Diagnostic>>> = todo
        .par_iter()
        .map(|(rel, real)| {
            let rel_root = Path::new("content").join(rel);
            let file = read_at(&rel_root, real).map_err(|d| vec![d])?;
            if file.text.trim().is_empty() {
                return Err(vec![Diagnostic::error("this file is empty")
                    .in_file(&rel_root)
                    .at(1, 1)
                    .hint("add its content, or delete the file")]);
            }
            let (data, index) = yaml::parse::<T>(&file.text, &rel_root, 1, &file.text)?;
            Ok(Parsed { file, data, index })
        })
        .collect();
    let mut out = Vec::new();
    for r in results {
        match r {
            Ok(p) => out.push(p),
            Err(ds) => diags.extend(ds),
        }
    }
    out
}

fn load_page(rel: &str, real: &Path) -> Result<PageInput, Vec<Diagnostic>> {
    let rel_root = Path::new("content").join(rel);
    let file = read_at(&rel_root, real).map_err(|d| vec![d])?;
    if file.text.trim().is_empty() {
        return Err(vec![Diagnostic::error(
            "this page is empty: a page starts with front matter (a `---` line)",
        )
        .in_file(&rel_root)
        .at(1, 1)
        .hint(
            "start it with front matter:\n---\ntitle: The page's title\n---",
        )]);
    }
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err(SplitError::Missing) => {
            return Err(vec![Diagnostic::error(
                "the page does not start with front matter (a `---` line)",
            )
            .in_file(&rel_root)
            .at(1, 1)
            .with_source(&file.text)
            .hint("begin the file with:\n---\ntitle: The page's title\n---")]);
        }
        Err(SplitError::NotClosed) => {
            return Err(vec![Diagnostic::error("the front matter is not closed")
                .in_file(&rel_root)
                .at(1, 1)
                .with_source(&file.text)
                .hint(
                    "add a line with only `---` after the last front matter field",
                )]);
        }
    };
    let (front, front_index) =
        yaml::parse::<FrontMatter>(split.yaml, &rel_root, split.yaml_first_line, &file.text)?;
    let body_offset = split.body_offset;
    Ok(PageInput {
        content_path: rel.to_string(),
        kind: PageKind::of(rel),
        front,
        front_index,
        body_offset,
        file,
    })
}

/// A page's `template:` must name a template that exists; said here, at the
/// field, rather than later by the renderer without a position.
fn check_template_names(pages: &[PageInput], templates: &[TemplateFile], diags: &mut Diagnostics) {
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
