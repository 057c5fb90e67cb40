import Foundation
import TwinLiteNN
import _TwinLiteTestSupport

// Byte builders (little-endian integers, zips, pickles) are `CheckpointBytes` in _TwinLiteTestSupport.

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
  let url = try Fixtures.temporaryDirectory("nn").appendingPathComponent(name)
  try Data(bytes).write(to: url)
  return url.path
}

/// The error thrown by `body`, which must throw a `CheckpointError`.
func checkpointError(_ body: () throws -> Void) -> CheckpointError? {
  do { try body() } catch let error as CheckpointError { return error } catch { return nil }
  return nil
}
