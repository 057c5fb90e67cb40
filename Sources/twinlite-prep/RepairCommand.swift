import ArgumentParser
import Foundation
import TwinLitePrep

/// `twinlite-prep repair OUT`: rebuilds OUT/catalog.sqlite from the shard folders.
struct RepairCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repair",
    abstract: "Rebuild OUT/catalog.sqlite from the shard folders (after the catalog was damaged or lost).",
    discussion: """
      Every shard's _SUCCESS holds its shard, frame, output and label-file rows: the catalog is \
      rebuilt from them and the final layout re-linked. The old catalog is moved aside to \
      catalog.sqlite.damaged-TIME, never deleted. Shards without a usable folder stay pending: \
      the next plain run builds them. Exit status: 0 rebuilt, 2 no shards or shards of several \
      plans, 75 OUT in use, 64 a bad command line, 1 internal error.
      """)

  @Argument(help: "Output folder of a prep run.")
  var out: String

  @Option(help: ArgumentHelp("Wait up to this many seconds for a run holding OUT.", valueName: "SECONDS"))
  var wait: Double = 0

  func validate() throws {
    guard wait >= 0, wait.isFinite else { throw ValidationError("--wait must be a number of seconds >= 0") }
  }

  func run() throws {
    let run = RunInfo.current()
    let summary: RepairSummary
    do {
      summary = try CatalogRepair.repair(out: URL(fileURLWithPath: out), run: run, wait: wait)
    } catch {
      throw DistributedCLI.exit(for: error, command: "repair")
    }
    for line in summary.skipped { StandardError.line("skipped: \(line)") }
    if let previous = summary.previousCatalog { print("repair: old catalog moved to \(previous)") }
    print(
      "repair: catalog rebuilt from \(summary.shardsRecovered) shards (\(summary.frames) frames); "
        + "\(summary.shardsPending) shards pending (rerun the convert command to build them)")
  }
}
