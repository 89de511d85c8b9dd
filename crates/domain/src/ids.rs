//! National identifiers and contact details, each checked on entry: РНОКПП, the alternative
//! identifiers of people who refused it (passport, ID card), ЄДРПОУ, phone, e-mail, region.
//!
//! Every type is constructed only through `parse`, so a value of the type is always valid.
//! Serde serialises each as its string form and deserialises through `parse`.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plural::{plural_en, plural_uk};

/// Which identifier an [`IdError`] is about, so that the message can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Rnokpp,
    Edrpou,
    IdCard,
}

impl IdKind {
    /// Name of the identifier in Ukrainian (as used inside a sentence).
    pub fn name_uk(self) -> &'static str {
        match self {
            IdKind::Rnokpp => "РНОКПП",
            IdKind::Edrpou => "Код ЄДРПОУ",
            IdKind::IdCard => "Номер ID-картки",
        }
    }

    /// Name of the identifier in English.
    pub fn name_en(self) -> &'static str {
        match self {
            IdKind::Rnokpp => "RNOKPP (taxpayer number)",
            IdKind::Edrpou => "EDRPOU code",
            IdKind::IdCard => "ID card number",
        }
    }
}

/// Why an identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing was entered (or only whitespace).
    #[error("{}", self.message_en())]
    Empty,
    /// The identifier has the wrong number of digits.
    #[error("{}", self.message_en())]
    WrongLength { what: IdKind, expected: usize },
    /// The identifier contains something other than digits.
    #[error("{}", self.message_en())]
    NotDigits { what: IdKind },
    /// The check digit does not match the other digits (a typo).
    #[error("{}", self.message_en())]
    CheckDigit { what: IdKind },
    /// Not one of the 27 regions.
    #[error("{}", self.message_en())]
    UnknownRegion,
    /// Not a Ukrainian phone number in a recognised form.
    #[error("{}", self.message_en())]
    BadPhone,
    /// Not a syntactically valid e-mail address.
    #[error("{}", self.message_en())]
    BadEmail,
    /// Neither a passport series and number (two Cyrillic capitals + 6 digits) nor an ID-card number.
    #[error("{}", self.message_en())]
    BadPassport,
}

impl IdError {
    /// Stable machine-readable code (snake_case), for APIs and form-field error keys.
    pub fn code(&self) -> &'static str {
        match self {
            IdError::Empty => "required",
            IdError::WrongLength { .. } => "wrong_length",
            IdError::NotDigits { .. } => "not_digits",
            IdError::CheckDigit { .. } => "check_digit",
            IdError::UnknownRegion => "unknown_region",
            IdError::BadPhone => "invalid_phone",
            IdError::BadEmail => "invalid_email",
            IdError::BadPassport => "invalid_document",
        }
    }

    /// A clear Ukrainian message for the person who typed the value.
    pub fn message_uk(&self) -> String {
        match self {
            IdError::Empty => "Поле обовʼязкове для заповнення".to_string(),
            IdError::WrongLength { what, expected } => format!(
                "{} має складатися з {} {}",
                what.name_uk(),
                expected,
                plural_uk(*expected as i64, "цифри", "цифр", "цифр")
            ),
            IdError::NotDigits { what } => {
                format!("{} має містити лише цифри", what.name_uk())
            }
            IdError::CheckDigit { what } => format!(
                "Контрольна цифра {} не збігається — перевірте, чи правильно введено номер",
                match what {
                    IdKind::Rnokpp => "РНОКПП",
                    IdKind::Edrpou => "коду ЄДРПОУ",
                    IdKind::IdCard => "номера ID-картки",
                }
            ),
            IdError::UnknownRegion => "Невідома область — оберіть її зі списку".to_string(),
            IdError::BadPhone => "Невірний номер телефону: вкажіть український номер, \
                                  наприклад 067 123 45 67 або +380 67 123 45 67"
                .to_string(),
            IdError::BadEmail => {
                "Невірна адреса електронної пошти: вкажіть адресу на зразок name@example.com"
                    .to_string()
            }
            IdError::BadPassport => "Невірний номер документа: вкажіть РНОКПП (10 цифр), \
                                     серію та номер паспорта (дві великі літери й 6 цифр, \
                                     наприклад КВ123456) або номер ID-картки (9 цифр)"
                .to_string(),
        }
    }

    /// The same message in English.
    pub fn message_en(&self) -> String {
        match self {
            IdError::Empty => "This field is required".to_string(),
            IdError::WrongLength { what, expected } => format!(
                "{} must be exactly {} {}",
                what.name_en(),
                expected,
                plural_en(*expected as i64, "digit", "digits")
            ),
            IdError::NotDigits { what } => format!("{} must contain digits only", what.name_en()),
            IdError::CheckDigit { what } => format!(
                "The check digit of the {} does not match — please check the number",
                what.name_en()
            ),
            IdError::UnknownRegion => {
                "Unknown region — please choose one from the list".to_string()
            }
            IdError::BadPhone => "Invalid phone number: enter a Ukrainian number, \
                                  e.g. 067 123 45 67 or +380 67 123 45 67"
                .to_string(),
            IdError::BadEmail => {
                "Invalid e-mail address: enter an address like name@example.com".to_string()
            }
            IdError::BadPassport => "Invalid document number: enter an RNOKPP (10 digits), \
                                     a passport series and number (two capital Cyrillic letters \
                                     and 6 digits, e.g. КВ123456) or an ID card number (9 digits)"
                .to_string(),
        }
    }
}

