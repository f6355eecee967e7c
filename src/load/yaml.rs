//! YAML for editors: typed parsing through serde_yaml, plus a position index
//! (built with saphyr-parser) so that every later check can point at the
//! exact line of the item it is about.
//!
//! serde_yaml accepts duplicate keys silently and reports a missing top-level
//! field at 1:1; the position index fixes both. Anchors and aliases are
//! refused outright: editors never need them, and refusing them makes alias
//! bombs ("billion laughs") impossible rather than merely bounded.

use crate::diagnostic::{Diagnostic, Pos};
use saphyr_parser::{Event, Parser, ScanError};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;
use wording::{explain_serde_error, Context};

mod wording;

/// Deeper nesting than this is refused before serde sees it.
const MAX_DEPTH: usize = 64;

/// Where every node of a YAML document starts, by path: `figures.3.sources.1`.
/// Keys of a mapping are also recorded, as `path.key@key`.
#[derive(Debug, Default, Clone)]
pub struct PosIndex {
    nodes: BTreeMap<String, Pos>,
    /// Line added to every position (where the document starts in its file).
    first_line: usize,
}

impl PosIndex {
    /// Position of the node at `path` (e.g. `figures.2.value`), or of its
    /// nearest ancestor that has one.
    pub fn get(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.nodes.get(p) {
                return pos.offset_lines(self.first_line);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => {
                    return self
                        .nodes
                        .get("")
                        .copied()
                        .unwrap_or(Pos::new(1, 1))
                        .offset_lines(self.first_line)
                }
            }
        }
    }

    /// Position of the key `key` in the mapping at `path` (for unknown or
    /// misplaced keys), falling back to the mapping itself.
    pub fn key(&self, path: &str, key: &str) -> Pos {
        let k = if path.is_empty() {
            format!("@{key}")
        } else {
            format!("{path}.@{key}")
        };
        match self.nodes.get(&k) {
            Some(pos) => pos.offset_lines(self.first_line),
            None => self.get(path),
        }
    }
}

/// Parse a YAML document into `T`, reporting every problem as a diagnostic in
/// `file`. `first_line` is the file line on which the document's first line
/// sits (1 for a whole .yaml file, 2 for front matter after `---`).
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
    file_text: &str,
) -> Result<(T, PosIndex), Vec<Diagnostic>> {
    let located = |pos: Pos, message: String, hint: &str| {
        // At the end of a document without a final newline, the parser
        // points one line past the text; keep positions inside the file.
        let pos = if pos.line > text.split('\n').count() {
            Pos::of_offset(text, text.len())
        } else {
            pos
        };
        let mut d = Diagnostic::error(message)
            .in_file(file)
            .at_pos(pos.offset_lines(first_line))
            .with_source(file_text);
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        d
    };
    let mut index = match index_positions(text, first_line) {
        Ok(index) => index,
        Err(problems) => {
            return Err(problems
                .into_iter()
                .map(|(pos, msg, hint)| located(pos, msg, hint))
                .collect())
        }
    };
    index.first_line = first_line;
    // An empty document is an empty mapping to us: required fields then
    // produce "missing field" errors, which say what to add.
    let source = if text.trim().is_empty() { "{}" } else { text };
    match serde_yaml::from_str::<T>(source) {
        Ok(value) => Ok((value, index)),
        Err(e) => {
            let pos = e
                .location()
                .map(|l| Pos::new(l.line(), l.column()))
                .unwrap_or(Pos::new(1, 1));
            let raw = e.to_string();
            let cx = Context::new(file, source);
            let (message, hint) = explain_serde_error(&raw, &cx);
            let mut errors = vec![located(pos, message, &hint)];
            // After "missing field", every field may have its own problem.
            let reported = match raw.starts_with("missing field") {
                true => Some(String::new()),
                false => top_level_key(&raw),
            };
            let others = other_fields_errors::<T>(source, reported.as_deref(), &cx);
            for (key, message, hint) in others {
                // `index` positions are already in the file's lines.
                let pos = match message.starts_with("unknown field") {
                    true => index.key("", &key),
                    false => index.get(&key),
                };
                let d = Diagnostic::error(message)
                    .in_file(file)
                    .at_pos(pos)
                    .with_source(file_text);
                errors.push(if hint.is_empty() { d } else { d.hint(hint) });
            }
            Err(errors)
        }
    }
}

