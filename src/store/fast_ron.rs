//! A fast reader for the RON sayso writes: plain `(field: value)` structs, `[…]` lists,
//! `{…}` maps, strings with the escapes `ron` writes, numbers, `true`/`false`,
//! `Some(…)`/`None` and unit enum variants, with any whitespace between.
//!
//! Anything else (comments, struct names, raw strings, unknown fields, a type error, a
//! syntax error) makes it give up, and the caller reads the file with `ron`, which
//! accepts all of RON and says what is wrong with the line and column. So this reader
//! never decides what a file means on its own: it either reads what `ron` would read, or
//! nothing. `ron` was 35% of `sayso eval`'s time on 10,000 documents (`benches/scale.sh`).

use serde::de::{self, DeserializeOwned, Visitor};

/// Why the fast reader gave up (never shown: `ron` reads the file then).
#[derive(Debug)]
pub(super) struct GaveUp;

impl std::fmt::Display for GaveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not the plain RON sayso writes")
    }
}

impl std::error::Error for GaveUp {}

impl de::Error for GaveUp {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        GaveUp
    }
}

type Result<T> = std::result::Result<T, GaveUp>;

/// `text` read as a `T`, if it is plain RON that reads as one.
pub(super) fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut de = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = T::deserialize(&mut de).ok()?;
    de.skip_space();
    (de.pos == de.bytes.len()).then_some(value)
}

struct Reader<'a> {
    /// Sliced only where `bytes` holds an ASCII character, so always at a character
    /// boundary: no UTF-8 to check again.
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn skip_space(&mut self) {
        while let Some(b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(GaveUp)
        }
    }

    /// After an item of a list, struct or map: a comma, or the closing bracket (not
    /// consumed). True when more items may follow.
    fn separator(&mut self, close: u8) -> Result<()> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(())
            }
            Some(b) if b == close => Ok(()),
            _ => Err(GaveUp),
        }
    }

    fn identifier(&mut self) -> Result<&'a str> {
        self.skip_space();
        let start = self.pos;
        while let Some(b) = self.bytes.get(self.pos) {
            if b.is_ascii_alphanumeric() || *b == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        let word = &self.text[start..self.pos];
        if word.is_empty() || word.as_bytes()[0].is_ascii_digit() {
            return Err(GaveUp);
        }
        Ok(word)
    }

    fn string(&mut self) -> Result<String> {
        self.expect(b'"')?;
        let start = self.pos;
        // The common case: no escape.
        let rest = &self.bytes[start..];
        let end = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\')
            .ok_or(GaveUp)?;
        let mut out = String::from(&self.text[start..start + end]);
        self.pos += end;
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = *self.bytes.get(self.pos).ok_or(GaveUp)?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\'' => out.push('\''),
                        b'\\' => out.push('\\'),
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'0' => out.push('\0'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(GaveUp),
                    }
                }
                Some(_) => {
                    let rest = &self.bytes[self.pos..];
                    let end = rest
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\')
                        .ok_or(GaveUp)?;
                    out.push_str(&self.text[self.pos..self.pos + end]);
                    self.pos += end;
                }
                None => return Err(GaveUp),
            }
        }
    }

    /// `{XXXX}` after `\u`.
    fn unicode_escape(&mut self) -> Result<char> {
        if self.bytes.get(self.pos) != Some(&b'{') {
            return Err(GaveUp);
        }
        let rest = &self.bytes[self.pos + 1..];
        let end = rest.iter().position(|&b| b == b'}').ok_or(GaveUp)?;
        let hex = &self.text[self.pos + 1..self.pos + 1 + end];
        if hex.is_empty() || hex.len() > 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(GaveUp);
        }
        let code = u32::from_str_radix(hex, 16).map_err(|_| GaveUp)?;
        self.pos += end + 2;
        char::from_u32(code).ok_or(GaveUp)
    }

    /// The characters of a number: digits, sign, point and exponent.
    fn number(&mut self) -> Result<&'a str> {
        self.skip_space();
        let start = self.pos;
        while let Some(b) = self.bytes.get(self.pos) {
            if b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = &self.text[start..self.pos];
        if text.is_empty() {
            return Err(GaveUp);
        }
        Ok(text)
    }

    fn unsigned(&mut self) -> Result<u64> {
        let text = self.number()?;
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GaveUp);
        }
        text.parse().map_err(|_| GaveUp)
    }

    fn signed(&mut self) -> Result<i64> {
        let text = self.number()?;
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GaveUp);
        }
        text.parse().map_err(|_| GaveUp)
    }
}

macro_rules! unsigned {
    ($method:ident, $visit:ident, $ty:ty) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let n = self.unsigned()?;
            visitor.$visit(<$ty>::try_from(n).map_err(|_| GaveUp)?)
        }
    };
}

macro_rules! signed {
    ($method:ident, $visit:ident, $ty:ty) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let n = self.signed()?;
            visitor.$visit(<$ty>::try_from(n).map_err(|_| GaveUp)?)
        }
    };
}

