//! Locator and overview maps, drawn when the site is built as inline SVG:
//! no script, no tiles, nothing fetched. Borders are Natural Earth's admin-0
//! countries (internationally recognised borders only) exactly as Natural
//! Earth draws them, clipped once to the South Caucasus by
//! `src/map/clip.mjs` into `src/map/caucasus.json`; places are marked only
//! where their page gives published coordinates (GeoNames). No de facto line
//! and no outline of the former autonomous oblast is drawn: no dataset a
//! registry package ships has one. Projection: equirectangular, scaled by
//! the cosine of the map's middle latitude, which for a few degrees of
//! latitude needs no crate.

use crate::html::escape;
use serde::Deserialize;
use std::fmt::Write;
use std::sync::OnceLock;

/// The clipped Natural Earth data, as committed.
pub const DATA: &str = include_str!("../map/caucasus.json");

#[derive(Deserialize)]
struct Geo {
    countries: Vec<Country>,
    borders: Vec<Vec<[f64; 2]>>,
    coasts: Vec<Vec<[f64; 2]>>,
}

#[derive(Deserialize)]
struct Country {
    id: String,
    rings: Vec<Vec<[f64; 2]>>,
}

fn geo() -> Option<&'static Geo> {
    static GEO: OnceLock<Option<Geo>> = OnceLock::new();
    GEO.get_or_init(|| serde_json::from_str(DATA).ok()).as_ref()
}

/// A rectangle of the earth, drawn `WIDTH` units wide.
#[derive(Debug, Clone, Copy)]
pub struct Extent {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

/// The South Caucasus: Armenia, Azerbaijan with Nakhchivan, Georgia, and
/// the edges of Iran, Turkey and Russia.
pub const REGION: Extent = Extent {
    west: 42.8,
    south: 37.9,
    east: 50.6,
    north: 43.6,
};

/// Around Nagorno-Karabakh, where the places crowd too close on the
/// region's map to tell apart.
pub const INSET: Extent = Extent {
    west: 46.2,
    south: 39.35,
    east: 47.35,
    north: 40.45,
};

/// The width of every map in SVG units.
pub const WIDTH: f64 = 600.0;
const FONT: f64 = 22.0;

impl Extent {
    fn k(&self) -> f64 {
        ((self.south + self.north) / 2.0).to_radians().cos()
    }
    fn scale(&self) -> f64 {
        WIDTH / ((self.east - self.west) * self.k())
    }
    pub fn height(&self) -> f64 {
        ((self.north - self.south) * self.scale()).round()
    }
    /// Where a point falls on the map, in SVG units from its top left.
    pub fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        let s = self.scale();
        ((lon - self.west) * self.k() * s, (self.north - lat) * s)
    }
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }
}

/// A place to mark.
#[derive(Debug, Clone)]
pub struct Marker {
    pub title: String,
    pub url: String,
    pub lat: f64,
    pub lon: f64,
}

/// Path data for lines of points, dropping points that fall within a unit
/// of the last one drawn (the map shows nothing finer).
fn path_data(out: &mut String, ext: &Extent, line: &[[f64; 2]], close: bool) {
    let mut last: Option<(f64, f64)> = None;
    let mut n = 0;
    for (i, [lon, lat]) in line.iter().enumerate() {
        let (x, y) = ext.project(*lat, *lon);
        let keep_last = i + 1 == line.len() && !close;
        if let Some((lx, ly)) = last {
            if (x - lx).abs() < 1.2 && (y - ly).abs() < 1.2 && !keep_last {
                continue;
            }
        }
        let _ = write!(out, "{}{x:.0} {y:.0}", if n == 0 { "M" } else { "L" });
        last = Some((x, y));
        n += 1;
    }
    if close && n > 0 {
        out.push('Z');
    }
}

/// Country names, placed by hand inside each country (labels, not data).
const COUNTRY_LABELS: &[(&str, f64, f64)] = &[
    ("Armenia", 40.85, 44.55),
    ("Azerbaijan", 41.05, 47.9),
    ("Georgia", 42.25, 43.9),
    ("Iran", 38.3, 47.6),
    ("Turkey", 39.4, 43.3),
    ("Russia", 43.3, 45.6),
];

