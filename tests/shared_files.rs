//! A workspace shared by several Unix users, with the real binary run as
//! each of them: a PM and a PO in one group keep saving the same file, its
//! group and mode stay, and so do the backups'; a file its user may not
//! write is refused, not replaced, even in a folder they may write.
//!
//! Running the binary as other users needs root (no /etc/passwd entries
//! are needed: the ids are numbers). Without root each test says why it
//! skipped and passes.

use backlog::store::codec;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_backlog");
/// The team's group, and two of its members with their own primary groups.
const TEAM: u32 = 5100;
const PM: User = User { uid: 5001, gid: 5001, umask: 0o007 };
const PO: User = User { uid: 5002, gid: 5002, umask: 0o077 };

#[derive(Clone, Copy)]
struct User {
    uid: u32,
    gid: u32,
    umask: u32,
}

/// Runs `backlog --workspace ws ARGS` as `user`, a member of `TEAM`.
fn run_as(user: User, ws: &Path, args: &[&str]) -> Output {
    command_as(user, ws, args).output().expect("the backlog binary runs")
}

/// The command [`run_as`] runs.
fn command_as(user: User, ws: &Path, args: &[&str]) -> Command {
    let dir = ws.parent().unwrap();
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("NO_COLOR", "1")
        .env_remove("BACKLOG_WORKSPACE")
        .env_remove("BACKLOG_ROLE")
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .stdin(Stdio::null());
    let User { uid, gid, umask } = user;
    // SAFETY: between fork and exec, only async-signal-safe calls. All
    // three ids are set here, in this order, because `CommandExt::uid`
    // would drop the supplementary groups this sets.
    unsafe {
        c.pre_exec(move || {
            let groups = [TEAM];
            if libc::setgroups(groups.len(), groups.as_ptr()) != 0 || libc::setgid(gid) != 0 || libc::setuid(uid) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::umask(umask);
            Ok(())
        });
    }
    c
}

fn ok_as(user: User, ws: &Path, args: &[&str]) -> String {
    let out = run_as(user, ws, args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "uid {}: backlog {args:?} failed ({}): {err}", user.uid, out.status);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Why these tests cannot run here, if they cannot.
fn cannot_run() -> Option<String> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Some("running the binary as other users needs root".into());
    }
    // A checkout other users may not enter cannot start at all.
    match command_as(PM, Path::new("/tmp/unused.json"), &["--version"]).output() {
        Err(e) => Some(format!("uid {} cannot run {BIN}: {e}", PM.uid)),
        Ok(out) => (!out.status.success())
            .then(|| format!("uid {} cannot run {BIN}: {}", PM.uid, String::from_utf8_lossy(&out.stderr).trim())),
    }
}

macro_rules! skip_unless_able {
    () => {
        if let Some(why) = cannot_run() {
            eprintln!("skipped: {why}");
            return;
        }
    };
}

/// A private temp dir holding a folder `team` that `owner:group` own with
/// `mode`, open to all on the way there.
fn team_folder(owner: u32, group: u32, mode: u32) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let dir = fs::canonicalize(tmp.path()).unwrap().join("team");
    fs::create_dir(&dir).unwrap();
    std::os::unix::fs::chown(&dir, Some(owner), Some(group)).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(mode)).unwrap();
    (tmp, dir)
}

fn group_and_mode(p: &Path) -> (u32, u32) {
    let m = fs::metadata(p).unwrap();
    (m.gid(), m.mode() & 0o7777)
}

fn backups(ws: &Path) -> Vec<PathBuf> {
    let dir = ws.parent().unwrap().join(format!(".{}.backups", ws.file_name().unwrap().to_string_lossy()));
    let mut v: Vec<PathBuf> = fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    v.sort();
    v
}

