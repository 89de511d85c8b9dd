//! A reader for what a keyboard-wedge barcode scanner types from an ISBT 128 unit label
//! (BLOODBANK.md): the DIN with flags `=αppppyynnnnnnff`, the blood group `=%ggre`, the product
//! code `=<αooootds`, the expiry date `=>cyyjjj` (23:59) and the expiry date and time
//! `&>cyyjjjhhmm`. Several structures may come in one scan, concatenated, or one per scan:
//! [`LabelAssembler`] collects them into one [`UnitLabel`].
//!
//! A scanner "types" key presses, so with the Ukrainian keyboard layout switched on `=G1234…`
//! arrives as `=П1234…` and `=<` as `=Б`. Such characters are never valid in a scan, so the
//! reader maps them back to the keys that produced them ([`from_ukrainian_layout`]); the DIN's
//! check flags still guard the result.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use super::catalogue::{ProductCode, ProductCodeError};
use super::compatibility::AboRhD;
use super::din::{Din, DinError, DinFlags};

/// The data structures the reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Structure {
    Din,
    BloodGroup,
    Product,
    ExpiryDate,
    ExpiryDateTime,
}

impl Structure {
    pub fn title_uk(self) -> &'static str {
        match self {
            Structure::Din => "номер донації (DIN)",
            Structure::BloodGroup => "група крові",
            Structure::Product => "код продукту",
            Structure::ExpiryDate => "термін придатності",
            Structure::ExpiryDateTime => "термін придатності з часом",
        }
    }
    /// Length including the data identifier.
    fn len(self) -> usize {
        match self {
            Structure::Din => 16,
            Structure::BloodGroup => 6,
            Structure::Product => 10,
            Structure::ExpiryDate => 8,
            Structure::ExpiryDateTime => 12,
        }
    }
}

/// What the label's blood-group code says when it is not a group (BLOODBANK.md's special codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialGroup {
    /// `Md`: the unit is to be discarded.
    Discard,
    /// `Mq`: the unit is in quarantine.
    Quarantine,
    /// `Mx`: not for transfusion.
    NotForTransfusion,
}

impl SpecialGroup {
    pub fn title_uk(self) -> &'static str {
        match self {
            SpecialGroup::Discard => "підлягає знищенню",
            SpecialGroup::Quarantine => "на карантині",
            SpecialGroup::NotForTransfusion => "не для трансфузії",
        }
    }
}

/// Why a scan was refused. Nothing of a refused scan is taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    #[error("Порожнє сканування")]
    Empty,
    #[error("Це не штрихкод ISBT 128: він має починатися з «=» або «&», а починається з «{found}»")]
    NotIsbt { found: char },
    #[error(
        "Невідома структура даних «{id}»: скануйте штрихкоди номера донації, групи крові, коду продукту або терміну придатності"
    )]
    UnknownIdentifier { id: String },
    #[error("Недопустимий символ «{found}» у скануванні")]
    BadCharacter { found: char },
    #[error("Штрихкод «{}» обірвано: потрібно {expected} символів, є {found}", .what.title_uk())]
    Truncated {
        what: Structure,
        expected: usize,
        found: usize,
    },
    #[error("Номер донації (DIN): {0}")]
    Din(DinError),
    #[error("Невідомий код групи крові «{code}»")]
    BadBloodGroup { code: String },
    #[error("Код продукту: {0}")]
    Product(ProductCodeError),
    #[error("Термін придатності «{text}»: {problem}")]
    BadDate { text: String, problem: &'static str },
    #[error("Етикетка позначає компонент як «{}» — його не можна приймати до запасу", .0.title_uk())]
    Flagged(SpecialGroup),
    #[error("{} у цьому скануванні повторюється з іншим значенням", capital(.what.title_uk()))]
    Repeated { what: Structure },
    #[error(
        "{} не збігається з уже зчитаним для цієї одиниці: завершіть або скасуйте її, перш ніж сканувати наступну",
        capital(.what.title_uk())
    )]
    Conflict { what: Structure },
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl ScanError {
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::Empty => "required",
            ScanError::NotIsbt { .. } => "not_isbt128",
            ScanError::UnknownIdentifier { .. } => "unknown_identifier",
            ScanError::BadCharacter { .. } => "bad_character",
            ScanError::Truncated { .. } => "truncated",
            ScanError::Din(e) => e.code(),
            ScanError::BadBloodGroup { .. } => "bad_blood_group",
            ScanError::Product(e) => e.code(),
            ScanError::BadDate { .. } => "bad_date",
            ScanError::Flagged(_) => "flagged_unit",
            ScanError::Repeated { .. } => "repeated",
            ScanError::Conflict { .. } => "conflict",
        }
    }
    pub fn message_uk(&self) -> String {
        self.to_string()
    }
}

