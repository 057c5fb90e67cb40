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
}
