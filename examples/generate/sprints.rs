//! Sprints: planned from the top of the backlog, started, worked through
//! day by day (with a re-estimate, scope creep and sometimes a descoped
//! item), and closed with a review.

use super::*;

/// Plans sprint `number` at `when`, pulling the top of the backlog up to
/// the sprint's capacity; returns the sprint and its members.
pub fn plan(g: &mut Gen, number: usize, start: NaiveDate, when: DateTime<Utc>) -> (Uuid, Vec<Uuid>) {
    g.as_role(Role::Po);
    g.at(when);
    let capacity = 30 + g.rng.below(11) as u32;
    let goal = g.rng.pick(SPRINT_GOALS).to_string();
    let sprint = g.create(Command::AddSprint(NewSprint {
        name: Some(format!("Sprint {number}")),
        goal,
        start: Some(start),
        end: Some(start + Duration::days(SPRINT_DAYS - 1)),
        capacity: Some(capacity),
    }));
    let mut members = Vec::new();
    let mut load = 0;
    while let Some(&id) = g.pool.last() {
        let points = g.ws.item(id).map_or(0, |i| i.points());
        if load + points > capacity {
            break;
        }
        g.pool.pop();
        load += points;
        let patch = ItemPatch { sprint: Some(Some(sprint)), status: Some(Status::Ready), ..Default::default() };
        g.edit(id, patch);
        members.push(id);
    }
    (sprint, members)
}

/// Plans, starts and runs a sprint for `days` days; closes it when it has
/// run its full length.
pub fn run(g: &mut Gen, number: usize, start: NaiveDate, days: i64) {
    // Planned the afternoon before, after the previous sprint's review.
    let (sprint, mut members) = plan(g, number, start, at(start - Duration::days(1), 17, 0));
    g.at(at(start, 8, 30));
    g.run(Command::StartSprint { id: sprint, move_dates: false });
    for day in 1..=days {
        let date = start + Duration::days(day);
        g.at(at(date, 9, 0));
        if day == 2 {
            // Something turned out bigger than it looked.
            let open: Vec<Uuid> = members.iter().copied().filter(|&id| !is_done(g, id)).collect();
            if !open.is_empty() {
                let id = *g.rng.pick(&open);
                let from = g.ws.item(id).map_or(0, |i| i.points());
                let to = POINTS.iter().copied().find(|&p| p > from).unwrap_or(from);
                g.edit(id, ItemPatch { estimate: Some(Some(to)), ..Default::default() });
            }
        }
        if day == 4 && g.creep_left > 0 {
            g.creep_left -= 1;
            let corpus = g.corpus;
            let title = g.rng.pick(&corpus.samples).title.clone();
            let estimate = Some(*g.rng.pick(&[1, 2, 3]));
            let id = g.add_item(NewItem {
                kind: Some(ItemKind::Bug),
                title,
                estimate,
                status: Some(Status::InProgress),
                labels: vec!["customer".into()],
                sprint: Some(sprint),
                ..Default::default()
            });
            members.push(id);
        }
        if day == 6 && g.rng.chance(0.3) {
            // Descoped to make room.
            let idle: Vec<Uuid> = members
                .iter()
                .copied()
                .filter(|&id| g.ws.item(id).is_some_and(|i| i.status == Status::Ready))
                .collect();
            if let Some(&id) = idle.last() {
                g.edit(id, ItemPatch { sprint: Some(None), ..Default::default() });
                members.retain(|&m| m != id);
            }
        }
        for (j, &id) in members.clone().iter().enumerate() {
            g.at(at(date, 9, 0) + Duration::minutes(20 * j as i64));
            let status = g.ws.item(id).expect("member exists").status;
            let next = match status {
                Status::Ready | Status::Refined | Status::New if g.rng.chance(0.35) => Status::InProgress,
                Status::InProgress if g.rng.chance(0.3) => Status::Review,
                Status::Review if g.rng.chance(0.5) => Status::Done,
                _ => continue,
            };
            if next == Status::Done {
                let mut ac = g.ws.item(id).expect("member exists").acceptance_criteria.clone();
                ac.iter_mut().for_each(|c| c.met = true);
                let patch = ItemPatch { status: Some(next), acceptance_criteria: Some(ac), ..Default::default() };
                g.edit(id, patch);
            } else {
                g.edit(id, ItemPatch { status: Some(next), ..Default::default() });
            }
        }
    }
    if days >= SPRINT_DAYS - 1 {
        let end = start + Duration::days(SPRINT_DAYS - 1);
        g.at(at(end, 15, 30));
        let s = g.ws.sprint(sprint).expect("sprint exists");
        let p = s.progress_at(g.ctx.now);
        let goal_met = Some(p.done * 5 >= s.committed() * 4);
        g.run(Command::CloseSprint {
            id: sprint,
            goal_met,
            carry_over: backlog::domain::command::CarryOver::Backlog,
            notes: String::new(),
        });
        // The PM's numbers after each sprint review.
        g.as_role(Role::Pm);
        g.at(at(end, 16, 30));
        let id = g.goals[g.rng.below(g.goals.len())];
        let mut kpis = g.ws.goal(id).expect("goal exists").kpis.clone();
        for k in &mut kpis {
            k.current += (k.target - k.current) * 0.1;
            k.current = (k.current * 10.0).round() / 10.0;
        }
        let patch = GoalPatch { kpis: Some(kpis), ..Default::default() };
        g.run(Command::EditGoal { id, patch });
    }
}

fn is_done(g: &Gen, id: Uuid) -> bool {
    g.ws.item(id).is_some_and(|i| i.status == Status::Done)
}
