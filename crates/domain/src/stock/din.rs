//! The ISBT 128 Donation Identification Number (DIN) and its check character.
//!
//! A DIN is 13 characters: `αpppp` the facility identification number (FIN; α is A–N, P–Z or 1–9,
//! then four digits), `yy` the year, `nnnnnn` the sequence. The barcode adds two flag characters;
//! the eye-readable number adds a check character by ISO 7064 mod 37-2 (BLOODBANK.md): map `0–9` →
//! 0–9, `A–Z` → 10–35, `*` → 36; weight the i-th character from the right by 2^i; the check value
//! is (38 − sum mod 37) mod 37. A "type 3" flag pair carries the same value as 60 + value.
//!
//! Because 2 has order 36 modulo the prime 37, every weight is non-zero mod 37 and any change of
//! one character changes the sum mod 37: every single-character substitution is detected.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The 37 characters of ISO 7064 mod 37-2, in value order.
pub const ALPHABET: &[u8; 37] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
}

/// Check value (0..=36) of characters of [`ALPHABET`]; `None` if any character is outside it.
pub fn check_value(data: &[u8]) -> Option<u32> {
    let mut sum = 0u32;
    // Weights 2^i mod 37, i = 1 for the last character; reducing as we go keeps it small.
    let mut weight = 2u32;
    for &c in data.iter().rev() {
        sum = (sum + value(c)? * weight) % 37;
        weight = weight * 2 % 37;
    }
    Some((38 - sum) % 37)
}

/// The check character of `data`, or `None` if a character is outside [`ALPHABET`].
pub fn check_char(data: &[u8]) -> Option<char> {
    check_value(data).map(|v| ALPHABET[v as usize] as char)
}

/// Why a DIN was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DinError {
    #[error("Введіть номер донації (DIN) з контрольним символом")]
    Empty,
    #[error(
        "Номер донації (DIN) — 13 символів і контрольний символ, разом {expected}; введено {found}"
    )]
    WrongLength { expected: usize, found: usize },
    #[error(
        "Код установи (перші 5 символів DIN) — латинська літера A–N, P–Z або цифра 1–9 і чотири цифри"
    )]
    BadFacility,
    #[error("Рік у DIN (символи 6–7) — дві цифри")]
    BadYear,
    #[error("Порядковий номер у DIN (символи 8–13) — шість цифр")]
    BadSequence,
    #[error("Введіть контрольний символ — він надрукований у рамці після номера донації")]
    MissingCheck,
    #[error("Контрольний символ «{found}» неможливий: це цифра, латинська літера або *")]
    BadCheckCharacter { found: char },
    /// Deliberately does not carry the expected character: showing it would invite typing it.
    #[error(
        "Контрольний символ не збігається з номером — перевірте, чи правильно введено DIN і контрольний символ"
    )]
    CheckMismatch,
    #[error("Прапорці DIN (два символи після номера) — цифри або латинські літери")]
    BadFlags,
    #[error(
        "Контрольний символ у прапорцях штрихкоду не збігається з номером — етикетка пошкоджена або зчитана з помилкою"
    )]
    FlagCheckMismatch,
}

impl DinError {
    pub fn code(&self) -> &'static str {
        match self {
            DinError::Empty => "required",
            DinError::WrongLength { .. } => "wrong_length",
            DinError::BadFacility => "bad_facility",
            DinError::BadYear => "bad_year",
            DinError::BadSequence => "bad_sequence",
            DinError::MissingCheck
            | DinError::BadCheckCharacter { .. }
            | DinError::CheckMismatch
            | DinError::FlagCheckMismatch => "check_character",
            DinError::BadFlags => "bad_flags",
        }
    }
    pub fn message_uk(&self) -> String {
        self.to_string()
    }
    /// The field of a hand-typed unit the error is about (`din` or `check_character`).
    pub fn field(&self) -> &'static str {
        match self.code() {
            "check_character" => "check_character",
            _ => "din",
        }
    }
}

