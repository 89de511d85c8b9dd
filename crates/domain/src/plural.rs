//! Plural forms for counts shown to people ("3 робочі дні", "5 робочих днів").

/// Ukrainian plural form by the CLDR rules for integers:
/// `one` for 1, 21, 31, … (but not 11); `few` for 2–4, 22–24, … (but not 12–14);
/// `many` for everything else (0, 5–20, 25–30, 11–14, 111, …). Negative numbers use their absolute value.
pub fn plural_uk<'a>(n: i64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let n = n.unsigned_abs();
    let (m10, m100) = (n % 10, n % 100);
    if m10 == 1 && m100 != 11 {
        one
    } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
        few
    } else {
        many
    }
}

/// English plural form: `one` for 1 (and −1), `other` for everything else.
pub fn plural_en<'a>(n: i64, one: &'a str, other: &'a str) -> &'a str {
    if n.unsigned_abs() == 1 { one } else { other }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> &'static str {
        plural_uk(n, "день", "дні", "днів")
    }

    #[test]
    fn ukrainian_forms() {
        for n in [1, 21, 31, 101, 121, 1001, -1, -21] {
            assert_eq!(day(n), "день", "{n}");
        }
        for n in [2, 3, 4, 22, 23, 24, 102, 134, -3] {
            assert_eq!(day(n), "дні", "{n}");
        }
        for n in [
            0, 5, 6, 9, 10, 11, 12, 13, 14, 15, 19, 20, 25, 30, 111, 112, 114, 211, -11,
        ] {
            assert_eq!(day(n), "днів", "{n}");
        }
    }

    #[test]
    fn english_forms() {
        assert_eq!(plural_en(1, "day", "days"), "day");
        assert_eq!(plural_en(-1, "day", "days"), "day");
        for n in [0, 2, 11, 21] {
            assert_eq!(plural_en(n, "day", "days"), "days");
        }
    }
}
