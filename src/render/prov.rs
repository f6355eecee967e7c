//! `/prov.jsonld`: the provenance of every figure in W3C PROV terms, as
//! JSON-LD. Each figure's current value is a `prov:Entity` (its id is the
//! figure's row on its sheet) that `prov:wasDerivedFrom` its sources (their
//! entries on `/sources/`, each an Entity with its outlet, title and own
//! address) and `prov:wasAttributedTo` its claimant (a `prov:Agent`: the
//! actor's page). Each earlier value from the figure's `history:` is an
//! Entity too (`#<figure>-change-<n>`), `prov:invalidatedAtTime` the day it
//! changed; the value that replaced it `prov:wasRevisionOf` it and was
//! `prov:generatedAtTime` that day. A value whose first day on the site is
//! not recorded has no `generatedAtTime`: nothing here is made up.

use crate::load::config::BaseUrl;
use crate::model::changes::ChangeView;
use crate::model::facts::{Citation, FigureView, Ref};
use crate::resolve::Site;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The `@context` every `prov.jsonld` starts with.
pub fn context() -> Value {
    json!({
        "prov": "http://www.w3.org/ns/prov#",
        "schema": "https://schema.org/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "prov:generatedAtTime": { "@type": "xsd:date" },
        "prov:invalidatedAtTime": { "@type": "xsd:date" },
        "prov:wasDerivedFrom": { "@type": "@id" },
        "prov:wasAttributedTo": { "@type": "@id" },
        "prov:wasRevisionOf": { "@type": "@id" },
        "schema:url": { "@type": "@id" }
    })
}

/// The whole document: figures in sheet order, then their sources and
/// claimants, each once, sorted by id.
pub fn prov_jsonld(site: &Site) -> String {
    let base = &site.base;
    let mut graph = Vec::new();
    let mut sources: BTreeMap<String, Value> = BTreeMap::new();
    let mut agents: BTreeMap<String, Value> = BTreeMap::new();
    let figures = site
        .sheets
        .iter()
        .flat_map(|s| s.groups.iter().flat_map(|g| g.figures.iter()));
    for f in figures {
        for s in &f.sources {
            sources.insert(s.entry_permalink.clone(), source(s));
        }
        let mut claimants = vec![&f.claimed_by];
        claimants.extend(f.history.iter().map(|c| &c.was_claimed_by));
        for c in claimants {
            agents.insert(agent_id(c, base), agent(c, base));
        }
        graph.extend(figure(f, base));
    }
    graph.extend(sources.into_values());
    graph.extend(agents.into_values());
    let doc = json!({ "@context": context(), "@graph": graph });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// An absolute URL for a site-relative one (`/karabakh/actors/x/`).
fn absolute(url: &str, base: &BaseUrl) -> String {
    match url.strip_prefix(&base.path) {
        Some(rest) => base.permalink(rest),
        None => url.to_string(),
    }
}

fn agent_id(r: &Ref, base: &BaseUrl) -> String {
    if r.url.is_empty() {
        base.permalink(&format!("actors/{}/", r.id))
    } else {
        absolute(&r.url, base)
    }
}

fn agent(r: &Ref, base: &BaseUrl) -> Value {
    json!({ "@id": agent_id(r, base), "@type": "prov:Agent", "schema:name": r.title })
}

fn source(s: &Citation) -> Value {
    let mut v = json!({
        "@id": s.entry_permalink,
        "@type": "prov:Entity",
        "schema:publisher": s.outlet,
        "schema:name": s.title,
    });
    if let Some(u) = &s.source_url {
        v["schema:url"] = u.clone().into();
    }
    v
}

/// The figure's current value and each earlier one, newest first.
fn figure(f: &FigureView, base: &BaseUrl) -> Vec<Value> {
    let id = absolute(&f.url, base);
    let derived: Vec<&str> = f
        .sources
        .iter()
        .map(|s| s.entry_permalink.as_str())
        .collect();
    let mut now = json!({
        "@id": id,
        "@type": "prov:Entity",
        "schema:name": f.label,
        "prov:value": f.said,
        "schema:temporalCoverage": f.as_of_edtf,
        "prov:wasDerivedFrom": derived,
        "prov:wasAttributedTo": agent_id(&f.claimed_by, base),
    });
    // `history` is newest first: the newest change made the current value.
    if let Some(newest) = f.history.first() {
        now["prov:wasRevisionOf"] = absolute(&newest.url, base).into();
        now["prov:generatedAtTime"] = newest.date_machine.clone().into();
    }
    let mut out = vec![now];
    for (k, c) in f.history.iter().enumerate() {
        out.push(earlier(f, c, f.history.get(k + 1), base));
    }
    out
}

/// An earlier value: what it was until `c` changed it; `older` is the
/// change that made it, if recorded. History records the four fields that
/// can change, not sources, so an earlier value names none.
fn earlier(f: &FigureView, c: &ChangeView, older: Option<&ChangeView>, base: &BaseUrl) -> Value {
    let mut v = json!({
        "@id": absolute(&c.url, base),
        "@type": "prov:Entity",
        "schema:name": f.label,
        "prov:value": c.was_said,
        "schema:temporalCoverage": c.was_as_of_edtf,
        "prov:wasAttributedTo": agent_id(&c.was_claimed_by, base),
        "prov:invalidatedAtTime": c.date_machine,
        "schema:description": c.reason,
    });
    if let Some(o) = older {
        v["prov:wasRevisionOf"] = absolute(&o.url, base).into();
        v["prov:generatedAtTime"] = o.date_machine.clone().into();
    }
    v
}