/// A structurally valid 13-character DIN (without flags or check character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Din([u8; 13]);

impl Din {
    /// Build from parts: `facility` is the 5-character FIN, `year` 0..=99, `sequence` 0..=999999.
    pub fn new(facility: &str, year: u8, sequence: u32) -> Result<Din, DinError> {
        if year > 99 {
            return Err(DinError::BadYear);
        }
        if sequence > 999_999 {
            return Err(DinError::BadSequence);
        }
        Din::parse(&format!("{facility}{year:02}{sequence:06}"))
    }

    /// The 13 characters exactly as a barcode carries them (no spaces, capitals).
    pub fn parse(s: &str) -> Result<Din, DinError> {
        let b = s.as_bytes();
        if b.is_empty() {
            return Err(DinError::Empty);
        }
        if b.len() != 13 {
            return Err(DinError::WrongLength {
                expected: 13,
                found: s.chars().count(),
            });
        }
        let fin_lead = |c: u8| matches!(c, b'A'..=b'N' | b'P'..=b'Z' | b'1'..=b'9');
        if !fin_lead(b[0]) || !b[1..5].iter().all(u8::is_ascii_digit) {
            return Err(DinError::BadFacility);
        }
        if !b[5..7].iter().all(u8::is_ascii_digit) {
            return Err(DinError::BadYear);
        }
        if !b[7..13].iter().all(u8::is_ascii_digit) {
            return Err(DinError::BadSequence);
        }
        let mut out = [0u8; 13];
        out.copy_from_slice(b);
        Ok(Din(out))
    }

    /// The eye-readable DIN typed by hand with its check character, e.g. `G1234 17 654321 A`.
    /// Spaces are ignored, small letters are read as capitals and Cyrillic letters that look like
    /// Latin ones (А, В, Е, К, М, Н, О, Р, С, Т, Х, І) as those: people type what they see. The
    /// number is accepted only when the check character matches.
    pub fn parse_eye_readable(s: &str) -> Result<Din, DinError> {
        let typed = typed_chars(s);
        if typed.is_empty() {
            return Err(DinError::Empty);
        }
        if typed.len() != 14 {
            return Err(DinError::WrongLength {
                expected: 14,
                found: typed.len(),
            });
        }
        let body: String = typed[..13].iter().collect();
        let din = Din::parse(&body)?;
        let found = typed[13];
        if !found.is_ascii() || value(found as u8).is_none() {
            return Err(DinError::BadCheckCharacter { found });
        }
        if din.check_char() != found {
            return Err(DinError::CheckMismatch);
        }
        Ok(din)
    }

