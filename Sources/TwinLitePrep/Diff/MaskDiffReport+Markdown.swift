extension MaskDiffReport {
  /// The report as Markdown (`--format md`): one table per split (and one over all splits when
  /// there are several), the definitions, the worst frames and what was not compared.
  public var markdown: String {
    var lines = [
      "# Mask agreement: A vs B", "",
      "- A: `\(a.root)`, layout \(a.summary)",
      "- B: `\(b.root)`, layout \(b.summary)",
    ]
    lines += Self.definitions.map { "- \($0)" }
    lines += zeroOneNotes.map { "- \($0)" }
    let scopes = perSplit.map { ("split \($0.split)", $0.frames, $0.drivable, $0.lane) }
    for scope in scopes + (perSplit.count > 1 ? [("all splits", frames, drivable, lane)] : []) {
      lines += [
        "", "## \(scope.0): \(scope.1) frames compared", "",
        "| head | frames | only in A | only in B | not compared | IoU | precision | recall "
          + "| frame IoU min | p5 | median |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      ]
      for (head, s) in [(MaskHead.drivable, scope.2), (.lane, scope.3)] {
        let cells = [
          head.rawValue, "\(s.frames)", "\(s.onlyInA)", "\(s.onlyInB)", "\(s.errors)", Self.percent(s.iou),
          Self.percent(s.precision), Self.percent(s.recall), Self.percent(s.frameIoU.min),
          Self.percent(s.frameIoU.p5), Self.percent(s.frameIoU.median),
        ]
        lines.append("| " + cells.joined(separator: " | ") + " |")
      }
    }
    if !worst.isEmpty {
      lines += [
        "", "## Worst frames (lowest IoU per head)", "",
        "| head | frame | IoU | A px | B px | both px | overlay |", "|---|---|---:|---:|---:|---:|---|",
      ]
      for w in worst {
        let overlay = w.overlay.map { "[png](\($0))" } ?? "—"
        lines.append(
          "| \(w.head.rawValue) | \(w.split)/\(w.frame) | \(Self.percent(w.iou)) | \(w.aPixels) "
            + "| \(w.bPixels) | \(w.intersection) | \(overlay) |")
      }
    }
    if !unmatched.isEmpty || !errors.isEmpty {
      lines += ["", "## Not compared", ""]
      lines += unmatched.prefix(50).map { "- only in \($0.onlyIn): `\($0.file)`" }
      if unmatched.count > 50 { lines.append("- … \(unmatched.count - 50) more masks in one tree only") }
      lines += errors.map { "- `\($0.file)`: \($0.problem)" }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
