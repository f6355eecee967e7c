//! JSON Schemas for the editors' files, generated from the very types the
//! loader deserialises (so the schemas cannot drift from what a build
//! accepts), and, written beside them, those of the downloads
//! (`render::export_schema`). Editors' tools (yaml-language-server in VS Code, Zed, Neovim,
//! JetBrains) use them for completion and checking as the editor types.
//!
//! Two types read themselves by hand ([`PartialDate`], [`FigureValue`]);
//! their schemas are written here, next to each other, from the same rules.

use crate::diagnostic::Diagnostic;
use crate::load::config::SiteConfig;
use crate::load::files::{ErasFile, FactSheetFile, GlossaryFile, Source, TimelineFile};
use crate::load::front_matter::FrontMatter;
use crate::model::dates::PartialDate;
use crate::model::review::{Day, Period};
use crate::model::values::FigureValue;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// `1994`, `1994-05`, `1994-05-12`, `2020-10-17T20:00Z`, each optionally
/// followed by `~` (about), `?` (uncertain) or `%` (both). Whether the day
/// exists in that month is checked by the build, not the pattern.
pub const DATE_PATTERN: &str = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]Z)?)?)?[~?%]?$";

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date saying exactly as much as is known: 1994 | 1994-05 | 1994-05-12 | 2020-10-17T20:00Z; add ~ for approximate, ? for uncertain.",
            "anyOf": [
                { "type": "string", "pattern": DATE_PATTERN },
                { "type": "integer", "minimum": 1000, "maximum": 9999 }
            ]
        })
    }
}

impl JsonSchema for Day {
    fn schema_name() -> Cow<'static, str> {
        "Day".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A whole day, YYYY-MM-DD: review dates, checked dates, changes and corrections.",
            "type": "string",
            "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
        })
    }
}

impl JsonSchema for Period {
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How often to check again: a number and a unit, e.g. `6 months`, `1 year`, `2 weeks`, `30 days`.",
            "type": "string",
            "pattern": r"^\s*[0-9]+\s+(day|week|month|year)s?\s*$"
        })
    }
}

impl JsonSchema for FigureValue {
    fn schema_name() -> Cow<'static, str> {
        "FigureValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number without thousands separators (100617), or a range from low to high written \"26–32\".",
            "anyOf": [
                { "type": "number", "minimum": 0 },
                { "type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*([–-]\s*[0-9]+(\.[0-9]+)?\s*)?$" }
            ]
        })
    }
}

/// One schema file: its name and what it describes.
pub struct SchemaFile {
    pub name: &'static str,
    /// Which editors' files it is for, as a glob under the site root.
    pub applies_to: &'static str,
    pub schema: serde_json::Value,
}

fn schema_of<T: JsonSchema>(title: &str) -> serde_json::Value {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema.to_value()
}

/// Every schema the editors' files have.
pub fn all() -> Vec<SchemaFile> {
    vec![
        SchemaFile {
            name: "site.schema.json",
            applies_to: "site.yaml",
            schema: schema_of::<SiteConfig>("site.yaml"),
        },
        SchemaFile {
            name: "page.schema.json",
            applies_to: "content/**/*.md (the front matter)",
            schema: schema_of::<FrontMatter>("Page front matter"),
        },
        SchemaFile {
            name: "facts.schema.json",
            applies_to: "content/facts/*.yaml",
            schema: schema_of::<FactSheetFile>("Fact sheet"),
        },
        SchemaFile {
            name: "timeline.schema.json",
            applies_to: "content/timeline/*.yaml",
            schema: schema_of::<TimelineFile>("Timeline events"),
        },
        SchemaFile {
            name: "sources.schema.json",
            applies_to: "content/sources.yaml",
            schema: schema_of::<Vec<Source>>("Sources"),
        },
        SchemaFile {
            name: "eras.schema.json",
            applies_to: "content/eras.yaml",
            schema: schema_of::<ErasFile>("Eras"),
        },
        SchemaFile {
            name: "glossary.schema.json",
            applies_to: "content/glossary.yaml",
            schema: schema_of::<GlossaryFile>("Glossary"),
        },
        SchemaFile {
            name: "sheet-export.schema.json",
            applies_to: "facts/<sheet>.json in the built site (a download, not an editors' file)",
            schema: crate::render::export_schema::sheet(),
        },
        SchemaFile {
            name: "corrections-export.schema.json",
            applies_to: "corrections.json in the built site (a download, not an editors' file)",
            schema: crate::render::export_schema::corrections(),
        },
    ]
}

/// `explainer schema --out DIR`: writes every schema, returns the paths.
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let fail = |e: std::io::Error, p: &Path| {
        Diagnostic::error(format!("cannot write {}: {e}", p.display()))
            .hint("check that the folder can be created and written to")
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(e, dir))?;
    let mut written = Vec::new();
    for file in all() {
        let path = dir.join(file.name);
        let mut text = serde_json::to_string_pretty(&file.schema).unwrap_or_default();
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| fail(e, &path))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_required_fields_reach_the_schema() {
        let schemas = all();
        assert_eq!(schemas.len(), 9);
        let facts = &schemas[2].schema;
        // deny_unknown_fields must become additionalProperties: false, or
        // editors' tools would not flag a typo such as `soruces:`.
        let figure = &facts["$defs"]["Figure"];
        assert_eq!(figure["additionalProperties"], false);
        assert!(figure["required"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "claimed_by"));
    }
}
