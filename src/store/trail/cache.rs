//! What the trail has read of a repository, kept in the user's cache
//! folder (never in the workspace, never in the work tree): the ref tips
//! read up to, and each commit whose message names a key. A later read asks
//! git only for commits past those tips. A cache that is missing, from
//! another version, made with other key prefixes, or that does not parse
//! is rebuilt, never an error.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bumped when the layout or what is read changes: an older cache is then
/// read again from scratch.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Cache {
    pub version: u32,
    /// The repository it describes (the file name is a digest of it).
    pub repository: PathBuf,
    /// The key prefixes the messages were read for.
    pub prefixes: Vec<String>,
    /// Every ref tip read so far: all their history is read.
    pub tips: Vec<String>,
    /// The default branch's tips when `on_default` was last brought up to
    /// date.
    pub default_tips: Vec<String>,
    /// How many commits have been read in all (most name no key).
    pub read: u64,
    /// The commits whose message names a key, by full hash.
    pub commits: BTreeMap<String, CachedCommit>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CachedCommit {
    /// Author time, seconds since the epoch.
    pub time: i64,
    pub author: String,
    pub subject: String,
    /// Keys named (upper-case prefix), in the order first named.
    pub keys: Vec<String>,
    /// The keys among them that a closing word names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closes: Vec<String>,
    /// Reachable from the default branch.
    #[serde(default)]
    pub on_default: bool,
}

impl Cache {
    /// An empty cache for `repository` read with `prefixes`.
    pub fn empty(repository: &Path, prefixes: &[String]) -> Cache {
        Cache { version: VERSION, repository: repository.to_owned(), prefixes: prefixes.to_vec(), ..Cache::default() }
    }

    /// The cache at `path` if it is one for this repository and these
    /// prefixes; else `None` (it will be rebuilt).
    pub fn load(path: &Path, repository: &Path, prefixes: &[String]) -> Option<Cache> {
        let bytes = std::fs::read(path).ok()?;
        let cache: Cache = serde_json::from_slice(&bytes).ok()?;
        (cache.version == VERSION && cache.repository == repository && cache.prefixes == prefixes).then_some(cache)
    }

    /// Writes it atomically (a temp file renamed over the old one), so a
    /// reader never sees half a cache. A cache that cannot be written is
    /// not an error either: the next read just reads more.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new().prefix(".trail-").suffix(".tmp").tempfile_in(dir)?;
        serde_json::to_writer(std::io::BufWriter::new(tmp.as_file_mut()), self)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Where the cache of `repository` read with `prefixes` lives:
/// `<cache dir>/trail/<digest>.json` (`~/.cache/backlog/trail/` on Linux).
pub fn path_for(repository: &Path, prefixes: &[String]) -> Option<PathBuf> {
    let dir = directories::ProjectDirs::from("", "", "backlog")?.cache_dir().join("trail");
    let mut id = repository.as_os_str().as_encoded_bytes().to_vec();
    id.push(0);
    id.extend(prefixes.join(",").bytes());
    Some(dir.join(format!("{:016x}.json", fnv1a(&id))))
}

/// FNV-1a: a name that stays the same from one version to the next (the
/// store's own digest makes no such promise).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_for_another_repository_prefix_or_version_or_a_broken_one_is_not_used() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("c.json");
        let repo = Path::new("/r");
        let bl = vec!["BL".to_owned()];
        let mut c = Cache::empty(repo, &bl);
        c.read = 3;
        c.save(&path).unwrap();
        assert_eq!(Cache::load(&path, repo, &bl), Some(c.clone()));
        assert_eq!(Cache::load(&path, Path::new("/other"), &bl), None);
        assert_eq!(Cache::load(&path, repo, &["XY".to_owned()]), None);
        c.version = VERSION + 1;
        c.save(&path).unwrap();
        assert_eq!(Cache::load(&path, repo, &bl), None);
        std::fs::write(&path, b"{\"version\": 1, \"tips\": [").unwrap();
        assert_eq!(Cache::load(&path, repo, &bl), None);
        // Only the file itself is left in the folder: no temp files.
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["c.json"]);
    }

    #[test]
    fn the_path_differs_by_repository_and_prefixes() {
        let bl = vec!["BL".to_owned()];
        let a = path_for(Path::new("/a"), &bl);
        assert!(a.is_some());
        assert_ne!(a, path_for(Path::new("/b"), &bl));
        assert_ne!(a, path_for(Path::new("/a"), &["XY".to_owned()]));
        assert_eq!(a, path_for(Path::new("/a"), &bl));
    }
}
