//! What every typed input shares: one refused field ([`FieldError`]) and a collector ([`Fields`])
//! that keeps every field's error, so a form can show them all at once (the API answers the
//! first). The text rules are here once: required, at most [`MAX_TEXT`] characters, and no
//! control or format characters (see [`crate::text`]).

use chrono::NaiveDate;
use uuid::Uuid;

use crate::IdError;

/// The longest free text of an administration or resources record, in characters.
pub const MAX_TEXT: usize = 300;
/// What a required field that came empty says.
pub const REQUIRED: &str = "Обов'язкове поле";

/// One refused field: its name in the API (`admin.email`, `role_ids[2]`), a stable code and a
/// message for the person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// Every field error of one input, in the order the fields were read.
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn new() -> Self {
        Fields::default()
    }

    pub fn push(
        &mut self,
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// The value, or `None` with its error kept.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }

    /// A national identifier (РНОКПП, e-mail, phone, …), its error named by the field.
    pub fn id<T>(&mut self, field: &str, r: Result<T, IdError>) -> Option<T> {
        r.map_err(|e| self.push(field, e.code(), e.message_uk()))
            .ok()
    }

    /// A required one-line text of at most `max` characters, trimmed.
    pub fn text(&mut self, field: &str, v: &str, max: usize) -> String {
        let t = v.trim();
        if t.is_empty() {
            self.push(field, "required", REQUIRED);
        } else {
            self.check(field, t, max);
        }
        t.to_owned()
    }

    /// [`Fields::text`] with the usual limit.
    pub fn required(&mut self, field: &str, v: &str) -> String {
        self.text(field, v, MAX_TEXT)
    }

    /// An optional one-line text of at most `max` characters: `None` when absent or blank.
    pub fn optional_text(&mut self, field: &str, v: Option<&str>, max: usize) -> Option<String> {
        let t = v.map(str::trim).filter(|t| !t.is_empty())?;
        self.check(field, t, max);
        Some(t.to_owned())
    }

    /// [`Fields::optional_text`] with the usual limit.
    pub fn optional(&mut self, field: &str, v: Option<&str>) -> Option<String> {
        self.optional_text(field, v, MAX_TEXT)
    }

    fn check(&mut self, field: &str, t: &str, max: usize) {
        if let Some(e) = crate::text::forbidden(t, false) {
            self.push(field, e.code(), e.message_uk());
        } else if t.chars().count() > max {
            self.push(field, "too_long", format!("Не довше за {max} символів"));
        }
    }

    /// A required `YYYY-MM-DD` date.
    pub fn date(&mut self, field: &str, v: &str) -> Option<NaiveDate> {
        if v.trim().is_empty() {
            self.push(field, "required", REQUIRED);
            return None;
        }
        self.optional_date(field, Some(v))
    }

    /// An optional `YYYY-MM-DD` date: `None` when absent or blank.
    pub fn optional_date(&mut self, field: &str, v: Option<&str>) -> Option<NaiveDate> {
        let t = v.map(str::trim).filter(|t| !t.is_empty())?;
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map_err(|_| self.push(field, "invalid_date", "Дата у форматі РРРР-ММ-ДД"))
            .ok()
    }

    /// A required reference to a record: a malformed id cannot name one, so it is `not_found`.
    pub fn reference(&mut self, field: &str, v: &str, not_found: &str) -> Option<Uuid> {
        let t = v.trim();
        if t.is_empty() {
            self.push(field, "required", REQUIRED);
            return None;
        }
        t.parse()
            .map_err(|_| self.push(field, "not_found", not_found))
            .ok()
    }

    /// The value when no field was refused, else every error.
    pub fn done<T>(self, v: Option<T>) -> Result<T, Vec<FieldError>> {
        match v {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: Fields) -> Vec<(String, &'static str)> {
        f.0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        let mut f = Fields::new();
        assert_eq!(f.required("a", "  Іван  "), "Іван");
        f.required("b", "   ");
        f.required("c", &"я".repeat(MAX_TEXT));
        f.required("d", &"я".repeat(MAX_TEXT + 1));
        assert_eq!(
            codes(f),
            [("b".into(), "required"), ("d".into(), "too_long")]
        );
    }

    #[test]
    fn optional_text_blank_is_none() {
        let mut f = Fields::new();
        assert_eq!(f.optional("a", None), None);
        assert_eq!(f.optional("a", Some("  ")), None);
        assert_eq!(f.optional("a", Some(" x ")), Some("x".into()));
        f.optional("b", Some(&"x".repeat(MAX_TEXT + 1)));
        assert_eq!(codes(f), [("b".into(), "too_long")]);
    }

    #[test]
    fn control_and_bidi_characters_are_refused_by_name() {
        for bad in [
            "a\0b",
            "a\u{1b}[2Jb",
            "a\rb",
            "a\nb",
            "Іван\u{202E}нежО",
            "x\u{2066}y",
        ] {
            let mut f = Fields::new();
            f.required("surname", bad);
            f.optional("patronymic", Some(bad));
            let e = f.0;
            assert_eq!(e.len(), 2, "{bad:?}");
            assert!(e.iter().all(|e| e.code == "forbidden_character"), "{bad:?}");
            assert_eq!(e[0].field, "surname");
            assert!(e[0].message.contains("U+"), "{}", e[0].message);
        }
    }

    #[test]
    fn dates_and_references() {
        let mut f = Fields::new();
        assert_eq!(
            f.date("d", " 2026-02-28 "),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(f.date("e", ""), None);
        assert_eq!(f.date("g", "2026-02-30"), None);
        assert_eq!(f.optional_date("h", Some(" ")), None);
        assert_eq!(f.reference("i", "nope", "Не знайдено"), None);
        assert_eq!(f.reference("j", " ", "Не знайдено"), None);
        let id = Uuid::nil();
        assert_eq!(f.reference("k", &id.to_string(), "-"), Some(id));
        assert_eq!(
            codes(f),
            [
                ("e".into(), "required"),
                ("g".into(), "invalid_date"),
                ("i".into(), "not_found"),
                ("j".into(), "required"),
            ]
        );
    }

    #[test]
    fn done_returns_every_error_or_the_value() {
        assert_eq!(Fields::new().done(Some(1)), Ok(1));
        let mut f = Fields::new();
        f.push("a", "x", "m");
        f.push("b", "y", "n");
        assert_eq!(f.done(Some(1)).unwrap_err().len(), 2);
    }
}
