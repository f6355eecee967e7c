//! A synthetic benchmark corpus: the same site twice, once for `explainer`
//! and once for Hugo, so both do the same work.
//!
//! ```text
//! cargo run --release --example gen-corpus -- --pages N --out DIR [--seed S] [--linear]
//! ```
//!
//! writes our site to `DIR` and the Hugo site to `DIR-hugo`. Deterministic:
//! the same N and seed give byte-identical files (a small xorshift, no crate).
//!
//! Both sites have N Markdown pages of 3–6 KB (headings, emphasis, lists, a
//! table, a blockquote, a footnote on every fourth page, three checked
//! cross-links to other pages) spread over 20 sections, fact sheets, and N/10
//! timeline events. Each page shows its body, its tags and a menu of every
//! page in its section; each section lists its pages; the timeline lists
//! every event by year.
//!
//! The section menus make the output grow with the square of a section's
//! size (at 10,000 pages each of a section's 500 pages lists all 500).
//! `--linear` writes the same content with page templates that show, in
//! place of the menu, only the previous and next page of the section, so the
//! output grows linearly with N: for measuring time and memory per page at
//! 1,000 to 100,000 pages. Without it the corpus is byte-identical to the
//! one earlier figures were measured on.
//!
//! Tags: our front matter has no `tags:` field, so a page's tags are
//! `key_facts:`, ids of figures in the corpus's fact sheets whose labels are
//! the tag words; Hugo gets the same words as a plain `tags:` parameter (with
//! its taxonomy pages switched off, since we make no per-tag pages either).
//! Links: ours are `@/s03/page-00042.md`, checked at build time; Hugo's are
//! `{{< relref "/s03/page-00042.md" >}}`, which Hugo checks too.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const SECTIONS: usize = 20;
const TAGS: usize = 40;
const SHEETS: usize = 4;
const SOURCES: usize = 20;
const ACTORS: &[&str] = &["agency-north", "agency-south", "agency-west"];

const WORDS: &[&str] = &[
    "river",
    "valley",
    "council",
    "harbour",
    "market",
    "bridge",
    "archive",
    "station",
    "garden",
    "orchard",
    "mill",
    "quarry",
    "granary",
    "library",
    "festival",
    "winter",
    "summer",
    "autumn",
    "spring",
    "road",
    "railway",
    "canal",
    "school",
    "theatre",
    "museum",
    "record",
    "ledger",
    "charter",
    "treaty",
    "census",
    "survey",
    "map",
    "atlas",
    "journal",
    "letter",
    "report",
    "committee",
    "assembly",
    "district",
    "village",
    "town",
    "city",
    "province",
    "border",
    "coast",
    "mountain",
    "forest",
    "meadow",
    "lake",
    "island",
    "north",
    "south",
    "east",
    "west",
    "old",
    "new",
    "early",
    "late",
    "quiet",
    "busy",
    "long",
    "short",
    "wide",
    "narrow",
    "bright",
    "dark",
    "green",
    "grey",
    "stone",
    "timber",
    "iron",
    "copper",
    "silver",
    "paper",
    "glass",
    "salt",
    "wool",
    "grain",
    "trade",
    "harvest",
    "voyage",
    "journey",
    "meeting",
    "season",
    "measure",
    "account",
    "notice",
    "volume",
    "chapter",
    "figure",
    "table",
    "column",
    "index",
    "series",
    "method",
    "sample",
    "estimate",
    "reading",
    "window",
    "tower",
    "square",
    "street",
    "lane",
    "gate",
    "wall",
    "yard",
    "hall",
    "house",
    "keeper",
    "builder",
    "weaver",
    "miller",
    "carter",
    "clerk",
    "surveyor",
    "printer",
    "teacher",
    "painter",
    "farmer",
    "sailor",
    "engineer",
];

const TAG_WORDS: &[&str] = &[
    "agriculture",
    "architecture",
    "astronomy",
    "botany",
    "cartography",
    "chemistry",
    "commerce",
    "demography",
    "ecology",
    "economics",
    "education",
    "energy",
    "engineering",
    "finance",
    "fisheries",
    "forestry",
    "geology",
    "governance",
    "health",
    "heritage",
    "history",
    "hydrology",
    "industry",
    "infrastructure",
    "language",
    "law",
    "literature",
    "logistics",
    "manufacturing",
    "medicine",
    "meteorology",
    "mining",
    "music",
    "navigation",
    "printing",
    "publishing",
    "religion",
    "shipping",
    "textiles",
    "transport",
];

