import ArgumentParser
import Foundation
import TwinLitePrep

/// `twinlite-prep verify OUT`: re-hash every output against the catalog.
/// Exit status: success, partial (mismatches, listed), unusableInput (no catalog) or failure.
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Re-hash OUT's outputs and compare them with the catalog (exit 3 on any mismatch).")

  @Argument(help: "Output folder of a prep run.")
  var out: String

  @OptionGroup
  var threads: ThreadsFlag

  @Option(help: "How the report on stdout is written: text or json.")
  var format: OutputFormat = .text

  @Flag(help: ArgumentHelp(visibility: .hidden))
  var json = false

  func run() throws {
    threads.deprecations.forEach { StandardError.line($0) }
    if json { StandardError.line(Deprecation.line("--json", "--format json")) }
    let report: VerifyReport
    do {
      report = try PipelineVerifier.verify(out: URL(fileURLWithPath: out), threads: threads.count)
    } catch {
      StandardError.line("twinlite-prep verify: \(error)")
      throw ExitCode(.of(error))
    }
    if json || format == .json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
      for issue in report.issues { print("MISMATCH \(issue)") }
      for note in report.notes { print("NOTE \(note)") }
      if report.integrity != ["ok"] { print("INTEGRITY \(report.integrity.joined(separator: "; "))") }
      print(
        "verify: \(report.filesChecked) files checked, \(report.issues.count) problems, "
          + "integrity \(report.integrity == ["ok"] ? "ok" : "FAILED")")
    }
    if !report.ok { throw ExitCode(.partial) }
  }
}
