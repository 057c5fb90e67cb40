import Foundation
import TwinLiteBackends
import TwinLiteCatalog
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// What `twinlite-bench accuracy` evaluates.
public struct AccuracyOptions: Sendable {
  /// A `twinlite-prep` output folder.
  public var data: String
  public var split: String = "val"
  public var weights: String
  public var batch: Int = 16
  public var backend: String = "reference"
  public var threads: Int = 2
  /// Extra `key=value;…` options for a `plugin:PATH` backend.
  public var pluginOptions: String = ""
  /// Evaluate only the first N frames (in sorted order); nil: all.
  public var limit: Int?
  /// Store the run and per-image scores in `OUT/catalog.sqlite` when that file exists.
  public var record = true
  /// Use JPEGs the decoder can read only in part instead of failing; they are counted.
  public var lenientJPEG = false

  public init(data: String, weights: String) {
    self.data = data
    self.weights = weights
  }
}

/// One decoded batch: the network input and the prepared class maps.
struct AccuracyBatch: Sendable {
  let frames: [AccuracyFrame]
  let input: Tensor
  let drivable: [[UInt8]]
  let lane: [[UInt8]]
  /// `FILE: libjpeg warning` for each damaged frame used under `lenientJPEG`.
  let warnings: [String]
}

public enum AccuracyRunner {
  /// Evaluates `options`: a prefetch thread decodes and prepares batch k+1 while the backend runs
  /// batch k; metrics are accumulated both paper-exact and dataset-level.
  ///
  /// `backend` replaces the one `options.backend` names (the ablation passes its variants here).
  public static func run(
    _ options: AccuracyOptions, backend given: (any InferenceBackend)? = nil, log: (String) -> Void = { _ in }
  ) throws -> AccuracyResult {
    let (threads, batch, limit) = (options.threads, options.batch, options.limit)
    if let problem = BenchLimits.problem(threads: threads, batch: batch, limit: limit) { throw problem }
    try MemoryEstimate.check(batch: options.batch, height: TwinLiteInput.height, width: TwinLiteInput.width)
    let clock = ContinuousClock()
    let start = clock.now
    let startedAt = Date()
    var frames = try AccuracyDataset.frames(data: options.data, split: options.split)
    if let limit = options.limit { frames = Array(frames.prefix(limit)) }
    // Read as a regular file first: hashing `/dev/zero` would never end.
    let sha: String
    do { sha = SHA256.hex(try RegularFile.read(options.weights, limit: 4 << 30)) } catch {
      throw BenchError.cannotRead(path: error.path, reason: error.reason)
    }
    let backend: any InferenceBackend
    if let given {
      backend = given
    } else if BackendFactory.isPlugin(options.backend) {
      // The plugin reads its model file itself (safetensors, ONNX, …), not necessarily a checkpoint.
      backend = try BackendFactory.makePlugin(
        options.backend, modelPath: options.weights, threads: options.threads,
        extraOptions: options.pluginOptions)
    } else {
      let state = try StateDict(contentsOf: options.weights)
      backend = try BackendFactory.make(
        options.backend, stateDict: state, source: options.weights, threads: options.threads)
    }
    let groups = stride(from: 0, to: frames.count, by: options.batch).map {
      Array(frames[$0..<min($0 + options.batch, frames.count)])
    }
    let lenient = options.lenientJPEG
    let prefetcher = AccuracyPrefetcher(count: groups.count) { try load(groups[$0], lenient: lenient) }
    var accumulator = MetricsAccumulator()
    var images: [AccuracyImageScore] = []
    var inference = Duration.zero
    var damaged = 0
    do {
      for index in 0..<groups.count {
        let batch = try prefetcher.next()
        for warning in batch.warnings { log("warning: damaged JPEG used (--lenient-jpeg): \(warning)") }
        damaged += batch.warnings.count
        let t0 = clock.now
        let output = try backend.infer(batch.input)
        inference += clock.now - t0
        try FiniteLogits.check(output, backend: backend.name, frames: batch.frames.map(\.image))
        var confusions: [ImageConfusion] = []
        for (k, frame) in batch.frames.enumerated() {
          let c = ImageConfusion(
            drivable: BinaryConfusion(prediction: classes(output.da, index: k), truth: batch.drivable[k]),
            lane: BinaryConfusion(prediction: classes(output.ll, index: k), truth: batch.lane[k]))
          confusions.append(c)
          images.append(AccuracyImageScore(name: frame.name, batchIndex: index, confusion: c))
        }
        accumulator.addBatch(confusions)
        log("batch \(index + 1)/\(groups.count): \(accumulator.frames)/\(frames.count) frames")
      }
    } catch {
      prefetcher.cancel()
      throw error
    }
    prefetcher.cancel()
    let inferenceSeconds = seconds(inference)
    let environment = ReportEnvironment.current(threads: options.threads)
    var summary = AccuracySummary(
      paper: AccuracyAggregate(
        scores: accumulator.paper, frames: accumulator.frames, batch: options.batch,
        aggregation: AccuracyAggregate.paperAggregation),
      dataset: AccuracyAggregate(
        scores: accumulator.dataset, frames: accumulator.frames, batch: options.batch,
        aggregation: AccuracyAggregate.datasetAggregation),
      run: AccuracyRunInfo(
        backend: options.backend, split: options.split, weights: options.weights, weightsSHA256: sha,
        datasetID: nil, catalogRunID: nil, order: "sorted file names (UTF-8 byte order)",
        environment: environment, inputSize: [TwinLiteInput.height, TwinLiteInput.width],
        damagedJPEGs: options.lenientJPEG ? damaged : nil),
      speed: AccuracySpeed(
        inferenceSeconds: inferenceSeconds, wallSeconds: seconds(clock.now - start),
        inferenceFPS: inferenceSeconds > 0 ? Double(frames.count) / inferenceSeconds : 0))
    let catalogURL = URL(fileURLWithPath: options.data).appendingPathComponent("catalog.sqlite")
    if FileManager.default.fileExists(atPath: catalogURL.path) {
      // Read-only unless recording: opening for writing applies the bench migration.
      let catalog =
        options.record ? try Catalog.open(at: catalogURL) : try Catalog.openReadOnly(at: catalogURL)
      if let d = try catalog.dataset() {
        summary.run.datasetID = "\(d.planHash):\(d.optionsHash)"
        summary.run.dataSource = AccuracyDataSource.describe(root: d.root, format: d.format)
      }
      if options.record {
        summary.run.catalogRunID = try record(
          summary, images: images, in: catalog, startedAt: startedAt, split: options.split)
        try catalog.checkpoint()
      }
    } else {
      log("no catalog at \(catalogURL.path): run not recorded")
    }
    return AccuracyResult(summary: summary, images: images)
  }

