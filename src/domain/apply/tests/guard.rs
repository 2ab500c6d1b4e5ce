//! The role guard as a table: every command, run as each role, under each
//! guard mode (warn with and without confirmation, strict, off), on things
//! owned by each role, must be allowed, refused (`Guard`), or asked about
//! (`NeedsConfirmation`) exactly as the rule says, and a refused command
//! must leave the workspace as it was.
//!
//! The rule: a command crossing the line (acting on what the other role
//! owns) is refused under strict, asked about under warn until confirmed
//! (then allowed with a warning), allowed under off. Settings, undo/redo
//! (`Restore`), recording conflicts and keeping our side of a conflict are
//! not guarded.

use super::W;
use crate::domain::command::{
    Command, GoalPatch, InitiativePatch, ItemPatch, MemberPatch, NewGoal, NewInitiative, NewItem, NewMember,
    NewRelease, NewSprint, Position, ReleasePatch, SettingsPatch, SprintPatch, Take, VisionPatch,
};
use crate::domain::entity::Role;
use crate::domain::error::DomainError;
use crate::domain::strategy::Horizon;
use crate::domain::workspace::{Conflict, GuardMode};
use serde_json::json;
use uuid::Uuid;

/// The workspace every row starts from: two items, a goal, an initiative
/// and a planned sprint, made with the guard off.
struct Fx {
    w: W,
    a: Uuid,
    b: Uuid,
    goal: Uuid,
    initiative: Uuid,
    sprint: Uuid,
    release: Uuid,
    member: Uuid,
}

fn fixture() -> Fx {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Off;
    let a = w.add("A");
    let b = w.add("B");
    let goal = w.goal("Goal");
    let initiative = w.initiative("Initiative", &[goal]);
    let sprint = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let release = w.created(Command::AddRelease(NewRelease { name: "1.0".into(), ..Default::default() }));
    let member = w.created(Command::AddMember(NewMember { name: "Ana".into(), capacity: 8 }));
    Fx { w, a, b, goal, initiative, sprint, release, member }
}

/// What a command changes, for the guard.
#[derive(Debug, Clone, Copy)]
enum Thing {
    ItemA,
    /// Items B then A (a reorder checks them in its order).
    ItemsBa,
    Vision,
    Goal,
    Initiative,
    Sprint,
    Release,
    Member,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    /// Adds to a list one role owns, named so in messages.
    List(Role, &'static str),
    /// Acts on a thing: the table runs it owned by each role.
    Owned(Thing),
    /// Not guarded, whoever owns the thing it touches.
    Unguarded(Option<Thing>),
}

impl Fx {
    fn set_owner(&mut self, thing: Thing, owner: Role) {
        let ws = &mut self.w.ws;
        match thing {
            Thing::ItemA | Thing::ItemsBa => {
                for id in [self.a, self.b] {
                    self.w.raw(id).meta.owner = owner;
                }
            }
            Thing::Vision => ws.vision.meta.owner = owner,
            Thing::Goal => ws.goals.iter_mut().for_each(|g| g.meta.owner = owner),
            Thing::Initiative => ws.roadmap.iter_mut().for_each(|i| i.meta.owner = owner),
            Thing::Sprint => ws.sprints.iter_mut().for_each(|s| s.meta.owner = owner),
            Thing::Release => ws.releases.iter_mut().for_each(|r| r.meta.owner = owner),
            Thing::Member => ws.team.iter_mut().for_each(|m| m.meta.owner = owner),
        }
    }

    /// How the guard names what it checks, in the order it checks them.
    fn labels(&self, thing: Thing) -> Vec<String> {
        let ws = &self.w.ws;
        let key = |id| self.w.item(id).key.clone();
        match thing {
            Thing::ItemA => vec![key(self.a)],
            Thing::ItemsBa => vec![key(self.b), key(self.a)],
            Thing::Vision => vec!["the vision".into()],
            Thing::Goal => vec![ws.goal(self.goal).expect("goal").key.clone()],
            Thing::Initiative => vec![ws.initiative(self.initiative).expect("initiative").key.clone()],
            Thing::Sprint => vec![self.w.sprint(self.sprint).name.clone()],
            Thing::Release => vec!["release 1.0".into()],
            Thing::Member => vec!["Ana".into()],
        }
    }