/// Shared boilerplate: `Display`, `FromStr`, `TryFrom<String>`, `From<T> for String`, `AsRef<str>`.
macro_rules! string_newtype {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $t {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                <$t>::parse(s)
            }
        }
        impl TryFrom<String> for $t {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                <$t>::parse(&s)
            }
        }
        impl TryFrom<&str> for $t {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                <$t>::parse(s)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.as_str().to_string()
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    };
}

/// Trim, refuse empty input, and require exactly `len` ASCII digits.
fn digits(s: &str, what: IdKind, len: usize) -> Result<Vec<u32>, IdError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(IdError::NotDigits { what });
    }
    if s.len() != len {
        return Err(IdError::WrongLength {
            what,
            expected: len,
        });
    }
    Ok(s.bytes().map(|b| u32::from(b - b'0')).collect())
}

// ───────────────────────────── РНОКПП ─────────────────────────────

/// Weights of the РНОКПП check digit over d1..d9.
const RNOKPP_WEIGHTS: [i64; 9] = [-1, 5, 7, 9, 4, 6, 10, 5, 7];

/// РНОКПП check digit of the first nine digits: `(s mod 11) mod 10` with a non-negative modulo.
fn rnokpp_check(d: &[u32]) -> u32 {
    let s: i64 = RNOKPP_WEIGHTS
        .iter()
        .zip(d)
        .map(|(w, &x)| w * i64::from(x))
        .sum();
    (s.rem_euclid(11) % 10) as u32
}

/// РНОКПП — the registration number of a taxpayer's account card (individual): 10 digits, the last a
/// check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rnokpp(String);

impl Rnokpp {
    /// Parse an РНОКПП; surrounding whitespace is ignored.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let d = digits(s, IdKind::Rnokpp, 10)?;
        if rnokpp_check(&d[..9]) != d[9] {
            return Err(IdError::CheckDigit {
                what: IdKind::Rnokpp,
            });
        }
        Ok(Rnokpp(s.trim().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Birth date encoded in the first five digits (days since 1899-12-31). `None` for `00000`.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let days: i64 = self.0[..5].parse().ok()?;
        if days == 0 {
            return None;
        }
        NaiveDate::from_ymd_opt(1899, 12, 31)?.checked_add_days(chrono::Days::new(days as u64))
    }

    /// The 9th digit is odd for men, even for women.
    pub fn is_male(&self) -> bool {
        (self.0.as_bytes()[8] - b'0') % 2 == 1
    }
}
string_newtype!(Rnokpp);

// ───────────────────────────── PersonCode ─────────────────────────────

/// Capital letters of the Ukrainian alphabet, allowed in a passport series.
const UK_CAPITALS: &str = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ";

/// Latin capitals that look like Cyrillic ones; people often type a series in the wrong layout.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'I' => 'І',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        _ => return None,
    })
}

