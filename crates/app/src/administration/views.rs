//! What the pages and the API both show of administration, computed once here: where an
//! invitation stands (live until when, minutes left, or expired) and who holds a department's
//! positions.

use chrono::{DateTime, Utc};
use ekrov_domain::{
    AssignmentKind,
    administration::{Assignment, AssignmentStatus},
};
use uuid::Uuid;

use super::Structure;
use crate::{App, AppResult, facility::FacilityActor, facility::grant::ViewStructure};

/// An invitation link's standing at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitationState {
    pub expires_at: DateTime<Utc>,
    /// Run out: a new invitation is needed.
    pub expired: bool,
    /// Whole minutes left (0 once expired).
    pub minutes_left: i64,
}

impl InvitationState {
    pub fn at(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        InvitationState {
            expires_at,
            expired: expires_at <= now,
            minutes_left: (expires_at - now).num_minutes().max(0),
        }
    }
}

/// Where a holder of a position stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderState {
    Active,
    /// Invited, and the live link holds until then.
    Invited {
        until: DateTime<Utc>,
    },
    /// Invited, and no live link is left: it waits for a new invitation.
    InvitationExpired,
}

impl HolderState {
    /// The assignment's status as stored: `invited` for both invited states.
    pub fn status(self) -> AssignmentStatus {
        match self {
            HolderState::Active => AssignmentStatus::Active,
            _ => AssignmentStatus::Invited,
        }
    }
}

/// A current holder of a position, with the name and state both faces show.
#[derive(Debug, Clone)]
pub struct Holder {
    pub assignment_id: Uuid,
    pub position_id: Uuid,
    pub employee_id: Uuid,
    /// The employee's full name (the id, should the employee be unreadable).
    pub name: String,
    pub kind: Option<AssignmentKind>,
    pub state: HolderState,
}

impl App {
    /// The current holders of the positions of department `dept` in `st`, in the structure's order.
    pub async fn department_holders(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        st: &Structure,
        dept: Uuid,
    ) -> AppResult<Vec<Holder>> {
        let held: Vec<&Assignment> = st
            .assignments
            .iter()
            .filter(|x| {
                st.positions
                    .iter()
                    .any(|p| p.id == x.position_id && p.department_id == dept)
            })
            .collect();
        let ids: Vec<Uuid> = held.iter().map(|x| x.data.employee_id).collect();
        let employees = self.holders(a, &ids).await?;
        let invited: Vec<Uuid> = held
            .iter()
            .filter(|x| x.status == AssignmentStatus::Invited)
            .map(|x| x.id)
            .collect();
        let deadlines = if invited.is_empty() {
            Default::default()
        } else {
            self.invitation_deadlines(a, &invited).await?
        };
        let now = self.now();
        Ok(held
            .into_iter()
            .map(|x| {
                let state = match (x.status, deadlines.get(&x.id)) {
                    (AssignmentStatus::Invited, Some(d)) if *d > now => {
                        HolderState::Invited { until: *d }
                    }
                    (AssignmentStatus::Invited, _) => HolderState::InvitationExpired,
                    _ => HolderState::Active,
                };
                Holder {
                    assignment_id: x.id,
                    position_id: x.position_id,
                    employee_id: x.data.employee_id,
                    name: employees
                        .iter()
                        .find(|e| e.id == x.data.employee_id)
                        .map(|e| e.data.full_name())
                        .unwrap_or_else(|| x.data.employee_id.to_string()),
                    kind: AssignmentKind::parse(&x.data.kind),
                    state,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn invitation_state_counts_whole_minutes_and_expires_at_the_deadline() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .unwrap()
            .to_utc();
        let live = InvitationState::at(now + Duration::seconds(61 * 60 + 59), now);
        assert_eq!((live.expired, live.minutes_left), (false, 61));
        let due = InvitationState::at(now, now);
        assert_eq!((due.expired, due.minutes_left), (true, 0));
        let gone = InvitationState::at(now - Duration::hours(1), now);
        assert_eq!((gone.expired, gone.minutes_left), (true, 0));
    }
}
