//! Criterion micro-benchmarks for the build's hot paths, on the synthetic
//! corpus of examples/gen-corpus.rs: Markdown rendering (with `@/` link
//! resolution), the resolve stage (ids, links, backlinks, timeline) and
//! template rendering. `cargo bench --bench hot_paths`; not part of
//! `cargo test`. Whole builds against Hugo: benches/compare.sh.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use explainer::diagnostic::Diagnostics;
use explainer::markdown::{self, Origin, Resolver};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

#[allow(dead_code)]
#[path = "../examples/gen-corpus.rs"]
mod gen_corpus;

const PAGES: usize = 1000;

/// A corpus written once into a temporary folder.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    gen_corpus::Corpus::new(PAGES, 0x9E37_79B9_7F4A_7C15)
        .write_ours(dir.path())
        .expect("the corpus is written");
    dir
}

/// Resolves `@/` links from a table, as the real resolver does.
struct Links(HashMap<String, (String, usize)>);

impl Resolver for Links {
    fn link(
        &self,
        target: &str,
        anchor: Option<&str>,
    ) -> Result<(String, Option<usize>), (String, String)> {
        match self.0.get(target) {
            Some((url, i)) => Ok((
                match anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url.clone(),
                },
                Some(*i),
            )),
            None => Err((format!("no page {target}"), String::new())),
        }
    }
    fn fact(
        &self,
        id: &str,
        _style: explainer::model::facts::FactStyle,
    ) -> Result<String, (String, String)> {
        Err((format!("no figure {id}"), String::new()))
    }
    fn term(&self, id: &str, _text: Option<&str>) -> Result<String, (String, String)> {
        Err((format!("no term {id}"), String::new()))
    }
}

fn markdown_bench(c: &mut Criterion) {
    let dir = corpus();
    let mut table = HashMap::new();
    let mut bodies = Vec::new();
    for section in std::fs::read_dir(dir.path().join("content")).expect("content/") {
        let section = section.expect("an entry").path();
        let Ok(files) = std::fs::read_dir(&section) else {
            continue;
        };
        for f in files {
            let path = f.expect("an entry").path();
            let rel = path
                .strip_prefix(dir.path().join("content"))
                .expect("inside");
            let rel = rel.to_string_lossy().into_owned();
            table.insert(rel.clone(), (format!("/{rel}/"), table.len()));
            let text = std::fs::read_to_string(&path).expect("a page");
            bodies.push(text);
        }
    }
    bodies.sort();
    let links = Links(table);
    let bytes: usize = bodies.iter().map(String::len).sum();
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("render 1000 pages", |b| {
        b.iter(|| {
            for text in &bodies {
                let offset = text[3..].find("\n---\n").map_or(0, |i| i + 8);
                let body = &text[offset..];
                let origin = Origin {
                    file: Path::new("content/page.md"),
                    file_text: text,
                    offset,
                    allow_html: false,
                };
                let r = markdown::render(body, &origin, &links);
                assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics.first());
                black_box(r.html);
            }
        })
    });
    group.finish();
}

fn stages_bench(c: &mut Criterion) {
    let dir = corpus();
    let load = || {
        let (inputs, diags) = explainer::load::load(dir.path(), None)
            .map_err(|_| "load failed")
            .expect("the corpus loads");
        (inputs, diags)
    };
    let mut group = c.benchmark_group("stages, 1000 pages");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(10));
    group.bench_function("resolve (ids, @/ links, backlinks, timeline)", |b| {
        b.iter_batched(
            load,
            |(inputs, mut diags)| black_box(explainer::resolve::resolve(inputs, false, &mut diags)),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("render (templates, into a no-op sink)", |b| {
        b.iter_batched(
            || {
                let (inputs, mut diags) = load();
                (
                    explainer::resolve::resolve(inputs, false, &mut diags),
                    diags,
                )
            },
            |(site, mut diags): (_, Diagnostics)| {
                let files = explainer::render::render_into(site, &mut diags, &|_, bytes| {
                    black_box(bytes);
                    Ok(())
                });
                assert!(!diags.has_errors());
                files
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, markdown_bench, stages_bench);
criterion_main!(benches);