  static func record(
    _ summary: AccuracySummary, images: [AccuracyImageScore], in catalog: Catalog, startedAt: Date,
    split: String
  ) throws -> Int64 {
    let env = summary.run.environment
    let run = BenchRunRecord(
      kind: "accuracy", startedAt: startedAt, endedAt: Date(), gitCommit: env.gitCommit, host: env.host,
      cpu: env.cpu, threads: env.threads, backend: summary.run.backend, weightsPath: summary.run.weights,
      weightsSHA256: summary.run.weightsSHA256, datasetID: summary.run.datasetID, catalogPath: catalog.path,
      split: split, batch: summary.paper.batch, frames: summary.paper.frames, summary: try summary.json(),
      inferenceSeconds: summary.speed.inferenceSeconds, wallSeconds: summary.speed.wallSeconds)
    let rows = images.map { image in
      let c = image.confusion
      func counts(_ m: BinaryConfusion) -> [Int] {
        [m.trueNegatives, m.falsePositives, m.falseNegatives, m.truePositives]
      }
      return BenchImageScoreRecord(
        name: image.name, batchIndex: image.batchIndex, drivableCounts: counts(c.drivable),
        laneCounts: counts(c.lane), daMIoU: c.drivable.meanIoU, llIoU: c.lane.foregroundIoU,
        llRecall: c.lane.foregroundRecall, llPixelAcc: c.lane.pixelAccuracy)
    }
    return try catalog.recordBenchRun(run, images: rows)
  }

  /// Decodes and prepares one batch (runs on the prefetch thread).
  static func load(_ frames: [AccuracyFrame], lenient: Bool) throws -> AccuracyBatch {
    let preprocessor = try FramePreprocessor(lenient: lenient)
    var data: [Float] = []
    var drivable: [[UInt8]] = []
    var lane: [[UInt8]] = []
    var warnings: [String] = []
    for frame in frames {
      let (input, _, warning) = try preprocessor.load(frame.image)
      if let warning { warnings.append("\(frame.image): \(warning)") }
      data += input.data
      drivable.append(try AccuracyLabels.read(path: frame.drivable))
      lane.append(try AccuracyLabels.read(path: frame.lane))
    }
    let input = Tensor(
      shape: [frames.count, 3, TwinLiteInput.height, TwinLiteInput.width], data: data)
    return AccuracyBatch(frames: frames, input: input, drivable: drivable, lane: lane, warnings: warnings)
  }

  /// Class map (0/1) of image `index` of B×2×H×W logits: 1 where `logit[1] > logit[0]` (ties → 0).
  package static func classes(_ logits: Tensor, index: Int) -> [UInt8] {
    let plane = logits.shape[2] * logits.shape[3]
    let base = index * 2 * plane
    return logits.data.withUnsafeBufferPointer { p in
      (0..<plane).map { p[base + plane + $0] > p[base + $0] ? 1 : 0 }
    }
  }

  static func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) / 1e18
  }
}
