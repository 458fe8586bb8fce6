//! File dialogs that never freeze the window: rfd's async dialogs run on a thread and send
//! the answer back. Where no dialog can be shown (no portal, no zenity), rfd answers like
//! a cancel, so the window always offers a path field too.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::intent::PathPurpose;

/// What a dialog answered.
#[derive(Debug)]
pub enum Picked {
    Paths(PathPurpose, Vec<PathBuf>),
    Cancelled,
}

pub struct FileDialogs {
    send: Sender<Picked>,
    receive: Receiver<Picked>,
    /// Off in tests, where no dialog should appear.
    pub enabled: bool,
}

impl Default for FileDialogs {
    fn default() -> Self {
        let (send, receive) = channel();
        FileDialogs {
            send,
            receive,
            enabled: std::env::var_os("SAYSO_NO_DIALOGS").is_none(),
        }
    }
}

impl FileDialogs {
    /// Opens the dialog for `purpose` on a thread.
    pub fn open(&self, purpose: PathPurpose) {
        if !self.enabled {
            return;
        }
        let send = self.send.clone();
        std::thread::spawn(move || {
            let dialog = rfd::AsyncFileDialog::new();
            let picked = pollster_block_on(async move {
                match purpose {
                    PathPurpose::OpenProject => dialog
                        .set_title("Open a project folder")
                        .pick_folder()
                        .await
                        .map(|f| vec![f.path().to_path_buf()]),
                    PathPurpose::NewProject | PathPurpose::SaveAs => dialog
                        .set_title("Folder for the project")
                        .pick_folder()
                        .await
                        .map(|f| vec![f.path().to_path_buf()]),
                    PathPurpose::ImportPredictions => dialog
                        .set_title("Import predictions (sayso JSONL, brat .ann, citron .json)")
                        .add_filter("Predictions", &["jsonl", "ann", "json"])
                        .pick_file()
                        .await
                        .map(|f| vec![f.path().to_path_buf()]),
                    PathPurpose::AddArticles => dialog
                        .set_title("Add articles")
                        .add_filter("Text", &["txt", "text", "md"])
                        .pick_files()
                        .await
                        .map(|fs| fs.iter().map(|f| f.path().to_path_buf()).collect()),
                }
            });
            let _ = send.send(match picked {
                Some(paths) if !paths.is_empty() => Picked::Paths(purpose, paths),
                _ => Picked::Cancelled,
            });
        });
    }

    /// Answers that arrived since the last frame.
    pub fn poll(&self) -> Vec<Picked> {
        self.receive.try_iter().collect()
    }
}

/// Runs a future to completion on this (dialog) thread.
fn pollster_block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Thread(std::thread::Thread);
    impl Wake for Thread {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(std::sync::Arc::new(Thread(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(out) => return out,
            Poll::Pending => std::thread::park(),
        }
    }
}
