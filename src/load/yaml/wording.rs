//! What the YAML parsers say, said for an editor: a field path such as
//! `events[1].date` becomes "the 2nd event (id `x`), field `date`", and
//! messages such as "invalid indentation in quoted scalar" or "invalid
//! type: string, expected i64" become what is wrong and what to do.

use crate::diagnostic::closest;
use crate::load::front_matter::PageKind;
use serde_yaml::Value;
use std::path::Path;

/// What a message about one file needs to name its places: the document
/// (for items' ids), the noun of a top-level list's items and, for a
/// page's front matter, the fields its kind of page takes.
pub(super) struct Context {
    doc: Option<Value>,
    top_noun: String,
    fields: Option<Vec<&'static str>>,
}

impl Context {
    pub(super) fn new(file: &Path, source: &str) -> Context {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = file.to_string_lossy().replace('\\', "/");
        let fields = match (rel.strip_prefix("content/"), rel.ends_with(".md")) {
            (Some(inside), true) => Some(PageKind::of(inside).fields()),
            _ => None,
        };
        Context {
            doc: serde_yaml::from_str(source).ok(),
            top_noun: singular(&stem).unwrap_or_else(|| "entry".into()),
            fields,
        }
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "21st" ...
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `events` -> `event`, `categories` -> `category`; `None` when the name
/// is not a plural (`nav`).
fn singular(name: &str) -> Option<String> {
    if let Some(stem) = name.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    name.strip_suffix('s')
        .filter(|s| !s.is_empty() && !s.ends_with('s'))
        .map(str::to_string)
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `figures[0].sources[1]` -> keys and indices in order.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                out.push(Step::Index(i));
            }
        }
    }
    out
}

/// An item of a list as an editor counts it: "the 2nd event (id `x`)",
/// or "the 2nd entry of `sources`" for a list of plain values.
fn item(list: Option<&str>, i: usize, value: Option<&Value>, cx: &Context) -> String {
    let n = ordinal(i + 1);
    let Some(Value::Mapping(m)) = value else {
        return match list {
            Some(l) => format!("the {n} entry of `{l}`"),
            None => format!("the {n} {}", cx.top_noun),
        };
    };
    let noun = match list {
        Some(l) => singular(l).unwrap_or_else(|| format!("entry of `{l}`")),
        None => cx.top_noun.clone(),
    };
    let label = ["id", "name"].iter().find_map(|k| {
        let v = m.get(*k)?.as_str()?;
        Some(format!(" ({k} `{v}`)"))
    });
    format!("the {n} {noun}{}", label.unwrap_or_default())
}

/// serde's path (`events[1].date`) as an editor says it:
/// "the 2nd event (id `x`), field `date`".
pub(super) fn place(path: &str, cx: &Context) -> String {
    let steps = steps(path);
    let mut parts: Vec<String> = Vec::new();
    let mut fields: Vec<&str> = Vec::new();
    let mut value = cx.doc.as_ref();
    for (k, step) in steps.iter().enumerate() {
        match step {
            Step::Key(key) => {
                value = value.and_then(|v| v.get(*key));
                if !matches!(steps.get(k + 1), Some(Step::Index(_))) {
                    fields.push(key);
                }
            }
            Step::Index(i) => {
                if !fields.is_empty() {
                    parts.push(format!("field `{}`", fields.join(".")));
                    fields.clear();
                }
                let list = match k.checked_sub(1).map(|p| &steps[p]) {
                    Some(Step::Key(key)) => Some(*key),
                    _ => None,
                };
                value = value.and_then(|v| v.get(*i));
                parts.push(item(list, *i, value, cx));
            }
        }
    }
    if !fields.is_empty() {
        parts.push(format!("field `{}`", fields.join(".")));
    }
    parts.join(", ")
}

/// Turn serde_yaml's message into one sentence for an editor, plus a hint.
pub(super) fn explain_serde_error(raw: &str, cx: &Context) -> (String, String) {
    // serde_yaml appends " at line L column C"; we print the position ourselves.
    let msg = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    // It also prefixes the path ("figures[0].value: ..."), which is useful
    // context, said as an editor counts.
    let (path, msg) = match msg.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (Some(p), m),
        _ => (None, msg),
    };
    let at = path.map(|p| place(p, cx));
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        return unknown_field(rest, at.as_deref(), cx);
    }
    let (message, hint) = plain(msg);
    match at {
        Some(at) => (format!("{message} (in {at})"), hint),
        None => (message, hint),
    }
}

