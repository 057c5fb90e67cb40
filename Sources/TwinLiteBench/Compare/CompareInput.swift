import Foundation
import TwinLiteModel

/// An `accuracy --format json` result (or `scripts/ci-perf --json` instruction counts) checked against
/// the schema `compare` relies on: every gated metric present, of the right type and in range, and the
/// facts that identify the run.
public struct CompareInput: Sendable, Equatable {
  /// Metric key (`paper.da_miou`, `speed.ms_per_frame`, `instructions.prep-32`, …) → value.
  public var values: [String: Double]
  /// The run an accuracy result comes from; nil for instruction counts.
  public var identity: CompareRunIdentity?

  public init(values: [String: Double], identity: CompareRunIdentity?) {
    self.values = values
    self.identity = identity
  }
}

/// What must agree for two results to be comparable.
public struct CompareRunIdentity: Sendable, Equatable {
  public var split: String
  public var datasetID: String?
  public var weightsSHA256: String
  /// Network input, height × width.
  public var inputSize: [Int]

  public init(split: String, datasetID: String?, weightsSHA256: String, inputSize: [Int]) {
    self.split = split
    self.datasetID = datasetID
    self.weightsSHA256 = weightsSHA256
    self.inputSize = inputSize
  }

  /// One line per fact that differs, e.g. `run.split: baseline 'val', current 'train'`.
  public func differences(from current: CompareRunIdentity) -> [String] {
    func quoted(_ s: String?) -> String { s.map { "'\($0)'" } ?? "none" }
    var lines: [String] = []
    if split != current.split {
      lines.append("run.split: baseline \(quoted(split)), current \(quoted(current.split))")
    }
    if datasetID != current.datasetID {
      lines.append("run.dataset_id: baseline \(quoted(datasetID)), current \(quoted(current.datasetID))")
    }
    if weightsSHA256 != current.weightsSHA256 {
      let (b, c) = (weightsSHA256.prefix(12), current.weightsSHA256.prefix(12))
      lines.append("run.weights_sha256: baseline \(b)…, current \(c)…")
    }
    if inputSize != current.inputSize {
      let (b, c) = (inputSize.map(String.init), current.inputSize.map(String.init))
      lines.append(
        "run.input_size: baseline \(b.joined(separator: "×")), current \(c.joined(separator: "×"))")
    }
    return lines
  }
}

extension CompareInput {
  /// The schema: what `accuracy --format json` writes, reduced to what `compare` reads.
  struct Schema: Decodable {
    struct Aggregate: Decodable {
      let daMIoU, llAcc, llIoU, llPixelAcc: Double
      let frames, batch: Int

      enum CodingKeys: String, CodingKey {
        case daMIoU = "da_miou", llAcc = "ll_acc", llIoU = "ll_iou", llPixelAcc = "ll_pixel_acc"
        case frames, batch
      }
    }
    struct Run: Decodable {
      let split: String
      let weightsSHA256: String
      let datasetID: String?
      let inputSize: [Int]?

      enum CodingKeys: String, CodingKey {
        case split, weightsSHA256 = "weights_sha256", datasetID = "dataset_id", inputSize = "input_size"
      }
    }
    struct Speed: Decodable {
      let inferenceFPS: Double

      enum CodingKeys: String, CodingKey { case inferenceFPS = "inference_fps" }
    }
    let paper, dataset: Aggregate
    let run: Run
    let speed: Speed
  }

  /// Validates result JSON held in memory (e.g. a run from a catalog), naming it `source`.
  public static func parse(json text: String, source: String) throws -> CompareInput {
    try validate(
      JSONInput.decode(Schema.self, bytes: Array(text.utf8), source: source, what: "an accuracy result"),
      source: source)
  }

  static func validate(_ s: Schema, source: String) throws -> CompareInput {
    var problems: [String] = []
    var values: [String: Double] = [:]
    for (name, agg) in [("paper", s.paper), ("dataset", s.dataset)] {
      let fractions = [
        ("da_miou", agg.daMIoU), ("ll_acc", agg.llAcc), ("ll_iou", agg.llIoU),
        ("ll_pixel_acc", agg.llPixelAcc),
      ]
      for (key, value) in fractions {
        if value.isFinite && (0...1).contains(value) {
          values["\(name).\(key)"] = value
        } else {
          problems.append("\(name).\(key): \(value) is not a fraction in [0, 1]")
        }
      }
      for (key, value) in [("frames", agg.frames), ("batch", agg.batch)] {
        if value >= 1 {
          values["\(name).\(key)"] = Double(value)
        } else {
          problems.append("\(name).\(key): \(value) is not a positive count")
        }
      }
    }
    let fps = s.speed.inferenceFPS
    if fps.isFinite && fps > 0 {
      values["speed.inference_fps"] = fps
      values["speed.ms_per_frame"] = 1000 / fps
    } else {
      problems.append("speed.inference_fps: \(fps) is not a positive speed")
    }
    if s.run.split.isEmpty { problems.append("run.split: empty") }
    let sha = s.run.weightsSHA256
    if sha.count != 64 || !sha.allSatisfy({ $0.isHexDigit }) {
      problems.append("run.weights_sha256: '\(sha.prefix(80))' is not a SHA-256 (64 hex digits)")
    }
    // Results written before the field existed were all made at the network's only input size.
    let size = s.run.inputSize ?? [TwinLiteInput.height, TwinLiteInput.width]
    if size.count != 2 || size.contains(where: { $0 < 1 }) {
      problems.append("run.input_size: \(size) is not [height, width]")
    }
    guard problems.isEmpty else {
      throw BenchError.unusableInput(
        "\(source): not a usable accuracy result: " + problems.joined(separator: "; "))
    }
    return CompareInput(
      values: values,
      identity: CompareRunIdentity(
        split: s.run.split, datasetID: s.run.datasetID, weightsSHA256: sha.lowercased(), inputSize: size))
  }

  /// The newest accuracy run recorded in the catalog of the prepared folder `data`.
  public static func newest(data: String) throws -> CompareInput {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder) else {
      throw BenchError.cannotRead(path: data, reason: "no such folder")
    }
    guard isFolder.boolValue else { throw BenchError.cannotRead(path: data, reason: "not a folder") }
    let catalog = URL(fileURLWithPath: data).appendingPathComponent("catalog.sqlite").path
    guard FileManager.default.fileExists(atPath: catalog) else {
      throw BenchError.cannotRead(
        path: data, reason: "no catalog.sqlite (is this a twinlite-prep output folder?)")
    }
    guard let newest = try AccuracyHistory.newest(data: data) else {
      throw BenchError.cannotRead(
        path: catalog, reason: "no accuracy run recorded (run `twinlite-bench accuracy --data \(data)`)")
    }
    return try parse(json: newest.summary.json(), source: "\(catalog) (newest accuracy run)")
  }
}
