//! Reading article files: decoding and newline normalization.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Articles above this size are refused unless the caller raises the limit (`--max-size`).
pub const DEFAULT_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

/// Why an article could not be read. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: the file is {size} bytes, above the limit of {limit} bytes (raise it with --max-size)",
        path.display()
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{}: this is not a text file (NUL byte at byte offset {offset}); articles must be plain text",
        path.display()
    )]
    Binary { path: PathBuf, offset: usize },
}

/// An article read from disk: its normalized text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Normalized text: no BOM, LF line ends only.
    pub text: String,
    /// The encoding the bytes were decoded from, e.g. `UTF-8`, `UTF-16LE`, `windows-1252`.
    pub encoding: &'static str,
    /// Set when the encoding was guessed or bytes had to be replaced: the user should check
    /// the text.
    pub warning: Option<String>,
}

/// Reads and normalizes the article at `path`, refusing files above `limit` bytes and
/// binary files.
pub fn read_article(path: &Path, limit: u64) -> Result<Article, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while we read it.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
            limit,
        });
    }
    decode(&bytes).map_err(|offset| ReadError::Binary {
        path: path.to_owned(),
        offset,
    })
}

/// Decodes article bytes and normalizes newlines. Returns `Err(offset)` of the first NUL
/// (a binary file). Order of detection: UTF-8 BOM, UTF-16 BOMs, NUL bytes, valid UTF-8,
/// then a legacy encoding guessed by `chardetng`.
pub fn decode(bytes: &[u8]) -> Result<Article, usize> {
    let (encoding, bom_len) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, len)) => (Some(enc), len),
        None => (None, 0),
    };
    let body = &bytes[bom_len..];
    let (text, encoding, warning): (Cow<str>, &'static encoding_rs::Encoding, _) = match encoding {
        Some(enc) => {
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            let warning = had_errors.then(|| {
                format!(
                    "the file starts with a {} byte-order mark but has invalid sequences; they were replaced with U+FFFD",
                    enc.name()
                )
            });
            (text, enc, warning)
        }
        None => {
            if let Some(offset) = memchr_nul(body) {
                return match utf16_without_bom(body) {
                    Some(article) => Ok(article),
                    None => Err(offset),
                };
            }
            match std::str::from_utf8(body) {
                Ok(text) => (Cow::Borrowed(text), encoding_rs::UTF_8, None),
                Err(_) => {
                    let mut detector = chardetng::EncodingDetector::new();
                    detector.feed(body, true);
                    let enc = detector.guess(None, true);
                    let (text, _) = enc.decode_without_bom_handling(body);
                    let warning = format!(
                        "the file is not UTF-8; it was decoded as {} (a guess): check the text",
                        enc.name()
                    );
                    (text, enc, Some(warning))
                }
            }
        }
    };
    // UTF-16 text cannot be checked for NUL bytes before decoding; check the characters.
    if let Some(offset) = text.find('\0') {
        return Err(offset);
    }
    Ok(Article {
        text: normalize_newlines(&text).into_owned(),
        encoding: encoding.name(),
        warning,
    })
}

/// Text in UTF-16 without a byte-order mark, told by its zero bytes: ASCII characters
/// have a zero high byte, so one of the two byte positions is mostly zero. Decoded (with
/// a warning saying it was a guess) when it decodes cleanly, with no NUL character.
fn utf16_without_bom(bytes: &[u8]) -> Option<Article> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros = |offset: usize| {
        bytes
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let enc = if odd * 10 >= pairs * 3 && even * 10 < pairs {
        encoding_rs::UTF_16LE
    } else if even * 10 >= pairs * 3 && odd * 10 < pairs {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        return None;
    }
    Some(Article {
        text: normalize_newlines(&text).into_owned(),
        encoding: enc.name(),
        warning: Some(format!(
            "the file has no byte-order mark; it was decoded as {} (a guess from its zero bytes): check the text",
            enc.name()
        )),
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// Turns CRLF and lone CR into LF, borrowing when there is nothing to change.
pub fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            out.push('\n');
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> Article {
        decode(bytes).expect("decodes")
    }

    #[test]
    fn no_size_limit_at_all_still_reads_the_article() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Lavrov said so.\n").unwrap();
        let article = read_article(&path, u64::MAX).expect("reads");
        assert_eq!(article.text, "Lavrov said so.\n");
    }

    #[test]
    fn utf8_with_and_without_bom_give_the_same_text() {
        let plain = text_of("Lavrov said \u{201c}no\u{201d}.\n".as_bytes());
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("Lavrov said \u{201c}no\u{201d}.\n".as_bytes());
        assert_eq!(plain.text, text_of(&with_bom).text);
        assert_eq!(plain.encoding, "UTF-8");
        assert!(plain.warning.is_none());
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        assert_eq!(text_of(b"a\r\nb\rc\n\r\nd\r").text, "a\nb\nc\n\nd\n");
        assert_eq!(normalize_newlines("\r\r\n\n"), "\n\n\n");
    }

    #[test]
    fn utf16_with_bom_is_decoded_in_both_byte_orders() {
        let text = "Zoë said 👍🏽\r\nok";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let article = text_of(&bytes);
            assert_eq!(article.text, "Zoë said 👍🏽\nok");
            assert_eq!(article.encoding, name);
        }
    }

    #[test]
    fn windows_1252_is_detected_and_named_in_a_warning() {
        // "Café owner José said “no” – twice." in windows-1252.
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
            "Café owner José said \u{201c}no\u{201d} \u{2013} twice, à propos of the fête.",
        );
        let article = text_of(&bytes);
        assert_eq!(
            article.text,
            "Café owner José said \u{201c}no\u{201d} \u{2013} twice, à propos of the fête."
        );
        assert_eq!(article.encoding, "windows-1252");
        assert!(article.warning.unwrap().contains("windows-1252"));
    }

    #[test]
    fn utf16_without_bom_is_recognized_with_a_warning() {
        let text = "Zoë said “no”.\r\nLavrov agreed.";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let article = text_of(&bytes);
            assert_eq!(article.text, "Zoë said “no”.\nLavrov agreed.");
            assert_eq!(article.encoding, name);
            assert!(article.warning.unwrap().contains("no byte-order mark"));
        }
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00rest"), Err(4));
        // A NUL inside UTF-16 text is a NUL character, also binary.
        assert!(decode(&[0xFF, 0xFE, b'a', 0, 0, 0]).is_err());
    }

    #[test]
    fn files_above_the_limit_and_binary_files_are_refused_with_their_path() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "x".repeat(2000)).unwrap();
        let err = read_article(&big, 1000).unwrap_err().to_string();
        assert!(
            err.contains("big.txt") && err.contains("2000") && err.contains("1000"),
            "{err}"
        );
        assert!(read_article(&big, 2000).is_ok());

        let bin = dir.path().join("photo.jpg");
        std::fs::write(&bin, b"\xFF\xD8\xFF\xE0\x00\x10JFIF").unwrap();
        let err = read_article(&bin, DEFAULT_SIZE_LIMIT)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("photo.jpg") && err.contains("not a text file"),
            "{err}"
        );

        let missing = dir.path().join("missing.txt");
        let err = read_article(&missing, DEFAULT_SIZE_LIMIT)
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing.txt"), "{err}");
    }
}
