//! The line model: noise judged over the whole page, in context (the jusText idea, learnt).
//!
//! 1. Each non-empty line gets **shape features** ([`LOCAL`]): length, words (counted so
//!    that Chinese, Japanese and Thai, written without spaces, are not "short"), end
//!    punctuation, stop-word density, Title Case and capitals, digits, punctuation, the
//!    rules' hits (UI words, credits, datelines, CSS tokens), repetition in the document.
//! 2. A first logistic model turns them into a noise probability per line.
//! 3. **Context features** ([`CONTEXT`]) read the neighbours' probabilities (the document's
//!    edges count as noise), blank lines around, the position, and the densest run of
//!    prose (the maximum-sum run of lines that read as body); a second logistic model over
//!    both sets gives the final probability. Short, borderline lines so follow their
//!    neighbours, as jusText's relabelling does.
//!
//! A line a rule marks stays noise with the rule's category (the rules are precise);
//! others above the threshold are noise of category `other`. Everything is linear in the
//! text: one pass per line, then constant work per line.

use serde::{Deserialize, Serialize};

use super::line_rules::{features, rule};
use super::lists::{Class, FnvMap, WORDS};
use super::logistic::Logistic;
use crate::text::Text;

/// Shape features of one line.
pub const LOCAL: &[&str] = &[
    "ln_chars",
    "ln_words",
    "words_le_3",
    "words_le_7",
    "terminal",
    "colon_end",
    "stop_density",
    "title_share",
    "all_caps",
    "digit_share",
    "punct_share",
    "rule_pattern",
    "rule_any",
    "bullet",
    "separators",
    "web",
    "avg_word_len",
    "ln_sentences",
    "starts_lower",
    "quote_marks",
    "unspaced_script",
    "repeated",
    "copyright",
    "repeat_later",
    "ellipsis_end",
    "same_start",
    "same_end",
];

/// The number of shape features: a line's row is an array, not an allocation.
const NL: usize = 27;
const _: () = assert!(LOCAL.len() == NL);
type Row = [f64; NL];

/// Features of a line's neighbourhood, from the first model's probabilities.
pub const CONTEXT: &[&str] = &[
    "p_self",
    "p_prev",
    "p_next",
    "p_prev3",
    "p_next3",
    "blank_before",
    "blank_after",
    "position",
    "in_dense_run",
    "ln_run_distance",
    "doc_p_mean",
    "doc_prose_share",
    "doc_run_share",
];

// Indices of features used outside the models.
const WORDS_LE_7: usize = 3;
const TERMINAL: usize = 4;
const STOP_DENSITY: usize = 6;
const BULLET: usize = 13;
const IN_RUN: usize = 8;

/// The longest function word of `lists/stop_words.txt`, in bytes.
const MAX_STOP_WORD: usize = 7;

/// Documents with fewer non-empty lines are left to the rules.
pub const MIN_LINES: usize = 10;

/// The two logistic models and the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineModel {
    pub local: Logistic,
    pub context: Logistic,
    /// A line is noise when its probability is at least this.
    pub threshold: f64,
}