/// xorshift64*: tiny, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.word());
        }
        s
    }
    fn title(&mut self, n: usize) -> String {
        capitalise(&self.words(n))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

struct Args {
    pages: usize,
    out: PathBuf,
    seed: u64,
    linear: bool,
}

fn args() -> Result<Args, String> {
    let mut pages = None;
    let mut out = None;
    let mut seed = 0x9E37_79B9_7F4A_7C15;
    let mut linear = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--pages" => pages = Some(value()?.parse().map_err(|e| format!("--pages: {e}"))?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--linear" => linear = true,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    match (pages, out) {
        (Some(pages), Some(out)) if pages >= SECTIONS => Ok(Args {
            pages,
            out,
            seed: seed | 1,
            linear,
        }),
        (Some(_), Some(_)) => Err(format!("--pages must be at least {SECTIONS}")),
        _ => Err("usage: gen-corpus --pages N --out DIR [--seed S] [--linear]".into()),
    }
}

fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let hugo = PathBuf::from(format!("{}-hugo", args.out.display()));
    for dir in [&args.out, &hugo] {
        if dir.exists() {
            if let Err(e) = fs::remove_dir_all(dir) {
                eprintln!("cannot clear {}: {e}", dir.display());
                std::process::exit(1);
            }
        }
    }
    let corpus = Corpus::new(args.pages, args.seed).linear(args.linear);
    if let Err(e) = corpus.write_ours(&args.out).and(corpus.write_hugo(&hugo)) {
        eprintln!("cannot write the corpus: {e}");
        std::process::exit(1);
    }
    println!(
        "{} pages, {} events: {} and {}",
        args.pages,
        corpus.events.len(),
        args.out.display(),
        hugo.display()
    );
}

/// One page, in a form both writers turn into their own syntax.
struct Page {
    section: usize,
    slug: String,
    title: String,
    summary: String,
    date: String,
    tags: [usize; 3],
    /// Markdown with `LINK(i)` standing in for the link to page i.
    body: Vec<Block>,
}

/// Markdown pieces; links to other pages are kept apart so each writer
/// spells them its own way.
enum Block {
    Text(String),
    Link { text: String, page: usize },
}

struct Event {
    id: String,
    year: u16,
    date: String,
    title: String,
    summary: String,
    source: usize,
}

pub(crate) struct Corpus {
    pages: Vec<Page>,
    events: Vec<Event>,
    /// Page templates without the section menu (see the top of the file).
    linear: bool,
}

impl Corpus {
    pub(crate) fn new(n: usize, seed: u64) -> Corpus {
        let mut rng = Rng(seed);
        let mut pages = Vec::with_capacity(n);
        for i in 0..n {
            let section = i % SECTIONS;
            let title = format!("{} {i}", rng.title(3));
            let summary = capitalise(&format!("{}.", rng.words(12)));
            let date = format!(
                "{}-{:02}-{:02}",
                2000 + rng.below(25),
                1 + rng.below(12),
                1 + rng.below(28)
            );
            let mut tags = [0; 3];
            for (k, t) in tags.iter_mut().enumerate() {
                // Three distinct tags: one from each third of the pool.
                *t = k * (TAGS / 3) + rng.below(TAGS / 3);
            }
            let links = [rng.below(n), rng.below(n), rng.below(n)];
            let body = body(&mut rng, i, links);
            pages.push(Page {
                section,
                slug: format!("page-{i:05}"),
                title,
                summary,
                date,
                tags,
                body,
            });
        }
        let mut events: Vec<Event> = (0..(n / 10).max(1))
            .map(|i| {
                let year = 1900 + rng.below(126) as u16;
                let date = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
                Event {
                    id: format!("event-{i:05}"),
                    year,
                    date,
                    title: format!("{} {i}", rng.title(4)),
                    summary: format!("The {} *{}* {}.", rng.word(), rng.word(), rng.words(10)),
                    source: rng.below(SOURCES),
                }
            })
            .collect();
        events.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
        Corpus {
            pages,
            events,
            linear: false,
        }
    }

    /// With `true`, both sites' page templates leave out the section menu.
    pub(crate) fn linear(mut self, linear: bool) -> Corpus {
        self.linear = linear;
        self
    }

