//! Files that several people save: a new version keeps the old one's group
//! (and owner, when the saver may set it) and mode, so a PM and a PO in one
//! Unix group can both keep saving; the backup folder is made with the
//! file's group and the matching folder permissions (and no other folder's
//! mode or group is ever changed); and a file the saver may not write is
//! refused rather than replaced (a writable folder would let the rename
//! through).

use super::layer::FileSystem;
use crate::store::error::StoreError;
use std::fs::{File, Metadata};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Gives `file` (a new version of the file `old` describes) the old
/// version's owner and group where the saver may set them, then its mode.
/// Not being allowed to set the owner (anyone but root) or the group (not
/// a member of it) is no error: the file then keeps the saver's own.
pub fn like_old(fs: &dyn FileSystem, path: &Path, file: &File, old: &Metadata) -> io::Result<()> {
    chown_if_allowed(fs, path, file, old)?;
    // After the owner: chown may clear set-id bits.
    fs.chmod(path, file, old.mode() & 0o7777)
}

fn chown_if_allowed(fs: &dyn FileSystem, path: &Path, file: &File, like: &Metadata) -> io::Result<()> {
    let now = file.metadata()?;
    let uid = (now.uid() != like.uid()).then_some(like.uid());
    let gid = (now.gid() != like.gid()).then_some(like.gid());
    if uid.is_none() && gid.is_none() {
        return Ok(());
    }
    match fs.chown(path, file, uid, gid) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied && uid.is_some() && gid.is_some() => {
            // Not root: the group alone, which a member may give.
            match fs.chown(path, file, None, gid) {
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
                other => other,
            }
        }
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        other => other,
    }
}

/// Makes the backup folder for a file described by `like`: its group, and
/// for each class of user that may read the file, read access to the
/// folder; for each that may write it, write access. When the group may
/// write, the folder is setgid, so a copy made there by anyone in the
/// group keeps the group too. Returns the folder, opened; `None` if it was
/// there already (made meanwhile by someone else: taken as it is).
pub fn make_backup_dir(fs: &dyn FileSystem, dir: &Path, like: &Metadata) -> io::Result<Option<File>> {
    match fs.mkdir(dir, 0o700) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(None),
        other => other?,
    }
    let d = fs.open_dir(dir)?;
    chown_group(fs, dir, &d, like.gid())?;
    fs.chmod(dir, &d, dir_mode(like.mode()))?;
    Ok(Some(d))
}

/// Finishes a backup folder that a failed save left half made: gives it
/// the group and permissions [`make_backup_dir`] would. Only a folder
/// exactly as that `mkdir` leaves it (this user's, mode 0700, empty) is
/// touched: any other folder there was made or changed by someone, and
/// its mode and group are theirs to choose. `d` is the folder opened
/// without following links. Best effort: the save does not depend on it.
pub fn mend_backup_dir(fs: &dyn FileSystem, dir: &Path, d: &File, like: &Metadata) {
    let Ok(now) = d.metadata() else { return };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let mine = now.uid() == unsafe { libc::geteuid() };
    let half_made =
        mine && now.mode() & 0o7777 == 0o700 && std::fs::read_dir(dir).is_ok_and(|mut e| e.next().is_none());
    if !half_made || (now.gid() == like.gid() && dir_mode(like.mode()) == 0o700) {
        return;
    }
    let _ = chown_group(fs, dir, d, like.gid()).and_then(|()| fs.chmod(dir, d, dir_mode(like.mode())));
}

/// Gives a backup copied beside the others (`file`, at `path`) the file's
/// group (a hard link shares the file's inode, and so its group and mode,
/// already).
pub fn copy_keeps_group(fs: &dyn FileSystem, path: &Path, file: &File, like: &Metadata) -> io::Result<()> {
    chown_group(fs, path, file, like.gid())
}

fn chown_group(fs: &dyn FileSystem, path: &Path, file: &File, gid: u32) -> io::Result<()> {
    if file.metadata()?.gid() == gid {
        return Ok(());
    }
    match fs.chown(path, file, None, Some(gid)) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        other => other,
    }
}

/// Folder permissions that give each class the file's access: read gives
/// r-x (list and open), write gives -wx (add and remove backups).
pub fn dir_mode(file_mode: u32) -> u32 {
    let mut mode = 0o700;
    for shift in [3, 0] {
        if file_mode & (0o4 << shift) != 0 {
            mode |= 0o5 << shift;
        }
        if file_mode & (0o2 << shift) != 0 {
            mode |= 0o3 << shift;
        }
    }
    if file_mode & 0o020 != 0 {
        mode |= 0o2000;
    }
    mode
}

/// Refuses to replace a file the saver may not write. The folder decides
/// whether a rename is allowed, the file's mode whether it should be: a
/// read-only workspace means "do not change this", and replacing it would
/// also hand it to the saver. Root may write anything, as everywhere.
pub fn check_writable(path: &Path, meta: &Metadata) -> Result<(), StoreError> {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return Ok(());
    };
    // SAFETY: a valid NUL-terminated path; faccessat only reads it.
    // AT_EACCESS: judged as the effective user, who does the writing.
    let ok = unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) } == 0;
    let denied = !ok && matches!(io::Error::last_os_error().raw_os_error(), Some(libc::EACCES | libc::EPERM));
    if !denied {
        // Anything else (a read-only mount, say) is reported by the write.
        return Ok(());
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let mine = meta.uid() == unsafe { libc::geteuid() };
    let shown = path.display();
    let fix = if mine {
        format!("make it writable (`chmod u+w {shown}`)")
    } else {
        format!(
            "ask its owner (user id {}) to let your group write it (`chgrp GROUP {shown}; chmod g+w {shown}`)",
            meta.uid()
        )
    };
    Err(StoreError::NotWritable { path: path.to_owned(), fix })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backup_folder_gives_each_class_the_files_access() {
        assert_eq!(dir_mode(0o600), 0o700);
        assert_eq!(dir_mode(0o644), 0o755);
        assert_eq!(dir_mode(0o640), 0o750);
        assert_eq!(dir_mode(0o660), 0o2770);
        assert_eq!(dir_mode(0o664), 0o2775);
        assert_eq!(dir_mode(0o666), 0o2777);
        assert_eq!(dir_mode(0o620), 0o2730);
    }
}