/// A person's national identifier: РНОКПП, or for those who refused it on religious grounds a passport
/// (two Cyrillic capitals + 6 digits, e.g. "КВ123456") or an ID-card number (9 digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PersonCode {
    Rnokpp(Rnokpp),
    /// Normalised to two Ukrainian capitals + 6 digits, no space: "КВ123456".
    Passport(String),
    /// Nine digits.
    IdCard(String),
}

impl PersonCode {
    /// Parse an РНОКПП (10 digits), an ID-card number (9 digits) or a passport series and number.
    /// For a passport, a space or dash between series and number is dropped, lower-case letters are
    /// upper-cased and Latin look-alikes (K, B, …) are read as the Cyrillic letters they resemble.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(IdError::Empty);
        }
        if t.chars().all(|c| c.is_ascii_digit()) {
            return match t.len() {
                9 => Ok(PersonCode::IdCard(t.to_string())),
                _ => Rnokpp::parse(t).map(PersonCode::Rnokpp),
            };
        }
        let compact: Vec<char> = t
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
            .collect();
        if compact.len() != 8 {
            return Err(IdError::BadPassport);
        }
        let mut out = String::with_capacity(20);
        for &c in &compact[..2] {
            let up = c.to_uppercase().next().unwrap_or(c);
            let cyr = latin_lookalike(up).unwrap_or(up);
            if !UK_CAPITALS.contains(cyr) {
                return Err(IdError::BadPassport);
            }
            out.push(cyr);
        }
        if !compact[2..].iter().all(|c| c.is_ascii_digit()) {
            return Err(IdError::BadPassport);
        }
        out.extend(&compact[2..]);
        Ok(PersonCode::Passport(out))
    }

    pub fn as_str(&self) -> &str {
        match self {
            PersonCode::Rnokpp(r) => r.as_str(),
            PersonCode::Passport(s) | PersonCode::IdCard(s) => s,
        }
    }

    /// True for a passport or ID card — the identifier of a person who refused an РНОКПП.
    pub fn is_alternative(&self) -> bool {
        !matches!(self, PersonCode::Rnokpp(_))
    }

    /// "rnokpp", "passport" or "id_card".
    pub fn kind(&self) -> &'static str {
        match self {
            PersonCode::Rnokpp(_) => "rnokpp",
            PersonCode::Passport(_) => "passport",
            PersonCode::IdCard(_) => "id_card",
        }
    }

    /// The РНОКПП, if this is one.
    pub fn rnokpp(&self) -> Option<&Rnokpp> {
        match self {
            PersonCode::Rnokpp(r) => Some(r),
            _ => None,
        }
    }
}
string_newtype!(PersonCode);

impl From<Rnokpp> for PersonCode {
    fn from(r: Rnokpp) -> Self {
        PersonCode::Rnokpp(r)
    }
}

// ───────────────────────────── ЄДРПОУ ─────────────────────────────

/// ЄДРПОУ check digit of the first seven digits.
///
/// Weights 1..7, or 7,1,2,3,4,5,6 when the code lies between 30 000 000 and 60 000 000 (for a valid
/// code that is exactly when the first digit is 3, 4 or 5: a code with first seven digits 6000000
/// gets check digit 6 under the ordinary weights, so it lies above 60 000 000). If `sum mod 11 == 10`,
/// every weight is increased by 2 and the sum recomputed; if it is still 10 the check digit is 0.
fn edrpou_check(d: &[u32]) -> u32 {
    let weights: [u32; 7] = if (3..=5).contains(&d[0]) {
        [7, 1, 2, 3, 4, 5, 6]
    } else {
        [1, 2, 3, 4, 5, 6, 7]
    };
    let sum = |extra: u32| -> u32 {
        weights
            .iter()
            .zip(d)
            .map(|(w, &x)| (w + extra) * x)
            .sum::<u32>()
            % 11
    };
    match sum(0) {
        10 => match sum(2) {
            10 => 0,
            r => r,
        },
        r => r,
    }
}

/// Code of a legal entity in the ЄДРПОУ register: 8 digits, the last a check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Edrpou(String);

