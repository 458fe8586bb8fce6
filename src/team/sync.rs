//! Sync through git: the team's repository is the team's server (`sayso sync`).
//!
//! [`sync`] runs the system `git` in the project folder (the project may be a sub-folder
//! of the repository):
//! 1. commits the annotator's own files, and only those: the layer files of the layers
//!    named in [`SyncOptions::layers`] (`annotations/*/alice.ron` for `alice`, added,
//!    changed or deleted). With [`SyncOptions::project_files`] (the project lead) also
//!    the project's shared files: `project.ron`, `assignments.ron`, `GUIDELINES.md`,
//!    `.gitignore` and `articles/`. Nothing else is ever committed: other layers, files
//!    staged by hand and stray files stay as they are;
//! 2. fetches, and if the shared branch moved, rebases onto it. Before that it checks that
//!    no file the pull brings in has uncommitted changes here; a conflict aborts the
//!    rebase, so nothing is ever left half-merged: the repository is as it was after the
//!    commit, and the error says which files clashed and what to do;
//! 3. pushes (fetching and rebasing again, up to three times, when someone pushed in
//!    between).
//!
//! The [`SyncReport`] says which layer files came in, so the window can reload them, and
//! whether `project.ron` or `assignments.ron` did (reload the project). The window should
//! save before syncing. [`status`] says, without the network, whether the project is in
//! a repository and which of the annotator's files changed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::store::{ANNOTATIONS_DIR, ARTICLES_DIR, PROJECT_FILE, names};
use crate::team::assign::ASSIGNMENTS_FILE;

/// The project's shared files, committed with [`SyncOptions::project_files`] (besides
/// everything under `articles/`).
pub const PROJECT_FILES: [&str; 4] = [
    PROJECT_FILE,
    ASSIGNMENTS_FILE,
    "GUIDELINES.md",
    ".gitignore",
];

/// What to commit and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncOptions {
    /// The annotator's own layers (usually one: their name); their files are committed.
    pub layers: Vec<String>,
    /// Also commit the project's shared files ([`PROJECT_FILES`] and `articles/`): for the
    /// project lead, after adding documents or assigning them.
    pub project_files: bool,
    /// The commit message (default: says whose files and how many).
    pub message: Option<String>,
}

/// A layer file that came in with a pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerChange {
    pub document: String,
    pub layer: String,
    /// The file was deleted by the pull.
    pub removed: bool,
}

/// What [`sync`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Files committed, relative to the project folder, `/`-separated.
    pub committed: Vec<String>,
    /// The commit made (its hash), if there was anything to commit.
    pub commit: Option<String>,
    /// Layer files the pull changed, added or removed: reload these.
    pub incoming_layers: Vec<LayerChange>,
    /// `project.ron` came in changed: reload the project.
    pub project_changed: bool,
    /// `assignments.ron` came in changed.
    pub assignments_changed: bool,
    /// Other files of the project folder that came in (articles, guidelines).
    pub other_incoming: Vec<String>,
    /// The branch it syncs with, e.g. `origin/main`.
    pub upstream: String,
    /// Commits pushed (0: the shared branch already had everything).
    pub pushed: usize,
}

/// The repository around a project, from what is on disk (no network).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepoStatus {
    /// The current branch (`None`: detached HEAD).
    pub branch: Option<String>,
    /// The branch it syncs with, e.g. `origin/main` (`None`: not set up yet).
    pub upstream: Option<String>,
    /// Whether the repository has a remote at all.
    pub has_remote: bool,
    /// The annotator's own files with changes not committed (project-relative).
    pub own_changes: Vec<String>,
    /// Other files of the project folder with changes not committed.
    pub other_changes: Vec<String>,
    /// Commits here not pushed, and commits of the upstream not pulled, as of the last
    /// fetch.
    pub ahead: usize,
    pub behind: usize,
}

