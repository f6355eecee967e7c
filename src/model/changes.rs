//! What readers see of an item's past: each change to a figure (what it
//! was, when it changed, why) and each correction of a page, figure or
//! event. Display types only: built in `resolve::history` and
//! `resolve::corrections`.

use super::facts::Ref;
use super::values::FigureValue;
use serde::Serialize;

/// One change to a figure, from its `history:`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeView {
    /// The figure's id, label, sheet and row.
    pub figure: String,
    pub label: String,
    pub sheet: String,
    pub url: String,
    /// The change's own anchor on the sheet: `<figure>-change-<n>`, `n`
    /// counting the figure's history from 1, oldest first.
    pub anchor: String,
    /// The day it changed: as shown, and `YYYY-MM-DD`.
    pub date: String,
    pub date_machine: String,
    pub reason: String,
    /// What it was before, in a few words: "was nearly 600 military
    /// deaths; as-of date was 15 October 2020".
    pub was: String,
    /// The figure as it read before ("nearly 600 military deaths") and
    /// after ("nearly 700 military deaths") the change.
    pub was_said: String,
    pub now_said: String,
    /// The fields that changed: `value`, `qualifier`, `as_of`, `claimed_by`.
    pub fields: Vec<String>,
    /// The figure before the change, field by field, for exports.
    pub was_value: FigureValue,
    pub was_qualifier: String,
    pub was_as_of: String,
    pub was_as_of_edtf: String,
    pub was_claimed_by: Ref,
}

/// One correction, where it was made and on `/corrections/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrectionView {
    /// `page`, `figure` or `event`.
    pub kind: String,
    /// What it corrects: a page's file under content/, a figure's or an
    /// event's id. With `kind` and `date_machine`, what identifies it
    /// from one build to the next.
    pub of: String,
    /// The title of what it corrects, and a link to the correction there.
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub anchor: String,
    pub date: String,
    pub date_machine: String,
    pub text: String,
    pub wrong: Option<String>,
    /// Why it was taken back, when it was.
    pub withdrawn: Option<String>,
}

impl CorrectionView {
    /// What names it across builds: `figure nk-deaths, 2026-03-04`.
    pub fn key(&self) -> String {
        format!("{} {}, {}", self.kind, self.of, self.date_machine)
    }
}
