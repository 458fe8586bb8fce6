//! spaCy's `DocBin` (`.spacy`), the training data of `spacy train`
//! (<https://spacy.io/api/docbin>): written byte for byte as spaCy 3's `DocBin.to_bytes`
//! does (`spacy/tokens/_serialize.py`), so `DocBin().from_disk(path).get_docs(vocab)` loads
//! it with no sayso code on the Python side.
//!
//! The file is zlib-compressed msgpack: `attrs` (the token attribute ids `ORTH`, `ENT_IOB`,
//! `ENT_TYPE`), `tokens` (a little-endian `u64` a token and attribute: the hash of the
//! token's text, the IOB code, the hash of the entity label), `spaces`, `lengths`,
//! `strings` (every string hashed), `cats`, `flags` and `span_groups` (each document's
//! `doc.spans`, msgpack again, a span packed as `>QQQllll`). Hashes are spaCy's:
//! MurmurHash64A of the UTF-8 with seed 1, 0 for the empty string.
//!
//! What a document holds: tokens as spaCy's English tokenizer makes them ([`super::tokens`],
//! cut where a span starts or ends inside one); `doc.ents`: speaker mentions (`SPEAKER`) and
//! cues (`CUE`), an entity overlapping an earlier one left out and counted;
//! `doc.spans["speakers"]`, `doc.spans["cues"]`, `doc.spans["quotes"]` (each quote
//! fragment), with no overlap limit. Links between quotes, cues and speakers, stances and
//! noise lines are not in this format.

use super::spans::{self, FlatSpan};
use super::tokens::{self, Token};
use crate::model::Layer;
use crate::text::Text;

/// spaCy's attribute ids (`spacy.attrs`).
const ORTH: u64 = 65;
const ENT_IOB: u64 = 77;
const ENT_TYPE: u64 = 78;

/// The span groups written, and the labels they hold.
pub const GROUPS: [(&str, &str); 3] = [
    ("speakers", spans::SPEAKER),
    ("cues", spans::CUE),
    ("quotes", spans::QUOTE),
];

/// A `DocBin` being built, one document at a time.
#[derive(Default)]
pub struct DocBin {
    tokens: Vec<u8>,
    spaces: Vec<u8>,
    lengths: Vec<u8>,
    strings: std::collections::BTreeSet<String>,
    span_groups: Vec<Vec<u8>>,
    docs: usize,
    /// Tokens cut in two at a span boundary.
    pub cuts: usize,
    /// Entities left out because they overlap an earlier one.
    pub overlapping: usize,
}

impl DocBin {
    pub fn new() -> Self {
        DocBin::default()
    }

    /// Adds a document.
    pub fn add(&mut self, text: &Text, layer: &Layer) {
        let flat = spans::from_layer(text, layer);
        let mut toks = tokens::tokenize(text.as_str());
        self.cuts += tokens::split_at(&mut toks, flat.spans.iter().flat_map(|s| [s.start, s.end]));
        let chars: Vec<char> = text.as_str().chars().collect();
        let word = |t: &Token| chars[t.start..t.end].iter().collect::<String>();
        // Entities: speakers and cues, first come first served.
        let mut ent: Vec<Option<&FlatSpan>> = vec![None; toks.len()];
        let mut candidates: Vec<&FlatSpan> = flat
            .spans
            .iter()
            .filter(|s| s.label == spans::SPEAKER || s.label == spans::CUE)
            .collect();
        candidates.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        for s in candidates {
            let (a, b) = token_range(&toks, s);
            if ent[a..b].iter().any(Option::is_some) {
                self.overlapping += 1;
                continue;
            }
            for e in &mut ent[a..b] {
                *e = Some(s);
            }
        }
        for (i, t) in toks.iter().enumerate() {
            let w = word(t);
            let (iob, label) = match ent[i] {
                None => (2, 0),
                Some(s) if i > 0 && ent[i - 1].is_some_and(|p| std::ptr::eq(p, s)) => {
                    (1, hash(&s.label))
                }
                Some(s) => (3, hash(&s.label)),
            };
            for v in [hash(&w), iob, label] {
                self.tokens.extend_from_slice(&v.to_le_bytes());
            }
            self.spaces.push(u8::from(t.space));
            self.strings.insert(w);
        }
        self.lengths
            .extend_from_slice(&(toks.len() as i32).to_le_bytes());
        self.strings.insert(String::new());
        // doc.spans: one group per kind.
        let mut groups = Vec::new();
        for (name, label) in GROUPS {
            let mut packed = Vec::new();
            for s in flat.spans.iter().filter(|s| s.label == label) {
                let (a, b) = token_range(&toks, s);
                let mut bytes = Vec::with_capacity(40);
                for v in [0u64, 0, hash(label)] {
                    bytes.extend_from_slice(&v.to_be_bytes());
                }
                for v in [a, b, s.start, s.end] {
                    bytes.extend_from_slice(&(v as i32).to_be_bytes());
                }
                packed.push(Pack::Bin(bytes));
            }
            self.strings.insert(label.to_string());
            let group = Pack::Map(vec![
                (Pack::Str("name".into()), Pack::Str(name.into())),
                (Pack::Str("attrs".into()), Pack::Map(Vec::new())),
                (Pack::Str("spans".into()), Pack::Array(packed)),
            ]);
            groups.push((
                Pack::Bin(group.encode()),
                Pack::Array(vec![Pack::Str(name.into())]),
            ));
        }
        self.span_groups.push(Pack::Map(groups).encode());
        self.docs += 1;
    }

