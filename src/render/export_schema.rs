//! The JSON Schemas (draft 2020-12) of the downloads readers reuse: a fact
//! sheet's `/facts/<sheet>.json` and `/corrections.json`. Written by hand
//! beside the serialisers in `exports`, whose field lists they follow; the
//! tests validate every export of the fixture sites and the bundled site
//! against them, so the two cannot drift apart unnoticed. `explainer
//! schema` writes them to schemas/ with the editors' schemas.

use serde_json::{json, Value};

fn string() -> Value {
    json!({ "type": "string" })
}

fn nullable_string() -> Value {
    json!({ "type": ["string", "null"] })
}

/// `YYYY-MM-DD`
fn day() -> Value {
    json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
}

/// EDTF as the editor wrote it: `2020`, `2020-10`, `2020-10-18`, `1921~`.
fn edtf() -> Value {
    json!({ "type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}Z)?)?)?[~?%]?$" })
}

/// A number, or a range written `26-32`.
fn value() -> Value {
    json!({ "anyOf": [
        { "type": "number", "minimum": 0 },
        { "type": "string", "pattern": "^[0-9.]+-[0-9.]+$" }
    ] })
}

fn qualifier() -> Value {
    json!({ "enum": ["exactly", "about", "nearly", "at least", "more than", "up to"] })
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": false,
    })
}

/// A source as an item cites it. Open to more fields: sources gain
/// details (`accessed`, `archived_url`) without breaking readers.
fn citation() -> Value {
    json!({
        "type": "object",
        "required": ["id", "outlet", "title", "url", "entry_permalink"],
        "properties": {
            "n": { "type": "integer", "minimum": 1 },
            "id": string(),
            "outlet": string(),
            "title": string(),
            "url": { "type": "string", "description": "The source's entry on /sources/, site-relative." },
            "source_url": { "type": ["string", "null"], "description": "The source's own address, when known." },
            "entry_permalink": { "type": "string", "description": "The source's entry on /sources/, absolute." },
            "accessed": { "type": ["string", "null"], "description": "Optional: the day the editor last read the source (EDTF)." },
            "archived_url": { "type": ["string", "null"], "description": "Optional: an archive's snapshot of the source." }
        }
    })
}

fn review() -> Value {
    json!({
        "description": "When the figure is due to be checked again, when it last was, and whether it is overdue on the build's day; null when neither is recorded.",
        "anyOf": [
            { "type": "null" },
            object(&["due", "due_machine", "checked", "checked_machine", "overdue"], json!({
                "due": nullable_string(),
                "due_machine": { "anyOf": [day(), { "type": "null" }] },
                "checked": nullable_string(),
                "checked_machine": { "anyOf": [day(), { "type": "null" }] },
                "overdue": { "type": "boolean" }
            }))
        ]
    })
}

fn change() -> Value {
    object(
        &["date", "reason", "fields", "was", "url"],
        json!({
            "date": day(),
            "reason": string(),
            "fields": { "type": "array", "items": { "enum": ["value", "qualifier", "as_of", "claimed_by"] }, "minItems": 1 },
            "was": object(&["value", "qualifier", "as_of", "claimed_by", "said"], json!({
                "value": value(),
                "qualifier": qualifier(),
                "as_of": edtf(),
                "claimed_by": { "type": "string", "description": "An actor id." },
                "said": string()
            })),
            "url": string()
        }),
    )
}

/// One correction, as both exports give it.
pub fn correction() -> Value {
    object(
        &[
            "kind",
            "of",
            "title",
            "date",
            "text",
            "wrong",
            "withdrawn",
            "url",
        ],
        json!({
            "kind": { "enum": ["page", "figure", "event"] },
            "of": { "type": "string", "description": "A page's file under content/, or a figure's or an event's id." },
            "title": string(),
            "date": day(),
            "text": string(),
            "wrong": nullable_string(),
            "withdrawn": { "type": ["string", "null"], "description": "Why the correction was taken back; it stays listed." },
            "url": { "type": "string", "description": "The correction where it was made, absolute." }
        }),
    )
}

fn figure() -> Value {
    object(
        &[
            "id",
            "label",
            "value",
            "qualifier",
            "unit",
            "as_of",
            "claimed_by",
            "sources",
            "said",
            "claimed_by_name",
            "url",
            "source_details",
            "review",
            "history",
            "corrections",
        ],
        json!({
            "id": string(),
            "label": string(),
            "value": value(),
            "qualifier": qualifier(),
            "unit": string(),
            "as_of": edtf(),
            "claimed_by": { "type": "string", "description": "The claimant: an actor id." },
            "sources": { "type": "array", "items": string() },
            "topic": nullable_string(),
            "note": nullable_string(),
            "timeline": { "type": "boolean" },
            "said": string(),
            "claimed_by_name": string(),
            "url": string(),
            "source_details": { "type": "array", "items": citation() },
            "review": review(),
            "history": { "type": "array", "items": change(), "description": "What the figure was before each change, newest first." },
            "corrections": { "type": "array", "items": correction() }
        }),
    )
}

fn ceasefire() -> Value {
    object(
        &["id", "name", "agreed", "sources", "url", "source_details"],
        json!({
            "id": string(),
            "name": string(),
            "agreed": edtf(),
            "in_force": { "anyOf": [edtf(), { "type": "null" }] },
            "ended": { "anyOf": [edtf(), { "type": "null" }] },
            "brokered_by": { "type": "array", "items": string() },
            "parties": { "type": "array", "items": string() },
            "sources": { "type": "array", "items": string() },
            "summary": string(),
            "note": nullable_string(),
            "url": string(),
            "source_details": { "type": "array", "items": citation() }
        }),
    )
}

/// `/facts/<sheet>.json`.
pub fn sheet() -> Value {
    let mut s = object(
        &["title", "summary", "url", "figures", "ceasefires"],
        json!({
            "title": string(),
            "summary": string(),
            "url": string(),
            "figures": { "type": "array", "items": figure() },
            "ceasefires": { "type": "array", "items": ceasefire() }
        }),
    );
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
    s["title"] = "A fact sheet's JSON download (/facts/<sheet>.json)".into();
    s
}

/// `/corrections.json`.
pub fn corrections() -> Value {
    let mut s = object(
        &["corrections"],
        json!({ "corrections": { "type": "array", "items": correction(), "description": "Newest first." } }),
    );
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
    s["title"] = "Every correction of the site (/corrections.json)".into();
    s
}
