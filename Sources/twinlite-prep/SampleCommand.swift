import ArgumentParser
import Foundation
import TwinLitePrep

struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Write a synthetic BDD100K tree (JPEG road scenes + labels in all three JSON layouts).",
    discussion: """
      The tree looks like a BDD100K download: images/100k/{train,val}/*.jpg, \
      labels/100k/{train,val}/*.json (2018 per-image), labels/bdd100k_labels_images_{train,val}.json \
      (2018 aggregate), labels/drivable/polygons/drivable_{train,val}.json and \
      labels/lane/polygons/lane_{train,val}.json (2020). Each frame has a few vehicle and traffic-light \
      boxes (labels only, not drawn), in the 2018 layouts and in labels/det_20/det_{train,val}.json \
      (2020). Every fourth frame is val. Same seed, same bytes.
      """)

  @Argument(help: "Folder to write the tree into (created if missing).")
  var directory: String

  @Option(help: "Number of frames.")
  var frames: Int = 16

  @Option(help: "Seed of the scene generator.")
  var seed: UInt64 = 1

  @Option(help: "JPEG quality 1...100.")
  var quality: Int = 90

  @Flag(
    help: """
      Also write drivable PNG maps: labels/drivable/masks/{train,val}/NAME.png (2020 ids) and \
      drivable_maps/labels/{train,val}/NAME_drivable_id.png (2018 ids).
      """)
  var drivableMaps = false

  @Flag(help: "Print nothing on success.")
  var quiet = false

  func validate() throws {
    guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
    guard (1...100).contains(quality) else { throw ValidationError("--quality must be in 1...100") }
  }

  func run() throws {
    let summary: SampleSummary
    do {
      summary = try SampleGenerator.write(
        to: directory,
        options: SampleOptions(frames: frames, seed: seed, jpegQuality: quality, drivableMaps: drivableMaps))
    } catch {
      StandardError.line("twinlite-prep sample: \(error)")
      throw ExitCode(.failure)
    }
    if !quiet {
      print(
        "sample: wrote \(summary.trainFrames) train + \(summary.valFrames) val frames "
          + "(\(summary.files.count) files) to \(summary.root)")
    }
  }
}
