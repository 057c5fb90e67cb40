import ArgumentParser
import TwinLiteBackends
import TwinLiteBench

struct SpeedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "speed",
    abstract: "Time the forward pass (median, p90, FPS); pre/post-processing is not timed.",
    discussion: """
      The cpu backend runs at the instruction set oneDNN dispatches to (shown in the output and as \
      "isa" in JSON); set ONEDNN_MAX_CPU_ISA (oneDNN 2.6: DNNL_MAX_CPU_ISA), e.g. to AVX2 or SSE41, \
      to measure a lower level on this CPU.
      """)

  @Option(help: "Checkpoint (.pth or .safetensors); default: fixed-seed random weights of the same network.")
  var weights: String?

  @Option(help: "Execution path: reference (pure Swift), cpu (oneDNN) or plugin:PATH (a backend plugin library).")
  var backend: String = "cpu"

  @Option(help: "Extra key=value;… options passed to a plugin backend (threads=N is always passed).")
  var pluginOptions: String = ""

  @Option(help: "OpenMP threads for the cpu backend.")
  var threads: Int = 2

  @Option(help: "Images per forward pass.")
  var batch: Int = 1

  @Option(help: "Untimed passes first.")
  var warmup: Int = 5

  @Option(help: "Timed passes.")
  var runs: Int = 30

  @Option(
    help: "Position attention on cpu: compute, or skipWhenExact (skip only when provably bit-identical).")
  var pam: String = PAMMode.skipWhenExact.rawValue

  @Option(help: "Output format: text or json.")
  var format: String = "text"

  @Flag(help: "Also time every op (cpu backend) and print a per-op table with each op's implementation.")
  var profile = false

  @Option(
    help: "What --profile measures: wall, or thread-cpu (robust on a busy machine; exact with 1 thread).")
  var profileClock: String = StepTimer.Measure.wall.rawValue

  func validate() throws {
    guard StepTimer.Measure(rawValue: profileClock) != nil else {
      throw ValidationError("--profile-clock must be wall or thread-cpu")
    }
    guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
    guard PAMMode(rawValue: pam) != nil else {
      throw ValidationError("--pam must be compute or skipWhenExact")
    }
    guard threads >= 1, batch >= 1, runs >= 1, warmup >= 0 else {
      throw ValidationError("threads, batch and runs must be ≥ 1, warmup ≥ 0")
    }
  }

  func run() throws {
    var options = SpeedOptions()
    options.weights = weights
    options.backend = backend
    options.threads = threads
    options.batch = batch
    options.warmup = warmup
    options.runs = runs
    options.pam = PAMMode(rawValue: pam) ?? .skipWhenExact
    options.profile = profile
    options.pluginOptions = pluginOptions
    options.profileMeasure = StepTimer.Measure(rawValue: profileClock) ?? .wall
    let result = try SpeedBenchmark.run(options)
    print(format == "json" ? try result.json() : result.text)
  }
}
