import Foundation

/// One aggregation's scores with its frame and batch counts (`paper` or `dataset` in the JSON).
public struct AccuracyAggregate: Sendable, Equatable, Codable {
  public var scores: SegmentationScores
  public var frames: Int
  public var batch: Int
  /// How the scores were aggregated, in words.
  public var aggregation: String

  public init(scores: SegmentationScores, frames: Int, batch: Int, aggregation: String) {
    self.scores = scores
    self.frames = frames
    self.batch = batch
    self.aggregation = aggregation
  }

  enum CodingKeys: String, CodingKey { case frames, batch, aggregation }

  public init(from decoder: any Decoder) throws {
    scores = try SegmentationScores(from: decoder)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    frames = try c.decode(Int.self, forKey: .frames)
    batch = try c.decode(Int.self, forKey: .batch)
    aggregation = try c.decodeIfPresent(String.self, forKey: .aggregation) ?? ""
  }

  public func encode(to encoder: any Encoder) throws {
    try scores.encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(frames, forKey: .frames)
    try c.encode(batch, forKey: .batch)
    try c.encode(aggregation, forKey: .aggregation)
  }

  static let paperAggregation =
    "confusion matrix reset per batch, per-batch scores averaged weighted by batch size (utils.val)"
  static let datasetAggregation = "one confusion matrix over the whole split"
}

/// What was measured and how.
public struct AccuracyRunInfo: Sendable, Equatable, Codable {
  public var backend: String
  public var split: String
  public var weights: String
  public var weightsSHA256: String
  public var datasetID: String?
  public var catalogRunID: Int64?
  /// Batch order, in words (sorted file names).
  public var order: String
  public var environment: ReportEnvironment
  /// Network input, height × width (absent in results written before it was recorded).
  public var inputSize: [Int]?
  /// Frames used although libjpeg could decode them only in part (`--lenient-jpeg`); nil when the
  /// run was strict (such frames then fail the run).
  public var damagedJPEGs: Int?
  /// Where the prepared data came from, from its catalog: "synthetic sample (not BDD100K)" for a
  /// `twinlite-prep sample` tree; nil when the catalog does not say.
  public var dataSource: String?

  public init(
    backend: String, split: String, weights: String, weightsSHA256: String, datasetID: String?,
    catalogRunID: Int64?, order: String, environment: ReportEnvironment, inputSize: [Int]? = nil,
    damagedJPEGs: Int? = nil
  ) {
    self.backend = backend
    self.split = split
    self.weights = weights
    self.weightsSHA256 = weightsSHA256
    self.datasetID = datasetID
    self.catalogRunID = catalogRunID
    self.order = order
    self.environment = environment
    self.inputSize = inputSize
    self.damagedJPEGs = damagedJPEGs
  }

  enum CodingKeys: String, CodingKey {
    case backend, split, weights
    case weightsSHA256 = "weights_sha256"
    case datasetID = "dataset_id"
    case catalogRunID = "catalog_run_id"
    case order, environment
    case inputSize = "input_size"
    case damagedJPEGs = "damaged_jpegs"
    case dataSource = "data_source"
  }
}

/// Throughput of the run: `inference` is the forward passes only, `wall` the whole command.
public struct AccuracySpeed: Sendable, Equatable, Codable {
  public var inferenceSeconds: Double
  public var wallSeconds: Double
  public var inferenceFPS: Double

  public init(inferenceSeconds: Double, wallSeconds: Double, inferenceFPS: Double) {
    self.inferenceSeconds = inferenceSeconds
    self.wallSeconds = wallSeconds
    self.inferenceFPS = inferenceFPS
  }

  enum CodingKeys: String, CodingKey {
    case inferenceSeconds = "inference_seconds"
    case wallSeconds = "wall_seconds"
    case inferenceFPS = "inference_fps"
  }
}

/// The JSON object of `twinlite-bench accuracy --format json`.
public struct AccuracySummary: Sendable, Equatable, Codable {
  public var paper: AccuracyAggregate
  public var dataset: AccuracyAggregate
  public var run: AccuracyRunInfo
  public var speed: AccuracySpeed

  public init(
    paper: AccuracyAggregate, dataset: AccuracyAggregate, run: AccuracyRunInfo, speed: AccuracySpeed
  ) {
    self.paper = paper
    self.dataset = dataset
    self.run = run
    self.speed = speed
  }

  /// Sorted-key, pretty JSON.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  public static func decode(_ text: String) throws -> AccuracySummary {
    try JSONDecoder().decode(AccuracySummary.self, from: Data(text.utf8))
  }

  /// The two aggregations side by side, percentages with two decimals.
  public var text: String {
    func pct(_ v: Double) -> String { String(format: "%6.2f %%", 100 * v) }
    let p = paper.scores
    let d = dataset.scores
    var lines = [
      "accuracy on \(run.split): \(paper.frames) frames, batch \(paper.batch), backend \(run.backend), "
        + "weights sha256 \(run.weightsSHA256.prefix(12))",
      "batches in sorted file-name order",
      "",
      "metric                          paper-exact   dataset-level",
      "DA mIoU                         \(pct(p.daMIoU))      \(pct(d.daMIoU))",
      "lane acc (recall, current code) \(pct(p.llAcc))      \(pct(d.llAcc))",
      "lane IoU                        \(pct(p.llIoU))      \(pct(d.llIoU))",
      "lane pixel acc (older code)     \(pct(p.llPixelAcc))      \(pct(d.llPixelAcc))",
      "",
      "paper-exact: \(paper.aggregation)",
      "dataset-level: \(dataset.aggregation)",
      String(
        format: "forward passes %.2f s (%.2f FPS), whole run %.2f s", speed.inferenceSeconds,
        speed.inferenceFPS, speed.wallSeconds),
    ]
    if let damaged = run.damagedJPEGs {
      lines.append("damaged JPEGs used (--lenient-jpeg): \(damaged) of \(paper.frames) frames")
    }
    return lines.joined(separator: "\n")
  }
}

/// Confusion matrices and scores of one image.
public struct AccuracyImageScore: Sendable, Equatable {
  public var name: String
  public var batchIndex: Int
  public var confusion: ImageConfusion
}

/// Everything an accuracy run produced.
public struct AccuracyResult: Sendable {
  public var summary: AccuracySummary
  public var images: [AccuracyImageScore]
}
