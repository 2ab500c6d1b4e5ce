//! Chapter 2: September. The PO moves the work already shipped over from
//! Jira, then breaks down the two initiatives the PM hands over.

use super::*;

/// Items that later chapters come back to (refined, pulled into a sprint,
/// finished). Filled in as the story creates them.
#[derive(Default)]
pub struct Backlog {
    pub offer: Uuid,
    pub claim: Uuid,
    pub approval: Uuid,
    pub push: Uuid,
    pub history: Uuid,
    pub partial: Uuid,
    pub direct_swap: Uuid,
    pub datev_spike: Uuid,
    pub mapping: Uuid,
    pub export: Uuid,
    pub surcharges: Uuid,
    pub preview: Uuid,
    pub sample_files: Uuid,
    pub copy_week: Uuid,
    pub midnight_bug: Uuid,
    pub drag_drop: Uuid,
    pub kiosk_spike: Uuid,
    pub pin_clock: Uuid,
    pub monthly_hours: Uuid,
    pub holidays: Uuid,
    pub azg: Uuid,
    pub watch_story: Uuid,
    pub rn_upgrade: Uuid,
    pub push_cert: Uuid,
    pub swaps_epic: Uuid,
    pub datev_epic: Uuid,
}

/// Work shipped in the summer, brought over so the roadmap has its trail.
pub fn from_jira(d: &mut Demo, r: &Roadmap) {
    d.po().at("2026-09-09 08:30");
    let checks_epic = d.add(
        It::new(Epic, "Working-hours checks in the rota editor")
            .desc("Moved over from Jira (ROTA-810). Shipped to all venues on 2026-08-24.")
            .status(Status::Done)
            .labels(&["compliance"])
            .serves(r.compliance)
            .jira("ROTA-810"),
    );
    d.at("2026-09-09 08:40");
    d.add(
        It::story(
            "Warn when a shift breaks the 11-hour rest period",
            "shift manager",
            "a warning as soon as I place a shift less than 11 hours after the same person's last one",
            "I don't publish a rota that breaks § 5 ArbZG",
        )
        .met(&[
            "The warning names the employee and both shifts",
            "Publishing is blocked until the conflict is fixed or overridden with a reason",
            "Hospitality's reduced 10-hour rest period is allowed when the venue has opted in",
        ])
        .points(5)
        .status(Status::Done)
        .labels(&["compliance", "editor"])
        .epic(checks_epic)
        .serves(r.compliance)
        .jira("ROTA-815"),
    );
    d.at("2026-09-09 08:50");
    d.add(
        It::story(
            "Flag staff under 18 on shifts after 20:00",
            "shift manager",
            "to see at a glance when a trainee under 18 is planned after 20:00",
            "I respect the Jugendarbeitsschutzgesetz without checking birthdays by hand",
        )
        .met(&["Birth date is optional; without it no check runs", "Late shifts of minors are marked red"])
        .points(3)
        .status(Status::Done)
        .labels(&["compliance", "editor"])
        .epic(checks_epic)
        .serves(r.compliance)
        .jira("ROTA-833"),
    );
}

