//! ISBT 128 product codes: the 5-character product description code (the catalogue's key) and
//! the full 8-character code a unit carries.

use serde::{Deserialize, Serialize};

/// Why a product code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductCodeError {
    #[error("Код продукту — {expected} символів; отримано {found}")]
    WrongLength { expected: usize, found: usize },
    #[error("Код продукту має починатися з E або F (компонент крові); отримано «{found}»")]
    NotBloodComponent { found: char },
    #[error("Після першої літери код продукту має чотири цифри")]
    BadDescription,
    #[error("Тип донації в коді продукту (6-й символ) — латинська літера або цифра")]
    BadCollectionType,
    #[error("Поділ у коді продукту (7–8-й символи) — «00» або велика й мала латинські літери")]
    BadDivision,
}

impl ProductCodeError {
    pub fn code(&self) -> &'static str {
        match self {
            ProductCodeError::WrongLength { .. } => "wrong_length",
            ProductCodeError::NotBloodComponent { .. } => "not_blood_component",
            ProductCodeError::BadDescription => "bad_description_code",
            ProductCodeError::BadCollectionType => "bad_collection_type",
            ProductCodeError::BadDivision => "bad_division",
        }
    }
}

/// The product description code `αoooo` (α = E or F for blood components): the catalogue's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductDescriptionCode([u8; 5]);

impl ProductDescriptionCode {
    pub fn parse(s: &str) -> Result<Self, ProductCodeError> {
        let b = s.as_bytes();
        if b.len() != 5 {
            return Err(ProductCodeError::WrongLength {
                expected: 5,
                found: s.chars().count(),
            });
        }
        if !matches!(b[0], b'E' | b'F') {
            let found = s.chars().next().unwrap_or(' ');
            return Err(ProductCodeError::NotBloodComponent { found });
        }
        if !b[1..].iter().all(u8::is_ascii_digit) {
            return Err(ProductCodeError::BadDescription);
        }
        Ok(Self([b[0], b[1], b[2], b[3], b[4]]))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// A full ISBT 128 product code `αoooo t ds`: description, collection type (V = volunteer
/// allogeneic, …), division (`00` undivided). One donation (DIN) yields several products, so a
/// unit is identified by its DIN together with its product code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductCode([u8; 8]);

impl ProductCode {
    pub fn parse(s: &str) -> Result<Self, ProductCodeError> {
        let c: Vec<char> = s.chars().collect();
        if c.len() != 8 {
            return Err(ProductCodeError::WrongLength {
                expected: 8,
                found: c.len(),
            });
        }
        let head: String = c[..5].iter().collect();
        let desc = ProductDescriptionCode::parse(&head).map_err(|e| match e {
            // Five characters, not five bytes: a non-ASCII one is simply not a digit.
            ProductCodeError::WrongLength { .. } if c[0].is_ascii() => {
                ProductCodeError::BadDescription
            }
            ProductCodeError::WrongLength { .. } => {
                ProductCodeError::NotBloodComponent { found: c[0] }
            }
            e => e,
        })?;
        if !c[5].is_ascii_alphanumeric() {
            return Err(ProductCodeError::BadCollectionType);
        }
        let d_ok = c[6].is_ascii_uppercase() || c[6].is_ascii_digit();
        let s_ok = c[7].is_ascii_lowercase() || c[7].is_ascii_digit();
        if !d_ok || !s_ok {
            return Err(ProductCodeError::BadDivision);
        }
        let mut out = [0u8; 8];
        out[..5].copy_from_slice(&desc.0);
        for i in 5..8 {
            out[i] = c[i] as u8;
        }
        Ok(Self(out))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
    pub fn description(&self) -> ProductDescriptionCode {
        ProductDescriptionCode([self.0[0], self.0[1], self.0[2], self.0[3], self.0[4]])
    }
    pub fn collection_type(&self) -> char {
        self.0[5] as char
    }
    pub fn division(&self) -> &str {
        &self.as_str()[6..]
    }
}

macro_rules! string_serde {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
string_serde!(ProductDescriptionCode);
string_serde!(ProductCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_codes() {
        let p = ProductCode::parse("E9001V00").unwrap();
        assert_eq!(p.description().as_str(), "E9001");
        assert_eq!((p.collection_type(), p.division()), ('V', "00"));
        assert!(ProductCode::parse("E9001VAa").is_ok());
        assert_eq!(
            ProductCode::parse("S9001V00"),
            Err(ProductCodeError::NotBloodComponent { found: 'S' })
        );
        assert_eq!(
            ProductCode::parse("E90X1V00"),
            Err(ProductCodeError::BadDescription)
        );
        assert_eq!(
            ProductCode::parse("E9001-00"),
            Err(ProductCodeError::BadCollectionType)
        );
        assert_eq!(
            ProductCode::parse("E9001VaA"),
            Err(ProductCodeError::BadDivision)
        );
        assert_eq!(
            ProductCode::parse("E9001V0"),
            Err(ProductCodeError::WrongLength {
                expected: 8,
                found: 7
            })
        );
        assert!(
            ProductCode::parse("Е9001V00").is_err(),
            "a Cyrillic Е is not E"
        );
        assert_eq!(
            ProductCode::parse("Е9001V00"),
            Err(ProductCodeError::NotBloodComponent { found: 'Е' })
        );
        assert_eq!(
            ProductCode::parse("E90Ї1V00"),
            Err(ProductCodeError::BadDescription)
        );
        assert_eq!(
            ProductCode::parse("E9001Ї00"),
            Err(ProductCodeError::BadCollectionType)
        );
    }
}
