// Clips Natural Earth's admin-0 countries (1:50m, as world-atlas ships them)
// to the South Caucasus, once, into caucasus.json, which the build reads.
// Run again only to change the region or the Natural Earth version:
//   npm install --prefix /tmp/geo world-atlas@2.0.2 topojson-client@3.1.0
//   node src/map/clip.mjs /tmp/geo/node_modules > src/map/caucasus.json
// then record the new checksum in src/map/README.md (a test compares them).
// Borders are drawn exactly as Natural Earth has them: shared edges of two
// countries (topojson mesh a !== b); coasts are edges of one country only.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const modules = process.argv[2];
const require = createRequire(join(modules, "x.js"));
const topojson = require("topojson-client");
const topo = JSON.parse(readFileSync(join(modules, "world-atlas/countries-50m.json"), "utf8"));
const version = JSON.parse(readFileSync(join(modules, "world-atlas/package.json"), "utf8")).version;

// A little wider than any map draws, so clipped edges fall outside the view.
const [W, S, E, N] = [40.5, 36.0, 52.5, 45.5];
const KEEP = { "051": "Armenia", "031": "Azerbaijan", "268": "Georgia", "364": "Iran", "792": "Turkey", "643": "Russia" };
const round = ([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
const inside = ([x, y]) => x >= W && x <= E && y >= S && y <= N;

// Sutherland-Hodgman against the box: a polygon ring stays closed.
function clipRing(ring) {
  const edges = [
    (p) => p[0] >= W, (p) => p[0] <= E, (p) => p[1] >= S, (p) => p[1] <= N,
  ];
  const cut = (a, b, k) => {
    const [v, axis] = [[W, 0], [E, 0], [S, 1], [N, 1]][k];
    const t = (v - a[axis]) / (b[axis] - a[axis]);
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  };
  let out = ring;
  edges.forEach((isIn, k) => {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i], prev = input[(i + input.length - 1) % input.length];
      if (isIn(cur)) {
        if (!isIn(prev)) out.push(cut(prev, cur, k));
        out.push(cur);
      } else if (isIn(prev)) out.push(cut(prev, cur, k));
    }
  });
  return out;
}
// Lines: kept where inside the box, split where they leave it.
function clipLine(line) {
  const parts = [];
  let cur = [];
  for (const p of line) {
    if (inside(p)) cur.push(round(p));
    else if (cur.length) { parts.push(cur); cur = []; }
  }
  if (cur.length) parts.push(cur);
  return parts.filter((l) => l.length > 1);
}

const countries = [];
for (const g of topo.objects.countries.geometries) {
  if (!KEEP[g.id]) continue;
  const f = topojson.feature(topo, g);
  const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const rings = [];
  for (const poly of polys) {
    for (const ring of poly) {
      const c = clipRing(ring).map(round);
      if (c.length > 2) rings.push(c);
    }
  }
  countries.push({ id: g.id, name: KEEP[g.id], rings });
}
countries.sort((a, b) => a.id.localeCompare(b.id));
const keep = (a) => a && KEEP[a.id];
const borders = topojson
  .mesh(topo, topo.objects.countries, (a, b) => a !== b && (keep(a) || keep(b)))
  .coordinates.flatMap(clipLine);
const coasts = topojson
  .mesh(topo, topo.objects.countries, (a, b) => a === b && keep(a))
  .coordinates.flatMap(clipLine);
const out = {
  source: `Natural Earth 4.1.0, Admin 0 countries, 1:50m, from the npm package world-atlas ${version} (countries-50m.json)`,
  licence: "Public domain (Natural Earth, https://www.naturalearthdata.com/about/terms-of-use/)",
  box: [W, S, E, N],
  countries,
  borders,
  coasts,
};
process.stdout.write(JSON.stringify(out) + "\n");
