import Foundation
import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel
import TwinLiteNN

/// One forward pass: a 1×3×360×640 input → drivable and lane logits.
public typealias ForwardPass = (Tensor) throws -> TwinLiteOutput

/// What `twinlite-bench infer` does, without the argument parsing.
public struct InferOptions: Sendable {
  public var weights: String
  public var backend: String
  public var outputDirectory: String
  public var saveLogits: Bool
  /// Also write NAME.input.npy, the 3×360×640 tensor the backend ran.
  public var saveInput = false
  /// Extra `key=value;…` options for a `plugin:PATH` backend.
  public var pluginOptions = ""
  public var images: [String]
  /// Use JPEGs the decoder can read only in part (their warnings are reported) instead of failing.
  public var lenientJPEG: Bool

  public init(
    weights: String, backend: String = "reference", outputDirectory: String, saveLogits: Bool = false,
    images: [String], lenientJPEG: Bool = false
  ) {
    self.weights = weights
    self.backend = backend
    self.outputDirectory = outputDirectory
    self.saveLogits = saveLogits
    self.images = images
    self.lenientJPEG = lenientJPEG
  }
}

/// Files written and mask statistics for one image.
public struct InferResult: Sendable {
  public let image: String
  public let files: [String]
  /// Fraction of pixels in the drivable / lane mask.
  public let drivableFraction: Double
  public let laneFraction: Double
  /// The libjpeg warning of a damaged frame used under `lenientJPEG`.
  public let jpegWarning: String?
}

public enum InferenceRunner {
  /// The backends `infer` accepts (see `BackendFactory`).
  public static var backendNames: [String] { BackendFactory.names }

  /// The forward pass of `backend` built (and verified) from `weights`.
  public static func makeForward(backend: String, weights: StateDict, source: String) throws -> ForwardPass {
    let engine = try BackendFactory.make(backend, stateDict: weights, source: source)
    return { input in
      let out = try engine.infer(input)
      return TwinLiteOutput(drivable: out.da, lane: out.ll)
    }
  }

  /// Runs `options.images` through the chosen backend and writes masks, overlays and (optionally) logits.
  /// A frame that cannot be read is reported through `warn` and skipped; the run then ends with
  /// `BenchError.framesUnusable` after the other frames are written.
  public static func run(
    _ options: InferOptions, log: (String) -> Void = { _ in }, warn: (String) -> Void = { _ in }
  ) throws -> [InferResult] {
    // Refused before the weights are loaded: nothing to undo.
    _ = try InferOutputNames.stems(options.images)
    let forward: ForwardPass
    var backend = options.backend
    if BackendFactory.isPlugin(options.backend) {
      let plugin = try BackendFactory.makePlugin(
        options.backend, modelPath: options.weights, extraOptions: options.pluginOptions)
      backend = plugin.name
      forward = {
        let out = try plugin.infer($0)
        return TwinLiteOutput(drivable: out.da, lane: out.ll)
      }
    } else {
      let weights = try StateDict(contentsOf: options.weights)
      forward = try makeForward(backend: options.backend, weights: weights, source: options.weights)
    }
    return try run(options, forward: forward, backend: backend, log: log, warn: warn)
  }

  /// `backend` names the forward pass in errors.
  public static func run(
    _ options: InferOptions, forward: ForwardPass, backend: String = "reference",
    log: (String) -> Void = { _ in }, warn: (String) -> Void = { _ in }
  ) throws -> [InferResult] {
    guard !options.images.isEmpty else { throw BenchError.unusableInput("no images given") }
    let names = try InferOutputNames.stems(options.images)
    try OutputFile.makeFolder(options.outputDirectory)
    // Files are made through the folder's descriptor: a link planted in it is replaced, never followed.
    let folder: ContainedDirectory
    do { folder = try ContainedDirectory(path: options.outputDirectory) } catch {
      throw BenchError.cannotWrite(path: options.outputDirectory, reason: "\(error)")
    }
    let preprocessor = try FramePreprocessor(lenient: options.lenientJPEG)
    let writer = PNGWriter()
    var results: [InferResult] = []
    var unusable = 0
    for (image, name) in zip(options.images, names) {
      let loaded: (input: Tensor, frame: InterleavedImage, warning: String?)
      do { loaded = try preprocessor.load(image) } catch let error where isFrameProblem(error) {
        // One bad frame is reported and skipped; the others are still written.
        warn("error: \(error)")
        unusable += 1
        continue
      }
      let (input, frame, warning) = loaded
      if let warning { warn("warning: \(image): damaged JPEG used (--lenient-jpeg): \(warning)") }
      let output = try forward(input)
      try FiniteLogits.check((output.drivable, output.lane), backend: backend, frames: [image])
      let drivable = SegmentationMask.argmax(output.drivable)
      let lane = SegmentationMask.argmax(output.lane)
      var contents = [
        (name + "_da.png", try writer.encode(drivable)), (name + "_ll.png", try writer.encode(lane)),
        (
          name + "_overlay.png",
          try writer.encodeRGB(
            width: frame.width, height: frame.height,
            pixels: Overlay.rgb(frame: frame, drivable: drivable, lane: lane))
        ),
      ]
      let (h, w) = (output.drivable.shape[2], output.drivable.shape[3])
      if options.saveLogits {
        contents.append((name + ".da.npy", NPY.encode(output.drivable.reshaped([2, h, w]))))
        contents.append((name + ".ll.npy", NPY.encode(output.lane.reshaped([2, h, w]))))
      }
      if options.saveInput {
        contents.append((name + ".input.npy", NPY.encode(input.reshaped([3, h, w]))))
      }
      for (file, bytes) in contents {
        do { try folder.writeReplacing(file, bytes) } catch {
          throw BenchError.cannotWrite(path: folder.absolute(file), reason: "\(error)")
        }
      }
      let base = URL(fileURLWithPath: options.outputDirectory)
      let files = contents.map { base.appendingPathComponent($0.0).path }
      let total = Double(drivable.pixels.count)
      let result = InferResult(
        image: image, files: files,
        drivableFraction: Double(drivable.nonZeroCount) / total,
        laneFraction: Double(lane.nonZeroCount) / total, jpegWarning: warning)
      log(
        String(
          format: "%@: drivable %.4f, lane %.4f -> %@", name, result.drivableFraction,
          result.laneFraction, options.outputDirectory))
      results.append(result)
    }
    let damaged = results.filter { $0.jpegWarning != nil }.count
    if damaged > 0 {
      warn("\(damaged) of \(options.images.count) frames were damaged JPEGs used under --lenient-jpeg")
    }
    if unusable > 0 {
      throw BenchError.framesUnusable(count: unusable, total: options.images.count)
    }
    return results
  }

  /// A problem of one input frame (missing, unreadable, not a JPEG, damaged) rather than of the run.
  static func isFrameProblem(_ error: any Error) -> Bool {
    if error is ImageIOError { return true }
    if case .damagedImage? = error as? BenchError { return true }
    return false
  }
}
