//! Charts of claims made over time: one line per claimant, as plain SVG
//! (no script), styled by CSS classes so print and dark mode can restyle it.

use super::facts::FigureView;
use crate::paths;
use std::collections::BTreeMap;

fn day_number(machine: &str) -> f64 {
    let parts: Vec<i32> = machine
        .split(['-', 'T'])
        .take(3)
        .filter_map(|p| p.parse().ok())
        .collect();
    let (y, m, d) = (
        parts[0],
        *parts.get(1).unwrap_or(&1),
        *parts.get(2).unwrap_or(&1),
    );
    match jiff::civil::Date::new(y as i16, m as i8, d as i8) {
        Ok(date) => (y - 1970) as f64 * 365.2425 + date.day_of_year() as f64,
        Err(_) => 0.0,
    }
}

/// A line chart, one series per claimant, as plain SVG (no script). Colours
/// come from CSS classes so that print and dark mode can restyle it.
pub fn chart_svg(topic: &str, figures: &[FigureView]) -> Option<String> {
    if figures.len() < 2 {
        return None;
    }
    let mut series: BTreeMap<&str, Vec<&FigureView>> = BTreeMap::new();
    for f in figures {
        series
            .entry(f.claimed_by.title.as_str())
            .or_default()
            .push(f);
    }
    let xs: Vec<f64> = figures
        .iter()
        .map(|f| day_number(&f.as_of_machine))
        .collect();
    let (x0, x1) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    if x1 <= x0 {
        return None; // all on one day: the table says it better
    }
    let ymax = figures
        .iter()
        .map(|f| f.value_high.unwrap_or(f.value_low))
        .fold(0.0, f64::max);
    let ymax = if ymax <= 0.0 { 1.0 } else { ymax * 1.15 };
    let (w, h, left, right, top, bottom) = (640.0, 300.0, 56.0, 16.0, 16.0, 64.0);
    let px = |x: f64| left + (x - x0) / (x1 - x0) * (w - left - right);
    let py = |y: f64| top + (1.0 - y / ymax) * (h - top - bottom);
    let esc = crate::html::escape;
    let id = paths::slugify(topic);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"chart-{id}-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-{id}-title\">{} over time, one line per claimant; the table beside it gives every value</title>",
        esc(&figures[0].label)
    );
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/><line class=\"axis\" x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{b}\"/>",
        b = h - bottom,
        r = w - right
    ));
    for (label, y) in [
        ("0".to_string(), 0.0),
        (
            super::values::format_number((ymax / 1.15).round()),
            ymax / 1.15,
        ),
    ] {
        svg.push_str(&format!(
            "<text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            py(y) + 4.0,
            label
        ));
    }
    let first = figures
        .iter()
        .min_by(|a, b| a.as_of_machine.cmp(&b.as_of_machine))
        .unwrap_or(&figures[0]);
    let last = figures
        .iter()
        .max_by(|a, b| a.as_of_machine.cmp(&b.as_of_machine))
        .unwrap_or(&figures[0]);
    svg.push_str(&format!(
        "<text class=\"tick\" x=\"{left}\" y=\"{:.1}\">{}</text><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        h - bottom + 16.0,
        esc(&first.as_of),
        w - right,
        h - bottom + 16.0,
        esc(&last.as_of)
    ));
    for (i, (claimant, points)) in series.iter().enumerate() {
        let class = format!("series-{}", i % 6);
        let coords: Vec<String> = points
            .iter()
            .map(|f| {
                format!(
                    "{:.1},{:.1}",
                    px(day_number(&f.as_of_machine)),
                    py(f.value_low)
                )
            })
            .collect();
        if coords.len() > 1 {
            svg.push_str(&format!(
                "<polyline class=\"{class}\" fill=\"none\" points=\"{}\"/>",
                coords.join(" ")
            ));
        }
        for f in points {
            let (x, y) = (px(day_number(&f.as_of_machine)), py(f.value_low));
            // Labels at the edges grow inwards so they are never cut off.
            let anchor = if x > w - right - 60.0 {
                "end"
            } else if x < left + 60.0 {
                "start"
            } else {
                "middle"
            };
            svg.push_str(&format!(
                "<circle class=\"{class}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" data-date=\"{}\" data-value=\"{}\"/><text class=\"value\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                f.as_of_machine,
                f.value_low,
                y - 8.0,
                esc(&f.value_said)
            ));
        }
        let lx = left + (i as f64) * 190.0;
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{lx}\" y=\"{:.1}\" width=\"12\" height=\"12\"/><text class=\"legend\" x=\"{}\" y=\"{:.1}\">{}</text>",
            h - 30.0,
            lx + 18.0,
            h - 20.0,
            esc(claimant)
        ));
    }
    svg.push_str("</svg>");
    Some(svg)
}
