//! Everything the generator tells a user: errors and warnings with a file,
//! a line, a column, a message and a hint on how to fix it.
//!
//! Library code only ever returns [`Diagnostic`]s; the binary decides how to
//! print them. The first line of the rendering is stable and machine-readable
//! (`path:line:column: error: message`), which is what editors' tools and the
//! tests match on.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the site, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root (e.g. `content/background/x.md`);
    /// `None` for problems that belong to no file (a bad command line).
    pub file: Option<PathBuf>,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line, shown under the message when known.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn at_pos(self, pos: Pos) -> Self {
        self.at(pos.line, pos.column)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attach the source line the position points into, for display.
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.snippet = source
                .lines()
                .nth(self.line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` as editors' tools expect it.
    pub fn location(&self) -> String {
        let file = self
            .file
            .as_ref()
            .map(|f| f.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|| "explainer".to_string());
        match (self.line, self.column) {
            (0, _) => file,
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {label}: {}", self.location(), self.message)?;
        if let Some(snippet) = &self.snippet {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n{pad} |\n{gutter} | {snippet}")?;
            if self.column > 0 {
                // Tabs keep their width so the caret lines up in a terminal.
                let lead: String = snippet
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{pad} | {lead}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A 1-based line and column in some file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }

    /// The position of byte offset `offset` in `text` (columns count characters).
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        Pos { line, column }
    }

    /// Shift a position found inside an embedded block (front matter, a
    /// summary) to the file's coordinates: `first_line` is where the block's
    /// line 1 sits in the file.
    pub fn offset_lines(self, first_line: usize) -> Pos {
        Pos {
            line: self.line + first_line - 1,
            column: self.column,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All the diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file, then position, so output never depends on thread order.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// An error at `pos` in `file` (whose whole text is `text`, for the
/// snippet), with a hint unless `hint` is empty: the form of nearly every
/// error about what an editor wrote.
pub fn error_at(file: &Path, text: &str, pos: Pos, message: String, hint: &str) -> Diagnostic {
    let d = Diagnostic::error(message)
        .in_file(file)
        .at_pos(pos)
        .with_source(text);
    if hint.is_empty() {
        d
    } else {
        d.hint(hint)
    }
}

/// Suggest the closest of `candidates` to `wrong`, for "did you mean" hints.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(wrong, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_message_snippet_and_hint() {
        let d = Diagnostic::error("unknown source id `afp-2020`")
            .in_file("content/facts/x.yaml")
            .at(2, 12)
            .hint("add it to content/sources.yaml")
            .with_source("a: 1\nsources: [afp-2020]\n");
        assert_eq!(
            d.to_string(),
            "content/facts/x.yaml:2:12: error: unknown source id `afp-2020`\n  |\n2 | sources: [afp-2020]\n  |            ^\n  = hint: add it to content/sources.yaml"
        );
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(Pos::of_offset("ab\ncdé f", 7), Pos::new(2, 4));
        assert_eq!(Pos::of_offset("x", 0), Pos::new(1, 1));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(closest("ganj", ["ganja", "baku"]), Some("ganja"));
        assert_eq!(closest("zzzzzz", ["ganja"]), None);
    }
}
