//! Days off the operator declares beyond the calendar's rules (they move the deadlines).

use super::*;

impl App {
    pub async fn list_days_off(&self) -> AppResult<Vec<store::days_off::DayOff>> {
        Ok(store::days_off::all(&self.db).await?)
    }

    /// Declare an extra non-working day (applies to deadlines computed from now on).
    pub async fn add_day_off(
        &self,
        p: &Operator<'_>,
        day: NaiveDate,
        reason: &str,
    ) -> AppResult<bool> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                "reason",
                "required",
                "Вкажіть підставу (наприклад, постанову КМУ)",
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let added =
            store::days_off::add(&mut tx, day, reason, &p.account.id.to_string(), now).await?;
        if added {
            audit::append(
                &mut tx,
                &p.audit_actor(),
                Entry {
                    facility_id: None,
                    action: "calendar.day_off_add",
                    entity: "day_off",
                    entity_id: day.to_string(),
                    before: None,
                    after: Some(json!({"day": day.to_string(), "reason": reason})),
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }
}