    fn conflict_on_a(&mut self) -> Uuid {
        let id = Uuid::from_u128(0xc0ff_ee00);
        let label = self.w.item(self.a).key.clone();
        self.w.ws.conflicts.push(Conflict {
            id,
            at: self.w.ctx.now,
            entity: "item".into(),
            entity_id: Some(self.a),
            label,
            field: "title".into(),
            base: json!(null),
            ours: json!("A"),
            theirs: json!("Theirs"),
            ours_by: Role::Po,
            ours_by_person: String::new(),
            resolved_at: None,
            sides: None,
            extra: Default::default(),
        });
        id
    }
}

type Build = fn(&mut Fx) -> Command;

/// Declares the rows: a pattern, whose it is, and how to build one on the
/// fixture. The patterns also make `target`, a match with no wildcard, so a
/// new `Command` variant does not compile until it has a row here.
macro_rules! table {
    ($($pat:pat => $target:expr, $build:expr;)+) => {
        fn target(cmd: &Command) -> Target {
            match cmd {
                $($pat => $target,)+
            }
        }
        /// Which row's pattern a command matches first.
        fn row_of(cmd: &Command) -> Option<usize> {
            [$(matches!(cmd, $pat)),+].iter().position(|m| *m)
        }
        const ROWS: &[Build] = &[$($build),+];
    };
}

table! {
    Command::AddItem(_) => Target::List(Role::Po, "the backlog"),
        |_| Command::AddItem(Box::new(NewItem { title: "New".into(), ..Default::default() }));
    Command::EditItem { .. } => Target::Owned(Thing::ItemA),
        |fx| Command::EditItem {
            id: fx.a,
            patch: Box::new(ItemPatch { title: Some("A, renamed".into()), ..Default::default() }),
        };
    Command::DeleteItem { .. } => Target::Owned(Thing::ItemA), |fx| Command::DeleteItem { id: fx.a };
    Command::RankItem { .. } => Target::Owned(Thing::ItemA),
        |fx| Command::RankItem { id: fx.a, to: Position::Bottom };
    Command::ReorderItems { .. } => Target::Owned(Thing::ItemsBa),
        |fx| Command::ReorderItems { order: vec![fx.b, fx.a] };
    Command::LinkItems { .. } => Target::Owned(Thing::ItemA),
        |fx| Command::LinkItems { blocker: fx.a, blocked: fx.b, linked: true };
    Command::AddComment { .. } => Target::Unguarded(Some(Thing::ItemA)),
        |fx| Command::AddComment { id: fx.a, text: "Anyone may say something".into() };
    Command::MoveItems { .. } => Target::Owned(Thing::ItemsBa),
        |fx| Command::MoveItems { ids: vec![fx.b, fx.a], to: Position::Top };
    Command::Batch { .. } => Target::Owned(Thing::ItemsBa),
        |fx| Command::Batch {
            commands: [fx.b, fx.a]
                .map(|id| Command::EditItem {
                    id,
                    patch: Box::new(ItemPatch { labels: Some(vec!["groomed".into()]), ..Default::default() }),
                })
                .into(),
            summary: None,
        };
    Command::EditVision(_) => Target::Owned(Thing::Vision),
        |_| Command::EditVision(VisionPatch { statement: Some("A new vision".into()), ..Default::default() });
    Command::AddGoal(_) => Target::List(Role::Pm, "the goal list"),
        |_| Command::AddGoal(NewGoal { title: "New goal".into(), ..Default::default() });
    Command::EditGoal { .. } => Target::Owned(Thing::Goal),
        |fx| Command::EditGoal {
            id: fx.goal,
            patch: GoalPatch { title: Some("Goal, renamed".into()), ..Default::default() },
        };
    Command::DeleteGoal { .. } => Target::Owned(Thing::Goal), |fx| Command::DeleteGoal { id: fx.goal };
    Command::AddInitiative(_) => Target::List(Role::Pm, "the roadmap"),
        |_| Command::AddInitiative(Box::new(NewInitiative {
            title: "New initiative".into(),
            horizon: Some(Horizon::Next),
            ..Default::default()
        }));
    Command::EditInitiative { .. } => Target::Owned(Thing::Initiative),
        |fx| Command::EditInitiative {
            id: fx.initiative,
            patch: Box::new(InitiativePatch { title: Some("Renamed".into()), ..Default::default() }),
        };
    Command::MoveInitiative { .. } => Target::Owned(Thing::Initiative),
        |fx| Command::MoveInitiative { id: fx.initiative, horizon: Horizon::Later, to: Position::Bottom };
    Command::DeleteInitiative { .. } => Target::Owned(Thing::Initiative),
        |fx| Command::DeleteInitiative { id: fx.initiative };
    Command::AddSprint(_) => Target::List(Role::Po, "the sprint list"),
        |_| Command::AddSprint(NewSprint {
            name: Some("S2".into()),
            start: Some(super::d("2026-03-16")),
            end: Some(super::d("2026-03-27")),
            ..Default::default()
        });
    Command::EditSprint { .. } => Target::Owned(Thing::Sprint),
        |fx| Command::EditSprint {
            id: fx.sprint,
            patch: SprintPatch { goal: Some("A new goal".into()), ..Default::default() },
        };
    Command::StartSprint { .. } => Target::Owned(Thing::Sprint), |fx| Command::StartSprint { id: fx.sprint, move_dates: false };
    Command::CloseSprint { .. } => Target::Owned(Thing::Sprint),
        |fx| {
            fx.w.run(Command::StartSprint { id: fx.sprint, move_dates: false });
            Command::CloseSprint { id: fx.sprint, goal_met: Some(true), carry_over: crate::domain::command::CarryOver::Backlog, notes: String::new() }
        };
    Command::DeleteSprint { .. } => Target::Owned(Thing::Sprint), |fx| Command::DeleteSprint { id: fx.sprint };
    Command::RecordSprintPast { .. } => Target::Owned(Thing::Sprint),
        |fx| Command::RecordSprintPast {
            id: fx.sprint,
            past: Box::new(crate::domain::command::SprintPast {
                state: crate::domain::sprint::SprintState::Closed,
                started_at: None,
                history: Vec::new(),
                review: None,
            }),
        };
    Command::AddRelease(_) => Target::List(Role::Po, "the releases"),
        |_| Command::AddRelease(NewRelease { name: "2.0".into(), ..Default::default() });
    Command::EditRelease { .. } => Target::Owned(Thing::Release),
        |fx| Command::EditRelease {
            id: fx.release,
            patch: ReleasePatch { description: Some("The first".into()), ..Default::default() },
        };
    Command::DeleteRelease { .. } => Target::Owned(Thing::Release), |fx| Command::DeleteRelease { id: fx.release };
    Command::AddMember(_) => Target::List(Role::Po, "the team"),
        |_| Command::AddMember(NewMember { name: "Bo".into(), capacity: 5 });
    Command::EditMember { .. } => Target::Owned(Thing::Member),
        |fx| Command::EditMember { id: fx.member, patch: MemberPatch { capacity: Some(6), ..Default::default() } };
    Command::DeleteMember { .. } => Target::Owned(Thing::Member), |fx| Command::DeleteMember { id: fx.member };
    Command::EditSettings(_) => Target::Unguarded(None),
        |fx| Command::EditSettings(Box::new(SettingsPatch {
            velocity_window: Some(fx.w.ws.settings.velocity_window + 1),
            ..Default::default()
        }));
    Command::ResolveConflict { take: Take::Ours, .. } => Target::Unguarded(Some(Thing::ItemA)),
        |fx| Command::ResolveConflict { id: fx.conflict_on_a(), take: Take::Ours };
    Command::ResolveConflict { take: Take::Theirs, .. } => Target::Owned(Thing::ItemA),
        |fx| Command::ResolveConflict { id: fx.conflict_on_a(), take: Take::Theirs };
    // Undo of this session's own change to A.
    Command::Restore(_) => Target::Unguarded(Some(Thing::ItemA)),
        |fx| {
            let change = fx.w.edit(fx.a, ItemPatch { title: Some("Changed".into()), ..Default::default() });
            Command::Restore(change.before)
        };
    // The record of a clash an edit met: bookkeeping, like undo.
    Command::RecordConflicts(_) => Target::Unguarded(None),
        |fx| {
            let id = fx.conflict_on_a();
            let c = fx.w.ws.conflicts.iter().find(|c| c.id == id).cloned().expect("just made");
            fx.w.ws.conflicts.retain(|x| x.id != id);
            Command::RecordConflicts(vec![c])
        };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Allowed { warned: bool },
    Guard,
    NeedsConfirmation,
}

/// The rule, for a command on something `owner` owns (None: unguarded).
fn want(owner: Option<Role>, role: Role, mode: GuardMode, confirmed: bool) -> Want {
    match owner {
        Some(o) if o != role => match mode {
            GuardMode::Off => Want::Allowed { warned: false },
            GuardMode::Strict => Want::Guard,
            GuardMode::Warn if confirmed => Want::Allowed { warned: true },
            GuardMode::Warn => Want::NeedsConfirmation,
        },
        _ => Want::Allowed { warned: false },
    }
}

#[test]
fn every_command_role_mode_and_owner_is_allowed_refused_or_asked_as_the_rule_says() {
    let modes =
        [(GuardMode::Warn, false), (GuardMode::Warn, true), (GuardMode::Strict, false), (GuardMode::Strict, true)]
            .into_iter()
            .chain([(GuardMode::Off, false), (GuardMode::Off, true)]);
    let modes: Vec<(GuardMode, bool)> = modes.collect();
    let mut seen = Vec::new();
    let mut outcomes = [0usize; 3];
    for (row, build) in ROWS.iter().enumerate() {
        let probe = build(&mut fixture());
        assert_eq!(row_of(&probe), Some(row), "row {row} builds {probe:?}, which belongs to another row");
        seen.push(row);
        let owners: Vec<Option<Role>> = match target(&probe) {
            Target::List(owner, _) => vec![Some(owner)],
            Target::Owned(_) | Target::Unguarded(Some(_)) => vec![Some(Role::Pm), Some(Role::Po)],
            Target::Unguarded(None) => vec![None],
        };
        for owner in owners {
            for role in [Role::Pm, Role::Po] {
                for &(mode, confirmed) in &modes {
                    let mut fx = fixture();
                    let cmd = build(&mut fx);
                    let (guarded_owner, labels) = match target(&cmd) {
                        Target::List(o, label) => (Some(o), vec![label.to_owned()]),
                        Target::Owned(thing) => {
                            let o = owner.expect("owned rows run per owner");
                            fx.set_owner(thing, o);
                            (Some(o), fx.labels(thing))
                        }
                        Target::Unguarded(thing) => {
                            if let (Some(t), Some(o)) = (thing, owner) {
                                fx.set_owner(t, o);
                            }
                            (None, Vec::new())
                        }
                    };
                    fx.w.ws.settings.role_guard = mode;
                    fx.w.ctx.role = role;
                    fx.w.ctx.confirmed = confirmed;
                    let case = format!("{cmd:?} as {role:?}, {mode:?} (confirmed: {confirmed}), owner {owner:?}");
                    let before = fx.w.ws.clone();
                    let result = fx.w.try_run(cmd);
                    let crossing = guarded_owner.filter(|o| *o != role);
                    match (want(guarded_owner, role, mode, confirmed), result) {
                        (Want::Allowed { warned }, Ok(change)) => {
                            outcomes[0] += 1;
                            assert!(!change.after.is_empty(), "{case}: allowed but changed nothing");
                            let guard_notes: Vec<&String> =
                                change.warnings.iter().filter(|w| w.contains(" is owned by the ")).collect();
                            if warned {
                                let o = crossing.expect("a warning is for a crossing");
                                let notes: Vec<String> = labels
                                    .iter()
                                    .map(|l| format!("{l} is owned by the {}; edited as {}", o.label(), role.label()))
                                    .collect();
                                assert_eq!(guard_notes, notes.iter().collect::<Vec<_>>(), "{case}");
                            } else {
                                assert!(guard_notes.is_empty(), "{case}: unexpected {guard_notes:?}");
                            }
                        }
                        (Want::Guard, Err(e)) => {
                            outcomes[1] += 1;
                            let owner = crossing.expect("refused only across the line");
                            let entity = labels[0].clone();
                            assert_eq!(e, DomainError::Guard { entity, owner, role }, "{case}");
                            assert_eq!(fx.w.ws, before, "{case}: a refused command changed the workspace");
                        }
                        (Want::NeedsConfirmation, Err(e)) => {
                            outcomes[2] += 1;
                            let owner = crossing.expect("asked only across the line");
                            let entity = labels[0].clone();
                            assert_eq!(e, DomainError::NeedsConfirmation { entity, owner, role }, "{case}");
                            assert_eq!(
                                fx.w.ws, before,
                                "{case}: a command awaiting confirmation changed the workspace"
                            );
                        }
                        (want, got) => panic!("{case}: want {want:?}, got {got:?}"),
                    }
                }
            }
        }
    }
    let all: Vec<usize> = (0..ROWS.len()).collect();
    assert_eq!(seen, all, "every row ran");
    // 22 rows; each guarded one crosses the line in half its cases.
    assert!(outcomes.iter().all(|n| *n > 0), "allowed, refused, asked: {outcomes:?}");
    println!("allowed, refused, asked: {outcomes:?}");
}
