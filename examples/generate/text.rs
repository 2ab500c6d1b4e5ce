//! What the generator draws from: a small seeded PRNG, the issues it
//! borrows titles and descriptions from, and word pools for the rest.

use std::path::{Path, PathBuf};

/// splitmix64: small, fast and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }
    /// True with probability `p` (0..=1).
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Picks by integer weight.
    pub fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut r = self.below(total as usize) as u32;
        for &(x, w) in xs {
            if r < w {
                return x;
            }
            r -= w;
        }
        xs[xs.len() - 1].0
    }
}

/// One issue to borrow a title and description from.
pub struct Sample {
    pub key: String,
    pub title: String,
    pub description: String,
    pub points: Option<u32>,
}

pub struct Corpus {
    pub samples: Vec<Sample>,
}

pub const DESCRIPTION_CHARS: usize = 400;

impl Corpus {
    /// Reads every `*.csv` in `dir` (in name order, so the result does not
    /// depend on the file system). `None` if there is no usable row.
    pub fn load(dir: &Path) -> Option<Corpus> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        files.sort();
        let mut samples = Vec::new();
        for f in files {
            match read_csv(&f) {
                Ok(mut s) => samples.append(&mut s),
                Err(e) => eprintln!("warning: skipping {}: {e}", f.display()),
            }
        }
        (!samples.is_empty()).then_some(Corpus { samples })
    }

    /// Made-up issues, for machines without the Jira exports.
    pub fn synthetic() -> Corpus {
        const VERBS: &[&str] = &[
            "Add", "Fix", "Speed up", "Simplify", "Validate", "Cache", "Paginate", "Log", "Retry", "Localise",
            "Document", "Remove", "Migrate", "Audit",
        ];
        const THINGS: &[&str] = &[
            "the invoice export",
            "search results",
            "the sign-up form",
            "webhook deliveries",
            "the permissions page",
            "CSV import",
            "the mobile dashboard",
            "password reset e-mails",
            "the audit log",
            "team invitations",
            "the billing page",
            "report scheduling",
            "API rate limits",
            "the onboarding checklist",
            "notification settings",
            "SSO login",
        ];
        const WHY: &[&str] = &[
            "Customers on large accounts hit this every week.",
            "Support tickets about this doubled since the last release.",
            "Needed before the enterprise pilot in March.",
            "Found while profiling the nightly job — it takes 40 minutes.",
            "Reported by three customers; workaround is to reload the page.",
            "",
        ];
        let mut samples = Vec::new();
        for (i, v) in VERBS.iter().enumerate() {
            for (j, t) in THINGS.iter().enumerate() {
                samples.push(Sample {
                    key: format!("SYN-{}", i * THINGS.len() + j + 1),
                    title: format!("{v} {t}"),
                    description: WHY[(i + j) % WHY.len()].to_owned(),
                    points: Some([1, 2, 3, 5, 8, 13][(i * 7 + j) % 6]),
                });
            }
        }
        Corpus { samples }
    }
}

fn read_csv(path: &Path) -> Result<Vec<Sample>, csv::Error> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let headers = rdr.headers()?.clone();
    // Both the study's column names and Jira's own export headers.
    let col = |names: &[&str]| headers.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)));
    let (key, title, desc, points) = (
        col(&["issuekey", "Issue key"]),
        col(&["title", "Summary"]),
        col(&["description", "Description"]),
        col(&["storypoint", "Story Points"]),
    );
    let Some(title) = title else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for record in rdr.records() {
        let r = record?;
        let field = |c: Option<usize>| c.and_then(|c| r.get(c)).unwrap_or("").trim();
        if field(Some(title)).is_empty() {
            continue;
        }
        out.push(Sample {
            key: field(key).to_owned(),
            title: field(Some(title)).to_owned(),
            description: truncate(field(desc), DESCRIPTION_CHARS),
            points: field(points).parse::<f64>().ok().map(|p| nearest_point(p.round() as u32)),
        });
    }
    Ok(out)
}

/// At most `max` characters, cut at a character boundary, marked with `…`.
fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", s[..at].trim_end()),
        None => s.to_owned(),
    }
}

pub const POINTS: &[u32] = &[1, 2, 3, 5, 8, 13, 20, 40];

/// The point-scale value closest to `p` (ties go up).
fn nearest_point(p: u32) -> u32 {
    *POINTS.iter().min_by_key(|&&s| (s.abs_diff(p), u32::MAX - s)).expect("non-empty")
}

pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub const THEMES: &[&str] =
    &["Growth", "Retention", "Self-service", "Enterprise", "Platform", "Compliance", "Mobile", "Integrations"];

pub const LABELS: &[&str] =
    &["backend", "frontend", "api", "ux", "performance", "security", "docs", "infra", "mobile", "customer", "data"];
pub const ROLES: &[&str] =
    &["team admin", "project manager", "developer", "support agent", "new user", "account owner", "auditor"];
pub const COMMENTERS: &[&str] = &["lena", "jonas", "mira", "ahmed", "sofia", "tomás"];
pub const BENEFITS: &[&str] = &[
    "I don't have to ask support",
    "I save time every week",
    "my team trusts the numbers",
    "we stay compliant",
    "I can find things faster",
    "fewer mistakes reach customers",
];
pub const CRITERIA: &[&str] = &[
    "Works for accounts with 10,000 records",
    "Error messages say what to do next",
    "Covered by an end-to-end test",
    "Keyboard accessible",
    "Documented in the changelog",
    "Behind a feature flag until the beta ends",
    "p95 under 300 ms",
];

pub const SPRINT_GOALS: &[&str] = &[
    "Ship the beta to the first ten customers",
    "Close the top five support issues",
    "Make search usable on large accounts",
    "Finish the enterprise permissions model",
    "Get the new onboarding flow in front of users",
    "Pay down the flaky-test debt",
];
