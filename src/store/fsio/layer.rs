//! The file-system calls that change something during a save, behind a
//! trait, so that a test can record their order (no black-box test can see
//! a missing fsync) or make any one of them fail. Each method's default
//! body is the real call; [`Real`] uses them all.
//!
//! The layer is chosen per thread ([`with_layer`]) rather than carried by
//! the `Store`, so that the store's API stays as it is; outside a test no
//! layer is set and every save makes the real calls.

use std::cell::RefCell;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
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
    fn copy(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::copy(from, to).map(|_| ())
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
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
