import Foundation
import TwinLiteCatalog
import TwinLitePrep
import _TwinLiteTestSupport

/// Builds pipelines over synthetic frame lists in a fresh output folder.
struct PipelineFixture {
  let out: URL
  let frames: [PlanFrame]
  /// Source "images" (one small file per frame), linked into the outputs.
  let images: URL

  init(count: Int, bad: Int = 0) throws {
    let root = try Fixtures.temporaryDirectory("pipeline")
    out = root.appendingPathComponent("out")
    images = root.appendingPathComponent("images")
    try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
    var frames = (0..<count).map { PlanFrame(split: $0 % 4 == 0 ? "val" : "train", name: "frame\($0)") }
    frames += (0..<bad).map { PlanFrame(split: "train", name: "bad\($0)") }
    for frame in frames {
      try Data("jpeg of \(frame.id)".utf8).write(to: images.appendingPathComponent("\(frame.name).jpg"))
    }
    self.frames = frames
  }

  var input: PipelineInput {
    PipelineInput(
      root: "/synthetic", format: "test", frames: frames, labelFiles: [], outputOptions: "test-v1")
  }

  func pipeline(
    shardSize: Int = 10, threads: Int = 2, force: Bool = false, outputOptions: String = "test-v1",
    shardCount: Int? = nil, onlyShards: Set<Int>? = nil, sharedCatalog: Bool = true, out: URL? = nil,
    hashImages: Bool = false, inputs: [String: String]? = nil, labelFiles: [LabelFileInfo] = []
  )
    throws -> (PrepPipeline<RecordingConversion>, RecordingConversion)
  {
    let conversion = RecordingConversion(frames: frames, images: images)
    var input = input
    input.outputOptions = outputOptions
    input.labelFiles = labelFiles
    // Input hashes by frame id: frames absent from `inputs` keep the default "v1".
    if let inputs { input.inputHashes = frames.map { inputs[$0.id] ?? "v1" } }
    let run = RunInfo(
      argv: ["test"], toolVersion: "test", gitCommit: nil, host: "localhost", startedAt: Date())
    var options = PipelineOptions(
      out: out ?? self.out, shardSize: shardSize, shardCount: shardCount,
      onlyShards: onlyShards, threads: threads, force: force, progress: .quiet,
      durable: false, run: run)
    options.sharedCatalog = sharedCatalog
    options.hashLinkedFiles = hashImages
    return (try PrepPipeline(input: input, conversion: conversion, options: options), conversion)
  }

  /// Every regular file under `out` except catalogs and markers, with its bytes.
  func outputFiles(in folder: URL? = nil) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    let root = (folder ?? out).path
    guard let walker = FileManager.default.enumerator(atPath: root) else { return files }
    for case let relative as String in walker {
      let name = (relative as NSString).lastPathComponent
      // Bookkeeping, not outputs: the catalog, shard markers and OUT's lock file.
      if name.hasPrefix("catalog.sqlite") || name == "_SUCCESS" || relative == ".lock" { continue }
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: "\(root)/\(relative)", isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(relative)")))
      }
    }
    return files
  }
}
