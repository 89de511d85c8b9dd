//! The blood bank's stock under `/api/v1/facilities/{facility_id}/…` (API.md «The blood bank's
//! stock»), the catalogue at `/api/v1/products` and the operator's `/api/v1/haemovigilance`.
//!
//! As elsewhere: the permission proof first, then the body.

pub mod journals;
pub mod receipt;
pub mod units;

use chrono::NaiveDateTime;
use ekrov_app::stock::Listed;
use ekrov_domain::stock::records::UnitState;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A unit as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct UnitOut {
    pub id: Uuid,
    /// The 13-character DIN.
    pub din: String,
    /// All 8 characters of the scanned product code.
    pub product_code: String,
    /// `red_cells`, `plasma`, `platelets`, `cryoprecipitate`, `whole_blood`.
    pub component: String,
    /// `O`, `A`, `B`, `AB`.
    pub abo: String,
    /// `pos`, `neg`.
    pub rhd: String,
    /// The label's expiry, Kyiv local time: `YYYY-MM-DDTHH:MM`.
    pub expires_at: String,
    /// `available`, `quarantined`, `issued`, `expired`, `transfused`, `discarded`.
    pub status: String,
    /// The storage unit it is in (null while issued or once gone).
    pub equipment_id: Option<Uuid>,
    /// The expiry has been reached: never offered, waits to be discarded.
    pub expired: bool,
    /// Within its component class's warning time.
    pub expiring_soon: bool,
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

impl UnitOut {
    pub fn new(s: UnitState, now: NaiveDateTime) -> UnitOut {
        let expired = ekrov_domain::stock::fefo::is_expired(s.unit.expires_at, now);
        let warn = ekrov_domain::stock::fefo::ExpiryWarnings::default();
        UnitOut {
            id: s.unit.id,
            din: s.unit.din,
            product_code: s.unit.product_code,
            component: s.unit.component.code().into(),
            abo: s.unit.group.abo.code().into(),
            rhd: s.unit.group.rhd.code().into(),
            expires_at: local(s.unit.expires_at),
            status: s.status.map(|x| x.code()).unwrap_or("gone").into(),
            equipment_id: s.equipment_id,
            expired: expired && s.status.is_some_and(|x| x.on_hand()),
            expiring_soon: warn.expiring_soon(s.unit.component, s.unit.expires_at, now),
        }
    }
    pub fn listed(l: Listed, now: NaiveDateTime) -> UnitOut {
        let mut out = UnitOut::new(l.state, now);
        out.expired = l.expired;
        out.expiring_soon = l.expiring_soon;
        if l.expired {
            out.status = "expired".into();
        }
        out
    }
}