/// Feature rows of a document's lines; `None` for empty lines.
pub struct DocFeatures {
    pub local: Vec<Option<Vec<f64>>>,
    /// The rule hit of each line.
    pub rules: Vec<Option<(&'static str, f64)>>,
}

fn is_unspaced(c: char) -> u8 {
    match c as u32 {
        0x3040..=0x30ff | 0x3400..=0x9fff | 0xf900..=0xfaff | 0xff66..=0xff9f => 1,
        0x0e00..=0x0e7f | 0x0e80..=0x0eff | 0x1000..=0x109f | 0x1780..=0x17ff => 2,
        _ => 0,
    }
}

/// What a line shares with the other lines of its document: template text ("Tags: …",
/// "Posted in … | Leave a Comment »") repeats whole or by its first or last word, and a
/// copy of an earlier line (a repeated block) is rarely the content.
#[derive(Debug, Clone, Copy, Default)]
struct Shared {
    repeated: bool,
    later: bool,
    same_start: u32,
    same_end: u32,
}

/// Lines of more words are not compared by their first and last words.
const MAX_TEMPLATE_WORDS: usize = 24;

/// Lines sharing a first or last word count up to this many (a log of a count that grows
/// with the page would give a long page's lines weights never seen in training).
const MAX_SHARED: u32 = 20;

/// The first word of a trimmed line.
fn first_word(t: &str) -> &str {
    t.split([' ', '\t']).next().unwrap_or(t)
}

/// The last word of a trimmed line.
fn last_word(t: &str) -> &str {
    t.rsplit([' ', '\t']).next().unwrap_or(t)
}

/// What each line of a document shares with the others, counted in one pass: each
/// line's ids of its text, first word and last word, and how often each id occurs.
struct Counts {
    /// Per line: ids into `counts` (`u32::MAX` for empty lines).
    ids: Vec<[u32; 3]>,
    /// Per id: occurrences in the document, and of the text, seen so far.
    counts: Vec<[u32; 2]>,
}

impl Counts {
    fn new(text: &Text) -> Counts {
        let n = text.line_count();
        let mut maps: [FnvMap<&str, u32>; 3] = Default::default();
        let mut c = Counts {
            ids: Vec::with_capacity(n),
            counts: Vec::new(),
        };
        for i in 0..n {
            let line = text.line(i).unwrap_or("").trim();
            if line.is_empty() {
                c.ids.push([u32::MAX; 3]);
                continue;
            }
            // Template text is short: a paragraph's first and last words ("The", "said.")
            // say nothing, and would count in the thousands on a long article.
            let short = line.bytes().filter(|&b| b == b' ').count() < MAX_TEMPLATE_WORDS;
            let keys = [line, first_word(line), last_word(line)];
            let ids = [0, 1, 2].map(|k| {
                if k > 0 && !short {
                    return u32::MAX;
                }
                let next = c.counts.len() as u32;
                let id = *maps[k].entry(keys[k]).or_insert(next);
                if id == next {
                    c.counts.push([0, 0]);
                }
                c.counts[id as usize][0] += 1;
                id
            });
            c.ids.push(ids);
        }
        c
    }

