import ArgumentParser
import TwinLiteBench

struct SpeedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "speed",
    abstract: "Time the forward pass (median, p90, FPS); pre/post-processing is not timed.",
    discussion: """
      The cpu backend runs at the instruction set oneDNN dispatches to (shown in the output and as \
      "isa" in JSON); set ONEDNN_MAX_CPU_ISA (oneDNN 2.6: DNNL_MAX_CPU_ISA), e.g. to AVX2 or SSE41, \
      to measure a lower level on this CPU. The cpu backend times the candidate kernels of b1, b2 and \
      b3 once per process and keeps the fastest (shown by --profile); TWINLITE_CPU_CONV=first keeps \
      the first candidate that builds instead, so that the kernels do not depend on timing.
      """)

  @Option(help: "Checkpoint (.pth or .safetensors); default: fixed-seed random weights of the same network.")
  var weights: String?

  @Option(
    help: "Execution path: reference (pure Swift), cpu (oneDNN) or plugin:PATH (a backend plugin library).")
  var backend: BackendChoice = .cpu

  @Option(
    help:
      "Extra key=value option passed to a plugin backend (threads=N is always passed); repeatable (or a;b in one value)."
  )
  var pluginOptions: [String] = []

  @Option(
    parsing: .unconditional,
    help: "OpenMP threads for the cpu backend and plugins (default 2); the reference path uses Dispatch.")
  var threads: Int?

  @Option(
    parsing: .unconditional,
    help: "Images per forward pass (refused when its memory estimate exceeds what this machine allows).")
  var batch: Int = 1

  @Option(
    help: """
      Network input as HEIGHTxWIDTH, each a multiple of 8 (the encoder downsamples by 8) from 8 to \
      8192; default 360x640, the paper's input. A small input makes a short run, e.g. under valgrind.
      """)
  var inputSize: String = "360x640"

  @Option(parsing: .unconditional, help: "Untimed passes first.")
  var warmup: Int = 5

  @Option(parsing: .unconditional, help: "Timed passes.")
  var runs: Int = 30

  @Option(
    help: "Position attention on cpu: compute, or skip-when-exact (skip only when provably bit-identical).")
  var pam: PAMChoice = .skipWhenExact

  @Option(help: "Output format.")
  var format: ResultFormat = .text

  @Option(
    help: """
      Also append the median ms per pass with commit, date, machine and ISA to this history \
      (.jsonl, one entry per line), for `report --format html --history`.
      """)
  var history: String?

  @Flag(help: "Also time every op (cpu backend) and print a per-op table with each op's implementation.")
  var profile = false

  @Option(
    help: "What --profile measures: wall, or thread-cpu (robust on a busy machine; exact with 1 thread).")
  var profileClock: StepTimer.Measure = .wall

  @Option(
    parsing: .unconditional,
    help: """
      Seconds to wait for a quiet machine (and retry a run whose p90/median exceeds 1.15) before \
      giving up; 0 times at once. Either way the result says "machine busy: unreliable" when it is.
      """)
  var maxWait: Double = 0

  func validate() throws {
    guard maxWait.isFinite, (0...3600).contains(maxWait) else {
      throw ValidationError("--max-wait must be from 0 to 3600 seconds, not \(maxWait)")
    }
    guard SpeedInputSize.parse(inputSize) != nil else {
      throw ValidationError(
        "--input-size must be HEIGHTxWIDTH, each a positive multiple of 8 up to 8192 (e.g. 360x640), "
          + "not '\(inputSize)'")
    }
    if let problem = BenchLimits.problem(threads: threads, batch: batch, runs: runs, warmup: warmup) {
      throw ValidationError(problem.description)
    }
    if threads != nil, backend == .reference {
      throw ValidationError(
        "--threads applies to the cpu backend and plugins; the reference backend runs on Dispatch's "
          + "threads (all cores)")
    }
  }

  func run() throws {
    var options = SpeedOptions()
    options.weights = weights
    options.backend = backend.description
    options.threads = threads ?? 2
    options.batch = batch
    (options.height, options.width) = SpeedInputSize.parse(inputSize) ?? (360, 640)
    options.warmup = warmup
    options.runs = runs
    options.pam = pam.mode
    options.profile = profile
    options.pluginOptions = pluginOptions.joined(separator: ";")
    options.profileMeasure = profileClock
    var (result, verdict) = try TimingGuard(maxWait: maxWait).measure { try SpeedBenchmark.run(options) }
    result.verdict = verdict
    StandardOutput.line(format == .json ? try result.json() : result.text)
    if let history {
      let entries = HistoryRecorder.entries(result, environment: .current(threads: result.threadsUsed))
      try HistoryFile.append(entries, to: history)
    }
  }
}
