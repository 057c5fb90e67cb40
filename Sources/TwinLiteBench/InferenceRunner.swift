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

  public init(
    weights: String, backend: String = "reference", outputDirectory: String, saveLogits: Bool = false,
    images: [String]
  ) {
    self.weights = weights
    self.backend = backend
    self.outputDirectory = outputDirectory
    self.saveLogits = saveLogits
    self.images = images
  }
}

/// Files written and mask statistics for one image.
public struct InferResult: Sendable {
  public let image: String
  public let files: [String]
  /// Fraction of pixels in the drivable / lane mask.
  public let drivableFraction: Double
  public let laneFraction: Double
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
  public static func run(_ options: InferOptions, log: (String) -> Void = { _ in }) throws -> [InferResult] {
    let forward: ForwardPass
    if BackendFactory.isPlugin(options.backend) {
      let plugin = try BackendFactory.makePlugin(
        options.backend, modelPath: options.weights, extraOptions: options.pluginOptions)
      forward = { let out = try plugin.infer($0); return TwinLiteOutput(drivable: out.da, lane: out.ll) }
    } else {
      let weights = try StateDict(contentsOf: options.weights)
      forward = try makeForward(backend: options.backend, weights: weights, source: options.weights)
    }
    return try run(options, forward: forward, log: log)
  }

  public static func run(_ options: InferOptions, forward: ForwardPass, log: (String) -> Void = { _ in })
    throws -> [InferResult]
  {
    guard !options.images.isEmpty else { throw BenchError.invalidArgument("no images given") }
    do {
      try FileManager.default.createDirectory(
        atPath: options.outputDirectory, withIntermediateDirectories: true)
    } catch {
      throw BenchError.cannotWrite(path: options.outputDirectory, reason: error.localizedDescription)
    }
    let preprocessor = try FramePreprocessor()
    let writer = PNGWriter()
    var results: [InferResult] = []
    for image in options.images {
      let (input, frame) = try preprocessor.load(image)
      let output = try forward(input)
      let drivable = SegmentationMask.argmax(output.drivable)
      let lane = SegmentationMask.argmax(output.lane)
      let name = URL(fileURLWithPath: image).deletingPathExtension().lastPathComponent
      func path(_ suffix: String) -> String {
        URL(fileURLWithPath: options.outputDirectory).appendingPathComponent(name + suffix).path
      }
      var files = [path("_da.png"), path("_ll.png"), path("_overlay.png")]
      try writer.write(drivable, to: files[0])
      try writer.write(lane, to: files[1])
      try writer.writeRGB(
        width: frame.width, height: frame.height,
        pixels: Overlay.rgb(frame: frame, drivable: drivable, lane: lane), to: files[2])
      let (h, w) = (output.drivable.shape[2], output.drivable.shape[3])
      if options.saveLogits {
        files += [path(".da.npy"), path(".ll.npy")]
        try NPY.write(output.drivable.reshaped([2, h, w]), to: path(".da.npy"))
        try NPY.write(output.lane.reshaped([2, h, w]), to: path(".ll.npy"))
      }
      if options.saveInput {
        files.append(path(".input.npy"))
        try NPY.write(input.reshaped([3, h, w]), to: path(".input.npy"))
      }
      let total = Double(drivable.pixels.count)
      let result = InferResult(
        image: image, files: files,
        drivableFraction: Double(drivable.nonZeroCount) / total,
        laneFraction: Double(lane.nonZeroCount) / total)
      log(
        String(
          format: "%@: drivable %.4f, lane %.4f -> %@", name, result.drivableFraction,
          result.laneFraction, options.outputDirectory))
      results.append(result)
    }
    return results
  }
}