/// When a unit expires; a date-only expiry means 23:59 of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Expiry {
    pub at: NaiveDateTime,
    /// The label gave a time (`&>`), not only a date (`=>`).
    pub has_time: bool,
}

/// One decoded data structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "structure")]
pub enum DataItem {
    Din { din: Din, flags: DinFlags },
    BloodGroup { group: AboRhD },
    Product { code: ProductCode },
    Expiry { expiry: Expiry },
}

impl DataItem {
    pub fn structure(&self) -> Structure {
        match self {
            DataItem::Din { .. } => Structure::Din,
            DataItem::BloodGroup { .. } => Structure::BloodGroup,
            DataItem::Product { .. } => Structure::Product,
            DataItem::Expiry { expiry } if expiry.has_time => Structure::ExpiryDateTime,
            DataItem::Expiry { .. } => Structure::ExpiryDate,
        }
    }

    /// The barcode text of this structure, as a scanner types it. Reading it gives the item back
    /// (the blood group's Rh/Kell characters, which the reader does not keep, come out as `00`).
    pub fn to_scan(&self) -> String {
        match self {
            DataItem::Din { din, flags } => format!("={din}{}", flags.as_string()),
            DataItem::BloodGroup { group } => format!("=%{}00", group.isbt_code()),
            DataItem::Product { code } => format!("=<{code}"),
            DataItem::Expiry { expiry } => {
                let d = expiry.at.date();
                let c = (d.year() - 2000).div_euclid(100);
                let cyyjjj = format!("{c}{:02}{:03}", d.year() % 100, d.ordinal());
                if expiry.has_time {
                    format!("&>{cyyjjj}{}", expiry.at.format("%H%M"))
                } else {
                    format!("=>{cyyjjj}")
                }
            }
        }
    }
}

/// Map characters typed with the Ukrainian (or Russian) layout on back to the US-layout keys that
/// produced them. Only characters that are never valid in a scan are mapped; `None` if none were.
pub fn from_ukrainian_layout(s: &str) -> Option<String> {
    const KEYS: &[(char, char)] = &[
        ('Й', 'Q'),
        ('Ц', 'W'),
        ('У', 'E'),
        ('К', 'R'),
        ('Е', 'T'),
        ('Н', 'Y'),
        ('Г', 'U'),
        ('Ш', 'I'),
        ('Щ', 'O'),
        ('З', 'P'),
        ('Ф', 'A'),
        ('І', 'S'),
        ('Ы', 'S'),
        ('В', 'D'),
        ('А', 'F'),
        ('П', 'G'),
        ('Р', 'H'),
        ('О', 'J'),
        ('Л', 'K'),
        ('Д', 'L'),
        ('Я', 'Z'),
        ('Ч', 'X'),
        ('С', 'C'),
        ('М', 'V'),
        ('И', 'B'),
        ('Т', 'N'),
        ('Ь', 'M'),
        // Shifted punctuation: `<` and `>` sit on Б and Ю, `&` (shift+7) types `?`.
        ('Б', '<'),
        ('Ю', '>'),
        ('?', '&'),
    ];
    let mut changed = false;
    let out = s
        .chars()
        .map(|c| {
            // Unshifted, the keys of Б and Ю type `,` and `.`.
            if let Some(p) = match c {
                'б' => Some(','),
                'ю' => Some('.'),
                _ => None,
            } {
                changed = true;
                return p;
            }
            let upper = c.to_uppercase().next().unwrap_or(c);
            match KEYS.iter().find(|k| k.0 == upper) {
                // Lower-case letters stay lower-case (the product code's division has them).
                Some(&(_, l)) if c != upper && l.is_ascii_alphabetic() => {
                    changed = true;
                    l.to_ascii_lowercase()
                }
                Some(&(_, l)) => {
                    changed = true;
                    l
                }
                None => c,
            }
        })
        .collect();
    changed.then_some(out)
}

