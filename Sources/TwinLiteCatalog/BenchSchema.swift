internal import GRDB

/// Tables of `twinlite-bench` runs, registered after the prep migrations (append-only: never edit a
/// registered migration, add a new one).
///
/// Why prep's catalog holds them, in one migrator: `accuracy --data OUT` scores a prepared folder and
/// records the run in that folder's own `catalog.sqlite`, beside the frames it scored (the run names
/// the dataset by its plan hash; per-image scores use the frame names), so a copied or archived OUT
/// keeps its measurements. GRDB applies one ordered migration list per file, and `bench-v1-runs`
/// sits between prep's v2 and v3 in catalogs that exist: two migrators would reorder that list.
/// Bench reaches these tables only through `recordBenchRun`, `benchRuns` and `benchImageScores`.
enum BenchSchema {
  static let migrationNames = ["bench-v1-runs"]

  static func register(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("bench-v1-runs") { db in
      try db.execute(
        sql: """
          CREATE TABLE bench_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,              -- 'accuracy'
            started_at TEXT NOT NULL,        -- ISO 8601, UTC
            ended_at TEXT NOT NULL,
            git_commit TEXT,
            host TEXT NOT NULL,
            cpu TEXT NOT NULL,
            threads INTEGER NOT NULL,
            backend TEXT NOT NULL,
            weights_path TEXT NOT NULL,
            weights_sha256 TEXT NOT NULL,
            dataset_id TEXT,                 -- plan hash + options hash of the prepared dataset
            catalog_path TEXT NOT NULL,
            split TEXT NOT NULL,
            batch INTEGER NOT NULL,
            frames INTEGER NOT NULL,
            summary TEXT NOT NULL,           -- JSON object, as `accuracy --format json` prints it
            inference_seconds REAL NOT NULL,
            wall_seconds REAL NOT NULL
          );
          CREATE INDEX bench_runs_by_kind ON bench_runs(kind, id);
          CREATE TABLE bench_image_scores (
            run_id INTEGER NOT NULL REFERENCES bench_runs(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            batch_index INTEGER NOT NULL,
            da_tn INTEGER NOT NULL, da_fp INTEGER NOT NULL, da_fn INTEGER NOT NULL, da_tp INTEGER NOT NULL,
            ll_tn INTEGER NOT NULL, ll_fp INTEGER NOT NULL, ll_fn INTEGER NOT NULL, ll_tp INTEGER NOT NULL,
            da_miou REAL NOT NULL,
            ll_iou REAL NOT NULL,
            ll_recall REAL NOT NULL,
            ll_pixel_acc REAL NOT NULL,
            PRIMARY KEY (run_id, name)
          );
          """)
    }
  }
}
