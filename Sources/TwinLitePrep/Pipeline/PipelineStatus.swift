import Foundation
import TwinLiteCatalog
import TwinLiteCore

/// The text `twinlite-prep status OUT` prints: dataset, per-shard table, totals, last runs.
public enum PipelineStatus {
  public static func render(out: URL) throws -> String {
    let catalog = try CatalogAccess.open(out: out, readOnly: true)
    var lines: [String] = []
    if let dataset = try catalog.dataset() {
      lines.append(
        "dataset  \(FrameName.printable(dataset.root)) (\(dataset.format)), \(dataset.frameCount) frames")
      lines.append(
        "plan     \(dataset.shardCount) shards (size \(dataset.shardSize)), plan \(dataset.planHash), "
          + "options \(dataset.optionsHash)")
    } else {
      lines.append("dataset  (none recorded)")
    }
    let shards = try catalog.shards()
    lines.append("")
    lines.append(row(["shard", "state", "frames", "converted", "failed", "seconds", "frames/s"]))
    for shard in shards {
      let seconds = shard.seconds.map { String(format: "%.2f", $0) } ?? "-"
      let rate =
        shard.seconds.map { $0 > 0 ? String(format: "%.1f", Double(shard.converted) / $0) : "-" } ?? "-"
      lines.append(
        row([
          FrameName.printable(shard.name), shard.state.rawValue, "\(shard.frameCount)", "\(shard.converted)",
          "\(shard.failed)", seconds, rate,
        ]))
    }
    let counts = try catalog.frameCounts()
    let published = shards.filter { $0.state == .published }.count
    lines.append("")
    lines.append("shards   \(published)/\(shards.count) published")
    lines.append(
      "frames   \(counts[.converted] ?? 0) converted, \(counts[.failed] ?? 0) failed, "
        + "\(counts[.pending] ?? 0) pending")
    // Catalog rows may come from elsewhere: names that break the rule are counted, not printed.
    let rejected = try catalog.frameNames().filter {
      FrameName.problem($0.name) != nil || FrameName.problem($0.split, suffix: "") != nil
    }
    if !rejected.isEmpty {
      lines.append(
        "warning  \(rejected.count) frame rows have names that break the frame-name rule "
          + "(`twinlite-prep verify` lists them)")
    }
    for run in try catalog.runs().suffix(3) {
      let end =
        run.endedAt.map { "exit \(run.exitCode ?? -1) at \($0.formatted(.iso8601))" } ?? "did not finish"
      lines.append(
        "run \(run.id)    \(run.info.startedAt.formatted(.iso8601)) on \(run.info.host), "
          + "\(run.converted) converted, \(run.failed) failed, \(run.skipped) skipped; \(end)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func row(_ cells: [String]) -> String {
    let widths = [22, 10, 7, 10, 7, 9, 9]
    return zip(cells, widths).enumerated().map { index, pair in
      let (cell, width) = pair
      let pad = String(repeating: " ", count: max(0, width - cell.count))
      return index == 0 ? cell + pad : pad + cell
    }.joined(separator: " ")
  }
}
