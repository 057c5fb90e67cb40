import ArgumentParser
import Foundation
import TwinLitePrep

/// `twinlite-prep status OUT`: the catalog as a table (read-only).
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status", abstract: "Show the shards, frames and runs recorded in OUT/catalog.sqlite.")

  @Argument(help: "Output folder of a prep run.")
  var out: String

  func run() throws {
    do {
      print(try PipelineStatus.render(out: URL(fileURLWithPath: out)), terminator: "")
    } catch {
      StandardError.line("twinlite-prep status: \(error)")
      throw ExitCode(.of(error))
    }
  }
}