/// The top-level field serde's message is about: `weight` in "weight:
/// invalid type ...", `sumary` in "unknown field `sumary`, expected ...".
fn top_level_key(raw: &str) -> Option<String> {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        return rest.split('`').next().map(str::to_string);
    }
    let (path, _) = raw.split_once(": ")?;
    if path.contains(' ') {
        return None;
    }
    path.split(['.', '[']).next().map(str::to_string)
}

/// serde stops at a document's first problem. So that one run reports them
/// all, try each other top-level field on its own and keep its problem (a
/// field that is missing is not one: the others are missing on purpose).
/// Returns each problem's field, message and hint.
fn other_fields_errors<T: DeserializeOwned>(
    source: &str,
    reported: Option<&str>,
    cx: &Context,
) -> Vec<(String, String, String)> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(source)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in map {
        let Some(name) = key.as_str().map(str::to_string) else {
            continue;
        };
        if reported.is_none() || reported == Some(name.as_str()) {
            continue;
        }
        let mut one = serde_yaml::Mapping::new();
        one.insert(key, value);
        let Err(e) = serde_yaml::from_value::<T>(serde_yaml::Value::Mapping(one)) else {
            continue;
        };
        let raw = e.to_string();
        if raw.starts_with("missing field") {
            continue;
        }
        // serde names no path for a top-level field tried on its own.
        let has_path = raw.split_once(": ").is_some_and(|(p, _)| !p.contains(' '));
        let raw = match has_path || raw.starts_with("unknown field") {
            true => raw,
            false => format!("{name}: {raw}"),
        };
        let (message, hint) = explain_serde_error(&raw, cx);
        out.push((name, message, hint));
    }
    out
}

