//! The file-system primitives a safe save needs: the shared lock, the
//! atomic replace, and a cheap way to tell whether the file changed. The
//! calls that change something go through [`layer`], so tests can record
//! or fail them; [`share`] keeps a shared file's group and modes.

pub(super) mod layer;
pub(super) mod own;
pub(super) mod share;

pub use layer::{FileSystem, Real, with_layer};

use super::error::StoreError;
use layer::Current;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits for another one before giving up. Writers hold
/// the lock only for a read-merge-write, so this is generous.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(15);

/// Where everything that lives beside a workspace file goes.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The real file (symlinks resolved): what we read, replace and lock.
    pub file: PathBuf,
    pub dir: PathBuf,
    pub name: String,
}

impl Paths {
    /// Resolves `path` through symlinks so that a save replaces the target,
    /// not the link.
    pub fn resolve(path: &Path) -> Result<Paths, StoreError> {
        let file = match fs::canonicalize(path) {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Not there yet (init): resolve the directory instead.
                let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                let dir = fs::canonicalize(parent).map_err(|e| StoreError::io("open the directory", parent, e))?;
                dir.join(path.file_name().ok_or_else(|| StoreError::NotFound { path: path.to_owned() })?)
            }
            Err(e) => return Err(StoreError::io("open", path, e)),
        };
        let dir = file.parent().unwrap_or(Path::new("/")).to_owned();
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(Paths { file, dir, name })
    }

    /// Paths for a file backlog writes as a whole beside the workspace (an
    /// export, `.gitattributes`), never through a symbolic link at `path`:
    /// a save would replace the file it points to, which the user did not
    /// name. A link there is refused; its folder's links are resolved as
    /// usual. The replace renames over the name itself, so a link put
    /// there after this check is replaced, not followed.
    pub fn unlinked(path: &Path, what: &'static str) -> Result<Paths, StoreError> {
        if let Ok(m) = fs::symlink_metadata(path)
            && m.file_type().is_symlink()
        {
            return Err(own::not_ours(path, &m, what, ", then try again"));
        }
        let name = path.file_name().ok_or_else(|| StoreError::NotFound { path: path.to_owned() })?;
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let dir = fs::canonicalize(parent).map_err(|e| StoreError::io("open the directory", parent, e))?;
        let file = dir.join(name);
        Ok(Paths { name: name.to_string_lossy().into_owned(), file, dir })
    }

    /// The lock file every writer takes: beside the workspace, never the
    /// data file itself (which is replaced by rename), never deleted.
    pub fn lock(&self) -> PathBuf {
        self.dir.join(format!(".{}.lock", self.name))
    }

    fn temp_prefix(&self) -> String {
        format!(".{}.tmp.", self.name)
    }

    pub fn backups(&self) -> PathBuf {
        self.dir.join(format!(".{}.backups", self.name))
    }
}

/// An exclusive lock on the workspace's lock file, released on drop (and by
/// the kernel if the process dies).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    pub fn acquire(paths: &Paths) -> Result<Lock, StoreError> {
        Lock::acquire_within(paths, LOCK_TIMEOUT)
    }

    pub fn acquire_within(paths: &Paths, timeout: Duration) -> Result<Lock, StoreError> {
        Lock::acquire_until(paths, timeout, &|| false)
    }

    /// Waits at most `timeout`, and not at all once `cancelled` says so.
    pub fn acquire_until(paths: &Paths, timeout: Duration, cancelled: &dyn Fn() -> bool) -> Result<Lock, StoreError> {
        let path = paths.lock();
        let file = open_lock_file(&path)?;
        let start = Instant::now();
        let mut wait = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs::TryLockError::WouldBlock) => {
                    if cancelled() {
                        return Err(StoreError::Cancelled { path });
                    }
                    if start.elapsed() >= timeout {
                        return Err(StoreError::LockTimeout { path, seconds: timeout.as_secs() });
                    }
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_millis(20));
                }
                Err(fs::TryLockError::Error(e)) => return Err(StoreError::io("lock", &path, e)),
            }
        }
    }
}

