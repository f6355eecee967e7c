//! The Markdown pipeline: headings, shortcodes, links, raw HTML checks.
#![no_main]
use explainer::markdown::{headings, render, render_inline, Origin, Resolver};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

struct AnyTarget;
impl Resolver for AnyTarget {
    fn link(
        &self,
        target: &str,
        anchor: Option<&str>,
    ) -> Result<(String, Option<usize>), (String, String)> {
        if target.len() % 2 == 0 {
            Ok((format!("/{target}/#{}", anchor.unwrap_or("")), Some(0)))
        } else {
            Err(("no such page".into(), String::new()))
        }
    }
    fn fact(
        &self,
        id: &str,
        _style: explainer::model::facts::FactStyle,
    ) -> Result<String, (String, String)> {
        if id.len() % 2 == 0 {
            Ok("<span class=\"fact\">1</span>".into())
        } else {
            Err(("no such figure".into(), String::new()))
        }
    }
    fn term(&self, id: &str, _text: Option<&str>) -> Result<String, (String, String)> {
        Err((format!("no term {id}"), String::new()))
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let file_text = format!("---\ntitle: t\n---\n{body}");
    let origin = Origin {
        file: Path::new("content/p.md"),
        file_text: &file_text,
        offset: 17,
        allow_html: flags & 1 == 1,
    };
    let heads = headings(body);
    let r = render(body, &origin, &AnyTarget);
    assert_eq!(r.toc, heads, "the render pass finds the same headings");
    for d in &r.diagnostics {
        assert!(d.line >= 4, "a body diagnostic points into the body: {d}");
    }
    let _ = render_inline(body, &origin, &AnyTarget);
});
