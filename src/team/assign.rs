//! Assignments: which annotators annotate which documents (`sayso assign`).
//!
//! Every document goes to one annotator; a share of them (the overlap) goes to
//! `per_document` annotators, so their agreement can be measured and the differences
//! adjudicated. Invariants of [`assign`]:
//! - workloads are balanced: starting from an empty or balanced file, the numbers of
//!   documents of any two active annotators differ by at most one (documents are counted,
//!   not their lengths);
//! - the overlap documents are `round(overlap × documents)` of the project, counting
//!   those assigned earlier;
//! - the result depends only on the documents (in project order), the annotators (in the
//!   order given), the plan and the previous assignments: the random choices come from a
//!   SplitMix64 generator written here, so a seed gives the same assignments with every
//!   version of sayso;
//! - documents assigned earlier keep their annotators: a re-run after documents were added
//!   hands out only the new ones.
//!
//! The file, `assignments.ron` next to `project.ron`:
//!
//! ```ron
//! (
//!     format: 1,
//!     plan: (per_document: 2, overlap: 0.2, seed: 7),
//!     annotators: ["alice", "bob", "carol"],
//!     documents: {
//!         "harbour-strike-2019": ["carol"],
//!         "syria-talks-2012": ["alice", "bob"],
//!     },
//! )
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::{FORMAT_VERSION, StoreError, Written, write_atomic};

/// The assignment file's name, in the project folder next to `project.ron`.
pub const ASSIGNMENTS_FILE: &str = "assignments.ron";

/// How documents are handed out. Stored in the file, so a re-run without options goes on
/// the same way.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename = "plan")]
pub struct Plan {
    /// Annotators per overlap document (at least 2 when `overlap` is above 0).
    pub per_document: usize,
    /// Share of the documents annotated by `per_document` annotators, 0 to 1.
    pub overlap: f64,
    /// Seed of the random choices (which documents overlap, ties between annotators).
    pub seed: u64,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            per_document: 2,
            overlap: 0.0,
            seed: 0,
        }
    }
}

/// The project's assignments: what `assignments.ron` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "assignments")]
pub struct Assignments {
    pub format: u32,
    #[serde(default)]
    pub plan: Plan,
    /// The annotators new documents go to, in the order given.
    #[serde(default)]
    pub annotators: Vec<String>,
    /// Document id → its annotators, in the order they were picked.
    #[serde(default)]
    pub documents: BTreeMap<String, Vec<String>>,
}

impl Default for Assignments {
    fn default() -> Self {
        Assignments {
            format: FORMAT_VERSION,
            plan: Plan::default(),
            annotators: Vec::new(),
            documents: BTreeMap::new(),
        }
    }
}

/// Why documents could not be assigned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssignError {
    #[error("no annotators: name them with --annotators alice,bob,...")]
    NoAnnotators,
    #[error("annotator {0:?} is named twice")]
    Duplicate(String),
    #[error(
        "{0:?} cannot be an annotator: an annotator's name is the layer they write (not empty, not `gold`, not `model:...`)"
    )]
    BadName(String),
    #[error("the overlap must be between 0 and 1 (a share of the documents), not {0}")]
    Overlap(f64),
    #[error(
        "an overlap document needs --per-document 2 or more annotators, and there are {annotators} annotators; {per_document} asked"
    )]
    PerDocument {
        per_document: usize,
        annotators: usize,
    },
}

/// The result of [`assign`].
#[derive(Debug, Clone, PartialEq)]
pub struct Assigned {
    pub assignments: Assignments,
    /// Documents assigned by this run, in project order.
    pub new: Vec<String>,
    /// Of those, the ones given to several annotators.
    pub new_overlap: Vec<String>,
    /// Documents the previous file listed that the project no longer has (dropped).
    pub dropped: Vec<String>,
}

