import Foundation

/// A metric `compare` knows: where it sits in the JSON, and which direction is better.
public struct CompareMetric: Sendable, Equatable {
  public enum Kind: String, Sendable { case accuracy, speed }
  /// Dotted path in the accuracy JSON (`paper.da_miou`), or a derived name (`speed.ms_per_frame`).
  public let key: String
  public let label: String
  public let kind: Kind
  public let biggerIsBetter: Bool
  public let unit: String

  /// Accuracy fractions of both aggregations, inference FPS and ms per frame.
  public static let all: [CompareMetric] = {
    var list: [CompareMetric] = []
    for (agg, aggLabel) in [("paper", "paper-exact"), ("dataset", "dataset-level")] {
      for (name, label) in [
        ("da_miou", "DA mIoU"), ("ll_acc", "lane acc (recall)"), ("ll_iou", "lane IoU"),
        ("ll_pixel_acc", "lane pixel acc"),
      ] {
        list.append(
          CompareMetric(
            key: "\(agg).\(name)", label: "\(aggLabel) \(label)", kind: .accuracy, biggerIsBetter: true,
            unit: "fraction"))
      }
    }
    list.append(
      CompareMetric(
        key: "speed.inference_fps", label: "inference FPS", kind: .speed, biggerIsBetter: true, unit: "FPS"))
    list.append(
      CompareMetric(
        key: "speed.ms_per_frame", label: "inference ms/frame", kind: .speed, biggerIsBetter: false,
        unit: "ms"))
    return list
  }()

  /// Numeric leaves of a JSON object by dotted path, plus `speed.ms_per_frame` derived from
  /// `speed.inference_fps`. Throws `CompareError.unreadable` for text that is not a JSON object.
  public static func values(json text: String, source: String) throws -> [String: Double] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      throw CompareError.unreadable(path: source, reason: "not a JSON object")
    }
    var out: [String: Double] = [:]
    func walk(_ value: Any, _ path: String) {
      if let dict = value as? [String: Any] {
        for (k, v) in dict { walk(v, path.isEmpty ? k : "\(path).\(k)") }
      } else if let number = value as? NSNumber {
        out[path] = number.doubleValue
      }
    }
    walk(object, "")
    if let fps = out["speed.inference_fps"], fps > 0 { out["speed.ms_per_frame"] = 1000 / fps }
    return out
  }
}

/// Errors of `twinlite-bench compare`.
public enum CompareError: Error, Sendable, Equatable, CustomStringConvertible {
  case unreadable(path: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): cannot read benchmark results: \(reason)"
    }
  }
}
