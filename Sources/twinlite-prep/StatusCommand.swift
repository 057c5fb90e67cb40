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
    } catch let error as CatalogError {
      FileHandle.standardError.write(Data("twinlite-prep status: \(error)\n".utf8))
      if case .missing = error { throw ExitCode(PrepExitCode.usage) }
      throw ExitCode(PrepExitCode.internalError)
    } catch let error as PipelineError {
      FileHandle.standardError.write(Data("twinlite-prep status: \(error)\n".utf8))
      throw ExitCode(PrepExitCode.internalError)
    }
  }
}
