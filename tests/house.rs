//! The house has no circles: `tui::view` and `tui::update` never import
//! each other (what both need lives below them, in `tui::derive` and
//! `tui::layout`), and the module pairs that once imported each other do
//! not again. See "Where things go as the product grows" in
//! ARCHITECTURE.md.
//!
//! A text scan of the sources, not the compiler's view: it reads every
//! `crate::`, `super::` and `self::` path (and `use` trees, braces
//! expanded), resolves it against the file's own module, and follows the
//! `pub use` re-exports it finds, so `crate::domain::Item` counts as an
//! import of `domain::item`. `HOUSE_SRC` points it at another `src/` (to
//! check that it catches the old circles).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules that import each other, by module path (without `crate::`).
/// Each must only go one way (or neither).
const PAIRS: &[(&str, &str)] = &[
    ("domain::item", "domain::score"),
    ("domain::ready", "domain::workspace"),
    ("store::import::plan", "store::import::sync"),
    ("store::import::plan", "store::import::sprints"),
    ("store::import::plan", "store::import::strategy"),
    ("tui::form", "tui::state"),
];

/// Neither of these may import the other, at all.
const APART: (&str, &str) = ("tui::view", "tui::update");

struct File {
    /// `tui::view::backlog` (no `crate::`).
    module: Vec<String>,
    text: String,
}

fn sources(root: &Path) -> Vec<File> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("reads src") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel: Vec<String> = p
                    .strip_prefix(root)
                    .expect("under src")
                    .with_extension("")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let last = rel.last().map(String::as_str);
                // src/a/mod.rs and src/lib.rs are the module of their folder.
                let module =
                    if matches!(last, Some("mod" | "lib" | "main")) { rel[..rel.len() - 1].to_vec() } else { rel };
                let text = strip(&std::fs::read_to_string(&p).expect("reads a source"));
                out.push(File { module, text });
            }
        }
    }
    out
}

