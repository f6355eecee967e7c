//! Everything the generator tells a user: errors and warnings with a file,
//! a line, a column, a message and a hint on how to fix it.
//!
//! Library code only ever returns [`Diagnostic`]s; the binary decides how to
//! print them. The first line of the rendering is stable and machine-readable
//! (`path:line:column: error: message`), which is what editors' tools and the
//! tests match on.

use std::fmt;
use std::path::{Path, PathBuf};

pub mod unknown_id;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, nothing to fix now: an item past its review date
    /// (a build counts them, `check --stale` lists them), a dead link whose
    /// archived copy readers still have (`links --check`).
    Note,
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

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
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

    /// The part of the snippet worth showing: the whole line when it is
    /// short, else [`EXCERPT_WIDTH`] characters centred on the column, with
    /// `…` where the line was cut, so that the caret is always on screen.
    pub fn excerpt(&self) -> Option<Excerpt> {
        let snippet = self.snippet.as_ref()?;
        Some(Excerpt::of(snippet, self.column, EXCERPT_WIDTH))
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
            Severity::Note => "note",
        };
        write!(f, "{}: {label}: {}", self.location(), self.message)?;
        if let Some(excerpt) = self.excerpt() {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n{pad} |\n{gutter} | {}", excerpt.text)?;
            if let Some(caret) = excerpt.caret {
                // Tabs keep their width so the caret lines up in a terminal.
                let lead: String = excerpt
                    .text
                    .chars()
                    .take(caret)
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

/// How many characters of a long line a diagnostic shows.
pub const EXCERPT_WIDTH: usize = 100;

/// A window on a diagnostic's line, as the terminal and the preview show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Excerpt {
    /// The characters shown, with `…` at a cut end.
    pub text: String,
    /// Characters in `text` before the one the column points at; `None`
    /// when the column is unknown.
    pub caret: Option<usize>,
}

impl Excerpt {
    /// At most `width` characters of `line` (plus the `…` marks) around
    /// the 1-based `column` (0: unknown, show the start).
    pub fn of(line: &str, column: usize, width: usize) -> Excerpt {
        let chars: Vec<char> = line.chars().collect();
        let at = column.saturating_sub(1).min(chars.len());
        let caret = (column > 0).then_some(at);
        if chars.len() <= width {
            return Excerpt {
                text: line.to_string(),
                caret,
            };
        }
        let start = at.saturating_sub(width / 2).min(chars.len() - width);
        let end = start + width;
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.extend(&chars[start..end]);
        if end < chars.len() {
            text.push('…');
        }
        Excerpt {
            text,
            caret: caret.map(|c| c - start + usize::from(start > 0)),
        }
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

    /// A 600-character line, as a Markdown paragraph is: `x` at `column`.
    fn long_line(column: usize) -> String {
        let mut line: Vec<char> = "abcdefghij".chars().cycle().take(600).collect();
        line[column - 1] = 'X';
        line.into_iter().collect()
    }

    #[test]
    fn a_long_line_is_shown_around_its_column_with_the_caret_under_it() {
        for column in [1, 2, 50, 51, 52, 300, 549, 550, 551, 599, 600] {
            let line = long_line(column);
            let e = Excerpt::of(&line, column, EXCERPT_WIDTH);
            let caret = e.caret.unwrap();
            assert_eq!(
                e.text.chars().nth(caret),
                Some('X'),
                "column {column}: {e:?}"
            );
            let shown = e.text.trim_matches('…').chars().count();
            assert_eq!(shown, EXCERPT_WIDTH, "column {column}");
            assert_eq!(e.text.starts_with('…'), column > 51, "column {column}");
            assert_eq!(e.text.ends_with('…'), column < 551, "column {column}");
        }
        let middle = Excerpt::of(&long_line(300), 300, EXCERPT_WIDTH);
        assert_eq!(middle.caret, Some(51), "centred: {middle:?}");
    }

    #[test]
    fn the_terminal_shows_the_window_with_the_caret_under_the_column() {
        let line = long_line(400);
        let d = Diagnostic::error("link to a page that does not exist")
            .in_file("content/x.md")
            .at(3, 400)
            .with_source(&format!("a\nb\n{line}\n"));
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].strip_prefix("3 | ").unwrap();
        let caret = lines[3].strip_prefix("  | ").unwrap();
        assert!(shown.chars().count() <= EXCERPT_WIDTH + 2, "{shown}");
        assert_eq!(
            caret.chars().count(),
            shown.chars().position(|c| c == 'X').unwrap() + 1
        );
        assert!(caret.ends_with('^'));
    }

    #[test]
    fn short_lines_and_unknown_columns_are_shown_whole() {
        let e = Excerpt::of("title: x", 8, EXCERPT_WIDTH);
        assert_eq!((e.text.as_str(), e.caret), ("title: x", Some(7)));
        let e = Excerpt::of(&long_line(5), 0, EXCERPT_WIDTH);
        assert_eq!(e.caret, None);
        assert!(e.text.ends_with('…') && !e.text.starts_with('…'));
        let past_end = Excerpt::of("ab", 3, EXCERPT_WIDTH);
        assert_eq!(past_end.caret, Some(2));
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
