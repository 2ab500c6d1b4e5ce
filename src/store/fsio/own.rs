//! What may be found where backlog keeps a file of its own beside the
//! workspace (the lock, the backups folder, a temp file, an export): a
//! symbolic link, a named pipe or a folder that someone else put there,
//! or that came with a cloned repository. None of them is followed or
//! opened in a way that could block: a link there would make a save
//! write, delete or chmod in the place it points to, and a FIFO would make
//! every command wait forever.

use crate::store::error::StoreError;
use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Never through a symbolic link in the last place, never waiting for a
/// FIFO's other end.
pub(crate) const NO_FOLLOW: i32 = libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC;

/// What `meta` (from `symlink_metadata`) is, for a message.
pub fn found(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "a file"
    }
}

/// How to clear `path` out of the way, by what is there: a link is
/// removed (only the link goes), a folder or a file moved aside (it may
/// hold something the user wants).
pub fn fix(path: &Path, meta: &Metadata) -> String {
    let p = path.display();
    let t = meta.file_type();
    if t.is_symlink() {
        format!("remove the link (`rm {p}`; that removes only the link, not what it points to)")
    } else if t.is_dir() {
        format!("move the folder away (`mv {p} {p}.old`)")
    } else if t.is_file() {
        format!("move the file away (`mv {p} {p}.old`)")
    } else {
        format!("remove it (`rm {p}`)")
    }
}

/// The error for `path` holding something other than `wanted`, with what
/// to do about it and what happens then.
pub fn not_ours(path: &Path, meta: &Metadata, wanted: &'static str, then: &str) -> StoreError {
    StoreError::NotOurs { path: path.to_owned(), found: found(meta), wanted, fix: format!("{}{then}", fix(path, meta)) }
}

/// Opens the folder at `path` to read, sync or change it, never through a
/// link in its place (ELOOP) and never anything but a folder (ENOTDIR).
pub fn open_dir(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).custom_flags(libc::O_DIRECTORY | NO_FOLLOW).open(path)
}

/// True for the errors [`open_dir`] gives when something other than a
/// folder is at the path.
pub fn not_a_dir(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENOTDIR))
}

/// A file's name as C wants it, for the `*at` calls.
pub(crate) fn c_name(path: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

/// The last part of `path`, for the `*at` calls that work in a folder
/// opened already.
pub(crate) fn c_file_name(path: &Path) -> io::Result<std::ffi::CString> {
    c_name(Path::new(path.file_name().ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?))
}

pub(crate) fn cvt(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret == -1 { Err(io::Error::last_os_error()) } else { Ok(ret) }
}