    /// What line `i` (not empty) shares; call in line order.
    fn shared(&mut self, i: usize) -> Shared {
        let [line, start, end] = self.ids[i].map(|id| id as usize);
        self.counts[line][1] += 1;
        let [total, seen] = self.counts[line];
        let others = |id: usize| self.counts.get(id).map_or(0, |c| c[0] - 1);
        Shared {
            repeated: total > 1,
            later: seen > 1,
            same_start: others(start),
            same_end: others(end),
        }
    }
}

/// Shape features of `line` (not empty) and its rule hit.
fn local(line: &str, shared: Shared) -> (Row, Option<(&'static str, f64)>) {
    let f = features(line);
    let hit = rule(line, &f);
    let trimmed = line.trim();
    let (mut chars, mut digits, mut punct, mut upper, mut letters) = (0usize, 0, 0, 0, 0);
    let (mut cjk, mut thai, mut sentences) = (0usize, 0usize, 0usize);
    let (mut separators, mut marks) = (false, false);
    let mut prev = ' ';
    for c in trimmed.chars() {
        chars += 1;
        if c.is_alphabetic() {
            letters += 1;
            upper += usize::from(c.is_uppercase());
            match is_unspaced(c) {
                1 => cjk += 1,
                2 => thai += 1,
                _ => {}
            }
        } else if c.is_numeric() {
            digits += 1;
        } else if !c.is_whitespace() {
            punct += 1;
            // Menu and breadcrumb separators; `>` and `/` only between spaces, not in
            // "> quoted mail" or dates.
            separators |= matches!(c, '|' | '•' | '»' | '«' | '›' | '‹' | '·')
                || matches!(c, '>' | '/') && prev == ' ' && chars > 1;
            marks |= matches!(c, '"' | '“' | '”' | '«' | '»' | '「' | '」');
        }
        // A sentence ends at `.`, `?`, `!` or `。` before a space or a closing mark.
        let ends_sentence = matches!(prev, '.' | '?' | '!') && (c == ' ' || c == '”' || c == '"');
        sentences += usize::from(ends_sentence || c == '。');
        prev = c;
    }
    sentences += usize::from(matches!(prev, '.' | '?' | '!'));
    // Words: space-separated runs with a letter or digit; unspaced scripts add about one
    // word per two Han or kana characters and one per five Thai-like characters.
    let (mut words, mut caps, mut word_bytes, mut stops) = (0usize, 0usize, 0usize, 0usize);
    for w in trimmed.split_whitespace() {
        let Some(first) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        words += 1;
        word_bytes += w.len();
        caps += usize::from(first.is_uppercase());
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        // Function words are short: longer words need no look-up.
        stops += usize::from(bare.len() <= MAX_STOP_WORD && WORDS.classes(bare) & Class::STOP != 0);
    }
    let unspaced_words = cjk / 2 + thai / 5;
    let all_words = words.max(1) + unspaced_words;
    let ends = |set: &[char]| trimmed.ends_with(set);
    let terminal = ends(&[
        '.', '?', '!', '。', '！', '？', '”', '"', '’', '»', '」', ')',
    ]) && !trimmed.ends_with("...")
        || f.terminal;
    let web = trimmed.contains("http") || trimmed.contains("www.") || trimmed.contains('@');
    let copyright = trimmed.contains('©')
        || trimmed
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("copyright"));
    let x = [
        (1.0 + chars as f64).ln(),
        (1.0 + all_words as f64).ln(),
        f64::from(u8::from(all_words <= 3)),
        f64::from(u8::from(all_words <= 7)),
        f64::from(u8::from(terminal)),
        f64::from(u8::from(trimmed.ends_with(':'))),
        stops as f64 / words.max(1) as f64,
        caps as f64 / words.max(1) as f64,
        f64::from(u8::from(
            letters >= 2 && upper == letters && cjk + thai == 0,
        )),
        digits as f64 / chars.max(1) as f64,
        punct as f64 / chars.max(1) as f64,
        f64::from(u8::from(hit.is_some_and(|h| h.1 >= 0.9))),
        f64::from(u8::from(hit.is_some())),
        f64::from(u8::from(f.bullet)),
        f64::from(u8::from(separators)),
        f64::from(u8::from(web)),
        (word_bytes as f64 / words.max(1) as f64 / 10.0).min(2.0),
        (1.0 + sentences as f64).ln(),
        f64::from(u8::from(
            trimmed.chars().next().is_some_and(char::is_lowercase),
        )),
        f64::from(u8::from(marks)),
        (cjk + thai) as f64 / letters.max(1) as f64,
        f64::from(u8::from(shared.repeated)),
        f64::from(u8::from(copyright)),
        f64::from(u8::from(shared.later)),
        f64::from(u8::from(trimmed.ends_with("...") || trimmed.ends_with('…'))),
        (1.0 + f64::from(shared.same_start.min(MAX_SHARED))).ln(),
        (1.0 + f64::from(shared.same_end.min(MAX_SHARED))).ln(),
    ];
    (x, hit)
}

/// The shape features of every line of `text`.
pub fn doc_features(text: &Text) -> DocFeatures {
    let n = text.line_count();
    let mut counts = Counts::new(text);
    let mut out = DocFeatures {
        local: Vec::with_capacity(n),
        rules: Vec::with_capacity(n),
    };
    for i in 0..n {
        let line = text.line(i).unwrap_or("");
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.local.push(None);
            out.rules.push(None);
            continue;
        }
        let (x, hit) = local(line, counts.shared(i));
        out.local.push(Some(x.to_vec()));
        out.rules.push(hit);
    }
    out
}

/// The context rows of a document, from its shape features and first-model
/// probabilities (`p1[i]` for non-empty lines).
pub fn context_rows(doc: &DocFeatures, p1: &[f64]) -> Vec<Option<Vec<f64>>> {
    let present: Vec<bool> = doc.local.iter().map(Option::is_some).collect();
    let prose = doc.local.iter().flatten().filter(|x| is_prose(x)).count();
    let mut rows = vec![None; doc.local.len()];
    each_context_row(&present, p1, prose, |i, row| rows[i] = Some(row.to_vec()));
    rows
}

