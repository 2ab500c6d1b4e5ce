//! Saves under faults. Every file-system call of a save is made to fail in
//! turn, through a recording layer put in place of the real file system:
//! after each, the file is one whole committed version, the session still
//! holds every change, and the next save writes them. The same recording
//! shows the order of a save's calls, which no black-box test can see (a
//! missing fsync changes nothing until the power fails). And a workspace
//! deleted under a running session is reported, not written again.

mod common;

use backlog::domain::{Role, Workspace};
use backlog::store::fsio::{self, FileSystem, Real};
use backlog::store::{Store, StoreError, codec};
use common::*;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tempfile::TempDir;

/// One call the layer saw: what it was and the path it was about.
#[derive(Debug, Clone, PartialEq)]
struct Op {
    call: &'static str,
    path: PathBuf,
    /// The rename's or link's target.
    to: Option<PathBuf>,
}

/// Records every call and fails the `fail_at`-th (counting from 0) with
/// `errno`; the others go to the real file system.
#[derive(Default)]
struct Recorder {
    ops: Mutex<Vec<Op>>,
    fail_at: Option<usize>,
    errno: i32,
}

impl Recorder {
    fn failing(at: usize, errno: i32) -> Recorder {
        Recorder { fail_at: Some(at), errno, ..Recorder::default() }
    }
    fn failing_call(call: &'static str, errno: i32) -> CallFailer {
        CallFailer { call, errno, inner: Recorder::default() }
    }
    fn hit(&self, call: &'static str, path: &Path, to: Option<&Path>) -> io::Result<()> {
        let mut ops = self.ops.lock().unwrap();
        ops.push(Op { call, path: path.to_owned(), to: to.map(Path::to_owned) });
        if self.fail_at == Some(ops.len() - 1) {
            return Err(io::Error::from_raw_os_error(self.errno));
        }
        Ok(())
    }
    fn ops(&self) -> Vec<Op> {
        self.ops.lock().unwrap().clone()
    }
}

macro_rules! recorded {
    ($t:ty, $hit:ident) => {
        impl FileSystem for $t {
            fn create(&self, path: &Path, mode: u32) -> io::Result<File> {
                self.$hit("create", path, None)?;
                Real.create(path, mode)
            }
            fn open(&self, path: &Path) -> io::Result<File> {
                self.$hit("open", path, None)?;
                Real.open(path)
            }
            fn write(&self, path: &Path, file: &mut File, bytes: &[u8]) -> io::Result<()> {
                self.$hit("write", path, None)?;
                Real.write(path, file, bytes)
            }
            fn sync(&self, path: &Path, file: &File) -> io::Result<()> {
                self.$hit("sync", path, None)?;
                Real.sync(path, file)
            }
            fn chown(&self, path: &Path, file: &File, uid: Option<u32>, gid: Option<u32>) -> io::Result<()> {
                self.$hit("chown", path, None)?;
                Real.chown(path, file, uid, gid)
            }
            fn chmod(&self, path: &Path, file: &File, mode: u32) -> io::Result<()> {
                self.$hit("chmod", path, None)?;
                Real.chmod(path, file, mode)
            }
            fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
                self.$hit("rename", from, Some(to))?;
                Real.rename(from, to)
            }
            fn mkdir(&self, path: &Path, mode: u32) -> io::Result<()> {
                self.$hit("mkdir", path, None)?;
                Real.mkdir(path, mode)
            }
            fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
                self.$hit("link", from, Some(to))?;
                Real.link(from, to)
            }
            fn remove(&self, path: &Path) -> io::Result<()> {
                self.$hit("remove", path, None)?;
                Real.remove(path)
            }
            // The calls in a folder opened without following links are
            // recorded as the path calls they stand for.
            fn open_dir(&self, path: &Path) -> io::Result<File> {
                self.$hit("open", path, None)?;
                Real.open_dir(path)
            }
            fn link_into(&self, from: &Path, dir: &File, to: &Path) -> io::Result<()> {
                self.$hit("link", from, Some(to))?;
                Real.link_into(from, dir, to)
            }
            fn copy_into(&self, from: &Path, dir: &File, to: &Path) -> io::Result<File> {
                self.$hit("copy", from, Some(to))?;
                Real.copy_into(from, dir, to)
            }
            fn remove_from(&self, dir: &File, path: &Path) -> io::Result<()> {
                self.$hit("remove", path, None)?;
                Real.remove_from(dir, path)
            }
        }
    };
}
recorded!(Recorder, hit);
recorded!(CallFailer, hit);

/// Fails every call of one kind.
struct CallFailer {
    call: &'static str,
    errno: i32,
    inner: Recorder,
}

