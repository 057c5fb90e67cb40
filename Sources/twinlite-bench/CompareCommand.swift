import ArgumentParser
import Foundation
import TwinLiteBench

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare accuracy (and speed) results with a baseline; exit 1 on a regression.",
    discussion: """
      Results are `accuracy --format json` objects. Without --current, the newest accuracy run in \
      --data's catalog is used. Accuracy tolerance is absolute (fractions), speed tolerance relative; \
      speed only fails the command with --gate-speed.
      """)

  @Option(help: "Baseline results (JSON).")
  var baseline: String

  @Option(help: "Current results (JSON).")
  var current: String?

  @Option(help: "twinlite-prep output folder whose newest accuracy run is the current result.")
  var data: String?

  @Option(help: "Allowed accuracy drop, absolute fraction (0.005 = 0.5 points).")
  var toleranceAccuracy: Double = 0.005

  @Option(help: "Allowed speed loss, relative (0.15 = 15 %).")
  var toleranceSpeed: Double = 0.15

  @Flag(help: "Let speed regressions fail the command (shared machines are noisy).")
  var gateSpeed = false

  @Option(help: "text or github-action-benchmark.")
  var format: String = "text"

  @Option(
    help: "For github-action-benchmark: bigger (customBiggerIsBetter) or smaller (customSmallerIsBetter).")
  var direction: String = "bigger"

  func validate() throws {
    guard ["text", "github-action-benchmark"].contains(format) else {
      throw ValidationError("--format must be text or github-action-benchmark")
    }
    guard ["bigger", "smaller"].contains(direction) else {
      throw ValidationError("--direction must be bigger or smaller")
    }
    guard toleranceAccuracy >= 0, toleranceSpeed >= 0 else { throw ValidationError("tolerances must be ≥ 0") }
    guard current != nil || data != nil else { throw ValidationError("give --current FILE or --data OUT") }
  }

  func run() throws {
    let options = CompareOptions(
      toleranceAccuracy: toleranceAccuracy, toleranceSpeed: toleranceSpeed, gateSpeed: gateSpeed)
    let base: [String: Double]
    let now: [String: Double]
    do {
      base = try CompareMetric.values(
        json: try String(contentsOfFile: baseline, encoding: .utf8), source: baseline)
      if let current {
        now = try CompareMetric.values(
          json: try String(contentsOfFile: current, encoding: .utf8), source: current)
      } else if let data, let newest = try AccuracyHistory.newest(data: data) {
        now = try CompareMetric.values(json: try newest.summary.json(), source: data)
      } else {
        throw CompareError.unreadable(path: data ?? "-", reason: "no accuracy run recorded in the catalog")
      }
    } catch {
      FileHandle.standardError.write(Data("twinlite-bench compare: \(error)\n".utf8))
      throw ExitCode(2)
    }
    let result = Compare.compare(baseline: base, current: now, options: options)
    if format == "github-action-benchmark" {
      print(
        try Compare.githubActionBenchmark(
          current: now, baseline: base, biggerIsBetter: direction == "bigger", options: options))
    } else {
      print(Compare.text(result, options: options))
    }
    if result.hasRegression { throw ExitCode(result.exitCode) }
  }
}
