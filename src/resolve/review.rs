//! Review dates: when each figure is due to be checked again (its own
//! `review_by`, else its `checked:` day plus its sheet's `review_every`,
//! else its sheet's `review_by`), and the list of everything past its
//! review date on the build's "today" ([`stale`]), oldest first, as notes
//! with file:line:column. Publishing is never blocked by the calendar:
//! nothing here is an error.

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::files::{FactSheetFile, Figure, TimelineFile};
use crate::load::{PageInput, Parsed};
use crate::model::review::{Day, ReviewView};

/// When a figure is due, and which key of its sheet says so.
enum Due {
    On(Day, String),
    /// `review_every` applies but no `checked:` day is recorded.
    NeverChecked,
}

fn figure_due(sheet: &Parsed<FactSheetFile>, i: usize, f: &Figure) -> Option<Due> {
    if let Some(d) = f.review_by {
        return Some(Due::On(d, format!("figures.{i}.review_by")));
    }
    if let Some(every) = sheet.data.review_every {
        return Some(match f.checked.and_then(|c| c.plus(every)) {
            Some(d) => Due::On(d, format!("figures.{i}.checked")),
            None => Due::NeverChecked,
        });
    }
    sheet
        .data
        .review_by
        .map(|d| Due::On(d, "review_by".to_string()))
}

/// What readers and exports see of a figure's review; `None` when the
/// figure has no review date and no `checked:` day. Without a "today",
/// nothing is overdue.
pub fn figure_review(
    sheet: &Parsed<FactSheetFile>,
    i: usize,
    f: &Figure,
    today: Option<Day>,
) -> Option<ReviewView> {
    let due = figure_due(sheet, i, f);
    if due.is_none() && f.checked.is_none() {
        return None;
    }
    let (due_day, overdue) = match due {
        Some(Due::On(d, _)) => (Some(d), today.is_some_and(|t| t > d)),
        Some(Due::NeverChecked) => (None, today.is_some()),
        None => (None, false),
    };
    Some(ReviewView {
        due: due_day.map(|d| d.display()),
        due_machine: due_day.map(|d| d.machine()),
        checked: f.checked.map(|d| d.display()),
        checked_machine: f.checked.map(|d| d.machine()),
        overdue,
    })
}

/// One stale item: when it was due (`None`: never checked), and the note.
struct Stale {
    due: Option<Day>,
    note: Diagnostic,
}

/// The note for one stale item; `key` is the field that set its date.
fn note(
    file: &crate::load::TextFile,
    pos: Pos,
    what: String,
    due: Option<Day>,
    key: &str,
) -> Stale {
    let when = match due {
        Some(d) => format!("was due for review on {}", d.display()),
        None => "has never been checked (its sheet sets `review_every`)".to_string(),
    };
    let hint = if due.is_none() {
        "check it against its sources, then add `checked: YYYY-MM-DD` with the day you checked"
    } else if key.ends_with("checked") {
        "check it against its sources, then set `checked:` to the day you checked"
    } else {
        "check it against its sources, then move `review_by` to the next day it is due"
    };
    Stale {
        due,
        note: Diagnostic::note(format!("{what} {when}"))
            .in_file(&file.rel)
            .at_pos(pos)
            .with_source(&file.text)
            .hint(hint),
    }
}

/// Everything past its review date on `today`, oldest first (never
/// checked first of all), then by file and line.
pub fn stale(
    pages: &[&PageInput],
    sheets: &[Parsed<FactSheetFile>],
    timelines: &[Parsed<TimelineFile>],
    today: Option<Day>,
) -> Vec<Diagnostic> {
    let Some(today) = today else {
        return Vec::new();
    };
    let past = |d: Day| today > d;
    let mut out = Vec::new();
    for p in pages {
        if let Some(d) = p.front.review_by.filter(|d| past(*d)) {
            let pos = p.front_index.get("review_by");
            let what = format!("page `{}`", p.content_path);
            out.push(note(&p.file, pos, what, Some(d), "review_by"));
        }
    }
    for s in sheets {
        if let Some(d) = s.data.review_by.filter(|d| past(*d)) {
            let what = format!("fact sheet `{}`", s.name());
            out.push(note(
                &s.file,
                s.index.get("review_by"),
                what,
                Some(d),
                "review_by",
            ));
        }
        for (i, f) in s.data.figures.iter().enumerate() {
            let what = format!("figure `{}`", f.id);
            match figure_due(s, i, f) {
                Some(Due::On(d, key)) if past(d) && key != "review_by" => {
                    out.push(note(&s.file, s.index.get(&key), what, Some(d), &key));
                }
                Some(Due::NeverChecked) => {
                    let pos = s.index.get(&format!("figures.{i}"));
                    out.push(note(&s.file, pos, what, None, ""));
                }
                _ => {}
            }
        }
    }
    for t in timelines {
        for (j, e) in t.data.events.iter().enumerate() {
            if let Some(d) = e.review_by.filter(|d| past(*d)) {
                let pos = t.index.get(&format!("events.{j}.review_by"));
                let what = format!("event `{}`", e.id);
                out.push(note(&t.file, pos, what, Some(d), "review_by"));
            }
        }
    }
    out.sort_by(|a, b| (a.due, &a.note.file, a.note.line).cmp(&(b.due, &b.note.file, b.note.line)));
    out.into_iter().map(|s| s.note).collect()
}