    /// The `.spacy` file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.docs;
        let msg = Pack::Map(vec![
            (Pack::Str("version".into()), Pack::Str("0.1".into())),
            (
                Pack::Str("attrs".into()),
                Pack::Array([ORTH, ENT_IOB, ENT_TYPE].map(Pack::Uint).to_vec()),
            ),
            (Pack::Str("tokens".into()), Pack::Bin(self.tokens.clone())),
            (Pack::Str("spaces".into()), Pack::Bin(self.spaces.clone())),
            (Pack::Str("lengths".into()), Pack::Bin(self.lengths.clone())),
            (
                Pack::Str("strings".into()),
                Pack::Array(self.strings.iter().cloned().map(Pack::Str).collect()),
            ),
            (
                Pack::Str("cats".into()),
                Pack::Array(vec![Pack::Map(Vec::new()); n]),
            ),
            (
                Pack::Str("flags".into()),
                Pack::Array(vec![
                    Pack::Map(vec![(
                        Pack::Str("has_unknown_spaces".into()),
                        Pack::Bool(false),
                    )]);
                    n
                ]),
            ),
            (
                Pack::Str("span_groups".into()),
                Pack::Array(self.span_groups.iter().cloned().map(Pack::Bin).collect()),
            ),
        ]);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &msg.encode()).expect("writing to memory");
        z.finish().expect("writing to memory")
    }
}

/// The tokens `a..b` a span covers (spans are whole tokens after [`tokens::split_at`]).
fn token_range(toks: &[Token], s: &FlatSpan) -> (usize, usize) {
    let a = toks.partition_point(|t| t.end <= s.start);
    let b = toks.partition_point(|t| t.start < s.end);
    (a, b.max(a + 1).min(toks.len()))
}