type Problem = (Pos, String, &'static str);

fn scan_pos(e: &ScanError) -> Pos {
    Pos::new(e.marker().line(), e.marker().col() + 1)
}

/// Where a syntax error's offending character is. The scanner reports
/// where the token it was reading began (`key: value` on the line before a
/// tab); for a tab, point at the tab itself: the first one from the start
/// of the reported line on.
fn syntax_error_pos(e: &ScanError, text: &str) -> Pos {
    let pos = scan_pos(e);
    if !e.info().contains("tab") {
        return pos;
    }
    let line_start: usize = text
        .split_inclusive('\n')
        .take(pos.line.saturating_sub(1))
        .map(str::len)
        .sum();
    match text[line_start.min(text.len())..].find('\t') {
        Some(i) => Pos::of_offset(text, line_start + i),
        None => pos,
    }
}

/// Walk the document's events once, recording where each node starts,
/// refusing duplicate keys, anchors, aliases, tags and deep nesting.
fn index_positions(text: &str, first_line: usize) -> Result<PosIndex, Vec<Problem>> {
    let mut walk = Walk {
        index: PosIndex::default(),
        stack: Vec::new(),
        duplicates: Vec::new(),
        documents: 0,
        first_line,
    };
    for item in Parser::new_from_str(text) {
        let step = match item {
            Ok((event, span)) => {
                let pos = Pos::new(span.start.line(), span.start.col() + 1);
                walk.event(event, pos)
            }
            Err(e) => Err(scan_problem(&e, text)),
        };
        if let Err(problem) = step {
            walk.duplicates.push(problem);
            return Err(walk.duplicates);
        }
    }
    if walk.duplicates.is_empty() {
        Ok(walk.index)
    } else {
        Err(walk.duplicates)
    }
}

/// A syntax error from the scanner, said for an editor.
fn scan_problem(e: &ScanError, text: &str) -> Problem {
    let msg = e.info().to_string();
    if msg.contains("unknown anchor") {
        // An alias whose anchor is missing: we refuse aliases anyway.
        return (
            scan_pos(e),
            "YAML aliases (`*name`) are not supported".into(),
            NO_ALIAS,
        );
    }
    if msg.contains("recursion limit") {
        return (
            scan_pos(e),
            format!("nesting deeper than {MAX_DEPTH} levels"),
            "fact sheets and pages never need this much nesting; check the brackets and indentation",
        );
    }
    let (message, hint) = wording::syntax(&msg);
    (syntax_error_pos(e, text), message, hint)
}

const NO_ALIAS: &str =
    "write the value out in full; if it is text starting with `*`, put it in quotes";

/// A block being walked: a list (with its next item's number) or a mapping
/// (with its keys so far).
enum Frame {
    Seq {
        path: String,
        next: usize,
    },
    Map {
        path: String,
        keys: BTreeMap<String, Pos>,
        expecting_key: bool,
        last_key: String,
    },
}

/// The state of [`index_positions`]: the index so far, the open blocks,
/// and the duplicate keys found (the one problem that does not stop it).
struct Walk {
    index: PosIndex,
    stack: Vec<Frame>,
    duplicates: Vec<Problem>,
    documents: usize,
    first_line: usize,
}

impl Walk {
    /// Take one event; a problem that stops the walk is returned.
    fn event(&mut self, event: Event, pos: Pos) -> Result<(), Problem> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err((
                        pos,
                        "more than one YAML document in this file".into(),
                        "remove the extra `---` line, or close the front matter properly",
                    ));
                }
            }
            Event::Alias(_) => {
                return Err((
                    pos,
                    "YAML aliases (`*name`) are not supported".into(),
                    NO_ALIAS,
                ))
            }
            Event::Scalar(value, _, anchor, tag) => {
                refuse_anchor_and_tag(pos, anchor, tag.is_some(), "the value")?;
                self.scalar(value.to_string(), pos);
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                refuse_anchor_and_tag(pos, anchor, tag.is_some(), "the list or block")?;
                self.open(matches!(event, Event::SequenceStart(..)), pos)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
        Ok(())
    }

    fn scalar(&mut self, value: String, pos: Pos) {
        let first_line = self.first_line;
        match self.stack.last_mut() {
            Some(Frame::Map {
                path,
                keys,
                expecting_key,
                last_key,
            }) if *expecting_key => {
                if let Some(first) = keys.get(&value) {
                    self.duplicates.push((
                        pos,
                        format!(
                            "duplicate key `{value}` (first given on line {})",
                            first.line + first_line - 1
                        ),
                        "remove one of the two; a key may appear once in each block",
                    ));
                } else {
                    keys.insert(value.clone(), pos);
                }
                self.index
                    .nodes
                    .insert(join(path, &format!("@{value}")), pos);
                *expecting_key = false;
                *last_key = value;
            }
            _ => {
                if let Some(p) = self.child_path() {
                    self.index.nodes.insert(p, pos);
                }
            }
        }
    }

    /// A list (`seq`) or mapping starts.
    fn open(&mut self, seq: bool, pos: Pos) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err((
                pos,
                format!("nesting deeper than {MAX_DEPTH} levels"),
                "fact sheets and pages never need this much nesting; check the indentation",
            ));
        }
        let Some(path) = self.child_path() else {
            return Err((
                pos,
                "a list or mapping cannot be used as a key".into(),
                "keys are plain words followed by `:`",
            ));
        };
        self.index.nodes.insert(path.clone(), pos);
        self.stack.push(match seq {
            true => Frame::Seq { path, next: 0 },
            false => Frame::Map {
                path,
                keys: BTreeMap::new(),
                expecting_key: true,
                last_key: String::new(),
            },
        });
        Ok(())
    }

    /// The path of the node about to start, given the innermost frame.
    fn child_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, next }) => {
                let p = join(path, &next.to_string());
                *next += 1;
                Some(p)
            }
            Some(Frame::Map {
                path,
                last_key,
                expecting_key,
                ..
            }) => {
                if *expecting_key {
                    None
                } else {
                    *expecting_key = true;
                    Some(join(path, last_key))
                }
            }
        }
    }
}

