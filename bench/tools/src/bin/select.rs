//! The SQLite bound of S2 (D_sqlite): a raw point-select loop on the portal's own database file,
//! one connection per thread and as many threads as the portal's pool has connections, with the
//! portal's per-connection settings. Each select reads one position by primary key, the SQLite
//! counterpart of `pgbench -S`.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

diesel::table! {
    positions (id) {
        id -> Text,
        title -> Text,
    }
}

fn open(path: &str) -> SqliteConnection {
    let mut conn = SqliteConnection::establish(path).unwrap_or_else(|e| {
        eprintln!("open {path}: {e}");
        std::process::exit(1)
    });
    let pragmas = "PRAGMA busy_timeout = 15000; PRAGMA journal_mode = WAL; \
                   PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
    if let Err(e) = conn.batch_execute(pragmas) {
        eprintln!("pragmas: {e}");
        std::process::exit(1)
    }
    conn
}

fn main() {
    let usage = "select <sqlite-file> <threads> <seconds>";
    let path = juxian_bench_tools::arg(1, usage);
    let threads = juxian_bench_tools::num(2, usage) as usize;
    let seconds = juxian_bench_tools::num(3, usage);
    let ids: Vec<String> = positions::table
        .select(positions::id)
        .load(&mut open(&path))
        .unwrap_or_default();
    if ids.is_empty() {
        eprintln!("no positions in {path}");
        std::process::exit(1)
    }
    let ids = Arc::new(ids);
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + juxian_bench_tools::secs(seconds);
    let start = Instant::now();
    let workers: Vec<_> = (0..threads.max(1))
        .map(|t| {
            let (ids, done, path) = (ids.clone(), done.clone(), path.clone());
            std::thread::spawn(move || {
                let mut conn = open(&path);
                let mut rng = juxian_bench_tools::Rng(0x9E37_79B9_7F4A_7C15 ^ (t as u64 + 1));
                while Instant::now() < until {
                    let id = &ids[rng.below(ids.len())];
                    let found: QueryResult<String> =
                        positions::table.find(id).select(positions::title).first(&mut conn);
                    if found.is_ok() {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let n = done.load(Ordering::Relaxed) as f64;
    juxian_bench_tools::report("rate", n / start.elapsed().as_secs_f64(), "");
}
