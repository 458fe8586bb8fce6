//! Reversible file names for layer names and document ids.
//!
//! `model:rules` or `Alice` must become file names that are valid, and distinct, on
//! Windows, macOS and Linux: no `:` `/` `\` `*` `?` `"` `<` `>` `|`, no device names such as
//! `CON` or `NUL`, no trailing dot, and no two names that differ only in case. Lowercase
//! ASCII letters, digits, `-` and `_` (and `.` inside a name) stay as they are; every other
//! byte of the UTF-8 name becomes `%XX` (uppercase hex). The real name is also kept inside
//! each file.

const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The file-name form of `name`.
pub fn encode(name: &str) -> String {
    let bytes = name.as_bytes();
    let stem = name.split('.').next().unwrap_or("");
    let reserved = RESERVED.contains(&stem);
    let mut out = String::with_capacity(name.len());
    for (i, &b) in bytes.iter().enumerate() {
        let plain = matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')
            || (b == b'.' && i != 0 && i + 1 != bytes.len());
        if plain && !(reserved && i == 0) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        out.push('%');
    }
    out
}

/// The name `encode` turned into `file_name`, if it is one of its outputs.
pub fn decode(file_name: &str) -> Option<String> {
    if file_name == "%" {
        return Some(String::new());
    }
    let bytes = file_name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = file_name.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn layer_names_become_portable_file_names() {
        assert_eq!(encode("gold"), "gold");
        assert_eq!(encode("model:rules"), "model%3Arules");
        assert_eq!(encode("Alice"), "%41lice");
        assert_eq!(encode("con"), "%63on");
        assert_eq!(encode("nul.ron"), "%6Eul.ron");
        assert_eq!(encode("a/b\\c"), "a%2Fb%5Cc");
        assert_eq!(encode("v1."), "v1%2E");
        assert_eq!(encode("josé"), "jos%C3%A9");
    }

    proptest! {
        #[test]
        fn encoding_is_reversible_and_portable(name in "\\PC{0,12}") {
            let file = encode(&name);
            prop_assert_eq!(decode(&file), Some(name.clone()));
            prop_assert!(file.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()
                || b"-_.%ABCDEF".contains(&b)), "{}", file);
            prop_assert!(!file.ends_with('.'));
            let stem = file.split('.').next().unwrap();
            prop_assert!(!RESERVED.contains(&stem));
        }
    }
}
