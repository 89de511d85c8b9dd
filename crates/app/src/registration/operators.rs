//! National operators (`ekrov operator add`).

use super::*;

impl App {
    /// `ekrov operator add`: make a person a national operator (idempotent).
    pub async fn add_operator(&self, n: NewOperator) -> AppResult<(accounts::Account, bool)> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let account = match accounts::by_rnokpp(&mut tx, n.rnokpp.as_str()).await? {
            Some(a) => a,
            None => {
                accounts::insert(
                    &mut tx,
                    &accounts::NewAccount {
                        rnokpp: n.rnokpp.as_str(),
                        surname: &n.surname,
                        given_name: &n.given_name,
                        patronymic: n.patronymic.as_deref(),
                        email: n.email.as_ref().map(Email::as_str),
                    },
                    now,
                )
                .await?
            }
        };
        let added = accounts::add_operator(&mut tx, account.id, now).await?;
        if added {
            audit::append(
                &mut tx,
                &system_actor("cli operator add"),
                Entry {
                    facility_id: None,
                    action: "operator.add",
                    entity: "account",
                    entity_id: account.id.to_string(),
                    before: None,
                    after: Some(json!({"rnokpp": account.rnokpp, "name": account.full_name()})),
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok((account, added))
    }
}
