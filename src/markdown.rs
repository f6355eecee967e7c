//! Markdown to HTML with pulldown-cmark: unique heading anchors and a table
//! of contents, `@/` links resolved and checked, `{{ fact(id="…") }}`
//! figures filled in, raw HTML and `javascript:` links refused. Every problem
//! is reported at its line and column in the page's file.

use crate::diagnostic::{Diagnostic, Pos};
use crate::model::facts::FactStyle;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// What a link or figure in Markdown needs from the rest of the site.
pub trait Resolver {
    /// `target` is what follows `@/` (`places/ganja.md`, `timeline`), and
    /// `anchor` what follows `#`. Returns the URL and, for pages, the page's
    /// index (for backlinks); or a message and hint.
    fn link(
        &self,
        target: &str,
        anchor: Option<&str>,
    ) -> Result<(String, Option<usize>), (String, String)>;
    /// The HTML for `{{ fact(id="…", style="…") }}`, or a message and hint.
    fn fact(&self, id: &str, style: FactStyle) -> Result<String, (String, String)>;
    /// The HTML for `{{ term(id="…", text="…") }}`: a link to the term's
    /// entry in the glossary; or a message and hint.
    fn term(&self, id: &str, text: Option<&str>) -> Result<String, (String, String)>;
}

/// An `@/target#anchor` link, at its offset in the Markdown.
#[derive(Debug, Clone)]
pub struct AnchoredLink {
    pub target: String,
    pub anchor: String,
    pub at: usize,
}

/// Where the Markdown sits, for positions in diagnostics.
pub struct Origin<'a> {
    pub file: &'a Path,
    /// The whole file, for positions and snippets.
    pub file_text: &'a str,
    /// Byte offset of the Markdown inside the file.
    pub offset: usize,
    pub allow_html: bool,
}

impl Origin<'_> {
    pub(crate) fn diag(&self, offset_in_body: usize, message: String, hint: String) -> Diagnostic {
        let pos = Pos::of_offset(self.file_text, self.offset + offset_in_body);
        let mut d = Diagnostic::error(message)
            .in_file(self.file)
            .at_pos(pos)
            .with_source(self.file_text);
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        d
    }
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The headings with their ids, in order (empty for inline snippets).
    pub toc: Vec<Heading>,
    /// Every `@/…#anchor` link the resolver accepted, so that anchors it
    /// could not check yet (those of pages not rendered yet) can be checked
    /// once every page's headings are known.
    pub anchored: Vec<AnchoredLink>,
    /// Indices of the pages this Markdown links to.
    pub links: Vec<usize>,
    /// Ids of the figures shown with `fact()`.
    pub facts: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A shortcode found in the text, and the placeholder standing in for it.
struct Shortcode {
    /// Byte range in the original text.
    orig: std::ops::Range<usize>,
    /// Byte range of the placeholder in the substituted text.
    new: std::ops::Range<usize>,
    call: Result<Call, (String, String)>,
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Replace every `{{ … }}` with a placeholder that Markdown leaves alone
/// (a private-use character pair around its number), so that smart quotes
/// and emphasis never touch the call; the calls are parsed here.
fn substitute(text: &str) -> (String, Vec<Shortcode>) {
    let mut out = String::with_capacity(text.len());
    let mut codes = Vec::new();
    let mut rest = 0;
    while let Some(i) = text[rest..].find("{{") {
        let start = rest + i;
        let Some(j) = text[start..].find("}}") else {
            break;
        };
        let end = start + j + 2;
        let inner = text[start + 2..end - 2].trim();
        if inner.contains('\n') && !inner.starts_with("fact") && !inner.starts_with("term") {
            // Not ours: probably template-like text in a code block.
            out.push_str(&text[rest..end]);
            rest = end;
            continue;
        }
        out.push_str(&text[rest..start]);
        let new_start = out.len();
        out.push(OPEN);
        out.push_str(&codes.len().to_string());
        out.push(CLOSE);
        codes.push(Shortcode {
            orig: start..end,
            new: new_start..out.len(),
            call: parse_call(inner),
        });
        rest = end;
    }
    out.push_str(&text[rest..]);
    (out, codes)
}

/// A shortcode call in Markdown, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// `fact(id="x")`, `fact(id="x", style="full")`.
    Fact { id: String, style: FactStyle },
    /// `term(id="x")`, `term(id="x", text="the line")`: a link to the
    /// glossary entry, showing `text` or the term itself.
    Term { id: String, text: Option<String> },
}

