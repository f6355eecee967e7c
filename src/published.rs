//! What an earlier build published that this one must not drop silently:
//! its corrections. `build` reads `corrections.json` from the output folder
//! before replacing it ([`read_previous`]); the preview compares with its
//! last good build. A correction that was published and is now gone (its
//! item, day and kind no longer found) is a warning naming it
//! ([`missing`]). Taking a correction back is done by keeping it with
//! `withdrawn: <why>`, which keeps it listed.

use crate::diagnostic::Diagnostic;
use crate::model::changes::CorrectionView;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The export's file name in the output folder.
pub const CORRECTIONS_FILE: &str = "corrections.json";

/// A correction as `corrections.json` has it (the fields this reads).
#[derive(Debug, Clone, Deserialize)]
pub struct Published {
    pub kind: String,
    pub of: String,
    pub title: String,
    pub date: String,
    pub text: String,
}

#[derive(Deserialize)]
struct File {
    corrections: Vec<Published>,
}

/// The corrections of the build in `output`, if it has a readable
/// `corrections.json` (none for a first build, or an older generator).
pub fn read_previous(output: &Path) -> Vec<Published> {
    std::fs::read(output.join(CORRECTIONS_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<File>(&b).ok())
        .map(|f| f.corrections)
        .unwrap_or_default()
}

/// The same, from the corrections of a build kept in memory (the preview).
pub fn from_views(views: &[CorrectionView]) -> Vec<Published> {
    views
        .iter()
        .map(|c| Published {
            kind: c.kind.clone(),
            of: c.of.clone(),
            title: c.title.clone(),
            date: c.date_machine.clone(),
            text: c.text.clone(),
        })
        .collect()
}

/// A warning for each correction in `previous` that `now` no longer has:
/// counted by kind, item and day, so one of two corrections of a day
/// going is found too.
pub fn missing(previous: &[Published], now: &[CorrectionView]) -> Vec<Diagnostic> {
    let mut left: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for c in now {
        *left.entry((&c.kind, &c.of, &c.date_machine)).or_default() += 1;
    }
    let mut out = Vec::new();
    for p in previous {
        match left.get_mut(&(p.kind.as_str(), p.of.as_str(), p.date.as_str())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(warning(p)),
        }
    }
    out
}

fn warning(p: &Published) -> Diagnostic {
    let place = match p.kind.as_str() {
        "page" => format!("the front matter of content/{}", p.of),
        kind => format!("{kind} `{}`", p.of),
    };
    Diagnostic::warning(format!(
        "the correction of {} `{}` dated {} was published by the last build and is gone: \"{}\"",
        p.kind, p.title, p.date, p.text
    ))
    .hint(format!(
        "corrections are never removed: put it back under `corrections:` in {place} (date: {}), or, to take it back, keep it and add `withdrawn: <why>`; it then stays on /corrections/, marked withdrawn",
        p.date
    ))
}
