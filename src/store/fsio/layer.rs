//! The file-system calls that change something during a save, behind a
//! trait, so that a test can record their order (no black-box test can see
//! a missing fsync) or make any one of them fail. Each method's default
//! body is the real call; [`Real`] uses them all.
//!
//! The layer is chosen per thread ([`with_layer`]) rather than carried by
//! the `Store`, so that the store's API stays as it is; outside a test no
//! layer is set and every save makes the real calls.

use super::own;
use std::cell::RefCell;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;

/// The calls a save makes. `path` is always the file or folder the call
/// is about, so that a recording says what happened to what.
pub trait FileSystem {
    /// Creates `path`, which must not exist yet, for writing.
    fn create(&self, path: &Path, mode: u32) -> io::Result<File> {
        OpenOptions::new().write(true).create_new(true).mode(mode).open(path)
    }
    /// Opens a file or folder to read it, sync it or change its owner.
    fn open(&self, path: &Path) -> io::Result<File> {
        File::open(path)
    }
    fn write(&self, _path: &Path, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }
    /// fsync: the data (or, for a folder, its entries) is on disk.
    fn sync(&self, _path: &Path, file: &File) -> io::Result<()> {
        file.sync_all()
    }
    fn chown(&self, _path: &Path, file: &File, uid: Option<u32>, gid: Option<u32>) -> io::Result<()> {
        std::os::unix::fs::fchown(file, uid, gid)
    }
    fn chmod(&self, _path: &Path, file: &File, mode: u32) -> io::Result<()> {
        file.set_permissions(fs::Permissions::from_mode(mode))
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    fn mkdir(&self, path: &Path, mode: u32) -> io::Result<()> {
        fs::DirBuilder::new().mode(mode).create(path)
    }
    fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::hard_link(from, to)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
    /// Opens a folder to change it or work in it, never through a symbolic
    /// link put in its place ([`own::open_dir`]).
    fn open_dir(&self, path: &Path) -> io::Result<File> {
        own::open_dir(path)
    }
    /// Hard-links `from` as `to`, whose folder is open as `dir`: the new
    /// name lands in that folder, whatever has been put at its path since.
    /// Never replaces anything (`AlreadyExists`).
    fn link_into(&self, from: &Path, dir: &File, to: &Path) -> io::Result<()> {
        let (from, name) = (own::c_name(from)?, own::c_file_name(to)?);
        // SAFETY: valid NUL-terminated strings and an open folder; flags 0:
        // a link at `from` is not followed either.
        own::cvt(unsafe { libc::linkat(libc::AT_FDCWD, from.as_ptr(), dir.as_raw_fd(), name.as_ptr(), 0) }).map(drop)
    }
    /// Copies `from` as the new file `to` in the folder open as `dir` (with
    /// `from`'s permissions) and returns it; like [`FileSystem::link_into`],
    /// never through a link and never over a file already there. A copy
    /// that fails midway is removed.
    fn copy_into(&self, from: &Path, dir: &File, to: &Path) -> io::Result<File> {
        let mut src = File::open(from)?;
        let name = own::c_file_name(to)?;
        let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | own::NO_FOLLOW;
        // SAFETY: a valid NUL-terminated name in an open folder; the new
        // descriptor is owned by the File made from it at once.
        let fd = own::cvt(unsafe { libc::openat(dir.as_raw_fd(), name.as_ptr(), flags, 0o600 as libc::c_uint) })?;
        let mut dst = unsafe { File::from_raw_fd(fd) };
        let copied = io::copy(&mut src, &mut dst).and_then(|_| dst.set_permissions(src.metadata()?.permissions()));
        match copied {
            Ok(()) => Ok(dst),
            Err(e) => {
                let _ = self.remove_from(dir, to);
                Err(e)
            }
        }
    }
    /// Removes the file `path` from the folder open as `dir`.
    fn remove_from(&self, dir: &File, path: &Path) -> io::Result<()> {
        let name = own::c_file_name(path)?;
        // SAFETY: a valid NUL-terminated name in an open folder.
        own::cvt(unsafe { libc::unlinkat(dir.as_raw_fd(), name.as_ptr(), 0) }).map(drop)
    }
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Real;

impl FileSystem for Real {}

thread_local! {
    static LAYER: RefCell<Option<Arc<dyn FileSystem>>> = const { RefCell::new(None) };
}

/// Runs `f` with every save on this thread going through `layer`.
pub fn with_layer<R>(layer: Arc<dyn FileSystem>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<dyn FileSystem>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            LAYER.with(|l| *l.borrow_mut() = previous);
        }
    }
    let _restore = Restore(LAYER.with(|l| l.borrow_mut().replace(layer)));
    f()
}

/// The layer in force on this thread.
pub(crate) struct Current(Option<Arc<dyn FileSystem>>);

impl Current {
    pub(crate) fn get() -> Current {
        Current(LAYER.with(|l| l.borrow().clone()))
    }
    pub(crate) fn fs(&self) -> &dyn FileSystem {
        self.0.as_deref().unwrap_or(&Real)
    }
}
