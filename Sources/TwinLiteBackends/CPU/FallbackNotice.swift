import Foundation
import TwinLiteCore

/// Says on stderr, once per process, which layers run on their second choice at this ISA (e.g. no
/// Winograd convolution below AVX-512), so a slower run on another machine is not a mystery.
enum FallbackNotice {
  nonisolated(unsafe) private static var said: Set<String> = []
  private static let lock = NSLock()

  static func report(_ fallbacks: [String]) {
    lock.lock()
    defer { lock.unlock() }
    for line in fallbacks where said.insert(line).inserted {
      StandardError.line("cpu backend (\(DNNLRuntime.isa)): \(line)")
    }
  }
}
