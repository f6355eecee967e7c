//! The `explainer` command line: parses arguments, runs the library, prints
//! its diagnostics. Exit codes: 0 success, 1 the site has errors (for
//! `links --check`: a dead link without an archived copy, or no network),
//! 2 usage.

use clap::{Parser, Subcommand};
use explainer::model::review::Day;
use explainer::{BuildOptions, Diagnostic};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "explainer",
    version,
    about = "Build the cross-linked Nagorno-Karabakh explainer from content/ into a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder, holding site.yaml
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Replace site.yaml's base_url (e.g. https://example.org/karabakh/)
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// The day review dates are checked against, YYYY-MM-DD [default: SOURCE_DATE_EPOCH's day, else the system clock's (UTC)]
    #[arg(long, value_parser = parse_day)]
    today: Option<Day>,
}

fn parse_day(s: &str) -> Result<Day, String> {
    Day::parse(s)
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder [default: ROOT/public]
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check the site for errors without writing anything
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// List what is past its review date, oldest first
        #[arg(long)]
        stale: bool,
    },
    /// Preview the site: serve it, rebuild on save, reload open pages, show errors in the page
    Serve {
        /// The site folder, holding site.yaml
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0: any free port)
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; anything but loopback exposes the preview to the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// The day review dates are checked against, YYYY-MM-DD [default: SOURCE_DATE_EPOCH's day, else the system clock's (UTC)]
        #[arg(long, value_parser = parse_day)]
        today: Option<Day>,
    },
    /// Start a new page, or print a timeline event or a source to paste
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// List the site's external links; with --check, ask each one over the network
    Links {
        /// The site folder, holding site.yaml
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Ask every address (status, redirects, "not found" pages); fails on a dead link without an archived copy
        #[arg(long)]
        check: bool,
        /// Seconds to wait for one request (each redirect is one)
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Write JSON Schemas of the editors' files (for completion and checks in editors)
    Schema {
        /// Folder to write the schemas into
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// Write content/SECTION/SLUG.md with every front matter field explained
    Page {
        /// SECTION/SLUG, e.g. background/some-topic
        name: String,
        /// The page's title [default: from the slug]
        #[arg(long)]
        title: Option<String>,
        /// The site folder, holding site.yaml
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print a timeline event to paste under `events:` in content/timeline/*.yaml
    Event {
        /// 1994 | 1994-05 | 1994-05-12 | 2020-10-17T20:00Z [default: today]
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// One of site.yaml's categories [default: the first]
        #[arg(long)]
        category: Option<String>,
        /// A source id from content/sources.yaml (repeat for several)
        #[arg(long = "source")]
        sources: Vec<String>,
        /// The site folder, holding site.yaml
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print a source to paste into content/sources.yaml
    Source {
        /// [default: OUTLET-DATE]
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        outlet: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// Publication date [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Only the original outlet's own address
        #[arg(long)]
        url: Option<String>,
        /// The site folder, holding site.yaml
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn print(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}\n");
    }
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let (site, output, is_build, list_stale) = match cli.command {
        Command::Build { site, output } => (site, output, true, false),
        Command::Check { site, stale } => (site, None, false, stale),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            today,
        } => {
            let opts = explainer::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                today,
            };
            return finish(explainer::serve::serve(&opts, move |e| {
                serve_event(e, open)
            }));
        }
        Command::New { what } => return new(what),
        Command::Links {
            root,
            check,
            timeout,
        } => return links(&root, check, timeout),
        Command::Schema { out } => {
            return finish(explainer::schema::write_all(&out).map(|paths| {
                for p in paths {
                    println!("{}", p.display());
                }
            }))
        }
    };
    let opts = BuildOptions {
        root: site.root,
        output,
        base_url: site.base_url,
        drafts: site.drafts,
        today: site.today,
    };
    let result = if is_build {
        explainer::build(&opts)
    } else {
        explainer::check(&opts)
    };
    match result {
        Ok(report) => {
            print(&report.warnings);
            stale(&report.stale, list_stale);
            let ms = started.elapsed().as_millis();
            match &report.output {
                Some(out) => eprintln!(
                    "Built {} pages ({} files) into {} in {ms} ms ({}).",
                    report.pages,
                    report.files,
                    out.display(),
                    summary(0, report.warnings.len())
                ),
                None => eprintln!(
                    "Checked {} pages in {ms} ms: {}.",
                    report.pages,
                    summary(0, report.warnings.len())
                ),
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let verb = if is_build {
                "Build failed; nothing was written"
            } else {
                "Check failed"
            };
            eprintln!("{verb}: {}.", summary(errors, diags.len() - errors));
            ExitCode::from(1)
        }
    }
}

/// What is past its review date: listed under `check --stale`, else
/// counted in one line (a note: the calendar never fails a build).
fn stale(notes: &[Diagnostic], list: bool) {
    if list {
        print(notes);
    }
    match (notes.len(), list) {
        (0, true) => eprintln!("Nothing is past its review date."),
        (0, false) => {}
        (n, true) => eprintln!("{n} past their review date, oldest first."),
        (n, false) => eprintln!(
            "note: {n} {} past {} review date; list {} with `explainer check --stale`.",
            if n == 1 { "item is" } else { "items are" },
            if n == 1 { "its" } else { "their" },
            if n == 1 { "it" } else { "them" },
        ),
    }
}

/// Exit for commands that either work or fail with one diagnostic.
fn finish(result: Result<(), Diagnostic>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print(&[d]);
            ExitCode::from(1)
        }
    }
}

fn new(what: NewCommand) -> ExitCode {
    use explainer::scaffold;
    match what {
        NewCommand::Page { name, title, root } => {
            finish(scaffold::new_page(&root, &name, title.as_deref()).map(|path| {
                eprintln!(
                    "Wrote {} (a draft: preview it with `explainer serve --drafts`, publish by setting `draft: false`).",
                    path.display()
                );
            }))
        }
        NewCommand::Event {
            date,
            title,
            category,
            sources,
            root,
        } => {
            let args = scaffold::EventArgs {
                date: date.as_deref(),
                title: title.as_deref(),
                category: category.as_deref(),
                sources: &sources,
            };
            printed(scaffold::event_block(&root, &args))
        }
        NewCommand::Source {
            id,
            outlet,
            title,
            date,
            url,
            root,
        } => {
            let args = scaffold::SourceArgs {
                id: id.as_deref(),
                outlet: outlet.as_deref(),
                title: title.as_deref(),
                date: date.as_deref(),
                url: url.as_deref(),
            };
            printed(scaffold::source_block(&root, &args))
        }
    }
}

/// Print a block `new` made to stdout, or its problems as a build would.
fn printed(block: Result<String, Vec<Diagnostic>>) -> ExitCode {
    match block {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print(&diags);
            eprintln!("Nothing printed: {}.", summary(diags.len(), 0));
            ExitCode::from(1)
        }
    }
}

/// `explainer links [--check]`.
fn links(root: &std::path::Path, check: bool, timeout: u64) -> ExitCode {
    use explainer::links::{self, CheckOptions, Checked};
    if !check {
        return match links::list(root) {
            Ok(list) => {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                for l in &list {
                    let (file, line, col) = (l.file.display(), l.pos.line, l.pos.column);
                    if writeln!(out, "{file}:{line}:{col}: {}", l.url).is_err() {
                        return ExitCode::SUCCESS; // the reader stopped reading (a closed pipe)
                    }
                }
                let n = list.len();
                let s = if n == 1 { "" } else { "s" };
                eprintln!("{n} external link{s}. `explainer links --check` asks each one over the network.");
                ExitCode::SUCCESS
            }
            Err(diags) => site_errors(&diags),
        };
    }
    let opts = CheckOptions {
        timeout: std::time::Duration::from_secs(timeout.max(1)),
        ..CheckOptions::default()
    };
    eprintln!(
        "Checking the site's external links, {} at a time...",
        opts.concurrency
    );
    match links::check(root, &opts) {
        Err(diags) => site_errors(&diags),
        Ok(Checked::Offline { addresses, example }) => {
            eprintln!("You seem to be offline: none of the {addresses} addresses could be reached ({example}). Connect to the network and run `explainer links --check` again.");
            ExitCode::from(1)
        }
        Ok(Checked::Done {
            diagnostics,
            links,
            addresses,
        }) => {
            print(&diagnostics);
            let count =
                |s: explainer::Severity| diagnostics.iter().filter(|d| d.severity == s).count();
            let (errors, warnings, notes) = (
                count(explainer::Severity::Error),
                count(explainer::Severity::Warning),
                count(explainer::Severity::Note),
            );
            eprintln!(
                "Checked {links} links ({addresses} addresses): {}, {notes} notes.",
                summary(errors, warnings)
            );
            if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// The site could not be read: its errors, and nothing else done.
fn site_errors(diags: &[Diagnostic]) -> ExitCode {
    print(diags);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    eprintln!("Links not read: {}.", summary(errors, diags.len() - errors));
    ExitCode::from(1)
}

/// What the preview server reports, as the terminal shows it.
fn serve_event(event: explainer::serve::Event, open: bool) {
    use explainer::serve::Event;
    match event {
        Event::Listening { url, exposed } => {
            if exposed {
                eprintln!("warning: the preview is reachable from other machines on the network; use --bind 127.0.0.1 to keep it to this one");
            }
            eprintln!("Serving at {url} (Ctrl+C to stop). Watching site.yaml, content/, templates/ and static/.");
            if open {
                open_browser(&url);
            }
        }
        Event::Changed { paths } => {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            eprintln!("Changed: {}.", names.join(", "));
        }
        Event::Built {
            generation,
            ms,
            pages,
            files,
            warnings,
            redone,
        } => {
            print(&warnings);
            let counts = summary(0, warnings.len());
            if generation == 1 {
                eprintln!("Built {pages} pages ({files} files) in {ms} ms ({counts}).");
            } else {
                eprintln!("Rebuilt in {ms} ms: {redone} ({counts}); generation {generation}.");
            }
        }
        Event::Failed {
            generation,
            ms,
            errors,
        } => {
            print(&errors);
            let serving = if generation == 1 {
                "nothing to serve until it is fixed; the errors are shown in the browser"
            } else {
                "still serving the last good build, errors shown in the browser"
            };
            eprintln!(
                "Rebuild failed in {ms} ms: {}; {serving}; generation {generation}.",
                summary(errors.len(), 0)
            );
        }
        Event::WatchProblem(msg) => eprintln!("warning: {msg}"),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