/// Read one scan: one or more concatenated data structures. Surrounding whitespace (the Enter a
/// scanner sends) is ignored, and so is whitespace between structures. All or nothing: any error
/// refuses the whole scan.
pub fn read_scan(scan: &str) -> Result<Vec<DataItem>, ScanError> {
    let fixed = from_ukrainian_layout(scan);
    let text = fixed.as_deref().unwrap_or(scan).trim();
    if text.is_empty() {
        return Err(ScanError::Empty);
    }
    if let Some(bad) = text.chars().find(|c| !c.is_ascii() || c.is_ascii_control()) {
        return Err(ScanError::BadCharacter { found: bad });
    }
    let mut rest = text;
    let mut items: Vec<DataItem> = Vec::new();
    while !rest.is_empty() {
        let (item, len) = read_one(rest)?;
        if let Some(prev) = items.iter().find(|p| same_slot(p, &item)) {
            if *prev != item {
                return Err(ScanError::Repeated {
                    what: item.structure(),
                });
            }
        } else {
            items.push(item);
        }
        rest = rest[len..].trim_start();
    }
    Ok(items)
}

fn same_slot(a: &DataItem, b: &DataItem) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Identify and decode the structure at the start of `s` (ASCII); returns it and its length.
fn read_one(s: &str) -> Result<(DataItem, usize), ScanError> {
    let b = s.as_bytes();
    let what = match (b[0], b.get(1)) {
        (b'=', Some(b'%')) => Structure::BloodGroup,
        (b'=', Some(b'<')) => Structure::Product,
        (b'=', Some(b'>')) => Structure::ExpiryDate,
        (b'&', Some(b'>')) => Structure::ExpiryDateTime,
        (b'=', Some(c)) if c.is_ascii_alphanumeric() => Structure::Din,
        (b'=' | b'&', _) => {
            return Err(ScanError::UnknownIdentifier {
                id: s.chars().take(2).collect(),
            });
        }
        (c, _) => return Err(ScanError::NotIsbt { found: c as char }),
    };
    let len = what.len();
    // `=` and `&` occur in no structure's data: one inside means this structure was cut short
    // and the next one begins.
    let end = s[1..].find(['=', '&']).map_or(s.len(), |i| i + 1).min(len);
    if end < len {
        return Err(ScanError::Truncated {
            what,
            expected: len,
            found: end,
        });
    }
    let body = &s[..len];
    let item = match what {
        Structure::Din => {
            let din = Din::parse(&body[1..14]).map_err(ScanError::Din)?;
            let flags = DinFlags::parse(&body[14..16]).map_err(ScanError::Din)?;
            flags.verify(&din).map_err(ScanError::Din)?;
            DataItem::Din { din, flags }
        }
        Structure::BloodGroup => read_group(&body[2..])?,
        Structure::Product => DataItem::Product {
            code: ProductCode::parse(&body[2..]).map_err(ScanError::Product)?,
        },
        Structure::ExpiryDate | Structure::ExpiryDateTime => DataItem::Expiry {
            expiry: read_expiry(&body[2..])?,
        },
    };
    Ok((item, len))
}

/// `ggre`: the group, then Rh/Kell information and a reserved character (kept off the record).
fn read_group(ggre: &str) -> Result<DataItem, ScanError> {
    let bad = || ScanError::BadBloodGroup { code: ggre.into() };
    if !ggre.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad());
    }
    let special = match &ggre[..2] {
        "Md" => Some(SpecialGroup::Discard),
        "Mq" => Some(SpecialGroup::Quarantine),
        "Mx" => Some(SpecialGroup::NotForTransfusion),
        _ => None,
    };
    if let Some(s) = special {
        return Err(ScanError::Flagged(s));
    }
    AboRhD::from_isbt(&ggre[..2])
        .map(|group| DataItem::BloodGroup { group })
        .ok_or_else(bad)
}

