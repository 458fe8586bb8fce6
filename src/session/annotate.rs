//! Annotating the current layer: selecting text, making mentions, quotes, cues, stances
//! and noise lines, editing speakers, undo and redo. Each change is one model edit.

use std::ops::Range;

use super::{Selected, Session, SpeakerChoice};
use crate::model::guidelines::{self, ClauseSubject, quote_bounds, without_possessive};
use crate::model::{Edit, Item, NoiseLine, Quote, Span, Status};
use crate::text::words;

impl Session {
    // --- Selection ----------------------------------------------------------------------

    /// Selects the bytes `anchor..head`, snapped to whole words (or to whole characters
    /// with `precise`).
    pub(super) fn select(&mut self, anchor: usize, head: usize, precise: bool) {
        let text = &self.document().text;
        let (lo, hi) = (
            anchor.min(head).min(text.as_str().len()),
            anchor.max(head).min(text.as_str().len()),
        );
        let r = if precise {
            words::snap_to_characters(text, lo..hi)
        } else {
            words::snap_to_words(text, lo..hi)
        };
        self.selection = Some(if head >= anchor {
            (r.start, r.end)
        } else {
            (r.end, r.start)
        });
    }

    pub(super) fn move_selection_end(
        &mut self,
        forward: bool,
        precise: bool,
    ) -> Result<(), String> {
        let (anchor, head) = self.selection.ok_or("select some words first")?;
        let text = &self.document().text;
        let head = match (forward, precise) {
            (true, false) => words::next_word_end(text, head),
            (false, false) => words::previous_word_start(text, head),
            (true, true) => words::next_character(text, head),
            (false, true) => words::previous_character(text, head),
        };
        self.select(anchor, head, precise);
        Ok(())
    }

    pub(super) fn select_word(&mut self, at: usize) {
        let text = &self.document().text;
        let r = words::word_near(text, at.min(text.as_str().len()));
        self.selection = Some((r.start, r.end));
    }

    /// Selects an annotation; returns its first byte, to scroll to.
    pub(super) fn inspect(&mut self, selected: Selected) -> Option<usize> {
        let layer = self.layer();
        let start = match &selected {
            Selected::Mention { span, .. } => Some(span.start),
            Selected::Quote(id) => layer.quote(id).map(Quote::start),
            Selected::Stance(id) => layer
                .stance(id)
                .and_then(|s| s.evidence.first())
                .and_then(|q| layer.quote(q))
                .map(Quote::start),
            Selected::Noise(line) => self.document().text.line_char_range(*line).map(|r| r.start),
            Selected::Speaker(id) => layer
                .speaker(id)
                .and_then(|s| s.mentions.first())
                .map(|m| m.start),
        };
        let at = start.and_then(|c| self.document().text.char_to_byte(c));
        self.selected = Some(selected);
        self.selection = None;
        at
    }

    /// Lines the selection touches, or the line of the caret.
    pub fn selected_lines(&self) -> Option<Range<usize>> {
        let text = &self.document().text;
        let (a, b) = self.selection?;
        let (lo, hi) = (a.min(b), a.max(b));
        let last = if hi > lo && text.as_str()[..hi].ends_with('\n') {
            hi - 1
        } else {
            hi
        };
        Some(text.line_of_byte(lo)..text.line_of_byte(last.max(lo)) + 1)
    }

    // --- Speakers and mentions ------------------------------------------------------------

    /// The kind a new speaker named `name` gets: the one asked for, else the one its name
    /// suggests.
    fn speaker_kind(&self, kind: Option<String>, name: &str) -> String {
        kind.filter(|k| crate::model::Schema::has(&self.project.schema.speaker_kinds, k))
            .unwrap_or_else(|| self.guessed_kind(name))
    }

    /// The kind of speaker `name` is likely to be, as the suggester's word lists judge it
    /// ("Russia", "the Kremlin": government; "Arab League": organization), if the schema
    /// has that kind; else the schema's first.
    pub fn guessed_kind(&self, name: &str) -> String {
        let guess = crate::suggest::ask::speaker_kind(name);
        if crate::model::Schema::has(&self.project.schema.speaker_kinds, guess) {
            guess.to_string()
        } else {
            guidelines::default_speaker_kind(&self.project.schema)
        }
    }

