//! Article text: reading files from disk into normalized text, converting offsets, and
//! finding word boundaries.
//!
//! Every article is normalized once, when it is read: the byte-order mark is dropped and
//! CRLF and lone CR become LF. Everything else in sayso (spans, noise lines, hashes) refers
//! to that normalized text, so two machines that read the same file always agree on offsets.
//!
//! - [`read_article`] reads and decodes a file (UTF-8, UTF-16 with BOM, legacy 8-bit
//!   encodings), refusing binary and oversized files.
//! - [`Text`] owns normalized text with an index that converts between byte offsets, code
//!   points (what files and exports use) and UTF-16 units in O(log n).
//! - [`fold`] matches what people type against names: case, accents and word order aside.
//! - [`words`] snaps selections to whole words (UAX #29) or to whole characters (grapheme
//!   clusters), so a span never splits an emoji or a letter from its accent.

pub mod fold;
mod index;
mod read;
pub mod words;

pub use index::Text;
pub use read::{Article, DEFAULT_SIZE_LIMIT, ReadError, decode, normalize_newlines, read_article};

/// SHA-256 of the normalized text's UTF-8 bytes, as lowercase hex: how a project recognizes
/// an article and notices when it changed.
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `text` safe to print to a terminal: control characters (ESC, BEL, NUL, …, but not
/// tab or newline) are shown as `\u{1b}`, so a name can never move the cursor, ring or
/// recolour the terminal.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A control character other than tab and newline (C0, DEL, C1), or a bidirectional
/// override, which would reorder what a terminal shows.
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
