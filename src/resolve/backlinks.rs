//! What points back at a page: the pages that link to it ("Mentioned in"),
//! the events that name it ("On the timeline"), and, on an actor's page,
//! the figures it claims.

use super::bodies::Body;
use super::pages::PageEntry;
use crate::model::facts::{FigureView, Ref};
use crate::model::timeline::TimelineView;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// An event as listed on a place, actor or page: "On the timeline".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRef {
    pub id: String,
    pub title: String,
    pub date: String,
    pub date_machine: String,
    pub url: String,
}

/// Everything that points back at one page.
#[derive(Default)]
pub struct PointingBack {
    pub backlinks: Vec<Ref>,
    pub events: Vec<EventRef>,
    pub figures: Vec<FigureView>,
}

/// Step: backlinks, "on the timeline" and actors' figures. Needs: `bodies`
/// (the links between pages) and `timeline` (the pages each event names).
/// Returns one entry per page, in the pages' order.
pub fn pointing_back(
    pages: &[PageEntry],
    bodies: &[Body],
    timeline: &TimelineView,
    figures: &BTreeMap<String, FigureView>,
    actors: &BTreeMap<String, usize>,
) -> Vec<PointingBack> {
    let mut out: Vec<PointingBack> = pages.iter().map(|_| PointingBack::default()).collect();
    // Sorted by the linking page's title, case-insensitively.
    let mut linked_from: Vec<BTreeSet<(String, usize)>> = vec![BTreeSet::new(); pages.len()];
    for (i, body) in bodies.iter().enumerate() {
        let title = pages[i].input.front.title.to_lowercase();
        for &t in &body.links_to {
            linked_from[t].insert((title.clone(), i));
        }
    }
    for (i, set) in linked_from.into_iter().enumerate() {
        out[i].backlinks = set.into_iter().map(|(_, j)| pages[j].as_ref()).collect();
    }
    for ev in &timeline.events {
        for &p in &ev.page_idx {
            if let Some(back) = out.get_mut(p) {
                back.events.push(EventRef {
                    id: ev.id.clone(),
                    title: ev.title.clone(),
                    date: ev.date.clone(),
                    date_machine: ev.date_machine.clone(),
                    url: ev.url.clone(),
                });
            }
        }
    }
    for f in figures.values() {
        if let Some(&a) = actors.get(&f.claimed_by.id) {
            out[a].figures.push(f.clone());
        }
    }
    out
}