#[test]
fn a_pm_and_a_po_in_one_group_both_keep_saving() {
    skip_unless_able!();
    // A setgid folder gives new files its group; a plain one gives them
    // their maker's, so the PM hands the file to the team first.
    for setgid in [true, false] {
        let (_tmp, dir) = team_folder(0, TEAM, if setgid { 0o2775 } else { 0o775 });
        let ws = dir.join("backlog.json");
        let case = if setgid { "setgid folder" } else { "group-owned folder" };

        ok_as(PM, &ws, &["init", ws.to_str().unwrap(), "--name", "Shared"]);
        if !setgid {
            assert_eq!(group_and_mode(&ws), (PM.gid, 0o660), "{case}: the PM's own group at first");
            std::os::unix::fs::chown(&ws, None, Some(TEAM)).unwrap();
        }
        assert_eq!(group_and_mode(&ws), (TEAM, 0o660), "{case}");
        ok_as(PM, &ws, &["add", "From the PM"]);
        // The PO's umask would make a new file private: the save keeps the
        // file's group and mode anyway.
        ok_as(PO, &ws, &["add", "From the PO"]);
        assert_eq!(group_and_mode(&ws), (TEAM, 0o660), "{case}: after the PO's save");
        assert_eq!(fs::metadata(&ws).unwrap().uid(), PO.uid, "{case}: a save makes a new file, the saver's");
        ok_as(PM, &ws, &["edit", "BL-2", "--title", "From the PO, edited by the PM"]);
        ok_as(PO, &ws, &["rm", "BL-1"]);
        assert_eq!(group_and_mode(&ws), (TEAM, 0o660), "{case}: after both saved again");

        let done = codec::decode(&ws, &fs::read(&ws).unwrap()).unwrap().ws;
        let titles: Vec<&str> = done.live_items().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["From the PO, edited by the PM"], "{case}");

        // Backups: made by both users, in a folder both may write.
        let folder = ws.parent().unwrap().join(".backlog.json.backups");
        assert_eq!(group_and_mode(&folder), (TEAM, 0o2770), "{case}: the backup folder");
        let kept = backups(&ws);
        assert_eq!(kept.len(), 4, "{case}: one per save: {kept:?}");
        for b in kept {
            assert_eq!(group_and_mode(&b), (TEAM, 0o660), "{case}: {}", b.display());
        }
        // And the lock file lets anyone in the group take it.
        assert_eq!(fs::metadata(dir.join(".backlog.json.lock")).unwrap().mode() & 0o444, 0o444, "{case}");
    }
}

#[test]
fn a_file_its_user_may_not_write_is_not_replaced() {
    skip_unless_able!();
    let (_tmp, dir) = team_folder(PM.uid, TEAM, 0o2775);
    let ws = dir.join("backlog.json");
    ok_as(PM, &ws, &["init", ws.to_str().unwrap(), "--name", "Read only"]);
    ok_as(PM, &ws, &["add", "A story"]);
    let backups_before = backups(&ws);

    // The owner made it read-only: the folder would let a rename through,
    // the file's mode says no.
    fs::set_permissions(&ws, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&ws).unwrap();
    let ino = fs::metadata(&ws).unwrap().ino();
    for (user, fix) in [(PM, "chmod u+w"), (PO, "ask its owner (user id 5001)")] {
        let out = run_as(user, &ws, &["add", "Should not land"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "uid {}: {err}", user.uid);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(ws.to_str().unwrap()) && err.contains("read-only for you"), "{err}");
        assert!(err.contains(fix), "uid {}: {err}", user.uid);
        assert_eq!(fs::read(&ws).unwrap(), before, "uid {}: the bytes are as they were", user.uid);
        assert_eq!(fs::metadata(&ws).unwrap().ino(), ino, "uid {}: not replaced", user.uid);
        assert_eq!(backups(&ws), backups_before, "uid {}: nothing backed up", user.uid);
        let temps: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".backlog.json.tmp."))
            .collect();
        assert!(temps.is_empty(), "uid {}: {temps:?}", user.uid);
    }
    // Reading still works.
    assert!(ok_as(PO, &ws, &["list"]).contains("A story"));
    // Made writable again, the same edit goes through.
    fs::set_permissions(&ws, fs::Permissions::from_mode(0o644)).unwrap();
    ok_as(PM, &ws, &["add", "Lands now"]);
    assert_eq!(group_and_mode(&ws), (TEAM, 0o644));
}
