//! Login with КЕП: a challenge from the server, signed by the person's own key in their browser,
//! verified here (CMS signature, certificate path, revocation), and the РНОКПП read from the
//! certificate decides who is logging in. First-login links work the same way.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use ekrov_kep::{KepError, SignerIdentity};
use ekrov_store::{
    access::accounts,
    access::challenges::{self, Challenge},
    access::links::{self, Kind, Link, State},
    audit::{self, Entry},
    registration::facilities,
};
use serde_json::json;
use uuid::Uuid;

use crate::{App, AppError, AppResult, access::NewSession, random_token};

/// How long a challenge may be signed for.
pub const CHALLENGE_TTL: Duration = Duration::minutes(5);

pub struct IssuedChallenge {
    pub id: Uuid,
    /// The exact bytes to sign.
    pub bytes: Vec<u8>,
    pub expires_at: DateTime<Utc>,
}

fn kep_error(e: KepError) -> AppError {
    let code = e.code();
    let message = match code {
        "signature_invalid" | "malformed_signature" => {
            "Підпис недійсний: він не відповідає запиту або пошкоджений"
        }
        "certificate_untrusted" => {
            "Сертифікат не знайдено або він недійсний: його видав не довірений надавач послуг"
        }
        "certificate_expired" => "Термін дії сертифіката закінчився (або ще не почався)",
        "certificate_revoked" => "Сертифікат скасовано (відкликано) надавачем послуг",
        "unsupported_algorithm" => "Алгоритм підпису ще не підтримується (ДСТУ 4145 — згодом)",
        _ => "Підпис не прийнято",
    };
    tracing::info!(error = %e, code, "КЕП refused");
    AppError::Signature {
        code,
        message: format!("{message} ({e})"),
    }
}

impl App {
    /// A fresh challenge, stored so that any instance can finish the login.
    pub async fn issue_challenge(&self, purpose: &str) -> AppResult<IssuedChallenge> {
        let now = self.now();
        let expires_at = now + CHALLENGE_TTL;
        let text = format!(
            "єКров: вхід за КЕП\npurpose: {purpose}\nurl: {}\nnonce: {}\nexpires: {}\n",
            self.settings.public_url,
            random_token(),
            ekrov_store::ts(expires_at)
        );
        let c = Challenge {
            id: ekrov_store::new_id(),
            challenge: text,
            purpose: purpose.into(),
            expires_at,
            used_at: None,
        };
        challenges::insert(&self.db, &c, now).await?;
        Ok(IssuedChallenge {
            id: c.id,
            bytes: c.challenge.into_bytes(),
            expires_at,
        })
    }

    /// Spend the challenge (whatever comes next, it cannot be used again), then verify the
    /// signature over it. Returns who signed.
    async fn verify_challenge(
        &self,
        challenge_id: &str,
        signature_b64: &str,
    ) -> AppResult<SignerIdentity> {
        let now = self.now();
        let id: Uuid = challenge_id.parse().map_err(|_| {
            AppError::invalid("challenge_id", "invalid_value", "Невідомий запит на підпис")
        })?;
        let sig = base64::engine::general_purpose::STANDARD
            .decode(signature_b64.trim())
            .map_err(|_| {
                AppError::invalid(
                    "signature",
                    "invalid_base64",
                    "Підпис має бути в base64 (DER)",
                )
            })?;
        let mut tx = self.db.begin().await?;
        let c = challenges::get(&mut tx, id).await?.ok_or_else(|| {
            AppError::invalid(
                "challenge_id",
                "unknown_challenge",
                "Невідомий запит на підпис",
            )
        })?;
        if c.used_at.is_some() || !challenges::mark_used(&mut tx, id, now).await? {
            return Err(AppError::Signature {
                code: "challenge_used",
                message: "Цей запит на підпис уже використано: почніть вхід знову".into(),
            });
        }
        tx.commit().await?;
        if now >= c.expires_at {
            return Err(AppError::Signature {
                code: "challenge_expired",
                message: "Час на підпис минув (5 хвилин): почніть вхід знову".into(),
            });
        }
        let verifier = self.verifier.clone();
        let content = c.challenge.into_bytes();
        // Signature checks are CPU work: keep them off the async workers.
        let v = tokio::task::spawn_blocking(move || verifier.verify(&sig, Some(&content), now))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(kep_error)?;
        Ok(v.signer)
    }

