import Foundation
internal import GRDB

extension Catalog {
  /// Stores a bench run and its per-image scores in one transaction; returns the run id.
  public func recordBenchRun(_ run: BenchRunRecord, images: [BenchImageScoreRecord]) throws -> Int64 {
    try write("record bench run") { db in
      try db.execute(
        sql: """
          INSERT INTO bench_runs (kind, started_at, ended_at, git_commit, host, cpu, threads, backend,
            weights_path, weights_sha256, dataset_id, catalog_path, split, batch, frames, summary,
            inference_seconds, wall_seconds)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          run.kind, CatalogDates.text(run.startedAt), CatalogDates.text(run.endedAt), run.gitCommit, run.host,
          run.cpu, run.threads, run.backend, run.weightsPath, run.weightsSHA256, run.datasetID,
          run.catalogPath, run.split, run.batch, run.frames, run.summary, run.inferenceSeconds,
          run.wallSeconds,
        ])
      let id = db.lastInsertedRowID
      let statement = try db.makeStatement(
        sql: """
          INSERT INTO bench_image_scores (run_id, name, batch_index, da_tn, da_fp, da_fn, da_tp,
            ll_tn, ll_fp, ll_fn, ll_tp, da_miou, ll_iou, ll_recall, ll_pixel_acc)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      for image in images {
        var values: [any DatabaseValueConvertible] = [id, image.name, image.batchIndex]
        values += image.drivableCounts.map { $0 as any DatabaseValueConvertible }
        values += image.laneCounts.map { $0 as any DatabaseValueConvertible }
        values += [image.daMIoU, image.llIoU, image.llRecall, image.llPixelAcc]
        try statement.execute(arguments: StatementArguments(values))
      }
      return id
    }
  }

  /// Bench runs of `kind`, newest first, with their ids.
  public func benchRuns(kind: String) throws -> [(id: Int64, run: BenchRunRecord)] {
    try read("list bench runs") { db in
      try Row.fetchAll(db, sql: "SELECT * FROM bench_runs WHERE kind = ? ORDER BY id DESC", arguments: [kind])
        .map { row in
          let run = BenchRunRecord(
            kind: row["kind"],
            startedAt: CatalogDates.date(row["started_at"]) ?? Date(timeIntervalSince1970: 0),
            endedAt: CatalogDates.date(row["ended_at"]) ?? Date(timeIntervalSince1970: 0),
            gitCommit: row["git_commit"], host: row["host"], cpu: row["cpu"], threads: row["threads"],
            backend: row["backend"], weightsPath: row["weights_path"], weightsSHA256: row["weights_sha256"],
            datasetID: row["dataset_id"], catalogPath: row["catalog_path"], split: row["split"],
            batch: row["batch"], frames: row["frames"], summary: row["summary"],
            inferenceSeconds: row["inference_seconds"], wallSeconds: row["wall_seconds"])
          return (row["id"], run)
        }
    }
  }

  /// Per-image scores of bench run `runID`, in batch order then name.
  public func benchImageScores(runID: Int64) throws -> [BenchImageScoreRecord] {
    try read("list bench image scores") { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM bench_image_scores WHERE run_id = ? ORDER BY batch_index, name",
        arguments: [runID]
      ).map { row in
        BenchImageScoreRecord(
          name: row["name"], batchIndex: row["batch_index"],
          drivableCounts: [row["da_tn"], row["da_fp"], row["da_fn"], row["da_tp"]],
          laneCounts: [row["ll_tn"], row["ll_fp"], row["ll_fn"], row["ll_tp"]],
          daMIoU: row["da_miou"], llIoU: row["ll_iou"], llRecall: row["ll_recall"],
          llPixelAcc: row["ll_pixel_acc"])
      }
    }
  }
}
