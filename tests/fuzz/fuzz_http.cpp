// libFuzzer entry point for the request parsers; the checks live in fuzz_harness.cpp, which
// tst_fuzz_corpus also runs over the saved corpus. Build and run: run-libfuzzer.sh.

#include "fuzz_harness.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString violation = dispatch::fuzz::runOne(
        QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!violation.isEmpty()) {
        // abort() makes libFuzzer save the input as a crash artifact.
        std::fprintf(stderr, "fuzz invariant violated: %s\n", qPrintable(violation));
        std::abort();
    }
    return 0;
}
