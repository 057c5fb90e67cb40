import Foundation
import Testing

/// One way to break one label file of the sample tree, and what `twinlite-prep` must say about it.
struct LabelCase: Sendable, CustomTestStringConvertible {
  enum Layout: String, Sendable {
    case v0 = "2018-per-image"
    case aggregate = "2018-aggregate"
    case drivable2020 = "2020-drivable"
    case lane2020 = "2020-lane"

    /// The `--labels` value.
    var flag: String { self == .drivable2020 || self == .lane2020 ? "2020" : rawValue }
  }

  enum Damage: Sendable {
    /// Rewrites the file's bytes.
    case bytes(@Sendable (Data) -> Data)
    /// Edits the first frame object (the v0 file itself, or element 0 of an array file).
    case frame(@Sendable (inout [String: Any]) -> Void)
    /// Edits the first label of the first frame.
    case label(@Sendable (inout [String: Any]) -> Void)
    /// Several damages in order.
    indirect case steps([Damage])
  }

  /// What the damage costs: the first train frame, or the whole train split (its file cannot be indexed).
  /// `nothing`: the damage adds a bad element and every real frame still converts.
  enum Lost: Sendable { case firstFrame, trainSplit, nothing }

  let name: String
  let layout: Layout
  let damage: Damage
  /// Fragments the failure line must contain (besides the file path).
  let expect: [String]
  var lost: Lost = .firstFrame

  var testDescription: String { "\(layout.rawValue): \(name)" }

  /// The damaged file, relative to the sample root (`first` is the first train frame's stem).
  func file(first: String) -> String {
    switch layout {
    case .v0: return "labels/100k/train/\(first).json"
    case .aggregate: return "labels/bdd100k_labels_images_train.json"
    case .drivable2020: return "labels/drivable/polygons/drivable_train.json"
    case .lane2020: return "labels/lane/polygons/lane_train.json"
    }
  }

  struct Unexpected: Error, CustomStringConvertible { let description: String }

  /// Applies the damage in place; returns the stem of the frame it targets.
  func apply(root: URL, first: String) throws -> String {
    try apply(damage, root: root, first: first)
  }

  private func apply(_ damage: Damage, root: URL, first: String) throws -> String {
    let url = root.appendingPathComponent(file(first: first))
    let data = try Data(contentsOf: url)
    switch damage {
    case .steps(let steps):
      var name = first
      for (i, step) in steps.enumerated() {
        let stepName = try apply(step, root: root, first: first)
        if i == 0 { name = stepName }
      }
      return name
    case .bytes(let edit):
      try edit(data).write(to: url)
      return layout == .v0 ? first : try firstName(data)
    case .frame(let edit):
      return try editFrame(url, data) { edit(&$0) }
    case .label(let edit):
      return try editFrame(url, data) { frame in
        let key = layout == .v0 ? "frames" : "labels"
        var labels: [[String: Any]]
        if layout == .v0 {
          var frames = frame["frames"] as? [[String: Any]] ?? []
          labels = frames.first?["objects"] as? [[String: Any]] ?? []
          if !labels.isEmpty { edit(&labels[0]) }
          if !frames.isEmpty { frames[0]["objects"] = labels }
          frame[key] = frames
        } else {
          labels = frame["labels"] as? [[String: Any]] ?? []
          if !labels.isEmpty { edit(&labels[0]) }
          frame[key] = labels
        }
      }
    }
  }

  private func editFrame(_ url: URL, _ data: Data, _ edit: (inout [String: Any]) -> Void) throws -> String {
    let json = try JSONSerialization.jsonObject(with: data)
    if layout == .v0 {
      guard var frame = json as? [String: Any] else {
        throw Unexpected(description: "v0 file is not an object")
      }
      edit(&frame)
      try JSONSerialization.data(withJSONObject: frame).write(to: url)
      return url.deletingPathExtension().lastPathComponent
    }
    guard var frames = json as? [[String: Any]], !frames.isEmpty else {
      throw Unexpected(description: "\(url.path) is not a non-empty array")
    }
    let name = frames[0]["name"] as? String ?? ""
    edit(&frames[0])
    try JSONSerialization.data(withJSONObject: frames).write(to: url)
    return name.hasSuffix(".jpg") ? String(name.dropLast(4)) : name
  }

  private func firstName(_ data: Data) throws -> String {
    guard let frames = try JSONSerialization.jsonObject(with: data) as? [[String: Any]],
      let name = frames.first?["name"] as? String
    else { throw Unexpected(description: "cannot read the first frame name") }
    return name.hasSuffix(".jpg") ? String(name.dropLast(4)) : name
  }
}

extension Data {
  /// The first `fraction` of the bytes.
  func truncated(_ fraction: Double) -> Data { prefix(Int(Double(count) * fraction)) }
}