/// `cyyjjj` or `cyyjjjhhmm`: century digit (0 = 2000s), year, day of the year, time.
fn read_expiry(d: &str) -> Result<Expiry, ScanError> {
    let bad = |problem| ScanError::BadDate {
        text: d.into(),
        problem,
    };
    if !d.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad("очікуються лише цифри"));
    }
    let num = |r: std::ops::Range<usize>| d[r].parse::<u32>().unwrap_or_default();
    let year = 2000 + 100 * num(0..1) as i32 + num(1..3) as i32;
    let date =
        NaiveDate::from_yo_opt(year, num(3..6)).ok_or_else(|| bad("такого дня року немає"))?;
    let (time, has_time) = if d.len() == 10 {
        let t =
            NaiveTime::from_hms_opt(num(6..8), num(8..10), 0).ok_or_else(|| bad("невірний час"))?;
        (t, true)
    } else {
        (
            NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default(),
            false,
        )
    };
    Ok(Expiry {
        at: date.and_time(time),
        has_time,
    })
}

/// A unit's label as read: everything needed to receive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnitLabel {
    pub din: Din,
    pub flags: DinFlags,
    pub group: AboRhD,
    pub product: ProductCode,
    pub expiry: Expiry,
}

impl UnitLabel {
    /// The whole label as one concatenated scan (for demo data and tests that type as a scanner).
    pub fn to_scan(&self) -> String {
        [
            DataItem::Din {
                din: self.din,
                flags: self.flags,
            },
            DataItem::BloodGroup { group: self.group },
            DataItem::Product { code: self.product },
            DataItem::Expiry {
                expiry: self.expiry,
            },
        ]
        .iter()
        .map(DataItem::to_scan)
        .collect()
    }
}

/// Collects scans of one unit's label, whether all in one scan or one barcode at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelAssembler {
    din: Option<(Din, DinFlags)>,
    group: Option<AboRhD>,
    product: Option<ProductCode>,
    expiry: Option<Expiry>,
}

impl LabelAssembler {
    pub fn new() -> Self {
        Self::default()
    }

    /// Take a scan. All or nothing: a bad scan, or one that contradicts what was already read for
    /// this unit (another DIN, another group …), changes nothing. Scanning the same barcode twice
    /// is harmless. Returns what is still missing.
    pub fn feed(&mut self, scan: &str) -> Result<Vec<Structure>, ScanError> {
        let items = read_scan(scan)?;
        let mut next = self.clone();
        for item in items {
            next.put(item)?;
        }
        *self = next;
        Ok(self.missing())
    }

    fn put(&mut self, item: DataItem) -> Result<(), ScanError> {
        fn set<T: PartialEq>(slot: &mut Option<T>, v: T, what: Structure) -> Result<(), ScanError> {
            match slot {
                Some(old) if *old != v => Err(ScanError::Conflict { what }),
                _ => {
                    *slot = Some(v);
                    Ok(())
                }
            }
        }
        let what = item.structure();
        match item {
            DataItem::Din { din, flags } => set(&mut self.din, (din, flags), what),
            DataItem::BloodGroup { group } => set(&mut self.group, group, what),
            DataItem::Product { code } => set(&mut self.product, code, what),
            DataItem::Expiry { expiry } => set(&mut self.expiry, expiry, what),
        }
    }

    /// What is still to be scanned (an expiry with or without time counts as the expiry).
    pub fn missing(&self) -> Vec<Structure> {
        [
            (self.din.is_none(), Structure::Din),
            (self.group.is_none(), Structure::BloodGroup),
            (self.product.is_none(), Structure::Product),
            (self.expiry.is_none(), Structure::ExpiryDate),
        ]
        .into_iter()
        .filter_map(|(m, s)| m.then_some(s))
        .collect()
    }

    /// The complete label, if nothing is missing.
    pub fn label(&self) -> Option<UnitLabel> {
        let (din, flags) = self.din?;
        Some(UnitLabel {
            din,
            flags,
            group: self.group?,
            product: self.product?,
            expiry: self.expiry?,
        })
    }

    /// Start the next unit.
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}
