//! `backlog rank KEY --before X | --after X | --top | --bottom` through the
//! real binary, at both ends of the list and in the middle, each read back
//! through `backlog list --json` as an exact order. (`--before` placing the
//! item after X once passed every test.)

mod common;

use common::pty::Env;
use std::time::Instant;

/// The keys `list --json --all` prints, in order.
fn listed(env: &Env) -> Vec<String> {
    let out = env.cli(&["list", "--json", "--all"]);
    let items: Vec<serde_json::Value> = serde_json::from_str(&out).expect("list --json prints a JSON array");
    items.iter().map(|i| i["key"].as_str().expect("an item has a key").to_owned()).collect()
}

#[test]
fn rank_before_after_top_bottom_give_the_exact_order() {
    let start = Instant::now();
    let env = Env::empty();
    for title in ["One", "Two", "Three", "Four", "Five"] {
        env.cli(&["add", title]);
    }
    let k = listed(&env);
    assert_eq!(k.len(), 5, "{k:?}");
    let base = std::fs::read(&env.ws).unwrap();

    // (what, arguments, the order after, as indexes into the first order)
    let before = |i: usize, x: usize| vec![k[i].clone(), "--before".into(), k[x].clone()];
    let after = |i: usize, x: usize| vec![k[i].clone(), "--after".into(), k[x].clone()];
    let to = |i: usize, end: &str| vec![k[i].clone(), format!("--{end}")];
    let cases: Vec<(&str, Vec<String>, [usize; 5])> = vec![
        ("before the first", before(2, 0), [2, 0, 1, 3, 4]),
        ("the last before the first", before(4, 0), [4, 0, 1, 2, 3]),
        ("before the last", before(0, 4), [1, 2, 3, 0, 4]),
        ("before the next one up", before(3, 2), [0, 1, 3, 2, 4]),
        ("before the next one down (already there)", before(1, 2), [0, 1, 2, 3, 4]),
        ("before one further down", before(1, 3), [0, 2, 1, 3, 4]),
        ("after the last", after(2, 4), [0, 1, 3, 4, 2]),
        ("the first after the last", after(0, 4), [1, 2, 3, 4, 0]),
        ("after the first", after(4, 0), [0, 4, 1, 2, 3]),
        ("after the next one down", after(1, 2), [0, 2, 1, 3, 4]),
        ("after the next one up (already there)", after(2, 1), [0, 1, 2, 3, 4]),
        ("after one further up", after(3, 1), [0, 1, 3, 2, 4]),
        ("top", to(3, "top"), [3, 0, 1, 2, 4]),
        ("top, the last", to(4, "top"), [4, 0, 1, 2, 3]),
        ("top when already top", to(0, "top"), [0, 1, 2, 3, 4]),
        ("bottom", to(1, "bottom"), [0, 2, 3, 4, 1]),
        ("bottom, the first", to(0, "bottom"), [1, 2, 3, 4, 0]),
        ("bottom when already bottom", to(4, "bottom"), [0, 1, 2, 3, 4]),
    ];
    for (what, args, want) in cases {
        std::fs::write(&env.ws, &base).unwrap();
        let mut full = vec!["rank"];
        full.extend(args.iter().map(String::as_str));
        env.cli(&full);
        let want: Vec<String> = want.iter().map(|&i| k[i].clone()).collect();
        assert_eq!(listed(&env), want, "rank {what}: backlog {full:?}");
    }

    // Moves add up: each one starts from where the last left the list.
    std::fs::write(&env.ws, &base).unwrap();
    env.cli(&["rank", &k[4], "--before", &k[1]]);
    env.cli(&["rank", &k[0], "--after", &k[2]]);
    env.cli(&["rank", &k[3], "--top"]);
    env.cli(&["rank", &k[4], "--bottom"]);
    let want: Vec<String> = [3, 1, 2, 0, 4].iter().map(|&i| k[i].clone()).collect();
    assert_eq!(listed(&env), want, "four moves in a row");

    // Relative to itself: an error, and nothing moves.
    std::fs::write(&env.ws, &base).unwrap();
    for flag in ["--before", "--after"] {
        let out = env.command().args(["rank", &k[2], flag, &k[2]]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "rank {flag} itself: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("itself"));
        assert_eq!(std::fs::read(&env.ws).unwrap(), base, "rank {flag} itself changed the file");
    }
    println!("rank_before_after_top_bottom: {:?}", start.elapsed());
}
