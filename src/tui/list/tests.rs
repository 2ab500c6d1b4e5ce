//! The filter scan with the text index, in small steps so that every path
//! runs on the demo workspace: the first chunk read directly, the index
//! searched a slice at a time (partly built, or whole), the rest read a
//! bit per word, items retitled meanwhile. The list ends up showing what a
//! list filtered directly, in one go, shows.

use super::{FilterSpec, RankedList};
use crate::domain::command::{Command, ItemPatch};
use crate::domain::{Ctx, Role, Workspace, apply};
use crate::store::demo;
use proptest::prelude::*;

fn demo_ws() -> Workspace {
    demo::workspace(demo::ANCHOR.and_hms_opt(23, 0, 0).expect("a time").and_utc())
}

const QUERIES: &[&str] = &["a", "shift", "sw", "-the", "pay OR swap", "status:done e", "kind:bug", "zzz", "é"];
const TITLES: &[&str] = &["Swap shifts", "Pay the baristas", "Zzz", "Café menu", "Kelvin \u{212A}"];

#[derive(Debug, Clone)]
enum Op {
    /// Steps of the scan, each reading this many items directly.
    Scan(usize),
    /// Steps of building the index.
    Index(usize),
    /// Retitles the item at this index of the workspace.
    Retitle(prop::sample::Index, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1..6usize).prop_map(Op::Scan),
        (1..4usize).prop_map(Op::Index),
        (any::<prop::sample::Index>(), 0..TITLES.len()).prop_map(|(i, t)| Op::Retitle(i, t)),
    ]
}

fn rows(l: &RankedList) -> Vec<usize> {
    (0..l.len()).filter_map(|i| l.get(i)).collect()
}

proptest! {
    #[test]
    fn the_index_finds_what_reading_each_item_finds(
        query in 0..QUERIES.len(),
        hide_done in any::<bool>(),
        ops in prop::collection::vec(op(), 0..30),
    ) {
        let mut ws = demo_ws();
        let mut ctx = Ctx::new(demo::ANCHOR.and_hms_opt(23, 30, 0).expect("a time").and_utc(), Role::Po);
        ctx.confirmed = true;
        let mut list = RankedList::build(&ws);
        let mut spec = FilterSpec::new(&ws, QUERIES[query], None, "");
        spec.open_only = hide_done;
        list.set_filter(spec.clone());
        for op in ops {
            match op {
                Op::Scan(n) => (0..n).for_each(|_| { list.step(&ws, 3); }),
                Op::Index(n) => (0..n).for_each(|_| { list.index.extend(&ws, 7); }),
                Op::Retitle(i, t) => {
                    let pos = i.index(ws.items.len());
                    if !ws.items[pos].is_live() {
                        continue;
                    }
                    let id = ws.items[pos].meta.id;
                    let patch = ItemPatch { title: Some(TITLES[t].to_owned()), ..Default::default() };
                    apply(&mut ws, Command::EditItem { id, patch: Box::new(patch) }, &mut ctx).unwrap();
                    list.on_items_changed(&ws, &[pos], None);
                }
            }
        }
        while list.step(&ws, 3) {}
        let mut fresh = RankedList::build(&ws);
        fresh.set_filter(spec);
        while fresh.step(&ws, usize::MAX) {}
        prop_assert_eq!(rows(&list), rows(&fresh));
        prop_assert_eq!(list.hidden_closed(), fresh.hidden_closed());
    }
}

/// With the index whole, most of a scan is read through it: a scan of the
/// demo in steps of 3 items takes far fewer steps than items.
#[test]
fn a_whole_index_makes_the_scan_take_few_steps() {
    let ws = demo_ws();
    let mut list = RankedList::build(&ws);
    while list.index_step(&ws) {}
    list.set_filter(FilterSpec::new(&ws, "a", None, ""));
    let mut steps = 1;
    while list.step(&ws, 3) {
        steps += 1;
    }
    let items = list.total();
    assert!(steps < items / 3, "{steps} steps for {items} items");
}