/// The base map: water, land (Armenia and Azerbaijan a shade apart from
/// their neighbours, both alike), Natural Earth's borders and coasts.
fn base(out: &mut String, ext: &Extent, country_names: bool) {
    let h = ext.height();
    let _ = write!(
        out,
        "<rect class=\"water\" width=\"{WIDTH}\" height=\"{h}\"/>"
    );
    let Some(geo) = geo() else { return };
    for c in &geo.countries {
        let class = if c.id == "051" || c.id == "031" {
            "land focus"
        } else {
            "land"
        };
        let mut d = String::new();
        for ring in &c.rings {
            path_data(&mut d, ext, ring, true);
        }
        let _ = write!(out, "<path class=\"{class}\" d=\"{d}\"/>");
    }
    for (class, lines) in [("coast", &geo.coasts), ("border", &geo.borders)] {
        let mut d = String::new();
        for l in lines {
            path_data(&mut d, ext, l, false);
        }
        let _ = write!(out, "<path class=\"{class}\" d=\"{d}\"/>");
    }
    if country_names {
        for (name, lat, lon) in COUNTRY_LABELS {
            let (x, y) = ext.project(*lat, *lon);
            let _ = write!(out, "<text class=\"country\" x=\"{x:.0}\" y=\"{y:.0}\" text-anchor=\"middle\">{name}</text>");
        }
    }
}

/// A label beside a marker: to the right, or to the left near the right
/// edge or when asked.
fn label(out: &mut String, (x, y, gap): (f64, f64, f64), text: &str, class: &str, left: bool) {
    // About how wide the text is drawn: 0.55 of the font size a letter.
    let wide = text.chars().count() as f64 * FONT * 0.55;
    let left = left || x + gap + wide > WIDTH;
    let (dx, anchor) = if left { (-gap, "end") } else { (gap, "start") };
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"{anchor}\">{}</text>",
        x + dx,
        y + FONT * 0.35,
        escape(text)
    );
}

const CAPTION: &str = "Borders: Natural Earth (public domain), internationally recognised borders only; no de facto line is drawn. Coordinates: GeoNames (CC BY 4.0).";

/// A place's locator map: the region, the place marked and labelled with
/// its title (both sides' names), and the orientation cities. `None` when
/// the place is outside the region.
pub fn locator(id: &str, place: &Marker, orientation: &[Marker]) -> Option<String> {
    let ext = REGION;
    if !ext.contains(place.lat, place.lon) {
        return None;
    }
    let h = ext.height();
    let others: Vec<&Marker> = orientation
        .iter()
        .filter(|m| m.url != place.url && ext.contains(m.lat, m.lon))
        .collect();
    let names: Vec<&str> = others.iter().map(|m| m.title.as_str()).collect();
    let mut svg = format!(
        "<figure class=\"map locator\"><svg viewBox=\"0 0 {WIDTH} {h}\" role=\"img\" aria-labelledby=\"map-{id}-title map-{id}-desc\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"{FONT}\"><title id=\"map-{id}-title\">Locator map: {} in the South Caucasus</title><desc id=\"map-{id}-desc\">{} at {:.2}° N, {:.2}° E, marked among Armenia, Azerbaijan, Georgia, Iran and Turkey{}.</desc>",
        escape(&place.title),
        escape(&place.title),
        place.lat,
        place.lon,
        escape(&if names.is_empty() { String::new() } else { format!(", with {} for orientation", names.join(", ")) })
    );
    base(&mut svg, &ext, true);
    for m in &others {
        let (x, y) = ext.project(m.lat, m.lon);
        let _ = write!(
            svg,
            "<circle class=\"city\" cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"5\"/>"
        );
        label(&mut svg, (x, y, 10.0), &m.title, "city-label", false);
    }
    let (x, y) = ext.project(place.lat, place.lon);
    let _ = write!(
        svg,
        "<circle class=\"place\" cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"9\" data-lat=\"{}\" data-lon=\"{}\"/>",
        place.lat, place.lon
    );
    label(&mut svg, (x, y, 14.0), &place.title, "place-label", true);
    let orient = match names.len() {
        0 => String::new(),
        1 => format!("; {} is shown for orientation", names[0]),
        _ => format!("; {} are shown for orientation", names.join(", ")),
    };
    let _ = write!(
        svg,
        "</svg><figcaption>{} is marked with the large dot{}. {CAPTION}</figcaption></figure>",
        escape(&place.title),
        escape(&orient)
    );
    Some(svg)
}