    /// The DIN and its check character typed into two fields (API.md: `din`, `check_character`),
    /// read as [`Din::parse_eye_readable`] reads them together.
    pub fn parse_typed(din: &str, check: &str) -> Result<Din, DinError> {
        let body: String = typed_chars(din).into_iter().collect();
        let check = typed_chars(check);
        if body.is_empty() {
            return Err(DinError::Empty);
        }
        let Some(&found) = check.first() else {
            return Err(DinError::MissingCheck);
        };
        if check.len() > 1 {
            return Err(DinError::BadCheckCharacter { found: check[1] });
        }
        if body.chars().count() != 13 {
            return Err(DinError::WrongLength {
                expected: 13,
                found: body.chars().count(),
            });
        }
        Din::parse_eye_readable(&format!("{body}{found}"))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored (checked in `parse`).
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
    /// The facility identification number (FIN), 5 characters.
    pub fn facility(&self) -> &str {
        &self.as_str()[..5]
    }
    /// The two-digit year of collection.
    pub fn year(&self) -> u8 {
        self.as_str()[5..7].parse().unwrap_or_default()
    }
    pub fn sequence(&self) -> u32 {
        self.as_str()[7..].parse().unwrap_or_default()
    }
    /// The check value 0..=36.
    pub fn check_value(&self) -> u32 {
        check_value(&self.0).unwrap_or_default()
    }
    pub fn check_char(&self) -> char {
        ALPHABET[self.check_value() as usize] as char
    }
    /// The eye-readable form: `G1234 17 654321 A`.
    pub fn eye_readable(&self) -> String {
        let s = self.as_str();
        format!("{} {} {} {}", &s[..5], &s[5..7], &s[7..], self.check_char())
    }
}

/// What a person typed, as the characters meant: spaces dropped, capitals, Latin look-alikes.
fn typed_chars(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\t'))
        .map(|c| latin_lookalike(c.to_uppercase().next().unwrap_or(c)))
        .collect()
}

fn latin_lookalike(c: char) -> char {
    match c {
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'І' => 'I',
        _ => c,
    }
}

impl fmt::Display for Din {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Din {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Din {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Din, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Din::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Serialize for DinFlags {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}

/// The two flag characters after the DIN in its barcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DinFlags {
    /// `00`.
    Unused,
    /// Type 3: 60 + the check value (60..=96).
    Check(u8),
    /// Any other pair (ICCBBA-defined type 1, or local type 2): kept as printed, not interpreted.
    Other([u8; 2]),
}

impl DinFlags {
    /// Two ASCII digits or letters.
    pub fn parse(s: &str) -> Result<DinFlags, DinError> {
        let b = s.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_alphanumeric) {
            return Err(DinError::BadFlags);
        }
        if b.iter().all(u8::is_ascii_digit) {
            let n = (b[0] - b'0') * 10 + (b[1] - b'0');
            match n {
                0 => return Ok(DinFlags::Unused),
                60..=96 => return Ok(DinFlags::Check(n - 60)),
                _ => {}
            }
        }
        Ok(DinFlags::Other([b[0], b[1]]))
    }

    /// The flags that carry `din`'s check character.
    pub fn check_of(din: &Din) -> DinFlags {
        DinFlags::Check(din.check_value() as u8)
    }

    /// A type 3 pair must agree with the DIN; other pairs say nothing about it.
    pub fn verify(&self, din: &Din) -> Result<(), DinError> {
        match self {
            DinFlags::Check(v) if u32::from(*v) != din.check_value() => {
                Err(DinError::FlagCheckMismatch)
            }
            _ => Ok(()),
        }
    }

    /// The two characters as printed.
    pub fn as_string(&self) -> String {
        match self {
            DinFlags::Unused => "00".into(),
            DinFlags::Check(v) => format!("{}", 60 + u32::from(*v)),
            DinFlags::Other(b) => String::from_utf8_lossy(b).into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples_of_bloodbank_md() {
        // G123417654321: sum 146,178 → check value 10 → A, flags 70.
        let d = Din::parse("G123417654321").unwrap();
        assert_eq!(d.check_value(), 10);
        assert_eq!(d.check_char(), 'A');
        assert_eq!(DinFlags::check_of(&d).as_string(), "70");
        assert_eq!(d.facility(), "G1234");
        assert_eq!(d.year(), 17);
        assert_eq!(d.sequence(), 654321);
        let h = Din::parse("G123498654321").unwrap();
        assert_eq!(
            (h.check_char(), DinFlags::check_of(&h).as_string()),
            ('H', "77".into())
        );
        assert_eq!(Din::parse("A999820123456").unwrap().check_char(), 'E');
    }

    #[test]
    fn the_documented_sum_is_the_one_computed() {
        // An unreduced reading of the rule, to tie the example's intermediate sum to the code.
        let sum: u64 = b"G123417654321"
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &c)| u64::from(value(c).unwrap()) << (i + 1))
            .sum();
        assert_eq!(sum, 146_178);
        assert_eq!((38 - sum % 37) % 37, 10);
    }

