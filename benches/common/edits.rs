//! Single-field edits the way people make them through the CLI: a person
//! in `Ctx::user`, `via: cli`, a change every half minute, on random
//! items: status moves, estimates, titles, assignees, labels and rank
//! moves. What `examples/history_size.rs` measures the history of, and what
//! the save benchmark's long history is made of.

use backlog::domain::command::{ItemPatch, Position};
use backlog::domain::{Command, Ctx, IdGen, Role, Status, Workspace, apply};
use uuid::Uuid;

/// Who makes the edits: realistic names, so `by` costs what it will.
const PEOPLE: [&str; 6] = ["Ana Lima", "Ben Okafor", "Chloé Martin", "Dev Patel", "Erik Johansson", "Fatima Zahra"];
const LABELS: [&str; 8] = ["backend", "frontend", "ux", "security", "performance", "tech-debt", "api", "mobile"];

/// Makes `n` single-field edits on random live items, after the last
/// change the workspace records (so each record goes at the end, as in
/// real use); returns how many applied. An edit that sets what is already
/// there (the same estimate again) applies and records nothing.
pub fn single_field(ws: &mut Workspace, n: usize) -> usize {
    let start = ws.history.last().map_or_else(super::clock, |r| r.at.max(super::clock()));
    let ids: Vec<Uuid> = ws.live_items().map(|i| i.meta.id).collect();
    let mut ctx =
        Ctx { confirmed: true, ids: IdGen::sequential(), via: Some("cli".into()), ..Ctx::new(start, Role::Po) };
    let mut rng = Rng(19);
    let mut made = 0;
    for k in 0..n {
        ctx.now += chrono::Duration::seconds(20 + rng.below(20) as i64);
        ctx.user = PEOPLE[rng.below(PEOPLE.len())].to_owned();
        let id = ids[rng.below(ids.len())];
        let item = ws.item(id).expect("a live item");
        let mut patch = ItemPatch::default();
        match rng.below(100) {
            0..30 => patch.status = Some(next_status(item.status)),
            30..50 => patch.estimate = Some(Some([1, 2, 3, 5, 8, 13][rng.below(6)])),
            50..65 => patch.title = Some(retitled(&item.title, k)),
            65..80 => patch.assignee = Some(Some(PEOPLE[rng.below(PEOPLE.len())].to_owned())),
            80..90 => {
                let mut labels = item.labels.clone();
                let label = LABELS[rng.below(LABELS.len())].to_owned();
                match labels.iter().position(|l| *l == label) {
                    Some(i) => drop(labels.remove(i)),
                    None => labels.push(label),
                }
                patch.labels = Some(labels);
            }
            _ => {
                let cmd = Command::RankItem { id, to: Position::Before(ids[rng.below(ids.len())]) };
                made += usize::from(apply(ws, cmd, &mut ctx).is_ok());
                continue;
            }
        }
        let cmd = Command::EditItem { id, patch: Box::new(patch) };
        made += usize::from(apply(ws, cmd, &mut ctx).is_ok());
    }
    made
}

/// One step along the flow; a closed item is reopened.
fn next_status(s: Status) -> Status {
    match s {
        Status::New => Status::Refined,
        Status::Refined => Status::Ready,
        Status::Ready => Status::InProgress,
        Status::InProgress => Status::Review,
        Status::Review => Status::Done,
        Status::Done | Status::Dropped => Status::InProgress,
    }
}

/// A title rewritten the way people do: a qualifier added or taken off.
fn retitled(title: &str, k: usize) -> String {
    const TAGS: [&str; 3] = [" (follow-up)", " for admins", " on mobile"];
    match TAGS.iter().find_map(|t| title.strip_suffix(t)) {
        Some(bare) => bare.to_owned(),
        None => format!("{title}{}", TAGS[k % TAGS.len()]),
    }
}

/// splitmix64: the same edits every run, without a dependency.
struct Rng(u64);

impl Rng {
    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}