    /// `POST /auth/kep`: log in whoever signed, if the system knows them.
    pub async fn login_kep(
        &self,
        challenge_id: &str,
        signature_b64: &str,
    ) -> AppResult<NewSession> {
        let signer = self.verify_challenge(challenge_id, signature_b64).await?;
        let rnokpp = signer.rnokpp.clone().ok_or_else(|| {
            AppError::forbidden(
                "unknown_person",
                "У сертифікаті немає РНОКПП: вхід неможливий",
            )
        })?;
        let mut tx = self.db.begin().await?;
        let account = accounts::by_rnokpp(&mut tx, &rnokpp).await?;
        let Some(account) = account else {
            return Err(unknown_person());
        };
        if !self.is_known_person(account.id).await? {
            return Err(unknown_person());
        }
        let s = self.open_session(&mut tx, account).await?;
        audit::append(
            &mut tx,
            &audit::Actor { id: Some(s.account.id), label: s.account.full_name() },
            Entry {
                facility_id: None,
                action: "session.login",
                entity: "account",
                entity_id: s.account.id.to_string(),
                before: None,
                after: Some(json!({"certificate_issuer": signer.issuer, "certificate_serial": signer.serial_hex})),
            },
            self.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(s)
    }

    /// An operator, a facility administrator, or an employee who has accepted an invitation.
    async fn is_known_person(&self, account: Uuid) -> AppResult<bool> {
        Ok(accounts::is_operator(&self.db, account).await?
            || self.is_facility_person(account).await?)
    }

    /// `POST /links/{token}/accept`: the first login of a facility's administrator (or, later, an
    /// employee's invitation), signed by the person the link was made for.
    pub async fn accept_link(
        &self,
        token: &str,
        challenge_id: &str,
        signature_b64: &str,
    ) -> AppResult<NewSession> {
        let link = links::by_token(&self.db, token)
            .await?
            .ok_or(AppError::NotFound("посилання"))?;
        check_link_state(&link, self.now())?;
        let signer = self.verify_challenge(challenge_id, signature_b64).await?;
        // Checked before anything else about the person: a link is for one person only.
        if signer.rnokpp.as_deref() != Some(link.rnokpp.as_str()) {
            return Err(AppError::forbidden(
                "signer_mismatch",
                "Цей ключ належить іншій особі: посилання створено не для вас. Увійдіть ключем тієї особи, якій надіслано лист.",
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        // Re-read inside the transaction: the link may have been used or replaced meanwhile.
        let link = links::by_token_tx(&mut tx, token)
            .await?
            .ok_or(AppError::NotFound("посилання"))?;
        check_link_state(&link, now)?;
        let facility = facilities::get_tx(&mut tx, link.facility_id)
            .await?
            .ok_or(AppError::NotFound("посилання"))?;
        let account = match accounts::by_rnokpp(&mut tx, &link.rnokpp).await? {
            Some(a) => a,
            None => {
                // Named as the facility recorded the person: the application for its administrator,
                // the employee record for an invited employee.
                let admin = &facility.data.admin;
                let (surname, given_name, patronymic, email) = match link.kind {
                    Kind::FirstLogin => (
                        admin.surname.clone(),
                        admin.given_name.clone(),
                        admin.patronymic.clone(),
                        admin.email.as_str().to_owned(),
                    ),
                    Kind::Invitation => {
                        let e = self.invited_employee(&mut tx, &link).await?;
                        (
                            e.surname,
                            e.given_name,
                            e.patronymic,
                            e.email.as_str().to_owned(),
                        )
                    }
                };
                accounts::insert(
                    &mut tx,
                    &accounts::NewAccount {
                        rnokpp: &link.rnokpp,
                        surname: &surname,
                        given_name: &given_name,
                        patronymic: patronymic.as_deref(),
                        email: Some(&email),
                    },
                    now,
                )
                .await?
            }
        };
        if !links::mark_used(&mut tx, link.id, now).await? {
            return Err(AppError::conflict("link_used", "Посилання вже використано"));
        }
        match link.kind {
            Kind::FirstLogin => {
                facilities::set_admin_account(&mut tx, facility.id, account.id).await?;
            }
            Kind::Invitation => self.accept_invitation(&mut tx, &link, &account).await?,
        }
        audit::append(
            &mut tx,
            &audit::Actor {
                id: Some(account.id),
                label: account.full_name(),
            },
            Entry {
                facility_id: Some(facility.id),
                action: match link.kind {
                    Kind::FirstLogin => "facility.first_login",
                    Kind::Invitation => "invitation.accept",
                },
                entity: "link",
                entity_id: link.id.to_string(),
                before: Some(json!({"state": "valid"})),
                after: Some(json!({"state": "used", "account_id": account.id,
                    "certificate_issuer": signer.issuer, "certificate_serial": signer.serial_hex})),
            },
            now,
        )
        .await?;
        let s = self.open_session(&mut tx, account).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// The employee an invitation link was made for.
    async fn invited_employee(
        &self,
        tx: &mut ekrov_store::Tx,
        link: &Link,
    ) -> AppResult<ekrov_store::administration::employees::EmployeeData> {
        let gone = || AppError::Gone {
            code: "assignment_gone",
            message: "Призначення, до якого веде запрошення, не знайдено".into(),
        };
        let a = ekrov_store::administration::assignments::get(
            &mut *tx,
            link.facility_id,
            link.subject_id.ok_or_else(gone)?,
        )
        .await?
        .ok_or_else(gone)?;
        let e = ekrov_store::administration::employees::get(
            &mut *tx,
            link.facility_id,
            a.data.employee_id,
        )
        .await?
        .ok_or_else(gone)?;
        Ok(e.data)
    }
}

fn unknown_person() -> AppError {
    AppError::forbidden(
        "unknown_person",
        "Особу з цим РНОКПП не зареєстровано в єКров. Зверніться до адміністратора вашого закладу.",
    )
}

fn check_link_state(link: &Link, now: DateTime<Utc>) -> AppResult<()> {
    match link.state(now) {
        State::Valid => Ok(()),
        State::Expired => Err(AppError::Gone {
            code: "link_expired",
            message: match link.kind {
                Kind::FirstLogin => "Строк дії посилання минув. Зверніться до СДУ «УЦТК» по нове посилання для першого входу.",
                Kind::Invitation => "Строк дії запрошення минув. Зверніться до адміністратора вашого закладу по нове.",
            }
            .into(),
        }),
        State::Used => Err(AppError::conflict("link_used", "Посилання вже використано. Увійдіть звичайним способом.")),
        State::Revoked => Err(AppError::Gone {
            code: "link_revoked",
            message: "Посилання замінено новим: скористайтеся останнім отриманим листом.".into(),
        }),
    }
}