/// Why a sync stopped. Every message says what state the repository is in and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("cannot run git ({0}); install git (https://git-scm.com) to sync")]
    GitMissing(String),
    #[error(
        "{}: not in a git repository. To share the project: clone the team's repository and open the project there, or make this one: `git -C {p} init`, `git -C {p} remote add origin URL`, then `sayso sync` again",
        path.display(), p = path.display()
    )]
    NotARepository { path: PathBuf },
    #[error(
        "no layer to sync: name yours with --annotator NAME (and --project-files for the project's own files)"
    )]
    NothingChosen,
    #[error(
        "the repository is on no branch (detached HEAD); check out the team's branch first (`git switch main`)"
    )]
    Detached,
    #[error(
        "a {0} is in progress in this repository; finish it or abort it (`git rebase --abort`, `git merge --abort`) and sync again"
    )]
    InProgress(&'static str),
    #[error(
        "{}; not shared: the repository has no remote. Add the team's repository (`git -C {} remote add origin URL`) and sync again",
        committed_note(.committed), .root.display()
    )]
    NoRemote {
        root: PathBuf,
        committed: Vec<String>,
    },
    #[error("{}", local_changes_message(.files, .committed, .root))]
    LocalChanges {
        root: PathBuf,
        files: Vec<String>,
        committed: Vec<String>,
    },
    #[error("{}", conflict_message(.files, .committed, .root))]
    Conflict {
        root: PathBuf,
        files: Vec<String>,
        committed: Vec<String>,
    },
    #[error("`git {command}` failed: {message}")]
    Git { command: String, message: String },
}

/// "Committed FILE here", "Committed 3 files here", "Nothing was committed".
fn committed_note(committed: &[String]) -> String {
    match committed.len() {
        0 => "Nothing was committed".to_string(),
        1 => format!("Committed {} here", committed[0]),
        n => format!("Committed {n} files here"),
    }
}

/// [`committed_note`] inside a sentence.
fn committed_note_lower(committed: &[String]) -> String {
    let note = committed_note(committed);
    let mut chars = note.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn local_changes_message(files: &[String], committed: &[String], root: &Path) -> String {
    let them = if files.len() == 1 { "it" } else { "them" };
    let mut m = format!(
        "nothing was pulled: {} changed here and in the shared repository, and sync does not commit {them} (it commits only your own layer files). If you did not mean to change {them}, undo your changes (`git -C {} restore --staged --worktree -- FILE`; a new file: delete it) and sync again; if you did, commit {them} first (project files: `sayso sync --project-files`).",
        files.join(", "),
        root.display(),
    );
    if !committed.is_empty() {
        m.push_str(&format!(
            " {}; it goes out with the next sync.",
            committed_note(committed)
        ));
    }
    m
}

fn conflict_message(files: &[String], committed: &[String], root: &Path) -> String {
    let shared = files
        .iter()
        .any(|f| f == PROJECT_FILE || f == ASSIGNMENTS_FILE);
    let mut m = format!(
        "{} changed both here and in the shared repository. sync does not merge such changes: it aborted the pull (`git rebase --abort`), so every file is as it was before it and nothing was pushed ({}). ",
        files.join(", "),
        committed_note_lower(committed)
    );
    let p = root.display();
    if shared {
        m.push_str(&format!(
            "project.ron and assignments.ron belong to the project lead, who should be the only one changing them. To keep the shared version of the clashing lines: `git -C {p} pull --rebase -X ours` (in a rebase, \"ours\" is the shared side); to merge by hand: `git -C {p} pull --rebase`, edit the files, `git add` them and `git rebase --continue`. Then `sayso validate {p}` and sync again."
        ));
    } else {
        m.push_str(&format!(
            "Someone else changed these layer files too (or you annotated as the same person on two computers). Keep the shared version: `git -C {p} pull --rebase -X ours`; keep yours: `git -C {p} pull --rebase -X theirs`; then sync again."
        ));
    }
    m
}

/// Runs git in one folder.
struct Git<'a> {
    dir: &'a Path,
}

/// One git run.
struct Out {
    ok: bool,
    stdout: String,
    stderr: String,
}

