//! What the store finds where it keeps its own files beside the workspace,
//! put there by someone else or brought by a clone: a symbolic link as the
//! backups folder, a FIFO or a folder as the lock, a dangling link where
//! `init` should write, a link where `.gitattributes` goes, look-alikes of
//! its temp files and backups. (An export over a link, which only the TUI
//! writes beside the workspace, is in `tui_modals.rs`; temp files whose
//! name is taken, in `faults.rs`.) The real binary runs against
//! real files; afterwards every other file is read back, bytes and mode,
//! and must be as it was. A command that could hang (a FIFO) runs under a
//! deadline that fails the test instead of hanging the suite.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_backlog");

/// Far longer than any command here takes: only a hang reaches it.
const DEADLINE: Duration = Duration::from_secs(60);

/// A folder with a workspace in it, and the binary run against it with
/// HOME and the XDG folders inside the sandbox.
struct Sandbox {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    ws: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        let dir = fs::canonicalize(tmp.path()).unwrap().join("project");
        fs::create_dir(&dir).unwrap();
        Sandbox { ws: dir.join("backlog.json"), dir, _tmp: tmp }
    }

    fn with_workspace() -> Sandbox {
        let sb = Sandbox::new();
        sb.ok(&["init", "--no-git", "--name", "Planted"]);
        sb
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let home = self.dir.parent().unwrap();
        let mut c = Command::new(BIN);
        c.current_dir(&self.dir)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("NO_COLOR", "1")
            .env_remove("BACKLOG_WORKSPACE")
            .env_remove("BACKLOG_ROLE")
            .args(args)
            .stdin(Stdio::null());
        c
    }

    /// Runs the binary; a run that outlives [`DEADLINE`] is killed and
    /// fails the test.
    fn run(&self, args: &[&str]) -> Output {
        let child = self.cmd(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the binary runs");
        let pid = child.id();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait_with_output());
        });
        match rx.recv_timeout(DEADLINE) {
            Ok(out) => out.expect("the binary ran"),
            Err(_) => {
                // SAFETY: kill has no memory effects; `pid` is the child
                // this test started, not yet reaped (its waiter is blocked).
                unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
                panic!("backlog {args:?} did not finish within {DEADLINE:?}: it hangs");
            }
        }
    }

    fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(out.status.success(), "backlog {args:?} failed: {}", text(&out.stderr));
        out
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "backlog {args:?} should fail: {}", text(&out.stdout));
        text(&out.stderr)
    }

    fn titles(&self) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&fs::read(&self.ws).unwrap()).unwrap();
        v["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_owned()).collect()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Everything in a folder, one level: name -> what it is, its mode and
/// group, and its bytes or where it points.
fn snapshot(dir: &Path) -> BTreeMap<String, (String, u32, u32, Vec<u8>)> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let m = fs::symlink_metadata(e.path()).unwrap();
            let (kind, content) = if m.file_type().is_symlink() {
                ("link", fs::read_link(e.path()).unwrap().as_os_str().as_bytes().to_vec())
            } else if m.is_dir() {
                ("dir", Vec::new())
            } else if m.is_file() {
                ("file", fs::read(e.path()).unwrap())
            } else {
                ("other", Vec::new())
            };
            (e.file_name().to_string_lossy().into_owned(), (kind.to_owned(), m.mode() & 0o7777, m.gid(), content))
        })
        .collect()
}

