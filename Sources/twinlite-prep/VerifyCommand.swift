import ArgumentParser
import Foundation
import TwinLiteCatalog
import TwinLitePrep

/// `twinlite-prep verify OUT`: re-hash every output against the catalog.
/// Exit 0: all match; 3: mismatches (listed); 2: no catalog; 1: internal error.
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
    threads.deprecations.forEach { StandardError().line($0) }
    if json { StandardError().line(Deprecation.line("--json", "--format json")) }
    let report: VerifyReport
    do {
      report = try PipelineVerifier.verify(out: URL(fileURLWithPath: out), threads: threads.count)
    } catch let error as CatalogError {
      FileHandle.standardError.write(Data("twinlite-prep verify: \(error)\n".utf8))
      if case .missing = error { throw ExitCode(PrepExitCode.usage) }
      throw ExitCode(PrepExitCode.internalError)
    } catch let error as PipelineError {
      FileHandle.standardError.write(Data("twinlite-prep verify: \(error)\n".utf8))
      throw ExitCode(PrepExitCode.internalError)
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
    if !report.ok { throw ExitCode(PrepExitCode.someFailed) }
  }
}

/// The documented exit codes of twinlite-prep.
enum PrepExitCode {
  /// Every frame converted (or verify: everything matches).
  static let success: Int32 = 0
  /// Internal error: I/O failure, catalog unusable, a bug.
  static let internalError: Int32 = 1
  /// Usage error: bad arguments, OUT holds another plan, no catalog.
  static let usage: Int32 = 2
  /// Some frames failed (listed, stored in the catalog); verify: mismatches found.
  static let someFailed: Int32 = 3
  /// Distributed worker whose frames failed on bad input (EX_DATAERR): do not retry.
  static let dataError: Int32 = 65
}