impl Assignments {
    /// The file of the project in folder `root`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(ASSIGNMENTS_FILE)
    }

    /// Reads the assignments of the project in folder `root`; `None` if it has none yet.
    pub fn load(root: &Path) -> Result<Option<Assignments>, StoreError> {
        let path = Self::path(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Read { path, source }),
        };
        let file: Assignments = ron::from_str(&text).map_err(|e| {
            #[derive(Deserialize)]
            struct Version {
                format: u32,
            }
            match ron::from_str::<Version>(&text) {
                Ok(v) if v.format > FORMAT_VERSION => StoreError::Newer {
                    path: path.clone(),
                    found: v.format,
                },
                _ => StoreError::Parse {
                    path: path.clone(),
                    line: e.span.start.line,
                    column: e.span.start.col,
                    message: e.code.to_string(),
                },
            }
        })?;
        if file.format > FORMAT_VERSION {
            return Err(StoreError::Newer {
                path,
                found: file.format,
            });
        }
        Ok(Some(file))
    }

    /// Writes the file atomically into the project folder `root` (untouched if it already
    /// holds the same bytes).
    pub fn save(&self, root: &Path) -> Result<Written, StoreError> {
        let path = Self::path(root);
        let config = ron::ser::PrettyConfig::new()
            .new_line("\n")
            .indentor("    ")
            .depth_limit(2)
            .struct_names(false);
        let mut text =
            ron::ser::to_string_pretty(self, config).map_err(|e| StoreError::Invalid {
                path: path.clone(),
                message: format!("cannot serialize: {e}"),
            })?;
        text.push('\n');
        write_atomic(&path, text.as_bytes()).map_err(|source| StoreError::Write { path, source })
    }

    /// The annotators of document `doc` (empty if it is not assigned).
    pub fn annotators_of(&self, doc: &str) -> &[String] {
        self.documents.get(doc).map_or(&[], Vec::as_slice)
    }

    /// Whether `annotator` is assigned document `doc` (the window's "mine" filter).
    pub fn is_assigned(&self, doc: &str, annotator: &str) -> bool {
        self.annotators_of(doc).iter().any(|a| a == annotator)
    }

    /// The documents assigned to `annotator`, by id.
    pub fn documents_of<'a>(&'a self, annotator: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.documents
            .iter()
            .filter(move |(_, who)| who.iter().any(|a| a == annotator))
            .map(|(doc, _)| doc.as_str())
    }

    /// The overlap documents grouped by their annotators (e.g. `[alice, bob]` → the
    /// documents both annotate), for agreement so far: pass a group's annotators to
    /// [`crate::agreement::agree_project`], which counts the documents that have every
    /// layer.
    pub fn overlap_groups(&self) -> BTreeMap<Vec<String>, Vec<String>> {
        let mut groups: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        for (doc, who) in &self.documents {
            if who.len() > 1 {
                let mut key = who.clone();
                key.sort();
                groups.entry(key).or_default().push(doc.clone());
            }
        }
        groups
    }

    /// Everyone with documents or listed: the listed annotators in their order, then
    /// others who still have documents from earlier runs, by name.
    pub fn team(&self) -> Vec<&str> {
        let mut team: Vec<&str> = self.annotators.iter().map(String::as_str).collect();
        let listed: BTreeSet<&str> = team.iter().copied().collect();
        let earlier: BTreeSet<&str> = self
            .documents
            .values()
            .flatten()
            .map(String::as_str)
            .filter(|a| !listed.contains(a))
            .collect();
        team.extend(earlier);
        team
    }
}

/// Checks an annotator's name: it is the name of the layer they write.
fn check_name(name: &str) -> Result<(), AssignError> {
    let bad = name.trim().is_empty()
        || name != name.trim()
        || name == "gold"
        || name.starts_with("model:");
    if bad {
        Err(AssignError::BadName(name.to_string()))
    } else {
        Ok(())
    }
}

