//! Positions (посади) of a department.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::fields::{FieldError, Fields, REQUIRED};
use crate::permissions::is_classifier_code;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionData {
    pub title: String,
    /// ДК 003:2010 code.
    pub classifier_code: String,
    /// Staff units (ставки) in hundredths: 100 = one.
    pub staff_units_x100: i64,
    pub is_head: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub department_id: Uuid,
    pub data: PositionData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Staff units (ставки): 0.01 … 100 with at most two decimals, kept in hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StaffUnits(i64);

impl StaffUnits {
    pub const ONE: StaffUnits = StaffUnits(100);

    /// Refused as `out_of_range` on `staff_units`: not finite, not positive, over 100 or finer than
    /// a hundredth.
    pub fn from_units(v: f64) -> Result<StaffUnits, FieldError> {
        let x100 = (v * 100.0).round();
        if !v.is_finite() || v <= 0.0 || v > 100.0 || (v * 100.0 - x100).abs() > 1e-6 {
            return Err(FieldError::new(
                "staff_units",
                "out_of_range",
                "Кількість ставок: від 0,01 до 100, не більше двох знаків після коми",
            ));
        }
        Ok(StaffUnits(x100 as i64))
    }
    /// Hundredths of a unit, as stored.
    pub fn x100(self) -> i64 {
        self.0
    }
}

/// A position as it arrives (a JSON body or a form).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct NewPosition {
    pub title: String,
    /// ДК 003:2010 code.
    pub classifier_code: String,
    pub staff_units: f64,
    pub is_head: bool,
}

impl NewPosition {
    pub fn parse(&self) -> Result<PositionData, Vec<FieldError>> {
        let mut f = Fields::new();
        let title = f.required("title", &self.title);
        let code = self.classifier_code.trim().to_owned();
        if code.is_empty() {
            f.push("classifier_code", "required", REQUIRED);
        } else if !is_classifier_code(&code) {
            f.push(
                "classifier_code",
                "invalid_code",
                "Код за ДК 003:2010: чотири цифри, можливо з крапкою, напр. 1229.6",
            );
        }
        let units = f.take(StaffUnits::from_units(self.staff_units));
        f.done(units.map(|u| PositionData {
            title,
            classifier_code: code,
            staff_units_x100: u.x100(),
            is_head: self.is_head,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_units_bounds() {
        for (v, x100) in [
            (0.01, 1),
            (1.0, 100),
            (0.25, 25),
            (100.0, 10_000),
            (2.5, 250),
        ] {
            assert_eq!(
                StaffUnits::from_units(v).map(StaffUnits::x100),
                Ok(x100),
                "{v}"
            );
        }
        for v in [
            0.0,
            -1.0,
            0.001,
            0.005,
            100.01,
            1.255,
            f64::NAN,
            f64::INFINITY,
        ] {
            let e = StaffUnits::from_units(v).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.code),
                ("staff_units", "out_of_range"),
                "{v}"
            );
        }
    }

    #[test]
    fn every_error_at_once() {
        let p = NewPosition {
            title: "".into(),
            classifier_code: "12".into(),
            staff_units: 0.0,
            is_head: false,
        };
        let got: Vec<_> = p
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            got,
            [
                ("title".into(), "required"),
                ("classifier_code".into(), "invalid_code"),
                ("staff_units".into(), "out_of_range")
            ]
        );
        let ok = NewPosition {
            title: "Лікар".into(),
            classifier_code: " 2221.2 ".into(),
            staff_units: 0.5,
            is_head: true,
        };
        let d = ok.parse().unwrap();
        assert_eq!(
            (d.classifier_code.as_str(), d.staff_units_x100),
            ("2221.2", 50)
        );
    }
}