fn refuse_anchor_and_tag(pos: Pos, anchor: usize, tagged: bool, what: &str) -> Result<(), Problem> {
    if anchor != 0 {
        let hint = match what {
            "the value" => "remove the `&name` marker; write the value out in full",
            _ => "remove the `&name` marker; write the list or block out in full",
        };
        return Err((pos, "YAML anchors (`&name`) are not supported".into(), hint));
    }
    if tagged {
        let hint = match what {
            "the value" => "remove the tag; if the value starts with `!`, put it in quotes",
            _ => "remove the tag",
        };
        return Err((pos, "YAML tags (`!name`) are not supported".into(), hint));
    }
    Ok(())
}

fn join(path: &str, part: &str) -> String {
    if path.is_empty() {
        part.to_string()
    } else {
        format!("{path}.{part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        items: Vec<Item>,
    }
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        n: Option<i64>,
    }

    fn errs(text: &str) -> Vec<String> {
        match parse::<Doc>(text, Path::new("f.yaml"), 1, text) {
            Ok(_) => vec![],
            Err(ds) => ds
                .iter()
                .map(|d| d.to_string().lines().next().unwrap().to_string())
                .collect(),
        }
    }

    #[test]
    fn errors_at_the_end_stay_inside_the_text() {
        // Found by the YAML property test: saphyr pointed at line 3.
        assert_eq!(
            errs("-   !!str\ntitle"),
            ["f.yaml:2:6: error: YAML syntax error: a field name is not followed by `:`"]
        );
    }

    #[test]
    fn indexes_item_positions() {
        let text = "title: x\nitems:\n  - id: a\n  - id: b\n    n: 3\n";
        let (_, idx) = parse::<Doc>(text, Path::new("f.yaml"), 1, text).unwrap();
        assert_eq!(idx.get("items.1"), Pos::new(4, 5));
        assert_eq!(idx.get("items.1.n"), Pos::new(5, 8));
        assert_eq!(idx.key("items.1", "n"), Pos::new(5, 5));
        assert_eq!(idx.get("items.1.nothing"), Pos::new(4, 5));
    }

    #[test]
    fn reports_duplicates_aliases_and_types() {
        assert_eq!(
            errs("title: x\ntitle: y\nitems: []\n"),
            vec!["f.yaml:2:1: error: duplicate key `title` (first given on line 1)"]
        );
        assert_eq!(
            errs("title: &a x\nitems: []\n"),
            vec!["f.yaml:1:8: error: YAML anchors (`&name`) are not supported"]
        );
        assert_eq!(
            errs("title: x\nitems:\n  - id: a\n    n: many\n"),
            vec![
                "f.yaml:4:8: error: this should be a whole number, not the text \"many\" (in the 1st item (id `a`), field `n`)"
            ]
        );
        assert_eq!(
            errs("title: x\nitems:\n  - id: a\n    soruce: 1\n"),
            vec!["f.yaml:4:5: error: unknown field `soruce` in the 1st item (id `a`), expected one of `id`, `n`"]
        );
    }

    #[test]
    fn refuses_deep_nesting_quickly() {
        let deep = format!(
            "title: x\nitems: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let e = errs(&deep);
        assert!(
            e[0].contains("recursion limit exceeded") || e[0].contains("nesting deeper"),
            "{e:?}"
        );
        let block = format!(
            "title: x\nitems:\n{}",
            (0..80)
                .map(|i| format!("{}- \n", "  ".repeat(i)))
                .collect::<String>()
        );
        let e = errs(&block);
        assert!(e[0].contains("nesting deeper than 64 levels"), "{e:?}");
    }

    #[test]
    fn front_matter_positions_are_shifted() {
        let file = "---\ntitle: x\nitems: 3\n---\n";
        let e = parse::<Doc>("title: x\nitems: 3\n", Path::new("p.md"), 2, file).unwrap_err();
        assert_eq!(e[0].line, 3);
    }
}