fn mode_and_group(path: &Path) -> (u32, u32) {
    let m = fs::symlink_metadata(path).unwrap();
    (m.mode() & 0o7777, m.gid())
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

/// Files a project has beside its workspace, more `.json` ones than the
/// backups kept, so that a prune through a link would reach them.
fn project_files(dir: &Path) {
    for (name, mode) in [("app.json", 0o644), ("package.json", 0o600), ("tsconfig.json", 0o640), ("README.md", 0o644)] {
        fs::write(dir.join(name), format!("{{\"{name}\": true}}\n")).unwrap();
        fs::set_permissions(dir.join(name), fs::Permissions::from_mode(mode)).unwrap();
    }
    for n in 0..6 {
        fs::write(dir.join(format!("a{n}.json")), format!("[{n}]\n")).unwrap();
    }
}

// ---------------------------------------------------------------------------
// The backups folder

/// The reported case: `.backlog.json.backups -> .` in a repository. Saves
/// pruned the "oldest backups" in the workspace's own folder (its other
/// `.json` files) and gave the folder the backups' mode.
#[test]
fn a_backups_link_to_the_workspace_folder_deletes_and_changes_nothing() {
    let sb = Sandbox::with_workspace();
    project_files(&sb.dir);
    let link = sb.dir.join(".backlog.json.backups");
    symlink(".", &link).unwrap();
    // A private workspace in an open folder: a backups folder for it is 0700.
    fs::set_permissions(&sb.ws, fs::Permissions::from_mode(0o600)).unwrap();
    fs::set_permissions(&sb.dir, fs::Permissions::from_mode(0o755)).unwrap();
    let folder = mode_and_group(&sb.dir);
    let before = snapshot(&sb.dir);

    let warnings: Vec<String> = (0..7).map(|n| text(&sb.ok(&["add", &format!("Story {n}")]).stderr)).collect();
    assert_eq!(sb.titles().len(), 7, "every save went through");
    let after = snapshot(&sb.dir);
    for (name, was) in &before {
        if name != "backlog.json" {
            assert_eq!(after.get(name), Some(was), "{name} is as it was");
        }
    }
    let new: Vec<_> = after.keys().filter(|n| !before.contains_key(*n)).collect();
    assert!(new.is_empty(), "nothing new in the folder: {new:?}");
    assert_eq!(mode_and_group(&sb.dir), folder, "the folder's mode and group are as they were");
    assert_eq!(mode_and_group(&sb.ws).0, 0o600, "the workspace keeps its mode");
    // Each save says so, naming the link and the fix.
    for err in warnings {
        assert!(err.contains(&format!("{} is a symbolic link", link.display())), "{err}");
        assert!(err.contains(&format!("rm {}", link.display())) && err.contains("no backups are kept"), "{err}");
    }

    // Nor are backups listed or restored through the link.
    let out = sb.ok(&["backups", "list"]);
    assert!(text(&out.stderr).contains("is a symbolic link"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("No backups yet"), "{}", text(&out.stdout));
    let out = sb.ok(&["--json", "backups", "list"]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(), serde_json::json!([]));
    let ws = fs::read(&sb.ws).unwrap();
    let err = sb.fails(&["backups", "restore", "1"]);
    assert!(err.contains("there is no backup 1"), "{err}");
    assert_eq!(fs::read(&sb.ws).unwrap(), ws);

    // Once the link is gone, the next save makes the folder and keeps a backup.
    fs::remove_file(&link).unwrap();
    let out = sb.ok(&["add", "After the fix"]);
    assert!(!text(&out.stderr).contains("symbolic link"), "{}", text(&out.stderr));
    assert_eq!(fs::read_dir(&link).unwrap().count(), 1);
    assert_eq!(mode_and_group(&link).0, 0o700, "made like the private workspace");
}

#[test]
fn a_backups_link_elsewhere_or_nowhere_is_not_followed() {
    let sb = Sandbox::with_workspace();
    let link = sb.dir.join(".backlog.json.backups");
    let elsewhere = sb.dir.parent().unwrap().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    project_files(&elsewhere);
    fs::set_permissions(&elsewhere, fs::Permissions::from_mode(0o751)).unwrap();
    let before = (snapshot(&elsewhere), mode_and_group(&elsewhere));

    symlink(&elsewhere, &link).unwrap();
    let warnings: Vec<String> = (0..7).map(|n| text(&sb.ok(&["add", &format!("Elsewhere {n}")]).stderr)).collect();
    assert_eq!((snapshot(&elsewhere), mode_and_group(&elsewhere)), before, "the folder it points to is untouched");
    for err in warnings {
        assert!(err.contains("is a symbolic link") && err.contains(&link.display().to_string()), "{err}");
    }

    // Dangling: the place it names is not made.
    let nowhere = sb.dir.parent().unwrap().join("nowhere");
    fs::remove_file(&link).unwrap();
    symlink(&nowhere, &link).unwrap();
    let err = text(&sb.ok(&["add", "Nowhere"]).stderr);
    assert!(err.contains("is a symbolic link"), "{err}");
    assert!(!nowhere.exists(), "nothing made where the link points");
    assert_eq!(fs::read_link(&link).unwrap(), nowhere, "the link is left as it is");
    assert!(sb.titles().contains(&"Nowhere".to_owned()));

    // A file where the folder goes: left alone, said so.
    fs::remove_file(&link).unwrap();
    fs::write(&link, b"mine").unwrap();
    let err = text(&sb.ok(&["add", "Beside a file"]).stderr);
    assert!(err.contains("is a file") && err.contains(&format!("mv {}", link.display())), "{err}");
    assert_eq!(fs::read(&link).unwrap(), b"mine");
}

/// Pruning keeps five backups, and removes only files the tool named
/// itself, whatever else is in the folder. A folder the tool did not make
/// keeps the mode and group it has.
#[test]
fn pruning_removes_only_backups_and_a_users_folder_keeps_its_mode() {
    let sb = Sandbox::with_workspace();
    let backups = sb.dir.join(".backlog.json.backups");
    fs::create_dir(&backups).unwrap();
    let precious = sb.dir.join("precious.json");
    fs::write(&precious, b"{\"keep\": 1}").unwrap();
    for name in ["notes.json", "app.json", "20250101.json", "zzz.json", "20000101T000000.000000Z.json.bak"] {
        fs::write(backups.join(name), name).unwrap();
    }
    // Look-alikes named the way backups are, that are not backups.
    symlink("../precious.json", backups.join("20000101T000000.000000Z.json")).unwrap();
    fs::create_dir(backups.join("20000101T000000.000001Z.json")).unwrap();
    // Made by the user, with a mode (and, where allowed, a group) of their own.
    fs::set_permissions(&backups, fs::Permissions::from_mode(0o750)).unwrap();
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&backups, None, Some(5100)).unwrap();
    }
    let folder = mode_and_group(&backups);
    let foreign = snapshot(&backups);

    for n in 0..8 {
        sb.ok(&["add", &format!("Pruned {n}")]);
    }
    let after = snapshot(&backups);
    for (name, was) in &foreign {
        assert_eq!(after.get(name), Some(was), "{name} is as it was");
    }
    assert_eq!(fs::read(&precious).unwrap(), b"{\"keep\": 1}");
    let ours: Vec<_> = after.keys().filter(|n| !foreign.contains_key(*n)).collect();
    assert_eq!(ours.len(), 5, "five backups kept: {ours:?}");
    assert_eq!(mode_and_group(&backups), folder, "the user's folder keeps its mode and group");

    // Only those five are listed.
    let out = sb.ok(&["--json", "backups", "list"]);
    let listed: Vec<String> = serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|b| Path::new(b["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted.iter().collect::<Vec<_>>(), ours, "{listed:?}");
}

// ---------------------------------------------------------------------------
// The lock

/// Puts something at the lock's path.
type Plant = fn(&Sandbox, &Path);

/// A FIFO as the lock made every command, even `list`, wait forever for
/// someone to open its other end. Any lock path that is not a regular file
/// is now an error that names it and the fix; reading commands, which
/// take the lock only to tidy up, still work.
#[test]
fn a_lock_that_is_not_a_regular_file_is_an_error_not_a_wait() {
    let outside = |sb: &Sandbox| sb.dir.parent().unwrap().join("outside.txt");
    let cases: [(&str, &str, &str, Plant); 4] = [
        ("fifo", "a named pipe (FIFO)", "rm ", |_, lock| mkfifo(lock)),
        ("folder", "a folder", "mv ", |_, lock| fs::create_dir(lock).unwrap()),
        ("link to a file", "a symbolic link", "rm ", |sb, lock| {
            let target = sb.dir.parent().unwrap().join("outside.txt");
            fs::write(&target, b"someone's file").unwrap();
            fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
            symlink(&target, lock).unwrap();
        }),
        ("dangling link", "a symbolic link", "rm ", |sb, lock| {
            symlink(sb.dir.parent().unwrap().join("no-such-lock"), lock).unwrap()
        }),
    ];
    for (what, found, fix, plant) in cases {
        let sb = Sandbox::with_workspace();
        sb.ok(&["add", "Before"]);
        let lock = sb.dir.join(".backlog.json.lock");
        fs::remove_file(&lock).unwrap();
        plant(&sb, &lock);
        let ws = fs::read(&sb.ws).unwrap();
        let outside_before = fs::read(outside(&sb)).ok();

        let out = sb.ok(&["list"]);
        assert!(text(&out.stdout).contains("Before"), "{what}: list works");
        for args in [&["add", "After"][..], &["edit", "BL-1", "--points", "3"], &["init", "--no-git"]] {
            let err = sb.fails(args);
            let shown = format!("{} is {found} where backlog expects its lock file", lock.display());
            assert!(err.contains(&shown), "{what}: {args:?}: {err}");
            assert!(err.contains(&format!("{fix}{}", lock.display())), "{what}: {args:?}: {err}");
        }
        assert_eq!(fs::read(&sb.ws).unwrap(), ws, "{what}: the workspace was not changed");
        assert_eq!(fs::read(outside(&sb)).ok(), outside_before, "{what}: nothing written through the link");
        if let Ok(m) = fs::metadata(outside(&sb)) {
            assert_eq!(m.mode() & 0o7777, 0o600, "{what}: the linked file keeps its mode");
        }
        assert!(!sb.dir.parent().unwrap().join("no-such-lock").exists(), "{what}: no lock made where a link points");

        // Cleared as the message says, the next save works.
        if fs::symlink_metadata(&lock).unwrap().is_dir() {
            fs::remove_dir(&lock).unwrap();
        } else {
            fs::remove_file(&lock).unwrap();
        }
        sb.ok(&["add", "After"]);
        assert!(fs::symlink_metadata(&lock).unwrap().is_file(), "{what}: a new lock file");
    }
}

/// The workspace itself as a FIFO: reading it would wait for a writer.
#[test]
fn a_workspace_that_is_a_fifo_is_an_error_not_a_wait() {
    let sb = Sandbox::new();
    mkfifo(&sb.ws);
    let ws = sb.ws.display().to_string();
    let err = sb.fails(&["--workspace", &ws, "list"]);
    assert!(err.contains(&format!("{ws} is a named pipe (FIFO) where backlog expects a workspace file")), "{err}");
    assert!(err.contains("point --workspace"), "{err}");
}

// ---------------------------------------------------------------------------
// Creating the workspace through a link

/// `init` where `backlog.json` is a link to a file that does not exist:
/// nothing is created through it, and nothing replaces it; the message
/// says where it points and how to create the file there.
#[test]
fn init_over_a_dangling_link_creates_nothing_and_says_where_it_points() {
    let sb = Sandbox::new();
    fs::create_dir(sb.dir.join("plans")).unwrap();
    symlink("plans/team.json", &sb.ws).unwrap();

    let err = sb.fails(&["init", "--no-git"]);
    assert!(err.contains("backlog.json is a symbolic link to plans/team.json, which does not exist"), "{err}");
    assert!(err.contains("`backlog init plans/team.json`") && err.contains("`rm backlog.json`"), "{err}");
    assert!(!sb.dir.join("plans/team.json").exists(), "nothing created where the link points");
    assert_eq!(fs::read_link(&sb.ws).unwrap(), Path::new("plans/team.json"), "the link is left as it is");

    // Named, the target is created; the link then opens it, and saves go there.
    sb.ok(&["init", "plans/team.json", "--no-git"]);
    sb.ok(&["add", "Through the link"]);
    assert!(fs::symlink_metadata(&sb.ws).unwrap().file_type().is_symlink(), "still a link");
    assert_eq!(sb.titles(), ["Through the link"]);
}

// ---------------------------------------------------------------------------
// Files written beside the workspace

#[test]
fn git_setup_never_writes_gitattributes_through_a_link() {
    if !Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: git is not installed");
        return;
    }
    let sb = Sandbox::with_workspace();
    let git = Command::new("git").args(["init", "-q"]).current_dir(&sb.dir).output().unwrap();
    assert!(git.status.success());
    let outside = sb.dir.parent().unwrap().join("outside.txt");
    fs::write(&outside, b"line one\n").unwrap();
    let attributes = sb.dir.join(".gitattributes");
    symlink(&outside, &attributes).unwrap();

    let err = sb.fails(&["git", "setup"]);
    assert!(err.contains(&format!("{} is a symbolic link", attributes.display())), "{err}");
    assert_eq!(fs::read(&outside).unwrap(), b"line one\n");
    assert!(fs::symlink_metadata(&attributes).unwrap().file_type().is_symlink());
}

/// Opening tidies up temp files a dead writer left, and only those: a
/// folder, a link or a name that merely starts like one stays.
#[test]
fn stray_temp_cleanup_removes_only_its_own_temp_files() {
    let sb = Sandbox::with_workspace();
    let precious = sb.dir.join("precious.json");
    fs::write(&precious, b"{}").unwrap();
    let stray = sb.dir.join(".backlog.json.tmp.4242.1750000000123456789");
    fs::write(&stray, b"{ half").unwrap();
    fs::create_dir(sb.dir.join(".backlog.json.tmp.1.2")).unwrap();
    symlink("precious.json", sb.dir.join(".backlog.json.tmp.3.4")).unwrap();
    fs::write(sb.dir.join(".backlog.json.tmp.mine"), b"mine").unwrap();
    fs::write(sb.dir.join(".backlog.json.tmp.5.6.keep"), b"mine too").unwrap();
    let mut before = snapshot(&sb.dir);

    sb.ok(&["list"]);
    let after = snapshot(&sb.dir);
    assert!(!stray.exists(), "the dead writer's temp file is removed");
    before.remove(".backlog.json.tmp.4242.1750000000123456789");
    assert_eq!(after, before, "everything else is as it was");
}
