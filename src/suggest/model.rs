//! The suggester's learnt parts, one value: the line model that judges noise, and the
//! quote conventions of a project. [`Model::default`] is the model shipped in
//! `default_model.ron`; `sayso train` fits one on a project's labelled layer and saves it
//! as `suggest.ron` next to `project.ron` ([`Model::load`], [`Model::save`]).

use std::path::Path;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Everything the suggester learns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// The line classifier; `None`: the word lists and rules alone (the suggester before
    /// the learnt model).
    #[serde(default)]
    pub noise: Option<super::lines::LineModel>,
    /// How the project writes quotes.
    #[serde(default)]
    pub quotes: super::conventions::Conventions,
}

/// The file name of a project's model, next to `project.ron`.
pub const FILE: &str = "suggest.ron";

static DEFAULT: LazyLock<Model> = LazyLock::new(|| {
    ron::from_str(include_str!("default_model.ron")).expect("the shipped model parses")
});

impl Default for Model {
    fn default() -> Self {
        DEFAULT.clone()
    }
}

impl Model {
    /// The rules alone, without a line model and with default conventions.
    pub fn rules_only() -> Model {
        Model {
            noise: None,
            quotes: Default::default(),
        }
    }

    /// Reads a model saved by [`Model::save`].
    pub fn load(path: &Path) -> anyhow::Result<Model> {
        let data = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        ron::from_str(&data).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// The project's model (`suggest.ron` in `root`) when there is one, else the default.
    pub fn for_project(root: &Path) -> anyhow::Result<Model> {
        let path = root.join(FILE);
        if path.exists() {
            Model::load(&path)
        } else {
            Ok(Model::default())
        }
    }

    /// Writes the model atomically as RON (LF line ends).
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let config = ron::ser::PrettyConfig::new().new_line("\n".to_string());
        let mut data = ron::ser::to_string_pretty(self, config)?;
        data.push('\n');
        crate::store::write_atomic(path, data.as_bytes())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(())
    }
}
