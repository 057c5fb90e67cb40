import ArgumentParser
import Foundation
import TwinLiteBench

struct AblationCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ablation",
    abstract: "Table IV: params, MACs, FPS (and accuracy with checkpoints) of the ablation variants.")

  @Option(help: "Checkpoint VARIANT=PATH (baseline, +attention, +two-heads, +reparam); repeatable.")
  var checkpoint: [String] = []

  @Option(help: "twinlite-prep output folder for accuracy of variants with a checkpoint.")
  var data: String?

  @Option(help: "Split for accuracy.")
  var split: String = "val"

  @Option(help: "Threads for the cpu backend.")
  var threads: Int = 2

  @Option(help: "Timed passes per variant.")
  var runs: Int = 3

  @Option(help: "Output format: text or json.")
  var format: String = "text"

  static func parse(_ pairs: [String]) throws -> [String: String] {
    var out: [String: String] = [:]
    for pair in pairs {
      guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
        throw ValidationError("--checkpoint expects VARIANT=PATH, got '\(pair)'")
      }
      out[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
    }
    return out
  }

  func validate() throws {
    guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
    guard runs >= 1, threads >= 1 else { throw ValidationError("--runs and --threads must be at least 1") }
  }

  func run() throws {
    var options = AblationOptions()
    options.checkpoints = try Self.parse(checkpoint)
    options.data = data
    options.split = split
    options.threads = threads
    options.runs = runs
    let rows = try AblationRunner.run(options) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    if format == "json" {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(rows), as: UTF8.self))
      return
    }
    let inputs = ReportInputs(
      environment: ReportEnvironment.current(threads: threads), weightsSHA256: nil, params: 0, macs: 0,
      speeds: [],
      accuracy: nil, laneIoUs: [], ablation: rows, command: "")
    let table = ReportBuilder.assemble(inputs).tables.filter { $0.id == "IV" }
    print(
      ReportRenderer.markdown(BenchReport(title: "Ablation", metadata: [], tables: table)), terminator: "")
  }
}
