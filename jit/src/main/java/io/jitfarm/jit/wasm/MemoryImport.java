package io.jitfarm.jit.wasm;

import java.util.OptionalInt;

/**
 * The linear memory a module imports instead of defining, so the page that runs a kernel owns the
 * buffers (and can share one memory between worker threads).
 *
 * @param minPages  64 KiB pages the supplied memory must have at least
 * @param maxPages  the most pages the memory may grow to; required when shared
 * @param shared    whether the memory is a SharedArrayBuffer usable from several threads
 */
public record MemoryImport(String module, String name, int minPages, OptionalInt maxPages, boolean shared) {

    /** The 4 GiB a 32-bit memory can address. */
    public static final int MAX_PAGES = 65536;

    private static final int LIMITS_HAS_MAX = 0x01;
    private static final int LIMITS_SHARED = 0x02;
    private static final int IMPORT_KIND_MEMORY = 0x02;

    public MemoryImport {
        if (minPages < 0 || minPages > MAX_PAGES) {
            throw new IllegalArgumentException("minimum pages out of range: " + minPages);
        }
        maxPages.ifPresent(max -> {
            if (max < minPages || max > MAX_PAGES) {
                throw new IllegalArgumentException("maximum pages " + max + " not in [" + minPages + ", " + MAX_PAGES + "]");
            }
        });
        if (shared && maxPages.isEmpty()) {
            throw new IllegalArgumentException("a shared memory needs a maximum size");
        }
    }

    /** {@code env.memory}, unshared and without maximum. */
    public static MemoryImport env(int minPages) {
        return new MemoryImport("env", "memory", minPages, OptionalInt.empty(), false);
    }

    public MemoryImport withMaxPages(int max) {
        return new MemoryImport(module, name, minPages, OptionalInt.of(max), shared);
    }

    public MemoryImport asShared() {
        return new MemoryImport(module, name, minPages, maxPages, true);
    }

    void writeTo(ByteSink out) {
        out.name(module).name(name).u8(IMPORT_KIND_MEMORY);
        int flags = (maxPages.isPresent() ? LIMITS_HAS_MAX : 0) | (shared ? LIMITS_SHARED : 0);
        out.u8(flags).u32(minPages);
        maxPages.ifPresent(out::u32);
    }
}
