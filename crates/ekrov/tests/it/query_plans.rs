//! The facility lists are read a page at a time in (created_at, id) order: SQLite must take each
//! page from an index in that order, not read and sort every row of the facility (the soak found
//! such sorts: docs/RELIABILITY.md, § 3). SQLite only: PostgreSQL's planner picks by table
//! statistics, so a plan on an empty test database says nothing there.

use crate::common;

use common::fresh_database;
use ekrov_store::testing::RawSql;
use ekrov_store::{Backend, Db};

#[tokio::test]
async fn list_pages_are_read_in_index_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&fresh_database(Backend::Sqlite, dir.path()).await)
        .await
        .unwrap();
    ekrov_store::migrate(&db).await.unwrap();
    // (table, whose list): the shape of the page queries in crates/store.
    let lists = [
        ("employees", "facility_id = $1"),
        ("departments", "facility_id = $1"),
        ("roles", "facility_id = $1"),
        ("positions", "department_id = $1"),
        ("equipment", "facility_id = $1"),
        ("equipment", "facility_id = $1 AND department_id = $9"),
        ("workplaces", "facility_id = $1"),
        ("workplaces", "facility_id = $1 AND department_id = $9"),
    ];
    for (table, owner) in lists {
        for keyset in [
            "",
            " AND (created_at > $2 OR (created_at = $2 AND id > $3))",
        ] {
            let sql = format!(
                "EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {owner}{keyset} \
                 ORDER BY created_at, id LIMIT 51"
            );
            let plan: Vec<String> = db
                .fetch_all(&sql, &[])
                .await
                .unwrap()
                .iter()
                .map(|r| r.text("detail").unwrap())
                .collect();
            assert!(
                plan.iter().any(|d| d.contains("USING INDEX")),
                "{table}: {plan:?}"
            );
            assert!(
                !plan.iter().any(|d| d.contains("TEMP B-TREE")),
                "{table} sorts its rows for a page: {plan:?}"
            );
        }
    }
    // The checklist's count of blood-bank departments comes from the index alone.
    let plan = db
        .fetch_all(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) AS n FROM departments \
             WHERE facility_id = $1 AND type = 'logistics_inventory_center'",
            &[],
        )
        .await
        .unwrap();
    let detail = plan[0].text("detail").unwrap();
    assert!(detail.contains("COVERING INDEX"), "{detail}");
    db.close().await;
}

/// The write-ahead log is copied into the database and truncated on demand (the server does it
/// every 5 s: SQLite cannot while readers never stop); on PostgreSQL there is nothing to do.
#[tokio::test]
async fn sqlite_checkpoint_truncates_the_write_ahead_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&fresh_database(Backend::Sqlite, dir.path()).await)
        .await
        .unwrap();
    ekrov_store::migrate(&db).await.unwrap();
    for day in 1..=28 {
        db.execute(
            "INSERT INTO days_off (day, reason, created_by, created_at) \
             VALUES ($1, 'test', 'test', '2026-12-01T10:00:00Z')",
            &[format!("2030-01-{day:02}").into()],
        )
        .await
        .unwrap();
    }
    let wal = dir.path().join("ekrov.db-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "writes went to the log"
    );
    assert_eq!(
        db.checkpoint().await.unwrap(),
        Some(ekrov_store::Checkpoint::Done)
    );
    assert_eq!(
        std::fs::metadata(&wal).unwrap().len(),
        0,
        "the log is truncated"
    );
    db.close().await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL on 127.0.0.1:5432 (CI runs it)"]
async fn postgres_has_no_checkpoint_to_make() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&fresh_database(Backend::Postgres, dir.path()).await)
        .await
        .unwrap();
    assert_eq!(db.checkpoint().await.unwrap(), None);
    db.close().await;
}
