import Foundation

/// A metric `compare` knows: where it sits in the JSON, and which direction is better.
public struct CompareMetric: Sendable, Equatable {
  public enum Kind: String, Sendable { case accuracy, speed, instructions }
  /// Dotted path in the accuracy JSON (`paper.da_miou`), a derived name (`speed.ms_per_frame`), or
  /// `instructions.<workload>` for a `scripts/ci-perf --json` count.
  public let key: String
  public let label: String
  public let kind: Kind
  public let biggerIsBetter: Bool
  public let unit: String

  /// The instruction count of one `scripts/ci-perf` workload: fewer is better.
  public static func instructions(_ workload: String) -> CompareMetric {
    CompareMetric(
      key: "instructions.\(workload)", label: "\(workload) instructions", kind: .instructions,
      biggerIsBetter: false, unit: "instructions")
  }

  /// The known metrics of `values`: every fixed one present, then instruction counts by workload.
  public static func present(in values: [String: Double]) -> [CompareMetric] {
    all.filter { values[$0.key] != nil }
      + values.keys.filter { $0.hasPrefix("instructions.") }.sorted()
      .map { instructions(String($0.dropFirst("instructions.".count))) }
  }

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
}
