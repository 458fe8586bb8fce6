//! [`Action`]: every change a user can make to a session, with its payload, and
//! [`Session::apply`], the one place they take effect.

use std::ops::Range;
use std::path::PathBuf;

use super::{Selected, Session, SpeakerChoice};
use crate::model::review::SuggestionKind;
use crate::model::{Span, Status};

/// One user action. Offsets are bytes of the current document's text.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Selecting.
    /// Select from `anchor` to `head`, snapped to words (to characters with `precise`).
    Select {
        anchor: usize,
        head: usize,
        precise: bool,
    },
    /// Select the word at this byte (double-click).
    SelectWord(usize),
    /// Put the caret here (a click on plain text): the selected annotation stays, so its
    /// cue can be picked next.
    PlaceCaret(usize),
    /// Select an annotation (a click on it, or in a list).
    Inspect(Selected),
    /// Move the selection's moving end by a word, or with `precise` a character.
    MoveSelectionEnd {
        forward: bool,
        precise: bool,
    },
    Clear,

    // Annotating the current layer.
    MakeMention(SpeakerChoice),
    MakeQuote,
    /// The speaker of the selected quote (a new one is made from the choice).
    SetQuoteSpeaker(Option<SpeakerChoice>),
    /// The selected quote's source becomes the subject of its cue's clause, made a mention
    /// of its speaker: of the one chosen (set as with [`Action::SetQuoteSpeaker`], in the
    /// same undoable step), or with `None` of the speaker it has.
    SourceFromClause(Option<SpeakerChoice>),
    SetQuoteKind(String),
    SetQuoteSource(Option<Span>),
    SetCue,
    AddFragment,
    /// The stance of the selected quote's speaker toward the current target.
    SetStance(String),
    /// The stance target number keys apply to; a new one joins the project's list.
    ChooseTarget(String),
    /// Noise on the selected lines (or the caret's line).
    ToggleNoise,
    ToggleNoiseLines(Range<usize>),
    /// The category of the lines just marked as noise.
    CategorizeNoise(String),
    SetLineCategory {
        line: usize,
        category: String,
    },
    Delete,
    RenameSpeaker {
        id: String,
        name: String,
    },
    SetSpeakerKind {
        id: String,
        kind: String,
    },
    /// Merge speaker `gone` into `keep`.
    MergeSpeakers {
        keep: String,
        gone: String,
    },
    DeleteSpeaker(String),
    SetNote {
        id: String,
        text: String,
    },
    Undo,
    Redo,
    SetStatus(Status),

    // Documents, layers, files.
    GoTo(usize),
    /// Reads every document not read yet, for a view of the whole project (scores, the
    /// team's agreement, export).
    ReadAll,
    SetLayer(String),
    AddArticles(Vec<PathBuf>),
    Save,
    SaveAs(PathBuf),
    DismissMessages,

    // Reviewing predictions.
    /// Review this prediction layer, or with `None` go back to annotating.
    Review(Option<String>),
    ReviewStep {
        forward: bool,
    },
    ReviewGo(usize),
    Accept,
    Reject,
    AcceptAll,
    /// What accept-all takes: pending suggestions scored at least `min_score`, of one kind
    /// or all.
    SetBulkChoice {
        min_score: f64,
        only: Option<SuggestionKind>,
    },
    /// The built-in suggester on this document (or all) into `model:rules`, then review it.
    Suggest {
        all: bool,
    },
    /// Fit the suggester to the edited layer and keep it as the project's model.
    TrainSuggester,
    ImportPredictions(PathBuf),

    // Comparing layers into gold.
    /// Compare these layers (two or more), or with `None` go back to the layer before.
    Compare(Option<Vec<String>>),
    CompareStep {
        forward: bool,
    },
    CompareGo(usize),
    /// Take side `n` (0-based) of the current difference into gold.
    TakeSide(usize),
    Neither,
    EditDifference,
    AcceptAgreed,
    MarkReviewed,

    // Finding text.
    Find(String),
    FindStep {
        forward: bool,
    },
    CloseFind,
}

/// What the window should do after an action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Scroll so this byte is in view.
    pub scroll_to: Option<usize>,
}

impl Outcome {
    fn scroll(at: Option<usize>) -> Self {
        Outcome { scroll_to: at }
    }
}

impl Session {
    /// Applies one action. An error is also said in the messages (the window shows the
    /// last one), and changes nothing.
    pub fn apply(&mut self, action: Action) -> Result<Outcome, String> {
        if action != Action::DismissMessages {
            self.record_activity(std::time::Instant::now());
        }
        let result = self.dispatch(action);
        self.refresh();
        if let Err(e) = &result {
            self.error(e.clone());
        }
        result
    }

