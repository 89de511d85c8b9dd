//! Login with КЕП (`/api/v1/auth/*`), the caller (`/api/v1/me`), and accepting a link.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiResult, ErrorBody},
    extract::{Auth, RawBody, parse_json},
};

#[derive(Serialize, ToSchema)]
pub struct ChallengeOut {
    pub challenge_id: Uuid,
    /// Base64 of the UTF-8 text to sign, as-is (it names the purpose, the server's URL, a nonce, the expiry).
    pub challenge: String,
    pub expires_at: DateTime<Utc>,
}

/// A challenge to sign with one's КЕП: valid 5 minutes, for one use.
#[utoipa::path(post, path = "/api/v1/auth/challenge", tag = "auth",
    responses((status = 201, body = ChallengeOut), (status = 429, body = ErrorBody)))]
pub async fn challenge(State(s): State<AppState>) -> ApiResult<(StatusCode, Json<ChallengeOut>)> {
    let c = s.app.issue_challenge("login").await?;
    Ok((
        StatusCode::CREATED,
        Json(ChallengeOut {
            challenge_id: c.id,
            challenge: base64::engine::general_purpose::STANDARD.encode(&c.bytes),
            expires_at: c.expires_at,
        }),
    ))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct SignedIn {
    pub challenge_id: String,
    /// Base64 of the DER CMS SignedData over the decoded challenge (detached or attached).
    pub signature: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccountOut {
    pub id: Uuid,
    pub rnokpp: String,
    pub full_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginOut {
    /// Bearer token: 256 random bits, kept by the server only as a hash.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub account: AccountOut,
}

pub(crate) fn login_out(s: ekrov_app::access::NewSession) -> LoginOut {
    LoginOut {
        account: AccountOut {
            id: s.account.id,
            rnokpp: s.account.rnokpp.clone(),
            full_name: s.account.full_name(),
        },
        token: s.token,
        expires_at: s.expires_at,
    }
}

/// Log in with a signed challenge.
#[utoipa::path(post, path = "/api/v1/auth/kep", tag = "auth", request_body = SignedIn,
    responses((status = 200, body = LoginOut),
        (status = 401, body = ErrorBody, description = "signature_invalid, certificate_untrusted, certificate_expired, certificate_revoked, challenge_expired, challenge_used"),
        (status = 403, body = ErrorBody, description = "unknown_person"), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn kep(State(s): State<AppState>, RawBody(body): RawBody) -> ApiResult<Json<LoginOut>> {
    let b: SignedIn = parse_json(&body)?;
    Ok(Json(login_out(
        s.app.login_kep(&b.challenge_id, &b.signature).await?,
    )))
}

/// End this session: the token stops working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(s): State<AppState>, auth: Auth) -> ApiResult<StatusCode> {
    s.app.logout(&auth.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct FacilityRef {
    pub id: Uuid,
    pub short_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct MembershipOut {
    pub facility: FacilityRef,
    pub administrator: bool,
    #[schema(value_type = Vec<Object>)]
    pub positions: Vec<serde_json::Value>,
    pub permissions: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MeOut {
    pub account: AccountOut,
    /// A national operator (СДУ «УЦТК»).
    pub operator: bool,
    pub memberships: Vec<MembershipOut>,
}

/// Who is calling, and what they may do where.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)))]
pub async fn me(State(s): State<AppState>, auth: Auth) -> ApiResult<Json<MeOut>> {
    let p = auth.principal;
    let memberships = s
        .app
        .memberships(p.account.id)
        .await?
        .into_iter()
        .map(|m| MembershipOut {
            facility: FacilityRef { id: m.facility_id, short_name: m.short_name },
            administrator: m.administrator,
            positions: m
                .positions
                .into_iter()
                .map(|h| {
                    serde_json::json!({"assignment_id": h.assignment_id, "position_id": h.position_id, "title": h.title,
                        "department_id": h.department_id, "department_name": h.department_name, "kind": h.kind})
                })
                .collect(),
            permissions: m.permissions.into_iter().map(str::to_owned).collect(),
        })
        .collect();
    Ok(Json(MeOut {
        account: AccountOut {
            id: p.account.id,
            rnokpp: p.account.rnokpp.clone(),
            full_name: p.account.full_name(),
        },
        operator: p.operator,
        memberships,
    }))
}

/// Accept a first-login link (or an invitation) with a signed challenge: the signer must be the
/// person the link was made for.
#[utoipa::path(post, path = "/api/v1/links/{token}/accept", tag = "links", params(("token" = String, Path)), request_body = SignedIn,
    responses((status = 200, body = LoginOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "signer_mismatch"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "link_used"),
        (status = 410, body = ErrorBody, description = "link_expired, link_revoked"), (status = 422, body = ErrorBody)))]
pub async fn accept(
    State(s): State<AppState>,
    Path(token): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<Json<LoginOut>> {
    let b: SignedIn = parse_json(&body)?;
    Ok(Json(login_out(
        s.app
            .accept_link(&token, &b.challenge_id, &b.signature)
            .await?,
    )))
}
