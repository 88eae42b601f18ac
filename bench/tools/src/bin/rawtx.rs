//! The raw-write bounds of S4 and S6: the same writes the portal makes, as plain SQL
//! transactions with prepared (cached) statements, on scratch tables shaped like the portal's,
//! created in the same database and dropped afterwards.
//!
//! - `signup <db> <seconds>`: one writer in a loop: lock, take a place with a conditional update,
//!   insert the registration, the audit event and the mail (S4's sign-up writes).
//! - `payouts <db> <n> <repeats>`: one transaction that builds a batch of `n` payouts (a
//!   conditional update and an attempt each), approves it, reads it back joined and exports it
//!   (every payout and attempt moved on); median milliseconds (S6's batch).
//! - `bulk <db> <n> <repeats>`: one transaction inserting `n` roster-shaped rows in multi-row
//!   inserts; median milliseconds (S6's roster import).
//!
//! `<db>` is a SQLite file or a `postgres://` URL.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use std::time::Instant;

const SCRATCH: &str = "
CREATE TABLE bench_fairs (id TEXT PRIMARY KEY NOT NULL, capacity BIGINT NOT NULL, taken BIGINT NOT NULL);
CREATE TABLE bench_registrations (id TEXT PRIMARY KEY NOT NULL, fair_id TEXT NOT NULL, user_id TEXT NOT NULL,
  status TEXT NOT NULL, ticket_code TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE UNIQUE INDEX bench_registrations_once ON bench_registrations (fair_id, user_id);
CREATE TABLE bench_audit (seq BIGINT PRIMARY KEY NOT NULL, action TEXT NOT NULL, entity_id TEXT NOT NULL,
  after TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE bench_outbox (id TEXT PRIMARY KEY NOT NULL, recipient TEXT NOT NULL, template TEXT NOT NULL,
  params TEXT NOT NULL, dedupe_key TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE UNIQUE INDEX bench_outbox_dedupe ON bench_outbox (dedupe_key);
CREATE TABLE bench_payouts (id TEXT PRIMARY KEY NOT NULL, reference TEXT NOT NULL, name TEXT NOT NULL,
  account TEXT NOT NULL, amount_fen BIGINT NOT NULL, status TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX bench_payouts_status ON bench_payouts (status);
CREATE TABLE bench_batches (id TEXT PRIMARY KEY NOT NULL, status TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE bench_attempts (id TEXT PRIMARY KEY NOT NULL, payout_id TEXT NOT NULL, batch_id TEXT NOT NULL,
  status TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX bench_attempts_batch ON bench_attempts (batch_id, status);
CREATE TABLE bench_rows (id TEXT PRIMARY KEY NOT NULL, batch_id TEXT NOT NULL, row_no BIGINT NOT NULL,
  full_name TEXT NOT NULL, id_number_enc TEXT NOT NULL, id_number_hash TEXT NOT NULL, employer TEXT NOT NULL,
  amount_fen BIGINT NOT NULL, bank_account_enc TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE UNIQUE INDEX bench_rows_once ON bench_rows (batch_id, id_number_hash);
";

const DROP: &str = "DROP TABLE IF EXISTS bench_fairs; DROP TABLE IF EXISTS bench_registrations;
DROP TABLE IF EXISTS bench_audit; DROP TABLE IF EXISTS bench_outbox; DROP TABLE IF EXISTS bench_payouts;
DROP TABLE IF EXISTS bench_batches; DROP TABLE IF EXISTS bench_attempts; DROP TABLE IF EXISTS bench_rows;";

const NOW: &str = "2026-12-02 10:00:00.000000";

fn die(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("{what}: {e}");
    std::process::exit(1)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// One implementation per backend: the statements are the same, only the placeholders, the way
/// a write transaction starts and the lock differ (as in the portal's `db::write_tx`/`db::lock`).
macro_rules! backend {
    ($name:ident, $conn:ty, $backend:ty, $begin:expr, $lock:expr, $ph:expr) => {
        mod $name {
            use super::*;

            fn q(sql: &str) -> String {
                // `?1`-style markers in the shared text become this backend's placeholders.
                let mut out = String::new();
                let mut n = 0;
                for c in sql.chars() {
                    if c == '?' {
                        n += 1;
                        out.push_str(&$ph(n));
                    } else {
                        out.push(c);
                    }
                }
                out
            }

            fn tx<T>(conn: &mut $conn, f: impl FnOnce(&mut $conn) -> QueryResult<T>) -> T {
                conn.batch_execute($begin).unwrap_or_else(|e| die("begin", e));
                match f(conn) {
                    Ok(v) => {
                        conn.batch_execute("COMMIT").unwrap_or_else(|e| die("commit", e));
                        v
                    }
                    Err(e) => die("transaction", e),
                }
            }

            pub fn signup(conn: &mut $conn, seconds: f64) -> f64 {
                let fair = q("UPDATE bench_fairs SET taken = taken + 1 WHERE id = ? AND taken < capacity");
                let reg = q("INSERT INTO bench_registrations (id, fair_id, user_id, status, ticket_code, created_at, updated_at) VALUES (?, ?, ?, 'registered', ?, ?, ?)");
                let audit = q("INSERT INTO bench_audit (seq, action, entity_id, after, hash, created_at) VALUES (?, 'fair.signed_up', ?, ?, ?, ?)");
                let mail = q("INSERT INTO bench_outbox (id, recipient, template, params, dedupe_key, status, created_at) VALUES (?, ?, 'fair_signup', ?, ?, 'pending', ?)");
                conn.batch_execute("INSERT INTO bench_fairs (id, capacity, taken) VALUES ('f', 1000000000, 0)")
                    .unwrap_or_else(|e| die("fair", e));
                let until = Instant::now() + juxian_bench_tools::secs(seconds);
                let start = Instant::now();
                let mut n: i64 = 0;
                while Instant::now() < until {
                    n += 1;
                    let id = format!("r{n:012}");
                    tx(conn, |c| {
                        $lock(c)?;
                        let got = diesel::sql_query(&fair).bind::<Text, _>("f").execute(c)?;
                        diesel::sql_query(&reg)
                            .bind::<Text, _>(&id)
                            .bind::<Text, _>("f")
                            .bind::<Text, _>(format!("u{n}"))
                            .bind::<Text, _>((got == 1).then(|| format!("T{n:010}")).unwrap_or_default())
                            .bind::<Text, _>(NOW)
                            .bind::<Text, _>(NOW)
                            .execute(c)?;
                        diesel::sql_query(&audit)
                            .bind::<BigInt, _>(n)
                            .bind::<Text, _>(&id)
                            .bind::<Text, _>("{\"fair\":\"f\",\"status\":\"registered\"}")
                            .bind::<Text, _>(format!("{n:064x}"))
                            .bind::<Text, _>(NOW)
                            .execute(c)?;
                        diesel::sql_query(&mail)
                            .bind::<Text, _>(format!("m{n:012}"))
                            .bind::<Text, _>(format!("u{n}@example.com"))
                            .bind::<Text, _>("{\"name\":\"张三\",\"fair\":\"春季招聘会\"}")
                            .bind::<Text, _>(format!("signup:{id}"))
                            .bind::<Text, _>(NOW)
                            .execute(c)
                    });
                }
                n as f64 / start.elapsed().as_secs_f64()
            }

            pub fn payouts(conn: &mut $conn, n: usize, repeats: usize) -> f64 {
                let take = q("UPDATE bench_payouts SET status = 'in_batch', updated_at = ? WHERE id = ? AND status = 'pending'");
                let attempt = q("INSERT INTO bench_attempts (id, payout_id, batch_id, status, updated_at) VALUES (?, ?, ?, 'in_batch', ?)");
                let batch = q("INSERT INTO bench_batches (id, status, updated_at) VALUES (?, 'draft', ?)");
                let approve = q("UPDATE bench_batches SET status = 'approved', updated_at = ? WHERE id = ? AND status = 'draft'");
                let export = q("UPDATE bench_payouts SET status = 'exported', updated_at = ? WHERE id = ? AND status = 'in_batch'");
                let attempts = q("UPDATE bench_attempts SET status = 'exported', updated_at = ? WHERE batch_id = ? AND status = 'in_batch'");
                let mut times = Vec::new();
                for r in 0..repeats {
                    let ids: Vec<String> = (0..n).map(|i| format!("p{r:03}-{i:06}")).collect();
                    tx(conn, |c| {
                        for id in &ids {
                            diesel::sql_query(q("INSERT INTO bench_payouts (id, reference, name, account, amount_fen, status, updated_at) VALUES (?, ?, '医护', '6228480402564890018', 200000, 'pending', ?)"))
                                .bind::<Text, _>(id).bind::<Text, _>(id).bind::<Text, _>(NOW).execute(c)?;
                        }
                        Ok(())
                    });
                    let b = format!("b{r:03}");
                    let start = Instant::now();
                    tx(conn, |c| {
                        diesel::sql_query(&batch).bind::<Text, _>(&b).bind::<Text, _>(NOW).execute(c)?;
                        for id in &ids {
                            diesel::sql_query(&take).bind::<Text, _>(NOW).bind::<Text, _>(id).execute(c)?;
                            diesel::sql_query(&attempt)
                                .bind::<Text, _>(format!("a{id}"))
                                .bind::<Text, _>(id)
                                .bind::<Text, _>(&b)
                                .bind::<Text, _>(NOW)
                                .execute(c)?;
                        }
                        diesel::sql_query(&approve).bind::<Text, _>(NOW).bind::<Text, _>(&b).execute(c)?;
                        #[derive(QueryableByName)]
                        #[allow(dead_code)]
                        struct Item {
                            #[diesel(sql_type = Text)]
                            id: String,
                            #[diesel(sql_type = Text)]
                            account: String,
                            #[diesel(sql_type = BigInt)]
                            amount_fen: i64,
                        }
                        let items: Vec<Item> = diesel::sql_query(q("SELECT p.id, p.account, p.amount_fen FROM bench_attempts a JOIN bench_payouts p ON p.id = a.payout_id WHERE a.batch_id = ? ORDER BY p.reference"))
                            .bind::<Text, _>(&b)
                            .load(c)?;
                        for item in &items {
                            diesel::sql_query(&export).bind::<Text, _>(NOW).bind::<Text, _>(&item.id).execute(c)?;
                        }
                        diesel::sql_query(&attempts).bind::<Text, _>(NOW).bind::<Text, _>(&b).execute(c)
                    });
                    times.push(start.elapsed().as_secs_f64() * 1000.0);
                }
                median(times)
            }

            pub fn bulk(conn: &mut $conn, n: usize, repeats: usize) -> f64 {
                const CHUNK: usize = 500;
                let mut times = Vec::new();
                for r in 0..repeats {
                    let start = Instant::now();
                    tx(conn, |c| {
                        let mut i = 0;
                        while i < n {
                            let rows = CHUNK.min(n - i);
                            let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; rows].join(", ");
                            let sql = q(&format!("INSERT INTO bench_rows (id, batch_id, row_no, full_name, id_number_enc, id_number_hash, employer, amount_fen, bank_account_enc, created_at) VALUES {values}"));
                            let mut query = diesel::sql_query(sql).into_boxed::<$backend>();
                            for k in i..i + rows {
                                query = query
                                    .bind::<Text, _>(format!("row{r}-{k}"))
                                    .bind::<Text, _>(format!("batch{r}"))
                                    .bind::<BigInt, _>(k as i64)
                                    .bind::<Text, _>(format!("医护{k}"))
                                    .bind::<Text, _>(format!("{k:0>48}"))
                                    .bind::<Text, _>(format!("{k:064x}"))
                                    .bind::<Text, _>("县人民医院")
                                    .bind::<BigInt, _>(200_000)
                                    .bind::<Text, _>(format!("{k:0>56}"))
                                    .bind::<Text, _>(NOW);
                            }
                            query.execute(c)?;
                            i += rows;
                        }
                        Ok(())
                    });
                    times.push(start.elapsed().as_secs_f64() * 1000.0);
                }
                median(times)
            }
        }
    };
}

fn no_lock_sqlite(_: &mut SqliteConnection) -> QueryResult<()> {
    Ok(())
}

fn advisory_lock(c: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
        .bind::<BigInt, _>(0x4245_4E43_48_i64)
        .execute(c)
        .map(|_| ())
}

backend!(
    sqlite,
    SqliteConnection,
    diesel::sqlite::Sqlite,
    "BEGIN IMMEDIATE",
    no_lock_sqlite,
    |_: usize| "?".to_string()
);
backend!(
    pg,
    PgConnection,
    diesel::pg::Pg,
    "BEGIN",
    advisory_lock,
    |n: usize| format!("${n}")
);

fn main() {
    let usage = "rawtx signup <db> <seconds> | payouts <db> <n> <repeats> | bulk <db> <n> <repeats>";
    let mode = juxian_bench_tools::arg(1, usage);
    let db = juxian_bench_tools::arg(2, usage);
    let a = juxian_bench_tools::num(3, usage);
    let repeats = std::env::args().nth(4).and_then(|s| s.parse().ok()).unwrap_or(3usize);
    let (key, value) = if db.starts_with("postgres") {
        let mut c = PgConnection::establish(&db).unwrap_or_else(|e| die("connect", e));
        c.batch_execute(DROP).unwrap_or_else(|e| die("drop", e));
        c.batch_execute(SCRATCH).unwrap_or_else(|e| die("scratch tables", e));
        let out = match mode.as_str() {
            "signup" => ("rate", pg::signup(&mut c, a)),
            "payouts" => ("ms", pg::payouts(&mut c, a as usize, repeats)),
            "bulk" => ("ms", pg::bulk(&mut c, a as usize, repeats)),
            _ => die("mode", usage),
        };
        c.batch_execute(DROP).unwrap_or_else(|e| die("drop", e));
        out
    } else {
        let mut c = SqliteConnection::establish(&db).unwrap_or_else(|e| die("open", e));
        c.batch_execute("PRAGMA busy_timeout = 15000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .unwrap_or_else(|e| die("pragmas", e));
        c.batch_execute(DROP).unwrap_or_else(|e| die("drop", e));
        c.batch_execute(SCRATCH).unwrap_or_else(|e| die("scratch tables", e));
        let out = match mode.as_str() {
            "signup" => ("rate", sqlite::signup(&mut c, a)),
            "payouts" => ("ms", sqlite::payouts(&mut c, a as usize, repeats)),
            "bulk" => ("ms", sqlite::bulk(&mut c, a as usize, repeats)),
            _ => die("mode", usage),
        };
        c.batch_execute(DROP).unwrap_or_else(|e| die("drop", e));
        out
    };
    juxian_bench_tools::report(key, value, "");
}
