import ArgumentParser
import Foundation
import TwinLitePrep

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert a BDD100K tree at ROOT into masks under --out (the default subcommand).")

  @Argument(help: "BDD100K dataset root.")
  var root: String

  @Option(help: "Output folder.")
  var out: String

  func run() throws {
    print("not yet")
  }
}