/// The source without comments, string and char literals (so that a path
/// in a doc comment or a message is not an import).
fn strip(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !b[..i].last().is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F600}'), not a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 2..b.len().min(i + 12)).find(|&k| b[k] == '\'')
            } else {
                (b.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            match end {
                Some(e) => {
                    out.push_str("' '");
                    i = e + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Every `use` statement's paths (braces expanded, `as` names kept), with
/// whether it is a `pub use`.
fn use_trees(text: &str) -> Vec<(bool, Vec<String>, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = find_word(rest, "use") {
        let before = rest[..at].trim_end();
        let public = ["pub", "pub(crate)", "pub(super)"].iter().any(|p| before.ends_with(p));
        let after = &rest[at + 3..];
        let Some(end) = after.find(';') else { break };
        let tree: String = after[..end].chars().filter(|c| !c.is_whitespace() || *c == ' ').collect();
        expand(&tree, &mut Vec::new(), &mut |path, alias| out.push((public, path, alias)));
        rest = &after[end..];
    }
    out
}

fn find_word(hay: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = hay[from..].find(word) {
        let at = from + i;
        let ok_before = !hay[..at].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_');
        let ok_after = hay[at + word.len()..].chars().next().is_some_and(char::is_whitespace);
        if ok_before && ok_after {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Calls `f` with each full path of a use tree such as `a::{b, c::{d as e}}`.
fn expand(tree: &str, prefix: &mut Vec<String>, f: &mut dyn FnMut(Vec<String>, Option<String>)) {
    let tree = tree.trim().trim_start_matches("::");
    if let Some(open) = tree.find('{') {
        let head: Vec<String> =
            tree[..open].split("::").map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let n = prefix.len();
        prefix.extend(head);
        for part in split_top(inner) {
            expand(part, prefix, f);
        }
        prefix.truncate(n);
    } else {
        let (path, alias) = match tree.split_once(" as ") {
            Some((p, a)) => (p, Some(a.trim().to_owned())),
            None => (tree, None),
        };
        let mut full = prefix.clone();
        full.extend(path.split("::").map(str::trim).filter(|s| !s.is_empty()).map(String::from));
        if full.last().is_some_and(|s| s == "self") {
            full.pop();
        }
        if !full.is_empty() {
            f(full, alias);
        }
    }
}

/// `a, b::{c, d}, e` split at the commas outside braces.
fn split_top(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// Paths in code (not `use`): `crate::a::b`, `super::super::c`, `self::d`.
fn code_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        if word_start && (rest.starts_with("crate::") || rest.starts_with("super:") || rest.starts_with("self::")) {
            let mut j = i;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_' || chars[j] == ':') {
                j += 1;
            }
            let path: String = chars[i..j].iter().collect();
            out.push(path.split("::").filter(|s| !s.is_empty()).map(String::from).collect());
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// `path` as written in `file`, made absolute (without `crate`). A first
/// segment that is not `crate`/`super`/`self` is a child module when the
/// file has one by that name, else an outside crate (None).
fn absolute(file: &File, path: &[String], children: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    // `super` in a/mod.rs and in a.rs alike is the parent of `a` (an
    // inline `mod tests` is read as its file).
    let mut base = file.module.clone();
    let mut segs = path.iter().peekable();
    match segs.peek().map(|s| s.as_str()) {
        Some("crate") => {
            base.clear();
            segs.next();
        }
        Some("self") => {
            segs.next();
        }
        Some("super") => {
            while segs.peek().is_some_and(|s| *s == "super") {
                segs.next();
                base.pop()?;
            }
        }
        Some(first) => {
            let mut child = file.module.clone();
            child.push(first.to_owned());
            if !children.contains(&child) {
                return None;
            }
        }
        None => return None,
    }
    base.extend(segs.cloned());
    Some(base)
}

/// Follows `pub use` re-exports: `domain::Item` -> `domain::item::Item`.
fn resolve(mut path: Vec<String>, aliases: &BTreeMap<Vec<String>, Vec<String>>) -> Vec<String> {
    for _ in 0..8 {
        let hit = (1..=path.len()).rev().find_map(|n| aliases.get(&path[..n]).map(|to| (n, to.clone())));
        match hit {
            Some((n, to)) if to != path[..n] => {
                let mut next = to;
                next.extend(path[n..].iter().cloned());
                path = next;
            }
            _ => break,
        }
    }
    path
}

fn within(path: &[String], module: &str) -> bool {
    let m: Vec<&str> = module.split("::").collect();
    path.len() >= m.len() && path.iter().zip(&m).all(|(a, b)| a == b)
}

/// For every module, the modules its files name (as written, and as
/// re-exports resolve them).
fn imports(root: &Path) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    let files = sources(root);
    let children: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    let mut aliases = BTreeMap::new();
    for f in &files {
        for (public, path, alias) in use_trees(&f.text) {
            if let (true, Some(to)) = (public, absolute(f, &path, &children)) {
                let name = alias.unwrap_or_else(|| path.last().cloned().unwrap_or_default());
                let mut from = f.module.clone();
                from.push(name);
                aliases.insert(from, to);
            }
        }
    }
    files
        .iter()
        .map(|f| {
            let written = use_trees(&f.text).into_iter().map(|(_, p, _)| p).chain(code_paths(&f.text));
            let mut named = Vec::new();
            for p in written {
                if let Some(abs) = absolute(f, &p, &children) {
                    named.push(resolve(abs.clone(), &aliases));
                    named.push(abs);
                }
            }
            (f.module.clone(), named)
        })
        .collect()
}

/// The arrows from module tree `from` into module tree `to`, as
/// "file module -> named path".
fn arrows(all: &[(Vec<String>, Vec<Vec<String>>)], from: &str, to: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (module, named) in all {
        if !within(module, from) || within(module, to) {
            continue;
        }
        for p in named {
            if within(p, to) {
                out.insert(format!("{} -> {}", module.join("::"), p.join("::")));
            }
        }
    }
    out
}

fn src_root() -> PathBuf {
    std::env::var_os("HOUSE_SRC").map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), PathBuf::from)
}

#[test]
fn view_and_update_do_not_import_each_other() {
    let all = imports(&src_root());
    let (a, b) = APART;
    let mut found: Vec<String> = arrows(&all, a, b).into_iter().collect();
    found.extend(arrows(&all, b, a));
    assert!(
        found.is_empty(),
        "{a} and {b} import each other; move what both need below them (tui::derive for derived lists, \
         tui::layout for screen geometry):\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn no_pair_of_modules_imports_each_other() {
    let all = imports(&src_root());
    let mut circles = Vec::new();
    for (a, b) in PAIRS {
        let (ab, ba) = (arrows(&all, a, b), arrows(&all, b, a));
        if !ab.is_empty() && !ba.is_empty() {
            let list: Vec<String> = ab.into_iter().chain(ba).collect();
            circles.push(format!("{a} <-> {b}:\n    {}", list.join("\n    ")));
        }
    }
    assert!(circles.is_empty(), "modules import each other again:\n  {}", circles.join("\n  "));
}

/// The scan itself: it sees through braces, `super`, and re-exports, and
/// not into comments or strings.
#[test]
fn the_scan_reads_paths_as_rust_does() {
    let mut got = Vec::new();
    expand("crate::a::{b, c::{d as e, self}}", &mut Vec::new(), &mut |p, a| got.push((p.join("::"), a)));
    assert_eq!(
        got,
        vec![("crate::a::b".into(), None), ("crate::a::c::d".into(), Some("e".into())), ("crate::a::c".into(), None)]
    );
    let text = strip("// crate::x\nlet s = \"crate::y\"; let c = '\"'; f::<'a>(crate::z::w);");
    assert_eq!(code_paths(&text), vec![vec!["crate".to_owned(), "z".into(), "w".into()]]);
}
