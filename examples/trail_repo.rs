//! Makes a git repository of many commits and times reading its trail:
//! the first read (no cache: every commit from git) and the second (the
//! cache: git is asked for nothing new), then one more after one new
//! commit.
//!
//! ```text
//! cargo run --example trail_repo -- --commits 10000 [--keep /tmp/repo]
//! ```
//!
//! A third of the commits name a key (`TAN-123: …`, `fixes TAN-45`), as in
//! a team that names its stories in commits; the rest name none. Branches
//! every 500 commits, merged back, so the default branch is reached
//! through merges too. The repository is written in one `git fast-import`
//! stream, so 10,000 commits take a second or two to make.

use backlog::store::trail::{self, KeyPattern};
use clap::Parser;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[derive(Parser)]
struct Args {
    /// How many commits.
    #[arg(long, default_value_t = 10_000)]
    commits: usize,
    /// Keep the repository here instead of a temp folder.
    #[arg(long)]
    keep: Option<PathBuf>,
}

const WORDS: [&str; 8] =
    ["login form", "payroll export", "rota view", "swap approval", "DST bug", "kiosk mode", "API", "tests"];

/// The message of commit `n`: every third names a key, every ninth closes one.
fn message(n: usize) -> String {
    let what = WORDS[n % WORDS.len()];
    match n % 9 {
        0 => format!("Fix the {what}\n\nfixes TAN-{}\n", 1 + n % 400),
        3 | 6 => format!("TAN-{}: work on the {what}\n", 1 + n % 400),
        _ => format!("Tidy the {what} (#{n})\n"),
    }
}

/// Writes a repository of `commits` commits at `dir` (created).
pub fn make(dir: &Path, commits: usize) {
    std::fs::create_dir_all(dir).expect("the repository folder");
    let git = |args: &[&str]| {
        let out = Command::new("git").arg("-C").arg(dir).args(args).output().expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    let mut s = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
    let who = |n: usize| ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra"][n % 4];
    // Main's last commit, and the side branch's when one is open.
    let mut main_tip = 0usize;
    let mut side: Option<(usize, usize)> = None;
    for n in 1..=commits {
        let t = 1_700_000_000 + n as i64 * 600;
        let msg = message(n);
        // Every 500 commits a branch starts; 50 commits later it is merged.
        let on_side = side.is_some_and(|(start, _)| n < start + 50);
        let branch = if on_side { format!("refs/heads/TAN-{}-feature", n / 500) } else { "refs/heads/main".into() };
        writeln!(s, "commit {branch}\nmark :{n}").unwrap();
        writeln!(s, "author {} <dev@example.com> {t} +0000", who(n)).unwrap();
        writeln!(s, "committer {} <dev@example.com> {t} +0000", who(n)).unwrap();
        writeln!(s, "data {}\n{msg}", msg.len()).unwrap();
        match (on_side, side) {
            (true, Some((_, tip))) => {
                writeln!(s, "from :{}", if tip == 0 { main_tip } else { tip }).unwrap();
                side = side.map(|(st, _)| (st, n));
            }
            (false, Some((_, tip))) => {
                // The merge back into main.
                if main_tip > 0 {
                    writeln!(s, "from :{main_tip}").unwrap();
                }
                writeln!(s, "merge :{tip}").unwrap();
                side = None;
                main_tip = n;
            }
            _ => {
                if main_tip > 0 {
                    writeln!(s, "from :{main_tip}").unwrap();
                }
                main_tip = n;
                if n % 500 == 0 {
                    side = Some((n + 1, 0));
                }
            }
        }
        writeln!(s).unwrap();
    }
    drop(s);
    assert!(child.wait().expect("fast-import ends").success(), "git fast-import failed");
}

fn main() {
    let args = Args::parse();
    let tmp = tempfile::tempdir().expect("a temp folder");
    let dir = args.keep.clone().unwrap_or_else(|| tmp.path().join("repo"));
    let start = Instant::now();
    make(&dir, args.commits);
    eprintln!("made {} commits in {:.2?}", args.commits, start.elapsed());
    let root = std::fs::canonicalize(&dir).expect("the repository");
    let pattern = KeyPattern::new(["TAN"]);
    let cache = tmp.path().join("cache.json");
    let time = |what: &str| {
        let start = Instant::now();
        let t = trail::read(&root, &pattern, Some(&cache)).expect("the trail reads");
        let took = start.elapsed();
        println!(
            "{what}: {took:.2?} ({} commits from git, {} from the cache; {} name a key)",
            t.stats.new_commits,
            t.stats.cached_commits,
            t.commits.len()
        );
    };
    time("first read ");
    time("second read");
    let out = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["-c", "user.name=T", "-c", "user.email=t@x"])
        .args(["commit", "-q", "--allow-empty", "-m", "fixes TAN-7"])
        .output()
        .expect("git commit");
    assert!(out.status.success());
    time("after 1 new");
    println!("cache: {} bytes", std::fs::metadata(&cache).map(|m| m.len()).unwrap_or(0));
}
