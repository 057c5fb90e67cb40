import ArgumentParser
import Foundation
import TwinLitePrep

/// `twinlite-prep missing OUT --worker-count N`: incomplete workers in `sbatch --array` syntax.
struct MissingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "missing",
    abstract: "Print the worker indices not complete in OUT, as sbatch --array syntax (e.g. 0-3,9).",
    discussion: """
      Prints nothing when every worker is complete. A rerun of only those: \
      sbatch --array=$(twinlite-prep missing OUT --worker-count N) prep.sbatch. Reasons go to stderr \
      with --verbose. Exit status: 0 (whether or not something is missing), 2 usage, 1 internal error.
      """)

  @Argument(help: "Output folder of the distributed run.")
  var out: String

  @OptionGroup
  var workers: WorkerCountFlag

  @Flag(help: "Say on stderr why each listed worker is incomplete.")
  var verbose = false

  func run() throws {
    let scan: WorkerScan
    do {
      let count = try workers.count()
      let layout = FragmentLayout(out: URL(fileURLWithPath: out))
      guard count != nil || !layout.fragments().isEmpty || !layout.strayFragments().isEmpty else {
        throw DistributedError.invalidWorker("missing: pass --worker-count (no fragments to infer it from)")
      }
      scan = try WorkerScan.scan(out: URL(fileURLWithPath: out), workerCount: count)
    } catch {
      throw DistributedCLI.exit(for: error, command: "missing")
    }
    if verbose { scan.reasons.forEach(StandardError.line) }
    let text = ArraySyntax.format(ranges: scan.missing)
    if !text.isEmpty { print(text) }
  }
}
