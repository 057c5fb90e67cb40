import ArgumentParser
import Foundation
import TwinLiteBench

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare accuracy (and speed) results with a baseline; exit 1 on a regression.",
    discussion: """
      Results are `accuracy --format json` objects. Without --current, the newest accuracy run in \
      --data's catalog is used. Both are checked first: every gated metric present, fractions in \
      [0, 1], speeds above 0. Runs of another split, dataset, weights or input size are refused \
      unless --allow-different-runs is given. Accuracy tolerance is absolute (fractions), speed \
      tolerance relative; speed only fails the command with --gate-speed. Exit status: 0 no \
      regression, 1 regression, 2 a result that cannot be used or runs that cannot be compared, \
      64 a bad command line.
      """)

  @Option(help: "Baseline results (JSON).")
  var baseline: String

  @Option(help: "Current results (JSON).")
  var current: String?

  @Option(help: "twinlite-prep output folder whose newest accuracy run is the current result.")
  var data: String?

  @Option(
    parsing: .unconditional, help: "Allowed accuracy drop, absolute fraction (0.005 = 0.5 points).")
  var toleranceAccuracy: Double = 0.005

  @Option(parsing: .unconditional, help: "Allowed speed loss, relative (0.15 = 15 %).")
  var toleranceSpeed: Double = 0.15

  @Flag(help: "Let speed regressions fail the command (shared machines are noisy).")
  var gateSpeed = false

  @Flag(help: "Compare results of another split, dataset, weights or input size anyway.")
  var allowDifferentRuns = false

  @Option(help: "Output format.")
  var format: CompareFormat = .text

  @Option(
    help: "For github-action-benchmark: bigger (customBiggerIsBetter) or smaller (customSmallerIsBetter).")
  var direction: CompareDirection = .bigger

  func validate() throws {
    let tolerances = [("--tolerance-accuracy", toleranceAccuracy), ("--tolerance-speed", toleranceSpeed)]
    for (name, value) in tolerances {
      guard value.isFinite, value >= 0 else { throw ValidationError("\(name) must be ≥ 0, got \(value)") }
    }
    guard current != nil || data != nil else { throw ValidationError("give --current FILE or --data OUT") }
  }

  func run() throws {
    let options = CompareOptions(
      toleranceAccuracy: toleranceAccuracy, toleranceSpeed: toleranceSpeed, gateSpeed: gateSpeed)
    let base = try CompareInput.load(path: baseline)
    let now = try current.map { try CompareInput.load(path: $0) } ?? CompareInput.newest(data: data ?? ".")
    let differences = base.identity.differences(from: now.identity)
    if !differences.isEmpty {
      guard allowDifferentRuns else {
        throw BenchError.unusableInput(
          "the results come from different runs, refusing to compare them:\n  "
            + differences.joined(separator: "\n  ")
            + "\n(--allow-different-runs compares them anyway)")
      }
      for line in differences { StandardError.line("note: different runs compared: \(line)") }
    }
    let result = Compare.compare(baseline: base.values, current: now.values, options: options)
    guard !result.rows.isEmpty else {
      throw BenchError.unusableInput("\(baseline): no metric to compare, so nothing was checked")
    }
    if format == .githubActionBenchmark {
      let bigger = direction == .bigger
      StandardOutput.line(
        try Compare.githubActionBenchmark(
          current: now.values, baseline: base.values, biggerIsBetter: bigger, options: options))
    } else {
      StandardOutput.line(Compare.text(result, options: options))
    }
    try StandardOutput.check()
    if result.hasRegression { throw ExitCode(result.exitCode.rawValue) }
  }
}