    fn page_path(&self, i: usize) -> String {
        let p = &self.pages[i];
        format!("s{:02}/{}.md", p.section + 1, p.slug)
    }

    fn body_with(&self, p: &Page, link: impl Fn(usize) -> String) -> String {
        let mut s = String::new();
        for b in &p.body {
            match b {
                Block::Text(t) => s.push_str(t),
                Block::Link { text, page } => {
                    let _ = write!(s, "[{text}]({})", link(*page));
                }
            }
        }
        s
    }

    pub(crate) fn write_ours(&self, root: &Path) -> std::io::Result<()> {
        let c = root.join("content");
        fs::create_dir_all(&c)?;
        put(
            &root.join("site.yaml"),
            "title: Benchmark corpus\nbase_url: https://example.org/\nlanguage: en\n\
             description: A synthetic site for measuring build speed.\n\
             nav:\n  - { title: Timeline, url: \"@/timeline\" }\n  - { title: Facts, url: \"@/facts\" }\n\
             categories:\n  - { id: event, label: Events, description: Synthetic events. }\n",
        )?;
        write_section_indexes(&c)?;
        for a in ACTORS {
            put(
                &c.join(format!("actors/{a}.md")),
                &format!(
                    "---\ntitle: {}\nkind: organisation\nrole: Synthetic agency\n---\nA synthetic agency.\n",
                    capitalise(&a.replace('-', " "))
                ),
            )?;
        }
        for (i, p) in self.pages.iter().enumerate() {
            let tags: Vec<String> = p.tags.iter().map(|t| format!("tag-{t:02}")).collect();
            let text = format!(
                "---\ntitle: {}\nsummary: {}\ndate: {}\nkey_facts: [{}]\n---\n{}",
                p.title,
                p.summary,
                p.date,
                tags.join(", "),
                self.body_with(p, |j| format!("@/{}", self.page_path(j)))
            );
            put(&c.join(self.page_path(i)), &text)?;
        }
        let mut sources = String::new();
        for s in 0..SOURCES {
            let _ = writeln!(
                sources,
                "- id: source-{s:02}\n  outlet: Synthetic outlet {s}\n  title: Synthetic report {s}\n  date: 2020-01-{:02}",
                s + 1
            );
        }
        put(&c.join("sources.yaml"), &sources)?;
        for k in 0..SHEETS {
            let mut y = format!(
                "title: Sheet {}\nsummary: Synthetic figures, one per tag.\nweight: {}\nfigures:\n",
                k + 1,
                k + 1
            );
            for t in (k * TAGS / SHEETS)..((k + 1) * TAGS / SHEETS) {
                let _ = write!(
                    y,
                    "  - id: tag-{t:02}\n    label: {}\n    value: {}\n    qualifier: about\n    unit: items\n    as_of: 2020\n    claimed_by: {}\n    sources: [source-{:02}]\n",
                    TAG_WORDS[t],
                    100 + t * 7,
                    ACTORS[t % ACTORS.len()],
                    t % SOURCES
                );
            }
            put(&c.join(format!("facts/sheet-{}.yaml", k + 1)), &y)?;
        }
        for (year, events) in self.by_year() {
            let mut y = String::from("events:\n");
            for e in events {
                let _ = write!(
                    y,
                    "  - id: {}\n    date: {}\n    title: {}\n    summary: \"{}\"\n    category: event\n    sources: [source-{:02}]\n",
                    e.id, e.date, e.title, e.summary, e.source
                );
            }
            put(&c.join(format!("timeline/{year}.yaml")), &y)?;
        }
        for &(name, text) in OUR_TEMPLATES {
            let text = match name {
                "page.html" if self.linear => OUR_LINEAR_PAGE,
                _ => text,
            };
            put(&root.join("templates").join(name), text)?;
        }
        Ok(())
    }

    fn by_year(&self) -> Vec<(u16, Vec<&Event>)> {
        let mut out: Vec<(u16, Vec<&Event>)> = Vec::new();
        for e in &self.events {
            match out.last_mut() {
                Some((y, list)) if *y == e.year => list.push(e),
                _ => out.push((e.year, vec![e])),
            }
        }
        out
    }

