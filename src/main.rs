//! The `explainer` command line: parses arguments, runs the library, prints
//! its diagnostics. Exit codes: 0 success, 1 the site has errors, 2 usage.

use clap::{Parser, Subcommand};
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
    let (site, output, is_build) = match cli.command {
        Command::Build { site, output } => (site, output, true),
        Command::Check { site } => (site, None, false),
    };
    let opts = BuildOptions {
        root: site.root,
        output,
        base_url: site.base_url,
        drafts: site.drafts,
    };
    let result = if is_build {
        explainer::build(&opts)
    } else {
        explainer::check(&opts)
    };
    match result {
        Ok(report) => {
            print(&report.warnings);
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
