//! A figure's `history:`: each entry checked (oldest first; each one says
//! what the figure was, and that differs from what it became; claimants
//! known) and turned into the [`ChangeView`]s readers see, newest first.
//!
//! An entry gives only the fields that changed; a field left out was the
//! same before the change as after it. So the figure before entry `j` is
//! the figure after it (entry `j + 1`'s "before", or the figure as it is
//! now for the last entry) with entry `j`'s fields put in.

use super::facts::say;
use super::ids::Refs;
use crate::diagnostic::{error_at, Diagnostics};
use crate::load::files::{FactSheetFile, Figure, HistoryEntry};
use crate::load::Parsed;
use crate::model::changes::ChangeView;
use crate::model::facts::Ref;
use crate::model::values::FigureValue;

/// What a change can change.
#[derive(Clone, PartialEq)]
struct State {
    value: FigureValue,
    qualifier: crate::model::values::Qualifier,
    as_of: crate::model::dates::PartialDate,
    claimed_by: String,
}

impl State {
    fn of(f: &Figure) -> State {
        State {
            value: f.value,
            qualifier: f.qualifier,
            as_of: f.as_of,
            claimed_by: f.claimed_by.clone(),
        }
    }

    /// This state with what `e` says the figure was.
    fn before(&self, e: &HistoryEntry) -> State {
        State {
            value: e.value.unwrap_or(self.value),
            qualifier: e.qualifier.unwrap_or(self.qualifier),
            as_of: e.as_of.unwrap_or(self.as_of),
            claimed_by: e.claimed_by.clone().unwrap_or(self.claimed_by.clone()),
        }
    }

    /// The figure `f` as it read in this state.
    fn said(&self, f: &Figure) -> String {
        let mut g = f.clone();
        g.value = self.value;
        g.qualifier = self.qualifier;
        g.as_of = self.as_of;
        say(&g).0
    }
}

/// Where a figure's history entries are, and how to report on them.
struct At<'a> {
    sheet: &'a Parsed<FactSheetFile>,
    i: usize,
}

impl At<'_> {
    fn pos(&self, j: usize, key: &str) -> crate::diagnostic::Pos {
        let i = self.i;
        self.sheet
            .index
            .get(&format!("figures.{i}.history.{j}{key}"))
    }

    fn error(&self, diags: &mut Diagnostics, j: usize, key: &str, msg: String, hint: &str) {
        let file = &self.sheet.file;
        diags.push(error_at(&file.rel, &file.text, self.pos(j, key), msg, hint));
    }
}

/// The figure's changes, newest first, checked; `url` is its row.
pub fn changes(
    sheet: &Parsed<FactSheetFile>,
    i: usize,
    f: &Figure,
    url: &str,
    refs: &Refs,
    diags: &mut Diagnostics,
) -> Vec<ChangeView> {
    let at = At { sheet, i };
    check_order(&at, f, diags);
    let mut after = State::of(f);
    let mut out = Vec::new();
    for (j, e) in f.history.iter().enumerate().rev() {
        let before = after.before(e);
        if before == after {
            check_says_something(&at, f, j, &after, diags);
        }
        // A claimant is reported where an entry names it; one taken from
        // the figure or a later entry was checked there.
        let mut elsewhere = Diagnostics::new();
        let report = if e.claimed_by.is_some() {
            &mut *diags
        } else {
            &mut elsewhere
        };
        let pos = at.pos(j, ".claimed_by");
        let claimant = refs.actor(&before.claimed_by, "claimed_by", &sheet.file, pos, report);
        let mut c = change(f, j, e, &before, &after, claimant, url);
        c.sheet = sheet.name();
        out.push(c);
        after = before;
    }
    out
}

/// Entries oldest first: each dated no earlier than the one above it.
fn check_order(at: &At, f: &Figure, diags: &mut Diagnostics) {
    for (j, pair) in f.history.windows(2).enumerate() {
        if pair[1].date < pair[0].date {
            let msg = format!(
                "history of figure `{}` is out of order: entry {} ({}) is dated before entry {} ({})",
                f.id,
                j + 2,
                pair[1].date,
                j + 1,
                pair[0].date
            );
            let hint = "list history entries oldest first, adding each new change at the bottom";
            at.error(diags, j + 1, ".date", msg, hint);
        }
    }
}

/// Entry `j` changed nothing: it gives no field, or only the values the
/// figure had after the change (`after`).
fn check_says_something(at: &At, f: &Figure, j: usize, after: &State, diags: &mut Diagnostics) {
    let e = &f.history[j];
    let empty =
        e.value.is_none() && e.qualifier.is_none() && e.as_of.is_none() && e.claimed_by.is_none();
    let msg = if empty {
        format!(
            "history entry {} of figure `{}` does not say what the figure was before",
            j + 1,
            f.id
        )
    } else {
        format!(
            "history entry {} of figure `{}` is identical to what it changed into ({}, as of {}, claimed by `{}`)",
            j + 1,
            f.id,
            after.said(f),
            after.as_of.display(),
            after.claimed_by
        )
    };
    let hint = "give the `value`, `qualifier`, `as_of` or `claimed_by` the figure had before this change, or remove the entry";
    at.error(diags, j, "", msg, hint);
}

fn change(
    f: &Figure,
    j: usize,
    e: &HistoryEntry,
    before: &State,
    after: &State,
    claimant: Ref,
    url: &str,
) -> ChangeView {
    let mut fields = Vec::new();
    let mut was = Vec::new();
    if before.value != after.value || before.qualifier != after.qualifier {
        was.push(format!("was {}", before.said(f)));
    }
    for (name, changed) in [
        ("value", before.value != after.value),
        ("qualifier", before.qualifier != after.qualifier),
        ("as_of", before.as_of != after.as_of),
        ("claimed_by", before.claimed_by != after.claimed_by),
    ] {
        if changed {
            fields.push(name.to_string());
        }
    }
    if before.as_of != after.as_of {
        was.push(format!("as-of date was {}", before.as_of.display()));
    }
    if before.claimed_by != after.claimed_by {
        was.push(format!("claimed by {}", claimant.title));
    }
    let anchor = format!("{}-change-{}", f.id, j + 1);
    let row = url.split('#').next().unwrap_or(url);
    ChangeView {
        figure: f.id.clone(),
        label: f.label.clone(),
        sheet: String::new(),
        url: format!("{row}#{anchor}"),
        anchor,
        date: e.date.display(),
        date_machine: e.date.machine(),
        reason: e.reason.trim().to_string(),
        was: was.join("; "),
        was_said: before.said(f),
        now_said: after.said(f),
        fields,
        was_value: before.value,
        was_qualifier: super::facts::qualifier_name(before.qualifier).to_string(),
        was_as_of: before.as_of.display(),
        was_as_of_edtf: before.as_of.edtf(),
        was_claimed_by: claimant,
    }
}