    fn write_hugo(&self, root: &Path) -> std::io::Result<()> {
        let c = root.join("content");
        fs::create_dir_all(&c)?;
        put(
            &root.join("hugo.yaml"),
            "baseURL: https://example.org/\ntitle: Benchmark corpus\nlocale: en\n\
             disableKinds: [taxonomy, term, RSS, sitemap, robotsTXT]\n\
             markup:\n  goldmark:\n    extensions:\n      typographer: true\n      footnote: true\n      table: true\n      strikethrough: true\n\
             menu:\n  main:\n    - { name: Timeline, url: /timeline/, weight: 1 }\n    - { name: Facts, url: /facts/, weight: 2 }\n",
        )?;
        write_section_indexes(&c)?;
        for a in ACTORS {
            put(
                &c.join(format!("actors/{a}.md")),
                &format!(
                    "---\ntitle: {}\nsummary: Synthetic agency\n---\nA synthetic agency.\n",
                    capitalise(&a.replace('-', " "))
                ),
            )?;
        }
        for (i, p) in self.pages.iter().enumerate() {
            let tags: Vec<&str> = p.tags.iter().map(|&t| TAG_WORDS[t]).collect();
            let text = format!(
                "---\ntitle: {}\nsummary: {}\ndate: {}\ntags: [{}]\n---\n{}",
                p.title,
                p.summary,
                p.date,
                tags.join(", "),
                self.body_with(p, |j| format!(
                    "{{{{< relref \"/{}\" >}}}}",
                    self.page_path(j)
                ))
            );
            put(&c.join(self.page_path(i)), &text)?;
        }
        put(
            &c.join("timeline.md"),
            "---\ntitle: Timeline\nsummary: Every event, by year.\nlayout: timeline\n---\n",
        )?;
        put(
            &c.join("facts.md"),
            "---\ntitle: Facts and figures\nsummary: Every figure.\nlayout: facts\n---\n",
        )?;
        let mut facts = String::from("figures:\n");
        for (t, word) in TAG_WORDS.iter().enumerate() {
            let _ = write!(
                facts,
                "  - id: tag-{t:02}\n    label: {word}\n    value: {}\n    qualifier: about\n    unit: items\n    as_of: 2020\n    claimed_by: {}\n    sources: [source-{:02}]\n",
                100 + t * 7,
                ACTORS[t % ACTORS.len()],
                t % SOURCES
            );
        }
        put(&root.join("data/facts.yaml"), &facts)?;
        for (year, events) in self.by_year() {
            let mut y = String::from("events:\n");
            for e in events {
                let _ = write!(
                    y,
                    "  - id: {}\n    date: {}\n    title: {}\n    summary: \"{}\"\n    source: source-{:02}\n",
                    e.id, e.date, e.title, e.summary, e.source
                );
            }
            put(&root.join(format!("data/timeline/y{year}.yaml")), &y)?;
        }
        for &(name, text) in HUGO_LAYOUTS {
            let text = match name {
                "_default/single.html" if self.linear => HUGO_LINEAR_SINGLE,
                _ => text,
            };
            put(&root.join("layouts").join(name), text)?;
        }
        Ok(())
    }
}

