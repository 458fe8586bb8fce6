//! One writer at a time: an advisory lock on `.sayso.lock` in the project folder.
//!
//! Every write of a project (a save, an import, `add`, `suggest`) happens while holding
//! [`WriteLock`]. The lock is short: a command holds it from opening the project to its
//! save; the window only while it saves. Whoever takes it writes who they are into the
//! file ("`sayso import` (pid 4242) since 09:01:02 UTC"), so a second writer that waited
//! in vain ([`wait()`]: 2 s unless [`set_wait`] says otherwise; the command line's `--wait`
//! is 10 s by default) fails with a message naming the holder, never
//! waits forever. The lock is released when the `WriteLock` is dropped, or by the system
//! when its process dies (a `kill -9` leaves no stale lock). The file itself stays, empty
//! while no one holds it.
//!
//! Limits: the lock is advisory (`flock` on Unix; on Windows `LockFileEx`, where the
//! holder's name cannot be read while it is held, so the message says "another sayso");
//! on network file systems it holds only as far as their locking does.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::StoreError;

/// The lock file's name in the project folder.
pub const LOCK_FILE: &str = ".sayso.lock";

/// How long a writer waits for another unless [`set_wait`] says otherwise: short, so a
/// window that saves never freezes long (it keeps the edits and retries).
pub const DEFAULT_WAIT: Duration = Duration::from_secs(2);

static WHO: Mutex<Option<String>> = Mutex::new(None);
static WAIT: Mutex<Option<Duration>> = Mutex::new(None);

/// Names this process in lock messages, e.g. "`sayso import`" or "the window".
pub fn set_writer_name(name: &str) {
    *WHO.lock().unwrap_or_else(|e| e.into_inner()) = Some(name.to_string());
}

/// How long this process's writers wait for the lock (e.g. `--wait`).
pub fn set_wait(wait: Duration) {
    *WAIT.lock().unwrap_or_else(|e| e.into_inner()) = Some(wait);
}

/// How long writers of this process wait for the lock.
pub fn wait() -> Duration {
    WAIT.lock()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or(DEFAULT_WAIT)
}

fn writer_name() -> String {
    WHO.lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_else(|| "sayso".to_string())
}

/// The project's write lock, held until dropped.
#[derive(Debug)]
pub struct WriteLock {
    file: std::fs::File,
    root: PathBuf,
}

impl WriteLock {
    /// Takes the lock of the project in `root`, waiting up to [`wait()`] for another
    /// writer. Fails with [`StoreError::Locked`], naming the holder.
    pub fn acquire(root: &Path) -> Result<WriteLock, StoreError> {
        Self::acquire_within(root, wait())
    }

    /// Like [`WriteLock::acquire`], waiting up to `wait` (zero: only try).
    pub fn acquire_within(root: &Path, wait: Duration) -> Result<WriteLock, StoreError> {
        let path = root.join(LOCK_FILE);
        let io = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let started = Instant::now();
        let mut pause = Duration::from_millis(10);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if started.elapsed() >= wait {
                        return Err(StoreError::Locked {
                            path: root.to_owned(),
                            holder: holder(&mut file),
                            waited: wait,
                        });
                    }
                    std::thread::sleep(pause.min(wait.saturating_sub(started.elapsed())));
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let (h, m, s) = ((stamp / 3600) % 24, (stamp / 60) % 60, stamp % 60);
        let who = format!(
            "{} (pid {}) since {h:02}:{m:02}:{s:02} UTC\n",
            writer_name(),
            std::process::id()
        );
        // Best effort: the lock holds even if the name cannot be written.
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(who.as_bytes()));
        Ok(WriteLock {
            file,
            root: root.to_owned(),
        })
    }

    /// The project folder this lock is for.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // The name is only true while the lock is held.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

/// Who holds the lock, as written in the file.
fn holder(file: &mut std::fs::File) -> String {
    let mut text = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
    // The name may come from anywhere: never let control characters reach a terminal.
    let text = crate::text::escape_controls(text.trim());
    if text.is_empty() {
        "another sayso".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_a_bounded_time_and_is_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        set_writer_name("`sayso import`");
        let first = WriteLock::acquire_within(dir.path(), Duration::ZERO).unwrap();
        let started = Instant::now();
        let err = WriteLock::acquire_within(dir.path(), Duration::from_millis(300)).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert!(started.elapsed() < Duration::from_secs(3));
        let message = err.to_string();
        assert!(
            message.contains("`sayso import` (pid ") && message.contains("waited"),
            "{message}"
        );
        drop(first);
        WriteLock::acquire_within(dir.path(), Duration::ZERO).unwrap();
    }
}