macro_rules! give_up {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
            Err(GaveUp)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GaveUp;

    give_up!(deserialize_any deserialize_ignored_any deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_u128 deserialize_i128);

    unsigned!(deserialize_u8, visit_u8, u8);
    unsigned!(deserialize_u16, visit_u16, u16);
    unsigned!(deserialize_u32, visit_u32, u32);
    unsigned!(deserialize_u64, visit_u64, u64);
    signed!(deserialize_i8, visit_i8, i8);
    signed!(deserialize_i16, visit_i16, i16);
    signed!(deserialize_i32, visit_i32, i32);
    signed!(deserialize_i64, visit_i64, i64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.number()?;
        visitor.visit_f32(text.parse().map_err(|_| GaveUp)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.number()?;
        visitor.visit_f64(text.parse().map_err(|_| GaveUp)?)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.identifier()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_string(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_string(self.string()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.identifier()? {
            "None" => visitor.visit_none(),
            "Some" => {
                self.expect(b'(')?;
                let value = visitor.visit_some(&mut *self)?;
                self.separator(b')')?;
                self.expect(b')')?;
                Ok(value)
            }
            _ => Err(GaveUp),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        let value = visitor.visit_seq(Items {
            reader: self,
            close: b']',
        })?;
        self.expect(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'{')?;
        let value = visitor.visit_map(Entries {
            reader: self,
            close: b'}',
            named: false,
        })?;
        self.expect(b'}')?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = visitor.visit_map(Entries {
            reader: self,
            close: b')',
            named: true,
        })?;
        self.expect(b')')?;
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let name = self.identifier()?;
        // Unit variants only: a variant with content gives up.
        if self.peek() == Some(b'(') {
            return Err(GaveUp);
        }
        visitor.visit_enum(Unit(name))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(self.identifier()?)
    }
}

/// The items of a list.
struct Items<'r, 'de> {
    reader: &'r mut Reader<'de>,
    close: u8,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = GaveUp;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>> {
        if self.reader.peek() == Some(self.close) {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.separator(self.close)?;
        Ok(Some(value))
    }
}

/// The fields of a struct (`named`: keys are identifiers) or the entries of a map.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    close: u8,
    named: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = GaveUp;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.reader.peek() == Some(self.close) {
            return Ok(None);
        }
        let key = if self.named {
            let name = self.reader.identifier()?;
            seed.deserialize(de::value::BorrowedStrDeserializer::new(name))?
        } else {
            seed.deserialize(&mut *self.reader)?
        };
        self.reader.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.separator(self.close)?;
        Ok(value)
    }
}

/// A unit enum variant.
struct Unit<'a>(&'a str);

impl<'de> de::EnumAccess<'de> for Unit<'de> {
    type Error = GaveUp;
    type Variant = Self;

    fn variant_seed<V: de::DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let value = seed.deserialize(de::value::BorrowedStrDeserializer::new(self.0))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Unit<'de> {
    type Error = GaveUp;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, _: T) -> Result<T::Value> {
        Err(GaveUp)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(GaveUp)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    enum Kind {
        Plain,
        Fancy,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Item {
        name: String,
        n: usize,
        #[serde(default)]
        score: Option<f64>,
        kind: Kind,
        #[serde(default)]
        on: bool,
        tags: std::collections::BTreeMap<String, String>,
        list: Vec<i32>,
    }

    /// What `ron` reads, the fast reader reads the same, or gives up.
    fn same(text: &str) -> bool {
        let fast = super::from_str::<Vec<Item>>(text);
        let slow = ron::from_str::<Vec<Item>>(text).ok();
        match fast {
            Some(fast) => {
                assert_eq!(Some(&fast), slow.as_ref(), "{text}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn reads_what_ron_reads_or_gives_up() {
        let plain = r#"[
            (name: "a \"b\" \'c\' \\ \n \u{e9}", n: 3, score: Some(0.5), kind: Fancy, on: true,
             tags: {"x": "y"}, list: [1, -2, 3,],),
            (name: "é 😀", n: 0, kind: Plain, tags: {}, list: []),
        ]"#;
        assert!(same(plain));
        // Given up on (ron decides): comments, struct names, raw strings, unknown fields,
        // type errors, implicit Some, a missing comma, trailing text.
        for text in [
            "[(name: \"a\", n: 1, kind: Plain, tags: {}, list: []) // note\n]",
            "[Item(name: \"a\", n: 1, kind: Plain, tags: {}, list: [])]",
            "[(name: r\"a\", n: 1, kind: Plain, tags: {}, list: [])]",
            "[(name: \"a\", n: 1, kind: Plain, tags: {}, list: [], extra: 2)]",
            "[(name: \"a\", n: -1, kind: Plain, tags: {}, list: [])]",
            "[(name: \"a\", n: 1, score: 0.5, kind: Plain, tags: {}, list: [])]",
            "[(name: \"a\" n: 1, kind: Plain, tags: {}, list: [])]",
            "[(name: \"a\", n: 1, kind: Plain, tags: {}, list: [])] x",
            "[(name: \"a\", n: 1, kind: Other, tags: {}, list: [])]",
        ] {
            assert!(!same(text), "{text}");
        }
    }
}
