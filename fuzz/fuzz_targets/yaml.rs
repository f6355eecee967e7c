//! Every YAML document kind the generator reads; the first byte picks one.
#![no_main]
use explainer::config::SiteConfig;
use explainer::formats::{ErasFile, FactSheetFile, Source, TimelineFile};
use explainer::page::FrontMatter;
use explainer::yaml::parse;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let file = Path::new("content/x.yaml");
    match kind % 6 {
        0 => drop(parse::<FactSheetFile>(text, file, 1, text)),
        1 => drop(parse::<TimelineFile>(text, file, 1, text)),
        2 => drop(parse::<Vec<Source>>(text, file, 1, text)),
        3 => drop(parse::<ErasFile>(text, file, 1, text)),
        4 => drop(parse::<FrontMatter>(text, file, 2, text)),
        _ => drop(parse::<SiteConfig>(text, file, 1, text)),
    }
});
