//! The one message for an id that names nothing: `unknown source id `x``,
//! with the closest known id as the hint (and, for a source, its outlet,
//! title and date, so that an editor can tell whether it is the one meant),
//! or where to create one. Used by the resolver (`resolve::ids`) and by
//! `explainer new`.

use super::closest;

/// What an id names, for [`unknown_id`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Source,
    Actor,
    Place,
    Page,
    Figure,
    /// A glossary term, named by `term(id=…)`.
    Term,
}

impl IdKind {
    fn noun(self) -> &'static str {
        match self {
            IdKind::Source => "source",
            IdKind::Actor => "actor",
            IdKind::Place => "place",
            IdKind::Page => "page",
            IdKind::Figure => "figure",
            IdKind::Term => "term",
        }
    }

    /// The thing itself, for "the same article".
    fn noun_long(self) -> &'static str {
        match self {
            IdKind::Source => "article or document",
            other => other.noun(),
        }
    }

    /// Where ids of this kind come from, said after "did you mean".
    fn defined_in(self) -> &'static str {
        match self {
            IdKind::Source => "Sources are listed in content/sources.yaml",
            IdKind::Actor => "actor ids are file names in content/actors/",
            IdKind::Place => "place ids are file names in content/places/",
            IdKind::Page => "page ids are file names in content/",
            IdKind::Figure => "Figures are defined in content/facts/*.yaml",
            IdKind::Term => "Terms are defined in content/glossary.yaml",
        }
    }

    /// What to do when no known id is close.
    fn create(self, id: &str) -> String {
        match self {
            IdKind::Source => "add the source to content/sources.yaml".into(),
            IdKind::Actor => format!("create content/actors/{id}.md, or fix the id"),
            IdKind::Place => format!("create content/places/{id}.md, or fix the id"),
            IdKind::Page => {
                "name the page by its path under content/, e.g. background/war-2020.md".into()
            }
            IdKind::Figure => "figures are defined in content/facts/*.yaml".into(),
            IdKind::Term => {
                format!("add the term `{id}` to content/glossary.yaml, or fix the id")
            }
        }
    }
}

/// The one message for an id that names nothing: `unknown source id `x``
/// (`in claimed_by` when `field` is given), with the closest known id as
/// the hint, or where to create one.
pub fn unknown_id<'a>(
    kind: IdKind,
    id: &str,
    field: Option<&str>,
    known: impl IntoIterator<Item = &'a str>,
) -> (String, String) {
    unknown_id_described(kind, id, field, known, &|_| None)
}

/// [`unknown_id`], with `describe` saying what a suggested id stands for
/// (a source's outlet, title and date), so that the editor can tell
/// whether it is the one meant or only looks like it.
pub fn unknown_id_described<'a>(
    kind: IdKind,
    id: &str,
    field: Option<&str>,
    known: impl IntoIterator<Item = &'a str>,
    describe: &dyn Fn(&str) -> Option<String>,
) -> (String, String) {
    let message = match field {
        Some(f) => format!("unknown {} id `{id}` in {f}", kind.noun()),
        None => format!("unknown {} id `{id}`", kind.noun()),
    };
    let hint = match closest(id, known) {
        Some(c) => match describe(c) {
            Some(what) => format!(
                "did you mean `{c}` ({what})? Use it only if that is the same {}; otherwise {}",
                kind.noun_long(),
                kind.create(id)
            ),
            None => format!("did you mean `{c}`? {}", kind.defined_in()),
        },
        None => kind.create(id),
    };
    (message, hint)
}

/// A source as a "did you mean" names it: outlet, title and date.
pub fn source_summary(outlet: &str, title: &str, date: Option<&str>) -> String {
    match date {
        Some(date) => format!("{outlet}, \"{title}\", {date}"),
        None => format!("{outlet}, \"{title}\""),
    }
}
