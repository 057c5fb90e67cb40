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

  @Option(parsing: .unconditional, help: "Threads for the cpu backend.")
  var threads: Int = 2

  @Option(parsing: .unconditional, help: "Timed passes per variant.")
  var runs: Int = 3

  @Option(help: "Output format.")
  var format: ResultFormat = .text

  /// `VARIANT=PATH` pairs: a known variant, a non-empty path, each variant once.
  static func parse(_ pairs: [String]) throws -> [String: String] {
    var out: [String: String] = [:]
    for pair in pairs {
      guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
        throw ValidationError("--checkpoint expects VARIANT=PATH, got '\(pair)'")
      }
      let (variant, path) = (String(pair[..<eq]), String(pair[pair.index(after: eq)...]))
      guard AblationRunner.names.contains(variant) else {
        throw ValidationError(
          "--checkpoint \(pair): unknown variant '\(variant)' (known: "
            + AblationRunner.names.joined(separator: ", ") + ")")
      }
      guard !path.isEmpty else { throw ValidationError("--checkpoint \(pair): the PATH after '=' is empty") }
      if let earlier = out[variant] {
        throw ValidationError("--checkpoint: variant '\(variant)' is given twice (\(earlier) and \(path))")
      }
      out[variant] = path
    }
    return out
  }

  func validate() throws {
    if let problem = BenchLimits.problem(threads: threads, runs: runs) {
      throw ValidationError(problem.description)
    }
    _ = try Self.parse(checkpoint)
  }

  func run() throws {
    var options = AblationOptions()
    options.checkpoints = try Self.parse(checkpoint)
    options.data = data
    options.split = split
    options.threads = threads
    options.runs = runs
    let rows = try AblationRunner.run(options) { StandardError.line($0) }
    if format == .json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      StandardOutput.line(String(decoding: try encoder.encode(rows), as: UTF8.self))
      return
    }
    let inputs = ReportInputs(
      environment: ReportEnvironment.current(threads: threads), weightsSHA256: nil, params: 0, macs: 0,
      speeds: [],
      accuracy: nil, laneIoUs: [], ablation: rows, command: "")
    let table = ReportBuilder.assemble(inputs).tables.filter { $0.id == "IV" }
    StandardOutput.write(ReportRenderer.markdown(BenchReport(title: "Ablation", metadata: [], tables: table)))
  }
}
