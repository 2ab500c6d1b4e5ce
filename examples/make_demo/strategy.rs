//! Chapter 1: the PM's side. The vision board, the goals the team is
//! measured on, and the roadmap as first laid out in September.

use super::*;

/// Ids the later chapters refer back to.
pub struct Goals {
    pub growth: Uuid,
    pub rota_time: Uuid,
    pub compliance: Uuid,
    pub churn: Uuid,
}

pub struct Roadmap {
    pub swaps: Uuid,
    pub datev: Uuid,
    pub compliance: Uuid,
    pub onboarding: Uuid,
    pub editor: Uuid,
    pub time_clock: Uuid,
    pub austria: Uuid,
    pub staffing: Uuid,
    pub groups: Uuid,
    pub watch: Uuid,
}

/// September: the PM sets up the workspace, writes the vision board and the
/// goals the team is measured on.
pub fn vision_and_goals(d: &mut Demo) -> Goals {
    d.pm().at("2026-09-07 08:05").run(Command::EditVision(VisionPatch {
        statement: Some(
            "Every small hospitality team plans its week in ten minutes — and nobody finds out on \
             Friday night that they are working on Saturday."
                .into(),
        ),
        target_group: Some(
            "Owners and shift managers of independent cafés, bakeries, bars and restaurants with 5–60 \
             staff in Germany and Austria; and their staff, mostly part-timers and Minijobber who \
             live on their phones."
                .into(),
        ),
        needs: Some(
            "- Managers: build a fair, legal rota fast, and stop being the switchboard for every swap.\n\
             - Staff: know their shifts early, swap without begging in the WhatsApp group, see their \
             hours add up.\n\
             - Steuerberater (the venue's accountant): get worked hours in a format DATEV imports."
                .into(),
        ),
        product: Some(
            "A web rota editor for managers and a mobile app (iOS, Android) for staff: shift swaps, \
             legal checks (ArbZG, JArbSchG, soon the Austrian AZG), a time clock and a payroll \
             export to DATEV. Priced per venue, €39 a month."
                .into(),
        ),
        business_goals: Some(
            "1,000 paying venues by the end of 2027; rota time for managers halved; 90-day churn \
             under 10 %; the rota tool Steuerberater recommend to their clients."
                .into(),
        ),
        pitch: Some(
            "For owners of small cafés and restaurants who lose their Sunday evenings to the rota, \
             Tandem is a shift planner that builds a legal week in minutes and lets staff swap \
             shifts among themselves. Unlike spreadsheets and WhatsApp groups, it knows German \
             working-hours law and sends the hours straight to the Steuerberater."
                .into(),
        ),
    }));

    d.at("2026-09-07 09:10");
    let growth = d.create(Command::AddGoal(NewGoal {
        title: "Grow to 1,000 paying venues in Germany and Austria".into(),
        description: "A venue is one location with a paid subscription. Austrian venues count from \
                      the launch of the AZG rule pack."
            .into(),
        status: Some(GoalStatus::OnTrack),
        kpis: vec![
            kpi("Paying venues", "venues", 420.0, 1000.0, 540.0),
            kpi("Net revenue retention", "%", 96.0, 105.0, 98.0),
        ],
        ..Default::default()
    }));
    d.at("2026-09-07 09:25");
    let rota_time = d.create(Command::AddGoal(NewGoal {
        title: "Halve the time managers spend on the weekly rota".into(),
        description: "Measured from the first edit of a week to “Publish”, median over all venues \
                      that published that week."
            .into(),
        status: Some(GoalStatus::OnTrack),
        kpis: vec![
            kpi("Median time to publish the weekly rota", "min", 95.0, 45.0, 88.0),
            kpi("Shift changes settled without the manager", "%", 8.0, 40.0, 8.0),
        ],
        ..Default::default()
    }));
    d.at("2026-09-07 09:40");
    let compliance = d.create(Command::AddGoal(NewGoal {
        title: "Every published rota respects German working-hours law".into(),
        description: "Arbeitszeitgesetz (rest periods, daily maximum) and Jugendarbeitsschutzgesetz \
                      for staff under 18."
            .into(),
        status: Some(GoalStatus::OnTrack),
        kpis: vec![kpi("Published rotas with an ArbZG violation", "%", 7.4, 1.0, 2.1)],
        ..Default::default()
    }));
    d.at("2026-09-07 09:55");
    let churn = d.create(Command::AddGoal(NewGoal {
        title: "Cut first-90-day churn from 18 % to 10 %".into(),
        description: "Most venues that leave do so before their first payroll month closes: they \
                      never got the rota published or the hours to the accountant."
            .into(),
        status: Some(GoalStatus::OnTrack),
        kpis: vec![
            kpi("90-day logo churn", "%", 18.0, 10.0, 17.0),
            kpi("New venues publishing a rota in week one", "%", 41.0, 70.0, 43.0),
        ],
        ..Default::default()
    }));
    Goals { growth, rota_time, compliance, churn }
}