/// A line that reads as a sentence of prose, from its shape features.
fn is_prose(x: &[f64]) -> bool {
    x[TERMINAL] > 0.5 && x[WORDS_LE_7] < 0.5 && x[STOP_DENSITY] > 0.2
}

/// Calls `f` with the context row of every non-empty line (`present[i]`), in order,
/// without keeping the rows; `prose` lines read as prose.
fn each_context_row(present: &[bool], p1: &[f64], prose: usize, mut f: impl FnMut(usize, &[f64])) {
    let n = present.len();
    // Non-empty lines, in order, and their probabilities.
    let idx: Vec<usize> = (0..n).filter(|&i| present[i]).collect();
    let p: Vec<f64> = idx.iter().map(|&i| p1[i]).collect();
    let m = idx.len();
    // The document as a whole: a page of nothing but menus and lists is noise throughout.
    let p_mean = p.iter().sum::<f64>() / m.max(1) as f64;
    let prose_share = prose as f64 / m.max(1) as f64;
    // The densest run of prose: the maximum-sum run of (0.5 - p), Kadane's algorithm.
    let (mut best, mut best_run) = (0.0, (0, 0));
    let (mut sum, mut start) = (0.0, 0);
    for (k, &pk) in p.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = k;
        }
        sum += 0.5 - pk;
        if sum > best {
            best = sum;
            best_run = (start, k + 1);
        }
    }
    let run_share = (best_run.1 - best_run.0) as f64 / m.max(1) as f64;
    let at = |k: isize| -> f64 {
        if k < 0 || k as usize >= m {
            1.0
        } else {
            p[k as usize]
        }
    };
    let mean3 = |from: isize, step: isize| (0..3).map(|j| at(from + step * j)).sum::<f64>() / 3.0;
    for (k, &i) in idx.iter().enumerate() {
        let k = k as isize;
        let blank = |j: isize| j < 0 || j as usize >= n || !present[j as usize];
        let dist = if (k as usize) < best_run.0 {
            best_run.0 - k as usize
        } else if k as usize >= best_run.1 {
            k as usize + 1 - best_run.1
        } else {
            0
        };
        let row = [
            at(k),
            at(k - 1),
            at(k + 1),
            mean3(k - 1, -1),
            mean3(k + 1, 1),
            f64::from(u8::from(blank(i as isize - 1))),
            f64::from(u8::from(blank(i as isize + 1))),
            i as f64 / n.max(1) as f64,
            f64::from(u8::from(dist == 0 && best > 0.0)),
            (1.0 + dist as f64).ln(),
            p_mean,
            prose_share,
            run_share,
        ];
        debug_assert_eq!(row.len(), CONTEXT.len());
        f(i, &row);
    }
}

/// A row of both feature sets.
pub fn joined(local: &[f64], context: &[f64]) -> Vec<f64> {
    local.iter().chain(context).copied().collect()
}

/// The names of a joined row.
pub fn joined_names() -> Vec<&'static str> {
    LOCAL.iter().chain(CONTEXT).copied().collect()
}

impl LineModel {
    /// First-model probabilities of every line (0 for empty lines).
    pub fn first(&self, doc: &DocFeatures) -> Vec<f64> {
        doc.local
            .iter()
            .map(|x| x.as_ref().map_or(0.0, |x| self.local.predict(x)))
            .collect()
    }

    /// The final noise probability of every line (`None` for empty lines), and whether it
    /// is in the densest run of prose.
    pub fn probabilities(&self, doc: &DocFeatures) -> (Vec<Option<f64>>, Vec<bool>) {
        let p1 = self.first(doc);
        let ctx = context_rows(doc, &p1);
        let probs = doc
            .local
            .iter()
            .zip(&ctx)
            .map(|(x, c)| Some(self.context.predict2(x.as_ref()?, c.as_ref()?)))
            .collect();
        let in_run = ctx
            .iter()
            .map(|c| c.as_ref().is_some_and(|c| c[IN_RUN] > 0.5))
            .collect();
        (probs, in_run)
    }