/// A shortcode's inside, parsed (`term(id="x")`), if it is a valid call.
pub(crate) fn call_of(inner: &str) -> Option<Call> {
    parse_call(inner.trim()).ok()
}

const FACT_USAGE: &str = "write it as {{ fact(id=\"figure-id\") }}, or with a style: {{ fact(id=\"figure-id\", style=\"full\") }} (styles: news, the default; noted; full; value)";
const TERM_USAGE: &str = "write it as {{ term(id=\"term-id\") }}, or with the words to show: {{ term(id=\"term-id\", text=\"the line\") }}";

/// `fact(id="x", style="full")` or `term(id="x", text="…")` -> the call.
/// `fact` and `term` are the only functions in Markdown.
fn parse_call(inner: &str) -> Result<Call, (String, String)> {
    let Some(open) = inner.find('(') else {
        return Err((
            format!("`{{{{ {inner} }}}}` is not a function call"),
            FACT_USAGE.into(),
        ));
    };
    let name = inner[..open].trim();
    let usage = match name {
        "fact" => FACT_USAGE,
        "term" => TERM_USAGE,
        _ => {
            return Err((
                format!("unknown function `{name}` in `{{{{ … }}}}`; the functions available in Markdown are `fact` and `term`"),
                format!("{FACT_USAGE}; for a glossary term, {TERM_USAGE}"),
            ))
        }
    };
    let Some(args) = inner[open + 1..].trim_end().strip_suffix(')') else {
        return Err((format!("`{name}(` is not closed with `)`"), usage.into()));
    };
    let what = if name == "fact" { "figure" } else { "term" };
    let args = arguments(args, name, what, usage)?;
    let allowed: &[&str] = if name == "fact" {
        &["id", "style"]
    } else {
        &["id", "text"]
    };
    let mut id = None;
    let mut extra = None;
    for (key, value) in args {
        if !allowed.contains(&key.as_str()) {
            return Err((
                format!(
                    "`{name}` takes the arguments `id` and `{}`, not `{key}`",
                    allowed[1]
                ),
                usage.into(),
            ));
        }
        let slot = if key == "id" { &mut id } else { &mut extra };
        if slot.replace(value).is_some() {
            return Err((format!("`{name}` is given `{key}` twice"), usage.into()));
        }
    }
    let Some(id) = id.filter(|i: &String| !i.is_empty()) else {
        return Err((
            format!("`{name}` needs an id: {name}(id=\"…\")"),
            usage.into(),
        ));
    };
    if name == "term" {
        return Ok(Call::Term { id, text: extra });
    }
    let style = match extra.as_deref() {
        None => FactStyle::News,
        Some(s) => FactStyle::parse(s).ok_or_else(|| {
            (
                format!("`fact` has no style `{s}`"),
                "use style=\"news\" (the default: \"…, according to …\" with a note), \"noted\" (the value and its note, where the sentence already says who claims it), \"full\" (claimant, date and sources inline) or \"value\" (the value alone)".to_string(),
            )
        })?,
    };
    Ok(Call::Fact { id, style })
}

/// `id="x", style='y'` -> the keys and unquoted values, in order.
fn arguments(
    args: &str,
    name: &str,
    what: &str,
    usage: &str,
) -> Result<Vec<(String, String)>, (String, String)> {
    let mut out = Vec::new();
    let mut rest = args.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            return Err((
                format!("`{name}` needs an id: {name}(id=\"…\")"),
                usage.into(),
            ));
        };
        let key = key.trim().to_string();
        let after = after.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        let Some(q) = quote else {
            let v = after.split(',').next().unwrap_or("").trim();
            if v.starts_with(CURLY) || v.ends_with(CURLY) {
                return Err(curly_quotes(name, what, &key, v));
            }
            return Err((format!("the {what} {key} must be in quotes"), usage.into()));
        };
        let Some(end) = after[1..].find(q) else {
            return Err((format!("the {what} {key} must be in quotes"), usage.into()));
        };
        out.push((key, after[1..1 + end].to_string()));
        rest = after[1 + end + 1..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
        } else if !rest.is_empty() {
            return Err((
                format!("`{name}`'s arguments are separated by commas"),
                usage.into(),
            ));
        }
    }
    Ok(out)
}

