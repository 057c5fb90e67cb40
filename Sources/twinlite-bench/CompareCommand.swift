import ArgumentParser
import Foundation
import TwinLiteBench

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare accuracy (and speed) or instruction counts with a baseline; exit 1 on a regression.",
    discussion: """
      Results are `accuracy --format json` objects, or `scripts/ci-perf --json` instruction counts \
      (fewer is better; more than --tolerance-instructions fails). Without --current, the newest \
      accuracy run in --data's catalog is used. Both are checked first: every gated metric present, \
      fractions in [0, 1], speeds and counts above 0. Runs of another split, dataset, weights or \
      input size are refused unless --allow-different-runs is given. Accuracy tolerance is absolute \
      (fractions), speed tolerance relative; speed only fails the command with --gate-speed. Exit \
      status: 0 no regression, 1 regression, 2 a result that cannot be used or runs that cannot be \
      compared, 64 a bad command line.
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

  @Option(
    parsing: .unconditional,
    help: "Allowed instruction-count growth, relative (0.02 = 2 %); instruction counts always gate.")
  var toleranceInstructions: Double = 0.02

  @Option(
    help: """
      Append the compared values, each with the gate it was checked against, to this history \
      (.jsonl, one entry per line) for `report --history`.
      """)
  var history: String?

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
    let tolerances = [
      ("--tolerance-accuracy", toleranceAccuracy), ("--tolerance-speed", toleranceSpeed),
      ("--tolerance-instructions", toleranceInstructions),
    ]
    for (name, value) in tolerances {
      guard value.isFinite, value >= 0 else { throw ValidationError("\(name) must be ≥ 0, got \(value)") }
    }
    guard current != nil || data != nil else { throw ValidationError("give --current FILE or --data OUT") }
  }

  func run() throws {
    let options = CompareOptions(
      toleranceAccuracy: toleranceAccuracy, toleranceSpeed: toleranceSpeed, gateSpeed: gateSpeed,
      toleranceInstructions: toleranceInstructions)
    let base = try CompareInput.load(path: baseline)
    let now = try current.map { try CompareInput.load(path: $0) } ?? CompareInput.newest(data: data ?? ".")
    guard (base.identity == nil) == (now.identity == nil) else {
      throw BenchError.unusableInput(
        "\(baseline) and \(current ?? data ?? "the current result") are different kinds of result "
          + "(an accuracy result and instruction counts): nothing to compare")
    }
    let differences = base.identity.map { b in now.identity.map { b.differences(from: $0) } ?? [] } ?? []
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
    if let history {
      let entries = HistoryRecorder.entries(result, options: options, environment: .current(threads: 1))
      try HistoryFile.append(entries, to: history)
    }
    if result.hasRegression { throw ExitCode(result.exitCode.rawValue) }
  }
}