impl Git<'_> {
    fn run(&self, args: &[&str]) -> Result<Out, SyncError> {
        let out = Command::new("git")
            .arg("-C")
            .arg(self.dir)
            .arg("--literal-pathspecs")
            .args(args)
            // Never wait for a password or an editor; messages in English, so they can be
            // quoted in ours.
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true")
            .env("LC_ALL", "C")
            .output()
            .map_err(|e| SyncError::GitMissing(e.to_string()))?;
        Ok(Out {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }

    /// Runs git; a failure is an error quoting git.
    fn ok(&self, args: &[&str]) -> Result<String, SyncError> {
        let out = self.run(args)?;
        if out.ok {
            Ok(out.stdout)
        } else {
            Err(SyncError::Git {
                command: args.join(" "),
                message: if out.stderr.is_empty() {
                    out.stdout.trim().to_string()
                } else {
                    out.stderr
                },
            })
        }
    }

    /// Runs git; `None` if it failed (a question whose answer may be no).
    fn ask(&self, args: &[&str]) -> Result<Option<String>, SyncError> {
        let out = self.run(args)?;
        Ok(out
            .ok
            .then(|| out.stdout.trim_end_matches('\n').to_string()))
    }

    fn exists(&self, git_path: &str) -> Result<bool, SyncError> {
        let path = self.ok(&["rev-parse", "--git-path", git_path])?;
        Ok(self.dir.join(path.trim()).exists())
    }
}

/// The repository facts sync needs first.
struct Repo<'a> {
    git: Git<'a>,
    root: &'a Path,
    /// The project folder relative to the repository's top, `/`-separated, with a
    /// trailing `/` (empty at the top).
    prefix: String,
}

fn open(root: &Path) -> Result<Repo<'_>, SyncError> {
    let git = Git { dir: root };
    let top = git.run(&["rev-parse", "--show-prefix"])?;
    if !top.ok {
        return Err(SyncError::NotARepository {
            path: root.to_owned(),
        });
    }
    Ok(Repo {
        prefix: top.stdout.trim().to_string(),
        git,
        root,
    })
}

/// `git status` entries (repository-relative paths) with their two-letter codes.
fn changes(git: &Git<'_>, pathspec: &[&str]) -> Result<Vec<(String, String)>, SyncError> {
    let mut args = vec!["status", "--porcelain=v1", "-z", "--untracked-files=all"];
    if !pathspec.is_empty() {
        args.push("--");
        args.extend(pathspec);
    }
    let out = git.ok(&args)?;
    let mut entries = Vec::new();
    let mut fields = out.split('\0').filter(|f| !f.is_empty());
    while let Some(field) = fields.next() {
        if field.len() < 4 {
            continue;
        }
        let (code, path) = field.split_at(3);
        let code = code[..2].to_string();
        if code.starts_with('R') || code.starts_with('C') {
            // The original path follows; the rename's old side counts as changed too.
            if let Some(old) = fields.next() {
                entries.push((code.clone(), old.to_string()));
            }
        }
        entries.push((code, path.to_string()));
    }
    Ok(entries)
}

impl Repo<'_> {
    /// A repository-relative path as project-relative, if it is in the project folder.
    fn in_project<'p>(&self, path: &'p str) -> Option<&'p str> {
        path.strip_prefix(self.prefix.as_str())
    }
}

