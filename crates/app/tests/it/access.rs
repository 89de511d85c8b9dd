//! Access rules at the use-case level: first-login links expire, unknown tokens find nothing,
//! and a person with nothing to do with a facility gets no actor for it.

use chrono::Duration;
use ekrov_app::{AppError, facility::grant::ViewStructure};
use ekrov_domain::access::LinkState;
use ekrov_store::Backend;

use crate::{TestApp, both_backends, date, facility_data, fresh_app};

both_backends!(
    the_first_login_link_expires_after_its_time,
    an_unknown_token_finds_nothing,
    a_stranger_to_the_facility_gets_no_actor,
);

/// Register a facility; the first-login token as the letter carries it.
async fn registered(t: &TestApp) -> (uuid::Uuid, String) {
    let op = t.operator().await;
    let op = op.as_operator().unwrap();
    let v = t
        .app
        .record_application(
            &op,
            facility_data("00012925", "3287301233"),
            date(2026, 12, 7),
        )
        .await
        .unwrap();
    let (f, _) = t
        .app
        .register_application(&op, v.application.id)
        .await
        .unwrap();
    let mail = t.app.undelivered_mail(&op).await.unwrap();
    let body = &mail[0].letter.body_text;
    let at = body.find("/links/").unwrap() + "/links/".len();
    let token: String = body[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (f.id, token)
}

async fn the_first_login_link_expires_after_its_time(b: Backend) {
    let t = fresh_app(b).await;
    let (facility_id, token) = registered(&t).await;
    let info = t.app.link_info(&token).await.unwrap();
    assert_eq!(info.state, LinkState::Valid);
    assert_eq!(info.facility_id, facility_id);
    t.clock
        .advance(t.app.settings.first_login_ttl - Duration::seconds(1));
    assert_eq!(
        t.app.link_info(&token).await.unwrap().state,
        LinkState::Valid
    );
    t.clock.advance(Duration::seconds(1));
    assert_eq!(
        t.app.link_info(&token).await.unwrap().state,
        LinkState::Expired
    );
}

async fn an_unknown_token_finds_nothing(b: Backend) {
    let t = fresh_app(b).await;
    registered(&t).await;
    let e = t.app.link_info("not-a-token").await.unwrap_err();
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
}

async fn a_stranger_to_the_facility_gets_no_actor(b: Backend) {
    let t = fresh_app(b).await;
    let (facility_id, _) = registered(&t).await;
    // The operator registered it but is neither its administrator nor its employee.
    let op = t.operator().await;
    let e = t
        .app
        .facility_actor::<ViewStructure>(&op, facility_id)
        .await
        .err()
        .unwrap();
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
}
