//! `import`: reads the file with the format's module, runs the import on
//! a scratch copy (a dry run stops there) and saves once, under the lock.

use super::Session;
use super::args::ImportArgs;
use super::output;
use super::resolve::parse;
use crate::domain::{Ctx, ItemKind};
use crate::store::Batch;
use crate::store::import::{self, Format, ReadOptions, source};
use anyhow::anyhow;
use std::io::IsTerminal;

/// Rows above which a terminal gets a progress bar.
const PROGRESS_ABOVE: usize = 5_000;

pub fn run(s: &mut Session, a: ImportArgs) -> anyhow::Result<()> {
    let read = ReadOptions {
        from: a.from.as_deref().map(parse::<Format>).transpose()?,
        delimiter: a.delimiter.as_deref().map(source::parse_delimiter).transpose().map_err(|e| anyhow!(e))?,
        encoding: match a.encoding.as_deref() {
            None => None,
            Some(e) => Some(source::encoding_for(e).ok_or_else(|| {
                anyhow!("--encoding {e:?}: unknown encoding; use utf-8, utf-16, utf-16be, windows-1252 or latin1")
            })?),
        },
    };
    let opts = import::Options {
        snap: a.snap,
        status_map: a
            .status_map
            .as_deref()
            .map(import::plan::parse_status_map)
            .transpose()
            .map_err(|e| anyhow!(e))?
            .unwrap_or_default(),
        kind: Some(parse::<ItemKind>(&a.kind)?),
        label: a.label.clone(),
        restore_deleted: a.restore_deleted,
        allow_duplicates: a.allow_duplicates,
        dry_run: a.dry_run,
    };
    let (format, mut parsed) = import::read(&a.file, &read)?;
    let file = a.file.display().to_string();
    let bar = progress(parsed.records.len());
    let mut tick = |n: usize| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    };
    s.ctx.set_now(chrono::Utc::now());
    let report = if a.dry_run {
        let mut ctx = Ctx { confirmed: true, ..s.ctx.clone() };
        let mut batch = Batch::new(s.store.workspace().clone(), &mut ctx);
        import::run(&mut batch, &mut parsed, format, &file, &opts, &mut tick)?
    } else {
        // What an import changes says so in the history.
        let name = std::path::Path::new(&file).file_name().map(|n| n.to_string_lossy().into_owned());
        let via = s.ctx.via.replace(format!("import {}", name.as_deref().unwrap_or(&file)));
        let out = s.store.apply_batch(&mut s.ctx, |b| {
            let report = import::run(b, &mut parsed, format, &file, &opts, &mut tick);
            if let Ok(r) = &report {
                b.summarize(r.short().lines().next().unwrap_or_default().trim());
            }
            // The records are not needed for the save: free them first.
            drop(parsed);
            report
        });
        s.ctx.via = via;
        let (report, changes, saved) = out?;
        super::report_merge(&saved);
        super::envelope::record_refs(s.store.workspace(), &changes);
        report
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match (s.json, a.dry_run) {
        (true, _) => output::json(&report),
        (false, true) => output::write_stdout(&report.full()),
        (false, false) => output::write_stdout(&report.short()),
    }
}

/// A progress bar on stderr for big imports, only when stderr is a
/// terminal.
fn progress(rows: usize) -> Option<indicatif::ProgressBar> {
    if rows <= PROGRESS_ABOVE || output::captured() || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(rows as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("importing {bar:40} {pos}/{len} rows") {
        bar.set_style(style);
    }
    Some(bar)
}