/// Whether a project-relative path is one of the given layers' files.
fn is_own_layer(path: &str, layers: &[String]) -> bool {
    let mut parts = path.split('/');
    let (Some(dir), Some(_doc), Some(file), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    dir == ANNOTATIONS_DIR
        && file
            .strip_suffix(".ron")
            .and_then(names::decode)
            .is_some_and(|name| layers.contains(&name))
}

fn is_project_file(path: &str) -> bool {
    PROJECT_FILES.contains(&path)
        || path
            .strip_prefix(ARTICLES_DIR)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether the project in folder `root` is inside a git repository.
pub fn is_repository(root: &Path) -> bool {
    open(root).is_ok()
}

/// The repository's state around the project in folder `root`, for the annotator who
/// writes `layers` (no network: ahead and behind are as of the last fetch).
pub fn status(root: &Path, layers: &[String]) -> Result<RepoStatus, SyncError> {
    let repo = open(root)?;
    let git = &repo.git;
    let mut st = RepoStatus {
        branch: git.ask(&["symbolic-ref", "--quiet", "--short", "HEAD"])?,
        upstream: git.ask(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"])?,
        has_remote: !git.ok(&["remote"])?.trim().is_empty(),
        ..Default::default()
    };
    for (_, path) in changes(git, &["."])? {
        let Some(p) = repo.in_project(&path) else {
            continue;
        };
        // sayso's own working files (the write lock, a save's temporary files and
        // journal) are nobody's changes.
        if p.rsplit('/')
            .next()
            .is_some_and(|name| name.starts_with(".sayso"))
        {
            continue;
        }
        if is_own_layer(p, layers) {
            st.own_changes.push(p.to_string());
        } else {
            st.other_changes.push(p.to_string());
        }
    }
    if st.upstream.is_some()
        && let Some(counts) = git.ask(&["rev-list", "--left-right", "--count", "HEAD...@{u}"])?
    {
        let mut n = counts.split_whitespace().map(|n| n.parse().unwrap_or(0));
        st.ahead = n.next().unwrap_or(0);
        st.behind = n.next().unwrap_or(0);
    }
    Ok(st)
}

/// Commits the annotator's own files, pulls with rebase and pushes (see the module's
/// documentation). On an error, nothing is half-done: a commit made is kept (the error
/// says so), a rebase that stopped is aborted.
pub fn sync(root: &Path, options: &SyncOptions) -> Result<SyncReport, SyncError> {
    if options.layers.is_empty() && !options.project_files {
        return Err(SyncError::NothingChosen);
    }
    let repo = open(root)?;
    let git = &repo.git;
    for (path, what) in [
        ("rebase-merge", "rebase"),
        ("rebase-apply", "rebase"),
        ("MERGE_HEAD", "merge"),
    ] {
        if git.exists(path)? {
            return Err(SyncError::InProgress(what));
        }
    }
    let Some(branch) = git.ask(&["symbolic-ref", "--quiet", "--short", "HEAD"])? else {
        return Err(SyncError::Detached);
    };

    // 1. Commit the annotator's own files.
    let mut report = SyncReport::default();
    let chosen: Vec<String> = changes(git, &["."])?
        .into_iter()
        .filter_map(|(_, path)| repo.in_project(&path).map(str::to_string))
        .filter(|p| {
            is_own_layer(p, &options.layers) || (options.project_files && is_project_file(p))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !chosen.is_empty() {
        let mut add = vec!["add", "-A", "--"];
        add.extend(chosen.iter().map(String::as_str));
        git.ok(&add)?;
        let message = options
            .message
            .clone()
            .unwrap_or_else(|| default_message(options, &chosen));
        let mut commit = vec!["commit", "--quiet", "-m", &message, "--"];
        commit.extend(chosen.iter().map(String::as_str));
        git.ok(&commit)?;
        report.commit = git.ask(&["rev-parse", "--short", "HEAD"])?;
        report.committed = chosen;
    }

    match share(&repo, &branch, &mut report) {
        Ok(()) => Ok(report),
        Err(SyncError::Git { command, message }) if !report.committed.is_empty() => {
            Err(SyncError::Git {
                command,
                message: format!(
                    "{message}\n{}; it goes out with the next sync.",
                    committed_note(&report.committed)
                ),
            })
        }
        Err(e) => Err(e),
    }
}

/// Steps 2 and 3 of [`sync`]: pull and push, and note what came in.
fn share(repo: &Repo<'_>, branch: &str, report: &mut SyncReport) -> Result<(), SyncError> {
    let git = &repo.git;
    let root = repo.root;
    // 2. Where to pull from and push to.
    let remotes = git.ok(&["remote"])?;
    let Some(first_remote) = remotes.lines().next() else {
        return Err(SyncError::NoRemote {
            root: root.to_owned(),
            committed: report.committed.clone(),
        });
    };
    let remote = git
        .ask(&["config", &format!("branch.{branch}.remote")])?
        .unwrap_or_else(|| first_remote.to_string());
    let merge = git
        .ask(&["config", &format!("branch.{branch}.merge")])?
        .unwrap_or_else(|| format!("refs/heads/{branch}"));
    let remote_branch = merge
        .strip_prefix("refs/heads/")
        .unwrap_or(&merge)
        .to_string();
    report.upstream = format!("{remote}/{remote_branch}");
    let tracking = format!("refs/remotes/{remote}/{remote_branch}");
    let before = git
        .ok(&["rev-parse", "HEAD"])
        .ok()
        .map(|h| h.trim().to_string());

    for attempt in 1..=3 {
        git.ok(&["fetch", "--quiet", &remote])?;
        let shared = git
            .ask(&["rev-parse", "--verify", "--quiet", &tracking])?
            .filter(|h| !h.is_empty());
        if let Some(shared) = &shared {
            pull(repo, shared, &report.committed)?;
        }
        if git
            .ask(&["rev-parse", "--verify", "--quiet", "HEAD"])?
            .is_none()
        {
            // Nothing here and nothing shared yet: nothing to push.
            return Ok(());
        }
        let ahead = match &shared {
            Some(shared) => git
                .ok(&["rev-list", "--count", &format!("{shared}..HEAD")])?
                .trim()
                .parse()
                .unwrap_or(0),
            None => git
                .ok(&["rev-list", "--count", "HEAD"])?
                .trim()
                .parse()
                .unwrap_or(0),
        };
        if ahead == 0 {
            break;
        }
        let push = git.run(&["push", "--quiet", &remote, &format!("HEAD:{merge}")])?;
        if push.ok {
            if shared.is_none() {
                // The first push of this branch: remember where it syncs.
                git.ok(&[
                    "branch",
                    "--quiet",
                    &format!("--set-upstream-to={remote}/{remote_branch}"),
                ])?;
            }
            report.pushed = ahead;
            break;
        }
        let rejected = push.stderr.contains("rejected") || push.stderr.contains("fetch first");
        if !rejected || attempt == 3 {
            return Err(SyncError::Git {
                command: format!("push {remote} HEAD:{merge}"),
                message: push.stderr,
            });
        }
    }

    // 3. What came in: the difference the pull made in the project folder.
    if let Some(before) = before {
        let diff = git.ok(&[
            "diff",
            "--name-status",
            "-z",
            "--no-renames",
            "--relative",
            &before,
            "HEAD",
        ])?;
        let mut fields = diff.split('\0').filter(|f| !f.is_empty());
        while let (Some(code), Some(path)) = (fields.next(), fields.next()) {
            note_incoming(report, path, code == "D");
        }
    } else {
        // Nothing was committed here before: everything in the project came in.
        let files = git.ok(&["ls-files", "-z"])?;
        for path in files.split('\0').filter(|f| !f.is_empty()) {
            note_incoming(report, path, false);
        }
    }
    Ok(())
}

/// Rebases onto `shared` if it has commits HEAD lacks, after checking that no file it
/// brings in has uncommitted changes here. A stopped rebase is aborted.
fn pull(repo: &Repo<'_>, shared: &str, committed: &[String]) -> Result<(), SyncError> {
    let git = &repo.git;
    let head = git.ask(&["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let Some(head) = head.filter(|h| !h.is_empty()) else {
        // Nothing committed here yet: take the shared branch as it is.
        git.ok(&["merge", "--quiet", "--ff-only", shared])?;
        return Ok(());
    };
    let behind = git.ok(&["rev-list", "--count", &format!("{head}..{shared}")])?;
    if behind.trim() == "0" {
        return Ok(());
    }
    // Files the pull brings in (repository-relative).
    let incoming = git.ok(&["diff", "--name-only", "-z", &format!("{head}...{shared}")])?;
    let incoming: std::collections::BTreeSet<&str> =
        incoming.split('\0').filter(|f| !f.is_empty()).collect();
    let mut clashing: Vec<String> = changes(git, &[])?
        .into_iter()
        .filter(|(_, p)| incoming.contains(p.as_str()))
        .map(|(_, p)| repo.in_project(&p).unwrap_or(&p).to_string())
        .collect();
    if !clashing.is_empty() {
        clashing.dedup();
        return Err(SyncError::LocalChanges {
            root: repo.root.to_owned(),
            files: clashing,
            committed: committed.to_vec(),
        });
    }
    let rebase = git.run(&["rebase", "--quiet", "--autostash", shared])?;
    if rebase.ok {
        return Ok(());
    }
    let conflicted = git
        .ask(&["diff", "--name-only", "-z", "--diff-filter=U"])?
        .unwrap_or_default();
    let files: Vec<String> = conflicted
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(|p| repo.in_project(p).unwrap_or(p).to_string())
        .collect();
    let stopped = git.exists("rebase-merge")? || git.exists("rebase-apply")?;
    if stopped {
        git.ok(&["rebase", "--abort"])?;
    }
    if files.is_empty() {
        return Err(SyncError::Git {
            command: format!("rebase {shared}"),
            message: format!(
                "{}{}",
                rebase.stderr,
                if stopped {
                    " (the rebase was aborted; nothing changed)"
                } else {
                    ""
                }
            ),
        });
    }
    Err(SyncError::Conflict {
        root: repo.root.to_owned(),
        files,
        committed: committed.to_vec(),
    })
}

/// Files the pull brought into the project folder (`path` project-relative).
fn note_incoming(report: &mut SyncReport, path: &str, removed: bool) {
    let parts: Vec<&str> = path.split('/').collect();
    if let [dir, doc, file] = parts[..]
        && dir == ANNOTATIONS_DIR
        && let Some(document) = names::decode(doc)
        && let Some(layer) = file.strip_suffix(".ron").and_then(names::decode)
    {
        report.incoming_layers.push(LayerChange {
            document,
            layer,
            removed,
        });
    } else if path == PROJECT_FILE {
        report.project_changed = true;
    } else if path == ASSIGNMENTS_FILE {
        report.assignments_changed = true;
    } else {
        report.other_incoming.push(path.to_string());
    }
}

fn default_message(options: &SyncOptions, files: &[String]) -> String {
    let layers = files
        .iter()
        .filter(|f| is_own_layer(f, &options.layers))
        .count();
    let mut parts = Vec::new();
    if layers > 0 {
        parts.push(format!(
            "{}: {}",
            options.layers.join(", "),
            crate::table::counted(layers, "layer file")
        ));
    }
    if layers < files.len() {
        parts.push(format!(
            "project: {}",
            crate::table::counted(files.len() - layers, "file")
        ));
    }
    format!("sayso sync: {}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_layer_files_are_recognized_by_their_encoded_names() {
        let layers = vec!["alice".to_string(), "model:x".to_string()];
        assert!(is_own_layer("annotations/doc-1/alice.ron", &layers));
        assert!(is_own_layer("annotations/doc-1/model%3Ax.ron", &layers));
        assert!(!is_own_layer("annotations/doc-1/bob.ron", &layers));
        assert!(!is_own_layer("annotations/doc-1/alice.ron.tmp", &layers));
        assert!(!is_own_layer("articles/alice.ron", &layers));
        assert!(!is_own_layer("annotations/a/b/alice.ron", &layers));
        assert!(is_project_file("articles/x.txt"));
        assert!(is_project_file("project.ron"));
        assert!(!is_project_file("articlesx"));
        assert!(!is_project_file("annotations/d/gold.ron"));
    }
}
