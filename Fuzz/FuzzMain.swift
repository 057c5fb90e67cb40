// libFuzzer entry point; the target is chosen by TWINLITE_FUZZ_TARGET (see scripts/fuzz).
import Foundation

let fuzzTarget: FuzzEntry = {
  let name = ProcessInfo.processInfo.environment["TWINLITE_FUZZ_TARGET"] ?? ""
  guard let target = FuzzEntry(rawValue: name) else {
    let names = FuzzEntry.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("set TWINLITE_FUZZ_TARGET to one of: \(names)\n".utf8))
    exit(2)
  }
  return target
}()

let fuzzScratch = "/dev/shm/twinlite-fuzz-\(getpid()).json"
/// TWINLITE_FUZZ_REPORT=1 prints whether each input was accepted (to check seeds).
let fuzzReport = ProcessInfo.processInfo.environment["TWINLITE_FUZZ_REPORT"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let accepted = fuzzTarget.run(bytes, scratch: fuzzScratch)
  if fuzzReport {
    print("\(fuzzTarget.rawValue): \(bytes.count) bytes \(accepted ? "accepted" : "rejected")")
  }
  return 0
}
