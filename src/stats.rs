//! Counts of a project's annotations, per layer and in total, and with assignments, the
//! team's progress per annotator (`sayso stats`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{DocumentSummary, Project};
use crate::team::{Assignments, TeamProgress};

/// Counts over a set of documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub documents: usize,
    pub lines: usize,
    pub noise_lines: usize,
    pub speakers: usize,
    pub mentions: usize,
    pub quotes: usize,
    pub stances: usize,
    /// Active annotating time, seconds (see [`crate::team::time`]); left out of the JSON
    /// when none was recorded, as in layer files.
    #[serde(skip_serializing_if = "is_zero")]
    pub active_seconds: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.documents += other.documents;
        self.lines += other.lines;
        self.noise_lines += other.noise_lines;
        self.speakers += other.speakers;
        self.mentions += other.mentions;
        self.quotes += other.quotes;
        self.stances += other.stances;
        self.active_seconds += other.active_seconds;
    }
}

/// A project's counts: per layer (over the documents that have the layer) and in total
/// (documents and lines counted once, annotations over all layers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub project: String,
    pub layers: BTreeMap<String, Counts>,
    pub total: Counts,
    /// Per annotator, when the project has assignments ([`with_team`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamProgress>,
}

/// How often each label is used in one layer over the project: the label distribution of
/// an annotator (speaker kinds, quote kinds, stance labels and targets, noise categories).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Labels {
    pub speaker_kinds: BTreeMap<String, usize>,
    pub quote_kinds: BTreeMap<String, usize>,
    pub stance_labels: BTreeMap<String, usize>,
    pub stance_targets: BTreeMap<String, usize>,
    pub noise_categories: BTreeMap<String, usize>,
}

/// The label distribution of layer `layer` over every document of `project` that has it.
pub fn labels(project: &Project, layer: &str) -> Labels {
    let mut out = Labels::default();
    let count = |map: &mut BTreeMap<String, usize>, key: &str| {
        *map.entry(key.to_string()).or_default() += 1;
    };
    for l in project.documents.iter().filter_map(|d| d.layers.get(layer)) {
        l.speakers
            .iter()
            .for_each(|s| count(&mut out.speaker_kinds, &s.kind));
        l.quotes
            .iter()
            .for_each(|q| count(&mut out.quote_kinds, &q.kind));
        for s in &l.stances {
            count(&mut out.stance_labels, &s.label);
            count(&mut out.stance_targets, &s.target);
        }
        l.noise
            .iter()
            .for_each(|n| count(&mut out.noise_categories, &n.category));
    }
    out
}

/// [`stats`] with the progress of the team `assignments` names.
pub fn with_team(project: &Project, assignments: &Assignments) -> Stats {
    with_team_of(&project.name, &summaries(project), assignments)
}

/// [`with_team`] from the documents' summaries (the project's index).
pub fn with_team_of(name: &str, docs: &[DocumentSummary], assignments: &Assignments) -> Stats {
    Stats {
        team: Some(crate::team::progress_of(docs, assignments)),
        ..stats_of(name, docs)
    }
}

fn summaries(project: &Project) -> Vec<DocumentSummary> {
    project.documents.iter().map(DocumentSummary::of).collect()
}

pub fn stats(project: &Project) -> Stats {
    stats_of(&project.name, &summaries(project))
}

/// [`stats`] of project `name` from its documents' summaries (the project's index).
pub fn stats_of(name: &str, docs: &[DocumentSummary]) -> Stats {
    let mut layers: BTreeMap<String, Counts> = BTreeMap::new();
    let mut total = Counts::default();
    for doc in docs {
        total.documents += 1;
        total.lines += doc.lines;
        for (name, layer) in &doc.layers {
            let counts = Counts {
                documents: 1,
                lines: doc.lines,
                noise_lines: layer.noise_lines,
                speakers: layer.speakers,
                mentions: layer.mentions,
                quotes: layer.quotes,
                stances: layer.stances,
                active_seconds: layer.active_seconds,
            };
            layers.entry(name.clone()).or_default().add(&counts);
        }
    }
    for counts in layers.values() {
        total.noise_lines += counts.noise_lines;
        total.speakers += counts.speakers;
        total.mentions += counts.mentions;
        total.quotes += counts.quotes;
        total.stances += counts.stances;
        total.active_seconds += counts.active_seconds;
    }
    Stats {
        project: name.to_string(),
        layers,
        total,
        team: None,
    }
}

impl std::fmt::Display for Stats {
    /// A table: one row per layer and a total row.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "project {:?}", self.project)?;
        let header = [
            "layer",
            "documents",
            "lines",
            "noise",
            "speakers",
            "mentions",
            "quotes",
            "stances",
        ];
        let mut rows: Vec<[String; 8]> = vec![header.map(String::from)];
        let row = |name: &str, c: &Counts| {
            [
                name.to_string(),
                c.documents.to_string(),
                c.lines.to_string(),
                c.noise_lines.to_string(),
                c.speakers.to_string(),
                c.mentions.to_string(),
                c.quotes.to_string(),
                c.stances.to_string(),
            ]
        };
        rows.extend(self.layers.iter().map(|(n, c)| row(n, c)));
        rows.push(row("total", &self.total));
        crate::table::write_columns(f, &rows)?;
        if let Some(team) = &self.team {
            writeln!(f)?;
            write!(f, "{team}")?;
        }
        Ok(())
    }
}