impl CallFailer {
    fn hit(&self, call: &'static str, path: &Path, to: Option<&Path>) -> io::Result<()> {
        self.inner.hit(call, path, to)?;
        if call == self.call {
            return Err(io::Error::from_raw_os_error(self.errno));
        }
        Ok(())
    }
}

/// A workspace on disk and a session holding two unsaved changes: BL-3
/// renamed and a new item. Returns the bytes on disk and the bytes the
/// save should write.
fn session() -> (TempDir, PathBuf, Store, Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    Store::create(&path, base_ws(), Role::Po).unwrap();
    let mut s = Store::open(&path, Role::Po).unwrap();
    let x = item_id(s.workspace(), "BL-3");
    s.apply_local(title(x, "Invite a whole team"), &mut ctx(Role::Po, 10)).unwrap();
    s.apply_local(add_item("Audit log", Some(3)), &mut ctx(Role::Po, 11)).unwrap();
    let old = fs::read(&path).unwrap();
    let new = codec::encode(s.workspace());
    assert_ne!(old, new);
    (dir, path, s, old, new)
}

fn holds_both_changes(ws: &Workspace) -> bool {
    ws.item_by_key("BL-3").is_some_and(|i| i.title == "Invite a whole team")
        && ws.live_items().any(|i| i.title == "Audit log")
}

