//! Workplaces and equipment as they arrive, parsed into records with every field error at once.
//! Dates are bounded by `today`, which the caller passes (the app's clock).

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use super::{
    EquipmentData, EquipmentKind, EquipmentStatus, InventoryNumber, RangeError, Tenths,
    WorkplaceData,
};
use crate::fields::{FieldError, Fields};

/// Equipment made before this year is not plausible in a blood bank.
pub const FIRST_YEAR_MADE: i64 = 1950;
/// A metrological check due within this many days is highlighted.
pub const CHECK_DUE_SOON_DAYS: i64 = 30;
/// The most employees one workplace lists.
pub const MAX_WORKPLACE_EMPLOYEES: usize = 500;

/// Where the next metrological check stands: `overdue`, `due_soon` (within
/// [`CHECK_DUE_SOON_DAYS`]) or `None`.
pub fn check_due(next: Option<NaiveDate>, today: NaiveDate) -> Option<&'static str> {
    let n = next?;
    if n < today {
        Some("overdue")
    } else if (n - today).num_days() <= CHECK_DUE_SOON_DAYS {
        Some("due_soon")
    } else {
        None
    }
}

fn inventory(f: &mut Fields, v: &str) -> Option<InventoryNumber> {
    InventoryNumber::parse(v)
        .map_err(|e| f.push("inventory_number", e.code(), e.message_uk()))
        .ok()
}

/// A workplace as it arrives (a JSON body or a form).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewWorkplace {
    pub name: String,
    pub room: Option<String>,
    pub inventory_number: String,
    pub employee_ids: Vec<String>,
}

impl NewWorkplace {
    pub fn parse(&self) -> Result<WorkplaceData, Vec<FieldError>> {
        let mut f = Fields::new();
        let name = f.required("name", &self.name);
        let room = f.optional("room", self.room.as_deref());
        let inventory_number = inventory(&mut f, &self.inventory_number);
        let mut employee_ids: Vec<Uuid> = Vec::new();
        for (i, e) in self.employee_ids.iter().enumerate() {
            if let Some(id) = f.reference(&format!("employee_ids[{i}]"), e, "Не знайдено")
                && !employee_ids.contains(&id)
            {
                employee_ids.push(id);
            }
        }
        if employee_ids.len() > MAX_WORKPLACE_EMPLOYEES {
            f.push(
                "employee_ids",
                "too_many",
                "Не більше 500 працівників на одному робочому місці",
            );
        }
        f.done(inventory_number.map(|inventory_number| WorkplaceData {
            name,
            room,
            inventory_number,
            employee_ids,
        }))
    }
}

/// An equipment item as it arrives (a JSON body or a form).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
pub struct NewEquipment {
    /// A code of [`EquipmentKind`].
    pub kind: String,
    /// Defaults to the kind's title.
    pub name: Option<String>,
    pub manufacturer: String,
    pub model: String,
    pub serial_number: String,
    pub inventory_number: String,
    pub year_made: Option<i64>,
    pub in_service_on: Option<String>,
    /// Both absent: the kind's default range.
    pub temp_min_c: Option<f64>,
    pub temp_max_c: Option<f64>,
    pub status: Option<String>,
    pub status_reason: Option<String>,
    pub last_check_on: Option<String>,
    pub next_check_on: Option<String>,
    pub workplace_id: Option<String>,
}