fn body(rng: &mut Rng, i: usize, links: [usize; 3]) -> Vec<Block> {
    let target = 2200 + rng.below(3000);
    let mut out = Vec::new();
    let mut size = 0;
    let mut text = String::new();
    let para = |rng: &mut Rng| -> String {
        let mut p = String::new();
        for s in 0..(3 + rng.below(4)) {
            if s > 0 {
                p.push(' ');
            }
            let n = 8 + rng.below(8);
            let mut sentence = capitalise(&rng.words(n));
            match rng.below(5) {
                0 => sentence.push_str(&format!(" *{}*", rng.word())),
                1 => sentence.push_str(&format!(" **{} {}**", rng.word(), rng.word())),
                _ => {}
            }
            p.push_str(&sentence);
            p.push('.');
        }
        p
    };
    text.push_str(&para(rng));
    text.push_str(" See ");
    out.push(Block::Text(std::mem::take(&mut text)));
    out.push(Block::Link {
        text: rng.words(2),
        page: links[0],
    });
    text.push_str(".\n\n");
    let mut part = 0;
    while size + text.len() < target {
        let _ = write!(text, "## {} {part}\n\n{}\n\n", rng.title(3), para(rng));
        match part % 4 {
            0 => {
                for _ in 0..4 {
                    let _ = writeln!(text, "- {} *{}*", capitalise(&rng.words(5)), rng.word());
                }
                text.push('\n');
            }
            1 => {
                text.push_str("| Item | Count | Note |\n|---|---:|---|\n");
                for _ in 0..4 {
                    let _ = writeln!(
                        text,
                        "| {} | {} | {} |",
                        capitalise(rng.word()),
                        rng.below(10_000),
                        rng.words(3)
                    );
                }
                text.push('\n');
            }
            2 => {
                let _ = write!(text, "> {}\n\n", para(rng));
            }
            _ => {
                let _ = write!(text, "### {}\n\n", rng.title(2));
                for n in 1..=3 {
                    let _ = writeln!(text, "{n}. {}", capitalise(&rng.words(6)));
                }
                text.push('\n');
            }
        }
        if part < 2 {
            text.push_str(&para(rng));
            text.push_str(" Compare ");
            size += text.len();
            out.push(Block::Text(std::mem::take(&mut text)));
            out.push(Block::Link {
                text: rng.words(2),
                page: links[part + 1],
            });
            text.push_str(".\n\n");
        }
        part += 1;
    }
    if i % 4 == 0 {
        let _ = write!(
            text,
            "{}.[^1]\n\n[^1]: {}.\n",
            capitalise(&rng.words(9)),
            capitalise(&rng.words(7))
        );
    }
    out.push(Block::Text(text));
    out
}

/// The home page and the section indexes, the same for both generators.
fn write_section_indexes(c: &Path) -> std::io::Result<()> {
    put(
        &c.join("_index.md"),
        "---\ntitle: Benchmark corpus\nsummary: A synthetic site.\n---\nA synthetic site for measuring build speed.\n",
    )?;
    for s in 0..SECTIONS {
        put(
            &c.join(format!("s{:02}/_index.md", s + 1)),
            &format!(
                "---\ntitle: Section {}\nsummary: Pages of section {}.\n---\nThe pages of section {}.\n",
                s + 1,
                s + 1,
                s + 1
            ),
        )?;
    }
    put(
        &c.join("actors/_index.md"),
        "---\ntitle: Agencies\n---\nWho the corpus's figures come from.\n",
    )?;
    Ok(())
}

fn put(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}

/// Our templates for the corpus: the built-in ones render more (eras,
/// breadcrumbs, backlinks), so the corpus brings templates doing just what
/// Hugo's do. Missing ones (facts, sources, 404) come from the built-in theme.
/// The home page and a section do the same: their text, then their pages.
const LIST_TEMPLATE: &str = r#"{% extends "base.html" %}
{% block content %}
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<ul>
{% for c in children %}<li><a href="{{ c.url }}">{{ c.title }}</a> {{ c.summary }}</li>
{% endfor %}</ul>
{% endblock content %}
"#;

const OUR_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        r#"<!doctype html>
<html lang="{{ site.language }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ page.title }} · {{ site.title }}{% endblock title %}</title>
<meta name="description" content="{% if page.summary %}{{ page.summary }}{% else %}{{ site.description }}{% endif %}">
<link rel="canonical" href="{{ page.permalink }}">
{% block head %}{% endblock head %}
</head>
<body>
<header><a href="{{ site.base_path }}">{{ site.title }}</a>
<nav><ul>{% for item in nav %}<li><a href="{{ item.url }}">{{ item.title }}</a></li>{% endfor %}</ul></nav>
</header>
<main>
{% block content %}{% endblock content %}
</main>
<footer><p>{{ site.title }}</p></footer>
{% block scripts %}{% endblock scripts %}
</body>
</html>
"#,
    ),
    (
        "page.html",
        r#"{% extends "base.html" %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
{% if page.date %}<p><time datetime="{{ page.date_machine }}">{{ page.date }}</time></p>{% endif %}
<ul class="tags">{% for t in page.key_facts %}<li><a href="{{ t.url }}">{{ t.label }}</a></li>{% endfor %}</ul>
{{ page.content | safe }}
</article>
<nav class="section-menu">{{ cached(template="partials/section_menu.html", key=section_url, menu=section_menu) }}</nav>
{% endblock content %}
"#,
    ),
    (
        // Every page of a section shows the same menu: rendered once per
        // section (`cached()`), as Hugo's layout does with partialCached.
        "partials/section_menu.html",
        r#"<ul>
{% for c in menu %}<li><a href="{{ c.url }}">{{ c.title }}</a></li>
{% endfor %}</ul>"#,
    ),
    ("section.html", LIST_TEMPLATE),
    ("index.html", LIST_TEMPLATE),
    (
        "timeline.html",
        r#"{% extends "base.html" %}
{% block content %}
<h1>{{ page.title }}</h1>
{% for y in timeline.years %}<h2 id="year-{{ y }}">{{ y }}</h2>
<ul>
{% for e in timeline.events %}{% if e.year == y %}<li id="{{ e.id }}"><time datetime="{{ e.date_machine }}">{{ e.date }}</time> {{ e.title }}: {{ e.summary_html | safe }}</li>
{% endif %}{% endfor %}</ul>
{% endfor %}
{% endblock content %}
"#,
    ),
];