/// Quotes a word processor puts in, which `fact(id=…)` does not read.
const CURLY: &[char] = &['“', '”', '‘', '’', '„', '‚', '«', '»'];

/// `fact(id=“x”)`: the id is quoted, only not with straight quotes.
fn curly_quotes(name: &str, what: &str, key: &str, v: &str) -> (String, String) {
    let id = v.trim_matches(CURLY).trim();
    (
        format!("the {what} {key} `{v}` is in curly quotes, which `{name}` does not read"),
        format!("use straight quotes: {{{{ {name}({key}=\"{id}\") }}}} (a word processor may have curled them; type them in a plain-text editor)"),
    )
}

/// Map an offset in the substituted text back to the original text.
/// Called for every Markdown event, so a binary search: a linear scan made
/// pages with thousands of `fact()` calls quadratic.
fn original_offset(codes: &[Shortcode], off: usize) -> usize {
    let before = codes.partition_point(|c| c.new.start <= off);
    let Some(c) = before.checked_sub(1).map(|i| &codes[i]) else {
        return off;
    };
    if off < c.new.end {
        return c.orig.start;
    }
    let shift = c.orig.end as isize - c.new.end as isize;
    (off as isize + shift) as usize
}

/// Gives each heading of one text its unique id, in document order.
#[derive(Default)]
struct HeadingIds {
    used: BTreeSet<String>,
    /// Where each base's suffixes resume (see [`HeadingIds::heading`]).
    next_suffix: std::collections::HashMap<String, usize>,
}

impl HeadingIds {
    /// `raw_title` is the heading's text and code as parsed (placeholders
    /// included); `explicit` its `{#id}`, if any.
    fn heading(&mut self, level: u8, explicit: Option<String>, raw_title: &str) -> Heading {
        let title = strip_placeholders(raw_title);
        let base = explicit.unwrap_or_else(|| {
            let s = crate::paths::slugify(&title);
            if s.is_empty() {
                "section".into()
            } else {
                s
            }
        });
        // Suffixes already tried for this base stay taken (ids are only
        // ever added), so each base resumes where it stopped: many equal
        // headings stay linear.
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        let mut id = base.clone();
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        Heading { level, id, title }
    }
}