/// Opens the lock file, creating it if need be. A lock works on a
/// read-only handle too, so a new lock file is made readable by everyone
/// who can reach the folder (it holds nothing): then a second user on a
/// shared server can lock it even if they may not write it.
///
/// Only a regular file is a lock: a link there is not followed, a FIFO not
/// waited on (opening one blocks until someone opens its other end, which
/// hung every command), and either, or a folder, is an error that says
/// how to clear it. The open itself refuses a link and cannot block, so
/// nothing put there between a check and the open gets through.
fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let opts = |write: bool| {
        let mut o = OpenOptions::new();
        o.read(!write).write(write).custom_flags(own::NO_FOLLOW);
        o
    };
    let opened = match opts(true).create_new(true).mode(0o644).open(path) {
        Ok(f) => {
            // The umask may have taken the read bits. Best effort: the lock
            // works for us either way (and some mounts refuse any chmod).
            if let Ok(m) = f.metadata() {
                let _ = f.set_permissions(fs::Permissions::from_mode(m.permissions().mode() | 0o444));
            }
            Ok(f)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match opts(true).open(path) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => opts(false).open(path),
            other => other,
        },
        Err(e) => Err(e),
    };
    let not_ours = |m: &fs::Metadata| {
        own::not_ours(
            path,
            m,
            "its lock file (a regular file)",
            "; backlog makes a new lock file there on the next save",
        )
    };
    match opened {
        Ok(f) => match f.metadata() {
            Ok(m) if m.is_file() => Ok(f),
            Ok(m) => Err(not_ours(&m)),
            Err(e) => Err(StoreError::io("open the lock file", path, e)),
        },
        // ELOOP (a link), EISDIR (a folder), ENXIO (a FIFO nobody reads):
        // say what is there rather than the errno.
        Err(e) => match fs::symlink_metadata(path) {
            Ok(m) if !m.is_file() => Err(not_ours(&m)),
            _ => Err(StoreError::io("create the lock file", path, e)),
        },
    }
}

/// Identity of the file's current version, cheap to compare. Every save
/// by this tool replaces the inode, and editors change size or mtime, so a
/// match means "unchanged"; a mismatch is confirmed by comparing bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i128,
}

pub fn stamp(path: &Path) -> Option<Stamp> {
    Some(stamp_from(&fs::metadata(path).ok()?))
}

/// The [`Stamp`] of the version `file` holds open.
pub fn stamp_of(file: &File) -> Option<Stamp> {
    Some(stamp_from(&file.metadata().ok()?))
}

fn stamp_from(m: &fs::Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    Stamp {
        dev: m.dev(),
        ino: m.ino(),
        len: m.len(),
        mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
    }
}

/// A content hash, to tell a touched file from a changed one.
///
/// xxHash64's rounds (not bit for bit the reference output, which nothing
/// needs: the value never leaves the process): four independent lanes
/// hash a big file several times faster than SipHash, which matters as it
/// runs over every byte on each open and save. No adversary picks the
/// file's bytes to collide with its last version, so SipHash's keyed
/// strength bought nothing here.
pub fn digest(bytes: &[u8]) -> u64 {
    let mut d = Digest::new();
    d.update(bytes);
    d.finish()
}

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

/// [`digest`] of bytes that come in pieces (a file streamed as it is
/// written): the same value however they are cut.
#[derive(Debug, Clone)]
pub struct Digest {
    lanes: [u64; 4],
    len: u64,
    /// The bytes of an unfinished 32-byte stripe.
    tail: [u8; 32],
    tail_len: usize,
}

impl Default for Digest {
    fn default() -> Self {
        Digest::new()
    }
}

impl Digest {
    pub fn new() -> Digest {
        Digest { lanes: [P1.wrapping_add(P2), P2, 0, P1.wrapping_neg()], len: 0, tail: [0; 32], tail_len: 0 }
    }

    fn round(acc: u64, w: u64) -> u64 {
        acc.wrapping_add(w.wrapping_mul(P2)).rotate_left(31).wrapping_mul(P1)
    }

    fn word(b: &[u8]) -> u64 {
        u64::from_le_bytes(b.try_into().expect("eight bytes"))
    }