impl Edrpou {
    /// Parse an ЄДРПОУ code; surrounding whitespace is ignored.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let d = digits(s, IdKind::Edrpou, 8)?;
        if edrpou_check(&d[..7]) != d[7] {
            return Err(IdError::CheckDigit {
                what: IdKind::Edrpou,
            });
        }
        Ok(Edrpou(s.trim().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
string_newtype!(Edrpou);

// ───────────────────────────── Phone ─────────────────────────────

/// A Ukrainian phone number, stored in E.164: `+380XXXXXXXXX`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts `+380XXXXXXXXX`, `380XXXXXXXXX`, `0XXXXXXXXX`, the old trunk form `80XXXXXXXXX` and
    /// the international-prefix form `00380XXXXXXXXX`, with any spaces, dashes, dots and parentheses,
    /// e.g. "067 123 45 67", "+380 (67) 123-45-67", "(044) 123-45-67". The two-digit code after 380
    /// must not start with 0.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(IdError::Empty);
        }
        let (plus, rest) = match t.strip_prefix('+') {
            Some(r) => (true, r),
            None => (false, t),
        };
        let mut digits = String::with_capacity(14);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '.' | '\u{a0}' => {}
                _ => return Err(IdError::BadPhone),
            }
        }
        let national = if plus || digits.len() == 12 {
            digits.strip_prefix("380")
        } else if digits.len() == 14 {
            digits.strip_prefix("00380")
        } else if digits.len() == 11 {
            digits.strip_prefix("80")
        } else if digits.len() == 10 {
            digits.strip_prefix('0')
        } else {
            None
        }
        .ok_or(IdError::BadPhone)?;
        if national.len() != 9 || national.starts_with('0') {
            return Err(IdError::BadPhone);
        }
        Ok(Phone(format!("+380{national}")))
    }

    /// The number in E.164 form, `+380XXXXXXXXX`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as Ukrainians write it at home: `067 123 45 67`.
    pub fn national(&self) -> String {
        let n = &self.0[4..];
        format!("0{} {} {} {}", &n[..2], &n[2..5], &n[5..7], &n[7..])
    }
}
string_newtype!(Phone);

// ───────────────────────────── Email ─────────────────────────────

/// An e-mail address, checked syntactically; stored trimmed, with the domain lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Exactly one `@`; a non-empty local part of at most 64 characters without whitespace, control
    /// characters, leading/trailing or doubled dots; a domain of dot-separated non-empty labels of
    /// letters, digits and hyphens (not at a label's ends), with at least one dot; at most 254
    /// characters in all.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(IdError::Empty);
        }
        if t.chars().count() > 254 {
            return Err(IdError::BadEmail);
        }
        let mut parts = t.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(IdError::BadEmail);
        };
        let local_ok = !local.is_empty()
            && local.chars().count() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| !c.is_whitespace() && !c.is_control());
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(IdError::BadEmail);
        }
        Ok(Email(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `@` (lower-cased).
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}
string_newtype!(Email);

// ───────────────────────────── Region ─────────────────────────────

/// A region of Ukraine (the application's «область»): 24 oblasts, the Autonomous Republic of Crimea
/// and the two cities with special status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Region {
    Vinnytska,
    Volynska,
    Dnipropetrovska,
    Donetska,
    Zhytomyrska,
    Zakarpatska,
    Zaporizka,
    IvanoFrankivska,
    Kyivska,
    Kirovohradska,
    Luhanska,
    Lvivska,
    Mykolaivska,
    Odeska,
    Poltavska,
    Rivnenska,
    Sumska,
    Ternopilska,
    Kharkivska,
    Khersonska,
    Khmelnytska,
    Cherkaska,
    Chernivetska,
    Chernihivska,
    Crimea,
    KyivCity,
    SevastopolCity,
}