    /// The noise lines of `text`: category and score per line.
    ///
    /// Three guards keep an article that is already clean as it is: in a document of fewer
    /// than [`MIN_LINES`] non-empty lines only the rules mark noise (there is no page
    /// around it to judge from); the first line no rule marks (the headline) and the
    /// sentences of the densest run of prose are left to the rules too.
    pub fn detect(&self, text: &Text) -> Vec<Option<(&'static str, f64)>> {
        // One line at a time: its first-model probability, the part of the second
        // model's sum its own features give, the few features the guards read, and its
        // rule hit. No row is kept: a long page stays small in memory.
        struct Line {
            p1: f64,
            z_local: f64,
            prose: bool,
            bullet: bool,
            hit: Option<(&'static str, f64)>,
        }
        let n = text.line_count();
        let mut counts = Counts::new(text);
        let mut lines: Vec<Option<Line>> = Vec::with_capacity(n);
        for i in 0..n {
            let line = text.line(i).unwrap_or("");
            let trimmed = line.trim();
            if trimmed.is_empty() {
                lines.push(None);
                continue;
            }
            let (x, hit) = local(line, counts.shared(i));
            lines.push(Some(Line {
                p1: self.local.predict(&x),
                z_local: self.context.partial(0, &x),
                prose: is_prose(&x),
                bullet: x[BULLET] > 0.5,
                hit,
            }));
        }
        let present: Vec<bool> = lines.iter().map(Option::is_some).collect();
        let p1: Vec<f64> = lines
            .iter()
            .map(|l| l.as_ref().map_or(0.0, |l| l.p1))
            .collect();
        let prose = lines.iter().flatten().filter(|l| l.prose).count();
        let mut probs: Vec<Option<(f64, bool)>> = vec![None; n];
        each_context_row(&present, &p1, prose, |i, row| {
            let z = lines[i].as_ref().map_or(0.0, |l| l.z_local);
            let p = self
                .context
                .from_partial(z + self.context.partial(LOCAL.len(), row));
            probs[i] = Some((p, row[IN_RUN] > 0.5));
        });
        let count = present.iter().filter(|&&p| p).count();
        let headline = lines
            .iter()
            .position(|l| l.as_ref().is_some_and(|l| l.hit.is_none()));
        probs
            .iter()
            .zip(&lines)
            .enumerate()
            .map(|(i, (p, line))| {
                let ((p, in_run), line) = ((*p)?, line.as_ref()?);
                // A sentence of the densest run of prose is body whatever the model says.
                let sentence = in_run && line.prose;
                let judged = count >= MIN_LINES && Some(i) != headline && !sentence;
                match line.hit {
                    Some((cat, score)) => Some((cat, score.max(p))),
                    None if judged && p >= self.threshold => {
                        // Bullet items are menus and link lists.
                        let category = if line.bullet { "navigation" } else { "other" };
                        Some((category, (p * 100.0).round() / 100.0))
                    }
                    None => None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_function_word_is_longer_than_the_look_up_bound() {
        let longest = include_str!("lists/stop_words.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .map(str::len)
            .max();
        assert_eq!(longest, Some(MAX_STOP_WORD));
    }

    #[test]
    fn lines_share_their_first_and_last_words_and_copies_come_later() {
        let text = Text::new(
            "Tags: rain\nThe storm came at night.\nTags: wind, snow\n\nThe storm came at night.\n"
                .to_string(),
        );
        let mut counts = Counts::new(&text);
        let shared: Vec<Shared> = [0, 1, 2, 4].map(|i| counts.shared(i)).to_vec();
        let starts: Vec<u32> = shared.iter().map(|s| s.same_start).collect();
        assert_eq!(starts, [1, 1, 1, 1]);
        let ends: Vec<u32> = shared.iter().map(|s| s.same_end).collect();
        assert_eq!(ends, [0, 1, 0, 1]);
        let later: Vec<bool> = shared.iter().map(|s| s.later).collect();
        assert_eq!(later, [false, false, false, true]);
        assert!(shared[1].repeated && !shared[0].repeated);
    }
}