    fn dispatch(&mut self, action: Action) -> Result<Outcome, String> {
        let none = Ok(Outcome::default());
        match action {
            Action::Select {
                anchor,
                head,
                precise,
            } => self.select(anchor, head, precise),
            Action::SelectWord(at) => self.select_word(at),
            Action::PlaceCaret(at) => self.selection = Some((at, at)),
            Action::Inspect(selected) => return Ok(Outcome::scroll(self.inspect(selected))),
            Action::MoveSelectionEnd { forward, precise } => {
                self.move_selection_end(forward, precise)?
            }
            Action::Clear => self.clear(),
            Action::MakeMention(choice) => self.make_mention(choice)?,
            Action::MakeQuote => self.make_quote()?,
            Action::SetQuoteSpeaker(choice) => self.set_quote_speaker(choice, false)?,
            Action::SourceFromClause(choice) => {
                let choice = match choice {
                    Some(c) => c,
                    None => SpeakerChoice::Existing(
                        self.selected_quote()
                            .and_then(|q| q.speaker.clone())
                            .ok_or("the quote has no speaker yet: press S")?,
                    ),
                };
                self.set_quote_speaker(Some(choice), true)?
            }
            Action::SetQuoteKind(kind) => self.update_quote(|q| q.kind = kind)?,
            Action::SetQuoteSource(source) => self.update_quote(|q| q.source = source)?,
            Action::SetCue => self.set_cue()?,
            Action::AddFragment => self.add_fragment()?,
            Action::SetStance(label) => self.set_stance(&label)?,
            Action::ChooseTarget(name) => self.choose_target(&name),
            Action::ToggleNoise => self.toggle_noise()?,
            Action::ToggleNoiseLines(lines) => self.toggle_noise_lines(lines)?,
            Action::CategorizeNoise(category) => self.categorize_noise(&category)?,
            Action::SetLineCategory { line, category } => {
                self.set_line_category(line, &category)?
            }
            Action::Delete => self.delete_selected()?,
            Action::RenameSpeaker { id, name } => self.rename_speaker(&id, &name)?,
            Action::SetSpeakerKind { id, kind } => self.set_speaker_kind(&id, &kind)?,
            Action::MergeSpeakers { keep, gone } => self.merge_speakers(&keep, &gone)?,
            Action::DeleteSpeaker(id) => self.delete_speaker(&id)?,
            Action::SetNote { id, text } => self.set_note(&id, &text)?,
            Action::Undo => self.undo()?,
            Action::Redo => self.redo()?,
            Action::SetStatus(status) => self.set_status(status)?,
            Action::GoTo(index) => {
                self.go_to(index)?;
                self.refresh();
                return Ok(Outcome::scroll(self.current_place()));
            }
            Action::SetLayer(name) => self.set_layer(&name)?,
            Action::ReadAll => self.read_all()?,
            Action::AddArticles(files) => self.add_articles(&files)?,
            Action::Save => self.save()?,
            Action::SaveAs(dir) => self.save_as(&dir)?,
            Action::DismissMessages => self.messages.clear(),
            Action::Review(prediction) => {
                return Ok(Outcome::scroll(self.set_review(prediction.as_deref())));
            }
            Action::ReviewStep { forward } => {
                return Ok(Outcome::scroll(self.review_step(forward)?));
            }
            Action::ReviewGo(i) => return Ok(Outcome::scroll(self.review_go(i))),
            Action::Accept => return Ok(Outcome::scroll(self.review_accept()?)),
            Action::Reject => return Ok(Outcome::scroll(self.review_reject()?)),
            Action::AcceptAll => self.review_accept_all()?,
            Action::SetBulkChoice { min_score, only } => self.set_bulk_choice(min_score, only),
            Action::Suggest { all } => return Ok(Outcome::scroll(self.run_suggester(all)?)),
            Action::TrainSuggester => self.train_suggester()?,
            Action::ImportPredictions(path) => {
                return Ok(Outcome::scroll(self.import_predictions(&path)?));
            }
            Action::Compare(layers) => return Ok(Outcome::scroll(self.set_compare(layers))),
            Action::CompareStep { forward } => {
                return Ok(Outcome::scroll(self.compare_step(forward)?));
            }
            Action::CompareGo(i) => return Ok(Outcome::scroll(self.compare_go(i))),
            Action::TakeSide(side) => return Ok(Outcome::scroll(self.compare_take(side)?)),
            Action::Neither => return Ok(Outcome::scroll(self.compare_neither()?)),
            Action::EditDifference => self.compare_edit()?,
            Action::AcceptAgreed => self.compare_accept_agreed()?,
            Action::MarkReviewed => self.compare_mark_reviewed()?,
            Action::Find(query) => self.set_find(query),
            Action::FindStep { forward } => return Ok(Outcome::scroll(self.find_step(forward))),
            Action::CloseFind => self.set_find(String::new()),
        }
        none
    }
}
