//! Receipt: a consignment, then unit after unit by scan (or typed by hand) into a storage unit.
//! Each unit is stored at once in its own transaction; a refused one stores nothing.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use ekrov_domain::{
    EquipmentKind,
    stock::{
        AboRhD, Din, DinFlags, EventKind, LabelAssembler, ProductCode, UnitStatus,
        catalogue::find_product,
        fefo::check_receipt,
        records::{Consignment, NewEvent, Unit, UnitState},
        text::{TextRule, clean_text},
    },
};
use ekrov_store::{
    resources::equipment,
    stock::{products, units},
};
use serde_json::json;
use uuid::Uuid;

use super::write_event;
use crate::{
    App, AppError, AppResult,
    audit::record,
    clock::kyiv_local,
    facility::{FacilityActor, grant::ReceiveStock},
};

/// A consignment as typed.
#[derive(Debug, Clone)]
pub struct ConsignmentInput {
    pub supplier: String,
    pub number: String,
    pub arrived_at: Option<DateTime<Utc>>,
    pub temperature_c: Option<f64>,
}

/// A unit's label: what the scanner typed, or the eye-readable fields typed by hand.
#[derive(Debug, Clone)]
pub enum LabelInput {
    Scan(String),
    Typed {
        din: String,
        check_character: String,
        blood_group: String,
        product_code: String,
        expires_at: String,
    },
}

#[derive(Debug, Clone)]
pub struct ReceiptInput {
    pub label: LabelInput,
    pub equipment_id: Uuid,
}

/// A label read and checked on its own.
struct ReadLabel {
    din: Din,
    flags: String,
    group: AboRhD,
    product: ProductCode,
    expires_at: NaiveDateTime,
    raw: Option<String>,
    /// The request field a label refusal names.
    field: &'static str,
}

fn text_field(field: &'static str, v: &str, rule: TextRule) -> AppResult<String> {
    clean_text(v, rule).map_err(|e| AppError::invalid(field, e.code(), e.message_uk()))
}

fn read_label(l: &LabelInput) -> AppResult<ReadLabel> {
    match l {
        LabelInput::Scan(scan) => {
            let mut a = LabelAssembler::new();
            let missing = a
                .feed(scan)
                .map_err(|e| AppError::invalid("scan", e.code(), e.message_uk()))?;
            let Some(label) = a.label() else {
                let names: Vec<&str> = missing.iter().map(|s| s.title_uk()).collect();
                return Err(AppError::invalid(
                    "scan",
                    "incomplete_scan",
                    format!("Етикетку зчитано не повністю: бракує {}", names.join(", ")),
                ));
            };
            Ok(ReadLabel {
                din: label.din,
                flags: label.flags.as_string(),
                group: label.group,
                product: label.product,
                expires_at: label.expiry.at,
                raw: Some(scan.chars().take(500).collect()),
                field: "scan",
            })
        }
        LabelInput::Typed {
            din,
            check_character,
            blood_group,
            product_code,
            expires_at,
        } => {
            let din = Din::parse_typed(din, check_character)
                .map_err(|e| AppError::invalid(e.field(), e.code(), e.message_uk()))?;
            let group = AboRhD::parse(blood_group).ok_or_else(|| {
                AppError::invalid(
                    "blood_group",
                    "invalid",
                    "Група крові: O+, O-, A+, A-, B+, B-, AB+ або AB-",
                )
            })?;
            let product = ProductCode::parse(product_code.trim())
                .map_err(|e| AppError::invalid("product_code", e.code(), e.to_string()))?;
            let expires_at = parse_expiry(expires_at).ok_or_else(|| {
                AppError::invalid(
                    "expires_at",
                    "invalid",
                    "Термін придатності: РРРР-ММ-ДД або РРРР-ММ-ДДTгг:хх (місцевий час)",
                )
            })?;
            Ok(ReadLabel {
                flags: DinFlags::check_of(&din).as_string(),
                din,
                group,
                product,
                expires_at,
                raw: None,
                field: "product_code",
            })
        }
    }
}

/// A typed expiry: a date (23:59 of it, as ISBT 128 reads a date-only expiry) or a local time.
fn parse_expiry(s: &str) -> Option<NaiveDateTime> {
    let t = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d.and_time(NaiveTime::from_hms_opt(23, 59, 0)?));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

