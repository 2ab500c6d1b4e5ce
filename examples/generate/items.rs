//! The PO's backlog: epics first, then every other kind of item, appended
//! in O(1) each.

use super::strategy::Init;
use super::*;

/// Creates `n` items between `from` and `until`, and queues the refined
/// and ready ones for sprint planning.
pub fn fill_backlog(g: &mut Gen, n: usize, mut inits: Vec<Init>, from: DateTime<Utc>, until: DateTime<Utc>) {
    g.as_role(Role::Po);
    // Whole seconds, so that timestamps read like a person's.
    let step = Duration::seconds((until - from).num_seconds() / n.max(1) as i64);
    let weights: Vec<(usize, u32)> = inits.iter().enumerate().map(|(i, x)| (i, x.weight)).collect();
    let epics = (n / 50).max(1).min(n);
    for k in 0..n {
        g.at(from + step * k as i32);
        let corpus = g.corpus;
        let sample = g.rng.pick(&corpus.samples);
        let title = sample.title.clone();
        let init = g.rng.chance(0.92).then(|| g.rng.weighted(&weights));

        if k < epics {
            // Epics first, so that later items can belong to one.
            let i = k % inits.len();
            let status = g.rng.weighted(&[(Status::New, 2), (Status::InProgress, 3), (Status::Done, 1)]);
            let id = g.add_item(NewItem {
                kind: Some(ItemKind::Epic),
                title,
                status: Some(status),
                initiative: Some(inits[i].id),
                ..Default::default()
            });
            inits[i].epics.push(id);
            continue;
        }

        let story_title = title.to_ascii_lowercase().starts_with("as a");
        let kind = if story_title {
            ItemKind::Story
        } else {
            g.rng.weighted(&[
                (ItemKind::Story, 55),
                (ItemKind::Bug, 18),
                (ItemKind::Task, 10),
                (ItemKind::Spike, 5),
                (ItemKind::TechDebt, 12),
            ])
        };
        let status = g.rng.weighted(&[
            (Status::New, 30),
            (Status::Refined, 15),
            (Status::Ready, 10),
            (Status::InProgress, 4),
            (Status::Review, 2),
            (Status::Done, 33),
            (Status::Dropped, 6),
        ]);
        let estimate = if status == Status::New && g.rng.chance(0.5) {
            None
        } else {
            Some(sample.points.unwrap_or_else(|| *g.rng.pick(&POINTS[..6])))
        };
        let story = (kind == ItemKind::Story && !story_title && g.rng.chance(0.8))
            .then(|| Story::new(g.rng.pick(ROLES).to_string(), lower_first(&title), g.rng.pick(BENEFITS).to_string()));
        let met = |rng: &mut Rng| match status {
            Status::Done => true,
            Status::InProgress | Status::Review => rng.chance(0.5),
            _ => false,
        };
        let criteria = if matches!(kind, ItemKind::Story | ItemKind::Bug) { g.rng.below(4) } else { 0 };
        let acceptance_criteria =
            (0..criteria).map(|_| Criterion::new(*g.rng.pick(CRITERIA), met(&mut g.rng))).collect();
        let labels = (0..g.rng.below(4)).map(|_| g.rng.pick(LABELS).to_string()).collect();
        let parent = match init {
            Some(i) if !inits[i].epics.is_empty() && g.rng.chance(0.4) => Some(*g.rng.pick(&inits[i].epics)),
            _ => None,
        };
        let moscow = g
            .rng
            .chance(0.15)
            .then(|| g.rng.weighted(&[(Moscow::Must, 3), (Moscow::Should, 4), (Moscow::Could, 2), (Moscow::Wont, 1)]));
        let wsjf = g.rng.chance(0.04).then(|| Wsjf {
            business_value: (1 + g.rng.below(13)) as f64,
            time_criticality: (1 + g.rng.below(8)) as f64,
            risk_reduction: (1 + g.rng.below(5)) as f64,
            job_size: estimate.unwrap_or(5).max(1) as f64,
            extra: Default::default(),
        });
        let rice = g.rng.chance(0.03).then(|| Rice {
            reach: (100 * (1 + g.rng.below(50))) as f64,
            impact: [0.25, 0.5, 1.0, 2.0, 3.0][g.rng.below(5)],
            confidence: [50.0, 80.0, 100.0][g.rng.below(3)],
            effort: (1 + g.rng.below(6)) as f64,
            extra: Default::default(),
        });
        let external = if g.rng.chance(0.1) && !sample.key.is_empty() {
            vec![ExternalRef::new("jira", sample.key.clone())]
        } else {
            Vec::new()
        };
        let description = if g.rng.chance(0.4) { sample.description.clone() } else { String::new() };
        // A discussion on one item in five, in the words of other real
        // issues, so that the filter searches comments of real length.
        let comments = if g.rng.chance(0.2) {
            (0..1 + g.rng.below(3))
                .map(|c| Comment {
                    at: g.ctx.now + Duration::minutes(c as i64),
                    author: g.rng.pick(COMMENTERS).to_string(),
                    role: Role::Po,
                    text: comment_text(&g.rng.pick(&corpus.samples).description, g.rng.pick::<&str>(CRITERIA)),
                    extra: Default::default(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let id = g.add_item(NewItem {
            kind: Some(kind),
            title,
            description,
            story,
            acceptance_criteria,
            estimate,
            status: Some(status),
            labels,
            parent,
            initiative: init.map(|i| inits[i].id),
            moscow,
            wsjf,
            rice,
            external,
            comments,
            ..Default::default()
        });
        if matches!(status, Status::Refined | Status::Ready) && estimate.is_some_and(|e| (1..=13).contains(&e)) {
            g.pool.push(id);
        }
    }
    g.pool.reverse(); // planning pops from the end: the top of the backlog first
}

/// A comment: the first sentences of a real description (at most about
/// 240 bytes, cut at a character boundary), or a criterion's words.
fn comment_text(description: &str, fallback: &str) -> String {
    let text = description.trim();
    if text.is_empty() {
        return format!("Checked: {fallback}");
    }
    let mut end = text.len().min(240);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}
