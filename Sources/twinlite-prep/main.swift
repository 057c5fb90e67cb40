import ArgumentParser
import Foundation
import TwinLitePrep

// Exit statuses: the table both tools share (ToolExitCode). The parser's own errors (bad flags,
// failed validation) keep its status, usage (64), as in twinlite-bench.
do {
  var command = try TwinLitePrep.parseAsRoot(
    TwinLitePrep.joiningNegativeValues(Array(CommandLine.arguments.dropFirst())))
  try command.run()
} catch let exit as ExitCode {
  Foundation.exit(exit.rawValue)
} catch {
  let code = TwinLitePrep.exitCode(for: error)
  if code == .success || code == .validationFailure {
    TwinLitePrep.exit(withError: error)  // --help, --version; usage errors with the usage line
  }
  StandardError.line("twinlite-prep: internal error: \(TwinLitePrep.fullMessage(for: error))")
  Foundation.exit(ToolExitCode.failure.rawValue)
}
