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

/// The chart's width in SVG units. Its text is 16 units high, so on a
/// phone (a chart about 350 px wide) the labels are as large as body text,
/// and larger where the chart is drawn larger.
pub const WIDTH: f64 = 350.0;
/// The size of every label, in SVG units.
pub const FONT: f64 = 16.0;

/// A line chart, one series per claimant, as plain SVG (no script). Colours
/// come from CSS classes so that print and dark mode can restyle it. Each
/// series' latest value is labelled; the table beside it gives every value.
pub fn chart_svg(topic: &str, title: &str, figures: &[FigureView]) -> Option<String> {
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
    let line = FONT * 1.4;
    let (w, left, right, top, plot) = (WIDTH, 8.0, 8.0, FONT * 1.6, 150.0);
    let axis_y = top + plot;
    let legend_y = axis_y + line * 2.2;
    let h = legend_y + line * series.len() as f64;
    let px = |x: f64| left + (x - x0) / (x1 - x0) * (w - left - right);
    let py = |y: f64| top + (1.0 - y / ymax) * plot;
    let esc = crate::html::escape;
    let id = paths::slugify(topic);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h:.0}\" role=\"img\" aria-labelledby=\"chart-{id}-title\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"{FONT}\"><title id=\"chart-{id}-title\">{} over time, one line per claimant; the table below gives every value</title>",
        esc(title)
    );
    svg.push_str(&format!(
        "<line class=\"axis\" x1=\"{left}\" y1=\"{axis_y}\" x2=\"{r}\" y2=\"{axis_y}\"/>",
        r = w - right
    ));
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
        axis_y + line,
        esc(&first.as_of),
        w - right,
        axis_y + line,
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
        for (j, f) in points.iter().enumerate() {
            let (x, y) = (px(day_number(&f.as_of_machine)), py(f.value_low));
            svg.push_str(&format!(
                "<circle class=\"{class}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" data-date=\"{}\" data-value=\"{}\"/>",
                f.as_of_machine, f.value_low,
            ));
            if j + 1 == points.len() {
                // The latest value of each series; labels at the edges grow
                // inwards so they are never cut off.
                let anchor = if x > w * 0.7 {
                    "end"
                } else if x < w * 0.3 {
                    "start"
                } else {
                    "middle"
                };
                svg.push_str(&format!(
                    "<text class=\"value\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                    (y - 8.0).max(FONT),
                    esc(&f.value_said)
                ));
            }
        }
        let ly = legend_y + line * i as f64;
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{left}\" y=\"{:.1}\" width=\"12\" height=\"12\"/><text class=\"legend\" x=\"{}\" y=\"{ly:.1}\">{}</text>",
            ly - 12.0,
            left + 18.0,
            esc(claimant)
        ));
    }
    svg.push_str("</svg>");
    Some(svg)
}