/// The roadmap, as the PM first laid it out.
pub fn roadmap(d: &mut Demo, g: &Goals) -> Roadmap {
    let add = |d: &mut Demo, when: &str, new: NewInitiative| -> Uuid {
        d.pm().at(when).create(Command::AddInitiative(Box::new(new)))
    };
    let swaps = add(
        d,
        "2026-09-08 13:00",
        NewInitiative {
            title: "Shift swaps without the manager".into(),
            description: "Staff offer, claim and trade shifts in the app; the manager only steps in when \
                      a swap breaks the budget or a rule. Biggest ask in every churn interview."
                .into(),
            horizon: Some(Horizon::Now),
            timeframe: timeframe("Q4 2026", Some(("2026-10-01", "2026-12-18"))),
            theme: "Self-service".into(),
            goals: vec![g.rota_time, g.churn],
            status: Some(InitiativeStatus::Planned),
            ..Default::default()
        },
    );
    let datev = add(
        d,
        "2026-09-08 13:20",
        NewInitiative {
            title: "Payroll export to DATEV".into(),
            description: "Worked hours and surcharges as a file the Steuerberater imports into DATEV Lohn \
                      und Gehalt, instead of retyping our monthly PDF."
                .into(),
            horizon: Some(Horizon::Now),
            timeframe: timeframe("Oct–Dec 2026", Some(("2026-10-15", "2026-12-11"))),
            theme: "Payroll & compliance".into(),
            goals: vec![g.growth, g.churn],
            status: Some(InitiativeStatus::Planned),
            wsjf: Some(Wsjf::new(13.0, 8.0, 5.0, 8.0)),
            ..Default::default()
        },
    );
    let compliance = add(
        d,
        "2026-09-08 13:35",
        NewInitiative {
            title: "Rest-period and youth-protection checks".into(),
            description: "Warn while the rota is built, block on publish. Shipped in August; \
                      measuring the effect through September."
                .into(),
            horizon: Some(Horizon::Now),
            timeframe: timeframe("Q3 2026", Some(("2026-07-01", "2026-09-30"))),
            theme: "Payroll & compliance".into(),
            goals: vec![g.compliance],
            status: Some(InitiativeStatus::InProgress),
            ..Default::default()
        },
    );
    let onboarding = add(
        d,
        "2026-09-08 13:50",
        NewInitiative {
            title: "Guided first week for new venues".into(),
            description: "A checklist that takes a new venue from sign-up to a published rota and \
                      invited staff in their first week."
                .into(),
            horizon: Some(Horizon::Now),
            timeframe: timeframe("Dec 2026", None),
            theme: "Activation".into(),
            goals: vec![g.churn],
            status: Some(InitiativeStatus::Idea),
            ..Default::default()
        },
    );
    let editor = add(
        d,
        "2026-09-08 14:05",
        NewInitiative {
            title: "Rota editor quick wins".into(),
            description: "Small things managers trip over every week: copying weeks, moving shifts, \
                      the PDF for the staff-room wall."
                .into(),
            horizon: Some(Horizon::Now),
            timeframe: timeframe("Autumn 2026", None),
            theme: "Smart scheduling".into(),
            goals: vec![g.rota_time],
            status: Some(InitiativeStatus::InProgress),
            ..Default::default()
        },
    );
    let time_clock = add(
        d,
        "2026-09-08 14:20",
        NewInitiative {
            title: "Time clock on a shared tablet".into(),
            description: "Clock in and out on the venue's tablet; planned vs. worked hours feed the \
                      payroll export."
                .into(),
            horizon: Some(Horizon::Next),
            timeframe: timeframe("Q1 2027", None),
            theme: "Time tracking".into(),
            goals: vec![g.growth, g.rota_time],
            status: Some(InitiativeStatus::Planned),
            rice: Some(Rice::new(600.0, 2.0, 80.0, 4.0)),
            ..Default::default()
        },
    );
    let austria = add(
        d,
        "2026-09-08 14:35",
        NewInitiative {
            title: "Austria: AZG rule pack and holidays".into(),
            description: "Austrian working-hours rules, public holidays per Bundesland and the \
                      hospitality collective agreement, so we can sell in Vienna and Salzburg."
                .into(),
            horizon: Some(Horizon::Next),
            timeframe: timeframe("Q1 2027", Some(("2027-01-11", "2027-03-26"))),
            theme: "Payroll & compliance".into(),
            goals: vec![g.growth, g.compliance],
            status: Some(InitiativeStatus::Planned),
            rice: Some(Rice::new(350.0, 2.0, 50.0, 5.0)),
            ..Default::default()
        },
    );
    let staffing = add(
        d,
        "2026-09-08 14:50",
        NewInitiative {
            title: "Staffing suggestions from POS sales".into(),
            description: "Read daily sales from the till (orderbird, ready2order) and suggest how many \
                      people each shift needs."
                .into(),
            horizon: Some(Horizon::Later),
            timeframe: timeframe("H1 2027", None),
            theme: "Smart scheduling".into(),
            goals: vec![g.rota_time],
            status: Some(InitiativeStatus::Idea),
            ..Default::default()
        },
    );
    let groups = add(
        d,
        "2026-09-08 15:05",
        NewInitiative {
            title: "Group dashboard for multi-location owners".into(),
            description: "Labour cost, open shifts and overtime across all locations of one company.".into(),
            horizon: Some(Horizon::Later),
            theme: "Growth".into(),
            goals: vec![g.growth],
            status: Some(InitiativeStatus::Idea),
            ..Default::default()
        },
    );
    let watch = add(
        d,
        "2026-09-08 15:20",
        NewInitiative {
            title: "Apple Watch app".into(),
            description: "Next shift and clock-in on the wrist.".into(),
            horizon: Some(Horizon::Next),
            timeframe: timeframe("Q2 2027", None),
            theme: "Mobile".into(),
            status: Some(InitiativeStatus::Idea),
            ..Default::default()
        },
    );
    Roadmap { swaps, datev, compliance, onboarding, editor, time_clock, austria, staffing, groups, watch }
}

/// End of September: the checks shipped in August did their job.
pub fn close_compliance(d: &mut Demo, g: &Goals, r: &Roadmap) {
    d.pm().at("2026-09-30 16:00");
    d.initiative_status(r.compliance, InitiativeStatus::Done);
    d.goal(
        g.compliance,
        Some(GoalStatus::Achieved),
        Some(vec![kpi("Published rotas with an ArbZG violation", "%", 7.4, 1.0, 0.6)]),
    );
}
