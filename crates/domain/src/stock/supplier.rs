//! Units without ISBT 128 labels: the supplier's own donation number as printed, checked against a
//! pattern configured for that supplier.
//!
//! The pattern form is deliberately small: literal characters and groups `{Dn}` (n digits), `{Ln}`
//! (n letters, Latin or Ukrainian), `{An}` (n letters or digits), or `{Dm-n}` for m to n of them.
//! Examples: `ЦК-{D6}`, `{L2}{D6}`, `KCK/{D2}/{D4-6}`. It is parsed once, with errors, and matched
//! left to right without backtracking: a variable-length group must end the pattern or be followed
//! by a literal it cannot contain, so matching is linear and each number splits in one way only.

use std::fmt;

/// Longest pattern and longest number, in characters.
const MAX_PATTERN: usize = 64;
const MAX_NUMBER: usize = 64;
/// Most characters one group may stand for.
const MAX_GROUP: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CharClass {
    Digit,
    Letter,
    Alnum,
}

impl CharClass {
    fn contains(self, c: char) -> bool {
        let letter = c.is_ascii_uppercase() || UK_CAPITALS.contains(c);
        match self {
            CharClass::Digit => c.is_ascii_digit(),
            CharClass::Letter => letter,
            CharClass::Alnum => letter || c.is_ascii_digit(),
        }
    }
    fn name_uk(self, n: usize) -> String {
        let (one, few, many) = match self {
            CharClass::Digit => ("цифра", "цифри", "цифр"),
            CharClass::Letter => ("літера", "літери", "літер"),
            CharClass::Alnum => ("літера чи цифра", "літери чи цифри", "літер чи цифр"),
        };
        crate::plural::plural_uk(n as i64, one, few, many).to_string()
    }
}

const UK_CAPITALS: &str = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Token {
    Literal(char),
    Group {
        class: CharClass,
        min: usize,
        max: usize,
    },
}

/// Why a pattern was refused. `position` counts characters from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("Вкажіть шаблон номера, наприклад ЦК-{{D6}}")]
    Empty,
    #[error("Шаблон — не довше за {MAX_PATTERN} символів")]
    TooLong,
    #[error(
        "Символ «{found}» (позиція {position}) не може бути в шаблоні: лише літери, цифри, «-», «/», «.» і групи в фігурних дужках"
    )]
    ForbiddenLiteral { found: char, position: usize },
    #[error("Група на позиції {position} не закрита «}}»")]
    Unclosed { position: usize },
    #[error(
        "Група на позиції {position}: має бути D (цифри), L (літери) або A (літери чи цифри) і кількість, наприклад {{D6}} або {{D4-6}}"
    )]
    BadGroup { position: usize },
    #[error(
        "Група на позиції {position}: кількість від 1 до {MAX_GROUP}, і менша не більша за більшу"
    )]
    BadCount { position: usize },
    #[error(
        "Група змінної довжини на позиції {position} має стояти в кінці або перед символом чи групою, яких вона не може містити, інакше номер можна прочитати двояко"
    )]
    Ambiguous { position: usize },
    #[error("Шаблон має містити хоча б одну групу, наприклад {{D6}}")]
    NoGroup,
    #[error("Номер за цим шаблоном може бути довшим за {MAX_NUMBER} символи")]
    NumberTooLong,
}

/// A supplier's donation-number pattern, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DonationNumberPattern {
    source: String,
    tokens: Vec<Token>,
}