/// Hand-off: the PM marks shift swaps ready for breakdown; the PO writes the
/// epic and its stories the next morning.
pub fn swaps(d: &mut Demo, r: &Roadmap, b: &mut Backlog) {
    d.pm().at("2026-09-14 09:00");
    d.initiative_status(r.swaps, InitiativeStatus::ReadyForBreakdown);

    d.po().at("2026-09-15 10:00");
    b.swaps_epic = d.add(
        It::new(Epic, "Shift swaps without the manager in the loop")
            .desc(
                "Today every swap goes through the manager by phone or WhatsApp. Staff should \
                 offer, claim and trade shifts themselves; the manager steps in only when a swap \
                 breaks the budget or a rule.\n\n\
                 Pilot venues: Café Luise (Leipzig), Bäckerei Hofmann (3 shops), Brauhaus am Markt.",
            )
            .labels(&["swaps"])
            .serves(r.swaps),
    );
    d.at("2026-09-15 10:20");
    b.offer = d.add(
        It::story(
            "Offer a shift to the team",
            "waiter with a shift I can't work",
            "to offer it to colleagues who have the same role",
            "I don't have to phone round the whole team",
        )
        .ac(&[
            "The offer appears in colleagues' “Open shifts” list within 5 seconds",
            "Only colleagues with the same role and no overlapping shift see it",
            "The offer can be withdrawn until someone claims it",
        ])
        .labels(&["mobile", "swaps"])
        .epic(b.swaps_epic)
        .serves(r.swaps),
    );
    d.at("2026-09-15 10:35");
    b.claim = d.add(
        It::story(
            "Claim an offered shift",
            "part-timer looking for extra hours",
            "to claim an open shift with one tap",
            "I get the hours without waiting for the manager",
        )
        .ac(&[
            "First come, first served: a second claim gets a clear “already taken” message",
            "The claim is refused if it would break the 11-hour rest period",
            "Both employees get a confirmation",
        ])
        .labels(&["mobile", "swaps"])
        .epic(b.swaps_epic)
        .serves(r.swaps),
    );
    d.at("2026-09-15 10:50");
    b.approval = d.add(
        It::story(
            "Manager approval for swaps that push the week over budget",
            "venue manager",
            "to approve only the swaps that raise labour cost above the weekly budget",
            "I keep control of cost without approving every single swap",
        )
        .ac(&[
            "Swaps within budget are approved automatically",
            "Swaps over budget wait for approval and show the extra cost in €",
            "Pending approvals show on the dashboard and as a push notification",
        ])
        .labels(&["swaps", "web"])
        .epic(b.swaps_epic)
        .serves(r.swaps),
    );
    d.at("2026-09-15 11:05");
    b.push = d.add(
        It::story(
            "Push notification when a shift is offered to me",
            "employee",
            "a notification when a colleague offers a shift I could take",
            "I hear about extra hours while they are still open",
        )
        .ac(&[
            "Only eligible colleagues are notified",
            "Quiet hours 22:00–07:00 are respected",
            "Tapping the notification opens the offer",
        ])
        .labels(&["mobile", "notifications", "swaps"])
        .epic(b.swaps_epic)
        .serves(r.swaps),
    );
    d.at("2026-09-15 11:20");
    b.history = d.add(
        It::story(
            "Swap history on the employee profile",
            "venue manager",
            "to see who swapped which shifts in the last 90 days",
            "I notice when someone gives away every Saturday",
        )
        .ac(&["Lists offered, claimed and traded shifts with dates", "Filter by employee and by month"])
        .labels(&["swaps", "web"])
        .epic(b.swaps_epic)
        .serves(r.swaps),
    );
    d.at("2026-09-15 11:40");
    b.partial = d.add(
        It::story(
            "Offer only part of a shift",
            "bartender",
            "to give away the last three hours of a long shift",
            "I can leave early without losing the whole shift",
        )
        .labels(&["swaps"])
        .epic(b.swaps_epic)
        .serves(r.swaps),
    );
    d.at("2026-09-15 11:55");
    b.direct_swap = d.add(
        It::story(
            "Trade my shift directly for a colleague’s",
            "cook",
            "to propose trading my Saturday for a colleague's Tuesday",
            "we can sort it out between us without the manager",
        )
        .ac(&[
            "Both sides must accept before anything changes",
            "The trade is checked against rest periods for both people",
            "A trade that changes the weekly cost goes through budget approval",
        ])
        .labels(&["mobile", "swaps"])
        .epic(b.swaps_epic)
        .serves(r.swaps)
        .moscow(Moscow::Should)
        .wsjf(8.0, 5.0, 3.0, 8.0),
    );
    d.at("2026-09-15 12:10");
    d.add(
        It::story(
            "Pick up shifts in another shop of the same company",
            "employee of a bakery with several shops",
            "to see and claim open shifts in the other shops",
            "I can work more hours without a second employer",
        )
        .desc(
            "Came up twice in the Bäckerei Hofmann pilot. Needs a decision on who approves: the \
               giving or the receiving shop's manager?",
        )
        .labels(&["multi-location", "swaps"])
        .epic(b.swaps_epic)
        .serves(r.swaps),
    );
}