    fn stripe(&mut self, s: &[u8]) {
        for (i, lane) in self.lanes.iter_mut().enumerate() {
            *lane = Digest::round(*lane, Digest::word(&s[i * 8..i * 8 + 8]));
        }
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.tail_len > 0 {
            let take = (32 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 32 {
                return;
            }
            let tail = self.tail;
            self.stripe(&tail);
            self.tail_len = 0;
        }
        let mut stripes = bytes.chunks_exact(32);
        for s in &mut stripes {
            self.stripe(s);
        }
        let rest = stripes.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    pub fn finish(&self) -> u64 {
        let l = &self.lanes;
        let mut h = l[0]
            .rotate_left(1)
            .wrapping_add(l[1].rotate_left(7))
            .wrapping_add(l[2].rotate_left(12))
            .wrapping_add(l[3].rotate_left(18));
        for &lane in l {
            h = (h ^ Digest::round(0, lane)).wrapping_mul(P1).wrapping_add(P4);
        }
        h = h.wrapping_add(self.len).wrapping_add(P5);
        let mut rest = self.tail[..self.tail_len].chunks_exact(8);
        for w in &mut rest {
            h = (h ^ Digest::round(0, Digest::word(w))).rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
        }
        for &b in rest.remainder() {
            h = (h ^ u64::from(b).wrapping_mul(P5)).rotate_left(11).wrapping_mul(P1);
        }
        h ^= h >> 33;
        h = h.wrapping_mul(P2);
        h ^= h >> 29;
        h = h.wrapping_mul(P3);
        h ^ (h >> 32)
    }
}

/// Reads the file; `None` if it does not exist. Anything but a regular
/// file (a FIFO would block the read until someone writes into it) is an
/// error that says so, found without waiting.
pub fn read(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    let Some((f, len)) = open_regular(path)? else { return Ok(None) };
    read_all(f, len, path).map(Some)
}

/// The rest of the open file `f` (`len` bytes long when it was opened).
fn read_all(mut f: File, len: usize, path: &Path) -> Result<Vec<u8>, StoreError> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(len);
    f.read_to_end(&mut bytes).map_err(|e| StoreError::io("read", path, e))?;
    Ok(bytes)
}

/// [`read`] for a file read once, whole, before anything depends on it
/// (opening a workspace): a big file is mapped rather than copied. The
/// copy's fresh memory costs a page fault per 4 KiB, 0.15 s at 128 MB,
/// where the map takes the pages the kernel already holds.
///
/// Why a map is safe here: every writer of ours replaces the file by a
/// rename, so the mapped file never changes; a foreign program that cut
/// it short in place would stop this process (SIGBUS) before it had
/// written anything of the bytes: while reading them, or while an edit
/// of a cut copies them into its temp file, before the rename. A
/// session's later reads, made while it holds unsaved edits, use
/// [`read`], which cannot stop it.
pub fn read_once(path: &Path) -> Result<Option<Contents>, StoreError> {
    let Some((f, len)) = open_regular(path)? else { return Ok(None) };
    if len >= MAP_FROM {
        // SAFETY: see above; the map is read-only, and only read while
        // the file is the one opened here.
        if let Ok(map) = unsafe { memmap2::MmapOptions::new().populate().map(&f) } {
            return Ok(Some(Contents::Mapped(map)));
        }
    }
    read_all(f, len, path).map(|b| Some(Contents::Read(b)))
}

/// Below this a read costs less than setting up a map.
const MAP_FROM: usize = 1 << 20;

/// A file's bytes, mapped or read.
pub enum Contents {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for Contents {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Contents::Mapped(m) => m,
            Contents::Read(v) => v,
        }
    }
}

fn open_regular(path: &Path) -> Result<Option<(File, usize)>, StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    let failed = |e| StoreError::io("read", path, e);
    let f = match OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(failed(e)),
    };
    let meta = f.metadata().map_err(failed)?;
    if !meta.is_file() {
        return Err(StoreError::NotOurs {
            path: path.to_owned(),
            found: own::found(&meta),
            wanted: "a workspace file (a regular file)",
            fix: "point --workspace (or $BACKLOG_WORKSPACE) at the workspace's JSON file".into(),
        });
    }
    Ok(Some((f, usize::try_from(meta.len()).unwrap_or(0))))
}

/// Replaces `paths.file` with `bytes` atomically: write a temp file in the
/// same directory, give it the old file's group and mode, fsync it, run
/// `before_rename` (backups), rename it over the file, fsync the directory.
/// A crash at any point leaves either the old or the new file, whole. An
/// existing file the user may not write is refused, not replaced.
pub fn write_atomic(
    paths: &Paths,
    bytes: &[u8],
    before_rename: impl FnOnce() -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    replace(paths, |fs, tmp, f| fs.write(tmp, f, bytes).map(|()| true), before_rename).map(|_| ())
}