    /// The subject of the selected quote's cue clause (the suggester's reading): the phrase
    /// that names who said it, whether tagged or not.
    pub fn clause_subject(&self) -> Option<ClauseSubject> {
        let quote = self.selected_quote()?;
        let text = &self.document().text;
        let bytes = |s: &Span| Some(text.char_to_byte(s.start)?..text.char_to_byte(s.end)?);
        let content: Vec<Range<usize>> = quote.content.iter().filter_map(bytes).collect();
        let cue = quote.cue.as_ref().and_then(bytes);
        let found = crate::suggest::ask::clause_source(text, &content, cue)?;
        let span = without_possessive(text, Span::from_bytes(text, found.span)?);
        let name = guidelines::strip_possessive(&text.as_str()[found.name]);
        Some(ClauseSubject {
            span,
            name: name.to_string(),
        })
    }

    /// What the selected quote's cue clause offers as its source (and a mention) once its
    /// speaker is `speaker` (`None`: one still to be picked), if anything: see
    /// [`guidelines::offers_source`].
    pub fn source_offer(&self, speaker: Option<&str>) -> Option<ClauseSubject> {
        self.offers_source(speaker, self.clause_subject()?)
    }

    /// [`Self::source_offer`] for the clause's `subject` found already.
    pub fn offers_source(
        &self,
        speaker: Option<&str>,
        subject: ClauseSubject,
    ) -> Option<ClauseSubject> {
        let quote = self.selected_quote()?;
        guidelines::offers_source(self.layer(), quote, speaker, &subject.span).then_some(subject)
    }

    /// `edit` (which takes a mention from speaker `id`), and the removal of that speaker
    /// if the edit leaves it with nothing: no mention, quote or stance. Returns the
    /// speaker's name when it goes.
    fn and_unused_speaker(&self, edit: Edit, id: &str) -> (Edit, Option<String>) {
        let mut after = self.layer().clone();
        if edit.clone().apply(&mut after).is_err() || !guidelines::is_unused(&after, id) {
            return (edit, None);
        }
        let name = after.speaker(id).map(|s| s.name.clone());
        match Edit::remove_speaker(&after, id) {
            Some(remove) => (Edit::Batch(vec![edit, remove]), name),
            None => (edit, None),
        }
    }

    /// Makes the selection a mention of an existing speaker or of a new one. On a selected
    /// mention with the same words, moves it to the speaker chosen now.
    pub(super) fn make_mention(&mut self, choice: SpeakerChoice) -> Result<(), String> {
        let span = self
            .selection_span()
            .ok_or("select the words that name the speaker first")?;
        let span = without_possessive(&self.document().text, span);
        let layer = self.layer().clone();
        let moving = match &self.selected {
            Some(Selected::Mention { speaker, span: m }) if *m == span => Some(speaker.clone()),
            _ => None,
        };
        let (id, edit) = match choice {
            SpeakerChoice::Existing(id) => {
                let edit = Edit::add_mention(&layer, &id, span.clone())
                    .ok_or("that speaker already has this mention")?;
                (id, edit)
            }
            SpeakerChoice::New { name, kind } => {
                let kind = self.speaker_kind(kind, &name);
                let speaker = guidelines::new_speaker(&layer, &name, &kind, vec![span.clone()]);
                (speaker.id.clone(), Edit::add_speaker(&layer, speaker))
            }
        };
        let (edit, gone) = match moving
            .as_ref()
            .and_then(|old| Some((old, Edit::remove_mention(&layer, old, &span)?)))
        {
            Some((old, remove)) => {
                let (remove, gone) = self.and_unused_speaker(remove, old);
                (Edit::Batch(vec![remove, edit]), gone)
            }
            None => (edit, None),
        };
        let from = moving
            .filter(|old| *old != id)
            .and_then(|old| layer.speaker(&old).map(|s| s.name.clone()));
        self.edit(edit)?;
        if let Some(from) = from {
            // Said, as a move is easy to make by mistake (a double-click that did not take).
            let to = self
                .layer()
                .speaker(&id)
                .map_or(String::new(), |s| s.name.clone());
            let gone = if gone.is_some() {
                format!("; {from} had nothing left and is gone")
            } else {
                String::new()
            };
            let text = format!(
                "Moved \u{201c}{}\u{201d} from {from} to {to}{gone} (Ctrl+Z undoes it)",
                span.text
            );
            self.info(text);
        }
        self.selected = Some(Selected::Mention { speaker: id, span });
        self.selection = None;
        Ok(())
    }