/// Hand-off: the DATEV export.
pub fn datev(d: &mut Demo, r: &Roadmap, b: &mut Backlog) {
    d.pm().at("2026-09-21 09:00");
    d.initiative_status(r.datev, InitiativeStatus::ReadyForBreakdown);

    d.po().at("2026-09-22 09:30");
    b.datev_epic = d.add(
        It::new(Epic, "DATEV Lohn und Gehalt export")
            .desc(
                "Most customers' payroll is done by a Steuerberater in DATEV. Managers retype hours \
                 from our monthly PDF today, and mistakes surface a month later on a payslip.\n\n\
                 Scope: monthly worked hours, surcharges, absences later.",
            )
            .labels(&["datev", "payroll"])
            .serves(r.datev),
    );
    d.at("2026-09-22 09:45");
    b.datev_spike = d.add(
        It::new(Spike, "Which DATEV interface: ASCII import for Lohn und Gehalt, or LODAS?")
            .desc(
                "Time-box: 3 days. Talk to two Steuerberater from the pilot; build a throwaway file \
                   for each format.",
            )
            .ac(&["Decision written down with the reasons", "Sample file accepted by a real DATEV installation"])
            .labels(&["datev", "payroll"])
            .epic(b.datev_epic)
            .serves(r.datev),
    );
    d.at("2026-09-22 10:00");
    b.sample_files = d.add(
        It::new(Task, "Collect sample DATEV import files from two pilot Steuerberater")
            .labels(&["datev"])
            .epic(b.datev_epic)
            .serves(r.datev),
    );
    d.at("2026-09-22 10:15");
    b.mapping = d.add(
        It::story(
            "Map employees to DATEV personnel numbers",
            "venue manager",
            "to enter each employee's DATEV personnel number once",
            "the Steuerberater doesn't have to match names by hand",
        )
        .ac(&[
            "The number is unique per venue and validated as 1–5 digits",
            "Employees without a number are listed before any export",
            "Numbers can be imported from the Steuerberater's CSV list",
        ])
        .labels(&["datev", "payroll", "web"])
        .epic(b.datev_epic)
        .serves(r.datev),
    );
    d.at("2026-09-22 10:30");
    b.export = d.add(
        It::story(
            "Export monthly worked hours as a DATEV ASCII file",
            "venue manager",
            "to download last month's hours in DATEV format",
            "my Steuerberater imports them instead of retyping them",
        )
        .desc(
            "Format: semicolon-separated, Windows-1252, one line per employee and wage type. See \
             the spike's notes for the field list.\n\n\
             **Watch out:** names like Jürgen, Ömer or Zoë must survive the encoding.",
        )
        .ac(&[
            "The file passes DATEV's import check without warnings",
            "Hours are split into the wage types agreed with the Steuerberater",
            "Umlauts and accents in names survive the import",
            "A pilot venue's Steuerberater imported a real month",
        ])
        .labels(&["datev", "payroll"])
        .epic(b.datev_epic)
        .serves(r.datev),
    );
    d.at("2026-09-22 10:45");
    b.surcharges = d.add(
        It::story(
            "Night, Sunday and holiday surcharges in the export",
            "Steuerberater",
            "tax-free night, Sunday and holiday surcharges (SFN) as separate wage types",
            "they are not taxed by mistake",
        )
        .ac(&[
            "Night work 20:00–06:00 is split out, 40 % from 00:00 to 04:00",
            "Sundays and public holidays use the venue's state calendar",
            "Surcharges are computed on a base wage of at most €50 an hour",
        ])
        .labels(&["datev", "payroll"])
        .epic(b.datev_epic)
        .serves(r.datev)
        .moscow(Moscow::Must),
    );
    d.at("2026-09-22 11:00");
    b.preview = d.add(
        It::story(
            "Preview the export with validation errors",
            "venue manager",
            "to see the export and its problems before I download it",
            "I fix missing numbers before the Steuerberater calls me",
        )
        .ac(&[
            "Missing personnel numbers and unapproved hours are listed with a link to fix them",
            "The preview shows totals per employee",
            "Download is possible with warnings, not with errors",
        ])
        .labels(&["datev", "web"])
        .epic(b.datev_epic)
        .serves(r.datev),
    );
    d.at("2026-09-22 11:15");
    d.add(
        It::new(Task, "Help-centre article: “Sending hours to your Steuerberater”")
            .desc("German first, English later. Screenshots from the pilot venue, names blurred.")
            .points(1)
            .labels(&["datev", "docs"])
            .epic(b.datev_epic)
            .serves(r.datev),
    );
}
