import Foundation

/// One `twinlite-bench` run as stored in `bench_runs`.
public struct BenchRunRecord: Sendable, Equatable {
  public var kind: String
  public var startedAt: Date
  public var endedAt: Date
  public var gitCommit: String?
  public var host: String
  public var cpu: String
  public var threads: Int
  public var backend: String
  public var weightsPath: String
  public var weightsSHA256: String
  /// The prepared dataset's identity (plan and options hashes), nil when unknown.
  public var datasetID: String?
  public var catalogPath: String
  public var split: String
  public var batch: Int
  public var frames: Int
  /// The run's results as one JSON object.
  public var summary: String
  public var inferenceSeconds: Double
  public var wallSeconds: Double

  public init(
    kind: String, startedAt: Date, endedAt: Date, gitCommit: String?, host: String, cpu: String,
    threads: Int, backend: String, weightsPath: String, weightsSHA256: String, datasetID: String?,
    catalogPath: String, split: String, batch: Int, frames: Int, summary: String,
    inferenceSeconds: Double, wallSeconds: Double
  ) {
    self.kind = kind
    self.startedAt = startedAt
    self.endedAt = endedAt
    self.gitCommit = gitCommit
    self.host = host
    self.cpu = cpu
    self.threads = threads
    self.backend = backend
    self.weightsPath = weightsPath
    self.weightsSHA256 = weightsSHA256
    self.datasetID = datasetID
    self.catalogPath = catalogPath
    self.split = split
    self.batch = batch
    self.frames = frames
    self.summary = summary
    self.inferenceSeconds = inferenceSeconds
    self.wallSeconds = wallSeconds
  }
}

/// Per-image confusion counts (`[TN, FP, FN, TP]`) and scores of one bench run.
public struct BenchImageScoreRecord: Sendable, Equatable {
  public var name: String
  public var batchIndex: Int
  public var drivableCounts: [Int]
  public var laneCounts: [Int]
  public var daMIoU: Double
  public var llIoU: Double
  public var llRecall: Double
  public var llPixelAcc: Double

  public init(
    name: String, batchIndex: Int, drivableCounts: [Int], laneCounts: [Int], daMIoU: Double, llIoU: Double,
    llRecall: Double, llPixelAcc: Double
  ) {
    precondition(drivableCounts.count == 4 && laneCounts.count == 4, "counts are [TN, FP, FN, TP]")
    self.name = name
    self.batchIndex = batchIndex
    self.drivableCounts = drivableCounts
    self.laneCounts = laneCounts
    self.daMIoU = daMIoU
    self.llIoU = llIoU
    self.llRecall = llRecall
    self.llPixelAcc = llPixelAcc
  }
}
