//! Corrections of pages, figures and events: each one as readers see it
//! where it was made ([`views`]) and all of them, newest first, for
//! `/corrections/`, the feed and `corrections.json` ([`all`]).

use crate::load::files::Correction;
use crate::model::changes::CorrectionView;
use crate::model::facts::FigureView;
use crate::model::timeline::EventView;

/// What a list of corrections belongs to.
pub struct Owner<'a> {
    /// `page`, `figure` or `event`.
    pub kind: &'a str,
    /// A page's file under content/, or a figure's or an event's id.
    pub of: &'a str,
    pub title: &'a str,
    /// The item's own URL and permalink (a `#fragment` is replaced by the
    /// correction's anchor).
    pub url: &'a str,
    pub permalink: &'a str,
    /// Prefix of each correction's anchor: `` for a page, `<id>-` else.
    pub anchor_prefix: String,
}

/// Each correction of one item, in the order the editor wrote them;
/// anchors `<prefix>correction-<day>` (`-2`, `-3` for more on one day).
pub fn views(list: &[Correction], owner: &Owner) -> Vec<CorrectionView> {
    let mut seen: Vec<String> = Vec::new();
    list.iter()
        .map(|c| {
            let day = c.date.machine();
            let n = seen.iter().filter(|d| **d == day).count();
            seen.push(day.clone());
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{}", n + 1)
            };
            let anchor = format!("{}correction-{day}{suffix}", owner.anchor_prefix);
            let at = |u: &str| format!("{}#{anchor}", u.split('#').next().unwrap_or(u));
            CorrectionView {
                kind: owner.kind.to_string(),
                of: owner.of.to_string(),
                title: owner.title.to_string(),
                url: at(owner.url),
                permalink: at(owner.permalink),
                anchor: anchor.clone(),
                date: c.date.display(),
                date_machine: day,
                text: c.text.trim().to_string(),
                wrong: c.wrong.as_ref().map(|w| w.trim().to_string()),
                withdrawn: c.withdrawn.as_ref().map(|w| w.trim().to_string()),
            }
        })
        .collect()
}

/// Every correction of the site, newest first (then by what it corrects).
pub fn all(
    pages: &[crate::resolve::Page],
    figures: &std::collections::BTreeMap<String, FigureView>,
    events: &[EventView],
) -> Vec<CorrectionView> {
    let mut out: Vec<CorrectionView> = pages
        .iter()
        .flat_map(|p| p.corrections.iter().cloned())
        .chain(figures.values().flat_map(|f| f.corrections.iter().cloned()))
        .chain(events.iter().flat_map(|e| e.corrections.iter().cloned()))
        .collect();
    out.sort_by(|a, b| {
        (&b.date_machine, &a.kind, &a.of, &a.anchor).cmp(&(
            &a.date_machine,
            &b.kind,
            &b.of,
            &b.anchor,
        ))
    });
    out
}