    #[test]
    fn eye_readable_typed_by_hand() {
        let d = Din::parse_eye_readable("G1234 17 654321 A").unwrap();
        assert_eq!(d.as_str(), "G123417654321");
        assert_eq!(d.eye_readable(), "G1234 17 654321 A");
        assert_eq!(Din::parse_eye_readable("g123417654321a"), Ok(d));
        // Cyrillic look-alikes typed with the Ukrainian layout on.
        assert_eq!(
            Din::parse_eye_readable("А999820123456Е").unwrap().as_str(),
            "A999820123456"
        );
        assert_eq!(
            Din::parse_eye_readable("G123417654321B"),
            Err(DinError::CheckMismatch)
        );
        assert!(
            DinError::CheckMismatch
                .message_uk()
                .starts_with("Контрольний символ не збігається")
        );
        assert_eq!(
            Din::parse_eye_readable("G123417654321"),
            Err(DinError::WrongLength {
                expected: 14,
                found: 13
            })
        );
        assert_eq!(Din::parse_eye_readable(" "), Err(DinError::Empty));
        assert_eq!(
            Din::parse_eye_readable("G123417654321#"),
            Err(DinError::BadCheckCharacter { found: '#' })
        );
        assert_eq!(
            Din::parse_eye_readable("O123417654321A"),
            Err(DinError::BadFacility)
        );
        assert_eq!(
            Din::parse_eye_readable("G1234X7654321A"),
            Err(DinError::BadYear)
        );
        assert_eq!(
            Din::parse_eye_readable("G12341765432XA"),
            Err(DinError::BadSequence)
        );
    }

    #[test]
    fn typed_in_two_fields() {
        let d = Din::parse_typed("G1234 17 654321", "a").unwrap();
        assert_eq!(d.as_str(), "G123417654321");
        for (din, check, want) in [
            ("G123417654321", "B", DinError::CheckMismatch),
            ("G123417654321", " ", DinError::MissingCheck),
            (
                "G123417654321",
                "AB",
                DinError::BadCheckCharacter { found: 'B' },
            ),
            ("", "A", DinError::Empty),
            (
                "G12341765432",
                "A",
                DinError::WrongLength {
                    expected: 13,
                    found: 12,
                },
            ),
        ] {
            let e = Din::parse_typed(din, check).unwrap_err();
            assert_eq!(e, want, "{din} {check}");
            let field = if matches!(want, DinError::Empty | DinError::WrongLength { .. }) {
                "din"
            } else {
                "check_character"
            };
            assert_eq!(e.field(), field);
        }
        assert_eq!(
            DinError::CheckMismatch.code(),
            "check_character",
            "API.md's code"
        );
    }

    #[test]
    fn flags() {
        let d = Din::parse("G123417654321").unwrap();
        assert_eq!(DinFlags::parse("70"), Ok(DinFlags::Check(10)));
        assert_eq!(DinFlags::parse("70").unwrap().verify(&d), Ok(()));
        assert_eq!(
            DinFlags::parse("71").unwrap().verify(&d),
            Err(DinError::FlagCheckMismatch)
        );
        assert_eq!(DinFlags::parse("00"), Ok(DinFlags::Unused));
        assert_eq!(DinFlags::parse("00").unwrap().verify(&d), Ok(()));
        assert_eq!(DinFlags::parse("01"), Ok(DinFlags::Other(*b"01")));
        assert_eq!(DinFlags::parse("A1").unwrap().as_string(), "A1");
        assert_eq!(DinFlags::parse("0"), Err(DinError::BadFlags));
        assert_eq!(DinFlags::parse("0!"), Err(DinError::BadFlags));
    }

    #[test]
    fn new_from_parts() {
        assert_eq!(
            Din::new("G1234", 17, 654321).unwrap().as_str(),
            "G123417654321"
        );
        assert_eq!(Din::new("G1234", 100, 1), Err(DinError::BadYear));
        assert_eq!(Din::new("G1234", 1, 1_000_000), Err(DinError::BadSequence));
        assert_eq!(Din::new("01234", 1, 1), Err(DinError::BadFacility));
    }
}