/// Hugo's layouts, doing what ours do. They build without deprecation
/// warnings from Hugo 0.111 to 0.168: `locale` in the config (`languageCode`
/// is deprecated since 0.158; neither changes the output here) and the data
/// files through `hugo.Data` where it exists (`site.Data` is deprecated since
/// 0.156).
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "partials/data.html",
        r#"{{ $data := dict }}{{ if ge hugo.Version "0.156.0" }}{{ $data = hugo.Data }}{{ else }}{{ $data = site.Data }}{{ end }}{{ return $data }}
"#,
    ),
    (
        "_default/baseof.html",
        r#"<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><ul>{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}</ul></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Date }}<p><time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2 January 2006" }}</time></p>{{ end }}
<ul class="tags">{{ range .Params.tags }}<li><a href="{{ printf "/facts/#%s" . }}">{{ . }}</a></li>{{ end }}</ul>
{{ .Content }}
</article>
<nav class="section-menu">{{ partialCached "section_menu.html" .CurrentSection .CurrentSection.RelPermalink }}</nav>
{{ end }}
"#,
    ),
    (
        "partials/section_menu.html",
        r#"<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>
{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "_default/timeline.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range $year, $file := (partial "data.html" .).timeline }}<h2 id="year-{{ strings.TrimPrefix "y" $year }}">{{ strings.TrimPrefix "y" $year }}</h2>
<ul>
{{ range $file.events }}<li id="{{ .id }}"><time datetime="{{ .date }}">{{ .date }}</time> {{ .title }}: {{ .summary | markdownify }}</li>
{{ end }}</ul>
{{ end }}
{{ end }}
"#,
    ),
    (
        "_default/facts.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<dl>
{{ range (partial "data.html" .).facts.figures }}<dt id="{{ .id }}">{{ .label }}</dt><dd>{{ .qualifier }} {{ .value }} {{ .unit }}, as of {{ .as_of }}, claimed by {{ .claimed_by }}</dd>
{{ end }}</dl>
{{ end }}
"#,
    ),
];

/// `--linear`: our page template with the section's previous and next page
/// in place of the section menu, so each page's size does not depend on N.
const OUR_LINEAR_PAGE: &str = r#"{% extends "base.html" %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
{% if page.date %}<p><time datetime="{{ page.date_machine }}">{{ page.date }}</time></p>{% endif %}
<ul class="tags">{% for t in page.key_facts %}<li><a href="{{ t.url }}">{{ t.label }}</a></li>{% endfor %}</ul>
{{ page.content | safe }}
</article>
<nav class="neighbours"><ul>
{% if prev %}<li><a href="{{ prev.url }}">{{ prev.title }}</a></li>
{% endif %}{% if next %}<li><a href="{{ next.url }}">{{ next.title }}</a></li>
{% endif %}</ul></nav>
{% endblock content %}
"#;

/// `--linear`: Hugo's page layout doing what [`OUR_LINEAR_PAGE`] does.
const HUGO_LINEAR_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Date }}<p><time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2 January 2006" }}</time></p>{{ end }}
<ul class="tags">{{ range .Params.tags }}<li><a href="{{ printf "/facts/#%s" . }}">{{ . }}</a></li>{{ end }}</ul>
{{ .Content }}
</article>
<nav class="neighbours"><ul>
{{ with .PrevInSection }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}{{ with .NextInSection }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul></nav>
{{ end }}
"#;
