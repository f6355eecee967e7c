//! Front matter splitting, then the page's YAML, as `load` does it.
#![no_main]
use explainer::frontmatter::split;
use explainer::page::FrontMatter;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    if let Ok(s) = split(text) {
        assert!(s.body_offset <= text.len());
        assert_eq!(&text[s.body_offset..], s.body);
        let _ = explainer::yaml::parse::<FrontMatter>(
            s.yaml,
            Path::new("content/p.md"),
            s.yaml_first_line,
            text,
        );
    }
});
