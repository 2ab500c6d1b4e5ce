//! The user's config file, `<config dir>/config.toml`. Every field is
//! optional; a missing file is the defaults.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The session role when neither --role nor $BACKLOG_ROLE says.
    pub role: Option<crate::domain::Role>,
    /// `dark` or `light`.
    pub theme: Option<String>,
    /// Mouse capture (off by default so that terminal selection works).
    pub mouse: Option<bool>,
    /// Show done and dropped items in the backlog's rank view from the
    /// start (hidden by default; `H` toggles them either way).
    pub show_done: Option<bool>,
    /// Your name on comments and for `--assignee me`; else `$USER`.
    pub user: Option<String>,
    /// Key overrides: action name -> key(s).
    pub keys: BTreeMap<String, toml::Value>,
    /// Which backups of the workspace are kept (`[backups]`: `last`,
    /// `hourly`, `daily`, `weekly`).
    pub backups: crate::store::retention::Retention,
    /// Warn once when the workspace file grows past this many megabytes
    /// (default 40; 0 turns the warning off).
    pub warn_size_mb: Option<f64>,
}

impl Config {
    /// The default location, if the platform has one.
    pub fn path() -> Option<PathBuf> {
        crate::store::locate::config_dir().map(|d| d.join("config.toml"))
    }

    /// Reads the config; a missing file gives the defaults, a broken one an
    /// error naming the file, the place and the problem.
    pub fn load_from(path: &Path) -> anyhow::Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(anyhow::anyhow!("could not read {}: {e}", path.display())),
        };
        toml::from_str(&text).map_err(|e| {
            let place = e
                .span()
                .map(|s| {
                    let line = text[..s.start].matches('\n').count() + 1;
                    let col = s.start - text[..s.start].rfind('\n').map_or(0, |i| i + 1) + 1;
                    format!(":{line}:{col}")
                })
                .unwrap_or_default();
            anyhow::anyhow!("{}{place}: {}", path.display(), e.message())
        })
    }

    /// Who is at the keyboard: the config's `user`, else `$USER` (or
    /// `$USERNAME`), else nobody in particular (empty).
    pub fn user_name(&self) -> String {
        self.user
            .clone()
            .or_else(|| ["USER", "USERNAME"].iter().find_map(|v| std::env::var(v).ok()))
            .map(|u| crate::domain::text::clean_line(&u))
            .unwrap_or_default()
    }

    /// The size warning's limit in megabytes (see [`crate::store::size`]).
    pub fn warn_size_mb(&self) -> f64 {
        self.warn_size_mb.unwrap_or(crate::store::size::DEFAULT_MB)
    }

    pub fn load() -> anyhow::Result<Config> {
        match Config::path() {
            Some(p) => Config::load_from(&p),
            None => Ok(Config::default()),
        }
    }
}
