#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file, so a 1 GB label file costs address space, not heap.
///
/// Pages are loaded on demand and dropped by the kernel under pressure; the bytes are never copied
/// into one `String` or `Data`.
package final class MappedFile: @unchecked Sendable {
  // @unchecked: the mapping is read-only and immutable after init.
  package let path: String
  package let bytes: UnsafeRawBufferPointer
  private let mapped: UnsafeMutableRawPointer?

  package init(path: String) throws(LabelError) {
    self.path = path
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw .unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw .unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    let size = Int(info.st_size)
    if size == 0 {
      mapped = nil
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
      throw .unreadable(file: path, reason: "mmap: " + String(cString: strerror(errno)))
    }
    // Label files are read front to back.
    _ = madvise(pointer, size, MADV_SEQUENTIAL)
    mapped = pointer
    bytes = UnsafeRawBufferPointer(start: pointer, count: size)
  }

  deinit {
    if let mapped { munmap(mapped, bytes.count) }
  }
}
