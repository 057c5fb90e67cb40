internal import GRDB

/// The catalog's forward-only migrations. Never edit a registered migration: add a new one.
enum CatalogSchema {
  /// Migration identifiers in order; tests and `status` read them.
  static let migrationNames =
    ["v1-tables", "v2-frame-masks-view"] + BenchSchema.migrationNames + ["v3-shard-provenance"]

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-tables") { db in
      try db.execute(
        sql: """
          CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            argv TEXT NOT NULL,              -- JSON array
            tool_version TEXT NOT NULL,
            git_commit TEXT,
            host TEXT NOT NULL,
            started_at TEXT NOT NULL,        -- ISO 8601, UTC
            ended_at TEXT,                   -- NULL: running, or killed
            exit_code INTEGER,
            converted INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0
          );
          CREATE TABLE dataset (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            root TEXT NOT NULL,
            format TEXT NOT NULL,
            frame_count INTEGER NOT NULL,
            plan_hash TEXT NOT NULL,
            shard_count INTEGER NOT NULL,
            shard_size INTEGER NOT NULL,
            options_hash TEXT NOT NULL
          );
          CREATE TABLE label_files (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            hash TEXT NOT NULL
          );
          CREATE TABLE shards (
            idx INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL CHECK (state IN ('pending', 'built', 'published')),
            frame_count INTEGER NOT NULL,
            converted INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            started_at TEXT,
            finished_at TEXT,
            seconds REAL,
            output_hash TEXT,
            run_id INTEGER REFERENCES runs(id)
          );
          CREATE TABLE frames (
            id TEXT PRIMARY KEY,             -- split/name
            name TEXT NOT NULL,
            split TEXT NOT NULL,
            shard INTEGER NOT NULL REFERENCES shards(idx),
            status TEXT NOT NULL CHECK (status IN ('pending', 'converted', 'failed')),
            error TEXT,
            label_counts TEXT NOT NULL DEFAULT '{}',  -- JSON object
            run_id INTEGER REFERENCES runs(id)
          );
          CREATE INDEX frames_by_shard ON frames(shard);
          CREATE INDEX frames_by_status ON frames(status);
          CREATE TABLE outputs (
            frame_id TEXT NOT NULL REFERENCES frames(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            path TEXT NOT NULL UNIQUE,
            shard_path TEXT NOT NULL,
            size INTEGER NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (frame_id, kind)
          );
          """)
    }
    migrator.registerMigration("v2-frame-masks-view") { db in
      // One row per frame with its mask hashes, for ad-hoc queries (sqlite3 OUT/catalog.sqlite).
      try db.execute(
        sql: """
          CREATE VIEW frame_masks AS
            SELECT f.id, f.name, f.split, f.shard, f.status,
                   d.hash AS drivable_hash, l.hash AS lane_hash
            FROM frames f
            LEFT JOIN outputs d ON d.frame_id = f.id AND d.kind = 'drivable'
            LEFT JOIN outputs l ON l.frame_id = f.id AND l.kind = 'lane';
          """)
    }
    BenchSchema.register(&migrator)
    migrator.registerMigration("v3-shard-provenance") { db in
      // Provenance per shard: the label files (and per-frame input hashes) its outputs were made
      // from. `label_files` becomes a view over them, so it never names inputs no output came
      // from. Rows of the old table described the newest files on disk, not the outputs: dropped.
      try db.execute(
        sql: """
          ALTER TABLE frames ADD COLUMN input_hash TEXT;
          CREATE TABLE shard_label_files (
            shard INTEGER NOT NULL REFERENCES shards(idx) ON DELETE CASCADE,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (shard, path)
          );
          DROP TABLE label_files;
          CREATE VIEW label_files AS
            SELECT path, size, hash, COUNT(*) AS shards FROM shard_label_files GROUP BY path, size, hash;
          """)
    }
    return migrator
  }
}
