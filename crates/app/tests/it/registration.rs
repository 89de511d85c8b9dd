//! Registration rules at the use-case level: the deadline on the martial-law calendar, the
//! operator's days off, the future-date rule, overdue applications, registration and its letter.

use chrono::Duration;
use ekrov_app::{AppError, registration::ApplicationQuery};
use ekrov_store::Backend;

use crate::{both_backends, date, facility_data, fresh_app};

both_backends!(
    due_in_20_working_days_with_holidays_worked,
    a_declared_day_off_moves_the_deadline,
    an_application_received_tomorrow_is_refused_and_nothing_is_written,
    overdue_once_the_due_date_has_passed,
    registering_writes_the_facility_and_one_first_login_letter,
);

async fn due_in_20_working_days_with_holidays_worked(b: Backend) {
    let t = fresh_app(b).await;
    let op = t.operator().await;
    let v = t
        .app
        .record_application(
            &op.as_operator().unwrap(),
            facility_data("00012925", "3287301233"),
            date(2026, 12, 7),
        )
        .await
        .unwrap();
    // Dec 8–11, 14–18, 21–25 (Christmas worked), 28–31, Jan 1 (New Year worked), Jan 4: the 20th.
    assert_eq!(v.application.due_on, date(2027, 1, 4));
    assert_eq!(v.working_days_left, Some(20));
    assert!(!v.overdue);
}

async fn a_declared_day_off_moves_the_deadline(b: Backend) {
    let t = fresh_app(b).await;
    let op = t.operator().await;
    let op = op.as_operator().unwrap();
    assert!(
        t.app
            .add_day_off(&op, date(2026, 12, 31), "Рішення Кабміну")
            .await
            .unwrap()
    );
    let v = t
        .app
        .record_application(
            &op,
            facility_data("00012925", "3287301233"),
            date(2026, 12, 7),
        )
        .await
        .unwrap();
    assert_eq!(v.application.due_on, date(2027, 1, 5));
}

async fn an_application_received_tomorrow_is_refused_and_nothing_is_written(b: Backend) {
    let t = fresh_app(b).await;
    let op = t.operator().await;
    let op = op.as_operator().unwrap();
    let e = t
        .app
        .record_application(
            &op,
            facility_data("00012925", "3287301233"),
            date(2026, 12, 8),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AppError::Invalid { field, .. } if field == "received_on"),
        "{e:?}"
    );
    let q = ApplicationQuery {
        limit: 50,
        ..Default::default()
    };
    assert!(t.app.list_applications(&op, &q).await.unwrap().is_empty());
}

async fn overdue_once_the_due_date_has_passed(b: Backend) {
    let t = fresh_app(b).await;
    let op = t.operator().await;
    let op = op.as_operator().unwrap();
    t.app
        .record_application(
            &op,
            facility_data("00012925", "3287301233"),
            date(2026, 12, 7),
        )
        .await
        .unwrap();
    let q = ApplicationQuery {
        limit: 50,
        overdue: true,
        ..Default::default()
    };
    // On the due day itself (Monday 4 January 2027, noon in Kyiv) it is not yet overdue.
    t.clock.set(crate::monday() + Duration::days(28));
    assert!(t.app.list_applications(&op, &q).await.unwrap().is_empty());
    t.clock.advance(Duration::days(1));
    let late = t.app.list_applications(&op, &q).await.unwrap();
    assert_eq!(late.len(), 1);
    assert!(late[0].overdue);
    assert_eq!(late[0].working_days_left, Some(-1));
}

async fn registering_writes_the_facility_and_one_first_login_letter(b: Backend) {
    let t = fresh_app(b).await;
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
    let (facility, expires_at) = t
        .app
        .register_application(&op, v.application.id)
        .await
        .unwrap();
    assert_eq!(facility.data.edrpou.as_str(), "00012925");
    assert_eq!(expires_at, crate::monday() + t.app.settings.first_login_ttl);
    let mail = t.app.undelivered_mail(&op).await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].letter.to, "admin@okl.example.ua");
    assert!(mail[0].letter.body_text.contains("/links/"));
    // A second registration of the same application is a conflict and sends nothing more.
    let again = t
        .app
        .register_application(&op, v.application.id)
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::Conflict { .. }), "{again:?}");
    assert_eq!(t.app.undelivered_mail(&op).await.unwrap().len(), 1);
}