    fn update_speaker(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut crate::model::Speaker),
    ) -> Result<(), String> {
        let mut speaker = self.layer().speaker(id).ok_or("no such speaker")?.clone();
        change(&mut speaker);
        match Edit::update_speaker(self.layer(), speaker) {
            Some(edit) => self.edit(edit),
            None => Ok(()),
        }
    }

    pub(super) fn rename_speaker(&mut self, id: &str, name: &str) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("a speaker needs a name".into());
        }
        self.update_speaker(id, |s| s.name = name.to_string())
    }

    pub(super) fn set_speaker_kind(&mut self, id: &str, kind: &str) -> Result<(), String> {
        crate::formats::label(&self.project.schema.speaker_kinds, "speaker kind", kind)?;
        self.update_speaker(id, |s| s.kind = kind.to_string())
    }

    pub(super) fn merge_speakers(&mut self, keep: &str, gone: &str) -> Result<(), String> {
        let edit = Edit::merge_speakers(self.layer(), keep, gone).ok_or("no such speaker")?;
        self.edit(edit)
    }

    pub(super) fn delete_speaker(&mut self, id: &str) -> Result<(), String> {
        let edit = Edit::remove_speaker(self.layer(), id).ok_or("it is already gone")?;
        self.edit(edit)?;
        if self.selected == Some(Selected::Speaker(id.to_string())) {
            self.selected = None;
        }
        Ok(())
    }

    pub(super) fn set_note(&mut self, id: &str, text: &str) -> Result<(), String> {
        match Edit::set_note(self.layer(), id, text) {
            Some(edit) => self.edit(edit),
            None => Ok(()),
        }
    }

    // --- Quotes ---------------------------------------------------------------------------

    /// Makes the selection a quote of the kind its quotation marks say; it becomes the
    /// selected annotation.
    pub(super) fn make_quote(&mut self) -> Result<(), String> {
        let range = self
            .selection_range()
            .ok_or("select the words of the quote first")?;
        let text = &self.document().text;
        let span = Span::from_bytes(text, quote_bounds(text.as_str(), range))
            .ok_or("select the words of the quote first")?;
        let layer = self.layer().clone();
        let id = layer.next_id("q");
        let kind = guidelines::schema_quote_kind(&self.project.schema, [span.text.as_str()]);
        let quote = Quote {
            id: id.clone(),
            kind,
            content: vec![span],
            cue: None,
            source: None,
            speaker: None,
            score: None,
        };
        self.edit(Edit::add_quote(&layer, quote))?;
        self.selected = Some(Selected::Quote(id));
        self.selection = None;
        Ok(())
    }

    /// Changes the selected quote with `change`.
    pub(super) fn update_quote(&mut self, change: impl FnOnce(&mut Quote)) -> Result<(), String> {
        let mut quote = self.selected_quote().ok_or("select a quote first")?.clone();
        change(&mut quote);
        match Edit::update_quote(self.layer(), quote) {
            Some(edit) => self.edit(edit),
            None => Ok(()),
        }
    }

    pub(super) fn set_cue(&mut self) -> Result<(), String> {
        let span = self
            .selection_span()
            .ok_or("select the cue (e.g. \"said\") first")?;
        self.selected_quote().ok_or("select a quote first")?;
        self.update_quote(|q| q.cue = Some(span))?;
        self.selection = None;
        Ok(())
    }

    /// Sets (or with `None` clears) the speaker of the selected quote; the source becomes
    /// the speaker's mention its cue's clause names it by, else the one nearest the quote.
    /// With `from_clause`, the subject of the cue's clause ("Lavrov" in `"…," Lavrov
    /// said`) becomes the source and a mention of the speaker, tagged or not. A new
    /// speaker is made first; all in one undoable step.
    pub(super) fn set_quote_speaker(
        &mut self,
        choice: Option<SpeakerChoice>,
        from_clause: bool,
    ) -> Result<(), String> {
        let quote = self.selected_quote().ok_or("select a quote first")?.clone();
        let subject = self.clause_subject();
        let mut layer = self.layer().clone();
        let mut steps = Vec::new();
        let offered = |layer: &crate::model::Layer, id: Option<&str>| {
            subject
                .as_ref()
                .filter(|s| from_clause && guidelines::offers_source(layer, &quote, id, &s.span))
                .map(|s| s.span.clone())
        };
        let speaker = match choice {
            None => None,
            Some(SpeakerChoice::Existing(id)) => {
                layer.speaker(&id).ok_or("no such speaker")?;
                if let Some(span) = offered(&layer, Some(&id))
                    && let Some(add) = Edit::add_mention(&layer, &id, span)
                {
                    add.clone().apply(&mut layer).map_err(|e| e.to_string())?;
                    steps.push(add);
                }
                layer.speaker(&id).cloned()
            }
            Some(SpeakerChoice::New { name, kind }) => {
                let kind = self.speaker_kind(kind, &name);
                let mentions = offered(&layer, None).into_iter().collect();
                let speaker = guidelines::new_speaker(&layer, &name, &kind, mentions);
                let add = Edit::add_speaker(&layer, speaker.clone());
                add.clone().apply(&mut layer).map_err(|e| e.to_string())?;
                steps.push(add);
                Some(speaker)
            }
        };
        let mut changed = quote.clone();
        let clause = subject.as_ref().map(|s| &s.span);
        changed.source = speaker
            .as_ref()
            .and_then(|s| guidelines::source_for(&quote, s, clause));
        changed.speaker = speaker.map(|s| s.id);
        steps.extend(Edit::update_quote(&layer, changed));
        if steps.is_empty() {
            return Ok(());
        }
        self.edit(Edit::Batch(steps))
    }

    /// Adds the selection as another content fragment of the selected quote (a quote
    /// split by its cue).
    pub(super) fn add_fragment(&mut self) -> Result<(), String> {
        let span = self
            .selection_span()
            .ok_or("select the other part of the quote first")?;
        self.update_quote(|q| {
            q.content.push(span);
            q.content.sort();
            if q.kind == "indirect" {
                q.kind = "mixed".into();
            }
        })?;
        self.selection = None;
        Ok(())
    }

    // --- Stances --------------------------------------------------------------------------

    pub(super) fn set_stance(&mut self, label: &str) -> Result<(), String> {
        let quote = self.selected_quote().ok_or("select a quote first")?.clone();
        let holder = quote
            .speaker
            .clone()
            .ok_or("the quote has no speaker yet: press S")?;
        let target = self
            .target
            .clone()
            .ok_or("pick a stance target first (T)")?;
        let stance = guidelines::stance_with(self.layer(), &holder, &target, label, &quote.id);
        let edit = Edit::put_stance(self.layer(), stance);
        self.edit(edit)
    }

    /// Picks the stance target; a new one is added to the project's schema.
    pub(super) fn choose_target(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        if self.project.schema.add_target(name) {
            self.project.mark_changed();
            self.changed();
        }
        self.target = Some(name.to_string());
    }

    // --- Noise ----------------------------------------------------------------------------

    pub(super) fn toggle_noise(&mut self) -> Result<(), String> {
        let lines = self
            .selected_lines()
            .ok_or("click in a line, or select lines, first")?;
        self.toggle_noise_lines(lines)
    }

    /// Toggles noise on `lines`: if all are noise they are cleared, else all become noise
    /// of the current category, and number keys then set their category.
    pub(super) fn toggle_noise_lines(&mut self, lines: Range<usize>) -> Result<(), String> {
        let layer = self.layer().clone();
        let all_noise = lines.clone().all(|l| layer.noise_line(l).is_some());
        let category = self.noise_category.clone();
        let edits = self.noise_edits(lines.clone(), |line, text, _| {
            (!all_noise).then(|| NoiseLine {
                line,
                category: category.clone(),
                text: text.to_string(),
                orphaned: false,
                score: None,
            })
        })?;
        if edits.is_empty() {
            return Ok(());
        }
        let range = lines_of(&edits).unwrap_or(lines);
        self.edit(Edit::Batch(edits))?;
        self.noise_range = (!all_noise).then_some(range.clone());
        self.selected = (!all_noise).then_some(Selected::Noise(range.start));
        Ok(())
    }

    /// Sets the category of the lines last marked as noise.
    pub(super) fn categorize_noise(&mut self, category: &str) -> Result<(), String> {
        let lines = self.noise_range.clone().ok_or("mark noise lines first")?;
        self.noise_category = category.to_string();
        let edits = self.noise_edits(lines, |_, _, old| {
            old.map(|n| NoiseLine {
                category: category.to_string(),
                ..n.clone()
            })
        })?;
        if edits.is_empty() {
            return Ok(());
        }
        self.edit(Edit::Batch(edits))
    }

    /// Sets the category of noise line `line`, and makes it the category for new ones.
    pub(super) fn set_line_category(&mut self, line: usize, category: &str) -> Result<(), String> {
        self.layer()
            .noise_line(line)
            .ok_or("that line is not noise")?;
        self.noise_range = Some(line..line + 1);
        self.categorize_noise(category)
    }

    /// The edits that make each of `lines` what `noise` says (line, its text, what it is
    /// now), each made against the layer as the ones before left it.
    fn noise_edits(
        &self,
        lines: Range<usize>,
        noise: impl Fn(usize, &str, Option<&NoiseLine>) -> Option<NoiseLine>,
    ) -> Result<Vec<Edit>, String> {
        let text = &self.document().text;
        let mut working = self.layer().clone();
        let mut edits = Vec::new();
        for line in lines {
            let words = text.line(line).ok_or("no such line")?;
            let new = noise(line, words, working.noise_line(line));
            if let Some(edit) = Edit::set_noise(&working, line, new) {
                edit.clone()
                    .apply(&mut working)
                    .map_err(|e| e.to_string())?;
                edits.push(edit);
            }
        }
        Ok(edits)
    }

    // --- Removing, undo, status ------------------------------------------------------------

    pub(super) fn delete_selected(&mut self) -> Result<(), String> {
        let layer = self.layer();
        let mut gone = None;
        let edit = match self.selected.clone().ok_or("select an annotation first")? {
            Selected::Mention { speaker, span } => Edit::remove_mention(layer, &speaker, &span)
                .map(|edit| {
                    let (edit, name) = self.and_unused_speaker(edit, &speaker);
                    gone = name;
                    edit
                }),
            Selected::Quote(id) => Edit::remove_quote(layer, &id),
            Selected::Stance(id) => Edit::remove_stance(layer, &id),
            Selected::Noise(line) => Edit::set_noise(layer, line, None),
            Selected::Speaker(id) => Edit::remove_speaker(layer, &id),
        }
        .ok_or("it is already gone")?;
        self.edit(edit)?;
        if let Some(name) = gone {
            self.info(format!(
                "That was {name}'s last mention, and no quote or stance is theirs: {name} is gone too (Ctrl+Z brings both back)"
            ));
        }
        self.selected = None;
        self.noise_range = None;
        Ok(())
    }

    pub(super) fn undo(&mut self) -> Result<(), String> {
        let done = self.project.documents[self.doc]
            .undo()
            .map_err(|e| e.to_string())?;
        if !done {
            return Err("nothing to undo".into());
        }
        self.selected = None;
        self.noise_range = None;
        self.changed();
        Ok(())
    }

    pub(super) fn redo(&mut self) -> Result<(), String> {
        let done = self.project.documents[self.doc]
            .redo()
            .map_err(|e| e.to_string())?;
        if !done {
            return Err("nothing to redo".into());
        }
        self.selected = None;
        self.noise_range = None;
        self.changed();
        Ok(())
    }

    pub(super) fn set_status(&mut self, status: Status) -> Result<(), String> {
        if self.layer().status == status {
            return Ok(());
        }
        self.edit(Edit::set_status(status))
    }

    /// Switches to document `index`, reading it if it is not read yet and saving first
    /// (switching is a natural pause). A document that cannot be read is not switched to.
    pub(super) fn go_to(&mut self, index: usize) -> Result<(), String> {
        if index >= self.project.documents.len() || index == self.doc {
            return Ok(());
        }
        self.read(index)?;
        self.save_now();
        self.clock.pause();
        self.doc = index;
        self.clear();
        self.recall_target();
        self.revision += 1;
        Ok(())
    }

    /// Edits another layer. Leaves compare mode (whose edited layer is gold).
    pub(super) fn set_layer(&mut self, name: &str) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("a layer needs a name".into());
        }
        if self.compare().is_some() {
            self.mode = super::Mode::Annotate;
        }
        self.switch_layer(name);
        Ok(())
    }
}

/// The lines a batch of noise edits touches.
fn lines_of(edits: &[Edit]) -> Option<Range<usize>> {
    let lines = edits.iter().filter_map(|e| match e {
        Edit::Insert {
            item: Item::Noise(n),
            ..
        }
        | Edit::Replace {
            item: Item::Noise(n),
            ..
        } => Some(n.line),
        _ => None,
    });
    let (lo, hi) = lines.fold((usize::MAX, 0), |(lo, hi), l| (lo.min(l), hi.max(l)));
    (lo <= hi).then(|| lo..hi + 1)
}
