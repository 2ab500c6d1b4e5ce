//! What field-level history costs in the file: bytes per field change and
//! per record, and the share of the file the history takes, after N edits
//! of a generated workspace, whole and with the retention setting applied.
//!
//! ```text
//! cargo run --example history_size                      # 10k items; 10k and 100k changes
//! cargo run --example history_size -- --items 100000 --changes 100000
//! ```
//!
//! The edits are single-field edits made the way the CLI makes them
//! (`domain::apply`, a person in `Ctx::user`, `via: cli`), on random open
//! and closed items: status moves, estimates, titles, assignees, labels and
//! rank moves. Sizes do not depend on the build: a debug build will do.

#[allow(dead_code)]
#[path = "generate.rs"]
mod generate;

#[path = "../benches/common/mod.rs"]
mod common;

use backlog::domain::Workspace;
use backlog::domain::history::{self, History};
use backlog::store::codec;
use clap::Parser;

#[derive(Parser)]
#[command(about = "Measure what field-level history adds to the workspace file")]
struct Args {
    /// Items in the generated workspace the edits start from.
    #[arg(long, default_value_t = 10_000)]
    items: usize,
    /// How many edits to make, each run from the same start.
    #[arg(long, value_delimiter = ',', default_values_t = [10_000, 100_000])]
    changes: Vec<usize>,
}

fn main() {
    let args = Args::parse();
    let base = common::generated(args.items);
    let sizes = Sizes::of(&base);
    let fields: usize = base.history.records().iter().map(|r| r.edits.len()).sum();
    println!(
        "generated {} items: {} bytes ({} without history), {} history records ({fields} field edits) taking {} bytes \
         ({:.1}% of the file; {:.0} bytes per record)",
        args.items,
        sizes.file,
        sizes.without,
        base.history.len(),
        sizes.history(),
        sizes.share(),
        sizes.history() as f64 / base.history.len().max(1) as f64,
    );
    for n in args.changes {
        measure(&base, &sizes, n);
    }
}

/// The encoded file, and the same workspace encoded with no history.
struct Sizes {
    file: usize,
    without: usize,
}

impl Sizes {
    fn of(ws: &Workspace) -> Sizes {
        let mut bare = ws.clone();
        bare.history = History::default();
        Sizes { file: codec::encode(ws).len(), without: codec::encode(&bare).len() }
    }
    fn history(&self) -> usize {
        self.file - self.without
    }
    fn share(&self) -> f64 {
        100.0 * self.history() as f64 / self.file as f64
    }
}

fn measure(base: &Workspace, before: &Sizes, n: usize) {
    let mut ws = base.clone();
    let made = common::edits::single_field(&mut ws, n);
    let records = ws.history.len() - base.history.len();
    let fields: usize = ws.history.records()[base.history.len()..].iter().map(|r| r.edits.len()).sum();
    let after = Sizes::of(&ws);
    let per = |bytes: usize, k: usize| bytes as f64 / k.max(1) as f64;
    let grown = after.file - before.file;
    let history = after.history() - before.history();
    println!(
        "\n{n} edits ({} refused): {records} records, {fields} field changes ({:.2} per record)",
        n - made,
        per(fields, records)
    );
    println!(
        "  file {} -> {} bytes: +{grown} (+{:.0} per field change, +{:.0} per record); \
         history alone +{history} ({:.0} per field change, {:.0} per record)",
        before.file,
        after.file,
        per(grown, fields),
        per(grown, records),
        per(history, fields),
        per(history, records),
    );
    println!("  history at the end: {} bytes, {:.1}% of the file", after.history(), after.share());

    // Retention with its cutoff after every record: all values go, who,
    // when and which field stay. Compared with the start compacted too.
    let cutoff = ws.history.last().map(|r| r.at).unwrap_or_default() + chrono::Duration::seconds(1);
    let last = ws.history.last().map(|r| serde_json::to_string(r).expect("serializes"));
    let mut start = base.clone();
    history::compact(&mut start.history, cutoff);
    let compacted = history::compact(&mut ws.history, cutoff);
    let (start, end) = (Sizes::of(&start), Sizes::of(&ws));
    let history = end.history() - start.history();
    println!(
        "  compacted (all {compacted} value edits): history +{history} for the edits ({:.0} per field change, {:.0} per \
         record); history at the end {} bytes, {:.1}% of the file",
        per(history, fields),
        per(history, records),
        end.history(),
        end.share(),
    );
    if let (Some(whole), Some(r)) = (last, ws.history.last()) {
        let compacted = serde_json::to_string(r).expect("serializes");
        println!("  the last record, {} bytes: {whole}", whole.len());
        println!("  compacted, {} bytes: {compacted}", compacted.len());
    }
}
