import Foundation

/// Locations of the shared reference material, read in place (never copied into the repo).
public enum Fixtures {
  /// The package root, found from this file's path (`Tests/_TwinLiteTestSupport/Fixtures.swift`).
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `../shared` beside the checkout.
  public static let shared: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

  public static func path(_ relative: String) -> String {
    shared.appendingPathComponent(relative).path
  }

  public static var sharedAvailable: Bool {
    FileManager.default.fileExists(atPath: shared.appendingPathComponent("README.md").path)
  }

  /// A fresh temporary directory for one test.
  public static func temporaryDirectory(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("twinlite-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
