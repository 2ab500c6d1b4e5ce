//! The PM's side: vision, goals with KPIs, and the roadmap.

use super::*;

pub fn vision_and_goals(g: &mut Gen, n: usize) {
    g.as_role(Role::Pm);
    g.run(Command::EditVision(VisionPatch {
        statement: Some("Teams ship what matters, and everyone can see why.".into()),
        target_group: Some("Product teams of 5–50 people in software companies.".into()),
        needs: Some("One place for strategy and delivery; less status-meeting time.".into()),
        product: Some("A generated workspace for load tests — not a real product.".into()),
        business_goals: Some("Keep every screen responsive at this size.".into()),
        pitch: Some(String::new()),
    }));
    const GOALS: &[(&str, &str, &str, f64, f64)] = &[
        ("Grow revenue from self-serve plans", "Monthly recurring revenue", "k€", 120.0, 300.0),
        ("Reduce churn of new accounts", "90-day churn", "%", 14.0, 8.0),
        ("Shorten time to first value", "Median days to first report", "days", 9.0, 3.0),
        ("Win mid-market accounts", "Accounts over 200 seats", "accounts", 12.0, 40.0),
        ("Cut support load per customer", "Tickets per 100 accounts", "tickets", 35.0, 20.0),
        ("Make the app fast everywhere", "p95 page load", "ms", 2400.0, 1200.0),
        ("Raise weekly engagement", "Weekly active users", "%", 38.0, 55.0),
        ("Pass the SOC 2 audit", "Open audit findings", "findings", 23.0, 0.0),
    ];
    let statuses = [
        (GoalStatus::OnTrack, 5),
        (GoalStatus::AtRisk, 2),
        (GoalStatus::OffTrack, 1),
        (GoalStatus::Achieved, 1),
        (GoalStatus::Dropped, 1),
    ];
    let count = (n / 2000).clamp(3, 12);

    for i in 0..count {
        let (title, kpi, unit, baseline, target) = GOALS[i % GOALS.len()];
        let wave = i / GOALS.len();
        let title = if wave == 0 { title.to_owned() } else { format!("{title} (wave {})", wave + 1) };
        let kpis = (0..1 + g.rng.below(2))
            .map(|k| {
                let done = g.rng.below(101) as f64 / 100.0;
                Kpi {
                    name: if k == 0 { kpi.to_owned() } else { format!("{kpi}, enterprise") },
                    unit: unit.to_owned(),
                    baseline,
                    target,
                    current: (baseline + (target - baseline) * done).round(),
                    direction: if target >= baseline { Direction::Up } else { Direction::Down },
                    extra: Default::default(),
                }
            })
            .collect();
        let status = Some(g.rng.weighted(&statuses));
        let cmd = NewGoal { title, description: String::new(), status, kpis, key: None };
        let id = g.create(Command::AddGoal(cmd));
        g.goals.push(id);
    }
}

/// An initiative, as the backlog needs it.
pub struct Init {
    pub id: Uuid,
    /// Where the PO puts new items: most work is Now and Next.
    pub weight: u32,
    pub epics: Vec<Uuid>,
}

pub fn roadmap(g: &mut Gen, n: usize, first_sprint: NaiveDate) -> Vec<Init> {
    let goals = g.goals.clone();
    const AREAS: &[&str] = &[
        "Billing",
        "Search",
        "Onboarding",
        "Reporting",
        "Notifications",
        "Permissions",
        "Mobile app",
        "Public API",
        "Integrations",
        "Audit log",
        "Exports",
        "Scheduling",
        "Payments",
        "Accessibility",
        "Admin console",
        "SSO",
    ];
    const ASPECTS: &[&str] = &[
        "revamp",
        "v2",
        "for enterprise",
        "self-service",
        "in the EU region",
        "performance pass",
        "GA",
        "phase 2",
        "for mobile",
        "usage-based pricing",
        "hardening",
        "beta",
    ];
    let count = (n / 200).max(3);
    let mut last: [Option<Uuid>; 3] = [None; 3];
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        g.at(g.ctx.now + Duration::minutes(3));
        let horizon = match i % 10 {
            0 | 1 => Horizon::Now,
            2..=4 => Horizon::Next,
            _ => Horizon::Later,
        };
        let h = horizon as usize;
        let (status, weight) = match horizon {
            Horizon::Now => (
                g.rng.weighted(&[
                    (InitiativeStatus::InProgress, 5),
                    (InitiativeStatus::ReadyForBreakdown, 2),
                    (InitiativeStatus::Done, 2),
                    (InitiativeStatus::Planned, 1),
                ]),
                6,
            ),
            Horizon::Next => (
                g.rng.weighted(&[
                    (InitiativeStatus::Planned, 5),
                    (InitiativeStatus::ReadyForBreakdown, 2),
                    (InitiativeStatus::Idea, 3),
                ]),
                3,
            ),
            Horizon::Later => (
                g.rng.weighted(&[
                    (InitiativeStatus::Idea, 8),
                    (InitiativeStatus::Planned, 1),
                    (InitiativeStatus::Dropped, 1),
                ]),
                1,
            ),
        };
        let timeframe = match (horizon, g.rng.below(3)) {
            (Horizon::Now, _) => {
                let start = first_sprint - Duration::days(g.rng.below(120) as i64);
                let end = start + Duration::days(60 + g.rng.below(90) as i64);
                Some(Timeframe { start: Some(start), end: Some(end), ..Default::default() })
            }
            (Horizon::Next, 0) => Some(Timeframe { label: "Q1 2027".into(), ..Default::default() }),
            (Horizon::Next, _) => Some(Timeframe {
                label: "Q2 2027".into(),
                start: NaiveDate::from_ymd_opt(2027, 4, 1),
                end: NaiveDate::from_ymd_opt(2027, 6, 30),
                ..Default::default()
            }),
            (Horizon::Later, 0) => None,
            (Horizon::Later, _) => Some(Timeframe { label: "H2 2027".into(), ..Default::default() }),
        };
        let linked = (0..g.rng.below(3)).map(|_| *g.rng.pick(&goals)).collect();
        let title = format!("{} {}", AREAS[i % AREAS.len()], ASPECTS[(i / AREAS.len()) % ASPECTS.len()]);
        let wsjf = g.rng.chance(0.2).then(|| Wsjf {
            business_value: [1.0, 2.0, 3.0, 5.0, 8.0, 13.0][g.rng.below(6)],
            time_criticality: [1.0, 2.0, 3.0, 5.0, 8.0][g.rng.below(5)],
            risk_reduction: [1.0, 2.0, 3.0, 5.0][g.rng.below(4)],
            job_size: [2.0, 3.0, 5.0, 8.0, 13.0][g.rng.below(5)],
            extra: Default::default(),
        });
        let theme = g.rng.pick(THEMES).to_string();
        let id = g.create(Command::AddInitiative(Box::new(NewInitiative {
            title,
            description: String::new(),
            horizon: Some(horizon),
            timeframe,
            theme,
            goals: linked,
            status: Some(status),
            wsjf,
            rice: None,
            position: Position::Between(Place { after: last[h], before: None }),
            ..NewInitiative::default()
        })));
        last[h] = Some(id);
        if g.rng.chance(0.1) {
            let patch = InitiativePatch { moscow: Some(Some(Moscow::Should)), ..Default::default() };
            g.run(Command::EditInitiative { id, patch: Box::new(patch) });
        }
        out.push(Init { id, weight, epics: Vec::new() });
    }
    out
}
