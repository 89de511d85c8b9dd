//! Free text typed into any record (names, justifications, descriptions): trimmed, bounded, and
//! free of control and bidirectional-formatting characters. Those never belong in a record and can
//! make a printed journal or a CSV report lie (U+202E reverses what follows; CR/LF forge rows;
//! ESC drives terminals), so they are refused with the character named, not silently removed.

/// How a text field is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    pub required: bool,
    /// Counted in characters, after trimming.
    pub max_chars: usize,
    /// A multi-line field (a justification, a description) keeps line breaks: LF, or CR LF which
    /// is stored as LF (what a browser's textarea sends). A lone CR is still refused.
    pub multiline: bool,
}

impl TextRule {
    pub const fn line(max_chars: usize) -> TextRule {
        TextRule {
            required: true,
            max_chars,
            multiline: false,
        }
    }
    pub const fn paragraphs(max_chars: usize) -> TextRule {
        TextRule {
            required: true,
            max_chars,
            multiline: true,
        }
    }
    pub const fn optional(self) -> TextRule {
        TextRule {
            required: false,
            ..self
        }
    }
}

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("Поле обовʼязкове для заповнення")]
    Required,
    #[error("Не довше за {max} символів")]
    TooLong { max: usize },
    /// `position` counts characters from 1 in the trimmed text.
    #[error("Недопустимий символ {} на позиції {position}: приберіть його й введіть текст знову", char_name_uk(*.ch))]
    Forbidden { ch: char, position: usize },
}

impl TextError {
    pub fn code(&self) -> &'static str {
        match self {
            TextError::Required => "required",
            TextError::TooLong { .. } => "too_long",
            TextError::Forbidden { .. } => "forbidden_character",
        }
    }
    pub fn message_uk(&self) -> String {
        self.to_string()
    }
}

/// Invisible characters that change how text is shown or compared: bidirectional embeddings,
/// overrides, isolates and marks, zero-width characters, the byte-order mark.
pub fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// A name for the character that a person can act on.
pub fn char_name_uk(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{1B}' => "ESC",
        '\r' => "повернення каретки (CR)",
        '\n' => "перенесення рядка (LF)",
        '\t' => "табуляція",
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{200E}'
        | '\u{200F}' => "керування напрямком тексту",
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "невидимий символ",
        _ if c.is_control() => "керівний символ",
        _ => "невидимий символ форматування",
    };
    format!("{name} (U+{:04X})", c as u32)
}

/// The first control or format character of `t` (LF allowed in a multi-line text), named with its
/// position counted in characters from 1.
pub fn forbidden(t: &str, multiline: bool) -> Option<TextError> {
    t.chars()
        .enumerate()
        .find(|&(_, c)| (c.is_control() && !(multiline && c == '\n')) || is_format_char(c))
        .map(|(i, ch)| TextError::Forbidden {
            ch,
            position: i + 1,
        })
}

/// Check and normalise a text: trim, turn CR LF into LF in a multi-line field, refuse control and
/// format characters, bound the length. Returns the text to store.
pub fn clean_text(s: &str, rule: TextRule) -> Result<String, TextError> {
    let t = s
        .trim_matches(|c: char| c == ' ' || c == '\u{a0}' || (rule.multiline && c.is_whitespace()));
    let t = if rule.multiline {
        t.replace("\r\n", "\n")
    } else {
        t.to_string()
    };
    if let Some(e) = forbidden(&t, rule.multiline) {
        return Err(e);
    }
    if t.is_empty() && rule.required {
        return Err(TextError::Required);
    }
    if t.chars().count() > rule.max_chars {
        return Err(TextError::TooLong {
            max: rule.max_chars,
        });
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_passes_trimmed() {
        let r = TextRule::line(100);
        assert_eq!(
            clean_text("  Коваленко Ганна-Марія  ", r).unwrap(),
            "Коваленко Ганна-Марія"
        );
        assert_eq!(clean_text("Д'Артаньян Олег", r).unwrap(), "Д'Артаньян Олег");
        let p = TextRule::paragraphs(100);
        assert_eq!(
            clean_text("Hb 62 г/л\r\nкровотеча\n", p).unwrap(),
            "Hb 62 г/л\nкровотеча"
        );
    }

    #[test]
    fn each_forbidden_character_is_named_with_its_position() {
        let r = TextRule::line(100);
        for (input, ch, pos, name) in [
            ("ab\0c", '\0', 3, "NUL"),
            ("ab\u{1b}[2J", '\u{1b}', 3, "ESC"),
            ("рядок\nдругий", '\n', 6, "LF"),
            ("рядок\rдругий", '\r', 6, "CR"),
            ("Іван\u{202E}вонаваІ", '\u{202E}', 5, "напрямком"),
            ("x\u{2066}y", '\u{2066}', 2, "напрямком"),
            ("x\u{200B}y", '\u{200B}', 2, "невидимий"),
            ("a\tb", '\t', 2, "табуляція"),
        ] {
            let e = clean_text(input, r).unwrap_err();
            assert_eq!(e, TextError::Forbidden { ch, position: pos }, "{input:?}");
            assert!(e.message_uk().contains(name), "{}", e.message_uk());
            assert!(e.message_uk().contains(&format!("U+{:04X}", ch as u32)));
        }
        // A multi-line field keeps LF but still refuses a lone CR and everything else.
        let p = TextRule::paragraphs(100);
        assert!(clean_text("a\rb", p).is_err());
        assert!(clean_text("a\u{202E}b", p).is_err());
    }

    #[test]
    fn required_and_length() {
        assert_eq!(
            clean_text("   ", TextRule::line(5)),
            Err(TextError::Required)
        );
        assert_eq!(
            clean_text("", TextRule::line(5).optional()),
            Ok(String::new())
        );
        assert_eq!(clean_text("абвгд", TextRule::line(5)), Ok("абвгд".into()));
        assert_eq!(
            clean_text("абвгде", TextRule::line(5)),
            Err(TextError::TooLong { max: 5 })
        );
    }
}
