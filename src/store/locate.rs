//! Which workspace file a command means. First hit wins: `--workspace`,
//! `$BACKLOG_WORKSPACE`, `backlog.json` in the current directory or a
//! parent, then the user default `<data dir>/workspace.json`.

use std::path::{Path, PathBuf};

/// The file name looked for in the current directory and its parents.
pub const FILE_NAME: &str = "backlog.json";

/// How the file was found (shown by `backlog` so nobody wonders which file
/// they are editing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env,
    Directory,
    UserDefault,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    pub source: Source,
}

/// The per-user data directory (`~/.local/share/backlog` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "backlog").map(|d| d.data_dir().to_owned())
}

/// The per-user config directory (`~/.config/backlog` on Linux).
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "backlog").map(|d| d.config_dir().to_owned())
}

/// Finds the workspace from the real environment.
pub fn locate(flag: Option<&Path>) -> Option<Located> {
    let env = std::env::var_os("BACKLOG_WORKSPACE").filter(|v| !v.is_empty()).map(PathBuf::from);
    let cwd = std::env::current_dir().ok();
    resolve(flag, env.as_deref(), cwd.as_deref(), data_dir().as_deref())
}

/// The rule itself, with its inputs passed in so it can be tested.
pub fn resolve(flag: Option<&Path>, env: Option<&Path>, cwd: Option<&Path>, data: Option<&Path>) -> Option<Located> {
    if let Some(p) = flag {
        return Some(Located { path: p.to_owned(), source: Source::Flag });
    }
    if let Some(p) = env {
        return Some(Located { path: p.to_owned(), source: Source::Env });
    }
    if let Some(found) = cwd.into_iter().flat_map(Path::ancestors).map(|d| d.join(FILE_NAME)).find(|p| p.is_file()) {
        return Some(Located { path: found, source: Source::Directory });
    }
    data.map(|d| Located { path: d.join("workspace.json"), source: Source::UserDefault })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_hit_wins() {
        let tmp = tempfile::tempdir().unwrap();
        let nested = tmp.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(tmp.path().join(FILE_NAME), "{}").unwrap();
        let data = tmp.path().join("data");

        let flag = resolve(Some(Path::new("x.json")), Some(Path::new("env.json")), Some(&nested), Some(&data));
        assert_eq!(flag.unwrap().source, Source::Flag);
        let env = resolve(None, Some(Path::new("env.json")), Some(&nested), Some(&data)).unwrap();
        assert_eq!((env.path.as_path(), env.source), (Path::new("env.json"), Source::Env));
        let dir = resolve(None, None, Some(&nested), Some(&data)).unwrap();
        assert_eq!((dir.path, dir.source), (tmp.path().join(FILE_NAME), Source::Directory));
        let other = tempfile::tempdir().unwrap();
        let user = resolve(None, None, Some(other.path()), Some(&data)).unwrap();
        assert_eq!((user.path, user.source), (data.join("workspace.json"), Source::UserDefault));
    }
}
