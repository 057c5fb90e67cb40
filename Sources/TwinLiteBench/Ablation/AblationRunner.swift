import Foundation
import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// What the ablation (paper Table IV) measures.
public struct AblationOptions: Sendable {
  /// Variant name (`baseline`, `+attention`, `+two-heads`, `+reparam`) → checkpoint path.
  public var checkpoints: [String: String] = [:]
  /// Prepared folder for accuracy runs of variants with a checkpoint.
  public var data: String?
  public var split = "val"
  public var batch = 16
  public var limit: Int?
  public var threads = 2
  public var warmup = 1
  public var runs = 3
  /// Time every variant (off: params and MACs only).
  public var measureSpeed = true

  public init() {}
}

/// One variant's row.
public struct AblationRow: Sendable, Equatable, Codable {
  public var name: String
  public var config: TwinLiteVariantConfig
  /// Learnable values of the variant as built (after folding for `+reparam`).
  public var params: Int
  /// Conv/deconv and attention-matmul MACs at 360×640, batch 1.
  public var macs: Int
  /// Forward-pass FPS, batch 1, of the pure-Swift variant network (every variant).
  public var referenceFPS: Double?
  /// Forward-pass FPS of the oneDNN `cpu` backend, which only builds the released network with
  /// Conv+BN folded, i.e. the `+reparam` row; nil elsewhere.
  public var cpuFPS: Double?
  public var checkpoint: String?
  public var paper: SegmentationScores?
  public var dataset: SegmentationScores?
  /// "no checkpoint", or how the accuracy was obtained.
  public var accuracyNote: String

  public init(
    name: String, config: TwinLiteVariantConfig, params: Int, macs: Int, referenceFPS: Double?,
    cpuFPS: Double?, checkpoint: String?, paper: SegmentationScores?, dataset: SegmentationScores?,
    accuracyNote: String
  ) {
    self.name = name
    self.config = config
    self.params = params
    self.macs = macs
    self.referenceFPS = referenceFPS
    self.cpuFPS = cpuFPS
    self.checkpoint = checkpoint
    self.paper = paper
    self.dataset = dataset
    self.accuracyNote = accuracyNote
  }
}

public enum AblationRunner {
  public static let names = TwinLiteVariantConfig.ablation.map(\.name)

  /// Params, MACs, FPS and (with a checkpoint and `data`) accuracy of every ablation variant.
  public static func run(_ options: AblationOptions, log: (String) -> Void = { _ in }) throws -> [AblationRow]
  {
    for name in options.checkpoints.keys where !names.contains(name) {
      throw BenchError.invalidOption(
        name: "checkpoint",
        reason: "unknown ablation variant '\(name)' (known: \(names.joined(separator: ", ")))")
    }
    // The variants are timed in turns, one pass each per round, so that a burst of load or a
    // slower stretch of the machine falls on all of them alike and their ratios hold.
    let referenceFPS =
      options.measureSpeed
      ? try interleavedFPS(
        TwinLiteVariantConfig.ablation.map { _, config in
          AblationBackend(
            variant: try TwinLiteVariant(config: config, weights: randomWeights(config), source: "random"))
        }, options) : []
    var rows: [AblationRow] = []
    for (index, (name, config)) in TwinLiteVariantConfig.ablation.enumerated() {
      var row = AblationRow(
        name: name, config: config, params: parameters(config), macs: try macs(config), referenceFPS: nil,
        cpuFPS: nil, checkpoint: options.checkpoints[name], paper: nil, dataset: nil,
        accuracyNote: "no checkpoint")
      if options.measureSpeed {
        row.referenceFPS = referenceFPS[index]
        if config.reparameterised {
          let cpu = try CPUBackend(stateDict: TwinLiteNet.randomWeights(), threads: options.threads)
          row.cpuFPS = try interleavedFPS([cpu], options)[0]
        }
        log(
          String(
            format: "%@: reference %.2f FPS%@", name, row.referenceFPS ?? 0,
            row.cpuFPS.map { String(format: ", cpu %.2f FPS", $0) } ?? ""))
      }
      if let path = options.checkpoints[name] {
        guard let data = options.data else {
          row.accuracyNote = "checkpoint given, no --data: accuracy not measured"
          rows.append(row)
          continue
        }
        let state = try StateDict(contentsOf: path)
        let variant = try TwinLiteVariant(config: config, weights: state, source: path)
        var accuracy = AccuracyOptions(data: data, weights: path)
        accuracy.split = options.split
        accuracy.batch = options.batch
        accuracy.limit = options.limit
        accuracy.backend = "reference"
        accuracy.record = false
        let result = try AccuracyRunner.run(accuracy, backend: AblationBackend(variant: variant), log: log)
        row.paper = result.summary.paper.scores
        row.dataset = result.summary.dataset.scores
        row.accuracyNote =
          "measured on \(options.split), \(result.summary.paper.frames) frames, reference path"
      }
      rows.append(row)
    }
    return rows
  }