/// How much a streamed write holds before it hands it to the file: few
/// calls for a big file, one for a small one.
const CHUNK: usize = 4 << 20;

/// [`write_atomic`] with the bytes written by `fill` as it makes them, a
/// chunk at a time, so that a big file is never whole in memory. Once all
/// are written, `keep` sees their [`digest`]: if it says no, the temp file
/// is removed and the file left as it is. Returns the digest and whether
/// the file was replaced.
pub fn write_atomic_streamed(
    paths: &Paths,
    fill: impl FnOnce(&mut Chunks<'_>) -> std::io::Result<()>,
    keep: impl FnOnce(u64) -> bool,
    before_rename: impl FnOnce() -> Result<(), StoreError>,
) -> Result<(u64, bool), StoreError> {
    let mut digest = 0;
    let wrote = replace(
        paths,
        |fs, tmp, f| {
            let mut w = Chunks { fs, path: tmp, file: f, buf: Vec::with_capacity(CHUNK), digest: Digest::new() };
            fill(&mut w)?;
            w.write_chunk()?;
            digest = w.digest.finish();
            Ok(keep(digest))
        },
        before_rename,
    )?;
    Ok((digest, wrote))
}

/// A writer that passes full chunks to the layer's `write`, hashing them
/// (a concrete type, so that the serializer writing into it is compiled
/// for it: a call through `dyn Write` per token was a tenth of a save).
pub struct Chunks<'a> {
    fs: &'a dyn FileSystem,
    path: &'a Path,
    file: &'a mut File,
    buf: Vec<u8>,
    digest: Digest,
}

impl Chunks<'_> {
    fn write_chunk(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.digest.update(&self.buf);
            self.fs.write(self.path, self.file, &self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

impl std::io::Write for Chunks<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        // A big piece (a spliced write copies most of the file in a few)
        // goes to the file as it is, not through the buffer.
        if bytes.len() >= CHUNK {
            self.write_chunk()?;
            self.digest.update(bytes);
            self.fs.write(self.path, self.file, bytes)?;
            return Ok(bytes.len());
        }
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.write_chunk()?;
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The steps of an atomic replace around `fill`, which writes the temp
/// file and says whether to go on (false: the temp file is removed and
/// the file left as it is). Returns whether the file was replaced.
fn replace(
    paths: &Paths,
    fill: impl FnOnce(&dyn FileSystem, &Path, &mut File) -> std::io::Result<bool>,
    before_rename: impl FnOnce() -> Result<(), StoreError>,
) -> Result<bool, StoreError> {
    let current = Current::get();
    let fs = current.fs();
    let failed = |e| StoreError::Write { path: paths.file.clone(), source: e };
    let old = match fs::metadata(&paths.file) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(failed(e)),
    };
    if let Some(old) = &old {
        share::check_writable(&paths.file, old)?;
    }
    let tmp = paths.dir.join(format!(
        "{}{}.{}",
        paths.temp_prefix(),
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    ));
    // Only a temp file this call made is removed: a name that was taken
    // (create refuses it) is someone else's.
    let mut made = false;
    let result = (|| {
        // Private until it has the old file's group: a group-readable mode
        // on our own group would show a private workspace to the wrong
        // people. A new file gets the usual 0666 less the umask.
        let mut f = fs.create(&tmp, if old.is_some() { 0o600 } else { 0o666 }).map_err(failed)?;
        made = true;
        if !fill(fs, &tmp, &mut f).map_err(failed)? {
            return Ok(false);
        }
        if let Some(old) = &old {
            share::like_old(fs, &tmp, &f, old).map_err(failed)?;
        }
        // After the mode, so the fsync makes that durable too.
        fs.sync(&tmp, &f).map_err(failed)?;
        before_rename()?;
        fs.rename(&tmp, &paths.file).map_err(failed).map(|()| true)
    })();
    if !matches!(result, Ok(true)) {
        if made {
            let _ = fs::remove_file(&tmp);
        }
        return result;
    }
    sync_dir(fs, &paths.dir).map_err(|e| StoreError::NotDurable { path: paths.file.clone(), source: e })?;
    Ok(true)
}

/// Writes `bytes` as `target`, a file that must not exist yet (a recovery
/// file): a temp file beside it, made like the file `like` describes
/// (group and mode, where allowed), synced, then hard-linked into place,
/// which fails with `AlreadyExists` rather than replace a file already
/// there. Through the same layer as saves.
pub fn write_new(target: &Path, bytes: &[u8], like: Option<&fs::Metadata>) -> std::io::Result<()> {
    let current = Current::get();
    let fs = current.fs();
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = fs.create(&tmp, if like.is_some() { 0o600 } else { 0o666 })?;
    let result = (|| {
        fs.write(&tmp, &mut f, bytes)?;
        if let Some(like) = like {
            share::like_old(fs, &tmp, &f, like)?;
        }
        fs.sync(&tmp, &f)?;
        fs.link(&tmp, target)
    })();
    // Made by this call (create refuses a name already taken), so ours to
    // remove, linked into place or not.
    let _ = fs.remove(&tmp);
    result?;
    // Linked: the file is there whole. A folder that cannot be synced does
    // not make it less so, and the next place must not get a second copy.
    let _ = sync_dir(fs, dir);
    Ok(())
}

/// Makes the rename durable. A file system that cannot fsync a directory
/// at all (EINVAL, ENOTSUP: some FUSE and network mounts) is no reason to
/// fail a save whose rename is done, and nothing could be done about it.
/// Any other error (EIO: the disk failed) means the new version may not
/// survive a crash, and the user must hear of it: ignoring it, as this did
/// once, would report a save as safe when the system said it was not.
fn sync_dir(fs: &dyn FileSystem, dir: &Path) -> std::io::Result<()> {
    let unsupported = |e: &std::io::Error| matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOTSUP | libc::EBADF));
    let d = match fs.open(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Ok(()),
        other => other?,
    };
    match fs.sync(dir, &d) {
        Err(e) if unsupported(&e) => Ok(()),
        other => other,
    }
}

