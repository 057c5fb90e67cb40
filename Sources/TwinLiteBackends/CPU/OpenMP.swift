internal import CTwinLiteDNNL

/// The OpenMP runtime oneDNN threads with (GNU libgomp on Debian).
enum OpenMP {
  /// Thread count for parallel regions started from the calling thread (oneDNN reads it too).
  /// It is a per-thread setting in OpenMP, so the backend sets it before every run.
  static func setThreads(_ n: Int) { omp_set_num_threads(Int32(max(1, n))) }

  static var maxThreads: Int { Int(omp_get_max_threads()) }

  /// Runs `body(thread, threadCount)` on the OpenMP team and waits for all threads. Element-wise
  /// kernels use this team rather than a second thread pool, whose threads would compete with
  /// OpenMP's spinning workers on a 2-core machine.
  static func parallel(_ body: (Int, Int) -> Void) {
    withoutActuallyEscaping(body) { escaping in
      var context = escaping
      withUnsafeMutablePointer(to: &context) { pointer in
        GOMP_parallel({ raw in
          guard let raw else { return }
          let f = raw.assumingMemoryBound(to: ((Int, Int) -> Void).self).pointee
          f(Int(omp_get_thread_num()), Int(omp_get_num_threads()))
        }, pointer, 0, 0)
      }
    }
  }

  /// Splits `0..<count` into `parts` contiguous ranges and returns range `index`.
  static func slice(_ count: Int, _ index: Int, _ parts: Int) -> Range<Int> {
    (count * index / parts)..<(count * (index + 1) / parts)
  }
}