/// spaCy's id of a string: a reserved symbol's number (`number` is 432), else the
/// MurmurHash64A of its UTF-8 bytes with seed 1.
pub fn hash(s: &str) -> u64 {
    if let Ok(i) = SYMBOLS.binary_search_by_key(&s, |(k, _)| k) {
        return SYMBOLS[i].1;
    }
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let data = s.as_bytes();
    let mut h: u64 = 1 ^ (data.len() as u64).wrapping_mul(M);
    let mut blocks = data.chunks_exact(8);
    for block in &mut blocks {
        let mut k = u64::from_le_bytes(block.try_into().expect("8 bytes"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// spaCy's reserved symbols (`spacy.symbols.IDS`, spaCy 3.8): their id is no hash.
#[rustfmt::skip]
const SYMBOLS: &[(&str, u64)] = &[
    ("", 0), ("ADJ", 84), ("ADP", 85), ("ADV", 86), ("AUX", 87), ("CARDINAL", 397),
    ("CCONJ", 89), ("CLUSTER", 72), ("CONJ", 88), ("DATE", 391), ("DEP", 76),
    ("DEPRECATED001", 104), ("DEPRECATED002", 105), ("DEPRECATED003", 106),
    ("DEPRECATED004", 107), ("DEPRECATED005", 108), ("DEPRECATED006", 109),
    ("DEPRECATED007", 110), ("DEPRECATED008", 111), ("DEPRECATED009", 112),
    ("DEPRECATED010", 113), ("DEPRECATED011", 114), ("DEPRECATED012", 115),
    ("DEPRECATED013", 116), ("DEPRECATED014", 117), ("DEPRECATED015", 118),
    ("DEPRECATED016", 119), ("DEPRECATED017", 120), ("DEPRECATED018", 121),
    ("DEPRECATED019", 122), ("DEPRECATED020", 123), ("DEPRECATED021", 124),
    ("DEPRECATED022", 125), ("DEPRECATED023", 126), ("DEPRECATED024", 127),
    ("DEPRECATED025", 128), ("DEPRECATED026", 129), ("DEPRECATED027", 130),
    ("DEPRECATED028", 131), ("DEPRECATED029", 132), ("DEPRECATED030", 133),
    ("DEPRECATED031", 134), ("DEPRECATED032", 135), ("DEPRECATED033", 136),
    ("DEPRECATED034", 137), ("DEPRECATED035", 138), ("DEPRECATED036", 139),
    ("DEPRECATED037", 140), ("DEPRECATED038", 141), ("DEPRECATED039", 142),
    ("DEPRECATED040", 143), ("DEPRECATED041", 144), ("DEPRECATED042", 145),
    ("DEPRECATED043", 146), ("DEPRECATED044", 147), ("DEPRECATED045", 148),
    ("DEPRECATED046", 149), ("DEPRECATED047", 150), ("DEPRECATED048", 151),
    ("DEPRECATED049", 152), ("DEPRECATED050", 153), ("DEPRECATED051", 154),
    ("DEPRECATED052", 155), ("DEPRECATED053", 156), ("DEPRECATED054", 157),
    ("DEPRECATED055", 158), ("DEPRECATED056", 159), ("DEPRECATED057", 160),
    ("DEPRECATED058", 161), ("DEPRECATED059", 162), ("DEPRECATED060", 163),
    ("DEPRECATED061", 164), ("DEPRECATED062", 165), ("DEPRECATED063", 166),
    ("DEPRECATED064", 167), ("DEPRECATED065", 168), ("DEPRECATED066", 169),
    ("DEPRECATED067", 170), ("DEPRECATED068", 171), ("DEPRECATED069", 172),
    ("DEPRECATED070", 173), ("DEPRECATED071", 174), ("DEPRECATED072", 175),
    ("DEPRECATED073", 176), ("DEPRECATED074", 177), ("DEPRECATED075", 178),
    ("DEPRECATED076", 179), ("DEPRECATED077", 180), ("DEPRECATED078", 181),
    ("DEPRECATED079", 182), ("DEPRECATED080", 183), ("DEPRECATED081", 184),
    ("DEPRECATED082", 185), ("DEPRECATED083", 186), ("DEPRECATED084", 187),
    ("DEPRECATED085", 188), ("DEPRECATED086", 189), ("DEPRECATED087", 190),
    ("DEPRECATED088", 191), ("DEPRECATED089", 192), ("DEPRECATED090", 193),
    ("DEPRECATED091", 194), ("DEPRECATED092", 195), ("DEPRECATED093", 196),
    ("DEPRECATED094", 197), ("DEPRECATED095", 198), ("DEPRECATED096", 199),
    ("DEPRECATED097", 200), ("DEPRECATED098", 201), ("DEPRECATED099", 202),
    ("DEPRECATED100", 203), ("DEPRECATED101", 204), ("DEPRECATED102", 205),
    ("DEPRECATED103", 206), ("DEPRECATED104", 207), ("DEPRECATED105", 208),
    ("DEPRECATED106", 209), ("DEPRECATED107", 210), ("DEPRECATED108", 211),
    ("DEPRECATED109", 212), ("DEPRECATED110", 213), ("DEPRECATED111", 214),
    ("DEPRECATED112", 215), ("DEPRECATED113", 216), ("DEPRECATED114", 217),
    ("DEPRECATED115", 218), ("DEPRECATED116", 219), ("DEPRECATED117", 220),
    ("DEPRECATED118", 221), ("DEPRECATED119", 222), ("DEPRECATED120", 223),
    ("DEPRECATED121", 224), ("DEPRECATED122", 225), ("DEPRECATED123", 226),
    ("DEPRECATED124", 227), ("DEPRECATED125", 228), ("DEPRECATED126", 229),
    ("DEPRECATED127", 230), ("DEPRECATED128", 231), ("DEPRECATED129", 232),
    ("DEPRECATED130", 233), ("DEPRECATED131", 234), ("DEPRECATED132", 235),
    ("DEPRECATED133", 236), ("DEPRECATED134", 237), ("DEPRECATED135", 238),
    ("DEPRECATED136", 239), ("DEPRECATED137", 240), ("DEPRECATED138", 241),
    ("DEPRECATED139", 242), ("DEPRECATED140", 243), ("DEPRECATED141", 244),
    ("DEPRECATED142", 245), ("DEPRECATED143", 246), ("DEPRECATED144", 247),
    ("DEPRECATED145", 248), ("DEPRECATED146", 249), ("DEPRECATED147", 250),
    ("DEPRECATED148", 251), ("DEPRECATED149", 252), ("DEPRECATED150", 253),
    ("DEPRECATED151", 254), ("DEPRECATED152", 255), ("DEPRECATED153", 256),
    ("DEPRECATED154", 257), ("DEPRECATED155", 258), ("DEPRECATED156", 259),
    ("DEPRECATED157", 260), ("DEPRECATED158", 261), ("DEPRECATED159", 262),
    ("DEPRECATED160", 263), ("DEPRECATED161", 264), ("DEPRECATED162", 265),
    ("DEPRECATED163", 266), ("DEPRECATED164", 267), ("DEPRECATED165", 268),
    ("DEPRECATED166", 269), ("DEPRECATED167", 270), ("DEPRECATED168", 271),
    ("DEPRECATED169", 272), ("DEPRECATED170", 273), ("DEPRECATED171", 274),
    ("DEPRECATED172", 275), ("DEPRECATED173", 276), ("DEPRECATED174", 277),
    ("DEPRECATED175", 278), ("DEPRECATED176", 279), ("DEPRECATED177", 280),
    ("DEPRECATED178", 281), ("DEPRECATED179", 282), ("DEPRECATED180", 283),
    ("DEPRECATED181", 284), ("DEPRECATED182", 285), ("DEPRECATED183", 286),
    ("DEPRECATED184", 287), ("DEPRECATED185", 288), ("DEPRECATED186", 289),
    ("DEPRECATED187", 290), ("DEPRECATED188", 291), ("DEPRECATED189", 292),
    ("DEPRECATED190", 293), ("DEPRECATED191", 294), ("DEPRECATED192", 295),
    ("DEPRECATED193", 296), ("DEPRECATED194", 297), ("DEPRECATED195", 298),
    ("DEPRECATED196", 299), ("DEPRECATED197", 300), ("DEPRECATED198", 301),
    ("DEPRECATED199", 302), ("DEPRECATED200", 303), ("DEPRECATED201", 304),
    ("DEPRECATED202", 305), ("DEPRECATED203", 306), ("DEPRECATED204", 307),
    ("DEPRECATED205", 308), ("DEPRECATED206", 309), ("DEPRECATED207", 310),
    ("DEPRECATED208", 311), ("DEPRECATED209", 312), ("DEPRECATED210", 313),
    ("DEPRECATED211", 314), ("DEPRECATED212", 315), ("DEPRECATED213", 316),
    ("DEPRECATED214", 317), ("DEPRECATED215", 318), ("DEPRECATED216", 319),
    ("DEPRECATED217", 320), ("DEPRECATED218", 321), ("DEPRECATED219", 322),
    ("DEPRECATED220", 323), ("DEPRECATED221", 324), ("DEPRECATED222", 325),
    ("DEPRECATED223", 326), ("DEPRECATED224", 327), ("DEPRECATED225", 328),
    ("DEPRECATED226", 329), ("DEPRECATED227", 330), ("DEPRECATED228", 331),
    ("DEPRECATED229", 332), ("DEPRECATED230", 333), ("DEPRECATED231", 334),
    ("DEPRECATED232", 335), ("DEPRECATED233", 336), ("DEPRECATED234", 337),
    ("DEPRECATED235", 338), ("DEPRECATED236", 339), ("DEPRECATED237", 340),
    ("DEPRECATED238", 341), ("DEPRECATED239", 342), ("DEPRECATED240", 343),
    ("DEPRECATED241", 344), ("DEPRECATED242", 345), ("DEPRECATED243", 346),
    ("DEPRECATED244", 347), ("DEPRECATED245", 348), ("DEPRECATED246", 349),
    ("DEPRECATED247", 350), ("DEPRECATED248", 351), ("DEPRECATED249", 352),
    ("DEPRECATED250", 353), ("DEPRECATED251", 354), ("DEPRECATED252", 355),
    ("DEPRECATED253", 356), ("DEPRECATED254", 357), ("DEPRECATED255", 358),
    ("DEPRECATED256", 359), ("DEPRECATED257", 360), ("DEPRECATED258", 361),
    ("DEPRECATED259", 362), ("DEPRECATED260", 363), ("DEPRECATED261", 364),
    ("DEPRECATED262", 365), ("DEPRECATED263", 366), ("DEPRECATED264", 367),
    ("DEPRECATED265", 368), ("DEPRECATED266", 369), ("DEPRECATED267", 370),
    ("DEPRECATED268", 371), ("DEPRECATED269", 372), ("DEPRECATED270", 373),
    ("DEPRECATED271", 374), ("DEPRECATED272", 375), ("DEPRECATED273", 376),
    ("DEPRECATED274", 377), ("DEPRECATED275", 378), ("DEPRECATED276", 379), ("DET", 90),
    ("ENT_ID", 454), ("ENT_IOB", 77), ("ENT_KB_ID", 452), ("ENT_TYPE", 78), ("EOL", 102),
    ("EVENT", 387), ("FACILITY", 382), ("FLAG19", 19), ("FLAG20", 20), ("FLAG21", 21),
    ("FLAG22", 22), ("FLAG23", 23), ("FLAG24", 24), ("FLAG25", 25), ("FLAG26", 26),
    ("FLAG27", 27), ("FLAG28", 28), ("FLAG29", 29), ("FLAG30", 30), ("FLAG31", 31),
    ("FLAG32", 32), ("FLAG33", 33), ("FLAG34", 34), ("FLAG35", 35), ("FLAG36", 36),
    ("FLAG37", 37), ("FLAG38", 38), ("FLAG39", 39), ("FLAG40", 40), ("FLAG41", 41),
    ("FLAG42", 42), ("FLAG43", 43), ("FLAG44", 44), ("FLAG45", 45), ("FLAG46", 46),
    ("FLAG47", 47), ("FLAG48", 48), ("FLAG49", 49), ("FLAG50", 50), ("FLAG51", 51),
    ("FLAG52", 52), ("FLAG53", 53), ("FLAG54", 54), ("FLAG55", 55), ("FLAG56", 56),
    ("FLAG57", 57), ("FLAG58", 58), ("FLAG59", 59), ("FLAG60", 60), ("FLAG61", 61),
    ("FLAG62", 62), ("FLAG63", 63), ("GPE", 384), ("HEAD", 79), ("ID", 64), ("IDX", 455),
    ("INTJ", 91), ("IS_ALPHA", 1), ("IS_ASCII", 2), ("IS_BRACKET", 14), ("IS_CURRENCY", 18),
    ("IS_DIGIT", 3), ("IS_LEFT_PUNCT", 16), ("IS_LOWER", 4), ("IS_OOV_DEPRECATED", 13),
    ("IS_PUNCT", 5), ("IS_QUOTE", 15), ("IS_RIGHT_PUNCT", 17), ("IS_SPACE", 6),
    ("IS_STOP", 12), ("IS_TITLE", 7), ("IS_UPPER", 8), ("LANG", 83), ("LANGUAGE", 389),
    ("LAW", 390), ("LEMMA", 73), ("LENGTH", 71), ("LIKE_EMAIL", 11), ("LIKE_NUM", 10),
    ("LIKE_URL", 9), ("LOC", 385), ("LOWER", 66), ("MONEY", 394), ("MORPH", 453), ("NORM", 67),
    ("NORP", 381), ("NOUN", 92), ("NUM", 93), ("ORDINAL", 396), ("ORG", 383), ("ORTH", 65),
    ("PART", 94), ("PERCENT", 393), ("PERSON", 380), ("POS", 74), ("PREFIX", 69), ("PROB", 82),
    ("PRODUCT", 386), ("PRON", 95), ("PROPN", 96), ("PUNCT", 97), ("QUANTITY", 395),
    ("SCONJ", 98), ("SENT_START", 80), ("SHAPE", 68), ("SPACE", 103), ("SPACY", 81),
    ("SUFFIX", 70), ("SYM", 99), ("TAG", 75), ("TIME", 392), ("VERB", 100),
    ("WORK_OF_ART", 388), ("X", 101), ("_", 456), ("acl", 451), ("acomp", 398), ("advcl", 399),
    ("advmod", 400), ("agent", 401), ("amod", 402), ("appos", 403), ("attr", 404),
    ("aux", 405), ("auxpass", 406), ("cc", 407), ("ccomp", 408), ("complm", 409),
    ("conj", 410), ("cop", 411), ("csubj", 412), ("csubjpass", 413), ("dep", 414),
    ("det", 415), ("dobj", 416), ("expl", 417), ("hmod", 418), ("hyph", 419), ("infmod", 420),
    ("intj", 421), ("iobj", 422), ("mark", 423), ("meta", 424), ("neg", 425), ("nmod", 426),
    ("nn", 427), ("npadvmod", 428), ("nsubj", 429), ("nsubjpass", 430), ("num", 431),
    ("number", 432), ("obj", 434), ("obl", 435), ("oprd", 433), ("parataxis", 436),
    ("partmod", 437), ("pcomp", 438), ("pobj", 439), ("poss", 440), ("possessive", 441),
    ("preconj", 442), ("prep", 443), ("prt", 444), ("punct", 445), ("quantmod", 446),
    ("rcmod", 448), ("relcl", 447), ("root", 449), ("xcomp", 450),
];

/// The msgpack values a `DocBin` needs.
#[derive(Debug, Clone)]
enum Pack {
    Uint(u64),
    Bool(bool),
    Str(String),
    Bin(Vec<u8>),
    Array(Vec<Pack>),
    Map(Vec<(Pack, Pack)>),
}

impl Pack {
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut Vec<u8>) {
        let len = |out: &mut Vec<u8>, n: usize, fix: Option<(u8, usize)>, codes: [u8; 3]| match fix
        {
            Some((base, max)) if n <= max => out.push(base | n as u8),
            _ if n <= u8::MAX as usize && codes[0] != 0 => out.extend([codes[0], n as u8]),
            _ if n <= u16::MAX as usize => {
                out.push(codes[1]);
                out.extend((n as u16).to_be_bytes());
            }
            _ => {
                out.push(codes[2]);
                out.extend((n as u32).to_be_bytes());
            }
        };
        match self {
            Pack::Uint(n) if *n < 128 => out.push(*n as u8),
            Pack::Uint(n) => {
                out.push(0xcf);
                out.extend(n.to_be_bytes());
            }
            Pack::Bool(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
            Pack::Str(s) => {
                len(out, s.len(), Some((0xa0, 31)), [0xd9, 0xda, 0xdb]);
                out.extend(s.as_bytes());
            }
            Pack::Bin(b) => {
                len(out, b.len(), None, [0xc4, 0xc5, 0xc6]);
                out.extend(b);
            }
            Pack::Array(items) => {
                len(out, items.len(), Some((0x90, 15)), [0, 0xdc, 0xdd]);
                for i in items {
                    i.write(out);
                }
            }
            Pack::Map(pairs) => {
                len(out, pairs.len(), Some((0x80, 15)), [0, 0xde, 0xdf]);
                for (k, v) in pairs {
                    k.write(out);
                    v.write(out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_hash_as_spacy_hashes_them() {
        // `spacy.blank("en").vocab.strings["Flynn"]` with spaCy 3.8.
        assert_eq!(hash("Flynn"), 17572838390006486884);
        assert_eq!(hash(""), 0);
        assert_eq!(hash("number"), 432, "a reserved symbol");
        assert!(
            SYMBOLS.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for the search"
        );
    }

    #[test]
    fn msgpack_lengths_use_the_smallest_form() {
        assert_eq!(Pack::Str("ab".into()).encode(), [0xa2, b'a', b'b']);
        assert_eq!(Pack::Bin(vec![1]).encode(), [0xc4, 1, 1]);
        assert_eq!(
            Pack::Array(vec![Pack::Uint(1); 16]).encode()[..3],
            [0xdc, 0, 16]
        );
        assert_eq!(Pack::Uint(300).encode()[0], 0xcf);
    }
}