/// Hands out the documents of `documents` (ids in project order) that `previous` does not
/// assign yet to `annotators`, following `plan` (see the module's invariants). Documents
/// `previous` assigned keep their annotators, also annotators no longer listed; documents
/// no longer in `documents` are dropped from the result.
pub fn assign(
    previous: Option<&Assignments>,
    documents: &[&str],
    annotators: &[String],
    plan: Plan,
) -> Result<Assigned, AssignError> {
    if annotators.is_empty() {
        return Err(AssignError::NoAnnotators);
    }
    let mut seen = BTreeSet::new();
    for a in annotators {
        check_name(a)?;
        if !seen.insert(a.as_str()) {
            return Err(AssignError::Duplicate(a.clone()));
        }
    }
    if !(0.0..=1.0).contains(&plan.overlap) || plan.overlap.is_nan() {
        return Err(AssignError::Overlap(plan.overlap));
    }
    if plan.overlap > 0.0 && (plan.per_document < 2 || plan.per_document > annotators.len()) {
        return Err(AssignError::PerDocument {
            per_document: plan.per_document,
            annotators: annotators.len(),
        });
    }

    let in_project: BTreeSet<&str> = documents.iter().copied().collect();
    let mut result = Assignments {
        format: FORMAT_VERSION,
        plan,
        annotators: annotators.to_vec(),
        documents: BTreeMap::new(),
    };
    let mut dropped = Vec::new();
    if let Some(previous) = previous {
        for (doc, who) in &previous.documents {
            if in_project.contains(doc.as_str()) {
                result.documents.insert(doc.clone(), who.clone());
            } else {
                dropped.push(doc.clone());
            }
        }
    }
    let new: Vec<&str> = documents
        .iter()
        .copied()
        .filter(|d| !result.documents.contains_key(*d))
        .collect();

    // How many of the new documents overlap: what brings the project to its share.
    let overlapping_now = result.documents.values().filter(|w| w.len() > 1).count();
    let target = if plan.overlap > 0.0 {
        (plan.overlap * documents.len() as f64).round() as usize
    } else {
        0
    };
    let n_overlap = target.saturating_sub(overlapping_now).min(new.len());

    // A fresh stream per run: the seed mixed with how many documents were assigned before.
    let mut rng = SplitMix64::new(
        plan.seed ^ (result.documents.len() as u64).wrapping_mul(0xA076_1D64_78BD_642F),
    );
    let mut order = new.clone();
    rng.shuffle(&mut order);
    let overlap: BTreeSet<&str> = order[..n_overlap].iter().copied().collect();

    // Loads (documents, and overlap documents) of the active annotators.
    let mut load: Vec<(usize, usize)> = annotators
        .iter()
        .map(|a| {
            let docs = result.documents.values().filter(|w| w.contains(a));
            let (all, shared) =
                docs.fold((0, 0), |(n, s), w| (n + 1, s + usize::from(w.len() > 1)));
            (all, shared)
        })
        .collect();
    for doc in &order {
        let shared = overlap.contains(doc);
        let k = if shared { plan.per_document } else { 1 };
        // Least loaded first; among overlap documents, fewest overlap documents; then a
        // random tie-break, so pairs vary.
        let mut candidates: Vec<(usize, usize, u64, usize)> = load
            .iter()
            .enumerate()
            .map(|(i, &(all, s))| (all, if shared { s } else { 0 }, rng.next_u64(), i))
            .collect();
        candidates.sort_unstable();
        let mut picked: Vec<usize> = candidates[..k].iter().map(|c| c.3).collect();
        picked.sort_unstable();
        for &i in &picked {
            load[i].0 += 1;
            load[i].1 += usize::from(shared);
        }
        let names = picked.iter().map(|&i| annotators[i].clone()).collect();
        result.documents.insert(doc.to_string(), names);
    }
    let new_overlap = new
        .iter()
        .filter(|d| overlap.contains(*d))
        .map(|d| d.to_string())
        .collect();
    Ok(Assigned {
        assignments: result,
        new: new.iter().map(|d| d.to_string()).collect(),
        new_overlap,
        dropped,
    })
}

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and fixed here so assignments
/// for a seed never change with a dependency's version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_gives_the_published_sequence() {
        // The reference implementation's first outputs for seed 1234567.
        let mut rng = SplitMix64::new(1234567);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423
            ]
        );
    }

    #[test]
    fn bad_plans_are_refused() {
        let team = ["alice".to_string(), "bob".to_string()];
        let docs = ["a", "b"];
        let plan = |per_document, overlap| Plan {
            per_document,
            overlap,
            seed: 0,
        };
        assert_eq!(
            assign(None, &docs, &[], Plan::default()),
            Err(AssignError::NoAnnotators)
        );
        assert!(matches!(
            assign(None, &docs, &team, plan(3, 0.5)),
            Err(AssignError::PerDocument { .. })
        ));
        assert!(matches!(
            assign(None, &docs, &team, plan(2, 1.5)),
            Err(AssignError::Overlap(_))
        ));
        let gold = ["gold".to_string()];
        assert!(matches!(
            assign(None, &docs, &gold, Plan::default()),
            Err(AssignError::BadName(_))
        ));
        let twice = ["bob".to_string(), "bob".to_string()];
        assert!(matches!(
            assign(None, &docs, &twice, Plan::default()),
            Err(AssignError::Duplicate(_))
        ));
    }
}