/// The headings of a page with their unique ids, in order: the same as
/// [`render`]'s `toc`, without rendering.
pub fn headings(body: &str) -> Vec<Heading> {
    let (text, _) = substitute(body);
    let mut out = Vec::new();
    let mut ids = HeadingIds::default();
    let mut current: Option<(u8, Option<String>, String)> = None;
    for event in Parser::new_ext(&text, options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((level_num(level), id.map(|s| s.to_string()), String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, title)) = current.take() {
                    out.push(ids.heading(level, explicit, &title));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

fn strip_placeholders(s: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for c in s.chars() {
        match c {
            OPEN => skipping = true,
            CLOSE => skipping = false,
            _ if !skipping => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// Is this URL a script URL in disguise (`JavaScript:`, ` java\tscript:`)?
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || cleaned.starts_with("data:text/html")
}

/// Render a page body to HTML in one parse, giving its headings unique ids
/// (returned as `toc`).
pub fn render(body: &str, origin: &Origin, resolver: &dyn Resolver) -> Rendered {
    render_with(body, origin, resolver, true)
}

/// The HTML of each `fact()` and `term()` call (`None` where it failed,
/// reported).
fn resolve_facts(
    codes: &[Shortcode],
    origin: &Origin,
    resolver: &dyn Resolver,
    out: &mut Rendered,
) -> Vec<Option<String>> {
    let mut fact_html: Vec<Option<String>> = Vec::with_capacity(codes.len());
    for c in codes {
        let call = c.call.clone().and_then(|call| match call {
            Call::Fact { id, style } => Ok((resolver.fact(&id, style)?, Some(id))),
            Call::Term { id, text } => Ok((resolver.term(&id, text.as_deref())?, None)),
        });
        match call {
            Ok((html, id)) => {
                out.facts.extend(id);
                fact_html.push(Some(html))
            }
            Err((msg, hint)) => {
                out.diagnostics.push(origin.diag(c.orig.start, msg, hint));
                fact_html.push(None);
            }
        }
    }
    fact_html
}

/// The error for raw HTML where it is not allowed (comments and closing
/// tags pass silently: the opening tag was reported).
fn refuse_html(h: &str, at: usize, origin: &Origin) -> Option<Diagnostic> {
    if h.trim_start().starts_with("<!--") || h.trim_start().starts_with("</") {
        return None;
    }
    let shown = h.trim().chars().take(40).collect::<String>();
    // `allow_html` opens pages only; text in YAML never carries HTML.
    let in_yaml = origin.file.extension().is_some_and(|e| e == "yaml");
    Some(if in_yaml {
        origin.diag(
            at,
            format!("raw HTML is not allowed in YAML text: `{shown}`"),
            "use Markdown instead (`allow_html` in site.yaml applies to pages only)".into(),
        )
    } else {
        origin.diag(
            at,
            format!("raw HTML is not allowed in pages: `{shown}`"),
            "use Markdown instead, or set `allow_html: true` in site.yaml if this site trusts its editors with HTML".into(),
        )
    })
}

/// `heading_ids`: false for snippets, whose headings get an empty id.
fn render_with(
    body: &str,
    origin: &Origin,
    resolver: &dyn Resolver,
    heading_ids: bool,
) -> Rendered {
    let (text, codes) = substitute(body);
    let mut out = Rendered::default();
    let fact_html = resolve_facts(&codes, origin, resolver, &mut out);
    let mut events: Vec<Event> = Vec::new();
    let mut ids = HeadingIds::default();
    // The open heading: where its start event is, its level, explicit id
    // and text so far. Its id is set when it ends.
    let mut heading: Option<(usize, u8, Option<String>, String)> = None;
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
        let at = original_offset(&codes, range.start);
        if let (Some((.., title)), Event::Text(t) | Event::Code(t)) = (heading.as_mut(), &event) {
            title.push_str(t);
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                if heading_ids {
                    heading = Some((
                        events.len(),
                        level_num(level),
                        id.map(|s| s.to_string()),
                        String::new(),
                    ));
                }
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from("")),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(l)) => {
                if let Some((start, level, explicit, title)) = heading.take() {
                    let h = ids.heading(level, explicit, &title);
                    if let Some(Event::Start(Tag::Heading { id, .. })) = events.get_mut(start) {
                        *id = Some(CowStr::from(h.id.clone()));
                    }
                    out.toc.push(h);
                }
                events.push(Event::End(TagEnd::Heading(l)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = match check_url(&dest_url, at, origin, resolver, &mut out) {
                    Some(u) => CowStr::from(u),
                    None => CowStr::from("#"),
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = match check_url(&dest_url, at, origin, resolver, &mut out) {
                    Some(u) => CowStr::from(u),
                    None => CowStr::from(""),
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::CodeBlock(k)) => {
                in_code_block = true;
                events.push(Event::Start(Tag::CodeBlock(k)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if origin.allow_html {
                    events.push(Event::Html(h));
                } else if let Some(d) = refuse_html(&h, at, origin) {
                    out.diagnostics.push(d);
                }
            }
            Event::Text(t) if t.contains(OPEN) => {
                if in_code_block {
                    events.push(Event::Text(CowStr::from(restore(&t, &codes, body))));
                } else {
                    split_facts(&t, &fact_html, &mut events);
                }
            }
            Event::Code(t) if t.contains(OPEN) => {
                events.push(Event::Code(CowStr::from(restore(&t, &codes, body))));
            }
            other => events.push(other),
        }
    }
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

fn check_url(
    url: &str,
    at: usize,
    origin: &Origin,
    resolver: &dyn Resolver,
    out: &mut Rendered,
) -> Option<String> {
    if is_script_url(url) {
        out.diagnostics.push(origin.diag(
            at,
            format!(
                "script links are not allowed: `{}`",
                url.chars().take(40).collect::<String>()
            ),
            "link to a page (@/path/to/page.md) or a web address (https://…)".into(),
        ));
        return None;
    }
    let Some(target) = url.strip_prefix("@/") else {
        return Some(url.to_string());
    };
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    match resolver.link(path, anchor) {
        Ok((resolved, page)) => {
            if let Some(p) = page {
                out.links.push(p);
            }
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                out.anchored.push(AnchoredLink {
                    target: path.to_string(),
                    anchor: a.to_string(),
                    at,
                });
            }
            Some(resolved)
        }
        Err((msg, hint)) => {
            out.diagnostics.push(origin.diag(at, msg, hint));
            None
        }
    }
}

fn placeholder_number(s: &str) -> Option<(usize, usize)> {
    // s starts right after OPEN; returns (number, bytes consumed incl. CLOSE)
    let end = s.find(CLOSE)?;
    let n = s[..end].parse().ok()?;
    Some((n, end + CLOSE.len_utf8()))
}

fn split_facts<'a>(t: &str, facts: &[Option<String>], events: &mut Vec<Event<'a>>) {
    let mut rest = t;
    while let Some(i) = rest.find(OPEN) {
        if i > 0 {
            events.push(Event::Text(CowStr::from(rest[..i].to_string())));
        }
        let after = &rest[i + OPEN.len_utf8()..];
        match placeholder_number(after) {
            Some((n, used)) => {
                if let Some(Some(html)) = facts.get(n) {
                    events.push(Event::InlineHtml(CowStr::from(html.clone())));
                }
                rest = &after[used..];
            }
            None => {
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        events.push(Event::Text(CowStr::from(rest.to_string())));
    }
}

fn restore(t: &str, codes: &[Shortcode], original: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len_utf8()..];
        match placeholder_number(after) {
            Some((n, used)) => {
                if let Some(c) = codes.get(n) {
                    out.push_str(&original[c.orig.clone()]);
                }
                rest = &after[used..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Render a short Markdown snippet (a summary, a note) as inline HTML, with
/// the outer `<p>` removed.
pub fn render_inline(text: &str, origin: &Origin, resolver: &dyn Resolver) -> Rendered {
    let mut r = render_with(text, origin, resolver, false);
    let trimmed = r.html.trim();
    if trimmed.starts_with("<p>")
        && trimmed.ends_with("</p>")
        && trimmed.matches("<p>").count() == 1
    {
        r.html = trimmed[3..trimmed.len() - 4].to_string();
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    struct R;
    impl Resolver for R {
        fn link(
            &self,
            target: &str,
            anchor: Option<&str>,
        ) -> Result<(String, Option<usize>), (String, String)> {
            match (target, anchor) {
                ("places/ganja.md", None) => Ok(("/places/ganja/".into(), Some(7))),
                ("places/ganja.md", Some("history")) => {
                    Ok(("/places/ganja/#history".into(), Some(7)))
                }
                _ => Err((format!("no page `{target}`"), "check it".into())),
            }
        }
        fn fact(&self, id: &str, style: FactStyle) -> Result<String, (String, String)> {
            match (id, style) {
                ("pop", FactStyle::News) => Ok("<span class=\"fact\">145,053</span>".into()),
                ("pop", FactStyle::Full) => Ok("<span class=\"fact\">145,053 (full)</span>".into()),
                ("pop", FactStyle::Value) => Ok("<span>145,053</span>".into()),
                _ => Err((format!("no figure `{id}`"), String::new())),
            }
        }
        fn term(&self, id: &str, text: Option<&str>) -> Result<String, (String, String)> {
            match id {
                "loc" => Ok(format!(
                    "<a href=\"/glossary/#loc\">{}</a>",
                    text.unwrap_or("line of contact")
                )),
                _ => Err((format!("unknown term id `{id}`"), String::new())),
            }
        }
    }

    fn go(body: &str) -> Rendered {
        let file = format!("---\ntitle: t\n---\n{body}");
        let origin = Origin {
            file: Path::new("content/p.md"),
            file_text: &file,
            offset: 17,
            allow_html: false,
        };
        let r = render(body, &origin, &R);
        assert_eq!(r.toc, headings(body), "one parse finds the same headings");
        r
    }

    #[test]
    fn unique_stable_heading_ids() {
        let h = headings(
            "# Intro\n## The Ganja strike\n## The Ganja strike\n## Ünïcode — test {#custom}\n",
        );
        let ids: Vec<_> = h.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["intro", "the-ganja-strike", "the-ganja-strike-1", "custom"]
        );
        assert_eq!(
            go("## A\n## A\n").html,
            "<h2 id=\"a\">A</h2>\n<h2 id=\"a-1\">A</h2>\n"
        );
        let h = headings("## A\n## A 1\n## A\n## A\n## A-2 {#a-4}\n## A\n");
        let ids: Vec<_> = h.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-2", "a-3", "a-4", "a-5"]);
    }

    #[test]
    fn resolves_links_and_records_targets() {
        let r =
            go("See [Ganja](@/places/ganja.md) and [its history](@/places/ganja.md#history).\n");
        assert!(r.html.contains("href=\"/places/ganja/\""), "{}", r.html);
        assert!(r.html.contains("href=\"/places/ganja/#history\""));
        assert_eq!(r.links, vec![7, 7]);
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn broken_links_report_line_and_column() {
        let r = go("Intro.\n\nSee [Ganja](@/places/ganj.md).\n");
        let d = &r.diagnostics[0];
        assert_eq!((d.line, d.column), (6, 5));
        assert_eq!(d.message, "no page `places/ganj.md`");
    }

    #[test]
    fn facts_fill_in_and_survive_smart_quotes() {
        let r = go("Population: {{ fact(id=\"pop\") }} in *2015*.\n");
        assert_eq!(
            r.html,
            "<p>Population: <span class=\"fact\">145,053</span> in <em>2015</em>.</p>\n"
        );
        let r = go("A\n\nB {{ fact(id=\"nope\") }}\n");
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (6, 3));
        let r = go("`{{ fact(id=\"pop\") }}`\n");
        assert_eq!(r.html, "<p><code>{{ fact(id=\"pop\") }}</code></p>\n");
        let r = go("{{ figure(id=\"pop\") }}\n");
        assert!(r.diagnostics[0]
            .message
            .contains("unknown function `figure`"));
    }

    #[test]
    fn fact_styles_and_terms_in_markdown() {
        let r = go("A {{ fact(id=\"pop\", style=\"full\") }}; B {{ fact(id='pop',style='value') }}; C {{ fact(style=\"news\", id=\"pop\") }}.\n");
        assert_eq!(
            r.html,
            "<p>A <span class=\"fact\">145,053 (full)</span>; B <span>145,053</span>; C <span class=\"fact\">145,053</span>.</p>\n"
        );
        assert_eq!(r.facts, ["pop", "pop", "pop"]);
        let r = go("x {{ fact(id=\"pop\", style=\"long\") }}\n");
        assert_eq!(r.diagnostics[0].message, "`fact` has no style `long`");
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (4, 3));
        let r = go("x {{ fact(id=\"pop\", colour=\"red\") }}\n");
        assert_eq!(
            r.diagnostics[0].message,
            "`fact` takes the arguments `id` and `style`, not `colour`"
        );
        let r = go("The {{ term(id=\"loc\") }} and {{ term(id=\"loc\", text=\"the line\") }}.\n");
        assert_eq!(
            r.html,
            "<p>The <a href=\"/glossary/#loc\">line of contact</a> and <a href=\"/glossary/#loc\">the line</a>.</p>\n"
        );
        assert!(r.facts.is_empty());
        let r = go("A\n\nB {{ term(id=\"lco\") }}\n");
        assert_eq!(r.diagnostics[0].message, "unknown term id `lco`");
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (6, 3));
        assert_eq!(
            call_of(" fact(id=\"pop\", style=\"value\") "),
            Some(Call::Fact {
                id: "pop".into(),
                style: FactStyle::Value
            })
        );
    }

    #[test]
    fn positions_after_a_fact_are_mapped_back() {
        let r = go("{{ fact(id=\"pop\") }} [x](@/nope.md)\n");
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (4, 22));
    }

    #[test]
    fn positions_between_and_after_many_facts() {
        let line = "{{ fact(id=\"pop\") }} and {{ fact(id=\"pop\") }}\n\n";
        let r = go(&format!(
            "{}a [x](@/nope.md) {{{{ fact(id=\"no\") }}}}\n",
            line.repeat(50)
        ));
        let at: Vec<_> = r.diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(104, 18), (104, 3)]);
    }

    #[test]
    fn refuses_raw_html_and_script_links() {
        let r =
            go("Hi <script>alert(1)</script>\n\n[x](javascript:alert(1)) [y]( JaVa\tScRiPt:x)\n");
        let msgs: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(msgs[0].starts_with("raw HTML is not allowed"), "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("script links are not allowed")),
            "{msgs:?}"
        );
        assert!(!r.html.contains("<script"));
        assert!(!r.html.contains("javascript:"));
        assert!(is_script_url(" JaVa\tScRiPt:x"));
    }

    #[test]
    fn tables_footnotes_strikethrough_smart_punctuation() {
        let r =
            go("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ \"q\" it's\n\nNote[^1].\n\n[^1]: Foot.\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("“q” it’s"));
        assert!(r.html.contains("footnote-definition"));
    }
}
