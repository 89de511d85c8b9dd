//! The figures the onboarding checklist is computed from, for one facility or for all at once
//! (the operator's national view): a fixed number of grouped queries however many facilities
//! there are.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

use crate::{Arg, Db, StoreError, ts};
pub use ekrov_domain::onboarding::{Counts, OpenInvitation};

const LBK: &str = "SELECT id FROM departments WHERE type = 'logistics_inventory_center'";

/// Counts per facility: every facility when `only` is None, else those (up to 1,000 at a time).
pub async fn counts(
    db: &Db,
    only: Option<&[Uuid]>,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, Counts>, StoreError> {
    let mut out: HashMap<Uuid, Counts> = HashMap::new();
    match only {
        None => counts_of(db, None, now, &mut out).await?,
        Some(ids) => {
            for chunk in ids.chunks(1000) {
                counts_of(db, Some(chunk), now, &mut out).await?;
            }
        }
    }
    Ok(out)
}

async fn counts_of(
    db: &Db,
    only: Option<&[Uuid]>,
    now: DateTime<Utc>,
    out: &mut HashMap<Uuid, Counts>,
) -> Result<(), StoreError> {
    let (filter, facility_filter, base): (String, String, Vec<Arg>) = match only {
        Some([]) => return Ok(()),
        Some(ids) => {
            let list = crate::on::placeholders(1, ids.len());
            (
                format!(" AND t.facility_id IN ({list})"),
                format!(" WHERE id IN ({list})"),
                ids.iter().map(|i| Arg::from(i.to_string())).collect(),
            )
        }
        None => (String::new(), String::new(), vec![]),
    };
    for r in db
        .fetch_all(
            &format!("SELECT id, admin_account_id FROM facilities{facility_filter}"),
            &base,
        )
        .await?
    {
        out.entry(r.uuid("id")?).or_default().first_login =
            r.opt_uuid("admin_account_id")?.is_some();
    }
    // (what, SQL over alias t yielding facility_id and n)
    let queries: [(&str, String); 10] = [
        ("roles", "SELECT t.facility_id, COUNT(*) AS n FROM roles t WHERE 1=1".into()),
        ("employees", "SELECT t.facility_id, COUNT(*) AS n FROM employees t WHERE 1=1".into()),
        (
            "departments",
            "SELECT t.facility_id, COUNT(*) AS n FROM departments t WHERE t.type = 'logistics_inventory_center'".into(),
        ),
        (
            "positions",
            format!("SELECT t.facility_id, COUNT(*) AS n FROM positions t WHERE t.department_id IN ({LBK})"),
        ),
        (
            "assignments",
            format!(
                "SELECT t.facility_id, COUNT(*) AS n FROM assignments t JOIN positions p ON p.id = t.position_id \
                 WHERE t.status <> 'ended' AND p.department_id IN ({LBK})"
            ),
        ),
        (
            "active",
            format!(
                "SELECT t.facility_id, COUNT(*) AS n FROM assignments t JOIN positions p ON p.id = t.position_id \
                 WHERE t.status = 'active' AND p.department_id IN ({LBK})"
            ),
        ),
        (
            "workplaces",
            format!("SELECT t.facility_id, COUNT(*) AS n FROM workplaces t WHERE t.department_id IN ({LBK})"),
        ),
        (
            "refrigerators",
            format!(
                "SELECT t.facility_id, COUNT(*) AS n FROM equipment t WHERE t.kind = 'blood_refrigerator' \
                 AND t.status <> 'decommissioned' AND t.department_id IN ({LBK})"
            ),
        ),
        (
            "freezers",
            format!(
                "SELECT t.facility_id, COUNT(*) AS n FROM equipment t WHERE t.kind = 'plasma_freezer' \
                 AND t.status <> 'decommissioned' AND t.department_id IN ({LBK})"
            ),
        ),
        (
            "agitators",
            format!(
                "SELECT t.facility_id, COUNT(*) AS n FROM equipment t WHERE t.kind = 'platelet_agitator' \
                 AND t.status <> 'decommissioned' AND t.department_id IN ({LBK})"
            ),
        ),
    ];
    for (what, sql) in queries {
        let sql = format!("{sql}{filter} GROUP BY t.facility_id");
        for r in db.fetch_all(&sql, &base).await? {
            let c = out.entry(r.uuid("facility_id")?).or_default();
            let n = r.int("n")?;
            match what {
                "roles" => c.roles = n,
                "employees" => c.employees = n,
                "departments" => c.blood_bank_departments = n,
                "positions" => c.blood_bank_positions = n,
                "assignments" => c.blood_bank_assignments = n,
                "active" => c.blood_bank_active = n,
                "workplaces" => c.blood_bank_workplaces = n,
                "refrigerators" => c.refrigerators = n,
                "freezers" => c.freezers = n,
                _ => c.agitators = n,
            }
        }
    }
    // Invitations: the one live link of each assignment still waiting for its employee.
    let mut a = base.clone();
    a.push(ts(now).into());
    let at = a.len();
    let sql = format!(
        "SELECT t.facility_id, \
         SUM(CASE WHEN l.expires_at > ${at} THEN 1 ELSE 0 END) AS pending, \
         SUM(CASE WHEN l.expires_at <= ${at} THEN 1 ELSE 0 END) AS expired \
         FROM assignments t JOIN links l ON l.subject_id = t.id AND l.kind = 'invitation' \
         AND l.used_at IS NULL AND l.revoked_at IS NULL \
         WHERE t.status = 'invited'{filter} GROUP BY t.facility_id"
    );
    for r in db.fetch_all(&sql, &a).await? {
        let c = out.entry(r.uuid("facility_id")?).or_default();
        c.invitations_pending = r.int("pending")?;
        c.invitations_expired = r.int("expired")?;
    }
    Ok(())
}

/// The facility's invitations not yet accepted, soonest to expire first.
pub async fn open_invitations(
    db: &Db,
    facility_id: Uuid,
) -> Result<Vec<OpenInvitation>, StoreError> {
    let rows = db
        .fetch_all(
            "SELECT t.id AS assignment_id, e.surname, e.given_name, e.patronymic, p.title, l.expires_at \
             FROM assignments t \
             JOIN links l ON l.subject_id = t.id AND l.kind = 'invitation' AND l.used_at IS NULL AND l.revoked_at IS NULL \
             JOIN employees e ON e.id = t.employee_id \
             JOIN positions p ON p.id = t.position_id \
             WHERE t.facility_id = $1 AND t.status = 'invited' ORDER BY l.expires_at, t.id",
            &[facility_id.to_string().into()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let name = [
                Some(r.text("surname")?),
                Some(r.text("given_name")?),
                r.opt_text("patronymic")?,
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
            Ok(OpenInvitation {
                assignment_id: r.uuid("assignment_id")?,
                employee_name: name,
                position_title: r.text("title")?,
                expires_at: r.instant("expires_at")?,
            })
        })
        .collect()
}