  /// Learnable values as built: for `+reparam`, every CBR/UPx2 BN's γ and β become one bias.
  public static func parameters(_ config: TwinLiteVariantConfig) -> Int {
    let expected = TwinLiteVariant.expectedParameters(config)
    let raw = expected.filter { LayerTable.isLearnable($0.key) }.reduce(0) { $0 + $1.shape.reduce(1, *) }
    guard config.reparameterised else { return raw }
    // Each folded BN (key `<cbr>.bn.weight` or `<upx2>.bn.weight` beside a conv/deconv) saves `channels`.
    let keys = Set(expected.map(\.key))
    var saved = 0
    for (key, shape) in expected where key.hasSuffix(".bn.weight") {
      let module = String(key.dropLast(".bn.weight".count))
      if keys.contains(module + ".conv.weight") || keys.contains(module + ".deconv.weight") {
        saved += shape[0]
      }
    }
    return raw - saved
  }

  /// MACs from the released network's layer table, without the attention rows when there is no
  /// attention, and with one 3-class head instead of two 2-class heads.
  public static func macs(_ config: TwinLiteVariantConfig) throws -> Int {
    let table = try LayerTable.architecture()
    var total = 0
    let attention: Set = ["encoder.sa", "encoder.conv_sa", "encoder.sc", "encoder.conv_sc"]
    let laneHead: Set = ["up_1_2", "up_2_2", "classifier_2"]
    for row in table.rows {
      if !config.attention && attention.contains(row.module) { continue }
      if !config.twoHeads && laneHead.contains(row.module) { continue }
      if !config.twoHeads && row.module == "classifier_1" {
        total += row.macs / row.outChannels * 3
        continue
      }
      total += row.macs
    }
    return total
  }

  /// A fixed-seed random state dict for `config` (speed only): the released network's random
  /// weights where the keys agree, the 3-class classifier filled from the same generator.
  package static func randomWeights(_ config: TwinLiteVariantConfig) -> StateDict {
    let base = TwinLiteNet.randomWeights()
    var tensors: [String: Tensor] = [:]
    var state: UInt64 = 0x00AB_1A71_0000_0001
    for (key, shape) in TwinLiteVariant.expectedParameters(config) {
      if let t = base[key], t.shape == shape {
        tensors[key] = t
        continue
      }
      let count = shape.reduce(1, *)
      let values: [Float] = (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let u = Float(state >> 40) / Float(1 << 24)
        return key.hasSuffix("running_var") ? 0.5 + u : (key.hasSuffix("act.weight") ? 0.25 : 0.5 * (u - 0.5))
      }
      tensors[key] = Tensor(shape: shape, data: values)
    }
    return StateDict(tensors)
  }

  /// Frames per second of each backend (median pass), timed in turns when there are several:
  /// after the warm-up, every round runs one pass of each.
  static func interleavedFPS(_ backends: [any InferenceBackend], _ options: AblationOptions) throws
    -> [Double]
  {
    let input = SpeedBenchmark.randomInput([1, 3, 360, 640])
    for backend in backends {
      for _ in 0..<options.warmup { _ = try backend.infer(input) }
    }
    let clock = ContinuousClock()
    var samples = [[Double]](repeating: [], count: backends.count)
    for _ in 0..<max(options.runs, 1) {
      for (i, backend) in backends.enumerated() {
        let start = clock.now
        _ = try backend.infer(input)
        samples[i].append(SpeedBenchmark.milliseconds(clock.now - start))
      }
    }
    return samples.map { s in
      let median = SpeedResult.quantile(s.sorted(), 0.5)
      return median > 0 ? 1000 / median : 0
    }
  }
}