fn stray_temps(path: &Path) -> Vec<String> {
    let prefix = format!(".{}.tmp.", path.file_name().unwrap().to_string_lossy());
    fs::read_dir(path.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect()
}

fn mode(path: &Path) -> (u32, u32) {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(path).unwrap();
    (m.mode() & 0o7777, m.gid())
}

/// The calls of one save that succeeds, first save after opening (so it
/// makes the backup folder too).
fn calls_of_a_save() -> (PathBuf, Vec<Op>, TempDir) {
    let (dir, path, mut s, _, new) = session();
    let rec = Arc::new(Recorder::default());
    fsio::with_layer(rec.clone(), || s.save()).unwrap();
    assert_eq!(fs::read(&path).unwrap(), new);
    (fs::canonicalize(&path).unwrap(), rec.ops(), dir)
}

#[test]
fn a_save_writes_syncs_renames_then_syncs_the_folder() {
    let (file, ops, _dir) = calls_of_a_save();
    let dir = file.parent().unwrap().to_owned();
    let backups = dir.join(".backlog.json.backups");
    let calls: Vec<&str> = ops.iter().map(|o| o.call).collect();
    let tmp = ops[0].path.clone();
    assert!(tmp.starts_with(&dir) && tmp.file_name().unwrap().to_string_lossy().starts_with(".backlog.json.tmp."));
    // Created private, written, given the file's mode, then synced; the
    // backup is a link made before the rename; the folder is synced last.
    assert_eq!(
        calls,
        ["create", "write", "chmod", "sync", "mkdir", "open", "chmod", "link", "rename", "open", "sync"],
        "{ops:#?}"
    );
    let at = |call: &str, path: &Path| ops.iter().position(|o| o.call == call && o.path == path);
    let (write, sync, rename) = (at("write", &tmp), at("sync", &tmp), at("rename", &tmp));
    assert!(write < sync && sync < rename, "the temp file is synced after it is written, before the rename");
    assert_eq!(ops[rename.unwrap()].to.as_deref(), Some(file.as_path()), "the synced temp file is what is renamed");
    let link = ops.iter().position(|o| o.call == "link").unwrap();
    assert_eq!((ops[link].path.as_path(), ops[link].to.as_ref().unwrap().parent()), (file.as_path(), Some(&*backups)));
    assert!(link < rename.unwrap(), "the old version is kept before it is replaced");
    assert_eq!(ops.last().unwrap(), &Op { call: "sync", path: dir.clone(), to: None }, "the folder is synced last");
    assert_eq!(ops[ops.len() - 2].path, dir);
    // Nothing but the rename and the link touches the file itself.
    assert!(ops.iter().all(|o| o.path != file || o.call == "link"), "{ops:#?}");
}

#[test]
fn each_step_of_a_save_failing_in_turn_leaves_one_whole_version_and_loses_nothing() {
    let (file, steps, _keep) = calls_of_a_save();
    let backup_folder_mode = mode(&file.parent().unwrap().join(".backlog.json.backups"));
    for (n, step) in steps.iter().enumerate() {
        let (_dir, path, mut s, old, new) = session();
        let rec = Arc::new(Recorder::failing(n, libc::EIO));
        let result = fsio::with_layer(rec.clone(), || s.save());
        let what = format!("step {n} ({} {}) failing", step.call, step.path.display());
        let ops = rec.ops();
        assert_eq!(ops[n].call, step.call, "{what}: the same calls in the same order");

        let disk = fs::read(&path).unwrap();
        assert!(disk == old || disk == new, "{what}: the file is one whole version");
        match &result {
            Err(e) => {
                assert!(s.has_unsaved(), "{what}: the session still has its changes to write");
                let shown = e.to_string();
                assert!(shown.contains(&path.file_name().unwrap().to_string_lossy().into_owned()), "{shown}");
                if disk == old {
                    assert!(shown.contains("not changed"), "{what}: {shown}");
                } else {
                    assert!(matches!(e, StoreError::NotDurable { .. }), "{what}: {e:?}");
                }
            }
            Ok(_) => assert_eq!(disk, new, "{what}: a save that succeeds wrote the new version"),
        }
        assert!(holds_both_changes(s.workspace()), "{what}: the session lost a change");
        assert!(stray_temps(&path).is_empty(), "{what}: temp files left: {:?}", stray_temps(&path));
        for b in backlog::store::backup::list(s.paths()) {
            assert_eq!(fs::read(&b.path).unwrap(), old, "{what}: a backup is the old version, whole");
        }

        // The next save, with nothing failing, writes every change, and
        // the backup folder ends as a save with no fault makes it.
        s.save().unwrap_or_else(|e| panic!("{what}: the next save failed: {e}"));
        assert_eq!(mode(&s.paths().backups()), backup_folder_mode, "{what}");
        assert!(!s.has_unsaved());
        let disk = fs::read(&path).unwrap();
        let ws = codec::decode(&path, &disk).unwrap().ws;
        assert!(holds_both_changes(&ws), "{what}: the next save wrote both changes");
        assert_eq!(&ws, s.workspace());
    }
}

#[test]
fn a_folder_that_cannot_be_synced_is_no_error_but_a_failed_sync_is() {
    let (_, steps, _keep) = calls_of_a_save();
    let last = steps.len() - 1;
    assert_eq!(steps[last].call, "sync");

    // EINVAL: this file system does not sync folders. The rename is done
    // and nothing could be done about it: the save succeeds.
    let (_dir, path, mut s, _, new) = session();
    fsio::with_layer(Arc::new(Recorder::failing(last, libc::EINVAL)), || s.save()).unwrap();
    assert_eq!(fs::read(&path).unwrap(), new);
    assert!(!s.has_unsaved());

    // EIO: the disk failed. The new version is in place but may not
    // survive a crash: the user is told, and the session keeps its
    // changes until a save goes through.
    let (_dir, path, mut s, _, new) = session();
    let e = fsio::with_layer(Arc::new(Recorder::failing(last, libc::EIO)), || s.save()).unwrap_err();
    assert!(matches!(e, StoreError::NotDurable { .. }), "{e:?}");
    assert!(e.to_string().contains("could not confirm"), "{e}");
    assert_eq!(fs::read(&path).unwrap(), new);
    assert!(s.has_unsaved());
    s.save().unwrap();
    assert!(!s.has_unsaved() && holds_both_changes(&codec::decode(&path, &fs::read(&path).unwrap()).unwrap().ws));

    // A temp file that cannot be synced is never renamed into place, even
    // for EINVAL: its data might not be on disk.
    let (_dir, path, mut s, old, _) = session();
    let e = fsio::with_layer(Arc::new(Recorder::failing_call("sync", libc::EINVAL)), || s.save()).unwrap_err();
    assert!(matches!(e, StoreError::Write { .. }), "{e:?}");
    assert_eq!(fs::read(&path).unwrap(), old);
}

#[test]
fn a_backup_that_cannot_be_linked_is_copied_whole() {
    let (_dir, path, mut s, old, new) = session();
    let rec = Arc::new(Recorder::failing_call("link", libc::EXDEV));
    fsio::with_layer(rec.clone(), || s.save()).unwrap();
    assert!(rec.inner.ops().iter().any(|o| o.call == "copy"));
    assert_eq!(fs::read(&path).unwrap(), new);
    let backups = backlog::store::backup::list(s.paths());
    assert_eq!(backups.len(), 1);
    assert_eq!(fs::read(&backups[0].path).unwrap(), old);
}

// ---------------------------------------------------------------------------
// A file deleted under a running session

#[test]
fn a_workspace_deleted_while_open_is_reported_and_not_written_again() {
    let (dir, path, mut s, old, _) = session();
    let moved = dir.path().join("moved.json");
    fs::rename(&path, &moved).unwrap();

    assert!(s.changed_on_disk());
    let e = s.save().unwrap_err();
    assert!(matches!(e, StoreError::Deleted { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains(&path.display().to_string()) && msg.contains("deleted or moved"), "{msg}");
    assert!(msg.contains("keeps its changes"), "{msg}");
    assert!(!path.exists(), "not written again");
    assert!(matches!(s.sync(), Err(StoreError::Deleted { .. })));
    assert!(matches!(s.apply(add_item("More", None), &mut ctx(Role::Po, 12)), Err(StoreError::Deleted { .. })));
    assert!(!path.exists());
    assert!(s.has_unsaved() && holds_both_changes(s.workspace()));

    // The way out the TUI takes when it quits: a recovery file beside it,
    // holding every change.
    let recovery = s.write_recovery().unwrap();
    assert!(holds_both_changes(&codec::decode(&recovery, &fs::read(&recovery).unwrap()).unwrap().ws));
    assert!(!path.exists());

    // Put back, the next save goes into it.
    fs::rename(&moved, &path).unwrap();
    assert_eq!(fs::read(&path).unwrap(), old);
    s.save().unwrap();
    assert!(holds_both_changes(&codec::decode(&path, &fs::read(&path).unwrap()).unwrap().ws));

    // A session with nothing unsaved notices too.
    let s2 = Store::open(&path, Role::Po).unwrap();
    fs::remove_file(&path).unwrap();
    let mut s2 = s2;
    assert!(matches!(s2.sync(), Err(StoreError::Deleted { .. })));
    assert!(!path.exists());

    // Creating a new workspace still creates the file.
    Store::create(&path, base_ws(), Role::Po).unwrap();
    assert!(path.exists());
}

/// A batch (an import) streams its save into the temp file: the same calls
/// in the same order as any save, and each failing in turn leaves the old
/// file whole and the batch's changes unsaved in the session, written by
/// the next save.
#[test]
fn a_batch_save_streams_through_the_same_calls_and_survives_each_failing() {
    let batch = |s: &mut Store| {
        s.apply_batch(&mut ctx(Role::Po, 20), |b| {
            for i in 0..3 {
                b.apply(add_item(&format!("Streamed {i}"), Some(2))).map_err(StoreError::from)?;
            }
            Ok::<_, StoreError>(())
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    Store::create(&path, base_ws(), Role::Po).unwrap();
    let mut s = Store::open(&path, Role::Po).unwrap();
    let rec = Arc::new(Recorder::default());
    fsio::with_layer(rec.clone(), || batch(&mut s)).unwrap();
    let calls: Vec<&str> = rec.ops().iter().map(|o| o.call).collect();
    assert_eq!(calls, ["create", "write", "chmod", "sync", "mkdir", "open", "chmod", "link", "rename", "open", "sync"]);
    assert_eq!(fs::read(&path).unwrap(), codec::encode(s.workspace()), "the streamed bytes are encode's");
    let steps = rec.ops();

    for (n, step) in steps.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.json");
        Store::create(&path, base_ws(), Role::Po).unwrap();
        let old = fs::read(&path).unwrap();
        let mut s = Store::open(&path, Role::Po).unwrap();
        let result = fsio::with_layer(Arc::new(Recorder::failing(n, libc::EIO)), || batch(&mut s));
        let what = format!("step {n} ({}) failing", step.call);
        let disk = fs::read(&path).unwrap();
        let new = codec::encode(s.workspace());
        assert!(disk == old || disk == new, "{what}: the file is one whole version");
        if result.is_err() && disk == old {
            assert!(s.has_unsaved(), "{what}: the batch's changes are kept to be saved");
        }
        assert!(stray_temps(&path).is_empty(), "{what}: temp files left");
        assert_eq!(s.workspace().live_items().filter(|i| i.title.starts_with("Streamed")).count(), 3, "{what}");
        s.save().unwrap_or_else(|e| panic!("{what}: the next save failed: {e}"));
        assert_eq!(fs::read(&path).unwrap(), codec::encode(s.workspace()), "{what}");
        assert_eq!(Store::open(&path, Role::Po).unwrap().workspace(), s.workspace(), "{what}");
    }
}

// ---------------------------------------------------------------------------
// Temp files that are not the save's own

/// Puts a file of someone else's at the path a save is about to create its
/// temp file at, so the create finds the name taken.
struct Squatter;

impl FileSystem for Squatter {
    fn create(&self, path: &Path, mode: u32) -> io::Result<File> {
        fs::write(path, b"someone else's").unwrap();
        Real.create(path, mode)
    }
}

/// A temp file is removed after a failed save only if the save made it: a
/// name already taken (create refuses it) belongs to someone else.
#[test]
fn a_failed_save_removes_only_a_temp_file_it_made() {
    let (dir, path, mut s, old, _) = session();
    let e = fsio::with_layer(Arc::new(Squatter), || s.save()).unwrap_err();
    assert!(matches!(&e, StoreError::Write { source, .. } if source.kind() == io::ErrorKind::AlreadyExists), "{e:?}");
    assert_eq!(fs::read(&path).unwrap(), old);
    let squatted = stray_temps(&path);
    assert_eq!(squatted.len(), 1, "the other file is still there");
    assert_eq!(fs::read(dir.path().join(&squatted[0])).unwrap(), b"someone else's");
    assert!(s.has_unsaved() && holds_both_changes(s.workspace()));

    // The same for a recovery file's temp file.
    let target = dir.path().join("backlog.unsaved-x.json");
    let theirs = dir.path().join(".backlog.unsaved-x.json.tmp");
    fs::write(&theirs, b"theirs").unwrap();
    let e = fsio::write_new(&target, b"{}", None).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read(&theirs).unwrap(), b"theirs");
    assert!(!target.exists());
}

/// The demo on disk beside an open session, its settled past ready to be
/// archived (TAN-1, 2, 3 and 34).
fn archiving() -> (TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    let now = backlog::store::demo::ANCHOR.and_hms_opt(23, 0, 0).unwrap().and_utc();
    Store::create(&path, backlog::store::demo::workspace(now), Role::Po).unwrap();
    let s = Store::open(&path, Role::Po).unwrap();
    (dir, path, s)
}

const SETTLED: [&str; 4] = ["TAN-1", "TAN-2", "TAN-3", "TAN-34"];

fn archive_once(s: &mut Store) -> Result<backlog::store::archive::Moving, StoreError> {
    let before = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    s.archive(before, &ctx(Role::Po, 20), false)
}

/// Every call of `archive` (two files, each written whole and renamed
/// into place, the archive first) fails in turn: each file is always one
/// whole version, no item is ever in neither, the session's copy is what
/// the workspace file holds, and archiving again ends with each item in
/// one place.
#[test]
fn each_step_of_an_archive_failing_in_turn_loses_no_item() {
    let (_keep, path, mut s) = archiving();
    let rec = Arc::new(Recorder::default());
    fsio::with_layer(rec.clone(), || archive_once(&mut s)).unwrap();
    let steps = rec.ops();
    assert!(steps.iter().filter(|o| o.call == "rename").count() >= 2, "two files written: {steps:?}");
    for (n, step) in steps.iter().enumerate() {
        let (_dir, path, mut s) = archiving();
        let archive = backlog::store::archive::path(&path);
        let old = fs::read(&path).unwrap();
        let rec = Arc::new(Recorder::failing(n, libc::EIO));
        let result = fsio::with_layer(rec.clone(), || archive_once(&mut s));
        let what = format!("step {n} ({} {}) failing", step.call, step.path.display());
        let ws = codec::decode(&path, &fs::read(&path).unwrap()).expect("the workspace file is whole").ws;
        let shelf = match fs::read(&archive) {
            Ok(b) => Some(codec::decode(&archive, &b).expect("the archive file is whole").ws),
            Err(_) => None,
        };
        for key in SETTLED {
            let here = ws.item_by_key(key).is_some();
            let there = shelf.as_ref().is_some_and(|a| a.item_by_key(key).is_some());
            assert!(here || there, "{what}: {key} is in neither file");
        }
        if result.is_err() {
            assert!(fs::read(&path).unwrap() == old || ws.item_by_key("TAN-2").is_none(), "{what}");
            if fs::read(&path).unwrap() == old {
                assert!(s.workspace().item_by_key("TAN-2").is_some(), "{what}: the session holds what the file does");
            }
        }
        assert!(stray_temps(&path).is_empty() && stray_temps(&archive).is_empty(), "{what}: temp files left");
        // Again, with nothing failing: every item in one place.
        drop(s);
        let mut s = Store::open(&path, Role::Po).unwrap();
        archive_once(&mut s).unwrap_or_else(|e| panic!("{what}: archiving again failed: {e}"));
        let ws = codec::decode(&path, &fs::read(&path).unwrap()).unwrap().ws;
        let shelf = codec::decode(&archive, &fs::read(&archive).unwrap()).unwrap().ws;
        for key in SETTLED {
            assert!(ws.item_by_key(key).is_none() && shelf.item_by_key(key).is_some(), "{what}: {key}");
        }
    }
    drop(path);
}