/// "unknown field `titel`, expected one of `title`, ..." (`rest` follows
/// the first backquote), with the fields this item takes and the closest.
fn unknown_field(rest: &str, at: Option<&str>, cx: &Context) -> (String, String) {
    let wrong = rest.split('`').next().unwrap_or_default();
    let listed: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
    let allowed: Vec<&str> = match (&cx.fields, at) {
        (Some(fields), None) => fields.clone(),
        _ => listed,
    };
    let list = allowed
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = match at {
        Some(at) => format!("unknown field `{wrong}` in {at}, expected one of {list}"),
        None => format!("unknown field `{wrong}`, expected one of {list}"),
    };
    let hint = match closest(wrong, allowed.iter().copied()) {
        Some(c) => format!("did you mean `{c}`? The fields this item accepts are listed above"),
        None => "check the spelling; the fields this item accepts are listed above".to_string(),
    };
    (message, hint)
}

/// serde's wording of a wrong value, said plainly, with what to do.
fn plain(msg: &str) -> (String, String) {
    if let Some(field) = msg.strip_prefix("missing field ") {
        return (
            format!("the required field {field} is missing"),
            format!("add {field}; see the README's editor guide for every field"),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            format!("this should be {}, not {}", expected(want), found(got)),
            "check the value's form (a number has no quotes or thousands separators; a list is written [a, b]; text with `: ` or `#` goes in quotes)".to_string(),
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let wrong = rest.split('`').next().unwrap_or_default();
        let allowed: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let hint = match closest(wrong, allowed.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => "use one of the values listed".to_string(),
        };
        return (
            format!(
                "`{wrong}` is not one of the values allowed here: {}",
                allowed.join(", ")
            ),
            hint,
        );
    }
    if msg.starts_with("invalid value") {
        let hint = "check the value's form (a number has no quotes or thousands separators; a list is written [a, b])";
        return (msg.to_string(), hint.to_string());
    }
    match known_syntax(msg) {
        Some((message, hint)) => (message, hint.to_string()),
        None => (msg.to_string(), String::new()),
    }
}

/// serde's "expected i64" as a reader says it.
fn expected(want: &str) -> &str {
    match want {
        w if w.starts_with("a date") || w.starts_with("a number or") => w,
        w if w.starts_with('i') || w.starts_with('u') => "a whole number",
        w if w.starts_with('f') => "a number",
        "a boolean" => "true or false",
        "a sequence" => "a list, written [a, b]",
        w if w.starts_with("a string") || w.contains("date") => "a single value",
        w if w.starts_with("struct") || w.contains("map") => "a block of fields",
        _ => "another kind of value",
    }
}

/// serde's "string \"many\"" as a reader says it.
fn found(got: &str) -> String {
    match got.split_once(' ') {
        Some(("string", text)) => format!("the text {text}"),
        Some(("integer", n)) | Some(("floating", n)) => {
            format!("the number {}", n.trim_start_matches("point "))
        }
        Some(("boolean", b)) => b.to_string(),
        _ => match got {
            "sequence" => "a list".into(),
            "map" => "a block of fields".into(),
            "unit value" => "nothing (the value is empty)".into(),
            other => other.to_string(),
        },
    }
}

/// A YAML parser's syntax message as what is wrong and what to do.
pub(super) fn syntax(msg: &str) -> (String, &'static str) {
    known_syntax(msg).unwrap_or_else(|| {
        (
            format!("YAML syntax error: {msg}"),
            "check the YAML syntax on this line and the one before it",
        )
    })
}

/// [`syntax`] for the messages it knows.
fn known_syntax(msg: &str) -> Option<(String, &'static str)> {
    const TABLE: &[(&str, &str, &str)] = &[
        ("unknown escape character", "a backslash inside double quotes starts an escape YAML does not know", "write `\\\\` for a backslash, or put the value in single quotes"),
        ("quoted scalar", "a quoted value is not closed: the quote that starts here has no closing quote", "add the closing quote at the end of the value; a double quote inside the text is written \\\""),
        ("tab", "a tab is used where YAML needs spaces", "YAML indentation must use spaces, not tabs: replace the tab with spaces"),
        ("mapping values are not allowed", "this line has a `: ` where no new field can start", "check this line's indentation against the line above, or put the value in quotes if it contains `: `"),
        ("did not find expected key", "this line is not indented like the other fields of its block", "line it up with the fields above it, using spaces"),
        ("expected '-' indicator", "this line breaks a list: each item starts with `- ` at the same indentation", "line it up with the list's other items"),
        ("flow sequence", "a list in brackets is not closed, or an item is missing its comma", "write it as [a, b, c]: commas between the items and a closing `]`"),
        ("flow mapping", "a block in braces is not closed, or a field is missing its comma", "write it as { name: value, other: value }, with a closing `}`"),
        ("trailing content after double-quoted", "there is text after the closing quote", "put the whole value inside the quotes"),
        ("simple key", "a field name is not followed by `:`", "write each field as `name: value`"),
        ("block sequence entries are not allowed", "a list item (`- `) where a list cannot start", "start the list on the line after its field name, indented"),
        ("did not find expected node content", "a value is missing or starts with a character YAML reserves (`@`, `` ` ``, `%`, `|`, `>`)", "put the value in quotes"),
        ("unexpected character", "a value starts with a character YAML reserves", "put the value in quotes"),
        ("flow construct", "a list in `[ ]` or a block in `{ }` is still open at this line", "close it with `]` or `}` on the line where it opens, and check for a doubled bracket"),
        ("invalid indentation", "this line is indented differently from the lines of its block", "use the same number of spaces as the other lines of the same block"),
    ];
    TABLE
        .iter()
        .find(|(needle, _, _)| msg.contains(needle))
        .map(|(_, message, hint)| (format!("YAML syntax error: {message}"), *hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(source: &str) -> Context {
        Context::new(Path::new("content/timeline/2020.yaml"), source)
    }

    #[test]
    fn paths_are_counted_as_an_editor_counts() {
        let c = cx("events:\n  - id: a\n  - id: b\n    sources: [x, y]\n");
        assert_eq!(
            place("events[1].date", &c),
            "the 2nd event (id `b`), field `date`"
        );
        assert_eq!(
            place("events[1].sources[1]", &c),
            "the 2nd event (id `b`), the 2nd entry of `sources`"
        );
        assert_eq!(place("events[0]", &c), "the 1st event (id `a`)");
        assert_eq!(place("weight", &c), "field `weight`");
        assert_eq!(place("coords.lat", &c), "field `coords.lat`");
        let sources = Context::new(Path::new("content/sources.yaml"), "- id: s\n");
        assert_eq!(
            place("[0].date", &sources),
            "the 1st source (id `s`)".to_string() + ", field `date`"
        );
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(singular("categories").as_deref(), Some("category"));
    }

    #[test]
    fn serde_wording_becomes_plain() {
        let c = cx("title: x\n");
        let (m, _) =
            explain_serde_error("weight: invalid type: string \"heavy\", expected i64", &c);
        assert_eq!(
            m,
            "this should be a whole number, not the text \"heavy\" (in field `weight`)"
        );
        let (m, h) = explain_serde_error("invalid indentation in quoted scalar", &c);
        assert!(m.contains("a quoted value is not closed") && h.contains("closing quote"));
        let (m, _) = syntax("invalid indentation in flow construct");
        assert!(m.contains("is still open"), "{m}");
        let (m, _) = syntax("invalid indentation");
        assert!(m.contains("indented differently"), "{m}");
    }

    #[test]
    fn front_matter_lists_only_its_kinds_fields() {
        let page = Context::new(Path::new("content/background/x.md"), "title: x\n");
        let raw = "unknown field `rol`, expected one of `title`, `role`, `names`";
        let (m, _) = explain_serde_error(raw, &page);
        assert!(!m.contains("`role`") && m.contains("`title`"), "{m}");
        let actor = Context::new(Path::new("content/actors/x.md"), "title: x\n");
        let (m, h) = explain_serde_error(raw, &actor);
        assert!(
            m.contains("`role`") && h.contains("did you mean `role`"),
            "{m}"
        );
    }
}
