//! Splitting a Markdown file into its YAML front matter and its body.

/// A page file cut in two, with the line numbers needed to report positions
/// in the original file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the YAML's first line (2: right after the opening `---`).
    pub yaml_first_line: usize,
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_first_line: usize,
    /// Byte offset of the body in the text.
    pub body_offset: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---`.
    NotClosed,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// `text` must already have its BOM removed and CRLF turned into LF.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line_no = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map(|i| offset + i)
            .unwrap_or(text.len());
        if is_fence(&text[offset..end]) {
            let body_offset = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[body_offset..],
                body_first_line: line_no + 1,
                body_offset,
            });
        }
        offset = end + 1;
        line_no += 1;
    }
    Err(SplitError::NotClosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\nHello\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_first_line, 4);
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn empty_front_matter_and_body() {
        let s = split("---\n---\n").unwrap();
        assert_eq!((s.yaml, s.body), ("", ""));
        let s = split("---\ntitle: x\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn fences_may_have_trailing_spaces_but_nothing_else() {
        assert!(split("---  \ntitle: A\n--- \nx").is_ok());
        assert_eq!(split("--- x\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("title: A\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::NotClosed));
        assert_eq!(split("---\ntitle: A\n----\n"), Err(SplitError::NotClosed));
    }
}