/// Removes temp files left by a writer that died mid-save. Call with the
/// lock held: then no live writer can own one. Only files named the way
/// [`replace`] names them (`.<name>.tmp.<pid>.<nanos>`) go, and only
/// regular files: a folder or link that merely starts like one stays.
pub fn remove_stray_temps(paths: &Paths, _lock: &Lock) -> usize {
    let prefix = paths.temp_prefix();
    let ours = |name: &str| {
        name.strip_prefix(&prefix).and_then(|rest| rest.split_once('.')).is_some_and(|(pid, nanos)| {
            [pid, nanos].iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    let Ok(entries) = fs::read_dir(&paths.dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| ours(&e.file_name().to_string_lossy()))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::digest;

    /// Opening maps a big file instead of copying it: the bytes must be
    /// the file's all the same, a small file is read, a missing one is
    /// `None`, and a folder is refused as `read` refuses it.
    #[test]
    fn a_file_read_once_gives_its_bytes_whether_mapped_or_read() {
        use super::{Contents, MAP_FROM, read, read_once};
        let dir = tempfile::tempdir().expect("a temp dir");
        for (name, len) in [("small.json", 100), ("big.json", MAP_FROM + 4097)] {
            let path = dir.path().join(name);
            let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&path, &bytes).expect("written");
            let once = read_once(&path).expect("reads").expect("there");
            assert_eq!(matches!(once, Contents::Mapped(_)), len >= MAP_FROM, "{name}");
            assert_eq!(&*once, bytes.as_slice(), "{name}");
            assert_eq!(read(&path).expect("reads").expect("there"), bytes, "{name}");
        }
        assert!(read_once(&dir.path().join("missing.json")).expect("no error").is_none());
        let err = read_once(dir.path()).err().expect("a folder is refused");
        assert!(err.to_string().contains("regular file"), "{err}");
    }

    #[test]
    fn the_digest_tells_any_one_byte_change_and_any_length() {
        let base: Vec<u8> = (0..300u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut seen = std::collections::HashSet::new();
        for len in 0..base.len() {
            assert!(seen.insert(digest(&base[..len])), "length {len}");
        }
        let whole = digest(&base);
        for at in 0..base.len() {
            let mut b = base.clone();
            b[at] ^= 1;
            assert_ne!(digest(&b), whole, "a flip at {at}");
        }
        assert_eq!(digest(&base), whole, "the same bytes, the same digest");
        for cut in [1, 3, 8, 31, 32, 33, 100] {
            let mut d = super::Digest::new();
            base.chunks(cut).for_each(|c| d.update(c));
            assert_eq!(d.finish(), whole, "in pieces of {cut}");
        }
    }
}
