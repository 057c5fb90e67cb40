#include <dnnl.h>

// Debian's oneDNN threads with GNU OpenMP (libgomp). Its entry points are declared here rather
// than through <omp.h>, which lives in GCC's private include directory.
void omp_set_num_threads(int num_threads);
int omp_get_max_threads(void);
int omp_get_thread_num(void);
int omp_get_num_threads(void);
// Runs fn(data) on a team of num_threads threads (0: the current thread's default) and waits.
// Element-wise kernels use it so they share oneDNN's thread team instead of a second pool.
void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);

#include "twinlite_kernels.h"
