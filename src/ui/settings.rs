//! Preferences kept between runs in eframe's storage: the annotator's name, theme, text
//! size and recent projects. Project data never goes here (that storage is not written
//! atomically); window size and position are kept by eframe itself.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const KEY: &str = "sayso";
const RECENT: usize = 10;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// System, then light, then dark, then system again.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The annotator's name: the layer they edit.
    pub annotator: Option<String>,
    pub theme: Theme,
    pub text_size: f32,
    /// Project folders, most recent first.
    pub recent: Vec<PathBuf>,
    /// Scrolls move over a few frames; off, they jump (better on slow remote desktops).
    pub smooth_scrolling: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            annotator: None,
            theme: Theme::System,
            text_size: 15.0,
            recent: Vec::new(),
            smooth_scrolling: true,
        }
    }
}

impl Settings {
    pub fn load(storage: &dyn eframe::Storage) -> Option<Settings> {
        eframe::get_value(storage, KEY)
    }

    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, KEY, self);
    }

    /// Puts `project` first in the recent projects.
    pub fn remember(&mut self, project: &Path) {
        let project = project
            .canonicalize()
            .unwrap_or_else(|_| project.to_path_buf());
        self.recent.retain(|p| p != &project);
        self.recent.insert(0, project);
        self.recent.truncate(RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_projects_are_most_recent_first_without_repeats_and_capped() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(Path::new(&format!("/p{i}")));
        }
        s.remember(Path::new("/p5"));
        assert_eq!(s.recent.len(), RECENT);
        assert_eq!(s.recent[0], PathBuf::from("/p5"));
        assert_eq!(
            s.recent
                .iter()
                .filter(|p| p.as_path() == Path::new("/p5"))
                .count(),
            1
        );
    }

    #[test]
    fn settings_survive_a_restart_and_old_files_fill_new_fields() {
        let s = Settings {
            annotator: Some("alice".into()),
            theme: Theme::Dark,
            text_size: 18.0,
            recent: vec![PathBuf::from("/work/project")],
            smooth_scrolling: false,
        };
        let text = ron::to_string(&s).unwrap();
        assert_eq!(ron::from_str::<Settings>(&text).unwrap(), s);
        let old: Settings = ron::from_str("(annotator: Some(\"bob\"))").unwrap();
        assert_eq!(old.annotator.as_deref(), Some("bob"));
        assert_eq!(old.text_size, Settings::default().text_size);
        assert!(
            old.smooth_scrolling,
            "smooth scrolling is on unless turned off"
        );
    }
}
