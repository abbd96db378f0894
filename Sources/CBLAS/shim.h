#include <cblas.h>
// OpenBLAS declares these in cblas.h; they let Ember pick the thread count per operation.
