import ArgumentParser
import Foundation

// Exit codes: 0 all frames converted, 3 some frames failed, 2 usage error, 1 internal error.
// ArgumentParser's own usage status (64) is mapped to 2.
do {
  var command = try TwinLitePrep.parseAsRoot()
  do {
    try command.run()
  } catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
  } catch {
    FileHandle.standardError.write(Data("twinlite-prep: \(error)\n".utf8))
    Foundation.exit(1)
  }
} catch {
  let code = TwinLitePrep.exitCode(for: error)
  if code == .success {
    TwinLitePrep.exit(withError: error)  // --help, --version
  }
  let message = TwinLitePrep.fullMessage(for: error)
  FileHandle.standardError.write(Data("\(message)\n".utf8))
  Foundation.exit(code == .validationFailure ? 2 : code.rawValue == 1 ? 1 : 2)
}