impl App {
    pub async fn create_consignment(
        &self,
        a: &FacilityActor<'_, ReceiveStock>,
        i: ConsignmentInput,
    ) -> AppResult<Consignment> {
        let now = self.now();
        let supplier = text_field("supplier", &i.supplier, TextRule::line(200))?;
        let number = text_field("number", &i.number, TextRule::line(100))?;
        let arrived_at = i.arrived_at.unwrap_or(now);
        if arrived_at > now + Duration::minutes(5) {
            return Err(AppError::invalid(
                "arrived_at",
                "in_future",
                "Час прибуття ще не настав",
            ));
        }
        let temperature_x10 = match i.temperature_c {
            None => None,
            Some(t) if t.is_finite() && (-100.0..=60.0).contains(&t) => {
                Some((t * 10.0).round() as i64)
            }
            Some(_) => {
                return Err(AppError::invalid(
                    "temperature_c",
                    "out_of_range",
                    "Температура — від −100 до +60 °C",
                ));
            }
        };
        let c = Consignment {
            id: ekrov_store::new_id(),
            facility_id: a.facility_id(),
            supplier,
            number,
            arrived_at,
            temperature_x10,
            received_by: a.principal().account.id,
            received_by_name: a.principal().account.full_name(),
            created_at: now,
        };
        let mut tx = self.db.begin().await?;
        units::insert_consignment(&mut tx, &c).await?;
        record(
            &mut tx,
            a,
            "consignment.create",
            "consignment",
            c.id,
            None,
            Some(
                json!({"supplier": c.supplier, "number": c.number, "arrived_at": c.arrived_at,
                "temperature_x10": c.temperature_x10}),
            ),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(c)
    }

    pub async fn get_consignment(
        &self,
        a: &FacilityActor<'_, ReceiveStock>,
        id: Uuid,
    ) -> AppResult<Consignment> {
        units::consignment(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("поставку"))
    }

    /// Take one unit into stock. Refusals (422 with the field, 409 `duplicate_unit`) store nothing.
    pub async fn receive_unit(
        &self,
        a: &FacilityActor<'_, ReceiveStock>,
        consignment_id: Uuid,
        i: ReceiptInput,
    ) -> AppResult<UnitState> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let c = units::consignment(&mut tx, a.facility_id(), consignment_id)
            .await?
            .ok_or(AppError::NotFound("поставку"))?;
        let l = read_label(&i.label)?;
        let catalogue = products::all(&mut tx).await?;
        let product = find_product(&catalogue, &l.product)
            .map_err(|e| AppError::invalid(l.field, "unknown_product", e.to_string()))?;
        let eq = equipment::get(&mut tx, a.facility_id(), i.equipment_id)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "equipment_id",
                    "not_found",
                    "Обладнання не знайдено в закладі",
                )
            })?;
        let kind = EquipmentKind::parse(&eq.data.kind)
            .ok_or_else(|| AppError::Internal(format!("equipment kind {:?}", eq.data.kind)))?;
        // Expired on arrival, or by now if the unit is scanned later than it arrived.
        let at = kyiv_local(c.arrived_at).max(self.local_now());
        check_receipt(product, l.expires_at, at, &kind, eq.data.status).map_err(|r| {
            let field = if r.field() == "scan" {
                l.field
            } else {
                r.field()
            };
            let field = if field == "product_code" && r.code() == "expired" {
                "expires_at"
            } else {
                field
            };
            AppError::invalid(field, r.code(), r.to_string())
        })?;
        let key = units::isbt_key(l.din.as_str(), l.product.as_str());
        let duplicate = || {
            AppError::conflict(
                "duplicate_unit",
                format!(
                    "Одиниця {} ({}) уже є в запасі закладу",
                    l.din.eye_readable(),
                    l.product.as_str()
                ),
            )
        };
        if units::key_taken(&mut tx, a.facility_id(), &key).await? {
            return Err(duplicate());
        }
        let unit = Unit {
            id: ekrov_store::new_id(),
            facility_id: a.facility_id(),
            consignment_id: c.id,
            din: l.din.as_str().to_owned(),
            product_code: l.product.as_str().to_owned(),
            component: product.component,
            group: l.group,
            expires_at: l.expires_at,
            created_at: now,
        };
        match units::insert_unit(&mut tx, &unit, &l.flags, l.raw.as_deref()).await {
            Err(e) if e.is_unique_on(units::UNIT_UNIQUE) => return Err(duplicate()),
            r => r?,
        }
        let before = UnitState {
            unit,
            status: None,
            equipment_id: None,
        };
        let e = NewEvent {
            equipment_id: Some(eq.id),
            ..NewEvent::default()
        };
        let after = write_event(
            &mut tx,
            a,
            &before,
            EventKind::Received,
            UnitStatus::Available,
            e,
            Some(eq.id),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}
