// glibc's allocator settings (mallopt), which Glibc's Swift overlay does not import.
#include <malloc.h>
