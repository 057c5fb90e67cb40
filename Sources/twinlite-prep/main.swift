import ArgumentParser
import Foundation

// Exit codes: 0 all frames converted, 3 some frames failed, 2 usage error, 1 internal error.
// ArgumentParser's own usage status (64) is mapped to 2.
do {
  var command = try TwinLitePrep.parseAsRoot(
    TwinLitePrep.joiningNegativeValues(Array(CommandLine.arguments.dropFirst())))
  try command.run()
} catch let exit as ExitCode {
  Foundation.exit(exit.rawValue)
} catch {
  let code = TwinLitePrep.exitCode(for: error)
  if code == .success {
    TwinLitePrep.exit(withError: error)  // --help, --version: prints and exits 0
  }
  let message = TwinLitePrep.fullMessage(for: error)
  if code == .validationFailure {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
    Foundation.exit(2)
  }
  FileHandle.standardError.write(Data("twinlite-prep: internal error: \(message)\n".utf8))
  Foundation.exit(1)
}