impl DonationNumberPattern {
    pub fn parse(s: &str) -> Result<Self, PatternError> {
        let src = s.trim();
        if src.is_empty() {
            return Err(PatternError::Empty);
        }
        let chars: Vec<char> = src.chars().collect();
        if chars.len() > MAX_PATTERN {
            return Err(PatternError::TooLong);
        }
        let mut tokens = Vec::new();
        let mut starts = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            starts.push(i + 1);
            if chars[i] == '{' {
                let close = chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or(PatternError::Unclosed { position: i + 1 })?;
                tokens.push(parse_group(&chars[i + 1..i + close], i + 1)?);
                i += close + 1;
            } else {
                let c = fold(chars[i].to_uppercase().next().unwrap_or(chars[i]));
                if !(CharClass::Alnum.contains(c) || matches!(c, '-' | '/' | '.')) {
                    return Err(PatternError::ForbiddenLiteral {
                        found: chars[i],
                        position: i + 1,
                    });
                }
                tokens.push(Token::Literal(chars[i].to_uppercase().next().unwrap_or(c)));
                i += 1;
            }
        }
        check_tokens(&tokens, &starts)?;
        Ok(Self {
            source: src.to_string(),
            tokens,
        })
    }

    /// The pattern as configured.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// A sample number of this form, to show next to a refusal: `ЦК-123456`.
    pub fn example(&self) -> String {
        let mut out = String::new();
        for t in &self.tokens {
            match *t {
                Token::Literal(c) => out.push(c),
                Token::Group { class, min, .. } => out.extend((0..min).map(|k| match class {
                    CharClass::Digit => char::from(b'1' + (k % 9) as u8),
                    CharClass::Letter | CharClass::Alnum => char::from(b'A' + (k % 26) as u8),
                })),
            }
        }
        out
    }

    /// Check a number as typed: spaces are dropped, letters read as capitals, Cyrillic letters that
    /// look like Latin ones (and back) compared as equal. Returns the number in one stored form
    /// (the pattern's own literals, look-alikes in groups as Latin) so that a duplicate is found
    /// however it was typed.
    pub fn check(&self, typed: &str) -> Result<SupplierNumber, SupplierNumberError> {
        let input: Vec<char> = typed
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}'))
            .map(|c| c.to_uppercase().next().unwrap_or(c))
            .collect();
        if input.is_empty() {
            return Err(SupplierNumberError::Empty);
        }
        let mismatch = || SupplierNumberError::Mismatch {
            example: self.example(),
            form: self.describe_uk(),
        };
        if input.len() > MAX_NUMBER {
            return Err(mismatch());
        }
        let mut out = String::new();
        let mut pos = 0;
        for t in &self.tokens {
            match *t {
                Token::Literal(l) => {
                    let c = input.get(pos).ok_or_else(mismatch)?;
                    if fold(*c) != fold(l) {
                        return Err(mismatch());
                    }
                    out.push(l);
                    pos += 1;
                }
                Token::Group { class, min, max } => {
                    let n = input[pos..]
                        .iter()
                        .take(max)
                        .take_while(|&&c| class.contains(fold(c)) || class.contains(c))
                        .count();
                    if n < min {
                        return Err(mismatch());
                    }
                    out.extend(input[pos..pos + n].iter().map(|&c| fold(c)));
                    pos += n;
                }
            }
        }
        if pos != input.len() {
            return Err(mismatch());
        }
        Ok(SupplierNumber(out))
    }

    /// The form in words: `«ЦК-», 6 цифр`.
    pub fn describe_uk(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut lit = String::new();
        for t in &self.tokens {
            match *t {
                Token::Literal(c) => lit.push(c),
                Token::Group { class, min, max } => {
                    if !lit.is_empty() {
                        parts.push(format!("«{}»", std::mem::take(&mut lit)));
                    }
                    parts.push(if min == max {
                        format!("{min} {}", class.name_uk(min))
                    } else {
                        // «від 2 до 4 цифр»: after «до» the genitive plural.
                        format!("від {min} до {max} {}", class.name_uk(0))
                    });
                }
            }
        }
        if !lit.is_empty() {
            parts.push(format!("«{lit}»"));
        }
        parts.join(", ")
    }
}

fn parse_group(inner: &[char], position: usize) -> Result<Token, PatternError> {
    let bad = PatternError::BadGroup { position };
    let (&c, rest) = inner.split_first().ok_or(bad.clone())?;
    let class = match c {
        'D' | 'd' => CharClass::Digit,
        'L' | 'l' => CharClass::Letter,
        'A' | 'a' => CharClass::Alnum,
        _ => return Err(bad),
    };
    let rest: String = rest.iter().collect();
    let num = |s: &str| -> Result<usize, PatternError> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PatternError::BadGroup { position });
        }
        s.parse().map_err(|_| PatternError::BadGroup { position })
    };
    let (min, max) = match rest.split_once('-') {
        Some((a, b)) => (num(a)?, num(b)?),
        None => (num(&rest)?, num(&rest)?),
    };
    if min == 0 || max > MAX_GROUP || min > max {
        return Err(PatternError::BadCount { position });
    }
    Ok(Token::Group { class, min, max })
}

fn check_tokens(tokens: &[Token], starts: &[usize]) -> Result<(), PatternError> {
    if !tokens.iter().any(|t| matches!(t, Token::Group { .. })) {
        return Err(PatternError::NoGroup);
    }
    for (k, t) in tokens.iter().enumerate() {
        let Token::Group { class, min, max } = *t else {
            continue;
        };
        let next_is_fine = match tokens.get(k + 1) {
            None => true,
            Some(Token::Literal(l)) => !class.contains(fold(*l)) && !class.contains(*l),
            // Digits and letters never overlap, so such a neighbour cannot be swallowed.
            Some(Token::Group { class: next, .. }) => matches!(
                (class, *next),
                (CharClass::Digit, CharClass::Letter) | (CharClass::Letter, CharClass::Digit)
            ),
        };
        if min < max && !next_is_fine {
            return Err(PatternError::Ambiguous {
                position: starts[k],
            });
        }
    }
    let longest: usize = tokens
        .iter()
        .map(|t| match t {
            Token::Literal(_) => 1,
            Token::Group { max, .. } => *max,
        })
        .sum();
    if longest > MAX_NUMBER {
        return Err(PatternError::NumberTooLong);
    }
    Ok(())
}

/// Cyrillic capitals that look like Latin ones, as the Latin letter.
fn fold(c: char) -> char {
    match c {
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'І' => 'I',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        _ => c,
    }
}

/// Why a supplier's number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SupplierNumberError {
    #[error("Введіть номер донації постачальника")]
    Empty,
    #[error("Номер не відповідає формі номерів цього постачальника: {form} (наприклад, {example})")]
    Mismatch { form: String, example: String },
}

impl SupplierNumberError {
    pub fn code(&self) -> &'static str {
        match self {
            SupplierNumberError::Empty => "required",
            SupplierNumberError::Mismatch { .. } => "pattern_mismatch",
        }
    }
}

/// A supplier's donation number in its stored form (see [`DonationNumberPattern::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct SupplierNumber(String);

impl SupplierNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SupplierNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
