import Foundation

extension MaskDiffReport {
  /// What the figures mean, in one place for every output format.
  public static let definitions = [
    "B is the reference. Foreground = any value > 0, at the masks' own resolution.",
    "IoU = |A ∩ B| / |A ∪ B| with pixels summed over all frames; precision = |A ∩ B| / |A|; "
      + "recall = |A ∩ B| / |B|.",
    "frame IoU: percentiles of the per-frame IoU (linear between ranks) over frames where A or B has "
      + "foreground; frames empty in both have none.",
  ]

  /// The human-readable report (`--format text`).
  public var text: String {
    var lines = [
      "diff A: \(a.root) [\(a.summary)]",
      "     B: \(b.root) [\(b.summary)]",
    ]
    let scopes = perSplit.map { ("split \($0.split)", $0.frames, $0.drivable, $0.lane) }
    for scope in scopes + (perSplit.count > 1 ? [("all splits", frames, drivable, lane)] : []) {
      lines += ["", "\(scope.0): \(scope.1) frames compared"]
      lines.append(
        pad("", 9) + cells(["frames", "only A", "only B", "errors", "IoU", "precision", "recall"], width: 10)
          + "   frame IoU min / p5 / median")
      for (head, summary) in [(MaskHead.drivable, scope.2), (.lane, scope.3)] {
        let f = summary.frameIoU
        lines.append(
          pad(head.rawValue, 9)
            + cells(
              [
                "\(summary.frames)", "\(summary.onlyInA)", "\(summary.onlyInB)", "\(summary.errors)",
                Self.percent(summary.iou), Self.percent(summary.precision), Self.percent(summary.recall),
              ], width: 10)
            + "   \(Self.percent(f.min)) / \(Self.percent(f.p5)) / \(Self.percent(f.median))")
      }
    }
    lines += [""] + Self.definitions
    lines += zeroOneNotes
    if !worst.isEmpty {
      lines += ["", "worst frames (lowest IoU per head):"]
      for w in worst {
        lines.append(
          "  \(pad(w.head.rawValue, 9)) \(Self.percent(w.iou))  \(w.split)/\(w.frame)  A \(w.aPixels) px, "
            + "B \(w.bPixels) px, both \(w.intersection) px" + (w.overlay.map { "  \($0)" } ?? ""))
      }
    }
    for side in ["A", "B"] {
      let only = unmatched.filter { $0.onlyIn == side }
      guard !only.isEmpty else { continue }
      lines += ["", "only in \(side) (\(only.count) masks):"]
      lines += only.prefix(20).map { "  \($0.file)" }
      if only.count > 20 { lines.append("  … \(only.count - 20) more (all are in --format json)") }
    }
    if !errors.isEmpty {
      lines += ["", "not compared (\(errors.count)):"] + errors.map { "  \($0)" }
    }
    return lines.joined(separator: "\n")
  }

  /// Lines about 0/1 masks, which compare like 0/255 here but are empty for the official loaders.
  var zeroOneNotes: [String] {
    var notes: [String] = []
    for (head, summary) in [(MaskHead.drivable, drivable), (.lane, lane)] {
      for (side, count) in [("A", summary.zeroOneFrames.a), ("B", summary.zeroOneFrames.b)] where count > 0 {
        notes.append(
          "note: \(side) stores \(count) \(head.rawValue) mask(s) as 0/1; the TwinLiteNet and YOLOP loaders "
            + "(foreground > 1 after resizing) read them as empty.")
      }
    }
    return notes
  }

  /// `97.31 %`, or `n/a` for an undefined ratio.
  static func percent(_ value: Double?) -> String {
    value.map { String(format: "%.2f %%", 100 * $0) } ?? "n/a"
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  private func cells(_ values: [String], width: Int) -> String {
    values.map { String(repeating: " ", count: max(1, width - $0.count)) + $0 }.joined()
  }
}
