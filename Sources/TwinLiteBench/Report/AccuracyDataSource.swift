import Foundation
import TwinLiteCore

/// What a prepared dataset is, in words for the tables, from what its catalog records.
enum AccuracyDataSource {
  /// "synthetic sample (not BDD100K)" when the recorded input root is a `twinlite-prep sample` tree,
  /// else the input root and label format; the caller appends split and frame count.
  static func describe(root: String, format: String) -> String {
    if SampleProvenance.read(root: root) != nil { return "synthetic sample (not BDD100K)" }
    let name = URL(fileURLWithPath: root).lastPathComponent
    return "\(name.isEmpty ? root : name) (\(format) labels)"
  }
}