impl NewEquipment {
    /// Parse and check; `today` bounds the dates (nothing is put in service, made or checked in
    /// the future).
    pub fn parse(&self, today: NaiveDate) -> Result<EquipmentData, Vec<FieldError>> {
        let mut f = Fields::new();
        let kind = self.kind(&mut f);
        let name = f.optional("name", self.name.as_deref());
        let manufacturer = f.required("manufacturer", &self.manufacturer);
        let model = f.required("model", &self.model);
        let serial_number = f.required("serial_number", &self.serial_number);
        let inventory_number = inventory(&mut f, &self.inventory_number);
        let in_service_on = self.years(&mut f, today);
        let range = self.range(&mut f, kind);
        let (status, status_reason) = self.status(&mut f);
        let (last_check_on, next_check_on) = self.checks(&mut f, today);
        let workplace_id = match self.workplace_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(w) => f.reference("workplace_id", w, "Не знайдено"),
        };
        let v = match (kind, inventory_number, range) {
            (Some(k), Some(inventory_number), Some((temp_min, temp_max))) => Some(EquipmentData {
                kind: k.code.to_owned(),
                name: name.unwrap_or_else(|| k.title_uk.to_owned()),
                manufacturer,
                model,
                serial_number,
                inventory_number,
                year_made: self.year_made,
                in_service_on,
                temp_min,
                temp_max,
                status,
                status_reason,
                last_check_on,
                next_check_on,
                workplace_id,
            }),
            _ => None,
        };
        f.done(v)
    }

    fn kind(&self, f: &mut Fields) -> Option<EquipmentKind> {
        match self.kind.trim() {
            "" => {
                f.push("kind", "required", "Оберіть вид обладнання");
                None
            }
            k => {
                let kind = EquipmentKind::parse(k);
                if kind.is_none() {
                    f.push("kind", "unknown_kind", "Оберіть вид обладнання з довідника");
                }
                kind
            }
        }
    }

    /// The year made (from [`FIRST_YEAR_MADE`] to this year) and the day put in service (not in
    /// the future, not before the year made); returns the latter.
    fn years(&self, f: &mut Fields, today: NaiveDate) -> Option<NaiveDate> {
        if let Some(y) = self.year_made
            && !(FIRST_YEAR_MADE..=i64::from(today.year())).contains(&y)
        {
            f.push(
                "year_made",
                "out_of_range",
                format!("Рік виготовлення: від 1950 до {}", today.year()),
            );
        }
        let in_service_on = f.optional_date("in_service_on", self.in_service_on.as_deref());
        if let Some(d) = in_service_on {
            if d > today {
                f.push(
                    "in_service_on",
                    "in_future",
                    "Дата введення в експлуатацію не може бути в майбутньому",
                );
            } else if self.year_made.is_some_and(|y| i64::from(d.year()) < y) {
                f.push(
                    "in_service_on",
                    "before_made",
                    "Обладнання не могли ввести в експлуатацію раніше, ніж виготовили",
                );
            }
        }
        in_service_on
    }

    /// The storage range: both bounds or neither (the kind's default), plausible for the kind.
    fn range(&self, f: &mut Fields, kind: Option<EquipmentKind>) -> Option<(Tenths, Tenths)> {
        let range = match (self.temp_min_c, self.temp_max_c, kind) {
            (None, None, Some(k)) => Some((k.default_min, k.default_max)),
            (None, None, None) => None,
            (None, Some(_), _) | (Some(_), None, _) => {
                let field = if self.temp_min_c.is_none() {
                    "temp_min_c"
                } else {
                    "temp_max_c"
                };
                f.push(
                    field,
                    "required",
                    "Вкажіть обидві межі діапазону температури або жодної (тоді діє типовий для виду)",
                );
                None
            }
            (Some(lo), Some(hi), _) => {
                let lo = temperature(f, "temp_min_c", lo);
                let hi = temperature(f, "temp_max_c", hi);
                lo.zip(hi)
            }
        };
        if let (Some(k), Some((lo, hi))) = (kind, range) {
            match k.check_range(lo, hi) {
                Ok(()) => {}
                Err(RangeError::MinNotBelowMax) => f.push(
                    "temp_min_c",
                    "min_not_below_max",
                    "Нижня межа температури має бути меншою за верхню",
                ),
                Err(RangeError::Implausible { field, message }) => {
                    f.push(field, "implausible_for_kind", message)
                }
            }
        }
        range
    }

    fn status(&self, f: &mut Fields) -> (EquipmentStatus, Option<String>) {
        let status = match self.status.as_deref().map(str::trim) {
            None | Some("") => EquipmentStatus::InService,
            Some(c) => EquipmentStatus::parse(c).unwrap_or_else(|| {
                f.push(
                    "status",
                    "unknown_status",
                    "Стан: in_service, out_of_order, maintenance або decommissioned",
                );
                EquipmentStatus::InService
            }),
        };
        let reason = f.optional("status_reason", self.status_reason.as_deref());
        if status.needs_reason() && reason.is_none() {
            f.push("status_reason", "required", "Вкажіть причину списання");
        }
        (status, reason)
    }

    /// The last check (not in the future) and the next (after the last).
    fn checks(&self, f: &mut Fields, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let last = f.optional_date("last_check_on", self.last_check_on.as_deref());
        let next = f.optional_date("next_check_on", self.next_check_on.as_deref());
        if last.is_some_and(|d| d > today) {
            f.push(
                "last_check_on",
                "in_future",
                "Остання повірка не може бути в майбутньому",
            );
        }
        if let (Some(l), Some(n)) = (last, next)
            && n <= l
        {
            f.push(
                "next_check_on",
                "not_after_last",
                "Наступна повірка має бути пізніше за останню",
            );
        }
        (last, next)
    }
}

fn temperature(f: &mut Fields, field: &str, v: f64) -> Option<Tenths> {
    let t = Tenths::from_celsius(v);
    if t.is_none() {
        f.push(
            field,
            "out_of_range",
            "Температура від −100 до +100 °C, не більше одного знаку після коми",
        );
    }
    t
}

#[cfg(test)]
#[path = "inputs_tests.rs"]
mod tests;
