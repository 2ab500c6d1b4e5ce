//! A backlog export's vision, goals and roadmap, brought in through the
//! domain's commands: keys kept where they are free, goals linked by key.
//! A goal or initiative the workspace already has (same key, same title)
//! is the same one: it is linked to, not made twice. The vision is taken
//! only into a workspace that has none yet.

use super::report::{Renamed, Report};
use crate::domain::Command;
use crate::domain::command::{GoalPatch, InitiativePatch, NewGoal, NewInitiative, Position, VisionPatch};
use crate::domain::strategy::{Goal, Initiative, VISION_SECTIONS, Vision};
use crate::store::Batch;
use std::collections::HashMap;
use uuid::Uuid;

/// The PM's side of an export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Strategy {
    pub vision: Option<Vision>,
    pub goals: Vec<Goal>,
    /// In roadmap order, each with its goals' keys.
    pub roadmap: Vec<(Initiative, Vec<String>)>,
}

/// Brings the strategy in; returns the initiatives here by their key in
/// the file. A command the workspace refuses (the role guard in strict
/// mode) stops it there, said in the report; the items still come in.
pub(super) fn bring(batch: &mut Batch, s: &Strategy, report: &mut Report) -> HashMap<String, Uuid> {
    let mut initiatives = HashMap::new();
    if let Err(e) = bring_all(batch, s, report, &mut initiatives) {
        report.notes.push(format!("the vision, goals and roadmap were not all imported: {e}"));
    }
    initiatives
}

fn same_key(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn bring_all(
    batch: &mut Batch,
    s: &Strategy,
    report: &mut Report,
    initiatives: &mut HashMap<String, Uuid>,
) -> Result<(), crate::domain::DomainError> {
    if let Some(v) = &s.vision {
        let here: Vec<String> = batch.workspace().vision.texts().iter().map(|t| (*t).to_owned()).collect();
        if here.iter().all(String::is_empty) {
            if v.texts().iter().any(|t| !t.is_empty()) {
                let mut patch = VisionPatch::default();
                for (i, text) in v.texts().iter().enumerate() {
                    patch.set(i, (*text).to_owned());
                }
                batch.apply(Command::EditVision(patch))?;
            }
        } else if here.iter().zip(v.texts()).any(|(a, b)| a != b) {
            let differ: Vec<&str> = VISION_SECTIONS
                .iter()
                .zip(here.iter().zip(v.texts()))
                .filter(|(_, (a, b))| a != b)
                .map(|((_, label), _)| *label)
                .collect();
            report.notes.push(format!("the vision here was kept; the file's differs in: {}", differ.join(", ")));
        }
    }
    let mut goals: HashMap<String, Uuid> = HashMap::new();
    for g in s.goals.iter().filter(|g| g.meta.is_live()) {
        let found = batch.workspace().live_goals().find(|x| same_key(&x.key, &g.key) && x.title == g.title);
        let id = match found {
            Some(x) => x.meta.id,
            None => {
                let new = NewGoal {
                    title: g.title.clone(),
                    description: g.description.clone(),
                    status: Some(g.status),
                    kpis: g.kpis.clone(),
                    key: Some(g.key.clone()),
                };
                let id = batch.apply(Command::AddGoal(new))?.created.and_then(|c| c.id()).expect("a goal");
                if g.meta.owner != crate::domain::Role::Pm {
                    let patch = GoalPatch { owner: Some(g.meta.owner), ..Default::default() };
                    batch.apply(Command::EditGoal { id, patch })?;
                }
                let key = batch.workspace().goal(id).map(|x| x.key.clone()).unwrap_or_default();
                if !same_key(&key, &g.key) {
                    report.keys_taken.push(Renamed { from: g.key.clone(), to: key.clone() });
                }
                report.goals_created.push(key);
                id
            }
        };
        goals.insert(g.key.trim().to_uppercase(), id);
    }
    for (i, goal_keys) in s.roadmap.iter().filter(|(i, _)| i.meta.is_live()) {
        let found = batch.workspace().live_initiatives().find(|x| same_key(&x.key, &i.key) && x.title == i.title);
        let id = match found {
            Some(x) => x.meta.id,
            None => {
                let (wsjf, rice) = super::row::scores_in_range(&i.key, &i.scoring, &mut report.notes);
                let new = NewInitiative {
                    title: i.title.clone(),
                    description: i.description.clone(),
                    horizon: Some(i.horizon),
                    timeframe: i.timeframe.clone(),
                    theme: i.theme.clone(),
                    goals: goal_keys.iter().filter_map(|k| goals.get(&k.trim().to_uppercase()).copied()).collect(),
                    status: Some(i.status),
                    moscow: i.scoring.moscow,
                    wsjf,
                    rice,
                    position: Position::Bottom,
                    key: Some(i.key.clone()),
                };
                let id = batch.apply(Command::AddInitiative(Box::new(new)))?.created.and_then(|c| c.id()).expect("one");
                if i.meta.owner != crate::domain::Role::Pm {
                    let patch = InitiativePatch { owner: Some(i.meta.owner), ..Default::default() };
                    batch.apply(Command::EditInitiative { id, patch: Box::new(patch) })?;
                }
                let key = batch.workspace().initiative(id).map(|x| x.key.clone()).unwrap_or_default();
                if !same_key(&key, &i.key) {
                    report.keys_taken.push(Renamed { from: i.key.clone(), to: key.clone() });
                }
                report.initiatives_created.push(key);
                id
            }
        };
        initiatives.insert(i.key.trim().to_uppercase(), id);
    }
    Ok(())
}