/// The overview: every place with coordinates on the region's map (those
/// around Nagorno-Karabakh on a larger inset), each marker a numbered link
/// to its page, and the numbered list of places as the text alternative.
pub fn overview(markers: &[Marker]) -> Option<String> {
    let shown: Vec<&Marker> = markers
        .iter()
        .filter(|m| REGION.contains(m.lat, m.lon))
        .collect();
    if shown.is_empty() {
        return None;
    }
    let mut html = String::from("<figure class=\"map overview\"><div class=\"map-panels\">");
    for (ext, name, title) in [
        (REGION, "region", "Places in the South Caucasus"),
        (INSET, "inset", "Places around Nagorno-Karabakh, enlarged"),
    ] {
        let h = ext.height();
        let _ = write!(
            html,
            "<svg viewBox=\"0 0 {WIDTH} {h}\" aria-labelledby=\"map-{name}-title\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"{FONT}\"><title id=\"map-{name}-title\">{title}; the numbered list below names each place</title>"
        );
        base(&mut html, &ext, name == "region");
        if name == "region" {
            let (x0, y0) = REGION.project(INSET.north, INSET.west);
            let (x1, y1) = REGION.project(INSET.south, INSET.east);
            let _ = write!(
                html,
                "<rect class=\"inset-frame\" x=\"{x0:.0}\" y=\"{y0:.0}\" width=\"{:.0}\" height=\"{:.0}\"/>",
                x1 - x0,
                y1 - y0
            );
        }
        for (i, m) in shown.iter().enumerate() {
            let in_inset = INSET.contains(m.lat, m.lon);
            if (name == "region") == in_inset {
                continue; // each place is drawn once: on the inset if it is there
            }
            let (x, y) = ext.project(m.lat, m.lon);
            let _ = write!(
                html,
                "<a href=\"{}\"><circle class=\"place\" cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"15\"/><text class=\"marker-number\" x=\"{x:.0}\" y=\"{:.0}\" text-anchor=\"middle\" aria-hidden=\"true\">{}</text>",
                escape(&m.url),
                y + 7.0,
                i + 1
            );
            label(&mut html, (x, y, 20.0), &m.title, "city-label", false);
            html.push_str("</a>");
        }
        html.push_str("</svg>");
    }
    html.push_str("</div><figcaption><ol class=\"map-key\">");
    for m in &shown {
        let _ = write!(
            html,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&m.url),
            escape(&m.title)
        );
    }
    let _ = write!(html, "</ol><p>Places whose coordinates are published in GeoNames; the rest have no marker. The frame on the first map is the area of the second. {CAPTION}</p></figcaption></figure>");
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baku_projects_where_the_formula_puts_it() {
        // Baku, GeoNames 587084: 40.37767 N, 49.89201 E.
        let (x, y) = REGION.project(40.37767, 49.89201);
        let k = (40.75f64).to_radians().cos();
        let s = 600.0 / (7.8 * k);
        assert!((x - (49.89201 - 42.8) * k * s).abs() < 1e-9);
        assert!((y - (43.6 - 40.37767) * s).abs() < 1e-9);
        assert!((545.0..546.0).contains(&x), "{x}");
        assert!((327.0..328.0).contains(&y), "{y}");
    }

    #[test]
    fn the_committed_data_parses() {
        let g = geo().expect("caucasus.json parses");
        assert_eq!(g.countries.len(), 6);
        assert!(!g.borders.is_empty());
    }
}
