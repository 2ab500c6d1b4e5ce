//! Chapter 3: October. The rest of the autumn's work comes in, and two
//! refinement sessions size it and make the first stories ready.

use super::*;

/// Bugs, spikes and stories for the other initiatives, as they came in.
pub fn autumn(d: &mut Demo, r: &Roadmap, b: &mut Backlog) {
    d.po().at("2026-10-05 08:45");
    b.copy_week = d.add(
        It::story(
            "Copy last week’s rota as a starting point",
            "shift manager",
            "to start next week from a copy of this week",
            "I only change what is different instead of building from scratch",
        )
        .ac(&["Copies shifts, roles and notes, not absences", "Shifts of people on leave next week are left open"])
        .labels(&["editor", "web"])
        .serves(r.editor),
    );
    d.at("2026-10-05 09:00");
    b.midnight_bug = d.add(
        It::new(Bug, "Manager app crashes when a shift ends at 00:00")
            .desc(
                "Reported by Brauhaus am Markt. A shift 18:00–00:00 is stored with end < start and \
                 the week view divides by a negative duration.\n\n\
                 Steps: create a shift 18:00–00:00 → open the week view on Android → crash.",
            )
            .ac(&["Shifts ending at midnight display and save correctly", "Regression test for 00:00 and 24:00"])
            .points(2)
            .labels(&["android", "customer-reported", "editor"])
            .serves(r.editor),
    );
    d.at("2026-10-05 09:15");
    b.drag_drop = d.add(
        It::story(
            "Drag a shift to another day in the week view",
            "shift manager",
            "to drag a shift to another day or person",
            "rearranging the week takes seconds instead of delete-and-retype",
        )
        .ac(&["Rule checks run on drop", "Undo with Ctrl+Z", "Works with touch on a tablet"])
        .labels(&["editor", "web"])
        .serves(r.editor),
    );
    d.at("2026-10-05 09:30");
    b.kiosk_spike = d.add(
        It::new(Spike, "Kiosk mode for a shared tablet on iPadOS and Android")
            .desc("Guided Access vs. Android's lock task mode; MDM-free setup a café owner can do alone.")
            .ac(&["Setup guide tested by someone outside the team", "Recommendation on supported devices"])
            .labels(&["android", "ios", "time-clock"])
            .serves(r.time_clock),
    );
    d.at("2026-10-05 09:45");
    b.pin_clock = d.add(
        It::story(
            "Clock in and out with a 4-digit PIN on the venue tablet",
            "employee",
            "to clock in with my PIN on the tablet by the door",
            "my worked hours are recorded without paper lists",
        )
        .ac(&[
            "Clocking in more than 15 minutes before the shift asks for a reason",
            "Works offline and syncs when the connection is back",
            "The PIN is locked after five wrong attempts",
        ])
        .labels(&["time-clock"])
        .serves(r.time_clock)
        .moscow(Moscow::Must)
        .wsjf(8.0, 3.0, 5.0, 8.0),
    );
    d.at("2026-10-05 10:00");
    d.add(
        It::story(
            "Deduct breaks automatically after six hours",
            "employee",
            "the legal 30-minute break deducted when I forget to clock out for it",
            "my hours are right without the manager correcting them",
        )
        .desc("§ 4 ArbZG: 30 minutes after 6 hours, 45 after 9. Venues may configure longer breaks.")
        .points(5)
        .labels(&["compliance", "time-clock"])
        .serves(r.time_clock),
    );
    d.at("2026-10-05 10:15");
    b.monthly_hours = d.add(
        It::story(
            "See my monthly hours and overtime balance",
            "employee",
            "to see my planned and worked hours for the month and my overtime balance",
            "I know before payday whether the numbers are right",
        )
        .ac(&["Minijob earnings limit shown for Minijobber", "Balance matches the payroll export to the minute"])
        .labels(&["mobile", "time-clock"])
        .serves(r.time_clock),
    );
    d.at("2026-10-06 14:00");
    let austria_epic = d.add(
        It::new(Epic, "Austria rule pack")
            .desc("Everything we need before the first Austrian venue can publish a legal rota.")
            .labels(&["austria", "compliance"])
            .serves(r.austria),
    );
    d.at("2026-10-06 14:15");
    b.holidays = d.add(
        It::story(
            "Austrian public holidays per Bundesland",
            "manager in Salzburg",
            "my state's public holidays preloaded",
            "surcharges and closures are right without typing them in",
        )
        .ac(&["All nine Bundesländer, 2026–2028", "Holidays appear in the rota and in surcharge calculations"])
        .labels(&["austria", "compliance"])
        .epic(austria_epic)
        .serves(r.austria),
    );
    d.at("2026-10-06 14:30");
    b.azg = d.add(
        It::story(
            "Enforce the AZG daily maximum of 10 hours (12 with a works agreement)",
            "manager in Vienna",
            "a warning when a shift plan exceeds the Austrian daily maximum",
            "I am not fined by the labour inspectorate",
        )
        .ac(&[
            "Limit is 10 h, or 12 h when the venue records a works agreement",
            "Weekly limit of 48 h averaged over 17 weeks",
        ])
        .labels(&["austria", "compliance"])
        .epic(austria_epic)
        .serves(r.austria),
    );
    d.at("2026-10-06 14:45");
    d.add(
        It::story(
            "Overtime surcharges from the hospitality collective agreement (KV Gastgewerbe)",
            "Austrian payroll accountant",
            "overtime surcharges computed as the collective agreement says",
            "payslips match what the union and the inspectorate expect",
        )
        .labels(&["austria", "payroll"])
        .epic(austria_epic)
        .serves(r.austria),
    );
    d.at("2026-10-07 09:00");
    d.add(
        It::new(Spike, "Can we read daily sales from the till (orderbird, ready2order)?")
            .desc("Both have public APIs. Question: how far back, how granular, and would venues consent?")
            .labels(&["integrations", "pos"])
            .serves(r.staffing),
    );
    d.at("2026-10-07 09:15");
    d.add(
        It::story(
            "Labour cost as a share of sales per location",
            "owner of three cafés",
            "one dashboard with labour cost per location as a percentage of sales",
            "I see which café is overstaffed before the month ends",
        )
        .labels(&["multi-location", "reporting"])
        .serves(r.groups)
        .moscow(Moscow::Could)
        .rice(120.0, 2.0, 50.0, 3.0),
    );
    d.at("2026-10-07 09:30");
    b.watch_story = d.add(
        It::story(
            "Next shift on the Apple Watch face",
            "barista",
            "my next shift as a watch complication",
            "I don't have to get my phone out behind the counter",
        )
        .labels(&["ios", "watch"])
        .serves(r.watch)
        .moscow(Moscow::Wont),
    );
    d.at("2026-10-07 09:45");
    b.rn_upgrade = d.add(
        It::new(TechDebt, "Upgrade React Native from 0.72 to 0.76")
            .desc(
                "0.72 is out of support; Google Play requires target SDK 35 from 31 August and the \
                 new architecture fixes the list jank on older Androids.",
            )
            .ac(&[
                "Both apps build on CI with the new architecture enabled",
                "Smoke test on the five oldest supported devices",
            ])
            .labels(&["android", "ios", "mobile"]),
    );
    d.at("2026-10-07 10:00");
    b.push_cert = d.add(
        It::new(Task, "Renew the Apple push certificate before it expires on 2026-12-02")
            .desc("Last year we missed it by a day — no notifications for 14 hours. Switch to a token key while at it.")
            .points(1)
            .labels(&["ios", "ops"]),
    );
}

