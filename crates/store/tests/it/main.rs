//! The store on both databases, without the layers above: the audit chain and what breaks it,
//! the log's pages, migrations run twice, the operator's days off.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use ekrov_store::{
    Backend, Db,
    audit::{self, Actor, Entry, Verdict},
    registration::days_off,
    testing::RawSql,
};
use serde_json::json;

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(ekrov_store::Backend::Sqlite).await
            }
            #[tokio::test]
            #[ignore = "needs PostgreSQL on 127.0.0.1:5432 (CI runs it)"]
            async fn postgres() {
                super::$name(ekrov_store::Backend::Postgres).await
            }
        }
    )*};
}

both_backends!(
    the_audit_chain_holds_and_names_an_edited_row,
    a_deleted_audit_row_breaks_the_chain,
    the_log_pages_newest_first,
    migrating_again_changes_nothing,
    a_day_off_is_added_once,
);

/// A migrated, empty database; the folder lives as long as the database is used.
async fn fresh(b: Backend) -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = ekrov_store::testing::fresh_database(b, dir.path()).await;
    let db = Db::connect(&url).await.unwrap();
    ekrov_store::migrate(&db).await.unwrap();
    (db, dir)
}

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap() + Duration::minutes(minute)
}

async fn append_n(db: &Db, n: usize) {
    let actor = Actor {
        id: None,
        label: "system: test".into(),
    };
    for i in 0..n {
        let mut tx = db.begin().await.unwrap();
        audit::append(
            &mut tx,
            &actor,
            Entry {
                facility_id: None,
                action: "test.step",
                entity: "test",
                entity_id: i.to_string(),
                before: None,
                after: Some(json!({ "i": i })),
            },
            at(i as i64),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn the_audit_chain_holds_and_names_an_edited_row(b: Backend) {
    let (db, _dir) = fresh(b).await;
    append_n(&db, 3).await;
    assert_eq!(
        audit::verify(&db).await.unwrap(),
        Verdict::Intact { rows: 3 }
    );
    let rows = audit::list(&db, None, None, 10).await.unwrap();
    let second = rows.iter().find(|r| r.entity_id == "1").unwrap().seq;
    db.execute(
        "UPDATE audit_log SET action = 'test.forged' WHERE seq = $1",
        &[second.into()],
    )
    .await
    .unwrap();
    match audit::verify(&db).await.unwrap() {
        Verdict::Broken { seq, .. } => assert_eq!(seq, second),
        v => panic!("an edited row went unnoticed: {v:?}"),
    }
}

async fn a_deleted_audit_row_breaks_the_chain(b: Backend) {
    let (db, _dir) = fresh(b).await;
    append_n(&db, 3).await;
    let rows = audit::list(&db, None, None, 10).await.unwrap();
    let middle = rows.iter().find(|r| r.entity_id == "1").unwrap().seq;
    db.execute("DELETE FROM audit_log WHERE seq = $1", &[middle.into()])
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&db).await.unwrap(),
        Verdict::Broken { .. }
    ));
}

async fn the_log_pages_newest_first(b: Backend) {
    let (db, _dir) = fresh(b).await;
    append_n(&db, 5).await;
    let first = audit::list(&db, None, None, 2).await.unwrap();
    let ids: Vec<&str> = first.iter().map(|r| r.entity_id.as_str()).collect();
    assert_eq!(ids, ["4", "3"]);
    let next = audit::list(&db, None, Some(first[1].seq), 10)
        .await
        .unwrap();
    let ids: Vec<&str> = next.iter().map(|r| r.entity_id.as_str()).collect();
    assert_eq!(ids, ["2", "1", "0"]);
}

async fn migrating_again_changes_nothing(b: Backend) {
    let (db, _dir) = fresh(b).await;
    append_n(&db, 1).await;
    assert_eq!(
        ekrov_store::migrate(&db).await.unwrap(),
        0,
        "no migration runs twice"
    );
    assert_eq!(audit::count(&db).await.unwrap(), 1);
}

async fn a_day_off_is_added_once(b: Backend) {
    let (db, _dir) = fresh(b).await;
    let d = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    for expect in [true, false] {
        let mut tx = db.begin().await.unwrap();
        assert_eq!(
            days_off::add(&mut tx, d, "Рішення", "оператор", at(0))
                .await
                .unwrap(),
            expect
        );
        tx.commit().await.unwrap();
    }
    let all = days_off::all(&db).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].day, d);
}
