extension PipelineSummary {
  /// `det_annotations: 40 boxes, 3 frames without detection labels (empty object lists), …`;
  /// nil when the run wrote no detection files.
  public var detectionLine: String? {
    guard let boxes = labelTotals["boxes"] else { return nil }
    let missing = labelTotals["no-detection-labels"] ?? 0
    let leftOut = labelTotals["boxes-left-out"] ?? 0
    var line =
      "det_annotations: \(boxes) boxes, \(missing) frames without detection labels (empty object lists)"
    if leftOut > 0 { line += ", \(leftOut) boxes left out (other person/vehicle, trailer: no YOLOP class)" }
    return line
  }
}