/// Refinement: estimates, a drop, the PM's October numbers, and the first
/// stories ready for a sprint.
pub fn refine(d: &mut Demo, g: &Goals, r: &Roadmap, b: &Backlog) {
    d.po().at("2026-10-14 13:00");
    for (id, p) in
        [(b.offer, 5), (b.claim, 3), (b.approval, 5), (b.push, 3), (b.mapping, 3), (b.export, 8), (b.datev_spike, 3)]
    {
        d.size(id, p, Refined);
    }
    d.at("2026-10-14 13:40");
    d.edit(
        b.partial,
        ItemPatch {
            status: Some(Dropped),
            description: Some(
                "Dropped on 2026-10-14: splitting shifts breaks the break rules, and none of the \
                 pilot venues asked for it. Revisit if it comes up in interviews again."
                    .into(),
            ),
            ..Default::default()
        },
    );
    d.at("2026-10-14 13:50");
    d.size(b.direct_swap, 8, Refined);

    d.pm().at("2026-10-19 10:00");
    d.goal(
        g.rota_time,
        Some(GoalStatus::AtRisk),
        Some(vec![
            kpi("Median time to publish the weekly rota", "min", 95.0, 45.0, 84.0),
            kpi("Shift changes settled without the manager", "%", 8.0, 40.0, 9.0),
        ]),
    );
    d.at("2026-10-19 10:20");
    // POS data is the only lever left on rota time once swaps ship.
    d.run(Command::MoveInitiative { id: r.staffing, horizon: Horizon::Next, to: Position::Bottom });
    d.at("2026-10-19 10:30");
    d.run(Command::MoveInitiative { id: r.watch, horizon: Horizon::Later, to: Position::Bottom });
    d.initiative_status(r.watch, InitiativeStatus::Dropped);
    d.po().at("2026-10-19 11:00");
    d.status(b.watch_story, Dropped);

    d.at("2026-10-21 13:00");
    for (id, p) in [
        (b.surcharges, 5),
        (b.preview, 3),
        (b.copy_week, 3),
        (b.holidays, 3),
        (b.azg, 5),
        (b.drag_drop, 5),
        (b.pin_clock, 8),
    ] {
        d.size(id, p, Refined);
    }
    d.at("2026-10-21 14:00");
    for (id, p) in [(b.sample_files, 1), (b.kiosk_spike, 2), (b.monthly_hours, 5), (b.rn_upgrade, 8)] {
        d.size(id, p, Ready);
    }
    for id in [b.offer, b.claim, b.mapping, b.export, b.datev_spike, b.copy_week, b.midnight_bug] {
        d.status(id, Ready);
    }
}