/// (region, Ukrainian name, ASCII slug), in the order of DOMAIN.md.
const REGIONS: [(Region, &str, &str); 27] = [
    (Region::Vinnytska, "Вінницька область", "vinnytska"),
    (Region::Volynska, "Волинська область", "volynska"),
    (
        Region::Dnipropetrovska,
        "Дніпропетровська область",
        "dnipropetrovska",
    ),
    (Region::Donetska, "Донецька область", "donetska"),
    (Region::Zhytomyrska, "Житомирська область", "zhytomyrska"),
    (Region::Zakarpatska, "Закарпатська область", "zakarpatska"),
    (Region::Zaporizka, "Запорізька область", "zaporizka"),
    (
        Region::IvanoFrankivska,
        "Івано-Франківська область",
        "ivano_frankivska",
    ),
    (Region::Kyivska, "Київська область", "kyivska"),
    (
        Region::Kirovohradska,
        "Кіровоградська область",
        "kirovohradska",
    ),
    (Region::Luhanska, "Луганська область", "luhanska"),
    (Region::Lvivska, "Львівська область", "lvivska"),
    (Region::Mykolaivska, "Миколаївська область", "mykolaivska"),
    (Region::Odeska, "Одеська область", "odeska"),
    (Region::Poltavska, "Полтавська область", "poltavska"),
    (Region::Rivnenska, "Рівненська область", "rivnenska"),
    (Region::Sumska, "Сумська область", "sumska"),
    (Region::Ternopilska, "Тернопільська область", "ternopilska"),
    (Region::Kharkivska, "Харківська область", "kharkivska"),
    (Region::Khersonska, "Херсонська область", "khersonska"),
    (Region::Khmelnytska, "Хмельницька область", "khmelnytska"),
    (Region::Cherkaska, "Черкаська область", "cherkaska"),
    (Region::Chernivetska, "Чернівецька область", "chernivetska"),
    (Region::Chernihivska, "Чернігівська область", "chernihivska"),
    (Region::Crimea, "Автономна Республіка Крим", "crimea"),
    (Region::KyivCity, "м. Київ", "kyiv_city"),
    (Region::SevastopolCity, "м. Севастополь", "sevastopol_city"),
];

const ALL_REGIONS: [Region; 27] = {
    let mut all = [Region::Vinnytska; 27];
    let mut i = 0;
    while i < 27 {
        all[i] = REGIONS[i].0;
        i += 1;
    }
    all
};

impl Region {
    /// Parse the exact Ukrainian name ("Київська область", "м. Київ", "Автономна Республіка Крим");
    /// surrounding whitespace is ignored. The ASCII slug of [`Region::code`] is accepted too.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(IdError::Empty);
        }
        REGIONS
            .iter()
            .find(|(_, name, code)| *name == t || *code == t)
            .map(|(r, _, _)| *r)
            .ok_or(IdError::UnknownRegion)
    }

    fn entry(&self) -> &'static (Region, &'static str, &'static str) {
        &REGIONS[*self as usize]
    }

    /// Official Ukrainian name, e.g. "Київська область", "м. Київ".
    pub fn name_uk(&self) -> &'static str {
        self.entry().1
    }

    /// Same as [`Region::name_uk`].
    pub fn as_str(&self) -> &'static str {
        self.name_uk()
    }

    /// Stable ASCII slug, e.g. "kyivska", "kyiv_city", "crimea".
    pub fn code(&self) -> &'static str {
        self.entry().2
    }

    /// All 27 regions, in the order of DOMAIN.md (oblasts alphabetically, then Crimea, Kyiv, Sevastopol).
    pub fn all() -> &'static [Region] {
        &ALL_REGIONS
    }
}
string_newtype!(Region);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_table_is_indexed_by_discriminant() {
        for (i, (r, _, _)) in REGIONS.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
    }

    #[test]
    fn edrpou_range_rule_matches_value_rule() {
        // For first digits 3..=5 the value is within [30_000_000, 60_000_000); for prefix 6000000 the
        // ordinary weights give check digit 6 (sum 6), so 60000006 > 60_000_000 — consistent.
        assert_eq!(edrpou_check(&[6, 0, 0, 0, 0, 0, 0]), 6);
        // 3000000: 7·3 = 21 ≡ 10 → retry with 9·3 = 27 ≡ 5.
        assert_eq!(edrpou_check(&[3, 0, 0, 0, 0, 0, 0]), 5);
    }
}
